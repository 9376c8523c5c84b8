// One generic body for the scalar QS16 vadd / vaddc / vmul / vmulc
// micro-kernels: TensorFlow Lite's int16 ADD and MUL (16x8 scheme, zero points
// 0), stamped out per operation and tile by XQNN_QS16_SCALAR_VBINARY_KERNEL.
//   add: a' = RDBPOT(SRDHM(a * 2^15, Ma), -ea), b' likewise,
//        out = clamp(RDBPOT(SRDHM(a' + b', Mo), -eo))   (union xqnn_q8_add_minmax_params)
//   mul: out = clamp(xqnn_tflite_multiply(a * b, M, e)) (union xqnn_q8_mul_minmax_params)
// |a| * 2^15 <= 2^30 and |a * b| <= 2^30: no int32 overflow.
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "xqnn/common.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"
#include "xqnn/requantization.h"

enum xqnn_qs16_vbinary_op { xqnn_qs16_vbinary_add, xqnn_qs16_vbinary_mul };

static XQNN_INLINE int32_t xqnn_qs16_load(const uint8_t* p) {
  int16_t v;
  memcpy(&v, p, sizeof(v));
  return v;
}

static XQNN_INLINE int16_t xqnn_qs16_vbinary_element(const enum xqnn_qs16_vbinary_op op, int32_t a,
                                                     int32_t b, const void* params) {
  int32_t out, lo, hi;
  if (op == xqnn_qs16_vbinary_add) {
    const union xqnn_q8_add_minmax_params* p = params;
    const int32_t a_scaled = xqnn_tflite_multiply_smaller_than_one(
        a * (1 << 15), p->tflite_scalar.a_multiplier, p->tflite_scalar.a_exponent);
    const int32_t b_scaled = xqnn_tflite_multiply_smaller_than_one(
        b * (1 << 15), p->tflite_scalar.b_multiplier, p->tflite_scalar.b_exponent);
    out = xqnn_tflite_multiply_smaller_than_one(a_scaled + b_scaled, p->tflite_scalar.output_multiplier,
                                                p->tflite_scalar.output_exponent);
    lo = p->tflite_scalar.output_min;
    hi = p->tflite_scalar.output_max;
  } else {
    const union xqnn_q8_mul_minmax_params* p = params;
    out = xqnn_tflite_multiply(a * b, p->tflite_scalar.multiplier, p->tflite_scalar.exponent);
    lo = p->tflite_scalar.output_min;
    hi = p->tflite_scalar.output_max;
  }
  return (int16_t) (out < lo ? lo : out > hi ? hi : out);
}

static XQNN_INLINE void xqnn_qs16_scalar_vbinary_body(
    const size_t TILE, const enum xqnn_qs16_vbinary_op op, const bool broadcast_b, size_t batch,
    const void* input_a, const void* input_b, void* output, const void* params) {
  assert(batch != 0);
  const uint8_t* a = input_a;
  const uint8_t* b = input_b;
  uint8_t* y = output;
  const int32_t b_broadcast = broadcast_b ? xqnn_qs16_load(b) : 0;
  // Whole tiles, then the remainder one element at a time.
  for (; batch != 0;) {
    const size_t n = batch >= TILE ? TILE : 1;
    for (size_t i = 0; i < n; i++) {
      const int32_t vb = broadcast_b ? b_broadcast : xqnn_qs16_load(b + 2 * i);
      const int16_t out = xqnn_qs16_vbinary_element(op, xqnn_qs16_load(a + 2 * i), vb, params);
      memcpy(y + 2 * i, &out, sizeof(out));
    }
    a += 2 * n;
    if (!broadcast_b) b += 2 * n;
    y += 2 * n;
    batch -= n;
  }
}

#define XQNN_QS16_SCALAR_VBINARY_KERNEL(fn, op, broadcast_b, TILE)                               \
  XQNN_VBINARY_UKERNEL_SIGNATURE(fn) {                                                           \
    xqnn_qs16_scalar_vbinary_body(TILE, op, broadcast_b, batch, input_a, input_b, output, params); \
  }
