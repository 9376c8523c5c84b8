// Channel-tile helpers shared by the generic SIMD bodies (dwconv, gavgpool,
// vbinary), written over the vector vocabulary of the including kernel file
// (src/xqnn/simd/<isa>.h, included first). A tile is V vectors of
// XQNN_SIMD_LANES int32 lanes; V is even, so tiles narrow to bytes in pairs.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn/common.h"

#ifndef XQNN_SIMD_LANES
#error "include a vector vocabulary header (src/xqnn/simd/<isa>.h) first"
#endif

// Largest tile the bodies handle, in vectors (e.g. 32 channels on AVX512).
#define XQNN_SIMD_MAX_TILE_VECTORS 8

// Clamp and round-half-to-even by the magic bias, as xqnn_fp32_round_magic:
// the result holds the output zero point and lies in the output range.
struct xqnn_simd_requant {
  xqnn_simd_f32 output_min, output_max, magic_bias;
  xqnn_simd_i32 magic_bias_less_zero_point;
};

static XQNN_INLINE struct xqnn_simd_requant xqnn_simd_requant_init(
    float output_min, float output_max, float magic_bias, int32_t magic_bias_less_zero_point) {
  struct xqnn_simd_requant rq;
  rq.output_min = xqnn_simd_splat_f32(output_min);
  rq.output_max = xqnn_simd_splat_f32(output_max);
  rq.magic_bias = xqnn_simd_splat_f32(magic_bias);
  rq.magic_bias_less_zero_point = xqnn_simd_splat_i32(magic_bias_less_zero_point);
  return rq;
}

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_requantize(xqnn_simd_f32 f, const struct xqnn_simd_requant* rq) {
  f = xqnn_simd_max_f32(f, rq->output_min);
  f = xqnn_simd_min_f32(f, rq->output_max);
  return xqnn_simd_sub_i32(xqnn_simd_cast_f32_i32(xqnn_simd_add_f32(f, rq->magic_bias)),
                           rq->magic_bias_less_zero_point);
}

// acc[0, V) = the first n int32 of src (lanes past n are 0; nothing past n is read).
static XQNN_INLINE void xqnn_simd_load_tile_i32(const size_t V, xqnn_simd_i32* acc, const int32_t* src, size_t n) {
  for (size_t v = 0; v < V; v++) {
    const size_t first = v * XQNN_SIMD_LANES;
    if (n >= first + XQNN_SIMD_LANES) {
      acc[v] = xqnn_simd_load_i32(src + first);
    } else {
      acc[v] = xqnn_simd_load_i32_partial(src + first, n > first ? n - first : 0);
    }
  }
}

// The first n lanes of acc[0, V) to dst; nothing past dst[n - 1] is written.
static XQNN_INLINE void xqnn_simd_store_tile_i32(const size_t V, const xqnn_simd_i32* acc, int32_t* dst, size_t n) {
  for (size_t v = 0; v < V; v++) {
    const size_t first = v * XQNN_SIMD_LANES;
    if (n >= first + XQNN_SIMD_LANES) {
      xqnn_simd_store_i32(dst + first, acc[v]);
    } else if (n > first) {
      xqnn_simd_store_i32_partial(dst + first, acc[v], n - first);
    }
  }
}

// The first n lanes of q[0, V) (in the output range) as bytes to dst.
static XQNN_INLINE void xqnn_simd_store_tile_q8(const size_t V, const xqnn_simd_i32* q, bool is_signed,
                                               uint8_t* dst, size_t n) {
  for (size_t g = 0; g < V / 2; g++) {
    const size_t first = 2 * g * XQNN_SIMD_LANES;
    if (n >= first + 2 * XQNN_SIMD_LANES) {
      xqnn_simd_store_q8x2(dst + first, q[2 * g], q[2 * g + 1], is_signed);
    } else if (n > first) {
      xqnn_simd_store_q8x2_partial(dst + first, q[2 * g], q[2 * g + 1], is_signed, n - first);
    }
  }
}

#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
// The first n lanes of q[0, V) as bytes narrowed with saturation (the clamp
// to the type's range) to dst; nothing past dst[n - 1] is written.
static XQNN_INLINE void xqnn_simd_store_tile_q8_saturated(const size_t V, const xqnn_simd_i32* q, bool is_signed,
                                                         uint8_t* dst, size_t n) {
  for (size_t g = 0; g < V / 2; g++) {
    const size_t first = 2 * g * XQNN_SIMD_LANES;
    if (n > first) {
      xqnn_simd_store_q8x2_saturated(dst + first, q[2 * g], q[2 * g + 1], is_signed,
                                     xqnn_min_sz(2 * XQNN_SIMD_LANES, n - first));
    }
  }
}
#endif
