// Validation shared by QS8 / QS8-QC8W / QU8 fully-connected, convolution and
// deconvolution create functions.
#include "xqnn/quantized-weights.h"

#include <stdlib.h>

#include <fp16.h>

#include "xqnn/config.h"

#include "xqnn/math.h"
#include "xqnn/requantization.h"

// TFLite's real multiplier: QU8 operators and the per-tensor QS8
// fully-connected one form input * kernel scale in float first
// (GetQuantizedConvolutionMultipler); the others compute all in double
// (PopulateConvolutionQuantizationParams, per-channel fully-connected).
static double tflite_real_multiplier(enum xqnn_operator_type type, const struct xqnn_quantized_weights* w,
                                     float kernel_scale) {
  if (w->type == xqnn_packed_weights_qu8 || type == xqnn_operator_type_fully_connected_nc_qs8) {
    return (double) (w->input_scale * kernel_scale) / (double) w->output_scale;
  }
  return (double) w->input_scale * (double) kernel_scale / (double) w->output_scale;
}

enum xqnn_status xqnn_prepare_quantized_weights(
    enum xqnn_operator_type type, const struct xqnn_quantized_weights* w, size_t channels,
    size_t kernel_elements, struct xqnn_channel_requantization* rq) {
  const char* name = xqnn_operator_type_name(type);
  rq->scales = NULL;
  rq->tflite_multipliers = NULL;
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
  if (w->tflite_requantization) {
    rq->tflite_multipliers = malloc(channels * sizeof(struct xqnn_tflite_multiplier));
    if (rq->tflite_multipliers == NULL) return xqnn_status_out_of_memory;
  } else {
    rq->scales = malloc(channels * sizeof(float));
    if (rq->scales == NULL) return xqnn_status_out_of_memory;
  }
  for (size_t c = 0; c < (per_channel ? channels : 1); c++) {
    const float kernel_scale = per_channel ? w->kernel_scales[c] : w->kernel_scale;
    if ((status = xqnn_check_positive_finite_scale(type, "kernel scale", kernel_scale)) != xqnn_status_success) {
      return status;
    }
    if (w->tflite_requantization) {
      const double r = tflite_real_multiplier(type, w, kernel_scale);
      if (!xqnn_tflite_quantize_multiplier(r, &rq->tflite_multipliers[c])) {
        xqnn_log_error("create %s: TFLite requantization multiplier %g (input * kernel / output, "
                       "channel %zu) must be in [2^-32, 256)", name, r, c);
        return xqnn_status_unsupported_parameter;
      }
      continue;
    }
    const float scale = xqnn_fp32_requantization_scale(w->input_scale, kernel_scale, w->output_scale);
    if (!xqnn_is_valid_requantization_scale(scale)) {
      xqnn_log_error("create %s: requantization scale %g (input * kernel / output, channel %zu) "
                     "must be in [2^-32, 256)", name, (double) scale, c);
      return xqnn_status_unsupported_parameter;
    }
    rq->scales[c] = scale;
  }
  if (!per_channel) {
    // Kernels read one multiplier per channel; fp32 QU8 kernels one scale per tensor.
    for (size_t c = 1; c < channels; c++) {
      if (w->tflite_requantization) {
        rq->tflite_multipliers[c] = rq->tflite_multipliers[0];
      } else if (w->type == xqnn_packed_weights_qs8_qc8w) {
        rq->scales[c] = rq->scales[0];
      }
    }
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

void xqnn_release_channel_requantization(struct xqnn_channel_requantization* rq) {
  free(rq->scales);
  free(rq->tflite_multipliers);
  rq->scales = NULL;
  rq->tflite_multipliers = NULL;
}

void xqnn_init_quantized_gemm_params(
    xqnn_operator_t op, const struct xqnn_quantized_weights* w,
    const struct xqnn_channel_requantization* rq) {
  const bool qu8 = w->type == xqnn_packed_weights_qu8;
  if (w->tflite_requantization) {
    // Same layout in both unions.
    xqnn_init_q8_conv_minmax_tflite_scalar_params(
        &op->gemm_params.qs8.tflite_scalar, qu8 ? w->kernel_zero_point : 0, w->output_zero_point,
        w->output_min, w->output_max);
    op->gemm_config = qu8 ? xqnn_get_qu8_tflite_gemm_config() : xqnn_get_qs8_qc8w_tflite_gemm_config();
  } else if (qu8) {
    xqnn_init_qu8_conv_minmax_fp32_scalar_params(
        &op->gemm_params.qu8, (uint8_t) w->kernel_zero_point, rq->scales[0],
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

const struct xqnn_dwconv_config* xqnn_quantized_dwconv_config(const struct xqnn_quantized_weights* w) {
  if (w->type == xqnn_packed_weights_qu8) {
    return w->tflite_requantization ? xqnn_get_qu8_tflite_dwconv_config() : xqnn_get_qu8_dwconv_config();
  }
  return w->tflite_requantization ? xqnn_get_qs8_qc8w_tflite_dwconv_config()
                                  : xqnn_get_qs8_qc8w_dwconv_config();
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
