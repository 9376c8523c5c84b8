// The vector vocabulary (README.md beside this file) on SSE4.1: SSE2's, with
// pmovsxbd / pmovzxbd widening and pmulld products. Files *-avx.c may include
// it too: the same code with VEX encodings.
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <smmintrin.h>

#include "xqnn/common.h"
#include "xqnn/fp16-sse2.h"

#define XQNN_SIMD_LANES 4

typedef __m128i xqnn_simd_i32;
typedef __m128 xqnn_simd_f32;

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_load_i32(const int32_t* p) { return _mm_loadu_si128((const __m128i*) p); }
static XQNN_INLINE void xqnn_simd_store_i32(int32_t* p, xqnn_simd_i32 v) { _mm_storeu_si128((__m128i*) p, v); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_load_f32(const float* p) { return _mm_loadu_ps(p); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_splat_i32(int32_t x) { return _mm_set1_epi32(x); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_splat_f32(float x) { return _mm_set1_ps(x); }

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_load_q8(const uint8_t* p, bool is_signed) {
  int32_t bits;
  memcpy(&bits, p, sizeof(bits));
  const __m128i v = _mm_cvtsi32_si128(bits);
  return is_signed ? _mm_cvtepi8_epi32(v) : _mm_cvtepu8_epi32(v);
}

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_add_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm_add_epi32(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_sub_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm_sub_epi32(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_mul_i32_i16(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm_mullo_epi32(a, b); }

static XQNN_INLINE xqnn_simd_f32 xqnn_simd_cvt_i32_f32(xqnn_simd_i32 v) { return _mm_cvtepi32_ps(v); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_add_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return _mm_add_ps(a, b); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_mul_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return _mm_mul_ps(a, b); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_min_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return _mm_min_ps(a, b); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_max_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return _mm_max_ps(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_cast_f32_i32(xqnn_simd_f32 v) { return _mm_castps_si128(v); }

// One vector: LANES bytes, narrowed by saturating packs (a no-op for lanes in
// the output type's range).
static XQNN_INLINE void xqnn_simd_store_q8(uint8_t* p, xqnn_simd_i32 v, bool is_signed) {
  const __m128i h = _mm_packs_epi32(v, v);
  const int32_t bytes = _mm_cvtsi128_si32(is_signed ? _mm_packs_epi16(h, h) : _mm_packus_epi16(h, h));
  memcpy(p, &bytes, sizeof(bytes));
}

static XQNN_INLINE void xqnn_simd_store_f32(float* p, xqnn_simd_f32 v) { _mm_storeu_ps(p, v); }

// IEEE fp16, rounded as fp16_ieee_from_fp32_value.
static XQNN_INLINE void xqnn_simd_store_f16(uint16_t* p, xqnn_simd_f32 v) {
  _mm_storel_epi64((__m128i*) p, xqnn_sse2_fp16_from_fp32(v));
}

// Narrowed by saturating packs (a no-op for lanes in the output type's range).
static XQNN_INLINE void xqnn_simd_store_q8x2(uint8_t* p, xqnn_simd_i32 lo, xqnn_simd_i32 hi, bool is_signed) {
  const __m128i h = _mm_packs_epi32(lo, hi);
  _mm_storel_epi64((__m128i*) p, is_signed ? _mm_packs_epi16(h, h) : _mm_packus_epi16(h, h));
}

// ---- TFLite requantization (XQNN_FLAG_TFLITE_REQUANTIZATION) ----
// As in avx2.h (the same sums, offsets and shifts, bit for bit), on 2 qwords
// per vector. SSE4.1 has no per-lane shift: a qword shift by per-lane counts
// is two shifts and a blend, skipped when all 4 lanes shift alike (per-tensor
// multipliers); per-lane left shifts are products by 2^e (pmulld wraps as
// TFLite's shift does).
#define XQNN_SIMD_HAS_TFLITE_MULTIPLY 1

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_min_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm_min_epi32(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_max_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm_max_epi32(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_mullo_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm_mullo_epi32(a, b); }
// Arithmetic shift right of every lane by one count in [0, 31].
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_sra_i32(xqnn_simd_i32 a, int32_t count) {
  return _mm_sra_epi32(a, _mm_cvtsi32_si128(count));
}
// Logical shift right of every lane by one count in [0, 32]; 32 gives 0.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_srl_i32(xqnn_simd_i32 a, int32_t count) {
  return _mm_srl_epi32(a, _mm_cvtsi32_si128(count));
}
// Shift left of every lane by one count in [0, 31].
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_sll_i32(xqnn_simd_i32 a, int32_t count) {
  return _mm_sll_epi32(a, _mm_cvtsi32_si128(count));
}

// xqnn_tflite_doubling_high_mul per lane, for one multiplier in every lane.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_doubling_high_mul(xqnn_simd_i32 x, xqnn_simd_i32 multiplier) {
  const __m128i rounding = _mm_set1_epi64x(INT64_C(1) << 30);
  const __m128i even = _mm_srli_epi64(_mm_add_epi64(_mm_mul_epi32(x, multiplier), rounding), 31);
  const __m128i odd = _mm_slli_epi64(_mm_add_epi64(_mm_mul_epi32(_mm_srli_epi64(x, 32), multiplier), rounding), 1);
  return _mm_blend_epi16(even, odd, 0xCC);
}

// xqnn_tflite_rounding_divide_by_pot (ties away from zero) by one shift in [0, 31].
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_rounding_divide_by_pot(xqnn_simd_i32 x, int32_t shift) {
  const __m128i mask = _mm_set1_epi32((int32_t) ((UINT32_C(1) << shift) - 1));
  const __m128i remainder = _mm_and_si128(x, mask);
  const __m128i threshold = _mm_sub_epi32(_mm_srai_epi32(mask, 1), _mm_srai_epi32(x, 31));
  const __m128i q = _mm_sra_epi32(x, _mm_cvtsi32_si128(shift));
  return _mm_sub_epi32(q, _mm_cmpgt_epi32(remainder, threshold));
}

// Each qword of v shifted by its own count (the low 6+ bits of counts'
// qwords; 64 and more give 0), left or right.
static XQNN_INLINE __m128i xqnn_sse41_sll_epi64_lanes(__m128i v, __m128i counts) {
  return _mm_blend_epi16(_mm_sll_epi64(v, counts), _mm_sll_epi64(v, _mm_unpackhi_epi64(counts, counts)), 0xF0);
}
static XQNN_INLINE __m128i xqnn_sse41_srl_epi64_lanes(__m128i v, __m128i counts) {
  return _mm_blend_epi16(_mm_srl_epi64(v, counts), _mm_srl_epi64(v, _mm_unpackhi_epi64(counts, counts)), 0xF0);
}

// A per-lane TFLite multiplier prepared once for every row that shares it
// (avx2.h: y = floor((x * M + R) / 2^(31 + s)) on sums offset by 2^63).
struct xqnn_simd_tflite_multiplier {
  xqnn_simd_i32 multiplier, odd_multiplier, left_multiplier, offset;
  __m128i even_rounding, odd_rounding, even_shift, odd_shift;  // 64-bit lanes
  bool right_shifts;  // s > 0 in every lane: |y| < 1.5 * 2^30; odd_shift is s - 1
  bool left_shifts;   // some lane's exponent is > 0
  bool same_shifts;   // every lane shifts by the same s: one shift per qword pair
};

// 2^(32 - s) in each lane, for s in [0, 31] (2^32 is 0): 2^(31 - s) from a
// float's exponent field, doubled. s = 1 gives the bit pattern of 2^31; s = 0
// converts 2^31, beyond int32, to 0x80000000 (cvttps' "integer indefinite"),
// which doubles to 0.
static XQNN_INLINE __m128i xqnn_sse41_tflite_offset(__m128i right_shift) {
  const __m128i exponent_field = _mm_slli_epi32(_mm_sub_epi32(_mm_set1_epi32(127 + 31), right_shift), 23);
  return _mm_slli_epi32(_mm_cvttps_epi32(_mm_castsi128_ps(exponent_field)), 1);
}

static XQNN_INLINE struct xqnn_simd_tflite_multiplier xqnn_simd_tflite_prepare(xqnn_simd_i32 multiplier,
                                                                              xqnn_simd_i32 exponent) {
  const __m128i zero = _mm_setzero_si128();
  const __m128i right_shift = _mm_max_epi32(_mm_sub_epi32(zero, exponent), zero);
  const __m128i even_right_shift = _mm_blend_epi16(right_shift, zero, 0xCC);
  const __m128i odd_right_shift = _mm_srli_epi64(right_shift, 32);
  const __m128i half = _mm_set1_epi64x(INT64_C(1) << 30);
  const __m128i half_and_sign = _mm_add_epi64(half, _mm_set1_epi64x(INT64_MIN));
  struct xqnn_simd_tflite_multiplier m;
  m.multiplier = multiplier;
  m.odd_multiplier = _mm_srli_epi64(multiplier, 32);
  m.even_shift = _mm_add_epi64(even_right_shift, _mm_set1_epi64x(31));
  m.offset = xqnn_sse41_tflite_offset(right_shift);
  m.same_shifts = _mm_movemask_epi8(_mm_cmpeq_epi32(right_shift, _mm_shuffle_epi32(right_shift, 0))) == 0xFFFF;
  m.right_shifts = _mm_movemask_epi8(_mm_cmpgt_epi32(right_shift, zero)) == 0xFFFF;
  if (m.right_shifts) {
    // Every s > 0 (real models' multipliers, all below 1), hence no left
    // shift: about half the work of the general case below, which a 3x4 gemm
    // tile pays once per column block. R = 2^63 + 2^30 + 2^(30 + s).
    m.left_shifts = false;
    m.left_multiplier = _mm_set1_epi32(1);
    m.odd_shift = _mm_sub_epi64(odd_right_shift, _mm_set1_epi64x(1));
    if (m.same_shifts) {
      m.even_rounding = m.odd_rounding = _mm_add_epi64(half_and_sign, _mm_sll_epi64(half, even_right_shift));
    } else {
      m.even_rounding = _mm_add_epi64(half_and_sign, xqnn_sse41_sll_epi64_lanes(half, even_right_shift));
      m.odd_rounding = _mm_add_epi64(half_and_sign, xqnn_sse41_sll_epi64_lanes(half, odd_right_shift));
    }
    return m;
  }
  const __m128i left_shift = _mm_max_epi32(exponent, zero);
  m.left_shifts = !_mm_testz_si128(left_shift, left_shift);
  // 2^e for e in [0, 30] by the float's exponent field, exact.
  m.left_multiplier = _mm_cvttps_epi32(_mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(left_shift, _mm_set1_epi32(127)), 23)));
  m.odd_shift = _mm_add_epi64(odd_right_shift, _mm_set1_epi64x(31));
  // 2^(30 + s) where s > 0, else 0.
  const __m128i shift_or_64 = _mm_set1_epi64x(64);
  m.even_rounding = _mm_add_epi64(
      half_and_sign, xqnn_sse41_sll_epi64_lanes(half, _mm_blendv_epi8(even_right_shift, shift_or_64,
                                                                      _mm_cmpeq_epi64(even_right_shift, zero))));
  m.odd_rounding = _mm_add_epi64(
      half_and_sign, xqnn_sse41_sll_epi64_lanes(half, _mm_blendv_epi8(odd_right_shift, shift_or_64,
                                                                     _mm_cmpeq_epi64(odd_right_shift, zero))));
  return m;
}

// With m's flags as arguments, so that a caller which has tested them once
// (a gemm block's rows) gets straight-line code.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_multiply_prepared_as(
    xqnn_simd_i32 acc, const struct xqnn_simd_tflite_multiplier* m, bool left_shifts, bool right_shifts) {
  const __m128i x = left_shifts ? _mm_mullo_epi32(acc, m->left_multiplier) : acc;
  const __m128i even_sum = _mm_add_epi64(_mm_mul_epi32(x, m->multiplier), m->even_rounding);
  const __m128i odd_sum = _mm_add_epi64(_mm_mul_epi32(_mm_srli_epi64(x, 32), m->odd_multiplier), m->odd_rounding);
  __m128i even, odd;
  if (m->same_shifts) {
    even = _mm_srl_epi64(even_sum, m->even_shift);
    odd = _mm_srl_epi64(odd_sum, m->odd_shift);
  } else {
    even = xqnn_sse41_srl_epi64_lanes(even_sum, m->even_shift);
    odd = xqnn_sse41_srl_epi64_lanes(odd_sum, m->odd_shift);
  }
  if (!right_shifts) odd = _mm_slli_epi64(odd, 32);
  return _mm_sub_epi32(_mm_blend_epi16(even, odd, 0xCC), m->offset);
}

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_multiply_prepared(xqnn_simd_i32 acc,
                                                                   const struct xqnn_simd_tflite_multiplier* m) {
  return xqnn_simd_tflite_multiply_prepared_as(acc, m, m->left_shifts, m->right_shifts);
}

// xqnn_tflite_multiply per lane, for kernels that meet each multiplier once.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_multiply(xqnn_simd_i32 acc, xqnn_simd_i32 multiplier,
                                                         xqnn_simd_i32 exponent) {
  const struct xqnn_simd_tflite_multiplier m = xqnn_simd_tflite_prepare(multiplier, exponent);
  return xqnn_simd_tflite_multiply_prepared(acc, &m);
}

// ---- Byte vectors (max pooling): XQNN_SIMD_BYTES int8 / uint8 lanes ----
#define XQNN_SIMD_BYTES 16

typedef __m128i xqnn_simd_x8;

static XQNN_INLINE xqnn_simd_x8 xqnn_simd_load_x8(const uint8_t* p) { return _mm_loadu_si128((const __m128i*) p); }
static XQNN_INLINE void xqnn_simd_store_x8(uint8_t* p, xqnn_simd_x8 v) { _mm_storeu_si128((__m128i*) p, v); }
static XQNN_INLINE xqnn_simd_x8 xqnn_simd_splat_x8(uint8_t x) { return _mm_set1_epi8((char) x); }
static XQNN_INLINE xqnn_simd_x8 xqnn_simd_max_x8(xqnn_simd_x8 a, xqnn_simd_x8 b, bool is_signed) {
  return is_signed ? _mm_max_epi8(a, b) : _mm_max_epu8(a, b);
}
static XQNN_INLINE xqnn_simd_x8 xqnn_simd_min_x8(xqnn_simd_x8 a, xqnn_simd_x8 b, bool is_signed) {
  return is_signed ? _mm_min_epi8(a, b) : _mm_min_epu8(a, b);
}

#include "xqnn/simd/portable-tail.h"

// The first n <= LANES lanes as bytes, narrowed with saturation (the packs of
// xqnn_simd_store_q8 saturate).
static XQNN_INLINE void xqnn_simd_store_q8_saturated(uint8_t* p, xqnn_simd_i32 v, bool is_signed, size_t n) {
  if (n == XQNN_SIMD_LANES) {
    xqnn_simd_store_q8(p, v, is_signed);
  } else {
    xqnn_simd_store_q8_partial(p, v, is_signed, n);
  }
}
