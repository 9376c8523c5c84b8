// The generic body of the SIMD s8 bilinear-interpolation micro-kernels over
// the vector vocabulary of the including file (src/xqnn/simd/<isa>.h,
// included first; it must offer TFLite's rounding shift,
// XQNN_SIMD_HAS_TFLITE_MULTIPLY). Same arithmetic as
// src/s8-ibilinear/s8-ibilinear-c1-scalar.c, bit for bit: the int32 sums are
// exact (the weights' bounds), and xqnn_simd_tflite_rounding_divide_by_pot
// rounds half away from zero like TFLite's (acc +- 2^19) / 2^20. The last
// channel tile reads whole vectors (an over-read within XQNN_EXTRA_BYTES) and
// writes only its channels.
#pragma once

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn/common.h"
#include "xqnn/math.h"
#include "xqnn/microkernels.h"
#include "xqnn/simd-tile.h"

#if !XQNN_SIMD_HAS_TFLITE_MULTIPLY
#error "ibilinear-simd-template.h needs the vocabulary's TFLite rounding shift"
#endif

static XQNN_INLINE void xqnn_simd_ibilinear_body(
    const size_t TILE, size_t output_pixels, size_t channels, const void** input, size_t input_offset,
    const int16_t* weights, void* output, size_t output_stride) {
  const size_t V = TILE / XQNN_SIMD_LANES;
  assert(output_pixels != 0);
  assert(channels != 0);
  assert(TILE % (2 * XQNN_SIMD_LANES) == 0 && V <= XQNN_SIMD_MAX_TILE_VECTORS);
  const xqnn_simd_i32 vmin = xqnn_simd_splat_i32(-128), vmax = xqnn_simd_splat_i32(127);
  uint8_t* y = output;
  for (size_t px = 0; px < output_pixels; px++) {
    const uint8_t* x00 = (const uint8_t*) ((uintptr_t) input[0] + input_offset);
    const uint8_t* x01 = (const uint8_t*) ((uintptr_t) input[1] + input_offset);
    const uint8_t* x10 = (const uint8_t*) ((uintptr_t) input[2] + input_offset);
    const uint8_t* x11 = (const uint8_t*) ((uintptr_t) input[3] + input_offset);
    // Weights are int16-range, the operand mul_i32_i16 needs so.
    const xqnn_simd_i32 wx1 = xqnn_simd_splat_i32(weights[0]), wy1 = xqnn_simd_splat_i32(weights[1]);
    const xqnn_simd_i32 wx0 = xqnn_simd_splat_i32(1024 - weights[0]), wy0 = xqnn_simd_splat_i32(1024 - weights[1]);
    for (size_t c = 0; c < channels; c += TILE) {
      const size_t n = xqnn_min_sz(TILE, channels - c);
      xqnn_simd_i32 q[XQNN_SIMD_MAX_TILE_VECTORS];
      for (size_t v = 0; v < V; v++) {
        const size_t o = c + v * XQNN_SIMD_LANES;
        const xqnn_simd_i32 top = xqnn_simd_add_i32(xqnn_simd_mul_i32_i16(xqnn_simd_load_q8(x00 + o, true), wx0),
                                                    xqnn_simd_mul_i32_i16(xqnn_simd_load_q8(x01 + o, true), wx1));
        const xqnn_simd_i32 bottom = xqnn_simd_add_i32(xqnn_simd_mul_i32_i16(xqnn_simd_load_q8(x10 + o, true), wx0),
                                                       xqnn_simd_mul_i32_i16(xqnn_simd_load_q8(x11 + o, true), wx1));
        const xqnn_simd_i32 acc = xqnn_simd_add_i32(xqnn_simd_mul_i32_i16(top, wy0), xqnn_simd_mul_i32_i16(bottom, wy1));
        // Saturated as the scalar kernel (stores may truncate): interpolation
        // stays in range, but weights beyond [0, 1024] need not.
        q[v] = xqnn_simd_max_i32(xqnn_simd_min_i32(xqnn_simd_tflite_rounding_divide_by_pot(acc, 20), vmax), vmin);
      }
      xqnn_simd_store_tile_q8(V, q, /*is_signed=*/true, y + c, n);
    }
    input += 4;
    weights += 2;
    y += output_stride;
  }
}

#define XQNN_SIMD_IBILINEAR_KERNEL(fn, TILE)                                                        \
  XQNN_IBILINEAR_UKERNEL_SIGNATURE(fn) {                                                            \
    xqnn_simd_ibilinear_body(TILE, output_pixels, channels, input, input_offset, weights, output,   \
                             output_stride);                                                        \
  }
