// Validation shared by QS8 / QS8-QC8W / QU8 fully-connected, convolution and
// deconvolution create functions.
#include "xqnn/quantized-weights.h"

#include <fp16.h>

#include "xqnn/math.h"
#include "xqnn/requantization.h"

enum xqnn_status xqnn_prepare_quantized_weights(
    enum xqnn_operator_type type, const struct xqnn_quantized_weights* w, size_t channels,
    size_t kernel_elements, float* requantization_scales) {
  const char* name = xqnn_operator_type_name(type);
  enum xqnn_status status;
  if ((status = xqnn_check_positive_finite_scale(type, "input scale", w->input_scale)) != xqnn_status_success) return status;
  if ((status = xqnn_check_positive_finite_scale(type, "output scale", w->output_scale)) != xqnn_status_success) return status;
  if ((status = xqnn_check_output_range(type, w->output_min, w->output_max)) != xqnn_status_success) return status;
  if (w->kernel == NULL) {
    xqnn_log_error("create %s: kernel is NULL", name);
    return xqnn_status_invalid_parameter;
  }
  const bool per_channel = w->per_channel;
  if (per_channel && w->kernel_scales == NULL) {
    xqnn_log_error("create %s: kernel_scale is NULL", name);
    return xqnn_status_invalid_parameter;
  }
  for (size_t c = 0; c < (per_channel ? channels : 1); c++) {
    const float kernel_scale = per_channel ? w->kernel_scales[c] : w->kernel_scale;
    if ((status = xqnn_check_positive_finite_scale(type, "kernel scale", kernel_scale)) != xqnn_status_success) {
      return status;
    }
    const float scale = xqnn_fp32_requantization_scale(w->input_scale, kernel_scale, w->output_scale);
    if (!xqnn_is_valid_requantization_scale(scale)) {
      xqnn_log_error("create %s: requantization scale %g (input * kernel / output, channel %zu) "
                     "must be in [2^-32, 256)", name, (double) scale, c);
      return xqnn_status_unsupported_parameter;
    }
    requantization_scales[c] = scale;
  }
  if (!per_channel && w->type == xqnn_packed_weights_qs8_qc8w) {
    for (size_t c = 1; c < channels; c++) requantization_scales[c] = requantization_scales[0];
  }
  if (w->type == xqnn_packed_weights_qs8_qc8w) {
    const int8_t* kernel = w->kernel;
    for (size_t i = 0; i < kernel_elements; i++) {
      if (kernel[i] == INT8_MIN) {
        xqnn_log_error("create %s: kernel element %zu is -128; int8 weights must be in [-127, 127]",
                       name, i);
        return xqnn_status_invalid_parameter;
      }
    }
  }
  return xqnn_status_success;
}

void xqnn_init_quantized_gemm_params(
    xqnn_operator_t op, const struct xqnn_quantized_weights* w, const float* requantization_scales) {
  if (w->type == xqnn_packed_weights_qu8) {
    xqnn_init_qu8_conv_minmax_fp32_scalar_params(
        &op->gemm_params.qu8, (uint8_t) w->kernel_zero_point, requantization_scales[0],
        (uint8_t) w->output_zero_point, (uint8_t) w->output_min, (uint8_t) w->output_max);
    op->gemm_config = xqnn_get_qu8_gemm_config();
  } else {
    xqnn_init_qs8_qc8w_conv_minmax_fp32_scalar_params(
        &op->gemm_params.qs8, (int8_t) w->output_zero_point, (int8_t) w->output_min,
        (int8_t) w->output_max);
    op->gemm_config = xqnn_get_qs8_qc8w_gemm_config();
  }
  op->input_zero_point = w->input_zero_point;
  op->kernel_zero_point = w->kernel_zero_point;
}

// ---- QD8 ----

enum xqnn_status xqnn_check_qd8_weights(
    enum xqnn_operator_type type, size_t channels, size_t kernel_elements,
    const float* kernel_scale, const int8_t* kernel, float output_min, float output_max,
    struct xqnn_f32_minmax_params* params) {
  const char* name = xqnn_operator_type_name(type);
  enum xqnn_status status;
  if (kernel_scale == NULL) {
    xqnn_log_error("create %s: kernel_scale is NULL", name);
    return xqnn_status_invalid_parameter;
  }
  if (kernel == NULL) {
    xqnn_log_error("create %s: kernel is NULL", name);
    return xqnn_status_invalid_parameter;
  }
  for (size_t c = 0; c < channels; c++) {
    if ((status = xqnn_check_positive_finite_scale(type, "kernel scale", kernel_scale[c])) != xqnn_status_success) {
      return status;
    }
  }
  for (size_t i = 0; i < kernel_elements; i++) {
    if (kernel[i] == INT8_MIN) {
      xqnn_log_error("create %s: kernel element %zu is -128; int8 weights must be in [-127, 127]",
                     name, i);
      return xqnn_status_invalid_parameter;
    }
  }
  if (output_min != output_min || output_max != output_max) {
    xqnn_log_error("create %s: output_min %g and output_max %g must not be NaN", name,
                   (double) output_min, (double) output_max);
    return xqnn_status_invalid_parameter;
  }
  if (output_min > output_max) {
    xqnn_log_error("create %s: output_min %g must not exceed output_max %g", name,
                   (double) output_min, (double) output_max);
    return xqnn_status_invalid_parameter;
  }
  const bool f16 = type == xqnn_operator_type_fully_connected_nc_qd8_f16_qc8w ||
                   type == xqnn_operator_type_convolution_nhwc_qd8_f16_qc8w ||
                   type == xqnn_operator_type_deconvolution_nhwc_qd8_f16_qc8w;
  if (f16) {
    // Rounding is monotonic, so min <= max still holds.
    output_min = fp16_ieee_to_fp32_value(fp16_ieee_from_fp32_value(output_min));
    output_max = fp16_ieee_to_fp32_value(fp16_ieee_from_fp32_value(output_max));
  }
  params->min = output_min;
  params->max = output_max;
  return xqnn_status_success;
}
