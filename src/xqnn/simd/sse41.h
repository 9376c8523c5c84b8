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

// One vector: LANES bytes (in the output type's range: the packs never saturate).
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

// Lanes are in the output type's range, so neither pack saturates.
static XQNN_INLINE void xqnn_simd_store_q8x2(uint8_t* p, xqnn_simd_i32 lo, xqnn_simd_i32 hi, bool is_signed) {
  const __m128i h = _mm_packs_epi32(lo, hi);
  _mm_storel_epi64((__m128i*) p, is_signed ? _mm_packs_epi16(h, h) : _mm_packus_epi16(h, h));
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
