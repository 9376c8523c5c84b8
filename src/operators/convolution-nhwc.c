// 2D convolution, NHWC, for QS8, QS8-QC8W and QU8: create (validation,
// requantization scales, weight packing for the chosen kernel type) and the
// public entry points. Reshape and setup live in convolution-nhwc-common.c.
#include <stdlib.h>

#include "xqnn/convolution.h"
#include "xqnn/math.h"
#include "xqnn/packing.h"
#include "xqnn/quantized-weights.h"

static enum xqnn_status create_convolution(
    enum xqnn_operator_type type, const struct xqnn_convolution_params* params,
    const struct xqnn_quantized_weights* weights_in, xqnn_operator_t* op_out) {
  xqnn_operator_t op = NULL;
  struct xqnn_channel_requantization requantization = {NULL, NULL};
  void* reordered = NULL;
  struct xqnn_quantized_weights weights_copy = *weights_in;
  weights_copy.tflite_requantization = (params->flags & XQNN_FLAG_TFLITE_REQUANTIZATION) != 0;
  const struct xqnn_quantized_weights* weights = &weights_copy;
  enum xqnn_status status = xqnn_create_operator(type, op_out, &op);
  if (status != xqnn_status_success) return status;
  size_t kernel_elements;
  if ((status = xqnn_check_convolution_params(type, params, &kernel_elements)) != xqnn_status_success) {
    goto error;
  }
  const size_t channels = (size_t) params->groups * params->group_output_channels;
  status = xqnn_prepare_quantized_weights(type, weights, channels, kernel_elements, &requantization);
  if (status != xqnn_status_success) goto error;
  xqnn_init_quantized_gemm_params(op, weights, &requantization);

  const struct xqnn_dwconv_config* dwconv_config = xqnn_quantized_dwconv_config(weights);
  op->ukernel_type = xqnn_choose_convolution_microkernel(params, dwconv_config != NULL);
  const size_t kernel_size = (size_t) params->kernel_height * params->kernel_width;
  status = xqnn_status_out_of_memory;
  if (op->ukernel_type == xqnn_microkernel_type_dwconv) {
    const struct xqnn_dwconv_ukernel* ukernel = xqnn_choose_dwconv_ukernel(dwconv_config, kernel_size);
    const bool depthwise_layout = (params->flags & XQNN_FLAG_DEPTHWISE_CONVOLUTION) != 0;
    const struct xqnn_dwconv_packing packing = {
        .type = weights->type,
        .channels = channels,
        .kernel_height = params->kernel_height,
        .kernel_width = params->kernel_width,
        .channel_tile = ukernel->channel_tile,
        .kernel = weights->kernel,
        // [kh][kw][channels] or [channels][kh][kw]
        .kernel_channel_stride = depthwise_layout ? 1 : kernel_size,
        .kernel_tap_stride = depthwise_layout ? channels : 1,
        .bias = weights->bias,
        .scale = requantization.scales,
        .tflite_multipliers = requantization.tflite_multipliers,
        .input_zero_point = weights->input_zero_point,
        .kernel_zero_point = weights->kernel_zero_point,
    };
    op->dwconv_ukernel = ukernel;
    op->packed_weights_group_stride = xqnn_packed_dwconv_tile_size(&packing);
    op->packed_weights = xqnn_allocate_zero(xqnn_packed_dwconv_size(&packing));
    if (op->packed_weights == NULL) goto error;
    xqnn_pack_dwconv_weights(&packing, op->packed_weights);
  } else {
    const void* kernel = xqnn_convolution_gemm_kernel(params, weights->kernel, 1, &reordered);
    if (kernel == NULL) goto error;
    const struct xqnn_gemm_config* config = op->gemm_config;
    const struct xqnn_gemm_packing packing = {
        .type = weights->type,
        .groups = params->groups,
        .nc = params->group_output_channels,
        .ks = kernel_size,
        .kc = params->group_input_channels,
        .nr = config->nr,
        .kr = (size_t) 1 << config->log2_kr,
        .sr = (size_t) 1 << config->log2_sr,
        .input_offset = config->input_offset,
        .kernel = kernel,
        .bias = weights->bias,
        .scale = requantization.scales,
        .tflite_multipliers = requantization.tflite_multipliers,
        .input_zero_point = weights->input_zero_point,
        .kernel_zero_point = weights->kernel_zero_point,
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
  }
  xqnn_store_convolution_params(op, params);
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

#define CONVOLUTION_PARAMS                                                                    \
  {                                                                                           \
    .padding_top = input_padding_top, .padding_right = input_padding_right,                   \
    .padding_bottom = input_padding_bottom, .padding_left = input_padding_left,               \
    .kernel_height = kernel_height, .kernel_width = kernel_width,                             \
    .stride_height = subsampling_height, .stride_width = subsampling_width,                   \
    .dilation_height = dilation_height, .dilation_width = dilation_width, .groups = groups,    \
    .group_input_channels = group_input_channels,                                             \
    .group_output_channels = group_output_channels,                                           \
    .input_pixel_stride = input_channel_stride, .output_pixel_stride = output_channel_stride, \
    .flags = flags,                                                                           \
  }

enum xqnn_status xqnn_create_convolution2d_nhwc_qs8(
    uint32_t input_padding_top, uint32_t input_padding_right, uint32_t input_padding_bottom,
    uint32_t input_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t subsampling_height, uint32_t subsampling_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_channel_stride, size_t output_channel_stride,
    int8_t input_zero_point, float input_scale, float kernel_scale, const int8_t* kernel,
    const int32_t* bias, int8_t output_zero_point, float output_scale, int8_t output_min,
    int8_t output_max, uint32_t flags, xqnn_operator_t* convolution_op_out) {
  const struct xqnn_convolution_params params = CONVOLUTION_PARAMS;
  const struct xqnn_quantized_weights weights = {
      .type = xqnn_packed_weights_qs8_qc8w, .input_zero_point = input_zero_point,
      .input_scale = input_scale, .kernel_scale = kernel_scale, .kernel = kernel, .bias = bias,
      .output_zero_point = output_zero_point, .output_scale = output_scale,
      .output_min = output_min, .output_max = output_max};
  return create_convolution(xqnn_operator_type_convolution_nhwc_qs8, &params, &weights,
                            convolution_op_out);
}

enum xqnn_status xqnn_create_convolution2d_nhwc_qs8_qc8w(
    uint32_t input_padding_top, uint32_t input_padding_right, uint32_t input_padding_bottom,
    uint32_t input_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t subsampling_height, uint32_t subsampling_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_channel_stride, size_t output_channel_stride,
    int8_t input_zero_point, float input_scale, const float* kernel_scale, const int8_t* kernel,
    const int32_t* bias, int8_t output_zero_point, float output_scale, int8_t output_min,
    int8_t output_max, uint32_t flags, xqnn_operator_t* convolution_op_out) {
  const struct xqnn_convolution_params params = CONVOLUTION_PARAMS;
  const struct xqnn_quantized_weights weights = {
      .type = xqnn_packed_weights_qs8_qc8w, .input_zero_point = input_zero_point,
      .input_scale = input_scale, .per_channel = true, .kernel_scales = kernel_scale, .kernel = kernel, .bias = bias,
      .output_zero_point = output_zero_point, .output_scale = output_scale,
      .output_min = output_min, .output_max = output_max};
  return create_convolution(xqnn_operator_type_convolution_nhwc_qs8_qc8w, &params, &weights,
                            convolution_op_out);
}

enum xqnn_status xqnn_create_convolution2d_nhwc_qu8(
    uint32_t input_padding_top, uint32_t input_padding_right, uint32_t input_padding_bottom,
    uint32_t input_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t subsampling_height, uint32_t subsampling_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_channel_stride, size_t output_channel_stride,
    uint8_t input_zero_point, float input_scale, uint8_t kernel_zero_point, float kernel_scale,
    const uint8_t* kernel, const int32_t* bias, uint8_t output_zero_point, float output_scale,
    uint8_t output_min, uint8_t output_max, uint32_t flags, xqnn_operator_t* convolution_op_out) {
  const struct xqnn_convolution_params params = CONVOLUTION_PARAMS;
  const struct xqnn_quantized_weights weights = {
      .type = xqnn_packed_weights_qu8, .input_zero_point = input_zero_point,
      .input_scale = input_scale, .kernel_zero_point = kernel_zero_point,
      .kernel_scale = kernel_scale, .kernel = kernel, .bias = bias,
      .output_zero_point = output_zero_point, .output_scale = output_scale,
      .output_min = output_min, .output_max = output_max};
  return create_convolution(xqnn_operator_type_convolution_nhwc_qu8, &params, &weights,
                            convolution_op_out);
}

#define DEFINE_RESHAPE_SETUP(suffix, type, ctype)                                               \
  enum xqnn_status xqnn_reshape_convolution2d_nhwc_##suffix(                                    \
      xqnn_operator_t convolution_op, size_t batch_size, size_t input_height,                   \
      size_t input_width, size_t* output_height_out, size_t* output_width_out,                  \
      pthreadpool_t threadpool) {                                                               \
    const struct xqnn_convolution_type_info info = {                                            \
        .log2_input_size = 0, .log2_output_size = 0,                                            \
        .zero_fill = convolution_op != NULL ? (uint8_t) convolution_op->input_zero_point : 0,   \
        .zero_per_image = false};                                                               \
    return xqnn_reshape_convolution2d_nhwc(convolution_op, type, &info, batch_size,             \
                                           input_height, input_width, output_height_out,        \
                                           output_width_out, threadpool);                       \
  }                                                                                             \
  enum xqnn_status xqnn_setup_convolution2d_nhwc_##suffix(                                      \
      xqnn_operator_t convolution_op, const ctype* input, ctype* output) {                      \
    return xqnn_setup_convolution2d_nhwc(convolution_op, type, input, output, NULL);            \
  }

DEFINE_RESHAPE_SETUP(qs8, xqnn_operator_type_convolution_nhwc_qs8, int8_t)
DEFINE_RESHAPE_SETUP(qs8_qc8w, xqnn_operator_type_convolution_nhwc_qs8_qc8w, int8_t)
DEFINE_RESHAPE_SETUP(qu8, xqnn_operator_type_convolution_nhwc_qu8, uint8_t)
