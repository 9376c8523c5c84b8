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
// With TFLite requantization (tflite, on ISAs with XQNN_SIMD_HAS_TFLITE_MULTIPLY)
// the trailer holds int32 multiplier[CT] and exponent[CT] and
//   out = min(max(xqnn_tflite_multiply(acc), qmin - zp), qmax - zp) + zp.
// Pair-layout kernels (`pairs`, unipass only, on ISAs with
// XQNN_SIMD_HAS_MADD_PAIRS) take the weights as int16 pairs of taps (2t, 2t + 1),
// QU8 weights with the kernel zero point already subtracted, and the bias and
// trailer in the vocabulary's pair order (src/xqnn/simd/README.md, "Tap
// pairs"); an odd last tap is paired with weight 0 (and its own input again).
// The sums are the same, so the bits are too. Quad-layout kernels (`TG` = 4,
// unipass QS8-QC8W only, on ISAs with XQNN_SIMD_HAS_DOT_QUADS) take int8
// quads of taps (4t .. 4t + 3) in quad order ("Tap quads"), the taps past the
// last with weight 0 (and the last tap's input again). TG below is the number
// of taps per weight group: 1 (bytes), 2 (pairs) or 4 (quads).
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
  // TFLite requantization
  xqnn_simd_i32 output_zero_point, output_min_less_zero_point, output_max_less_zero_point;
  bool output_range_is_full;  // [-128, 127] (QS8) or [0, 255] (QU8)
  // Pair- and quad-order stores (either scheme) add the zero point and clamp below.
  int16_t output_zero_point_i16, output_min_i16;
};

// Bytes of a tile's weights: `count` taps in groups of TG, int16 for pairs.
static XQNN_INLINE size_t xqnn_simd_dwconv_weight_bytes(const size_t CT, const size_t TG, size_t count) {
  return TG == 2 ? (count + 1) / 2 * 2 * CT * sizeof(int16_t) : (count + TG - 1) / TG * TG * CT;
}

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

#ifdef XQNN_SIMD_HAS_MADD_PAIRS
// acc[0, CT / LANES) += taps [0, count) of channels [c, c + CT), from int16 tap pairs.
static XQNN_INLINE void xqnn_simd_dwconv_tap_pairs(
    const size_t CT, const bool is_qu8, xqnn_simd_i32* acc, size_t c, const uint8_t* const* taps,
    size_t count, const int16_t* w) {
  for (size_t t = 0; t < count; t += 2) {
    const uint8_t* x0 = taps[t] + c;
    const uint8_t* x1 = (t + 1 < count ? taps[t + 1] : taps[t]) + c;
    for (size_t g = 0; g < CT / (2 * XQNN_SIMD_LANES); g++) {
      xqnn_simd_madd_pair_q8(&acc[2 * g], &acc[2 * g + 1], x0 + g * 2 * XQNN_SIMD_LANES,
                             x1 + g * 2 * XQNN_SIMD_LANES, w + g * 4 * XQNN_SIMD_LANES, /*is_signed=*/!is_qu8);
    }
    w += 2 * CT;
  }
}
#endif

#ifdef XQNN_SIMD_HAS_DOT_QUADS
// acc[0, CT / LANES) += taps [0, count) of channels [c, c + CT), from int8 tap quads.
static XQNN_INLINE void xqnn_simd_dwconv_tap_quads(
    const size_t CT, xqnn_simd_i32* acc, size_t c, const uint8_t* const* taps, size_t count, const int8_t* w) {
  for (size_t t = 0; t < count; t += 4) {
    if (t + 1 == count) {  // a lone last tap (3x3: the ninth) needs no interleave
      for (size_t g = 0; g < CT / (4 * XQNN_SIMD_LANES); g++) {
        xqnn_simd_dot_single_s8(&acc[4 * g], taps[t] + c + g * 4 * XQNN_SIMD_LANES, w + g * 16 * XQNN_SIMD_LANES);
      }
      break;
    }
    const uint8_t* x[4];
    for (size_t u = 0; u < 4; u++) x[u] = (t + u < count ? taps[t + u] : taps[count - 1]) + c;
    for (size_t g = 0; g < CT / (4 * XQNN_SIMD_LANES); g++) {
      const uint8_t* const xg[4] = {x[0] + g * 4 * XQNN_SIMD_LANES, x[1] + g * 4 * XQNN_SIMD_LANES,
                                    x[2] + g * 4 * XQNN_SIMD_LANES, x[3] + g * 4 * XQNN_SIMD_LANES};
      xqnn_simd_dot_quad_s8(&acc[4 * g], xg, w + g * 16 * XQNN_SIMD_LANES);
    }
    w += 4 * CT;
  }
}
#endif

// Writes the first n of CT requantized values to out: in channel order (TG =
// 1) with the output zero point and in the output range; in pair or quad
// order without the zero point and not yet clamped below (the store adds the
// one and applies the other in saturating int16, xqnn_simd_store_q8x2_offset).
static XQNN_INLINE void xqnn_simd_dwconv_store_q8(
    const size_t CT, const bool is_qu8, const size_t TG, const struct xqnn_simd_dwconv_params* p,
    const xqnn_simd_i32* q, size_t n, uint8_t* out) {
#ifdef XQNN_SIMD_HAS_MADD_PAIRS
  if (TG == 2) {
    for (size_t g = 0; 2 * g * XQNN_SIMD_LANES < n; g++) {
      const size_t first = 2 * g * XQNN_SIMD_LANES;
      xqnn_simd_store_q8x2_pair_order(out + first, q[2 * g], q[2 * g + 1], p->output_zero_point_i16, p->output_min_i16,
                                      /*is_signed=*/!is_qu8, n - first);
    }
    return;
  }
#endif
#ifdef XQNN_SIMD_HAS_DOT_QUADS
  if (TG == 4) {
    assert(!is_qu8);
    for (size_t g = 0; 4 * g * XQNN_SIMD_LANES < n; g++) {
      const size_t first = 4 * g * XQNN_SIMD_LANES;
      xqnn_simd_store_s8x4_quad_order(out + first, &q[4 * g], p->output_zero_point_i16, (int8_t) p->output_min_i16,
                                      n - first);
    }
    return;
  }
#endif
  (void) p;
  assert(TG == 1);
  xqnn_simd_store_tile_q8(CT / XQNN_SIMD_LANES, q, /*is_signed=*/!is_qu8, out, n);
}

#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
// y clamped, with the zero point for channel order (TG = 1; xqnn_simd_dwconv_store_q8).
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_dwconv_clamp_tflite(const size_t TG, xqnn_simd_i32 y,
                                                               const struct xqnn_simd_dwconv_params* p) {
  y = xqnn_simd_max_i32(y, p->output_min_less_zero_point);
  y = xqnn_simd_min_i32(y, p->output_max_less_zero_point);
  return TG == 1 ? xqnn_simd_add_i32(y, p->output_zero_point) : y;
}
#endif

// Requantizes CT accumulators and writes the first n bytes to out.
static XQNN_INLINE void xqnn_simd_dwconv_store(
    const size_t CT, const bool is_qu8, const bool tflite, const size_t TG, const struct xqnn_simd_dwconv_params* p,
    const xqnn_simd_i32* acc, const uint8_t* scales, size_t n, uint8_t* out) {
  xqnn_simd_i32 q[XQNN_SIMD_MAX_TILE_VECTORS];
  for (size_t v = 0; v < CT / XQNN_SIMD_LANES; v++) {
#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
    if (tflite) {
      const int32_t* multipliers = (const int32_t*) scales;
      q[v] = xqnn_simd_dwconv_clamp_tflite(TG,
          xqnn_simd_tflite_multiply(acc[v], xqnn_simd_load_i32(multipliers + v * XQNN_SIMD_LANES),
                                    xqnn_simd_load_i32(multipliers + CT + v * XQNN_SIMD_LANES)),
          p);
      continue;
    }
#else
    assert(!tflite);
#endif
    const xqnn_simd_f32 scale =
        is_qu8 ? p->scale : xqnn_simd_load_f32((const float*) scales + v * XQNN_SIMD_LANES);
    const xqnn_simd_f32 f = xqnn_simd_mul_f32(xqnn_simd_cvt_i32_f32(acc[v]), scale);
#ifdef XQNN_SIMD_HAS_STORE_Q8X2_OFFSET
    if (TG != 1) {
      // The magic bias's bits, as in xqnn_simd_gemm_requantize_q8_less_zero_point.
      q[v] = xqnn_simd_round_f32_i32(xqnn_simd_min_f32(f, p->rq.output_max));
      continue;
    }
#endif
    q[v] = xqnn_simd_requantize(f, &p->rq);
  }
  xqnn_simd_dwconv_store_q8(CT, is_qu8, TG, p, q, n, out);
}

// acc = bias + taps [0, count) of channels [c, c + CT), from the tile at w.
static XQNN_INLINE void xqnn_simd_dwconv_accumulate(
    const size_t CT, const bool is_qu8, const size_t TG, const struct xqnn_simd_dwconv_params* p,
    xqnn_simd_i32* acc, size_t c, const uint8_t* const* taps, size_t count, const uint8_t* w) {
  xqnn_simd_load_tile_i32(CT / XQNN_SIMD_LANES, acc, (const int32_t*) w, CT);
  const uint8_t* wt = w + CT * sizeof(int32_t);
#ifdef XQNN_SIMD_HAS_MADD_PAIRS
  if (TG == 2) {
    xqnn_simd_dwconv_tap_pairs(CT, is_qu8, acc, c, taps, count, (const int16_t*) wt);
    return;
  }
#endif
#ifdef XQNN_SIMD_HAS_DOT_QUADS
  if (TG == 4) {
    xqnn_simd_dwconv_tap_quads(CT, acc, c, taps, count, (const int8_t*) wt);
    return;
  }
#endif
  assert(TG == 1);
  xqnn_simd_dwconv_taps(CT, is_qu8, acc, c, taps, count, wt, p->kernel_zero_point);
}

// One output pixel of a unipass kernel: `count` taps of every channel tile.
// Called with count = FT (a constant) when the kernel uses the whole tile, so
// the tap loops unroll and the pair loop drops its odd-tap test.
static XQNN_INLINE void xqnn_simd_dwconv_unipass_pixel(
    const size_t CT, const bool is_qu8, const bool tflite, const size_t TG, const struct xqnn_simd_dwconv_params* p,
    size_t channels, const void** input, size_t count, size_t input_offset, const void* zero, const uint8_t* w,
    size_t tile_stride, uint8_t* out) {
  const size_t bias_bytes = CT * sizeof(int32_t);
  const size_t weight_bytes = xqnn_simd_dwconv_weight_bytes(CT, TG, count);
  const uint8_t* taps[XQNN_SIMD_DWCONV_MAX_TILE];
  xqnn_simd_i32 acc[XQNN_SIMD_MAX_TILE_VECTORS];
  xqnn_dwconv_resolve_taps(input, count, input_offset, zero, taps);
  for (size_t c = 0; c < channels; c += CT) {
    const size_t n = xqnn_min_sz(CT, channels - c);
    xqnn_simd_dwconv_accumulate(CT, is_qu8, TG, p, acc, c, taps, count, w);
    xqnn_simd_dwconv_store(CT, is_qu8, tflite, TG, p, acc, w + bias_bytes + weight_bytes, n, out + c);
    w += tile_stride;
  }
}

#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
// Tap pointers a TFLite unipass row resolves at a time (4 KiB of stack): the
// taps of up to 512 / count output pixels (56 of a 3x3 kernel).
#define XQNN_SIMD_DWCONV_TFLITE_ROW_TAPS 512

// `pixels` output pixels (their taps resolved, `count` per pixel) of one
// channel tile of a TFLite unipass row, m prepared. `plain` (tested once per
// tile, so the pixel loop has no branch): every multiplier below 1 (right
// shifts only, |y| < 1.5 * 2^30), and the output range is the type's where
// the pair- and quad-order stores narrow with saturation, so that narrowing
// is the clamp.
static XQNN_INLINE void xqnn_simd_dwconv_tflite_tile_pixels(
    const size_t CT, const bool is_qu8, const size_t TG, const bool plain, const struct xqnn_simd_dwconv_params* p,
    const struct xqnn_simd_tflite_multiplier* m, size_t c, size_t n, size_t pixels, const uint8_t* const* taps,
    size_t count, const uint8_t* w, uint8_t* out, size_t output_pixel_stride) {
  xqnn_simd_i32 acc[XQNN_SIMD_MAX_TILE_VECTORS], q[XQNN_SIMD_MAX_TILE_VECTORS];
  for (size_t x = 0; x < pixels; x++) {
    xqnn_simd_dwconv_accumulate(CT, is_qu8, TG, p, acc, c, taps + x * count, count, w);
    for (size_t v = 0; v < CT / XQNN_SIMD_LANES; v++) {
      if (plain) {
        q[v] = xqnn_simd_tflite_multiply_prepared_as(acc[v], &m[v], false, true);
      } else {
        q[v] = xqnn_simd_dwconv_clamp_tflite(TG, xqnn_simd_tflite_multiply_prepared(acc[v], &m[v]), p);
      }
    }
    xqnn_simd_dwconv_store_q8(CT, is_qu8, TG, p, q, n, out);
    out += output_pixel_stride;
  }
}

// A row of output pixels of a unipass kernel with TFLite requantization, in
// chunks of pixels whose taps are resolved once; in a chunk, channel tiles
// outer and pixels inner: each tile's multipliers are prepared
// (xqnn_simd_tflite_prepare, as costly as a multiply) once per chunk instead
// of once per pixel. `count` as in xqnn_simd_dwconv_unipass_pixel.
static XQNN_INLINE void xqnn_simd_dwconv_unipass_tflite_row(
    const size_t CT, const bool is_qu8, const size_t TG, const struct xqnn_simd_dwconv_params* p, size_t channels,
    size_t output_width, const void** input, size_t input_stride, size_t count, size_t input_offset,
    const void* zero, const uint8_t* weights, size_t tile_stride, uint8_t* output, size_t output_pixel_stride) {
  const size_t bias_bytes = CT * sizeof(int32_t);
  const size_t weight_bytes = xqnn_simd_dwconv_weight_bytes(CT, TG, count);
  const size_t chunk = XQNN_SIMD_DWCONV_TFLITE_ROW_TAPS / count;
  const uint8_t* taps[XQNN_SIMD_DWCONV_TFLITE_ROW_TAPS];
  struct xqnn_simd_tflite_multiplier m[XQNN_SIMD_MAX_TILE_VECTORS];
  for (size_t x0 = 0; x0 < output_width; x0 += chunk) {
    const size_t pixels = xqnn_min_sz(chunk, output_width - x0);
    for (size_t x = 0; x < pixels; x++) {
      xqnn_dwconv_resolve_taps(input, count, input_offset, zero, taps + x * count);
      input = (const void**) ((uintptr_t) input + input_stride);
    }
    const uint8_t* w = weights;
    for (size_t c = 0; c < channels; c += CT) {
      const size_t n = xqnn_min_sz(CT, channels - c);
      const int32_t* multipliers = (const int32_t*) (w + bias_bytes + weight_bytes);
      bool plain = TG != 1 && p->output_range_is_full;
      for (size_t v = 0; v < CT / XQNN_SIMD_LANES; v++) {
        m[v] = xqnn_simd_tflite_prepare(xqnn_simd_load_i32(multipliers + v * XQNN_SIMD_LANES),
                                        xqnn_simd_load_i32(multipliers + CT + v * XQNN_SIMD_LANES));
        plain = plain && m[v].right_shifts && !m[v].left_shifts;
      }
      uint8_t* out = output + x0 * output_pixel_stride + c;
      if (plain) {
        xqnn_simd_dwconv_tflite_tile_pixels(CT, is_qu8, TG, true, p, m, c, n, pixels, taps, count, w, out,
                                            output_pixel_stride);
      } else {
        xqnn_simd_dwconv_tflite_tile_pixels(CT, is_qu8, TG, false, p, m, c, n, pixels, taps, count, w, out,
                                            output_pixel_stride);
      }
      w += tile_stride;
    }
  }
}
#endif

static XQNN_INLINE void xqnn_simd_dwconv_body(
    const size_t CT, const size_t FT, const size_t MT, const size_t LT, const bool is_qu8, const bool tflite,
    const size_t TG, size_t channels, size_t output_width, const void** input, const void* weights, void* output,
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
  assert(TG == 1 || !multipass);

  struct xqnn_simd_dwconv_params p;
  p.output_range_is_full = false;
  int32_t output_zero_point, output_min_less_zero_point;
  p.output_zero_point = p.output_min_less_zero_point = p.output_max_less_zero_point = xqnn_simd_splat_i32(0);
  if (tflite) {
    const struct xqnn_q8_conv_minmax_tflite_params* tp = params;
    p.rq = xqnn_simd_requant_init(0.0f, 0.0f, 0.0f, 0);
    p.scale = xqnn_simd_splat_f32(0.0f);
    p.kernel_zero_point = xqnn_simd_splat_i32(tp->kernel_zero_point);
    p.output_zero_point = xqnn_simd_splat_i32(tp->output_zero_point);
    p.output_min_less_zero_point = xqnn_simd_splat_i32(tp->output_min - tp->output_zero_point);
    p.output_max_less_zero_point = xqnn_simd_splat_i32(tp->output_max - tp->output_zero_point);
    p.output_range_is_full = is_qu8 ? tp->output_min == 0 && tp->output_max == 255
                                    : tp->output_min == -128 && tp->output_max == 127;
    output_zero_point = tp->output_zero_point;
    output_min_less_zero_point = tp->output_min - tp->output_zero_point;
  } else if (is_qu8) {
    const union xqnn_qu8_conv_minmax_params* qu8 = params;
    p.rq = xqnn_simd_requant_init(qu8->fp32_scalar.output_min_less_zero_point,
                                  qu8->fp32_scalar.output_max_less_zero_point, qu8->fp32_scalar.magic_bias,
                                  qu8->fp32_scalar.magic_bias_less_output_zero_point);
    p.scale = xqnn_simd_splat_f32(qu8->fp32_scalar.scale);
    p.kernel_zero_point = xqnn_simd_splat_i32(qu8->fp32_scalar.kernel_zero_point);
    output_zero_point = qu8->fp32_scalar.output_zero_point;
    output_min_less_zero_point = (int32_t) qu8->fp32_scalar.output_min_less_zero_point;
  } else {
    const union xqnn_qs8_qc8w_conv_minmax_params* qs8 = params;
    p.rq = xqnn_simd_requant_init(qs8->fp32_scalar.output_min_less_zero_point,
                                  qs8->fp32_scalar.output_max_less_zero_point, qs8->fp32_scalar.magic_bias,
                                  qs8->fp32_scalar.magic_bias_less_output_zero_point);
    p.scale = xqnn_simd_splat_f32(0.0f);
    p.kernel_zero_point = xqnn_simd_splat_i32(0);
    output_zero_point = qs8->fp32_scalar.output_zero_point;
    output_min_less_zero_point = (int32_t) qs8->fp32_scalar.output_min_less_zero_point;
  }
  p.output_zero_point_i16 = (int16_t) output_zero_point;
  p.output_min_i16 = (int16_t) (output_min_less_zero_point + output_zero_point);
  const size_t bias_bytes = CT * sizeof(int32_t);
  const size_t trailer_bytes = tflite ? 2 * CT * sizeof(int32_t) : is_qu8 ? 0 : CT * sizeof(float);
  const size_t weight_bytes = xqnn_simd_dwconv_weight_bytes(CT, TG, kernel_size);
  const size_t tile_stride = bias_bytes + weight_bytes + trailer_bytes;

#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
  if (tflite && !multipass) {
    if (kernel_size == FT) {
      xqnn_simd_dwconv_unipass_tflite_row(CT, is_qu8, TG, &p, channels, output_width, input, input_stride, FT,
                                          input_offset, zero, weights, tile_stride, output, channels + output_increment);
    } else {
      xqnn_simd_dwconv_unipass_tflite_row(CT, is_qu8, TG, &p, channels, output_width, input, input_stride,
                                          kernel_size, input_offset, zero, weights, tile_stride, output,
                                          channels + output_increment);
    }
    return;
  }
#endif
  uint8_t* out = output;
  const uint8_t* taps[XQNN_SIMD_DWCONV_MAX_TILE];
  xqnn_simd_i32 acc[XQNN_SIMD_MAX_TILE_VECTORS];
  do {
    if (!multipass) {
      if (kernel_size == FT) {
        xqnn_simd_dwconv_unipass_pixel(CT, is_qu8, tflite, TG, &p, channels, input, FT, input_offset, zero,
                                       weights, tile_stride, out);
      } else {
        xqnn_simd_dwconv_unipass_pixel(CT, is_qu8, tflite, TG, &p, channels, input, kernel_size, input_offset,
                                       zero, weights, tile_stride, out);
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
        xqnn_simd_dwconv_store(CT, is_qu8, tflite, TG, &p, acc, wt + weight_bytes, n, out + c);
        w += tile_stride;
      }
    }
    input = (const void**) ((uintptr_t) input + input_stride);
    out += channels + output_increment;
  } while (--output_width != 0);
}

#define XQNN_SIMD_DWCONV_KERNEL_WITH(fn, is_qu8, tflite, TG, CT, FT, MT, LT)                    \
  XQNN_DWCONV_UKERNEL_SIGNATURE(fn) {                                                          \
    xqnn_simd_dwconv_body(CT, FT, MT, LT, is_qu8, tflite, TG, channels, output_width, input,    \
                          weights, output, input_stride, output_increment, input_offset, zero, \
                          kernel_size, buffer, params);                                        \
  }

// fp32 requantization, and TFLite requantization; byte taps.
#define XQNN_SIMD_DWCONV_KERNEL(fn, is_qu8, CT, FT, MT, LT) \
  XQNN_SIMD_DWCONV_KERNEL_WITH(fn, is_qu8, false, 1, CT, FT, MT, LT)
#define XQNN_SIMD_DWCONV_TFLITE_KERNEL(fn, is_qu8, CT, FT, MT, LT) \
  XQNN_SIMD_DWCONV_KERNEL_WITH(fn, is_qu8, true, 1, CT, FT, MT, LT)
// Unipass kernels on int16 tap pairs (XQNN_SIMD_HAS_MADD_PAIRS).
#define XQNN_SIMD_DWCONV_PAIRS_KERNEL(fn, is_qu8, CT, FT) \
  XQNN_SIMD_DWCONV_KERNEL_WITH(fn, is_qu8, false, 2, CT, FT, 0, 0)
#define XQNN_SIMD_DWCONV_PAIRS_TFLITE_KERNEL(fn, is_qu8, CT, FT) \
  XQNN_SIMD_DWCONV_KERNEL_WITH(fn, is_qu8, true, 2, CT, FT, 0, 0)
// Unipass QS8-QC8W kernels on int8 tap quads (XQNN_SIMD_HAS_DOT_QUADS).
#define XQNN_SIMD_DWCONV_QUADS_KERNEL(fn, CT, FT) \
  XQNN_SIMD_DWCONV_KERNEL_WITH(fn, /*is_qu8=*/false, false, 4, CT, FT, 0, 0)
#define XQNN_SIMD_DWCONV_QUADS_TFLITE_KERNEL(fn, CT, FT) \
  XQNN_SIMD_DWCONV_KERNEL_WITH(fn, /*is_qu8=*/false, true, 4, CT, FT, 0, 0)
