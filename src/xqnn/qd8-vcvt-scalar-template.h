// Dynamic range quantization of one row: f32 / fp16 -> QD8 (int8 values plus
// one struct xqnn_quantization_params, real = scale * (q - zero_point)).
// One generic body for the f32-qd8-vcvt and f16-qd8-vcvt families.
//
// THE FORMULA (every kernel of these families, on every ISA, gives these bits).
// fp16 inputs are first widened to f32 (exact). All arithmetic is IEEE binary32
// with round-to-nearest-even, no FMA contraction, no flush-to-zero of
// denormals. round_half_even(v) = (v + 0x1.8p23f) - 0x1.8p23f (|v| <= 2^22).
//
//  1. Range over the FINITE elements (NaN and +-inf are skipped), extended to 0:
//       lo = min(0, min of finite x),   hi = max(0, max of finite x)
//  2. If lo == hi (the row holds only zeros, NaNs and infinities):
//       scale = 1.0f, zero_point = 0.
//     Otherwise:
//       range = hi - lo
//       scale = range / 255.0f                    if range is finite
//             = hi / 255.0f - lo / 255.0f         if hi - lo overflowed to +inf
//       scale = max(scale, 0x1p-149f)             (tiny denormal ranges would round to 0)
//       lo_s  = lo / scale,   hi_s = hi / scale
//       zp_f  = (128.0f - lo_s) < (127.0f + hi_s) ? -128.0f - lo_s : 127.0f - hi_s
//               (TFLite's nudging: the end whose error |qmin| + |lo_s| or
//               |qmax| + |hi_s| is smaller fixes the zero point)
//       zp_f  = min(max(zp_f, -128.0f), 127.0f)
//       zero_point = (int32_t) round_half_even(zp_f)
//  3. Every element:
//       v = x / scale                             (NaN: v = 0; +-inf stays +-inf)
//       v = min(max(v, (float) (-128 - zero_point)), (float) (127 - zero_point))
//       q = (int32_t) round_half_even(v) + zero_point      in [-128, 127]
//
// Consequences: 0.0 is exactly representable (q = zero_point); NaN quantizes
// to zero_point (0.0); +inf / -inf saturate to 127 / -128; scale is always
// finite and positive, zero_point in [-128, 127]; no float -> int conversion
// ever sees an out-of-range value.
#pragma once

#include <assert.h>
#include <float.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fp16.h>

#include "xqnn/common.h"
#include "xqnn/math.h"
#include "xqnn/microkernels.h"

// round_half_even for |v| <= 2^22 (exact: the addition rounds at unit precision).
static XQNN_INLINE float xqnn_qd8_round_half_even(float v) {
  const float magic = 0x1.8p23f;
  return (v + magic) - magic;
}

// Step 2 of the formula: lo <= 0 <= hi, both finite.
static XQNN_INLINE struct xqnn_quantization_params xqnn_qd8_row_params(float lo, float hi) {
  struct xqnn_quantization_params params;
  if (lo == hi) {
    params.zero_point = 0;
    params.scale = 1.0f;
    return params;
  }
  const float range = hi - lo;
  float scale = range <= FLT_MAX ? range / 255.0f : hi / 255.0f - lo / 255.0f;
  scale = xqnn_max_f32(scale, 0x1p-149f);
  const float lo_s = lo / scale;
  const float hi_s = hi / scale;
  float zp = (128.0f - lo_s) < (127.0f + hi_s) ? -128.0f - lo_s : 127.0f - hi_s;
  zp = xqnn_min_f32(xqnn_max_f32(zp, -128.0f), 127.0f);
  params.zero_point = (int32_t) xqnn_qd8_round_half_even(zp);
  params.scale = scale;
  return params;
}

static XQNN_INLINE float xqnn_qd8_load(bool is_f16, const void* input, size_t i) {
  return is_f16 ? fp16_ieee_to_fp32_value(((const uint16_t*) input)[i]) : ((const float*) input)[i];
}

static XQNN_INLINE void xqnn_qd8_vcvt_scalar_body(
    const bool is_f16, size_t channels, const void* input, int8_t* output,
    struct xqnn_quantization_params* quantization_params) {
  assert(channels != 0);
  float lo = 0.0f;
  float hi = 0.0f;
  for (size_t i = 0; i < channels; i++) {
    const float x = xqnn_qd8_load(is_f16, input, i);
    if (x >= -FLT_MAX && x <= FLT_MAX) {  // false for NaN and +-inf
      lo = xqnn_min_f32(x, lo);
      hi = xqnn_max_f32(x, hi);
    }
  }
  const struct xqnn_quantization_params params = xqnn_qd8_row_params(lo, hi);
  const float scale = params.scale;
  const float vmin = (float) (-128 - params.zero_point);
  const float vmax = (float) (127 - params.zero_point);
  for (size_t i = 0; i < channels; i++) {
    float v = xqnn_qd8_load(is_f16, input, i) / scale;
    v = v == v ? v : 0.0f;
    v = xqnn_min_f32(xqnn_max_f32(v, vmin), vmax);
    output[i] = (int8_t) ((int32_t) xqnn_qd8_round_half_even(v) + params.zero_point);
  }
  *quantization_params = params;
}
