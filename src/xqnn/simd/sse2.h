// The vector vocabulary (README.md beside this file) on SSE2: 4 lanes.
// SSE2 has no sign extension of bytes and no 32-bit multiply: bytes are
// widened by unpacking (then an arithmetic shift for int8), and products of
// int16-range lanes come from pmaddwd with one operand's high halves zeroed.
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <emmintrin.h>

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
  if (is_signed) {
    const __m128i v16 = _mm_unpacklo_epi8(v, v);
    return _mm_srai_epi32(_mm_unpacklo_epi16(v16, v16), 24);
  }
  const __m128i zero = _mm_setzero_si128();
  return _mm_unpacklo_epi16(_mm_unpacklo_epi8(v, zero), zero);
}

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_add_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm_add_epi32(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_sub_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return _mm_sub_epi32(a, b); }

// pmaddwd sums lo(a) * lo(b) + hi(a) * hi(b) over int16 halves; with b's high
// halves zeroed that is lo(a) * lo(b), and lo(x) == x for int16-range lanes.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_mul_i32_i16(xqnn_simd_i32 a, xqnn_simd_i32 b) {
  return _mm_madd_epi16(a, _mm_and_si128(b, _mm_set1_epi32(0xFFFF)));
}

static XQNN_INLINE xqnn_simd_f32 xqnn_simd_cvt_i32_f32(xqnn_simd_i32 v) { return _mm_cvtepi32_ps(v); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_add_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return _mm_add_ps(a, b); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_mul_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return _mm_mul_ps(a, b); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_min_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return _mm_min_ps(a, b); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_max_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return _mm_max_ps(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_cast_f32_i32(xqnn_simd_f32 v) { return _mm_castps_si128(v); }

// Lanes are in the output type's range, so neither pack saturates.
static XQNN_INLINE __m128i xqnn_sse_pack_q8x2(__m128i lo, __m128i hi, bool is_signed) {
  const __m128i p = _mm_packs_epi32(lo, hi);
  return is_signed ? _mm_packs_epi16(p, p) : _mm_packus_epi16(p, p);
}

// One vector: LANES bytes.
static XQNN_INLINE void xqnn_simd_store_q8(uint8_t* p, xqnn_simd_i32 v, bool is_signed) {
  const int32_t bytes = _mm_cvtsi128_si32(xqnn_sse_pack_q8x2(v, v, is_signed));
  memcpy(p, &bytes, sizeof(bytes));
}

static XQNN_INLINE void xqnn_simd_store_f32(float* p, xqnn_simd_f32 v) { _mm_storeu_ps(p, v); }

// IEEE fp16, rounded as fp16_ieee_from_fp32_value.
static XQNN_INLINE void xqnn_simd_store_f16(uint16_t* p, xqnn_simd_f32 v) {
  _mm_storel_epi64((__m128i*) p, xqnn_sse2_fp16_from_fp32(v));
}

static XQNN_INLINE void xqnn_simd_store_q8x2(uint8_t* p, xqnn_simd_i32 lo, xqnn_simd_i32 hi, bool is_signed) {
  _mm_storel_epi64((__m128i*) p, xqnn_sse_pack_q8x2(lo, hi, is_signed));
}

// ---- Byte vectors (max pooling): XQNN_SIMD_BYTES int8 / uint8 lanes ----
// SSE2 has pmaxub / pminub only: int8 lanes are compared as uint8 after
// flipping their sign bit (x ^ 0x80 maps -128..127 onto 0..255 in order).
#define XQNN_SIMD_BYTES 16

typedef __m128i xqnn_simd_x8;

static XQNN_INLINE xqnn_simd_x8 xqnn_simd_load_x8(const uint8_t* p) { return _mm_loadu_si128((const __m128i*) p); }
static XQNN_INLINE void xqnn_simd_store_x8(uint8_t* p, xqnn_simd_x8 v) { _mm_storeu_si128((__m128i*) p, v); }
static XQNN_INLINE xqnn_simd_x8 xqnn_simd_splat_x8(uint8_t x) { return _mm_set1_epi8((char) x); }

static XQNN_INLINE xqnn_simd_x8 xqnn_simd_max_x8(xqnn_simd_x8 a, xqnn_simd_x8 b, bool is_signed) {
  if (!is_signed) return _mm_max_epu8(a, b);
  const __m128i sign = _mm_set1_epi8((char) 0x80);
  return _mm_xor_si128(_mm_max_epu8(_mm_xor_si128(a, sign), _mm_xor_si128(b, sign)), sign);
}

static XQNN_INLINE xqnn_simd_x8 xqnn_simd_min_x8(xqnn_simd_x8 a, xqnn_simd_x8 b, bool is_signed) {
  if (!is_signed) return _mm_min_epu8(a, b);
  const __m128i sign = _mm_set1_epi8((char) 0x80);
  return _mm_xor_si128(_mm_min_epu8(_mm_xor_si128(a, sign), _mm_xor_si128(b, sign)), sign);
}

#include "xqnn/simd/portable-tail.h"
