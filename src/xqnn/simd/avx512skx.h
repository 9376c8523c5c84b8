// The vector vocabulary (README.md beside this file) on AVX512SKX
// (F + CD + BW + DQ + VL): 16 lanes, masked loads and stores for tails.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <immintrin.h>

#include "xqnn/common.h"
#include "xqnn/fp16-sse2.h"

#define XQNN_SIMD_LANES 16
#define XQNN_SIMD_HAS_MASKED_TAIL 1

typedef __m512i xqnn_simd_i32;
typedef __m512 xqnn_simd_f32;

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_load_i32(const int32_t* p) { return _mm512_loadu_si512(p); }
static XQNN_INLINE void xqnn_simd_store_i32(int32_t* p, xqnn_simd_i32 v) { _mm512_storeu_si512(p, v); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_load_f32(const float* p) { return _mm512_loadu_ps(p); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_splat_i32(int32_t x) { return _mm512_set1_epi32(x); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_splat_f32(float x) { return _mm512_set1_ps(x); }

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_load_q8(const uint8_t* p, bool is_signed) {
  const __m128i v = _mm_loadu_si128((const __m128i*) p);
  return is_signed ? _mm512_cvtepi8_epi32(v) : _mm512_cvtepu8_epi32(v);
}

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_add_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm512_add_epi32(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_sub_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm512_sub_epi32(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_mul_i32_i16(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm512_mullo_epi32(a, b); }

static XQNN_INLINE xqnn_simd_f32 xqnn_simd_cvt_i32_f32(xqnn_simd_i32 v) { return _mm512_cvtepi32_ps(v); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_add_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return _mm512_add_ps(a, b); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_mul_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return _mm512_mul_ps(a, b); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_min_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return _mm512_min_ps(a, b); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_max_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return _mm512_max_ps(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_cast_f32_i32(xqnn_simd_f32 v) { return _mm512_castps_si512(v); }

// vpmovdb truncates: exact, as the lanes are already in the output type's range.
static XQNN_INLINE void xqnn_simd_store_q8x2(uint8_t* p, xqnn_simd_i32 lo, xqnn_simd_i32 hi, bool is_signed) {
  (void) is_signed;
  _mm_storeu_si128((__m128i*) p, _mm512_cvtepi32_epi8(lo));
  _mm_storeu_si128((__m128i*) (p + 16), _mm512_cvtepi32_epi8(hi));
}

static XQNN_INLINE void xqnn_simd_store_q8(uint8_t* p, xqnn_simd_i32 v, bool is_signed) {
  (void) is_signed;
  _mm_storeu_si128((__m128i*) p, _mm512_cvtepi32_epi8(v));
}

static XQNN_INLINE void xqnn_simd_store_f32(float* p, xqnn_simd_f32 v) { _mm512_storeu_ps(p, v); }

static XQNN_INLINE __m256i xqnn_avx512_fp16_from_fp32(xqnn_simd_f32 v) {
  const __m128i lo = _mm_unpacklo_epi64(xqnn_sse2_fp16_from_fp32(_mm512_extractf32x4_ps(v, 0)),
                                        xqnn_sse2_fp16_from_fp32(_mm512_extractf32x4_ps(v, 1)));
  const __m128i hi = _mm_unpacklo_epi64(xqnn_sse2_fp16_from_fp32(_mm512_extractf32x4_ps(v, 2)),
                                        xqnn_sse2_fp16_from_fp32(_mm512_extractf32x4_ps(v, 3)));
  return _mm256_inserti128_si256(_mm256_castsi128_si256(lo), hi, 1);
}

// IEEE fp16, rounded as fp16_ieee_from_fp32_value.
static XQNN_INLINE void xqnn_simd_store_f16(uint16_t* p, xqnn_simd_f32 v) {
  _mm256_storeu_si256((__m256i*) p, xqnn_avx512_fp16_from_fp32(v));
}

// The first n lanes (n < 16; 0 allowed).
static XQNN_INLINE __mmask16 xqnn_avx512_lane_mask(size_t n) { return _cvtu32_mask16((UINT32_C(1) << n) - 1); }

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_load_i32_partial(const int32_t* p, size_t n) {
  return _mm512_maskz_loadu_epi32(xqnn_avx512_lane_mask(n), p);
}
static XQNN_INLINE void xqnn_simd_store_i32_partial(int32_t* p, xqnn_simd_i32 v, size_t n) {
  _mm512_mask_storeu_epi32(p, xqnn_avx512_lane_mask(n), v);
}
static XQNN_INLINE void xqnn_simd_store_q8x2_partial(uint8_t* p, xqnn_simd_i32 lo, xqnn_simd_i32 hi,
                                                    bool is_signed, size_t n) {
  (void) is_signed;
  if (n >= 16) {
    _mm_storeu_si128((__m128i*) p, _mm512_cvtepi32_epi8(lo));
    _mm_mask_storeu_epi8(p + 16, xqnn_avx512_lane_mask(n - 16), _mm512_cvtepi32_epi8(hi));
  } else {
    _mm_mask_storeu_epi8(p, xqnn_avx512_lane_mask(n), _mm512_cvtepi32_epi8(lo));
  }
}
static XQNN_INLINE void xqnn_simd_store_q8_partial(uint8_t* p, xqnn_simd_i32 v, bool is_signed, size_t n) {
  (void) is_signed;
  _mm_mask_storeu_epi8(p, xqnn_avx512_lane_mask(n), _mm512_cvtepi32_epi8(v));
}
// The first n <= 16 values, narrowed with saturation to int8 / uint8.
static XQNN_INLINE void xqnn_simd_store_q8_saturated(uint8_t* p, xqnn_simd_i32 v, bool is_signed, size_t n) {
  const __m128i bytes = is_signed ? _mm512_cvtsepi32_epi8(v) : _mm512_cvtusepi32_epi8(_mm512_max_epi32(v, _mm512_setzero_si512()));
  if (n == 16) {
    _mm_storeu_si128((__m128i*) p, bytes);
  } else {
    _mm_mask_storeu_epi8(p, xqnn_avx512_lane_mask(n), bytes);
  }
}
#define XQNN_SIMD_HAS_STORE_Q8X2_OFFSET 1

// Round half to even by the conversion (vcvtps2dq), under the MXCSR rounding
// the magic bias's addition also uses; lanes beyond int32 give INT32_MIN.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_round_f32_i32(xqnn_simd_f32 v) { return _mm512_cvtps_epi32(v); }

// The first n <= 32 bytes of v.
static XQNN_INLINE void xqnn_avx512_store_u8x32(uint8_t* p, __m256i v, size_t n) {
  if (n >= 32) {
    _mm256_storeu_si256((__m256i*) p, v);
  } else {
    _mm256_mask_storeu_epi8(p, _cvtu32_mask32((uint32_t) ((UINT64_C(1) << n) - 1)), v);
  }
}

// lo and hi, each plus zero_point and at least output_min, narrowed with
// saturation to int8 / uint8, all in saturating int16 (the pack first): a
// lane far below output_min (INT32_MIN included) ends at output_min. The
// in-lane pack leaves 4-value groups of lo and hi alternating.
static XQNN_INLINE __m256i xqnn_avx512_pack_q8x2_offset(xqnn_simd_i32 lo, xqnn_simd_i32 hi, int16_t zero_point,
                                                        int16_t output_min, bool is_signed) {
  __m512i h = _mm512_adds_epi16(_mm512_packs_epi32(lo, hi), _mm512_set1_epi16(zero_point));
  h = _mm512_max_epi16(h, _mm512_set1_epi16(output_min));
  return is_signed ? _mm512_cvtsepi16_epi8(h) : _mm512_cvtusepi16_epi8(h);
}

// The first n <= 32 of the 32 bytes an in-lane pack of (lo, hi) left with
// 4-value groups of lo and hi alternating, put back in order by one vpermd.
static XQNN_INLINE void xqnn_avx512_store_packed_q8x2(uint8_t* p, __m256i packed, size_t n) {
  xqnn_avx512_store_u8x32(p, _mm256_permutevar8x32_epi32(packed, _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7)), n);
}

// The first n <= 2 * LANES of 2 * LANES values (lo's first) as
// xqnn_avx512_pack_q8x2_offset narrows them.
static XQNN_INLINE void xqnn_simd_store_q8x2_offset(uint8_t* p, xqnn_simd_i32 lo, xqnn_simd_i32 hi, int16_t zero_point,
                                                    int16_t output_min, bool is_signed, size_t n) {
  xqnn_avx512_store_packed_q8x2(p, xqnn_avx512_pack_q8x2_offset(lo, hi, zero_point, output_min, is_signed), n);
}

// The first n <= 2 * LANES of 2 * LANES values (lo's first), narrowed with
// saturation to int8 / uint8: the in-lane pack leaves 4-value groups of lo
// and hi alternating, which one vpermd puts back in order. Cheaper here than
// two saturating vpmov(u)sdb.
static XQNN_INLINE void xqnn_simd_store_q8x2_saturated(uint8_t* p, xqnn_simd_i32 lo, xqnn_simd_i32 hi, bool is_signed,
                                                       size_t n) {
  xqnn_avx512_store_packed_q8x2(p,
                                is_signed ? _mm512_cvtsepi16_epi8(_mm512_packs_epi32(lo, hi))
                                          : _mm512_cvtusepi16_epi8(_mm512_packus_epi32(lo, hi)),
                                n);
}
static XQNN_INLINE void xqnn_simd_store_f32_partial(float* p, xqnn_simd_f32 v, size_t n) {
  _mm512_mask_storeu_ps(p, xqnn_avx512_lane_mask(n), v);
}
static XQNN_INLINE void xqnn_simd_store_f16_partial(uint16_t* p, xqnn_simd_f32 v, size_t n) {
  _mm256_mask_storeu_epi16(p, xqnn_avx512_lane_mask(n), xqnn_avx512_fp16_from_fp32(v));
}

// ---- TFLite requantization (XQNN_FLAG_TFLITE_REQUANTIZATION) ----
// As in avx2.h: xqnn_tflite_multiply per lane, exactly.
#define XQNN_SIMD_HAS_TFLITE_MULTIPLY 1

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_min_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm512_min_epi32(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_max_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm512_max_epi32(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_mullo_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm512_mullo_epi32(a, b); }
// Arithmetic shift right of every lane by one count in [0, 31].
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_sra_i32(xqnn_simd_i32 a, int32_t count) {
  return _mm512_sra_epi32(a, _mm_cvtsi32_si128(count));
}
// Logical shift right of every lane by one count in [0, 32]; 32 gives 0.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_srl_i32(xqnn_simd_i32 a, int32_t count) {
  return _mm512_srl_epi32(a, _mm_cvtsi32_si128(count));
}
// Shift left of every lane by one count in [0, 31].
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_sll_i32(xqnn_simd_i32 a, int32_t count) {
  return _mm512_sll_epi32(a, _mm_cvtsi32_si128(count));
}

// xqnn_tflite_doubling_high_mul per lane, for one multiplier in every lane:
// bits 31..62 of x * M + 2^30, the even lanes' 64-bit sums shifted right by
// 31, the odd lanes' shifted left by 1 into the upper half.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_doubling_high_mul(xqnn_simd_i32 x, xqnn_simd_i32 multiplier) {
  const xqnn_simd_i32 rounding = _mm512_set1_epi64(INT64_C(1) << 30);
  const xqnn_simd_i32 even = _mm512_srli_epi64(_mm512_add_epi64(_mm512_mul_epi32(x, multiplier), rounding), 31);
  const xqnn_simd_i32 odd =
      _mm512_slli_epi64(_mm512_add_epi64(_mm512_mul_epi32(_mm512_srli_epi64(x, 32), multiplier), rounding), 1);
  return _mm512_mask_blend_epi32(_cvtu32_mask16(0xAAAA), even, odd);
}

// xqnn_tflite_rounding_divide_by_pot (ties away from zero) by one shift in [0, 31].
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_rounding_divide_by_pot(xqnn_simd_i32 x, int32_t shift) {
  const __m128i count = _mm_cvtsi32_si128(shift);
  const xqnn_simd_i32 mask = _mm512_set1_epi32((int32_t) ((UINT32_C(1) << shift) - 1));
  const xqnn_simd_i32 remainder = _mm512_and_si512(x, mask);
  const xqnn_simd_i32 threshold = _mm512_sub_epi32(_mm512_srai_epi32(mask, 1), _mm512_srai_epi32(x, 31));
  const xqnn_simd_i32 q = _mm512_sra_epi32(x, count);
  return _mm512_mask_add_epi32(q, _mm512_cmpgt_epi32_mask(remainder, threshold), q, _mm512_set1_epi32(1));
}

// xqnn_tflite_multiply per lane, with its shifts derived on the spot: SRDHM's
// bits 31..62 of x * M + 2^30 (the even lanes' 64-bit sums shifted right by 31,
// the odd lanes' shifted left by 1 into the upper half), then the ties-up shift.
// For kernels that meet each multiplier once; gemm tiles prepare them instead.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_multiply(xqnn_simd_i32 acc, xqnn_simd_i32 multiplier,
                                                         xqnn_simd_i32 exponent) {
  const xqnn_simd_i32 zero = _mm512_setzero_si512();
  const xqnn_simd_i32 rounding = _mm512_set1_epi64(INT64_C(1) << 30);
  const xqnn_simd_i32 right_shift = _mm512_max_epi32(_mm512_sub_epi32(zero, exponent), zero);
  const xqnn_simd_i32 x = _mm512_sllv_epi32(acc, _mm512_max_epi32(exponent, zero));
  const xqnn_simd_i32 even = _mm512_srli_epi64(_mm512_add_epi64(_mm512_mul_epi32(x, multiplier), rounding), 31);
  const xqnn_simd_i32 odd = _mm512_slli_epi64(
      _mm512_add_epi64(_mm512_mul_epi32(_mm512_srli_epi64(x, 32), _mm512_srli_epi64(multiplier, 32)), rounding), 1);
  const xqnn_simd_i32 high = _mm512_mask_blend_epi32(_cvtu32_mask16(0xAAAA), even, odd);
  const xqnn_simd_i32 half_bit = _mm512_and_si512(
      _mm512_srlv_epi32(high, _mm512_sub_epi32(right_shift, _mm512_set1_epi32(1))), _mm512_set1_epi32(1));
  return _mm512_add_epi32(_mm512_srav_epi32(high, right_shift), half_bit);
}

// A per-lane TFLite multiplier prepared once for every row that shares it.
// SRDHM is floor((x * M + 2^30) / 2^31) and the ties-up shift by s of that is,
// by floor((floor(a / b) + c) / d) = floor((a + b * c) / (b * d)),
//   y = floor((x * M + R) / 2^(31 + s)),  R = 2^30 + (s > 0 ? 2^(30 + s) : 0):
// one rounding of a 64-bit sum (|x * M| < 2^62, R <= 2^30 + 2^61), so two
// 32x32 products, two adds, two arithmetic 64-bit shifts and one interleave.
// When every s > 0, y = floor(hi32(x * M + R) / 2^(s - 1)): one in-lane
// shuffle gathers both products' high halves, one 32-bit shift finishes.
struct xqnn_simd_tflite_multiplier {
  xqnn_simd_i32 multiplier, odd_multiplier, left_shift;
  xqnn_simd_i32 right_shift_less_one;  // s - 1, where right_shifts
  __m512i even_rounding, odd_rounding, even_shift, odd_shift;  // 64-bit lanes
  bool right_shifts;  // s > 0 in every lane: |y| < 1.5 * 2^30
  bool left_shifts;   // some lane's exponent is > 0
};

static XQNN_INLINE struct xqnn_simd_tflite_multiplier xqnn_simd_tflite_prepare(xqnn_simd_i32 multiplier,
                                                                              xqnn_simd_i32 exponent) {
  const xqnn_simd_i32 zero = _mm512_setzero_si512();
  const xqnn_simd_i32 right_shift = _mm512_max_epi32(_mm512_sub_epi32(zero, exponent), zero);
  const __m512i even_right_shift = _mm512_and_si512(right_shift, _mm512_set1_epi64(UINT32_MAX));
  const __m512i odd_right_shift = _mm512_srli_epi64(right_shift, 32);
  const __m512i half = _mm512_set1_epi64(INT64_C(1) << 30);
  struct xqnn_simd_tflite_multiplier m;
  m.multiplier = multiplier;
  m.odd_multiplier = _mm512_srli_epi64(multiplier, 32);
  m.left_shift = _mm512_max_epi32(exponent, zero);
  m.right_shifts = _mm512_cmpeq_epi32_mask(right_shift, zero) == 0;
  m.left_shifts = _mm512_test_epi32_mask(m.left_shift, m.left_shift) != 0;
  m.even_shift = _mm512_add_epi64(even_right_shift, _mm512_set1_epi64(31));
  m.odd_shift = _mm512_add_epi64(odd_right_shift, _mm512_set1_epi64(31));
  m.right_shift_less_one = _mm512_sub_epi32(right_shift, _mm512_set1_epi32(1));
  m.even_rounding = _mm512_add_epi64(
      half, _mm512_maskz_sllv_epi64(_mm512_test_epi64_mask(even_right_shift, even_right_shift), half, even_right_shift));
  m.odd_rounding = _mm512_add_epi64(
      half, _mm512_maskz_sllv_epi64(_mm512_test_epi64_mask(odd_right_shift, odd_right_shift), half, odd_right_shift));
  return m;
}

// With m's flags as arguments, so that a caller which has tested them once
// (a gemm block's rows) gets straight-line code.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_multiply_prepared_as(
    xqnn_simd_i32 acc, const struct xqnn_simd_tflite_multiplier* m, bool left_shifts, bool right_shifts) {
  const xqnn_simd_i32 x = left_shifts ? _mm512_sllv_epi32(acc, m->left_shift) : acc;
  const __m512i even_sum = _mm512_add_epi64(_mm512_mul_epi32(x, m->multiplier), m->even_rounding);
  const __m512i odd_sum =
      _mm512_add_epi64(_mm512_mul_epi32(_mm512_srli_epi64(x, 32), m->odd_multiplier), m->odd_rounding);
  if (right_shifts) {
    // Even lane 2j takes the high half of even qword j (lane 2j + 1): (1, 1, 3, 3) per 128 bits.
    const xqnn_simd_i32 high = _mm512_mask_shuffle_epi32(odd_sum, _cvtu32_mask16(0x5555), even_sum, _MM_PERM_DDBB);
    return _mm512_srav_epi32(high, m->right_shift_less_one);
  }
  const __m512i even = _mm512_srav_epi64(even_sum, m->even_shift);
  const __m512i odd = _mm512_srav_epi64(odd_sum, m->odd_shift);
  // Result lane 2j is the low half of even qword j, lane 2j + 1 that of odd qword j.
  const __m512i interleave = _mm512_set_epi32(30, 14, 28, 12, 26, 10, 24, 8, 22, 6, 20, 4, 18, 2, 16, 0);
  return _mm512_permutex2var_epi32(even, interleave, odd);
}

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_multiply_prepared(xqnn_simd_i32 acc,
                                                                   const struct xqnn_simd_tflite_multiplier* m) {
  return xqnn_simd_tflite_multiply_prepared_as(acc, m, m->left_shifts, m->right_shifts);
}
