// Shared pieces of the convolution-like operators (src/operators/convolution-nhwc*.c,
// deconvolution-nhwc.c, fully-connected-nc.c): geometry validation, weight
// reordering, the reshape logic of convolution and the gemm compute of
// convolution and fully connected, for every data type (op->variant).
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn.h"
#include "xqnn/operator.h"
#include "xqnn/operator-variants.h"

#ifdef __cplusplus
extern "C" {
#endif

// The leading (geometry) parameters of xqnn_create_convolution2d_nhwc_* and
// xqnn_create_deconvolution2d_nhwc_* (include/xqnn.h: input padding and
// subsampling for convolution, output padding and stride for
// deconvolution), and the geometry made of them.
#define XQNN_CONVOLUTION_GEOMETRY_PARAMETERS                                                    \
  uint32_t padding_top, uint32_t padding_right, uint32_t padding_bottom, uint32_t padding_left, \
      uint32_t kernel_height, uint32_t kernel_width, uint32_t stride_height,                    \
      uint32_t stride_width, uint32_t dilation_height, uint32_t dilation_width, uint32_t groups, \
      size_t group_input_channels, size_t group_output_channels, size_t input_pixel_stride,     \
      size_t output_pixel_stride
#define XQNN_CONVOLUTION_GEOMETRY                                                               \
  ((struct xqnn_convolution_geometry){                                                          \
      .padding_top = padding_top, .padding_right = padding_right,                               \
      .padding_bottom = padding_bottom, .padding_left = padding_left,                           \
      .kernel_height = kernel_height, .kernel_width = kernel_width,                             \
      .stride_height = stride_height, .stride_width = stride_width,                             \
      .dilation_height = dilation_height, .dilation_width = dilation_width, .groups = groups,    \
      .group_input_channels = group_input_channels,                                             \
      .group_output_channels = group_output_channels,                                           \
      .input_pixel_stride = input_pixel_stride, .output_pixel_stride = output_pixel_stride,     \
      .flags = flags})

// Checks everything create can check about the geometry of operator type
// `type` (zero sizes, strides shorter than the channels, overflowing
// products, effective kernel beyond 2^32 - 1, flags outside
// `operator_flags` | the data type's flags); logs one line and returns
// invalid_parameter on failure. On success, *kernel_elements = groups *
// group_output_channels * kh * kw * group_input_channels.
enum xqnn_status xqnn_check_convolution_geometry(
    enum xqnn_operator_type type, const struct xqnn_convolution_geometry* geometry,
    uint32_t operator_flags, size_t* kernel_elements);

// Padding and output size of a 2D sliding window (convolution, max pooling;
// DESIGN.md section 8): explicit padding, or TensorFlow SAME padding with
// XQNN_FLAG_TENSORFLOW_SAME_PADDING in g->flags (explicit padding ignored).
// The effective kernel (kernel - 1) * dilation + 1 must fit uint32_t (checked
// at create). False, with an error message naming `name`, when the padded
// input is smaller than the effective kernel in either dimension.
bool xqnn_window_output_size(const char* name, const struct xqnn_convolution_geometry* g, size_t input_height,
                             size_t input_width, size_t* pad_top, size_t* pad_left, size_t* output_height,
                             size_t* output_width);

// The first steps of every create of fully connected, convolution and
// deconvolution: allocates the operator of `type` into *op (see
// xqnn_create_operator), looks up its variant, checks `geometry` (as
// above) and stores it, checks the weights and fills the kernel parameters
// (xqnn_prepare_quantized_weights; `requantization` must be released by the
// caller, also on failure) and chooses the kernels (op->ukernel_type,
// gemm_config, dwconv_ukernel). On failure *op may hold an operator to delete.
enum xqnn_status xqnn_create_weighted_operator(
    enum xqnn_operator_type type, const struct xqnn_convolution_geometry* geometry,
    uint32_t operator_flags, const struct xqnn_quantized_weights* weights,
    const xqnn_operator_t* op_out, xqnn_operator_t* op,
    struct xqnn_channel_requantization* requantization);

// The kernel query of a created operator (m = 0, no adjustment).
struct xqnn_kernel_query xqnn_operator_kernel_query(const struct xqnn_operator* op);

// Packs the whole kernel ([groups][goc][kh * kw][gic], `kernel`) for
// op->gemm_config into op->packed_weights (op->packed_weights_group_stride per group).
enum xqnn_status xqnn_pack_operator_gemm_weights(
    xqnn_operator_t op, const struct xqnn_quantized_weights* weights,
    const struct xqnn_channel_requantization* requantization, const void* kernel);

// Kernel layout for gemm packing, [groups][goc][kh][kw][gic]: with
// XQNN_FLAG_DEPTHWISE_CONVOLUTION, reorders [kh][kw][groups * goc] (gic == 1)
// into *reordered (malloc'ed, caller frees) and returns it; otherwise returns
// `kernel`. `element_size` is 1 for int8 / uint8. NULL when out of memory.
const void* xqnn_convolution_gemm_kernel(
    const struct xqnn_convolution_geometry* geometry, const void* kernel, size_t element_size,
    void** reordered);

// Fills op->context.gemm and op->compute[0] for a gemm over `groups` x `m`
// rows of op->geometry's channels on the packed weights `w` (group_stride
// bytes per group); a_stride / cm_stride are bytes between rows.
void xqnn_init_gemm_compute(
    xqnn_operator_t op, const struct xqnn_kernel_choice* kernels, const void* w, size_t group_stride,
    size_t groups, size_t m, size_t a_stride, size_t cm_stride, size_t num_threads);

// Computes padding (explicit or TensorFlow SAME) and the output size, checks
// sizes (zero, overflow), (re)builds the zero and indirection buffers and
// fills op->context / op->compute for op->ukernel_type. On failure the
// operator returns to the created state.
enum xqnn_status xqnn_reshape_convolution2d_nhwc(
    xqnn_operator_t op, enum xqnn_operator_type type, size_t batch_size, size_t input_height,
    size_t input_width, size_t* output_height_out, size_t* output_width_out,
    pthreadpool_t threadpool);

// QD8: makes the operator's (one) compute step second, after `fill_zero`
// (xqnn_compute_qd8_fill_zero*, over `context`), which fills each image's
// zero row from its zero point at run time.
void xqnn_prepend_qd8_zero_fill(
    xqnn_operator_t op, pthreadpool_task_1d_tile_1d_t fill_zero, void* context, size_t batch_size);

// Binds input / output (QD8: quantization_params, required; else NULL).
enum xqnn_status xqnn_setup_convolution2d_nhwc(
    xqnn_operator_t op, enum xqnn_operator_type type, const void* input, void* output,
    const struct xqnn_quantization_params* quantization_params);

// setup's pointer check of fully connected, convolution and deconvolution:
// input, output, and for QD8 the quantization parameters.
enum xqnn_status xqnn_check_weighted_setup(
    xqnn_operator_t op, enum xqnn_operator_type type, const void* input, const void* output,
    const struct xqnn_quantization_params* quantization_params);

#ifdef __cplusplus
}  // extern "C"
#endif
