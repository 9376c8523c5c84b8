// Shared pieces of the 2D convolution operators (src/operators/convolution-nhwc*.c):
// parameter validation, kernel-type choice, weight reordering and the reshape
// logic, parameterized by data type so that every convolution2d_nhwc_* variant
// (QS8, QS8-QC8W, QU8, and later QD8) reuses them.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn.h"
#include "xqnn/operator.h"

#ifdef __cplusplus
extern "C" {
#endif

// The geometry arguments of xqnn_create_convolution2d_nhwc_*.
struct xqnn_convolution_params {
  uint32_t padding_top, padding_right, padding_bottom, padding_left;
  uint32_t kernel_height, kernel_width;
  uint32_t stride_height, stride_width;
  uint32_t dilation_height, dilation_width;
  uint32_t groups;
  size_t group_input_channels, group_output_channels;
  size_t input_pixel_stride, output_pixel_stride;
  uint32_t flags;
};

// Checks everything create can check about the geometry (zero sizes, strides
// shorter than the channels, overflowing products, effective kernel beyond
// 2^32 - 1, flags); logs one line and returns invalid_parameter on failure.
// On success, *kernel_elements = groups * group_output_channels * kh * kw * group_input_channels.
enum xqnn_status xqnn_check_convolution_params(
    enum xqnn_operator_type type, const struct xqnn_convolution_params* params,
    size_t* kernel_elements);

// Which kernel computes the convolution (decided at create; SAME padding of a
// 1x1 stride-1 kernel is always zero):
//   group_input_channels == group_output_channels == 1 and dwconv available -> dwconv
//   1x1, stride 1, no padding                                                -> gemm
//   otherwise                                                                -> igemm
enum xqnn_microkernel_type xqnn_choose_convolution_microkernel(
    const struct xqnn_convolution_params* params, bool dwconv_available);

// Copies the geometry into the operator.
void xqnn_store_convolution_params(xqnn_operator_t op, const struct xqnn_convolution_params* params);

// Kernel layout for gemm packing, [groups][goc][kh][kw][gic]: with
// XQNN_FLAG_DEPTHWISE_CONVOLUTION, reorders [kh][kw][groups * goc] (gic == 1)
// into *reordered (malloc'ed, caller frees) and returns it; otherwise returns
// `kernel`. `element_size` is 1 for int8 / uint8. NULL when out of memory.
const void* xqnn_convolution_gemm_kernel(
    const struct xqnn_convolution_params* params, const void* kernel, size_t element_size,
    void** reordered);

// What the reshape logic needs to know about a data type.
struct xqnn_convolution_type_info {
  uint32_t log2_input_size;   // log2 of the input element size
  uint32_t log2_output_size;  // log2 of the output element size
  // Padding: the zero buffer is filled with this byte (the input zero point).
  uint8_t zero_fill;
  // QD8: one zero row per image (xqnn_igemm_context.zero_batch_stride); the
  // caller fills it at setup.
  bool zero_per_image;
};

// Computes padding (explicit or TensorFlow SAME) and the output size, checks
// sizes (zero, overflow), (re)builds the zero and indirection buffers and
// fills op->context / op->compute for op->ukernel_type. On failure the
// operator returns to the created state.
enum xqnn_status xqnn_reshape_convolution2d_nhwc(
    xqnn_operator_t op, enum xqnn_operator_type type, const struct xqnn_convolution_type_info* info,
    size_t batch_size, size_t input_height, size_t input_width, size_t* output_height_out,
    size_t* output_width_out, pthreadpool_t threadpool);

// Binds input / output (QD8: quantization_params, else NULL).
enum xqnn_status xqnn_setup_convolution2d_nhwc(
    xqnn_operator_t op, enum xqnn_operator_type type, const void* input, void* output,
    const struct xqnn_quantization_params* quantization_params);

#ifdef __cplusplus
}  // extern "C"
#endif
