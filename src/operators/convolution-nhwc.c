// 2D convolution, NHWC, for every data type: create (the common steps of
// convolution.h, then weight packing for the chosen kernel family) and the
// public entry points. Reshape and setup live in convolution-nhwc-common.c.
//
// QD8-F32-QC8W / QD8-F16-QC8W (dynamically quantized input, one
// xqnn_quantization_params per batch image, int8 per-channel weights, float
// bias, f32 / fp16 output) always run as igemm (never dwconv, never the 1x1
// gemm path: gemm reads one quantization_params entry per row of A, but QD8
// convolution has one per image). Padding behaves as a real 0.0 input
// whatever the image's zero point: every image has its own zero row, filled
// with its zero point by a first compute step at each run (so it follows the
// parameters the converter writes at run time), and its own copy of the
// indirection buffer whose padding entries point at that row;
// (zero_point - zero_point) * w adds exactly 0 to the accumulator.
#include <stdlib.h>

#include "xqnn/convolution.h"
#include "xqnn/math.h"
#include "xqnn/packing.h"
#include "xqnn/quantized-weights.h"

#define SUPPORTED_FLAGS (XQNN_FLAG_DEPTHWISE_CONVOLUTION | XQNN_FLAG_TENSORFLOW_SAME_PADDING)

// The dwconv layout of the weights, for the micro-kernel chosen at create.
static enum xqnn_status pack_dwconv_weights(
    xqnn_operator_t op, const struct xqnn_quantized_weights* weights,
    const struct xqnn_channel_requantization* requantization) {
  const struct xqnn_convolution_geometry* g = &op->geometry;
  const size_t channels = (size_t) g->groups * g->group_output_channels;
  const size_t kernel_size = (size_t) g->kernel_height * g->kernel_width;
  const bool depthwise_layout = (g->flags & XQNN_FLAG_DEPTHWISE_CONVOLUTION) != 0;
  const struct xqnn_dwconv_packing packing = {
      .type = op->variant->packed_weights,
      .channels = channels,
      .kernel_height = g->kernel_height,
      .kernel_width = g->kernel_width,
      .channel_tile = op->dwconv_ukernel->channel_tile,
      .pair_lanes = op->dwconv_ukernel->pair_lanes,
      .quad_lanes = op->dwconv_ukernel->quad_lanes,
      .kernel = weights->kernel,
      // [kh][kw][channels] or [channels][kh][kw]
      .kernel_channel_stride = depthwise_layout ? 1 : kernel_size,
      .kernel_tap_stride = depthwise_layout ? channels : 1,
      .bias = weights->bias,
      .scale = requantization->scales,
      .tflite_multipliers = requantization->tflite_multipliers,
      .input_zero_point = weights->input_zero_point,
      .kernel_zero_point = weights->kernel_zero_point,
  };
  op->packed_weights_group_stride = xqnn_packed_dwconv_tile_size(&packing);
  op->packed_weights = xqnn_allocate_zero(xqnn_packed_dwconv_size(&packing));
  if (op->packed_weights == NULL) return xqnn_status_out_of_memory;
  xqnn_pack_dwconv_weights(&packing, op->packed_weights);
  return xqnn_status_success;
}

static enum xqnn_status create(
    enum xqnn_operator_type type, const struct xqnn_convolution_geometry geometry,
    const struct xqnn_quantized_weights weights, xqnn_operator_t* op_out) {
  xqnn_operator_t op = NULL;
  struct xqnn_channel_requantization requantization;
  void* reordered = NULL;
  enum xqnn_status status = xqnn_create_weighted_operator(
      type, &geometry, SUPPORTED_FLAGS, &weights, op_out, &op, &requantization);
  if (status != xqnn_status_success) goto error;
  if (op->ukernel_type == xqnn_microkernel_type_dwconv) {
    status = pack_dwconv_weights(op, &weights, &requantization);
  } else {
    status = xqnn_status_out_of_memory;
    const void* kernel = xqnn_convolution_gemm_kernel(&geometry, weights.kernel, 1, &reordered);
    if (kernel != NULL) status = xqnn_pack_operator_gemm_weights(op, &weights, &requantization, kernel);
  }
  if (status != xqnn_status_success) goto error;
  xqnn_release_channel_requantization(&requantization);
  free(reordered);
  *op_out = op;
  return xqnn_status_success;

error:
  xqnn_release_channel_requantization(&requantization);
  free(reordered);
  xqnn_delete_operator(op);
  return status;
}

XQNN_DEFINE_WEIGHTED_CREATE(convolution2d_nhwc, convolution_nhwc,
                            XQNN_CONVOLUTION_GEOMETRY_PARAMETERS, XQNN_CONVOLUTION_GEOMETRY,
                            create)
XQNN_DEFINE_WEIGHTED_SETUP(convolution2d_nhwc, convolution_nhwc, xqnn_setup_convolution2d_nhwc)

#define DEFINE_RESHAPE(suffix, type)                                                            \
  enum xqnn_status xqnn_reshape_convolution2d_nhwc_##suffix(                                    \
      xqnn_operator_t convolution_op, size_t batch_size, size_t input_height,                   \
      size_t input_width, size_t* output_height_out, size_t* output_width_out,                  \
      pthreadpool_t threadpool) {                                                               \
    return xqnn_reshape_convolution2d_nhwc(convolution_op, type, batch_size, input_height,      \
                                           input_width, output_height_out, output_width_out,    \
                                           threadpool);                                         \
  }

DEFINE_RESHAPE(qs8, xqnn_operator_type_convolution_nhwc_qs8)
DEFINE_RESHAPE(qs8_qc8w, xqnn_operator_type_convolution_nhwc_qs8_qc8w)
DEFINE_RESHAPE(qu8, xqnn_operator_type_convolution_nhwc_qu8)
DEFINE_RESHAPE(qd8_f32_qc8w, xqnn_operator_type_convolution_nhwc_qd8_f32_qc8w)
DEFINE_RESHAPE(qd8_f16_qc8w, xqnn_operator_type_convolution_nhwc_qd8_f16_qc8w)
DEFINE_RESHAPE(qs16_qc8w, xqnn_operator_type_convolution_nhwc_qs16_qc8w)
