// The one generic body of every SIMD vadd / vaddc / vmul / vmulc micro-kernel
// (QS8 and QU8), over the vector vocabulary of the including file
// (src/xqnn/simd/<isa>.h, included first). Each kernel file stamps it out for
// one (element type, operation, tile: a multiple of 2 * XQNN_SIMD_LANES) with
// XQNN_SIMD_VBINARY_KERNEL.
//
// Same arithmetic, in the same order, as src/xqnn/elementwise-scalar-template.h
// (bit-identical outputs):
//   vadd: f = (float) (a - a_zp) * a_scale + (float) (b - b_zp) * b_scale  (two multiplies, one add: no FMA)
//   vmul: f = (float) ((a - a_zp) * (b - b_zp)) * scale                    (an exact int16-range product)
// then clamp and the magic-bias rounding (xqnn_simd_requantize). With TFLite
// requantization (vadd / vaddc, on ISAs with XQNN_SIMD_HAS_TFLITE_MULTIPLY),
// TFLite's fixed-point ADD of src/xqnn/requantization.h instead.
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

#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
// TFLite's ADD of src/xqnn/requantization.h in int32 arithmetic only (no
// 64-bit products for the inputs). SRDHM(x, M) is floor((x * M + 2^30) / 2^31)
// (requantization.h), and an input's x = v * 2^20 with |v| <= 255, so
//   SRDHM(v * 2^20, M) = floor((v * M + 2^10) / 2^11) = v * Mh + ((v * Ml + 2^10) >> 11)
// for M = Mh * 2^11 + Ml, Ml in [0, 2^11) (M may be negative: SUB negates b's):
// |v * Mh| <= 255 * 2^20 and |v * Ml| < 2^19. RDBPOT by s > 0 rounds half away
// from zero: (h + 2^(s-1) - [h < 0]) >> s, without overflow for |h| < 2^30,
// which bounds the inputs' h (|v * 2^20 * M / 2^31| < 255 * 2^20 < 2^28) and
// the output's (|SRDHM(a' + b', Mo)| <= |a' + b'| <= 255 * 2^20: each term is
// at most half its input's h, as |M * 2^(e-31)| <= 1/2).
struct xqnn_simd_tflite_rdbpot {
  xqnn_simd_i32 rounding;   // 2^(s-1), or 0 when s = 0
  xqnn_simd_i32 sign_mask;  // -1 when s > 0: takes [h < 0] off; 0 when s = 0
  int32_t shift;            // s = -exponent in [0, 31]
};

static XQNN_INLINE struct xqnn_simd_tflite_rdbpot xqnn_simd_tflite_rdbpot_init(int32_t exponent) {
  const int32_t s = -exponent;
  struct xqnn_simd_tflite_rdbpot r;
  r.rounding = xqnn_simd_splat_i32(s > 0 ? (int32_t) (UINT32_C(1) << (s - 1)) : 0);
  r.sign_mask = xqnn_simd_splat_i32(s > 0 ? -1 : 0);
  r.shift = s;
  return r;
}

// RDBPOT(h, s) for |h| < 2^30.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_rdbpot_bounded(xqnn_simd_i32 h, const struct xqnn_simd_tflite_rdbpot* r) {
  const xqnn_simd_i32 negative = xqnn_simd_and_i32(xqnn_simd_sra_i32(h, 31), r->sign_mask);
  return xqnn_simd_sra_i32(xqnn_simd_add_i32(xqnn_simd_add_i32(h, r->rounding), negative), r->shift);
}

// The input of the larger scale has the multiplier 1/2 (M = 2^30, e = 0):
// SRDHM(v * 2^20, 2^30) = floor((v * 2^50 + 2^30) / 2^31) = v * 2^19 exactly,
// and RDBPOT by 0 keeps it: one shift instead of two products.
struct xqnn_simd_tflite_add_input {
  xqnn_simd_i32 multiplier_high, multiplier_low;  // Mh, Ml
  struct xqnn_simd_tflite_rdbpot rdbpot;
  bool is_half;  // M = 2^30, e = 0
};

static XQNN_INLINE struct xqnn_simd_tflite_add_input xqnn_simd_tflite_add_input_init(int32_t multiplier,
                                                                                     int32_t exponent) {
  struct xqnn_simd_tflite_add_input in;
  // Mh = floor(M / 2^11) without shifting a negative number.
  in.multiplier_high = xqnn_simd_splat_i32((int32_t) (((int64_t) multiplier - (multiplier & 0x7FF)) / 2048));
  in.multiplier_low = xqnn_simd_splat_i32(multiplier & 0x7FF);
  in.rdbpot = xqnn_simd_tflite_rdbpot_init(exponent);
  in.is_half = multiplier == INT32_C(1) << 30 && exponent == 0;
  return in;
}

// RDBPOT(SRDHM(v * 2^20, M), s) for |v| <= 255.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_add_input_scale(xqnn_simd_i32 v,
                                                                const struct xqnn_simd_tflite_add_input* in) {
  if (in->is_half) return xqnn_simd_sll_i32(v, 19);
  const xqnn_simd_i32 low = xqnn_simd_sra_i32(
      xqnn_simd_add_i32(xqnn_simd_mullo_i32(v, in->multiplier_low), xqnn_simd_splat_i32(1 << 10)), 11);
  const xqnn_simd_i32 h = xqnn_simd_add_i32(xqnn_simd_mullo_i32(v, in->multiplier_high), low);
  return xqnn_simd_tflite_rdbpot_bounded(h, &in->rdbpot);
}

struct xqnn_simd_tflite_add {
  struct xqnn_simd_tflite_add_input a, b;
  xqnn_simd_i32 output_multiplier, output_min, output_max, output_zero_point;
  struct xqnn_simd_tflite_rdbpot output_rdbpot;
};

static XQNN_INLINE struct xqnn_simd_tflite_add xqnn_simd_tflite_add_init(const union xqnn_q8_add_minmax_params* p) {
  struct xqnn_simd_tflite_add t;
  t.a = xqnn_simd_tflite_add_input_init(p->tflite_scalar.a_multiplier, p->tflite_scalar.a_exponent);
  t.b = xqnn_simd_tflite_add_input_init(p->tflite_scalar.b_multiplier, p->tflite_scalar.b_exponent);
  t.output_multiplier = xqnn_simd_splat_i32(p->tflite_scalar.output_multiplier);
  t.output_rdbpot = xqnn_simd_tflite_rdbpot_init(p->tflite_scalar.output_exponent);
  const int32_t zp = p->tflite_scalar.output_zero_point;
  t.output_min = xqnn_simd_splat_i32(p->tflite_scalar.output_min - zp);
  t.output_max = xqnn_simd_splat_i32(p->tflite_scalar.output_max - zp);
  t.output_zero_point = xqnn_simd_splat_i32(zp);
  return t;
}

// One vector of the output from the inputs' terms a' and b', clamped, with the zero point.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_add_output(xqnn_simd_i32 a_term, xqnn_simd_i32 b_term,
                                                           const struct xqnn_simd_tflite_add* t) {
  const xqnn_simd_i32 h = xqnn_simd_tflite_doubling_high_mul(xqnn_simd_add_i32(a_term, b_term), t->output_multiplier);
  xqnn_simd_i32 y = xqnn_simd_tflite_rdbpot_bounded(h, &t->output_rdbpot);
  y = xqnn_simd_min_i32(xqnn_simd_max_i32(y, t->output_min), t->output_max);
  return xqnn_simd_add_i32(y, t->output_zero_point);
}
#endif

static XQNN_INLINE void xqnn_simd_vbinary_body(
    const size_t TILE, const bool is_signed, const enum xqnn_simd_vbinary_op op, const bool tflite, const bool broadcast_b,
    size_t batch, const void* input_a, const void* input_b, void* output, const void* params) {
  const size_t V = TILE / XQNN_SIMD_LANES;
  assert(batch != 0);
  assert(input_a != NULL);
  assert(input_b != NULL);
  assert(output != NULL);
  assert(TILE % (2 * XQNN_SIMD_LANES) == 0 && V <= XQNN_SIMD_MAX_TILE_VECTORS);

  int32_t a_zero_point, b_zero_point;
  float a_scale = 0.0f, b_scale = 0.0f, scale = 0.0f;
  struct xqnn_simd_requant rq;
#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
  struct xqnn_simd_tflite_add tflite_add;
#endif
  if (tflite) {
    const union xqnn_q8_add_minmax_params* p = params;
    a_zero_point = p->tflite_scalar.a_zero_point;
    b_zero_point = p->tflite_scalar.b_zero_point;
    rq = xqnn_simd_requant_init(0.0f, 0.0f, 0.0f, 0);
#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
    tflite_add = xqnn_simd_tflite_add_init(p);
#endif
  } else if (op == xqnn_simd_vbinary_add) {
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
  // conversion and product the per-element path computes; TFLite: b').
  xqnn_simd_i32 vb_broadcast = xqnn_simd_splat_i32(0);
  xqnn_simd_f32 vb_term_broadcast = xqnn_simd_splat_f32(0.0f);
  if (broadcast_b) {
    const uint8_t b0 = *(const uint8_t*) input_b;
    vb_broadcast = xqnn_simd_splat_i32((is_signed ? (int32_t) (int8_t) b0 : (int32_t) b0) - b_zero_point);
    vb_term_broadcast = xqnn_simd_mul_f32(xqnn_simd_cvt_i32_f32(vb_broadcast), vb_scale);
#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
    if (tflite) vb_broadcast = xqnn_simd_tflite_add_input_scale(vb_broadcast, &tflite_add.b);  // b's term, b'
#endif
  }

  const uint8_t* a = input_a;
  const uint8_t* b = input_b;
  uint8_t* y = output;
  for (;;) {
    xqnn_simd_i32 q[XQNN_SIMD_MAX_TILE_VECTORS];
    for (size_t v = 0; v < V; v++) {
      const xqnn_simd_i32 va = xqnn_simd_sub_i32(xqnn_simd_load_q8(a + v * XQNN_SIMD_LANES, is_signed), va_zero_point);
      xqnn_simd_i32 vb = vb_broadcast;
      if (!broadcast_b) vb = xqnn_simd_sub_i32(xqnn_simd_load_q8(b + v * XQNN_SIMD_LANES, is_signed), vb_zero_point);
#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
      if (tflite) {
        const xqnn_simd_i32 b_term = broadcast_b ? vb : xqnn_simd_tflite_add_input_scale(vb, &tflite_add.b);
        q[v] = xqnn_simd_tflite_add_output(xqnn_simd_tflite_add_input_scale(va, &tflite_add.a), b_term, &tflite_add);
        continue;
      }
#else
      assert(!tflite);
#endif
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
    const size_t n = xqnn_min_sz(TILE, batch);
    xqnn_simd_store_tile_q8(V, q, is_signed, y, n);
    batch -= n;
    if (batch == 0) break;
    a += TILE;
    if (!broadcast_b) b += TILE;
    y += TILE;
  }
}

#define XQNN_SIMD_VBINARY_KERNEL_WITH(fn, is_signed, op, tflite, broadcast_b, TILE)                     \
  XQNN_VBINARY_UKERNEL_SIGNATURE(fn) {                                                                    \
    xqnn_simd_vbinary_body(TILE, is_signed, op, tflite, broadcast_b, batch, input_a, input_b, output, params); \
  }

// fp32 requantization, and TFLite's fixed-point ADD.
#define XQNN_SIMD_VBINARY_KERNEL(fn, is_signed, op, broadcast_b, TILE) \
  XQNN_SIMD_VBINARY_KERNEL_WITH(fn, is_signed, op, false, broadcast_b, TILE)
#define XQNN_SIMD_VADD_TFLITE_KERNEL(fn, is_signed, broadcast_b, TILE) \
  XQNN_SIMD_VBINARY_KERNEL_WITH(fn, is_signed, xqnn_simd_vbinary_add, true, broadcast_b, TILE)
