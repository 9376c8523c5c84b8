// TFLite 2.9's int8 / uint8 LOGISTIC, TANH, HARD_SWISH and LEAKY_RELU,
// evaluated once per input byte (activation-table.h states the formulas).
// The helpers below are TFLite's / gemmlowp's scalar definitions, written
// out so that every intermediate has the width and rounding TFLite gives it.
#include "activation-table.h"

#include <math.h>
#include <stdint.h>

#include "schema.h"

// QuantizeMultiplier: m = q * 2^shift, q a 31-bit fraction (TfLiteRound =
// round half away from zero); shifts below -31 become a zero multiplier.
static void quantize_multiplier(double m, int32_t* q, int* shift) {
  if (m == 0.0) {
    *q = 0;
    *shift = 0;
    return;
  }
  int64_t fixed = (int64_t) round(frexp(m, shift) * (double) (1ll << 31));
  if (fixed == (1ll << 31)) {  // the fraction rounded up to 1
    fixed /= 2;
    ++*shift;
  }
  if (*shift < -31) {
    *shift = 0;
    fixed = 0;
  }
  *q = (int32_t) fixed;
}

// gemmlowp::SaturatingRoundingDoublingHighMul, int32.
static int32_t srdhm32(int32_t a, int32_t b) {
  if (a == b && a == INT32_MIN) return INT32_MAX;
  const int64_t ab = (int64_t) a * (int64_t) b;
  const int64_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  return (int32_t) ((ab + nudge) / (1ll << 31));
}

// gemmlowp::RoundingDivideByPOT, int32, exponent in [0, 31].
static int32_t rdpot32(int32_t x, int exponent) {
  const int32_t mask = (int32_t) ((1ll << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

// TFLite's MultiplyByQuantizedMultiplier (double rounding, TFLite 2.9's default).
static int32_t multiply_by_quantized_multiplier(int32_t x, int32_t q, int shift) {
  const int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  return rdpot32(srdhm32((int32_t) ((int64_t) x * ((int64_t) 1 << left)), q), right);
}

// gemmlowp::SaturatingRoundingDoublingHighMul, int16.
static int16_t srdhm16(int16_t a, int16_t b) {
  if (a == b && a == INT16_MIN) return INT16_MAX;
  const int32_t ab = (int32_t) a * (int32_t) b;
  const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  return (int16_t) ((ab + nudge) / (1 << 15));
}

// TFLite's SaturatingDoublingHighMul (HARD_SWISH): truncates instead of rounding.
static int16_t sdhm16(int16_t a, int16_t b) {
  if (a == b && a == INT16_MIN) return INT16_MAX;
  const int32_t ab = (int32_t) a * (int32_t) b;
  return (int16_t) (ab / (1 << 15));
}

// gemmlowp::RoundingDivideByPOT on int16, exponent in [0, 31]: the mask is
// narrowed to 16 bits as gemmlowp's Dup<int16_t> does (all ones from 16 on).
static int16_t rdpot16(int16_t x, int exponent) {
  const int16_t mask = (int16_t) ((1ll << exponent) - 1);
  const int16_t remainder = (int16_t) (x & mask);
  const int16_t threshold = (int16_t) ((mask >> 1) + (x < 0 ? 1 : 0));
  return (int16_t) ((x >> exponent) + (remainder > threshold ? 1 : 0));
}

// TFLite's SaturatingLeftShift (HARD_SWISH), amount in [0, 30].
static int16_t saturating_left_shift16(int16_t value, int amount) {
  int64_t r = (int64_t) value * (int64_t) (1 << amount);
  r = r < INT16_MIN ? INT16_MIN : r > INT16_MAX ? INT16_MAX : r;
  return (int16_t) r;
}

// DownScaleInt32ToInt16Multiplier.
static int16_t downscale_multiplier(int32_t m) {
  if (m >= INT32_MAX - (1 << 15)) return INT16_MAX;
  return (int16_t) ((m + (1 << 15)) >> 16);
}

static int32_t clamp_q(int32_t v, bool is_signed) {
  const int32_t lo = is_signed ? -128 : 0, hi = is_signed ? 127 : 255;
  return v < lo ? lo : v > hi ? hi : v;
}

static bool float_table(const struct xqt_activation_params* p, uint8_t table[256], struct xqt_error* err) {
  const bool logistic = p->opcode == XQT_OP_LOGISTIC;
  if (logistic && p->output_scale != 1.0f / 256.0f) {
    return xqt_fail(err, "output scale %g must be 1/256 (TFLite's rule for quantized LOGISTIC)",
                    (double) p->output_scale);
  }
  // |f| <= 1: rescaled values stay within 2^23, where the float -> int32 cast is exact.
  if (p->output_scale < 0x1p-23f) {
    return xqt_fail(err, "output scale %g is below 2^-23 (outputs would overflow)", (double) p->output_scale);
  }
  const float inverse_scale = 1.0f / p->output_scale;
  for (int32_t i = 0; i < 256; i++) {
    const int32_t q = p->is_signed ? (int32_t) (int8_t) (uint8_t) i : i;
    const float x = p->input_scale * (float) (q - p->input_zero_point);
    const float y = logistic ? 1.0f / (1.0f + expf(-x)) : tanhf(x);
    const float rescaled = roundf(y * inverse_scale);
    const int32_t v = (int32_t) (rescaled + (float) p->output_zero_point);
    table[i] = (uint8_t) clamp_q(v, p->is_signed);
  }
  return true;
}

static bool hard_swish_table(const struct xqt_activation_params* p, uint8_t table[256], struct xqt_error* err) {
  const float hires_input_scale = (1.0f / 128.0f) * p->input_scale;
  const float reluish_scale = 3.0f / 32768.0f;
  const float output_multiplier = hires_input_scale / p->output_scale;
  const float reluish_multiplier = hires_input_scale / reluish_scale;
  if (!isfinite(output_multiplier) || !isfinite(reluish_multiplier)) {
    return xqt_fail(err, "input scale %g and output scale %g overflow TFLite's HARD_SWISH multipliers",
                    (double) p->input_scale, (double) p->output_scale);
  }
  int32_t output_q, reluish_q;
  int output_exponent, reluish_exponent;
  quantize_multiplier(output_multiplier, &output_q, &output_exponent);
  quantize_multiplier(reluish_multiplier, &reluish_q, &reluish_exponent);
  if (output_exponent > 0) {
    return xqt_fail(err, "input scale %g / (128 * output scale %g) must be below 1 (TFLite's rule for "
                    "quantized HARD_SWISH)", (double) p->input_scale, (double) p->output_scale);
  }
  if (reluish_exponent > 31) {
    return xqt_fail(err, "input scale %g is too large for TFLite's HARD_SWISH arithmetic", (double) p->input_scale);
  }
  const int16_t output_q16 = downscale_multiplier(output_q), reluish_q16 = downscale_multiplier(reluish_q);
  for (int32_t i = 0; i < 256; i++) {
    const int32_t q = p->is_signed ? (int32_t) (int8_t) (uint8_t) i : i;
    const int16_t input_value = (int16_t) (q - p->input_zero_point);
    const int16_t hires = (int16_t) (input_value * (1 << 7));
    const int16_t preshift_output = srdhm16(hires, output_q16);
    int16_t reluish = hires;
    if (reluish_exponent > 0) reluish = saturating_left_shift16(reluish, reluish_exponent - 1);
    reluish = srdhm16(reluish, reluish_q16);
    if (reluish_exponent > 0) reluish = saturating_left_shift16(reluish, 1);
    if (reluish_exponent < 0) reluish = rdpot16(reluish, -reluish_exponent);
    reluish = (int16_t) ((reluish + (1 << 15)) >> 1);
    const int16_t preshift = sdhm16(reluish, preshift_output);
    int16_t out = rdpot16(preshift, -output_exponent);
    out = (int16_t) (out + p->output_zero_point);
    table[i] = (uint8_t) clamp_q(out, p->is_signed);
  }
  return true;
}

static bool leaky_relu_table(const struct xqt_activation_params* p, uint8_t table[256], struct xqt_error* err) {
  if (!isfinite(p->alpha)) {
    return xqt_fail(err, "alpha %g is not finite", (double) p->alpha);
  }
  const double alpha_multiplier = (double) (p->input_scale * p->alpha / p->output_scale);
  const double identity_multiplier = (double) (p->input_scale / p->output_scale);
  if (!isfinite(alpha_multiplier) || !isfinite(identity_multiplier)) {
    return xqt_fail(err, "input scale %g * alpha %g / output scale %g overflows", (double) p->input_scale,
                    (double) p->alpha, (double) p->output_scale);
  }
  int32_t alpha_q, identity_q;
  int alpha_shift, identity_shift;
  quantize_multiplier(alpha_multiplier, &alpha_q, &alpha_shift);
  quantize_multiplier(identity_multiplier, &identity_q, &identity_shift);
  // |q - zp| <= 255 < 2^8: left shifts up to 23 keep the product in int32.
  if (alpha_shift > 23 || identity_shift > 23) {
    return xqt_fail(err, "multipliers input scale %g * alpha %g / output scale %g and input / output scale are "
                    "beyond 2^23 (TFLite's arithmetic would overflow)", (double) p->input_scale,
                    (double) p->alpha, (double) p->output_scale);
  }
  for (int32_t i = 0; i < 256; i++) {
    const int32_t q = p->is_signed ? (int32_t) (int8_t) (uint8_t) i : i;
    const int32_t x = q - p->input_zero_point;
    const int32_t y = x >= 0 ? multiply_by_quantized_multiplier(x, identity_q, identity_shift)
                             : multiply_by_quantized_multiplier(x, alpha_q, alpha_shift);
    table[i] = (uint8_t) clamp_q(p->output_zero_point + y, p->is_signed);
  }
  return true;
}

bool xqt_activation_table(const struct xqt_activation_params* p, uint8_t table[256], struct xqt_error* err) {
  switch (p->opcode) {
    case XQT_OP_LOGISTIC:
    case XQT_OP_TANH: return float_table(p, table, err);
    case XQT_OP_HARD_SWISH: return hard_swish_table(p, table, err);
    case XQT_OP_LEAKY_RELU: return leaky_relu_table(p, table, err);
    default: return xqt_fail(err, "builtin operator %d has no table", (int) p->opcode);
  }
}
