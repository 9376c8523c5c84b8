// TFLite-compatible fixed-point requantization: multiplier quantization and
// micro-kernel parameters (the arithmetic is in src/xqnn/requantization.h).
#include <assert.h>
#include <math.h>

#include "xqnn/requantization.h"

bool xqnn_tflite_quantize_multiplier(double r, struct xqnn_tflite_multiplier* m) {
  // NaN fails both comparisons.
  if (!(r >= 0x1.0p-32 && r < 256.0)) return false;
  int exponent;
  const double fraction = frexp(r, &exponent);  // r = fraction * 2^exponent, fraction in [0.5, 1)
  // std::round in TFLite: half away from zero. fraction * 2^31 is exact.
  int64_t fixed = (int64_t) round(fraction * 0x1.0p31);
  if (fixed == (INT64_C(1) << 31)) {
    fixed /= 2;
    exponent++;
  }
  assert(fixed >= (INT64_C(1) << 30) && fixed < (INT64_C(1) << 31));
  m->multiplier = (int32_t) fixed;
  m->exponent = exponent;
  return true;
}

void xqnn_init_q8_conv_minmax_tflite_scalar_params(
    struct xqnn_q8_conv_minmax_tflite_params* params, int32_t kernel_zero_point,
    int32_t output_zero_point, int32_t output_min, int32_t output_max) {
  assert(output_min <= output_max);
  params->kernel_zero_point = kernel_zero_point;
  params->output_zero_point = output_zero_point;
  params->output_min = output_min;
  params->output_max = output_max;
}

// TFLite's left shift of add inputs (int8 and uint8 kernels).
// TFLite's ADD shifts its inputs left by 20 bits (int8 / uint8) or 15 (int16).
static bool init_tflite_add_params(
    union xqnn_q8_add_minmax_params* params, int left_shift, int32_t a_zero_point,
    int32_t b_zero_point, float a_scale, float b_scale, float output_scale,
    int32_t output_zero_point, int32_t output_min, int32_t output_max) {
  assert(output_min <= output_max);
  // TFLite: twice_max_input_scale = 2 * std::max(float, float), then doubles.
  const double twice_max = (double) (2.0f * (a_scale > b_scale ? a_scale : b_scale));
  const double real[3] = {
      (double) a_scale / twice_max,
      (double) b_scale / twice_max,
      twice_max / ((double) (1 << left_shift) * (double) output_scale),
  };
  struct xqnn_tflite_multiplier m[3];
  for (size_t i = 0; i < 3; i++) {
    // Multipliers below 1 only: the kernels shift right and never left.
    if (!(real[i] < 1.0) || !xqnn_tflite_quantize_multiplier(real[i], &m[i]) || m[i].exponent > 0) {
      return false;
    }
  }
  params->tflite_scalar.a_zero_point = a_zero_point;
  params->tflite_scalar.b_zero_point = b_zero_point;
  params->tflite_scalar.a_multiplier = m[0].multiplier;
  params->tflite_scalar.a_exponent = m[0].exponent;
  params->tflite_scalar.b_multiplier = m[1].multiplier;
  params->tflite_scalar.b_exponent = m[1].exponent;
  params->tflite_scalar.output_multiplier = m[2].multiplier;
  params->tflite_scalar.output_exponent = m[2].exponent;
  params->tflite_scalar.output_zero_point = output_zero_point;
  params->tflite_scalar.output_min = output_min;
  params->tflite_scalar.output_max = output_max;
  return true;
}

bool xqnn_init_q8_add_minmax_tflite_scalar_params(
    union xqnn_q8_add_minmax_params* params, int32_t a_zero_point, int32_t b_zero_point,
    float a_scale, float b_scale, float output_scale, int32_t output_zero_point,
    int32_t output_min, int32_t output_max) {
  return init_tflite_add_params(params, 20, a_zero_point, b_zero_point, a_scale, b_scale,
                                output_scale, output_zero_point, output_min, output_max);
}

bool xqnn_init_qs16_add_minmax_tflite_params(
    union xqnn_q8_add_minmax_params* params, float a_scale, float b_scale, float output_scale,
    int32_t output_min, int32_t output_max) {
  return init_tflite_add_params(params, 15, 0, 0, a_scale, b_scale, output_scale, 0, output_min,
                                output_max);
}

bool xqnn_init_qs16_mul_minmax_tflite_params(
    union xqnn_q8_mul_minmax_params* params, float a_scale, float b_scale, float output_scale,
    int32_t output_min, int32_t output_max) {
  assert(output_min <= output_max);
  // TFLite: input1 scale * input2 scale / output scale in float, then QuantizeMultiplier.
  const float product = a_scale * b_scale;  // each step rounded to float (C11 assignment)
  const float real = product / output_scale;
  struct xqnn_tflite_multiplier m;
  if (!xqnn_tflite_quantize_multiplier((double) real, &m)) return false;
  params->tflite_scalar.multiplier = m.multiplier;
  params->tflite_scalar.exponent = m.exponent;
  params->tflite_scalar.output_min = output_min;
  params->tflite_scalar.output_max = output_max;
  return true;
}
