// The vector vocabulary (README.md beside this file) on AVX512SKX
// (F + CD + BW + DQ + VL): 16 lanes, masked loads and stores for tails.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <immintrin.h>

#include "xqnn/common.h"

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
