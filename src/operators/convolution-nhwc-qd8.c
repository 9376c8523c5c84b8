// 2D convolution, NHWC, with dynamically quantized input (QD8-F32-QC8W and
// QD8-F16-QC8W): one xqnn_quantization_params per batch image, int8
// per-channel weights, float bias, f32 / fp16 output. Geometry, indirection,
// reshape and setup are the shared ones of convolution-nhwc-common.c.
//
// Always igemm (never dwconv, never the 1x1 gemm path: gemm reads one
// quantization_params entry per row of A, but QD8 convolution has one per
// image). Padding behaves as a real 0.0 input whatever the image's zero
// point: every image has its own zero row, filled with its zero point by a
// first compute step at each run (so it follows the parameters the converter
// writes at run time), and its own copy of the indirection buffer whose
// padding entries point at that row; (zero_point - zero_point) * w adds
// exactly 0 to the accumulator.
#include <stdlib.h>

#include "xqnn/convolution.h"
#include "xqnn/math.h"
#include "xqnn/packing.h"
#include "xqnn/quantized-weights.h"

static bool is_f16(enum xqnn_operator_type type) {
  return type == xqnn_operator_type_convolution_nhwc_qd8_f16_qc8w;
}

static enum xqnn_status create_convolution_qd8(
    enum xqnn_operator_type type, const struct xqnn_convolution_params* params,
    const float* kernel_scale, const int8_t* kernel, const float* bias, float output_min,
    float output_max, xqnn_operator_t* op_out) {
  xqnn_operator_t op = NULL;
  void* reordered = NULL;
  enum xqnn_status status = xqnn_create_operator(type, op_out, &op);
  if (status != xqnn_status_success) return status;
  size_t kernel_elements;
  if ((status = xqnn_check_convolution_params(type, params, &kernel_elements)) != xqnn_status_success) {
    goto error;
  }
  const size_t channels = (size_t) params->groups * params->group_output_channels;
  status = xqnn_check_qd8_weights(type, channels, kernel_elements, kernel_scale, kernel,
                                  output_min, output_max, &op->gemm_params.f32);
  if (status != xqnn_status_success) goto error;
  op->gemm_config = is_f16(type) ? xqnn_get_qd8_f16_qc8w_gemm_config()
                                 : xqnn_get_qd8_f32_qc8w_gemm_config();
  op->ukernel_type = xqnn_microkernel_type_igemm;

  status = xqnn_status_out_of_memory;
  const void* gemm_kernel = xqnn_convolution_gemm_kernel(params, kernel, 1, &reordered);
  if (gemm_kernel == NULL) goto error;
  const struct xqnn_gemm_config* config = op->gemm_config;
  const struct xqnn_gemm_packing packing = {
      .type = xqnn_packed_weights_qd8,
      .groups = params->groups,
      .nc = params->group_output_channels,
      .ks = (size_t) params->kernel_height * params->kernel_width,
      .kc = params->group_input_channels,
      .nr = config->nr,
      .kr = (size_t) 1 << config->log2_kr,
      .sr = (size_t) 1 << config->log2_sr,
      .kernel = gemm_kernel,
      .float_bias = bias,
      .scale = kernel_scale,
  };
  op->packed_weights_group_stride = xqnn_packed_gemm_group_size(&packing);
  size_t packed_size;
  if (!xqnn_mul_sz(params->groups, op->packed_weights_group_stride, &packed_size)) {
    xqnn_log_error("create %s: packed weights size overflows", xqnn_operator_type_name(type));
    status = xqnn_status_invalid_parameter;
    goto error;
  }
  op->packed_weights = xqnn_allocate_zero(packed_size);
  if (op->packed_weights == NULL) goto error;
  xqnn_pack_gemm_weights(&packing, op->packed_weights);
  xqnn_store_convolution_params(op, params);
  free(reordered);
  *op_out = op;
  return xqnn_status_success;

error:
  free(reordered);
  xqnn_delete_operator(op);
  return status;
}

static enum xqnn_status reshape_convolution_qd8(
    xqnn_operator_t op, enum xqnn_operator_type type, size_t batch_size, size_t input_height,
    size_t input_width, size_t* output_height_out, size_t* output_width_out,
    pthreadpool_t threadpool) {
  const struct xqnn_convolution_type_info info = {
      .log2_input_size = 0,
      .log2_output_size = is_f16(type) ? 1 : 2,
      .zero_fill = 0,  // replaced by each image's zero point at run time
      .zero_per_image = true,
  };
  const enum xqnn_status status = xqnn_reshape_convolution2d_nhwc(
      op, type, &info, batch_size, input_height, input_width, output_height_out,
      output_width_out, threadpool);
  if (status != xqnn_status_success || op->state != xqnn_operator_state_needs_setup) return status;
  // Fill the zero rows first, then the igemm.
  op->compute[1] = op->compute[0];
  op->compute[0] = (struct xqnn_compute){
      .type = xqnn_parallelization_1d_tile_1d,
      .task_1d_tile_1d = xqnn_compute_qd8_fill_zero,
      .context = &op->context.igemm,
      .range = {batch_size},
      .tile = {1},
  };
  op->num_computes = 2;
  return xqnn_status_success;
}

static enum xqnn_status setup_convolution_qd8(
    xqnn_operator_t op, enum xqnn_operator_type type, const int8_t* input, void* output,
    const struct xqnn_quantization_params* quantization_params) {
  if (op != NULL && op->type == type && op->state != xqnn_operator_state_created &&
      op->state != xqnn_operator_state_skip && quantization_params == NULL) {
    xqnn_log_error("setup %s: quantization_params must not be NULL", xqnn_operator_type_name(type));
    return xqnn_status_invalid_parameter;
  }
  return xqnn_setup_convolution2d_nhwc(op, type, input, output, quantization_params);
}

static struct xqnn_convolution_params convolution_params(
    uint32_t padding_top, uint32_t padding_right, uint32_t padding_bottom, uint32_t padding_left,
    uint32_t kernel_height, uint32_t kernel_width, uint32_t subsampling_height,
    uint32_t subsampling_width, uint32_t dilation_height, uint32_t dilation_width,
    uint32_t groups, size_t group_input_channels, size_t group_output_channels,
    size_t input_channel_stride, size_t output_channel_stride, uint32_t flags) {
  return (struct xqnn_convolution_params){
      .padding_top = padding_top, .padding_right = padding_right,
      .padding_bottom = padding_bottom, .padding_left = padding_left,
      .kernel_height = kernel_height, .kernel_width = kernel_width,
      .stride_height = subsampling_height, .stride_width = subsampling_width,
      .dilation_height = dilation_height, .dilation_width = dilation_width, .groups = groups,
      .group_input_channels = group_input_channels,
      .group_output_channels = group_output_channels,
      .input_pixel_stride = input_channel_stride, .output_pixel_stride = output_channel_stride,
      .flags = flags,
  };
}

#define DEFINE_QD8_CONVOLUTION(suffix, type, output_type)                                         \
  enum xqnn_status xqnn_create_convolution2d_nhwc_##suffix(                                       \
      uint32_t input_padding_top, uint32_t input_padding_right, uint32_t input_padding_bottom,    \
      uint32_t input_padding_left, uint32_t kernel_height, uint32_t kernel_width,                 \
      uint32_t subsampling_height, uint32_t subsampling_width, uint32_t dilation_height,          \
      uint32_t dilation_width, uint32_t groups, size_t group_input_channels,                      \
      size_t group_output_channels, size_t input_channel_stride, size_t output_channel_stride,    \
      const float* kernel_scale, const int8_t* kernel, const float* bias, float output_min,       \
      float output_max, uint32_t flags, xqnn_operator_t* convolution_op_out) {                    \
    const struct xqnn_convolution_params params = convolution_params(                             \
        input_padding_top, input_padding_right, input_padding_bottom, input_padding_left,         \
        kernel_height, kernel_width, subsampling_height, subsampling_width, dilation_height,      \
        dilation_width, groups, group_input_channels, group_output_channels,                      \
        input_channel_stride, output_channel_stride, flags);                                      \
    return create_convolution_qd8(type, &params, kernel_scale, kernel, bias, output_min,          \
                                  output_max, convolution_op_out);                                \
  }                                                                                               \
  enum xqnn_status xqnn_reshape_convolution2d_nhwc_##suffix(                                      \
      xqnn_operator_t convolution_op, size_t batch_size, size_t input_height, size_t input_width, \
      size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool) {            \
    return reshape_convolution_qd8(convolution_op, type, batch_size, input_height, input_width,   \
                                   output_height_out, output_width_out, threadpool);              \
  }                                                                                               \
  enum xqnn_status xqnn_setup_convolution2d_nhwc_##suffix(                                        \
      xqnn_operator_t convolution_op, const int8_t* input, output_type* output,                   \
      const struct xqnn_quantization_params* quantization_params) {                               \
    return setup_convolution_qd8(convolution_op, type, input, output, quantization_params);       \
  }

DEFINE_QD8_CONVOLUTION(qd8_f32_qc8w, xqnn_operator_type_convolution_nhwc_qd8_f32_qc8w, float)
DEFINE_QD8_CONVOLUTION(qd8_f16_qc8w, xqnn_operator_type_convolution_nhwc_qd8_f16_qc8w, void)
