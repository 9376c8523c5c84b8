// Partial ("masked tail") loads and stores through stack copies, for ISAs
// without masked memory operations. Included at the end of a vocabulary
// header; touches exactly the first n elements of memory.
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifndef XQNN_SIMD_HAS_MASKED_TAIL

// n < XQNN_SIMD_LANES int32 (the other lanes are 0).
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_load_i32_partial(const int32_t* p, size_t n) {
  int32_t tmp[XQNN_SIMD_LANES] = {0};
  memcpy(tmp, p, n * sizeof(int32_t));
  return xqnn_simd_load_i32(tmp);
}

static XQNN_INLINE void xqnn_simd_store_i32_partial(int32_t* p, xqnn_simd_i32 v, size_t n) {
  int32_t tmp[XQNN_SIMD_LANES];
  xqnn_simd_store_i32(tmp, v);
  memcpy(p, tmp, n * sizeof(int32_t));
}

// n < 2 * XQNN_SIMD_LANES bytes.
static XQNN_INLINE void xqnn_simd_store_q8x2_partial(uint8_t* p, xqnn_simd_i32 lo, xqnn_simd_i32 hi,
                                                    bool is_signed, size_t n) {
  uint8_t tmp[2 * XQNN_SIMD_LANES];
  xqnn_simd_store_q8x2(tmp, lo, hi, is_signed);
  memcpy(p, tmp, n);
}

// One vector's first n < XQNN_SIMD_LANES outputs.
static XQNN_INLINE void xqnn_simd_store_q8_partial(uint8_t* p, xqnn_simd_i32 v, bool is_signed, size_t n) {
  uint8_t tmp[XQNN_SIMD_LANES];
  xqnn_simd_store_q8(tmp, v, is_signed);
  memcpy(p, tmp, n);
}

static XQNN_INLINE void xqnn_simd_store_f32_partial(float* p, xqnn_simd_f32 v, size_t n) {
  float tmp[XQNN_SIMD_LANES];
  xqnn_simd_store_f32(tmp, v);
  memcpy(p, tmp, n * sizeof(float));
}

static XQNN_INLINE void xqnn_simd_store_f16_partial(uint16_t* p, xqnn_simd_f32 v, size_t n) {
  uint16_t tmp[XQNN_SIMD_LANES];
  xqnn_simd_store_f16(tmp, v);
  memcpy(p, tmp, n * sizeof(uint16_t));
}

#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
// The first n <= 2 * LANES of lo and hi (lo's first), narrowed with
// saturation: the packs of the TFLite vocabularies' xqnn_simd_store_q8x2
// (SSE4.1, AVX2) saturate.
static XQNN_INLINE void xqnn_simd_store_q8x2_saturated(uint8_t* p, xqnn_simd_i32 lo, xqnn_simd_i32 hi, bool is_signed,
                                                       size_t n) {
  if (n == 2 * XQNN_SIMD_LANES) {
    xqnn_simd_store_q8x2(p, lo, hi, is_signed);
  } else {
    xqnn_simd_store_q8x2_partial(p, lo, hi, is_signed, n);
  }
}
#endif

#endif

// Byte vectors (ISAs that define XQNN_SIMD_BYTES): the first n < XQNN_SIMD_BYTES
// bytes. Stack copies whatever the ISA: no ISA here has byte-masked stores
// in its byte vocabulary yet.
#ifdef XQNN_SIMD_BYTES
static XQNN_INLINE void xqnn_simd_store_x8_partial(uint8_t* p, xqnn_simd_x8 v, size_t n) {
  uint8_t tmp[XQNN_SIMD_BYTES];
  xqnn_simd_store_x8(tmp, v);
  memcpy(p, tmp, n);
}
#endif
