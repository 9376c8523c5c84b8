// Scalar reference of the fp32 requantization scheme and the initialisation
// of micro-kernel parameters for it.
#include <assert.h>
#include <math.h>

#include "xqnn/math.h"
#include "xqnn/requantization.h"

// 1.5 * 2^23: see xqnn_fp32_round_magic.
static const float kMagicBias = 12582912.0f;

float xqnn_fp32_requantization_scale(float input_scale, float kernel_scale, float output_scale) {
  const float product = input_scale * kernel_scale;
  return product / output_scale;
}

bool xqnn_is_valid_requantization_scale(float scale) {
  // 2^-32 <= scale < 256; NaN fails both comparisons.
  return scale >= 0x1.0p-32f && scale < 256.0f;
}

void xqnn_qs8_requantize_fp32__scalar(
    size_t n, const int32_t* input, float scale, int8_t zero_point, int8_t qmin, int8_t qmax,
    int8_t* output) {
  for (size_t i = 0; i < n; i++) {
    output[i] = (int8_t) xqnn_requantize_fp32_reference(input[i], scale, zero_point, qmin, qmax);
  }
}

void xqnn_qu8_requantize_fp32__scalar(
    size_t n, const int32_t* input, float scale, uint8_t zero_point, uint8_t qmin, uint8_t qmax,
    uint8_t* output) {
  for (size_t i = 0; i < n; i++) {
    output[i] = (uint8_t) xqnn_requantize_fp32_reference(input[i], scale, zero_point, qmin, qmax);
  }
}

void xqnn_init_qs8_qc8w_conv_minmax_fp32_scalar_params(
    union xqnn_qs8_qc8w_conv_minmax_params* params, int8_t output_zero_point, int8_t output_min,
    int8_t output_max) {
  assert(output_min <= output_max);
  params->fp32_scalar.output_min_less_zero_point = (float) ((int32_t) output_min - (int32_t) output_zero_point);
  params->fp32_scalar.output_max_less_zero_point = (float) ((int32_t) output_max - (int32_t) output_zero_point);
  params->fp32_scalar.magic_bias = kMagicBias;
  params->fp32_scalar.magic_bias_less_output_zero_point =
      (int32_t) xqnn_float_as_uint32(kMagicBias) - (int32_t) output_zero_point;
  params->fp32_scalar.output_zero_point = output_zero_point;
}

void xqnn_init_qu8_conv_minmax_fp32_scalar_params(
    union xqnn_qu8_conv_minmax_params* params, uint8_t kernel_zero_point, float scale,
    uint8_t output_zero_point, uint8_t output_min, uint8_t output_max) {
  assert(output_min <= output_max);
  params->fp32_scalar.kernel_zero_point = kernel_zero_point;
  params->fp32_scalar.scale = scale;
  params->fp32_scalar.output_min_less_zero_point = (float) ((int32_t) output_min - (int32_t) output_zero_point);
  params->fp32_scalar.output_max_less_zero_point = (float) ((int32_t) output_max - (int32_t) output_zero_point);
  params->fp32_scalar.magic_bias = kMagicBias;
  params->fp32_scalar.magic_bias_less_output_zero_point =
      (int32_t) xqnn_float_as_uint32(kMagicBias) - (int32_t) output_zero_point;
  params->fp32_scalar.output_zero_point = output_zero_point;
}
