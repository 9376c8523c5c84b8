// The one generic body of the SIMD average-pooling micro-kernels (qs8 and
// qu8), over the vector vocabulary of the including file
// (src/xqnn/simd/<isa>.h, included first). Each kernel file stamps it out for
// one (element type, channel tile: a multiple of 2 * XQNN_SIMD_LANES) with
// XQNN_SIMD_AVGPOOL_KERNEL.
//
// Same arithmetic as src/xqnn/avgpool-scalar-template.h (bit-identical): int32
// sums of the taps (exact, in any order), one float multiply by the pixel's
// scale, clamp and the magic-bias rounding (xqnn_simd_requantize).
// One channel tile at a time, all taps of the tile before the next, so the
// sums stay in registers. The last tile reads a whole tile of every tap (an
// over-read of less than XQNN_EXTRA_BYTES bytes) and writes only its channels.
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn/common.h"
#include "xqnn/math.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"
#include "xqnn/simd-tile.h"

static XQNN_INLINE void xqnn_simd_avgpool_body(
    const size_t TILE, const bool is_signed, size_t output_pixels, size_t kernel_elements,
    size_t channels, const void** input, size_t input_offset, const void* pad, const float* pixel_scale,
    void* output, size_t output_stride, const void* params) {
  const size_t V = TILE / XQNN_SIMD_LANES;
  assert(output_pixels != 0);
  assert(kernel_elements != 0);
  assert(channels != 0);
  assert(TILE % (2 * XQNN_SIMD_LANES) == 0 && V <= XQNN_SIMD_MAX_TILE_VECTORS);
  const union xqnn_q8_avgpool_minmax_params* p = params;
  const struct xqnn_simd_requant rq = xqnn_simd_requant_init(
      p->fp32_scalar.output_min_less_zero_point, p->fp32_scalar.output_max_less_zero_point,
      p->fp32_scalar.magic_bias, p->fp32_scalar.magic_bias_less_output_zero_point);
  const xqnn_simd_i32 vinit = xqnn_simd_splat_i32(p->fp32_scalar.init_bias);
  uint8_t* y = output;
  for (size_t px = 0; px < output_pixels; px++) {
    const xqnn_simd_f32 vscale = xqnn_simd_splat_f32(pixel_scale[px]);
    for (size_t c = 0; c < channels; c += TILE) {
      const size_t n = xqnn_min_sz(TILE, channels - c);
      xqnn_simd_i32 acc[XQNN_SIMD_MAX_TILE_VECTORS];
      for (size_t v = 0; v < V; v++) acc[v] = vinit;
      for (size_t k = 0; k < kernel_elements; k++) {
        const uint8_t* row = input[k] == pad ? (const uint8_t*) pad : (const uint8_t*) input[k] + input_offset;
        for (size_t v = 0; v < V; v++) {
          acc[v] = xqnn_simd_add_i32(acc[v], xqnn_simd_load_q8(row + c + v * XQNN_SIMD_LANES, is_signed));
        }
      }
      xqnn_simd_i32 q[XQNN_SIMD_MAX_TILE_VECTORS];
      for (size_t v = 0; v < V; v++) {
        q[v] = xqnn_simd_requantize(xqnn_simd_mul_f32(xqnn_simd_cvt_i32_f32(acc[v]), vscale), &rq);
      }
      xqnn_simd_store_tile_q8(V, q, is_signed, y + c, n);
    }
    input += kernel_elements;
    y += output_stride;
  }
}

#define XQNN_SIMD_AVGPOOL_KERNEL(fn, is_signed, TILE)                                              \
  XQNN_AVGPOOL_UKERNEL_SIGNATURE(fn) {                                                             \
    xqnn_simd_avgpool_body(TILE, is_signed, output_pixels, kernel_elements, channels, input,       \
                           input_offset, pad, pixel_scale, output, output_stride, params);         \
  }
