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
