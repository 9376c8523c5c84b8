// The one generic body of every SIMD dwconv micro-kernel (unipass and
// multipass, QS8-QC8W and QU8), over the vector vocabulary of the including
// file (src/xqnn/simd/<isa>.h, included first). Each kernel file stamps it out
// for one (data type, channel tile CT, pass tiles) with XQNN_SIMD_DWCONV_KERNEL;
// CT is a multiple of 2 * XQNN_SIMD_LANES.
//
// Same contract, packed layout (src/xqnn/dwconv-scalar-template.h), tap order
// and arithmetic as the scalar kernels, so outputs are bit-identical:
//   acc = bias + sum_t x[t][c] * w[t][c]        int32, wrapping; x and w widened
//         from int8 / uint8, QU8 weights less the kernel zero point, so every
//         product is of int16-range values (mul_i32_i16 is exact);
//   out = round_half_even(min(max((float) acc * scale, output_min - zp), output_max - zp)) + zp
//         by separate multiply / max / min and the magic-bias rounding (no FMA).
// Channel remainders: a tile with n < CT valid channels reads CT input bytes
// from every tap (an over-read of at most CT - 1 < XQNN_EXTRA_BYTES bytes past
// the row), computes all CT lanes, and writes only n output bytes and n buffer
// entries, so `output` and `buffer` are never touched outside their elements.
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

#include "xqnn/common.h"
#include "xqnn/dwconv-indirection.h"
#include "xqnn/math.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"
#include "xqnn/simd-tile.h"

#define XQNN_SIMD_DWCONV_MAX_TILE 32

struct xqnn_simd_dwconv_params {
  struct xqnn_simd_requant rq;
  xqnn_simd_f32 scale;  // QU8: per tensor; QS8-QC8W: per channel, from the packed weights
  xqnn_simd_i32 kernel_zero_point;
};

// acc[0, CT / LANES) += taps [0, count) of channels [c, c + CT).
static XQNN_INLINE void xqnn_simd_dwconv_taps(
    const size_t CT, const bool is_qu8, xqnn_simd_i32* acc, size_t c, const uint8_t* const* taps,
    size_t count, const uint8_t* w, xqnn_simd_i32 kernel_zero_point) {
  for (size_t t = 0; t < count; t++) {
    const uint8_t* x = taps[t] + c;
    for (size_t v = 0; v < CT / XQNN_SIMD_LANES; v++) {
      const xqnn_simd_i32 xv = xqnn_simd_load_q8(x + v * XQNN_SIMD_LANES, /*is_signed=*/!is_qu8);
      xqnn_simd_i32 wv = xqnn_simd_load_q8(w + v * XQNN_SIMD_LANES, /*is_signed=*/!is_qu8);
      if (is_qu8) wv = xqnn_simd_sub_i32(wv, kernel_zero_point);
      acc[v] = xqnn_simd_add_i32(acc[v], xqnn_simd_mul_i32_i16(xv, wv));
    }
    w += CT;
  }
}

// Requantizes CT accumulators and writes the first n bytes to out.
static XQNN_INLINE void xqnn_simd_dwconv_store(
    const size_t CT, const bool is_qu8, const struct xqnn_simd_dwconv_params* p, const xqnn_simd_i32* acc,
    const uint8_t* scales, size_t n, uint8_t* out) {
  xqnn_simd_i32 q[XQNN_SIMD_MAX_TILE_VECTORS];
  for (size_t v = 0; v < CT / XQNN_SIMD_LANES; v++) {
    const xqnn_simd_f32 scale =
        is_qu8 ? p->scale : xqnn_simd_load_f32((const float*) scales + v * XQNN_SIMD_LANES);
    q[v] = xqnn_simd_requantize(xqnn_simd_mul_f32(xqnn_simd_cvt_i32_f32(acc[v]), scale), &p->rq);
  }
  xqnn_simd_store_tile_q8(CT / XQNN_SIMD_LANES, q, /*is_signed=*/!is_qu8, out, n);
}

static XQNN_INLINE void xqnn_simd_dwconv_body(
    const size_t CT, const size_t FT, const size_t MT, const size_t LT, const bool is_qu8,
    size_t channels, size_t output_width, const void** input, const void* weights, void* output,
    size_t input_stride, size_t output_increment, size_t input_offset, const void* zero,
    size_t kernel_size, int32_t* buffer, const void* params) {
  const size_t V = CT / XQNN_SIMD_LANES;
  const bool multipass = MT != 0;
  assert(channels != 0);
  assert(output_width != 0);
  assert(kernel_size != 0);
  assert(CT % (2 * XQNN_SIMD_LANES) == 0 && V <= XQNN_SIMD_MAX_TILE_VECTORS);
  assert(FT <= XQNN_SIMD_DWCONV_MAX_TILE && MT <= XQNN_SIMD_DWCONV_MAX_TILE &&
         LT <= XQNN_SIMD_DWCONV_MAX_TILE);
  assert(multipass || kernel_size <= FT);
  assert(!multipass || buffer != NULL);

  struct xqnn_simd_dwconv_params p;
  if (is_qu8) {
    const union xqnn_qu8_conv_minmax_params* qu8 = params;
    p.rq = xqnn_simd_requant_init(qu8->fp32_scalar.output_min_less_zero_point,
                                  qu8->fp32_scalar.output_max_less_zero_point, qu8->fp32_scalar.magic_bias,
                                  qu8->fp32_scalar.magic_bias_less_output_zero_point);
    p.scale = xqnn_simd_splat_f32(qu8->fp32_scalar.scale);
    p.kernel_zero_point = xqnn_simd_splat_i32(qu8->fp32_scalar.kernel_zero_point);
  } else {
    const union xqnn_qs8_qc8w_conv_minmax_params* qs8 = params;
    p.rq = xqnn_simd_requant_init(qs8->fp32_scalar.output_min_less_zero_point,
                                  qs8->fp32_scalar.output_max_less_zero_point, qs8->fp32_scalar.magic_bias,
                                  qs8->fp32_scalar.magic_bias_less_output_zero_point);
    p.scale = xqnn_simd_splat_f32(0.0f);
    p.kernel_zero_point = xqnn_simd_splat_i32(0);
  }
  const size_t bias_bytes = CT * sizeof(int32_t);
  const size_t tile_stride = bias_bytes + kernel_size * CT + (is_qu8 ? 0 : CT * sizeof(float));

  uint8_t* out = output;
  const uint8_t* taps[XQNN_SIMD_DWCONV_MAX_TILE];
  xqnn_simd_i32 acc[XQNN_SIMD_MAX_TILE_VECTORS];
  do {
    if (!multipass) {
      xqnn_dwconv_resolve_taps(input, kernel_size, input_offset, zero, taps);
      const uint8_t* w = weights;
      for (size_t c = 0; c < channels; c += CT) {
        const size_t n = xqnn_min_sz(CT, channels - c);
        xqnn_simd_load_tile_i32(V, acc, (const int32_t*) w, CT);
        const uint8_t* wt = w + bias_bytes;
        xqnn_simd_dwconv_taps(CT, is_qu8, acc, c, taps, kernel_size, wt, p.kernel_zero_point);
        xqnn_simd_dwconv_store(CT, is_qu8, &p, acc, wt + kernel_size * CT, n, out + c);
        w += tile_stride;
      }
    } else {
      // First pass: bias + FT taps into the buffer.
      size_t t0 = 0;
      size_t count = xqnn_min_sz(FT, kernel_size);
      xqnn_dwconv_resolve_taps(input, count, input_offset, zero, taps);
      const uint8_t* w = weights;
      for (size_t c = 0; c < channels; c += CT) {
        const size_t n = xqnn_min_sz(CT, channels - c);
        xqnn_simd_load_tile_i32(V, acc, (const int32_t*) w, CT);
        xqnn_simd_dwconv_taps(CT, is_qu8, acc, c, taps, count, w + bias_bytes, p.kernel_zero_point);
        xqnn_simd_store_tile_i32(V, acc, buffer + c, n);
        w += tile_stride;
      }
      t0 += count;
      // Middle passes.
      while (kernel_size - t0 > LT) {
        count = xqnn_min_sz(MT, kernel_size - t0);
        xqnn_dwconv_resolve_taps(input + t0, count, input_offset, zero, taps);
        w = weights;
        for (size_t c = 0; c < channels; c += CT) {
          const size_t n = xqnn_min_sz(CT, channels - c);
          xqnn_simd_load_tile_i32(V, acc, buffer + c, n);
          xqnn_simd_dwconv_taps(CT, is_qu8, acc, c, taps, count, w + bias_bytes + t0 * CT, p.kernel_zero_point);
          xqnn_simd_store_tile_i32(V, acc, buffer + c, n);
          w += tile_stride;
        }
        t0 += count;
      }
      // Last pass: the remaining taps, then requantization.
      count = kernel_size - t0;
      xqnn_dwconv_resolve_taps(input + t0, count, input_offset, zero, taps);
      w = weights;
      for (size_t c = 0; c < channels; c += CT) {
        const size_t n = xqnn_min_sz(CT, channels - c);
        xqnn_simd_load_tile_i32(V, acc, buffer + c, n);
        const uint8_t* wt = w + bias_bytes;
        xqnn_simd_dwconv_taps(CT, is_qu8, acc, c, taps, count, wt + t0 * CT, p.kernel_zero_point);
        xqnn_simd_dwconv_store(CT, is_qu8, &p, acc, wt + kernel_size * CT, n, out + c);
        w += tile_stride;
      }
    }
    input = (const void**) ((uintptr_t) input + input_stride);
    out += channels + output_increment;
  } while (--output_width != 0);
}

#define XQNN_SIMD_DWCONV_KERNEL(fn, is_qu8, CT, FT, MT, LT)                                    \
  XQNN_DWCONV_UKERNEL_SIGNATURE(fn) {                                                        \
    xqnn_simd_dwconv_body(CT, FT, MT, LT, is_qu8, channels, output_width, input, weights,    \
                          output, input_stride, output_increment, input_offset, zero,        \
                          kernel_size, buffer, params);                                      \
  }
