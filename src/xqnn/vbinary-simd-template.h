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
// One vector of TFLite's ADD of (a - a_zp) and (b - b_zp), clamped, with the zero point.
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_tflite_add(xqnn_simd_i32 va, xqnn_simd_i32 vb,
                                                    const union xqnn_q8_add_minmax_params* p) {
  const xqnn_simd_i32 a = xqnn_simd_tflite_multiply_smaller_than_one(
      va, 20, p->tflite_scalar.a_multiplier, p->tflite_scalar.a_exponent);
  const xqnn_simd_i32 b = xqnn_simd_tflite_multiply_smaller_than_one(
      vb, 20, p->tflite_scalar.b_multiplier, p->tflite_scalar.b_exponent);
  xqnn_simd_i32 y = xqnn_simd_tflite_multiply_smaller_than_one(
      xqnn_simd_add_i32(a, b), 0, p->tflite_scalar.output_multiplier, p->tflite_scalar.output_exponent);
  const int32_t zp = p->tflite_scalar.output_zero_point;
  y = xqnn_simd_max_i32(y, xqnn_simd_splat_i32(p->tflite_scalar.output_min - zp));
  y = xqnn_simd_min_i32(y, xqnn_simd_splat_i32(p->tflite_scalar.output_max - zp));
  return xqnn_simd_add_i32(y, xqnn_simd_splat_i32(zp));
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
  if (tflite) {
    const union xqnn_q8_add_minmax_params* p = params;
    a_zero_point = p->tflite_scalar.a_zero_point;
    b_zero_point = p->tflite_scalar.b_zero_point;
    rq = xqnn_simd_requant_init(0.0f, 0.0f, 0.0f, 0);
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
  for (;;) {
    xqnn_simd_i32 q[XQNN_SIMD_MAX_TILE_VECTORS];
    for (size_t v = 0; v < V; v++) {
      const xqnn_simd_i32 va = xqnn_simd_sub_i32(xqnn_simd_load_q8(a + v * XQNN_SIMD_LANES, is_signed), va_zero_point);
      xqnn_simd_i32 vb = vb_broadcast;
      if (!broadcast_b) vb = xqnn_simd_sub_i32(xqnn_simd_load_q8(b + v * XQNN_SIMD_LANES, is_signed), vb_zero_point);
#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
      if (tflite) {
        q[v] = xqnn_simd_tflite_add(va, vb, params);
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
