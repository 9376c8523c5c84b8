// The one generic body of every SIMD vadd / vaddc / vmul / vmulc micro-kernel
// (QS8 and QU8), over the vector vocabulary of the including file
// (src/xqnn/simd/<isa>.h, included first). Each kernel file stamps it out for
// one (element type, operation, tile: a multiple of 2 * XQNN_SIMD_LANES) with
// XQNN_SIMD_VBINARY_KERNEL (fp32 requantization).
//
// Same arithmetic, in the same order, as src/xqnn/elementwise-scalar-template.h
// (bit-identical outputs):
//   vadd: f = (float) (a - a_zp) * a_scale + (float) (b - b_zp) * b_scale  (two multiplies, one add: no FMA)
//   vmul: f = (float) ((a - a_zp) * (b - b_zp)) * scale                    (an exact int16-range product)
// then clamp and the magic-bias rounding (xqnn_simd_requantize). TFLite's
// fixed-point ADD of src/xqnn/requantization.h (vadd / vaddc, on ISAs with
// XQNN_SIMD_HAS_TFLITE_MULTIPLY) has its own body, XQNN_SIMD_VADD_TFLITE_KERNEL.
// Remainders: the last (partial) tile reads a whole tile from each input (an
// over-read of less than XQNN_EXTRA_BYTES bytes) and writes only its elements.
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

enum xqnn_simd_vbinary_op {
  xqnn_simd_vbinary_add,
  xqnn_simd_vbinary_mul,
};

// LANES int8 / uint8 inputs at p less their zero point.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_load_q8_less(const uint8_t* p, bool is_signed, xqnn_simd_i32 zero_point) {
  return xqnn_simd_sub_i32(xqnn_simd_load_q8(p, is_signed), zero_point);
}

#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
// TFLite's ADD of src/xqnn/requantization.h in int32 arithmetic only (no
// 64-bit products for the inputs). SRDHM(x, M) is floor((x * M + 2^30) / 2^31)
// (requantization.h), and an input's x = v * 2^20 with |v| <= 255, so
//   SRDHM(v * 2^20, M) = floor((v * M + 2^10) / 2^11) = v * Mh + ((v * Ml + 2^10) >> 11)
// for M = Mh * 2^11 + Ml, Ml in [0, 2^11) (M may be negative: SUB negates b's):
// |v * Mh| <= 255 * 2^20 and |v * Ml| < 2^19. RDBPOT by s rounds half away
// from zero: (h + 2^(s-1) - [h < 0]) >> s, where [h < 0] is the logical
// shift h >> 31, and a count of 32 (s = 0: no rounding) zeroes every lane.
// No overflow for |h| < 2^30, which bounds the inputs' h
// (|v * 2^20 * M / 2^31| < 255 * 2^20 < 2^28) and the output's
// (|SRDHM(a' + b', Mo)| <= |a' + b'| <= 255 * 2^20: each term is at most half
// its input's h, as |M * 2^(e-31)| <= 1/2).
struct xqnn_simd_tflite_rdbpot {
  xqnn_simd_i32 rounding;  // 2^(s-1) (0 when s = 0), plus zero point * 2^s when folded in
  int32_t sign_count;      // 31, or 32 when s = 0
  int32_t shift;           // s = -exponent in [0, 31]
};

static XQNN_INLINE struct xqnn_simd_tflite_rdbpot xqnn_simd_tflite_rdbpot_init(int32_t exponent,
                                                                              int32_t folded_zero_point) {
  const int32_t s = -exponent;
  struct xqnn_simd_tflite_rdbpot r;
  const uint32_t half = s > 0 ? UINT32_C(1) << (s - 1) : 0;
  r.rounding = xqnn_simd_splat_i32((int32_t) (half + ((uint32_t) folded_zero_point << s)));
  r.sign_count = s > 0 ? 31 : 32;
  r.shift = s;
  return r;
}

// RDBPOT(h, s) for |h| < 2^30 (plus the folded zero point).
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_rdbpot_bounded(xqnn_simd_i32 h, const struct xqnn_simd_tflite_rdbpot* r) {
  return xqnn_simd_sra_i32(xqnn_simd_sub_i32(xqnn_simd_add_i32(h, r->rounding), xqnn_simd_srl_i32(h, r->sign_count)),
                           r->shift);
}

struct xqnn_simd_tflite_add_input {
  xqnn_simd_i32 multiplier_high, multiplier_low;  // Mh, Ml
  struct xqnn_simd_tflite_rdbpot rdbpot;
  // The input of the larger scale has the multiplier 1/2 (M = 2^30, e = 0):
  // SRDHM(v * 2^20, 2^30) = floor((v * 2^50 + 2^30) / 2^31) = v * 2^19 exactly,
  // and RDBPOT by 0 keeps it: one shift instead of two products.
  bool is_half;
};

static XQNN_INLINE struct xqnn_simd_tflite_add_input xqnn_simd_tflite_add_input_init(int32_t multiplier,
                                                                                     int32_t exponent) {
  struct xqnn_simd_tflite_add_input in;
  // Mh = floor(M / 2^11) without shifting a negative number.
  in.multiplier_high = xqnn_simd_splat_i32((int32_t) (((int64_t) multiplier - (multiplier & 0x7FF)) / 2048));
  in.multiplier_low = xqnn_simd_splat_i32(multiplier & 0x7FF);
  in.rdbpot = xqnn_simd_tflite_rdbpot_init(exponent, 0);
  in.is_half = multiplier == INT32_C(1) << 30 && exponent == 0;
  return in;
}

// RDBPOT(SRDHM(v * 2^20, M), s) for |v| <= 255; is_half as in->is_half.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_add_input_scale(xqnn_simd_i32 v, const bool is_half,
                                                                const struct xqnn_simd_tflite_add_input* in) {
  if (is_half) return xqnn_simd_sll_i32(v, 19);
  const xqnn_simd_i32 low = xqnn_simd_sra_i32(
      xqnn_simd_add_i32(xqnn_simd_mullo_i32(v, in->multiplier_low), xqnn_simd_splat_i32(1 << 10)), 11);
  const xqnn_simd_i32 h = xqnn_simd_add_i32(xqnn_simd_mullo_i32(v, in->multiplier_high), low);
  return xqnn_simd_tflite_rdbpot_bounded(h, &in->rdbpot);
}

struct xqnn_simd_tflite_add {
  struct xqnn_simd_tflite_add_input a, b;
  xqnn_simd_i32 output_multiplier, output_min, output_max, output_zero_point;
  struct xqnn_simd_tflite_rdbpot output_rdbpot;
  // The output range is the type's and the zero point is folded into the
  // output rounding (s <= 21: |h| + 2^(s-1) + |zp| * 2^s < 2^31): the
  // saturating narrowing is the clamp.
  bool plain;
};

static XQNN_INLINE struct xqnn_simd_tflite_add xqnn_simd_tflite_add_init(const union xqnn_q8_add_minmax_params* p,
                                                                        bool is_signed) {
  struct xqnn_simd_tflite_add t;
  t.a = xqnn_simd_tflite_add_input_init(p->tflite_scalar.a_multiplier, p->tflite_scalar.a_exponent);
  t.b = xqnn_simd_tflite_add_input_init(p->tflite_scalar.b_multiplier, p->tflite_scalar.b_exponent);
  t.output_multiplier = xqnn_simd_splat_i32(p->tflite_scalar.output_multiplier);
  const int32_t zp = p->tflite_scalar.output_zero_point;
  const int32_t qmin = p->tflite_scalar.output_min, qmax = p->tflite_scalar.output_max;
  t.plain = (is_signed ? qmin == -128 && qmax == 127 : qmin == 0 && qmax == 255) &&
            -p->tflite_scalar.output_exponent <= 21;
  t.output_rdbpot = xqnn_simd_tflite_rdbpot_init(p->tflite_scalar.output_exponent, t.plain ? zp : 0);
  t.output_min = xqnn_simd_splat_i32(qmin - zp);
  t.output_max = xqnn_simd_splat_i32(qmax - zp);
  t.output_zero_point = xqnn_simd_splat_i32(zp);
  return t;
}

// TFLite's ADD over a tile stamped for which input (if any) has the
// multiplier 1/2 and for t->plain, so that the loop has no branch.
static XQNN_INLINE void xqnn_simd_vadd_tflite_tiles(const size_t TILE, const bool is_signed, const bool broadcast_b,
                                                   const bool a_half, const bool b_half, const bool plain,
                                                   const struct xqnn_simd_tflite_add* t, size_t batch,
                                                   const uint8_t* a, const uint8_t* b, uint8_t* y,
                                                   xqnn_simd_i32 va_zero_point, xqnn_simd_i32 vb_zero_point,
                                                   xqnn_simd_i32 b_term_broadcast) {
  const size_t V = TILE / XQNN_SIMD_LANES;
  for (size_t i = 0; i < batch; i += TILE) {
    xqnn_simd_i32 q[XQNN_SIMD_MAX_TILE_VECTORS];
    for (size_t v = 0; v < V; v++) {
      const size_t e = i + v * XQNN_SIMD_LANES;
      const xqnn_simd_i32 va = xqnn_simd_load_q8_less(a + e, is_signed, va_zero_point);
      xqnn_simd_i32 b_term = b_term_broadcast;
      if (!broadcast_b) {
        const xqnn_simd_i32 vb = xqnn_simd_load_q8_less(b + e, is_signed, vb_zero_point);
        b_term = xqnn_simd_tflite_add_input_scale(vb, b_half, &t->b);
      }
      const xqnn_simd_i32 sum = xqnn_simd_add_i32(xqnn_simd_tflite_add_input_scale(va, a_half, &t->a), b_term);
      xqnn_simd_i32 out =
          xqnn_simd_tflite_rdbpot_bounded(xqnn_simd_tflite_doubling_high_mul(sum, t->output_multiplier), &t->output_rdbpot);
      if (!plain) {
        out = xqnn_simd_min_i32(xqnn_simd_max_i32(out, t->output_min), t->output_max);
        out = xqnn_simd_add_i32(out, t->output_zero_point);
      }
      q[v] = out;
    }
    const size_t n = xqnn_min_sz(TILE, batch - i);
    if (plain) {
      xqnn_simd_store_tile_q8_saturated(V, q, is_signed, y + i, n);
    } else {
      xqnn_simd_store_tile_q8(V, q, is_signed, y + i, n);
    }
  }
}

static XQNN_INLINE void xqnn_simd_vadd_tflite_body(const size_t TILE, const bool is_signed, const bool broadcast_b,
                                                  size_t batch, const void* input_a, const void* input_b,
                                                  void* output, const union xqnn_q8_add_minmax_params* p) {
  assert(batch != 0);
  assert(input_a != NULL);
  assert(input_b != NULL);
  assert(output != NULL);
  assert(TILE % (2 * XQNN_SIMD_LANES) == 0 && TILE / XQNN_SIMD_LANES <= XQNN_SIMD_MAX_TILE_VECTORS);
  const struct xqnn_simd_tflite_add t = xqnn_simd_tflite_add_init(p, is_signed);
  const xqnn_simd_i32 va_zero_point = xqnn_simd_splat_i32(p->tflite_scalar.a_zero_point);
  const xqnn_simd_i32 vb_zero_point = xqnn_simd_splat_i32(p->tflite_scalar.b_zero_point);
  // vaddc: b's term b', once.
  xqnn_simd_i32 b_term = xqnn_simd_splat_i32(0);
  if (broadcast_b) {
    const uint8_t b0 = *(const uint8_t*) input_b;
    const int32_t vb = (is_signed ? (int32_t) (int8_t) b0 : (int32_t) b0) - p->tflite_scalar.b_zero_point;
    b_term = xqnn_simd_tflite_add_input_scale(xqnn_simd_splat_i32(vb), t.b.is_half, &t.b);
  }
#define XQNN_VADD_TFLITE_TILES(a_half, b_half, plain)                                                          \
  xqnn_simd_vadd_tflite_tiles(TILE, is_signed, broadcast_b, a_half, b_half, plain, &t, batch, input_a, input_b, \
                              output, va_zero_point, vb_zero_point, b_term)
  const bool b_half = !broadcast_b && t.b.is_half;
  if (t.plain) {
    if (t.a.is_half) {
      XQNN_VADD_TFLITE_TILES(true, false, true);
    } else if (b_half) {
      XQNN_VADD_TFLITE_TILES(false, true, true);
    } else {
      XQNN_VADD_TFLITE_TILES(false, false, true);
    }
  } else {
    if (t.a.is_half) {
      XQNN_VADD_TFLITE_TILES(true, false, false);
    } else if (b_half) {
      XQNN_VADD_TFLITE_TILES(false, true, false);
    } else {
      XQNN_VADD_TFLITE_TILES(false, false, false);
    }
  }
#undef XQNN_VADD_TFLITE_TILES
}
#endif

static XQNN_INLINE void xqnn_simd_vbinary_body(const size_t TILE, const bool is_signed, const enum xqnn_simd_vbinary_op op,
                                              const bool broadcast_b, size_t batch, const void* input_a,
                                              const void* input_b, void* output, const void* params) {
  const size_t V = TILE / XQNN_SIMD_LANES;
  assert(batch != 0);
  assert(input_a != NULL);
  assert(input_b != NULL);
  assert(output != NULL);
  assert(TILE % (2 * XQNN_SIMD_LANES) == 0 && V <= XQNN_SIMD_MAX_TILE_VECTORS);

  int32_t a_zero_point, b_zero_point;
  float a_scale = 0.0f, b_scale = 0.0f, scale = 0.0f;
  struct xqnn_simd_requant rq;
  if (op == xqnn_simd_vbinary_add) {
    const union xqnn_q8_add_minmax_params* p = params;
    a_zero_point = p->fp32_scalar.a_zero_point;
    b_zero_point = p->fp32_scalar.b_zero_point;
    a_scale = p->fp32_scalar.a_scale;
    b_scale = p->fp32_scalar.b_scale;
    rq = xqnn_simd_requant_init(p->fp32_scalar.output_min_less_zero_point, p->fp32_scalar.output_max_less_zero_point,
                                p->fp32_scalar.magic_bias, p->fp32_scalar.magic_bias_less_output_zero_point);
  } else {
    const union xqnn_q8_mul_minmax_params* p = params;
    a_zero_point = p->fp32_scalar.a_zero_point;
    b_zero_point = p->fp32_scalar.b_zero_point;
    scale = p->fp32_scalar.scale;
    rq = xqnn_simd_requant_init(p->fp32_scalar.output_min_less_zero_point, p->fp32_scalar.output_max_less_zero_point,
                                p->fp32_scalar.magic_bias, p->fp32_scalar.magic_bias_less_output_zero_point);
  }
  const xqnn_simd_i32 va_zero_point = xqnn_simd_splat_i32(a_zero_point);
  const xqnn_simd_i32 vb_zero_point = xqnn_simd_splat_i32(b_zero_point);
  const xqnn_simd_f32 va_scale = xqnn_simd_splat_f32(a_scale);
  const xqnn_simd_f32 vb_scale = xqnn_simd_splat_f32(b_scale);
  const xqnn_simd_f32 vscale = xqnn_simd_splat_f32(scale);
  // Broadcast b: (b - b_zp) for vmulc, its scaled term for vaddc (the same
  // conversion and product the per-element path computes).
  xqnn_simd_i32 vb_broadcast = xqnn_simd_splat_i32(0);
  xqnn_simd_f32 vb_term_broadcast = xqnn_simd_splat_f32(0.0f);
  if (broadcast_b) {
    const uint8_t b0 = *(const uint8_t*) input_b;
    vb_broadcast = xqnn_simd_splat_i32((is_signed ? (int32_t) (int8_t) b0 : (int32_t) b0) - b_zero_point);
    vb_term_broadcast = xqnn_simd_mul_f32(xqnn_simd_cvt_i32_f32(vb_broadcast), vb_scale);
  }

  const uint8_t* a = input_a;
  const uint8_t* b = input_b;
  uint8_t* y = output;
  for (size_t i = 0; i < batch; i += TILE) {
    xqnn_simd_i32 q[XQNN_SIMD_MAX_TILE_VECTORS];
    for (size_t v = 0; v < V; v++) {
      const size_t e = i + v * XQNN_SIMD_LANES;
      const xqnn_simd_i32 va = xqnn_simd_load_q8_less(a + e, is_signed, va_zero_point);
      xqnn_simd_i32 vb = vb_broadcast;
      if (!broadcast_b) vb = xqnn_simd_load_q8_less(b + e, is_signed, vb_zero_point);
      xqnn_simd_f32 f;
      if (op == xqnn_simd_vbinary_add) {
        const xqnn_simd_f32 a_term = xqnn_simd_mul_f32(xqnn_simd_cvt_i32_f32(va), va_scale);
        const xqnn_simd_f32 b_term =
            broadcast_b ? vb_term_broadcast : xqnn_simd_mul_f32(xqnn_simd_cvt_i32_f32(vb), vb_scale);
        f = xqnn_simd_add_f32(a_term, b_term);
      } else {
        f = xqnn_simd_mul_f32(xqnn_simd_cvt_i32_f32(xqnn_simd_mul_i32_i16(va, vb)), vscale);
      }
      q[v] = xqnn_simd_requantize(f, &rq);
    }
    xqnn_simd_store_tile_q8(V, q, is_signed, y + i, xqnn_min_sz(TILE, batch - i));
  }
}

// fp32 requantization.
#define XQNN_SIMD_VBINARY_KERNEL(fn, is_signed, op, broadcast_b, TILE)                                   \
  XQNN_VBINARY_UKERNEL_SIGNATURE(fn) {                                                                 \
    xqnn_simd_vbinary_body(TILE, is_signed, op, broadcast_b, batch, input_a, input_b, output, params); \
  }

// TFLite's fixed-point ADD (vadd / vaddc).
#define XQNN_SIMD_VADD_TFLITE_KERNEL(fn, is_signed, broadcast_b, TILE)                      \
  XQNN_VBINARY_UKERNEL_SIGNATURE(fn) {                                                    \
    xqnn_simd_vadd_tflite_body(TILE, is_signed, broadcast_b, batch, input_a, input_b, output, \
                               (const union xqnn_q8_add_minmax_params*) params);            \
  }
