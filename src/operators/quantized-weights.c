// Validation and preparation of the weights of fully connected, convolution
// and deconvolution, for every data type (src/xqnn/quantized-weights.h).
#include "xqnn/quantized-weights.h"

#include <stdlib.h>

#include "xqnn/math.h"
#include "xqnn/operator-variants.h"
#include "xqnn/requantization.h"

// TFLite's real multiplier: QU8 operators and the per-tensor QS8
// fully-connected one form input * kernel scale in float first
// (GetQuantizedConvolutionMultipler), and so does its 16x8 fully-connected
// one (per tensor in TFLite 2.9); the others compute all in double
// (PopulateConvolutionQuantizationParams, per-channel fully-connected).
static double tflite_real_multiplier(xqnn_operator_t op, const struct xqnn_quantized_weights* w,
                                     float kernel_scale) {
  if (op->variant->packed_weights == xqnn_packed_weights_qu8 ||
      op->type == xqnn_operator_type_fully_connected_nc_qs8 ||
      op->type == xqnn_operator_type_fully_connected_nc_qs16_qc8w) {
    return (double) (w->input_scale * kernel_scale) / (double) w->output_scale;
  }
  return (double) w->input_scale * (double) kernel_scale / (double) w->output_scale;
}

// Whether int8 weights hold -128: such weights get only kernels exact over
// the full int8 range (DESIGN.md section 1; the .inc rows' full_range column).
static bool holds_int8_min(const struct xqnn_quantized_weights* w, size_t kernel_elements) {
  const int8_t* kernel = w->kernel;
  for (size_t i = 0; i < kernel_elements; i++) {
    if (kernel[i] == INT8_MIN) return true;
  }
  return false;
}

// QD8: kernel scales (per channel) and kernel not NULL, scales finite and
// positive, float output range not NaN with min <= max.
static enum xqnn_status check_qd8_weights(
    enum xqnn_operator_type type, const struct xqnn_quantized_weights* w, size_t channels) {
  const char* name = xqnn_operator_type_name(type);
  enum xqnn_status status;
  if (w->kernel_scales == NULL) {
    xqnn_log_error("create %s: kernel_scale is NULL", name);
    return xqnn_status_invalid_parameter;
  }
  if (w->kernel == NULL) {
    xqnn_log_error("create %s: kernel is NULL", name);
    return xqnn_status_invalid_parameter;
  }
  for (size_t c = 0; c < channels; c++) {
    if ((status = xqnn_check_positive_finite_scale(type, "kernel scale", w->kernel_scales[c])) != xqnn_status_success) {
      return status;
    }
  }
  const float output_min = w->float_output_min, output_max = w->float_output_max;
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
  return xqnn_status_success;
}

// QS8 / QS8-QC8W / QU8: checks and computes the per-channel requantization.
static enum xqnn_status prepare_requantization(
    xqnn_operator_t op, const struct xqnn_quantized_weights* w, size_t channels,
    struct xqnn_channel_requantization* rq) {
  const enum xqnn_operator_type type = op->type;
  const char* name = xqnn_operator_type_name(type);
  enum xqnn_status status;
  if ((status = xqnn_check_positive_finite_scale(type, "input scale", w->input_scale)) != xqnn_status_success) return status;
  if ((status = xqnn_check_positive_finite_scale(type, "output scale", w->output_scale)) != xqnn_status_success) return status;
  if ((status = xqnn_check_output_range(type, w->output_min, w->output_max)) != xqnn_status_success) return status;
  if (w->kernel == NULL) {
    xqnn_log_error("create %s: kernel is NULL", name);
    return xqnn_status_invalid_parameter;
  }
  const bool per_channel = op->variant->per_channel;
  const bool is_qs16 = op->variant->packed_weights == xqnn_packed_weights_qs16_qc8w;
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
      const double r = tflite_real_multiplier(op, w, kernel_scale);
      struct xqnn_qs16_multiplier qs16;
      if (!xqnn_tflite_quantize_multiplier(r, &rq->tflite_multipliers[c]) ||
          (is_qs16 && !xqnn_qs16_multiplier(rq->tflite_multipliers[c], &qs16))) {
        xqnn_log_error("create %s: TFLite requantization multiplier %g (input * kernel / output, "
                       "channel %zu) must be in [2^-32, %d)", name, r, c, is_qs16 ? 128 : 256);
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
      } else if (op->variant->packed_weights == xqnn_packed_weights_qs8_qc8w) {
        rq->scales[c] = rq->scales[0];
      }
    }
  }
  return xqnn_status_success;
}

// QS16-QC8W: the bounds under which the int64 accumulator plus bias stays in
// (-2^48, 2^48), which the kernels' requantization needs (src/xqnn/requantization.h):
// |bias| < 2^47 and at most 2^24 products of at most 2^15 * 2^7 per output.
static enum xqnn_status check_qs16_accumulator_range(
    enum xqnn_operator_type type, const struct xqnn_quantized_weights* w, size_t channels,
    size_t kernel_elements) {
  const char* name = xqnn_operator_type_name(type);
  const size_t products = channels != 0 ? kernel_elements / channels : 0;
  if (products > (size_t) 1 << 24) {
    xqnn_log_error("create %s: %zu products per output exceed 2^24", name, products);
    return xqnn_status_unsupported_parameter;
  }
  const int64_t limit = INT64_C(1) << 47;
  for (size_t c = 0; w->bias64 != NULL && c < channels; c++) {
    if (w->bias64[c] <= -limit || w->bias64[c] >= limit) {
      xqnn_log_error("create %s: bias %lld of channel %zu is outside (-2^47, 2^47)", name,
                     (long long) w->bias64[c], c);
      return xqnn_status_unsupported_parameter;
    }
  }
  return xqnn_status_success;
}

enum xqnn_status xqnn_prepare_quantized_weights(
    xqnn_operator_t op, const struct xqnn_quantized_weights* w, size_t channels,
    size_t kernel_elements, struct xqnn_channel_requantization* rq) {
  rq->scales = NULL;
  rq->tflite_multipliers = NULL;
  enum xqnn_status status = op->variant->qd8
      ? check_qd8_weights(op->type, w, channels)
      : prepare_requantization(op, w, channels, rq);
  if (status == xqnn_status_success && op->variant->packed_weights == xqnn_packed_weights_qs16_qc8w) {
    status = check_qs16_accumulator_range(op->type, w, channels, kernel_elements);
  }
  if (status != xqnn_status_success) return status;
  op->full_range_weights = op->variant->packed_weights != xqnn_packed_weights_qu8 &&
                           holds_int8_min(w, kernel_elements);
  op->variant->init_params(&op->gemm_params, w, rq);
  op->input_zero_point = w->input_zero_point;
  op->kernel_zero_point = w->kernel_zero_point;
  return xqnn_status_success;
}

void xqnn_release_channel_requantization(struct xqnn_channel_requantization* rq) {
  free(rq->scales);
  free(rq->tflite_multipliers);
  rq->scales = NULL;
  rq->tflite_multipliers = NULL;
}

struct xqnn_gemm_packing xqnn_quantized_gemm_packing(
    xqnn_operator_t op, const struct xqnn_quantized_weights* w,
    const struct xqnn_channel_requantization* rq, const struct xqnn_gemm_config* config,
    const void* kernel) {
  const struct xqnn_convolution_geometry* g = &op->geometry;
  const bool qd8 = op->variant->qd8;
  return (struct xqnn_gemm_packing){
      .type = op->variant->packed_weights,
      .groups = g->groups,
      .nc = g->group_output_channels,
      .ks = (size_t) g->kernel_height * g->kernel_width,
      .kc = g->group_input_channels,
      .nr = config->nr,
      .kr = (size_t) 1 << config->log2_kr,
      .sr = (size_t) 1 << config->log2_sr,
      .kernel = kernel,
      .bias = w->bias,
      .bias64 = w->bias64,
      .float_bias = w->float_bias,
      .scale = qd8 ? w->kernel_scales : rq->scales,
      .tflite_multipliers = rq->tflite_multipliers,
      .input_zero_point = w->input_zero_point,
      .kernel_zero_point = w->kernel_zero_point,
      .input_offset = qd8 ? 0 : config->input_offset,
      .int16_weights = config->int16_weights,
  };
}
