// The one generic body of every SIMD global-average-pooling micro-kernel
// (unipass 7x and multipass 7p7x, QS8 and QU8), over the vector vocabulary of
// the including file (src/xqnn/simd/<isa>.h, included first). Each kernel file
// stamps it out for one (element type, rows per pass, channel tile: a multiple
// of 2 * XQNN_SIMD_LANES) with XQNN_SIMD_GAVGPOOL_*_KERNEL.
//
// Same arithmetic as src/xqnn/elementwise-scalar-template.h (bit-identical):
//   f = (float) (init_bias + sum of the rows) * scale   (wrapping int32 sums)
// then clamp and the magic-bias rounding (xqnn_simd_requantize).
// Remainders: the last channel tile reads a whole tile of every row (an
// over-read of less than XQNN_EXTRA_BYTES bytes) and writes only its channels
// to `output` and `buffer`.
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

#define XQNN_SIMD_GAVGPOOL_MAX_ROWS 16

// Channels [c, c + TILE) of `count` rows added to acc.
static XQNN_INLINE void xqnn_simd_gavgpool_rows(
    const size_t TILE, const bool is_signed, xqnn_simd_i32* acc, const uint8_t* const* rows_in,
    size_t count, size_t c) {
  for (size_t r = 0; r < count; r++) {
    for (size_t v = 0; v < TILE / XQNN_SIMD_LANES; v++) {
      acc[v] = xqnn_simd_add_i32(acc[v], xqnn_simd_load_q8(rows_in[r] + c + v * XQNN_SIMD_LANES, is_signed));
    }
  }
}

// Final pass: `rows` (<= ROWS) rows, the missing ones read from `zero`, added to
// init_bias (buffer == NULL, unipass) or to buffer[] (multipass), requantized.
static XQNN_INLINE void xqnn_simd_gavgpool_final(
    const size_t ROWS, const size_t TILE, const bool is_signed, const int32_t* buffer, size_t rows,
    size_t channels, const uint8_t* input, size_t input_stride, const void* zero, void* output,
    const union xqnn_q8_avgpool_minmax_params* p) {
  const size_t V = TILE / XQNN_SIMD_LANES;
  const uint8_t* in[XQNN_SIMD_GAVGPOOL_MAX_ROWS];
  for (size_t r = 0; r < ROWS; r++) {
    in[r] = r < rows ? input + r * input_stride : (const uint8_t*) zero;
  }
  const struct xqnn_simd_requant rq = xqnn_simd_requant_init(
      p->fp32_scalar.output_min_less_zero_point, p->fp32_scalar.output_max_less_zero_point,
      p->fp32_scalar.magic_bias, p->fp32_scalar.magic_bias_less_output_zero_point);
  const xqnn_simd_f32 vscale = xqnn_simd_splat_f32(p->fp32_scalar.scale);
  const xqnn_simd_i32 vinit = xqnn_simd_splat_i32(p->fp32_scalar.init_bias);
  uint8_t* y = output;
  for (size_t c = 0; c < channels; c += TILE) {
    const size_t n = xqnn_min_sz(TILE, channels - c);
    xqnn_simd_i32 acc[XQNN_SIMD_MAX_TILE_VECTORS];
    if (buffer != NULL) {
      xqnn_simd_load_tile_i32(V, acc, buffer + c, n);
    } else {
      for (size_t v = 0; v < V; v++) acc[v] = vinit;
    }
    xqnn_simd_gavgpool_rows(TILE, is_signed, acc, in, ROWS, c);
    xqnn_simd_i32 q[XQNN_SIMD_MAX_TILE_VECTORS];
    for (size_t v = 0; v < V; v++) {
      q[v] = xqnn_simd_requantize(xqnn_simd_mul_f32(xqnn_simd_cvt_i32_f32(acc[v]), vscale), &rq);
    }
    xqnn_simd_store_tile_q8(V, q, is_signed, y + c, n);
  }
}

static XQNN_INLINE void xqnn_simd_gavgpool_unipass_body(
    const size_t ROWS, const size_t TILE, const bool is_signed, size_t rows, size_t channels,
    const void* input, size_t input_stride, const void* zero, void* output, const void* params) {
  assert(rows != 0);
  assert(rows <= ROWS);
  assert(channels != 0);
  assert(ROWS <= XQNN_SIMD_GAVGPOOL_MAX_ROWS);
  assert(TILE % (2 * XQNN_SIMD_LANES) == 0 && TILE / XQNN_SIMD_LANES <= XQNN_SIMD_MAX_TILE_VECTORS);
  xqnn_simd_gavgpool_final(ROWS, TILE, is_signed, NULL, rows, channels, input, input_stride, zero, output, params);
}

static XQNN_INLINE void xqnn_simd_gavgpool_multipass_body(
    const size_t ROWS, const size_t TILE, const bool is_signed, size_t rows, size_t channels,
    const void* input, size_t input_stride, const void* zero, int32_t* buffer, void* output,
    const void* params) {
  const size_t V = TILE / XQNN_SIMD_LANES;
  assert(rows > ROWS);
  assert(channels != 0);
  assert(ROWS <= XQNN_SIMD_GAVGPOOL_MAX_ROWS);
  assert(TILE % (2 * XQNN_SIMD_LANES) == 0 && V <= XQNN_SIMD_MAX_TILE_VECTORS);
  const union xqnn_q8_avgpool_minmax_params* p = params;
  const xqnn_simd_i32 vinit = xqnn_simd_splat_i32(p->fp32_scalar.init_bias);
  const uint8_t* in[XQNN_SIMD_GAVGPOOL_MAX_ROWS];
  const uint8_t* row = input;
  bool first = true;
  while (rows > ROWS) {
    for (size_t r = 0; r < ROWS; r++) in[r] = row + r * input_stride;
    for (size_t c = 0; c < channels; c += TILE) {
      const size_t n = xqnn_min_sz(TILE, channels - c);
      xqnn_simd_i32 acc[XQNN_SIMD_MAX_TILE_VECTORS];
      if (first) {
        for (size_t v = 0; v < V; v++) acc[v] = vinit;
      } else {
        xqnn_simd_load_tile_i32(V, acc, buffer + c, n);
      }
      xqnn_simd_gavgpool_rows(TILE, is_signed, acc, in, ROWS, c);
      xqnn_simd_store_tile_i32(V, acc, buffer + c, n);
    }
    first = false;
    row += ROWS * input_stride;
    rows -= ROWS;
  }
  xqnn_simd_gavgpool_final(ROWS, TILE, is_signed, buffer, rows, channels, row, input_stride, zero, output, p);
}

#define XQNN_SIMD_GAVGPOOL_UNIPASS_KERNEL(fn, is_signed, ROWS, TILE)                                    \
  XQNN_GAVGPOOL_UNIPASS_UKERNEL_SIGNATURE(fn) {                                                         \
    xqnn_simd_gavgpool_unipass_body(ROWS, TILE, is_signed, rows, channels, input, input_stride, zero,   \
                                    output, params);                                                    \
  }

#define XQNN_SIMD_GAVGPOOL_MULTIPASS_KERNEL(fn, is_signed, ROWS, TILE)                                  \
  XQNN_GAVGPOOL_MULTIPASS_UKERNEL_SIGNATURE(fn) {                                                       \
    xqnn_simd_gavgpool_multipass_body(ROWS, TILE, is_signed, rows, channels, input, input_stride, zero, \
                                      buffer, output, params);                                          \
  }
