// The vector vocabulary (README.md beside this file) on AVX2: 8 lanes.
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <immintrin.h>

#include "xqnn/common.h"
#include "xqnn/fp16-sse2.h"

#define XQNN_SIMD_LANES 8

typedef __m256i xqnn_simd_i32;
typedef __m256 xqnn_simd_f32;

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_load_i32(const int32_t* p) { return _mm256_loadu_si256((const __m256i*) p); }
static XQNN_INLINE void xqnn_simd_store_i32(int32_t* p, xqnn_simd_i32 v) { _mm256_storeu_si256((__m256i*) p, v); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_load_f32(const float* p) { return _mm256_loadu_ps(p); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_splat_i32(int32_t x) { return _mm256_set1_epi32(x); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_splat_f32(float x) { return _mm256_set1_ps(x); }

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_load_q8(const uint8_t* p, bool is_signed) {
  const __m128i v = _mm_loadl_epi64((const __m128i*) p);
  return is_signed ? _mm256_cvtepi8_epi32(v) : _mm256_cvtepu8_epi32(v);
}

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_add_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm256_add_epi32(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_sub_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm256_sub_epi32(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_mul_i32_i16(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm256_mullo_epi32(a, b); }

static XQNN_INLINE xqnn_simd_f32 xqnn_simd_cvt_i32_f32(xqnn_simd_i32 v) { return _mm256_cvtepi32_ps(v); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_add_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return _mm256_add_ps(a, b); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_mul_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return _mm256_mul_ps(a, b); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_min_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return _mm256_min_ps(a, b); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_max_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return _mm256_max_ps(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_cast_f32_i32(xqnn_simd_f32 v) { return _mm256_castps_si256(v); }

// One vector: LANES bytes (in the output type's range: the packs never saturate).
static XQNN_INLINE void xqnn_simd_store_q8(uint8_t* p, xqnn_simd_i32 v, bool is_signed) {
  const __m128i h = _mm_packs_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  _mm_storel_epi64((__m128i*) p, is_signed ? _mm_packs_epi16(h, h) : _mm_packus_epi16(h, h));
}

static XQNN_INLINE void xqnn_simd_store_f32(float* p, xqnn_simd_f32 v) { _mm256_storeu_ps(p, v); }

// The first n <= 8 values, narrowed with saturation to int8 / uint8 (as the
// packs of xqnn_simd_store_q8 do).
static XQNN_INLINE void xqnn_simd_store_q8_saturated(uint8_t* p, xqnn_simd_i32 v, bool is_signed, size_t n) {
  const __m128i h = _mm_packs_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  const __m128i bytes = is_signed ? _mm_packs_epi16(h, h) : _mm_packus_epi16(h, h);
  if (n == 8) {
    _mm_storel_epi64((__m128i*) p, bytes);
  } else {
    uint8_t tmp[16];
    _mm_storeu_si128((__m128i*) tmp, bytes);
    memcpy(p, tmp, n);
  }
}

// IEEE fp16, rounded as fp16_ieee_from_fp32_value.
static XQNN_INLINE void xqnn_simd_store_f16(uint16_t* p, xqnn_simd_f32 v) {
  _mm_storeu_si128((__m128i*) p, _mm_unpacklo_epi64(xqnn_sse2_fp16_from_fp32(_mm256_castps256_ps128(v)),
                                                    xqnn_sse2_fp16_from_fp32(_mm256_extractf128_ps(v, 1))));
}

// Lanes are in the output type's range, so neither pack saturates. The
// in-lane packs leave the 4-byte groups in order 0 2 1 3: one shuffle fixes it.
static XQNN_INLINE void xqnn_simd_store_q8x2(uint8_t* p, xqnn_simd_i32 lo, xqnn_simd_i32 hi, bool is_signed) {
  const __m256i h = _mm256_packs_epi32(lo, hi);
  const __m128i h0 = _mm256_castsi256_si128(h);
  const __m128i h1 = _mm256_extracti128_si256(h, 1);
  const __m128i b = is_signed ? _mm_packs_epi16(h0, h1) : _mm_packus_epi16(h0, h1);
  _mm_storeu_si128((__m128i*) p, _mm_shuffle_epi32(b, _MM_SHUFFLE(3, 1, 2, 0)));
}

#define XQNN_SIMD_HAS_STORE_Q8X2_OFFSET 1

// Round half to even by the conversion (vcvtps2dq), under the MXCSR rounding
// the magic bias's addition also uses; lanes beyond int32 give INT32_MIN.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_round_f32_i32(xqnn_simd_f32 v) { return _mm256_cvtps_epi32(v); }

// lo and hi, each plus zero_point and at least output_min, narrowed with
// saturation to int8 / uint8, all in saturating int16 (the pack first): a
// lane far below output_min (INT32_MIN included) ends at output_min. The
// in-lane packs leave the 4-byte groups of lo and hi alternating.
static XQNN_INLINE __m128i xqnn_avx2_pack_q8x2_offset(xqnn_simd_i32 lo, xqnn_simd_i32 hi, int16_t zero_point,
                                                      int16_t output_min, bool is_signed) {
  __m256i h = _mm256_adds_epi16(_mm256_packs_epi32(lo, hi), _mm256_set1_epi16(zero_point));
  h = _mm256_max_epi16(h, _mm256_set1_epi16(output_min));
  const __m128i h0 = _mm256_castsi256_si128(h);
  const __m128i h1 = _mm256_extracti128_si256(h, 1);
  return is_signed ? _mm_packs_epi16(h0, h1) : _mm_packus_epi16(h0, h1);
}

// 2 * LANES values (lo's first) as xqnn_avx2_pack_q8x2_offset narrows them,
// the groups put back in order as in xqnn_simd_store_q8x2.
static XQNN_INLINE void xqnn_simd_store_q8x2_offset(uint8_t* p, xqnn_simd_i32 lo, xqnn_simd_i32 hi, int16_t zero_point,
                                                    int16_t output_min, bool is_signed) {
  const __m128i b = xqnn_avx2_pack_q8x2_offset(lo, hi, zero_point, output_min, is_signed);
  _mm_storeu_si128((__m128i*) p, _mm_shuffle_epi32(b, _MM_SHUFFLE(3, 1, 2, 0)));
}

// ---- int16 tap pairs (dwconv; README.md, "Tap pairs") ----
#define XQNN_SIMD_HAS_MADD_PAIRS 1

// lo / hi += x0[c] * w0[c] + x1[c] * w1[c] over 16 channels in pair order, with
// w the 32 int16 weight pairs (w0, w1) of the two vectors, lo's first.
static XQNN_INLINE void xqnn_simd_madd_pair_q8(xqnn_simd_i32* lo, xqnn_simd_i32* hi, const uint8_t* x0,
                                               const uint8_t* x1, const int16_t* w, bool is_signed) {
  const __m128i b0 = _mm_loadu_si128((const __m128i*) x0);
  const __m128i b1 = _mm_loadu_si128((const __m128i*) x1);
  const __m256i a0 = is_signed ? _mm256_cvtepi8_epi16(b0) : _mm256_cvtepu8_epi16(b0);
  const __m256i a1 = is_signed ? _mm256_cvtepi8_epi16(b1) : _mm256_cvtepu8_epi16(b1);
  *lo = _mm256_add_epi32(*lo, _mm256_madd_epi16(_mm256_unpacklo_epi16(a0, a1),
                                                _mm256_loadu_si256((const __m256i*) w)));
  *hi = _mm256_add_epi32(*hi, _mm256_madd_epi16(_mm256_unpackhi_epi16(a0, a1),
                                                _mm256_loadu_si256((const __m256i*) (w + 16))));
}

// The first n (<= 16) channels of a pair-ordered (lo, hi) as
// xqnn_avx2_pack_q8x2_offset narrows them: the in-lane pack restores channel
// order.
static XQNN_INLINE void xqnn_simd_store_q8x2_pair_order(uint8_t* p, xqnn_simd_i32 lo, xqnn_simd_i32 hi,
                                                        int16_t zero_point, int16_t output_min, bool is_signed,
                                                        size_t n) {
  const __m128i b = xqnn_avx2_pack_q8x2_offset(lo, hi, zero_point, output_min, is_signed);
  if (n >= 16) {
    _mm_storeu_si128((__m128i*) p, b);
  } else {
    uint8_t bytes[16];
    _mm_storeu_si128((__m128i*) bytes, b);
    memcpy(p, bytes, n);
  }
}

// ---- TFLite requantization (XQNN_FLAG_TFLITE_REQUANTIZATION) ----
// xqnn_tflite_multiply per lane (src/xqnn/requantization.h): per-lane shifts
// make it exact here. SRDHM as defined there is floor((x * M + 2^30) / 2^31):
// bits 31..62 of the 64-bit sum, i.e. the low half of a logical 64-bit shift.
// The ties-up rounding shift is (h >> s) + bit s - 1 of h (no overflow); a
// shift count of -1 (s = 0) reads as 2^32 - 1, so that bit is 0.
#define XQNN_SIMD_HAS_TFLITE_MULTIPLY 1

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_min_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm256_min_epi32(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_max_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm256_max_epi32(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_mullo_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm256_mullo_epi32(a, b); }
// Arithmetic shift right of every lane by one count in [0, 31].
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_sra_i32(xqnn_simd_i32 a, int32_t count) {
  return _mm256_sra_epi32(a, _mm_cvtsi32_si128(count));
}
// Logical shift right of every lane by one count in [0, 32]; 32 gives 0.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_srl_i32(xqnn_simd_i32 a, int32_t count) {
  return _mm256_srl_epi32(a, _mm_cvtsi32_si128(count));
}
// Shift left of every lane by one count in [0, 31].
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_sll_i32(xqnn_simd_i32 a, int32_t count) {
  return _mm256_sll_epi32(a, _mm_cvtsi32_si128(count));
}

// xqnn_tflite_doubling_high_mul per lane, for one multiplier in every lane:
// bits 31..62 of x * M + 2^30, the even lanes' 64-bit sums shifted right by
// 31, the odd lanes' shifted left by 1 into the upper half.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_doubling_high_mul(xqnn_simd_i32 x, xqnn_simd_i32 multiplier) {
  const xqnn_simd_i32 rounding = _mm256_set1_epi64x(INT64_C(1) << 30);
  const xqnn_simd_i32 even = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epi32(x, multiplier), rounding), 31);
  const xqnn_simd_i32 odd =
      _mm256_slli_epi64(_mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(x, 32), multiplier), rounding), 1);
  return _mm256_blend_epi32(even, odd, 0xAA);
}

// xqnn_tflite_rounding_divide_by_pot (ties away from zero) by one shift in [0, 31].
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_rounding_divide_by_pot(xqnn_simd_i32 x, int32_t shift) {
  const __m128i count = _mm_cvtsi32_si128(shift);
  const xqnn_simd_i32 mask = _mm256_set1_epi32((int32_t) ((UINT32_C(1) << shift) - 1));
  const xqnn_simd_i32 remainder = _mm256_and_si256(x, mask);
  const xqnn_simd_i32 threshold = _mm256_sub_epi32(_mm256_srai_epi32(mask, 1), _mm256_srai_epi32(x, 31));
  const xqnn_simd_i32 q = _mm256_sra_epi32(x, count);
  return _mm256_sub_epi32(q, _mm256_cmpgt_epi32(remainder, threshold));
}

// xqnn_tflite_multiply per lane, with its shifts derived on the spot (for
// kernels that meet each multiplier once; gemm tiles prepare them instead).
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_multiply(xqnn_simd_i32 acc, xqnn_simd_i32 multiplier,
                                                         xqnn_simd_i32 exponent) {
  const xqnn_simd_i32 zero = _mm256_setzero_si256();
  const xqnn_simd_i32 rounding = _mm256_set1_epi64x(INT64_C(1) << 30);
  const xqnn_simd_i32 right_shift = _mm256_max_epi32(_mm256_sub_epi32(zero, exponent), zero);
  const xqnn_simd_i32 x = _mm256_sllv_epi32(acc, _mm256_max_epi32(exponent, zero));
  const xqnn_simd_i32 even = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epi32(x, multiplier), rounding), 31);
  const xqnn_simd_i32 odd = _mm256_slli_epi64(
      _mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(x, 32), _mm256_srli_epi64(multiplier, 32)), rounding), 1);
  const xqnn_simd_i32 high = _mm256_blend_epi32(even, odd, 0xAA);
  const xqnn_simd_i32 half_bit = _mm256_and_si256(
      _mm256_srlv_epi32(high, _mm256_sub_epi32(right_shift, _mm256_set1_epi32(1))), _mm256_set1_epi32(1));
  return _mm256_add_epi32(_mm256_srav_epi32(high, right_shift), half_bit);
}

// A per-lane TFLite multiplier prepared once for every row that shares it.
// As in avx512skx.h, SRDHM and the ties-up shift by s are one rounding,
//   y = floor((x * M + R) / 2^(31 + s)),  R = 2^30 + (s > 0 ? 2^(30 + s) : 0).
// AVX2 has no arithmetic 64-bit shift: the sum is offset by 2^63 (folded into
// R) and shifted logically, which adds 2^(32 - s) to the low half of y; that
// is taken off at the end (it is 2^32, i.e. nothing, when s = 0). When every
// s > 0, no offset: y = floor(hi32(x * M + R) / 2^(s - 1)), one shuffle and
// blend gather both products' high halves and one 32-bit arithmetic shift
// finishes (as in avx512skx.h).
struct xqnn_simd_tflite_multiplier {
  xqnn_simd_i32 multiplier, odd_multiplier, left_shift, offset;
  xqnn_simd_i32 right_shift_less_one;  // s - 1, where right_shifts
  __m256i even_rounding, odd_rounding, even_shift, odd_shift;  // 64-bit lanes
  bool right_shifts;  // s > 0 in every lane: |y| < 1.5 * 2^30
  bool left_shifts;   // some lane's exponent is > 0
};

static XQNN_INLINE struct xqnn_simd_tflite_multiplier xqnn_simd_tflite_prepare(xqnn_simd_i32 multiplier,
                                                                              xqnn_simd_i32 exponent) {
  const xqnn_simd_i32 zero = _mm256_setzero_si256();
  const xqnn_simd_i32 right_shift = _mm256_max_epi32(_mm256_sub_epi32(zero, exponent), zero);
  const __m256i even_right_shift = _mm256_blend_epi32(right_shift, zero, 0xAA);
  const __m256i odd_right_shift = _mm256_srli_epi64(right_shift, 32);
  const __m256i half = _mm256_set1_epi64x(INT64_C(1) << 30);
  struct xqnn_simd_tflite_multiplier m;
  m.multiplier = multiplier;
  m.odd_multiplier = _mm256_srli_epi64(multiplier, 32);
  m.right_shifts = _mm256_movemask_epi8(_mm256_cmpgt_epi32(right_shift, zero)) == -1;
  if (m.right_shifts) {
    // Every s > 0 (real models' multipliers, all below 1), hence no left
    // shift: about half the work of the general case below, which a gemm
    // tile pays once per column block and call. R = 2^30 + 2^(30 + s).
    m.left_shift = zero;
    m.left_shifts = false;
    m.right_shift_less_one = _mm256_sub_epi32(right_shift, _mm256_set1_epi32(1));
    m.even_rounding = _mm256_add_epi64(half, _mm256_sllv_epi64(half, even_right_shift));
    m.odd_rounding = _mm256_add_epi64(half, _mm256_sllv_epi64(half, odd_right_shift));
    m.offset = m.even_shift = m.odd_shift = zero;  // unused
    return m;
  }
  const __m256i half_and_sign = _mm256_add_epi64(half, _mm256_set1_epi64x(INT64_MIN));
  m.right_shift_less_one = zero;
  m.even_shift = _mm256_add_epi64(even_right_shift, _mm256_set1_epi64x(31));
  m.offset = _mm256_sllv_epi32(_mm256_set1_epi32(1), _mm256_sub_epi32(_mm256_set1_epi32(32), right_shift));
  m.left_shift = _mm256_max_epi32(exponent, zero);
  m.left_shifts = !_mm256_testz_si256(m.left_shift, m.left_shift);
  m.odd_shift = _mm256_add_epi64(odd_right_shift, _mm256_set1_epi64x(31));
  // 2^(30 + s) where s > 0, else 0 (a shift count of 64 and more yields 0).
  const __m256i shift_or_64 = _mm256_set1_epi64x(64);
  m.even_rounding = _mm256_add_epi64(
      half_and_sign,
      _mm256_sllv_epi64(half, _mm256_blendv_epi8(even_right_shift, shift_or_64,
                                                 _mm256_cmpeq_epi64(even_right_shift, zero))));
  m.odd_rounding = _mm256_add_epi64(
      half_and_sign,
      _mm256_sllv_epi64(half, _mm256_blendv_epi8(odd_right_shift, shift_or_64,
                                                 _mm256_cmpeq_epi64(odd_right_shift, zero))));
  return m;
}

// With m's flags as arguments, so that a caller which has tested them once
// (a gemm block's rows) gets straight-line code.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_multiply_prepared_as(
    xqnn_simd_i32 acc, const struct xqnn_simd_tflite_multiplier* m, bool left_shifts, bool right_shifts) {
  const xqnn_simd_i32 x = left_shifts ? _mm256_sllv_epi32(acc, m->left_shift) : acc;
  const __m256i even_sum = _mm256_add_epi64(_mm256_mul_epi32(x, m->multiplier), m->even_rounding);
  const __m256i odd_sum =
      _mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(x, 32), m->odd_multiplier), m->odd_rounding);
  if (right_shifts) {
    const __m256i high = _mm256_blend_epi32(_mm256_shuffle_epi32(even_sum, _MM_SHUFFLE(3, 3, 1, 1)), odd_sum, 0xAA);
    return _mm256_srav_epi32(high, m->right_shift_less_one);
  }
  const __m256i even = _mm256_srlv_epi64(even_sum, m->even_shift);
  const __m256i odd = _mm256_slli_epi64(_mm256_srlv_epi64(odd_sum, m->odd_shift), 32);
  return _mm256_sub_epi32(_mm256_blend_epi32(even, odd, 0xAA), m->offset);
}

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_multiply_prepared(xqnn_simd_i32 acc,
                                                                   const struct xqnn_simd_tflite_multiplier* m) {
  return xqnn_simd_tflite_multiply_prepared_as(acc, m, m->left_shifts, m->right_shifts);
}

// ---- Byte vectors (max pooling): XQNN_SIMD_BYTES int8 / uint8 lanes ----
#define XQNN_SIMD_BYTES 32

typedef __m256i xqnn_simd_x8;

static XQNN_INLINE xqnn_simd_x8 xqnn_simd_load_x8(const uint8_t* p) { return _mm256_loadu_si256((const __m256i*) p); }
static XQNN_INLINE void xqnn_simd_store_x8(uint8_t* p, xqnn_simd_x8 v) { _mm256_storeu_si256((__m256i*) p, v); }
static XQNN_INLINE xqnn_simd_x8 xqnn_simd_splat_x8(uint8_t x) { return _mm256_set1_epi8((char) x); }
static XQNN_INLINE xqnn_simd_x8 xqnn_simd_max_x8(xqnn_simd_x8 a, xqnn_simd_x8 b, bool is_signed) {
  return is_signed ? _mm256_max_epi8(a, b) : _mm256_max_epu8(a, b);
}
static XQNN_INLINE xqnn_simd_x8 xqnn_simd_min_x8(xqnn_simd_x8 a, xqnn_simd_x8 b, bool is_signed) {
  return is_signed ? _mm256_min_epi8(a, b) : _mm256_min_epu8(a, b);
}

#include "xqnn/simd/portable-tail.h"
