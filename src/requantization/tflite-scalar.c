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
