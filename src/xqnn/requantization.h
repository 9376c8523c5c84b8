// The fp32 requantization scheme (DESIGN.md section 2): scalar reference and
// micro-kernel parameter initialisation.
//
//   scaled  = (float) acc * scale                      (no FMA contraction)
//   clamped = min(max(scaled, qmin - zp), qmax - zp)
//   out     = round_half_even(clamped) + zp
#pragma once

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "xqnn/microparams.h"

#ifdef __cplusplus
extern "C" {
#endif

// Combined scale in the order the design fixes: (float)((float)(a * b) / c).
float xqnn_fp32_requantization_scale(float input_scale, float kernel_scale, float output_scale);

// Scales the fp32 scheme accepts: finite, in [2^-32, 256).
bool xqnn_is_valid_requantization_scale(float scale);

// Reference: one accumulator, via lrintf (round half to even in the default
// rounding mode, which xqnn never changes). Kernels use a different route
// (magic-bias addition), so tests comparing the two cross-check both.
static inline int32_t xqnn_requantize_fp32_reference(
    int32_t acc, float scale, int32_t zero_point, int32_t qmin, int32_t qmax) {
  float scaled = (float) acc * scale;
  const float lo = (float) (qmin - zero_point);
  const float hi = (float) (qmax - zero_point);
  scaled = scaled < lo ? lo : scaled;
  scaled = scaled > hi ? hi : scaled;
  return (int32_t) lrintf(scaled) + zero_point;
}

// Reference for arrays (as XNNPACK's requantization functions).
void xqnn_qs8_requantize_fp32__scalar(
    size_t n, const int32_t* input, float scale, int8_t zero_point, int8_t qmin, int8_t qmax,
    int8_t* output);
void xqnn_qu8_requantize_fp32__scalar(
    size_t n, const int32_t* input, float scale, uint8_t zero_point, uint8_t qmin, uint8_t qmax,
    uint8_t* output);

void xqnn_init_qs8_qc8w_conv_minmax_fp32_scalar_params(
    union xqnn_qs8_qc8w_conv_minmax_params* params, int8_t output_zero_point, int8_t output_min,
    int8_t output_max);
void xqnn_init_qu8_conv_minmax_fp32_scalar_params(
    union xqnn_qu8_conv_minmax_params* params, uint8_t kernel_zero_point, float scale,
    uint8_t output_zero_point, uint8_t output_min, uint8_t output_max);

// Kernels' rounding: fmagic. For |x| <= 2^22, x + 1.5*2^23 is a float whose
// low mantissa bits hold round_half_even(x) offset by 2^22 (exact: the float
// addition itself rounds half to even at unit precision).
static inline int32_t xqnn_fp32_round_magic(float clamped, float magic_bias,
                                            int32_t magic_bias_less_output_zero_point) {
  const float biased = clamped + magic_bias;
  uint32_t bits;
  memcpy(&bits, &biased, sizeof(bits));
  return (int32_t) bits - magic_bias_less_output_zero_point;
}

// ---- TFLite-compatible fixed-point scheme (XQNN_FLAG_TFLITE_REQUANTIZATION) ----
// What TensorFlow Lite 2.9's built-in kernels compute on x86 (convolution and
// fully-connected through ruy, depthwise through its own kernels): measured to
// reproduce its tensors bit for bit (test/tflite-golden.cc). The real
// multiplier r (a double; how operators form it is in the README) is
// quantized as TFLite's QuantizeMultiplier does:
//   r = M * 2^(e - 31),  M = round_half_away(frac(r) * 2^31) in [2^30, 2^31)
// and one accumulator becomes
//   x   = e > 0 ? acc * 2^e (wrapping, as TFLite's int32 shift) : acc
//   h   = round_half_away_from_zero(x * M / 2^31)   (SaturatingRoundingDoublingHighMul)
//   y   = floor((h + 2^(s-1)) / 2^s), s = max(-e, 0) (rounding right shift, ties up)
//   out = min(max(y + zp, qmin), qmax)
// It rounds twice, so results may differ by 1 from the exactly rounded value
// (most often when s is small); accuracy bounds are tested in requantization.cc.
struct xqnn_tflite_multiplier {
  int32_t multiplier;  // M in [2^30, 2^31)
  int32_t exponent;    // e in [-31, 9]: positive shifts left, negative right
};

// TFLite's QuantizeMultiplier; false (and *m untouched) unless r is in
// [2^-32, 256), the range the fp32 scheme accepts too.
bool xqnn_tflite_quantize_multiplier(double r, struct xqnn_tflite_multiplier* m);

// floor(v / 2^shift) for |v| < 2^32, shift in [0, 31], without shifting a
// negative number: offset by 2^32, a multiple of 2^shift.
static inline int64_t xqnn_floor_shift(int64_t v, int32_t shift) {
  const uint64_t offset = UINT64_C(1) << 32;
  return (int64_t) ((uint64_t) (v + (int64_t) offset) >> shift) - (int64_t) (offset >> shift);
}

// gemmlowp's SaturatingRoundingDoublingHighMul(x, multiplier) for multiplier
// > 0 (so it never saturates): x * multiplier / 2^31, rounded half away from zero.
static inline int32_t xqnn_tflite_doubling_high_mul(int32_t x, int32_t multiplier) {
  const int64_t product = (int64_t) x * (int64_t) multiplier;
  const int64_t nudge = product >= 0 ? INT64_C(1) << 30 : 1 - (INT64_C(1) << 30);
  return (int32_t) ((product + nudge) / (INT64_C(1) << 31));  // truncates toward zero
}

// y of the definition above, for one accumulator. The scalar kernels call it
// (the tests check them against independent implementations).
static inline int32_t xqnn_tflite_multiply(int32_t acc, int32_t multiplier, int32_t exponent) {
  const int32_t x = exponent > 0 ? (int32_t) ((uint32_t) acc << exponent) : acc;
  const int32_t high = xqnn_tflite_doubling_high_mul(x, multiplier);
  const int32_t shift = exponent < 0 ? -exponent : 0;
  const int64_t rounding = shift > 0 ? INT64_C(1) << (shift - 1) : 0;
  return (int32_t) xqnn_floor_shift((int64_t) high + rounding, shift);
}

// gemmlowp's RoundingDivideByPOT: x / 2^shift rounded half away from zero.
static inline int32_t xqnn_tflite_rounding_divide_by_pot(int32_t x, int32_t shift) {
  const int64_t quotient = xqnn_floor_shift(x, shift);
  const int64_t remainder = (int64_t) x - quotient * (INT64_C(1) << shift);
  const int64_t threshold = (((INT64_C(1) << shift) - 1) >> 1) + (x < 0 ? 1 : 0);
  return (int32_t) (quotient + (remainder > threshold ? 1 : 0));
}

// ---- TFLite's 16x8 scheme (QS16-QC8W: int16 activations, int8 weights, int64 bias) ----
// TFLite's MultiplyByQuantizedMultiplier(int64_t x, M, e) on the int64
// accumulator x, with (M, e) from xqnn_tflite_quantize_multiplier and e in [-31, 7]:
//   r   = M < 0x7FFF0000 ? (M + 2^15) >> 16 : 0x7FFF     (a 15-bit multiplier)
//   s   = 15 - e                                         (8 .. 46)
//   y   = (int32) floor((x * r + 2^(s-1)) / 2^s)          (the low 32 bits, as TFLite's cast)
//   out = min(max(y, qmin), qmax)
// Kernels keep x + 2^48 (xqnn_qs16_accumulator_offset, folded into the packed
// bias), which create bounds to [0, 2^49): then, in unsigned 64-bit arithmetic
// without overflow or negative shifts,
//   floor((x * r + 2^(s-1)) / 2^s) = ((x + 2^48) * r + 2^(s-1)) >> s  -  r * 2^(48-s).
struct xqnn_qs16_multiplier {
  uint32_t multiplier;  // r in [0, 0x7FFF]
  uint32_t shift;       // s in [8, 46]
};

#define XQNN_QS16_ACCUMULATOR_OFFSET (INT64_C(1) << 48)

// (r, s) of a TFLite multiplier; false unless e is in [-31, 7].
static inline bool xqnn_qs16_multiplier(struct xqnn_tflite_multiplier m, struct xqnn_qs16_multiplier* out) {
  if (m.exponent < -31 || m.exponent > 7) return false;
  out->multiplier = m.multiplier < 0x7FFF0000 ? (uint32_t) ((m.multiplier + (1 << 15)) >> 16) : 0x7FFFu;
  out->shift = (uint32_t) (15 - m.exponent);
  return true;
}

// y of the definition above from x + 2^48 in [0, 2^49), clamped to [qmin, qmax].
static inline int32_t xqnn_qs16_requantize(uint64_t offset_acc, struct xqnn_qs16_multiplier m,
                                           int32_t qmin, int32_t qmax) {
  const uint64_t scaled = offset_acc * m.multiplier + (UINT64_C(1) << (m.shift - 1));
  const uint64_t floor_value = (scaled >> m.shift) - ((uint64_t) m.multiplier << (48 - m.shift));
  // The low 32 bits as a two's complement int32, without an implementation-defined cast.
  const uint32_t low = (uint32_t) floor_value;
  const int32_t y = low <= INT32_MAX ? (int32_t) low : (int32_t) (low - 0x80000000u) + INT32_MIN;
  return y < qmin ? qmin : y > qmax ? qmax : y;
}

// out of the definition above: the TFLite-requantization kernels' epilogue.
static inline int32_t xqnn_tflite_requantize(
    int32_t acc, struct xqnn_tflite_multiplier m, int32_t zero_point, int32_t qmin, int32_t qmax) {
  int32_t y = xqnn_tflite_multiply(acc, m.multiplier, m.exponent);
  y = y < qmin - zero_point ? qmin - zero_point : y;
  y = y > qmax - zero_point ? qmax - zero_point : y;
  return y + zero_point;
}

// TFLite's ADD (QS8 / QU8), as its int8 / uint8 kernels compute it: with
// m = 2 * max(a_scale, b_scale) and, from TFLite's QuantizeMultiplier (all < 1),
//   (Ma, ea) of a_scale / m, (Mb, eb) of b_scale / m, (Mo, eo) of m / (2^20 * output_scale),
//   a'  = RDBPOT(SRDHM((a - a_zp) * 2^20, Ma), -ea)       (gemmlowp's MultiplyByQuantizedMultiplierSmallerThanOneExp)
//   b'  = RDBPOT(SRDHM((b - b_zp) * 2^20, Mb), -eb)
//   out = min(max(RDBPOT(SRDHM(a' + b', Mo), -eo) + zp, qmin), qmax)
// where RDBPOT rounds half away from zero (unlike the convolutions' shift).
// False, with params untouched, unless every multiplier is in [2^-32, 1).
bool xqnn_init_q8_add_minmax_tflite_scalar_params(
    union xqnn_q8_add_minmax_params* params, int32_t a_zero_point, int32_t b_zero_point,
    float a_scale, float b_scale, float output_scale, int32_t output_zero_point,
    int32_t output_min, int32_t output_max);

// TFLite's int16 ADD (general scales, zero points 0): the same chain with
// (a - a_zp) * 2^15 instead of 2^20. False unless every multiplier is in [2^-32, 1).
bool xqnn_init_qs16_add_minmax_tflite_params(
    union xqnn_q8_add_minmax_params* params, float a_scale, float b_scale, float output_scale,
    int32_t output_min, int32_t output_max);
// TFLite's int16 MUL (zero points 0): r = (float) (a_scale * b_scale / output_scale),
// (M, e) = QuantizeMultiplier(r), out = clamp(xqnn_tflite_multiply(a * b, M, e)).
// False unless r is in [2^-32, 256).
bool xqnn_init_qs16_mul_minmax_tflite_params(
    union xqnn_q8_mul_minmax_params* params, float a_scale, float b_scale, float output_scale,
    int32_t output_min, int32_t output_max);

static inline int32_t xqnn_tflite_multiply_smaller_than_one(int32_t x, int32_t multiplier, int32_t exponent) {
  return xqnn_tflite_rounding_divide_by_pot(xqnn_tflite_doubling_high_mul(x, multiplier), -exponent);
}

void xqnn_init_q8_conv_minmax_tflite_scalar_params(
    struct xqnn_q8_conv_minmax_tflite_params* params, int32_t kernel_zero_point,
    int32_t output_zero_point, int32_t output_min, int32_t output_max);

// ---- Elementwise, pooling and conversion parameters (src/requantization/elementwise-params.c) ----
// a_scale / b_scale: input scale divided by output scale (add); scale: the
// combined requantization scale (multiply, average pooling).
void xqnn_init_q8_add_minmax_fp32_scalar_params(
    union xqnn_q8_add_minmax_params* params, int32_t a_zero_point, int32_t b_zero_point,
    float a_scale, float b_scale, int32_t output_zero_point, int32_t output_min, int32_t output_max);
void xqnn_init_q8_mul_minmax_fp32_scalar_params(
    union xqnn_q8_mul_minmax_params* params, int32_t a_zero_point, int32_t b_zero_point,
    float scale, int32_t output_zero_point, int32_t output_min, int32_t output_max);
void xqnn_init_q8_avgpool_minmax_fp32_scalar_params(
    union xqnn_q8_avgpool_minmax_params* params, int32_t init_bias, float scale,
    int32_t output_zero_point, int32_t output_min, int32_t output_max);
void xqnn_init_f32_q8_cvt_scalar_params(
    union xqnn_f32_q8_cvt_params* params, float scale, int32_t zero_point, int32_t output_min,
    int32_t output_max);
void xqnn_init_q8_f32_cvt_scalar_params(
    union xqnn_q8_f32_cvt_params* params, float scale, int32_t zero_point);

#ifdef __cplusplus
}  // extern "C"
#endif
