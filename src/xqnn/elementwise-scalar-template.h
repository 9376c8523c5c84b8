// One generic body per kernel kind for the scalar elementwise, average-pooling
// and conversion micro-kernels (qs8/qu8 vadd, vaddc, vmul, vmulc, gavgpool 7x and
// 7p7x, f32<->q8 vcvt). Each kernel file stamps one body out for one (element
// type, operation, tile) with the XQNN_SCALAR_*_KERNEL macros below; the tile
// and flags are compile-time constants there, so the compiler unrolls the
// loops and drops the branches that do not apply.
//
// Every kernel ends with the fp32 chain of DESIGN.md section 2: clamp to
// [output_min - zp, output_max - zp] (|value| <= 255), then round half to even by
// the magic-bias addition (xqnn_fp32_round_magic) and add the zero point;
// except the vadd / vaddc kernels with TFLite requantization, which compute
// TFLite's fixed-point ADD (src/xqnn/requantization.h).
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "xqnn/common.h"
#include "xqnn/math.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"
#include "xqnn/requantization.h"

#define XQNN_SCALAR_ELEMENTWISE_MAX_TILE 16

enum xqnn_scalar_vbinary_op {
  xqnn_scalar_vbinary_add,
  xqnn_scalar_vbinary_mul,
};

static XQNN_INLINE int32_t xqnn_scalar_load_q8(const uint8_t* p, bool is_signed) {
  return is_signed ? (int32_t) (int8_t) *p : (int32_t) *p;
}

// Requantized value of one element; a and b already have their zero points subtracted.
static XQNN_INLINE uint8_t xqnn_scalar_vbinary_element(
    const enum xqnn_scalar_vbinary_op op, int32_t a, int32_t b, float a_scale, float b_scale,
    float scale, float output_min, float output_max, float magic_bias, int32_t magic_less_zp) {
  float scaled;
  if (op == xqnn_scalar_vbinary_add) {
    const float a_term = (float) a * a_scale;
    const float b_term = (float) b * b_scale;
    scaled = a_term + b_term;
  } else {
    scaled = (float) (a * b) * scale;  // |a * b| <= 255 * 255: exact in int32 and in float
  }
  scaled = xqnn_max_f32(scaled, output_min);
  scaled = xqnn_min_f32(scaled, output_max);
  return (uint8_t) xqnn_fp32_round_magic(scaled, magic_bias, magic_less_zp);
}

// TFLite's ADD of one element; a and b already have their zero points subtracted.
static XQNN_INLINE uint8_t xqnn_scalar_tflite_add_element(
    int32_t a, int32_t b, const union xqnn_q8_add_minmax_params* p) {
  // |a|, |b| <= 255: the shifted values fit in int32.
  const int32_t a_scaled = xqnn_tflite_multiply_smaller_than_one(
      a * (1 << 20), p->tflite_scalar.a_multiplier, p->tflite_scalar.a_exponent);
  const int32_t b_scaled = xqnn_tflite_multiply_smaller_than_one(
      b * (1 << 20), p->tflite_scalar.b_multiplier, p->tflite_scalar.b_exponent);
  int32_t out = xqnn_tflite_multiply_smaller_than_one(
      a_scaled + b_scaled, p->tflite_scalar.output_multiplier, p->tflite_scalar.output_exponent);
  const int32_t zp = p->tflite_scalar.output_zero_point;
  out = out < p->tflite_scalar.output_min - zp ? p->tflite_scalar.output_min - zp : out;
  out = out > p->tflite_scalar.output_max - zp ? p->tflite_scalar.output_max - zp : out;
  return (uint8_t) (out + zp);
}

static XQNN_INLINE void xqnn_scalar_vbinary_body(
    const size_t TILE, const bool is_signed, const enum xqnn_scalar_vbinary_op op, const bool tflite,
    const bool broadcast_b, size_t batch, const void* input_a, const void* input_b, void* output,
    const void* params) {
  assert(batch != 0);
  assert(input_a != NULL);
  assert(input_b != NULL);
  assert(output != NULL);
  assert(TILE <= XQNN_SCALAR_ELEMENTWISE_MAX_TILE);

  int32_t a_zero_point, b_zero_point, magic_less_zp;
  float a_scale = 0.0f, b_scale = 0.0f, scale = 0.0f, output_min, output_max, magic_bias;
  const union xqnn_q8_add_minmax_params* tflite_params = params;
  if (tflite) {
    assert(op == xqnn_scalar_vbinary_add);
    a_zero_point = tflite_params->tflite_scalar.a_zero_point;
    b_zero_point = tflite_params->tflite_scalar.b_zero_point;
    output_min = output_max = magic_bias = 0.0f;
    magic_less_zp = 0;
  } else if (op == xqnn_scalar_vbinary_add) {
    const union xqnn_q8_add_minmax_params* p = params;
    a_zero_point = p->fp32_scalar.a_zero_point;
    b_zero_point = p->fp32_scalar.b_zero_point;
    a_scale = p->fp32_scalar.a_scale;
    b_scale = p->fp32_scalar.b_scale;
    output_min = p->fp32_scalar.output_min_less_zero_point;
    output_max = p->fp32_scalar.output_max_less_zero_point;
    magic_bias = p->fp32_scalar.magic_bias;
    magic_less_zp = p->fp32_scalar.magic_bias_less_output_zero_point;
  } else {
    const union xqnn_q8_mul_minmax_params* p = params;
    a_zero_point = p->fp32_scalar.a_zero_point;
    b_zero_point = p->fp32_scalar.b_zero_point;
    scale = p->fp32_scalar.scale;
    output_min = p->fp32_scalar.output_min_less_zero_point;
    output_max = p->fp32_scalar.output_max_less_zero_point;
    magic_bias = p->fp32_scalar.magic_bias;
    magic_less_zp = p->fp32_scalar.magic_bias_less_output_zero_point;
  }

  const uint8_t* a = input_a;
  const uint8_t* b = input_b;
  uint8_t* y = output;
  const int32_t b_broadcast = broadcast_b ? xqnn_scalar_load_q8(b, is_signed) - b_zero_point : 0;
  for (; batch >= TILE; batch -= TILE) {
    uint8_t out[XQNN_SCALAR_ELEMENTWISE_MAX_TILE];
    for (size_t i = 0; i < TILE; i++) {
      const int32_t va = xqnn_scalar_load_q8(a + i, is_signed) - a_zero_point;
      const int32_t vb = broadcast_b ? b_broadcast : xqnn_scalar_load_q8(b + i, is_signed) - b_zero_point;
      out[i] = tflite ? xqnn_scalar_tflite_add_element(va, vb, tflite_params)
                      : xqnn_scalar_vbinary_element(op, va, vb, a_scale, b_scale, scale, output_min,
                                                    output_max, magic_bias, magic_less_zp);
    }
    memcpy(y, out, TILE);
    a += TILE;
    if (!broadcast_b) b += TILE;
    y += TILE;
  }
  for (size_t i = 0; i < batch; i++) {
    const int32_t va = xqnn_scalar_load_q8(a + i, is_signed) - a_zero_point;
    const int32_t vb = broadcast_b ? b_broadcast : xqnn_scalar_load_q8(b + i, is_signed) - b_zero_point;
    y[i] = tflite ? xqnn_scalar_tflite_add_element(va, vb, tflite_params)
                  : xqnn_scalar_vbinary_element(op, va, vb, a_scale, b_scale, scale, output_min,
                                                output_max, magic_bias, magic_less_zp);
  }
}

#define XQNN_SCALAR_VBINARY_KERNEL_WITH(fn, is_signed, op, tflite, broadcast_b, TILE)             \
  XQNN_VBINARY_UKERNEL_SIGNATURE(fn) {                                                            \
    xqnn_scalar_vbinary_body(TILE, is_signed, op, tflite, broadcast_b, batch, input_a, input_b,   \
                             output, params);                                                     \
  }

// fp32 vadd / vaddc / vmul / vmulc, and vadd / vaddc with TFLite requantization.
#define XQNN_SCALAR_VBINARY_KERNEL(fn, is_signed, op, broadcast_b, TILE) \
  XQNN_SCALAR_VBINARY_KERNEL_WITH(fn, is_signed, op, false, broadcast_b, TILE)
#define XQNN_SCALAR_TFLITE_VADD_KERNEL(fn, is_signed, broadcast_b, TILE) \
  XQNN_SCALAR_VBINARY_KERNEL_WITH(fn, is_signed, xqnn_scalar_vbinary_add, true, broadcast_b, TILE)

// ---- gavgpool ----

static XQNN_INLINE uint8_t xqnn_scalar_avgpool_requantize(
    int32_t acc, const union xqnn_q8_avgpool_minmax_params* p) {
  float scaled = (float) acc * p->fp32_scalar.scale;
  scaled = xqnn_max_f32(scaled, p->fp32_scalar.output_min_less_zero_point);
  scaled = xqnn_min_f32(scaled, p->fp32_scalar.output_max_less_zero_point);
  return (uint8_t) xqnn_fp32_round_magic(scaled, p->fp32_scalar.magic_bias,
                                         p->fp32_scalar.magic_bias_less_output_zero_point);
}

// Adds ROWS rows (row pointers `rows_in`) over `channels` channels to acc[]
// (or to init when `first`), tile by tile.
static XQNN_INLINE void xqnn_scalar_gavgpool_accumulate(
    const size_t ROWS, const size_t TILE, const bool is_signed, const bool first, int32_t init,
    size_t channels, const uint8_t* const* rows_in, int32_t* acc) {
  size_t c = 0;
  for (; c + TILE <= channels; c += TILE) {
    for (size_t j = 0; j < TILE; j++) {
      int32_t sum = first ? init : acc[c + j];
      for (size_t r = 0; r < ROWS; r++) {
        sum = xqnn_wrapping_add_s32(sum, xqnn_scalar_load_q8(rows_in[r] + c + j, is_signed));
      }
      acc[c + j] = sum;
    }
  }
  for (; c < channels; c++) {
    int32_t sum = first ? init : acc[c];
    for (size_t r = 0; r < ROWS; r++) {
      sum = xqnn_wrapping_add_s32(sum, xqnn_scalar_load_q8(rows_in[r] + c, is_signed));
    }
    acc[c] = sum;
  }
}

// Final pass: rows (<= ROWS) rows, the missing ones read from `zero`, added to
// init_bias (unipass) or to buffer[] (multipass), requantized into output.
static XQNN_INLINE void xqnn_scalar_gavgpool_final(
    const size_t ROWS, const size_t TILE, const bool is_signed, const int32_t* buffer,
    size_t rows, size_t channels, const uint8_t* input, size_t input_stride, const void* zero,
    void* output, const union xqnn_q8_avgpool_minmax_params* p) {
  const uint8_t* in[XQNN_SCALAR_ELEMENTWISE_MAX_TILE];
  for (size_t r = 0; r < ROWS; r++) {
    in[r] = r < rows ? input + r * input_stride : (const uint8_t*) zero;
  }
  uint8_t* y = output;
  size_t c = 0;
  for (; c + TILE <= channels; c += TILE) {
    for (size_t j = 0; j < TILE; j++) {
      int32_t sum = buffer != NULL ? buffer[c + j] : p->fp32_scalar.init_bias;
      for (size_t r = 0; r < ROWS; r++) {
        sum = xqnn_wrapping_add_s32(sum, xqnn_scalar_load_q8(in[r] + c + j, is_signed));
      }
      y[c + j] = xqnn_scalar_avgpool_requantize(sum, p);
    }
  }
  for (; c < channels; c++) {
    int32_t sum = buffer != NULL ? buffer[c] : p->fp32_scalar.init_bias;
    for (size_t r = 0; r < ROWS; r++) {
      sum = xqnn_wrapping_add_s32(sum, xqnn_scalar_load_q8(in[r] + c, is_signed));
    }
    y[c] = xqnn_scalar_avgpool_requantize(sum, p);
  }
}

static XQNN_INLINE void xqnn_scalar_gavgpool_unipass_body(
    const size_t ROWS, const size_t TILE, const bool is_signed, size_t rows, size_t channels,
    const void* input, size_t input_stride, const void* zero, void* output, const void* params) {
  assert(rows != 0);
  assert(rows <= ROWS);
  assert(channels != 0);
  assert(ROWS <= XQNN_SCALAR_ELEMENTWISE_MAX_TILE);
  xqnn_scalar_gavgpool_final(ROWS, TILE, is_signed, NULL, rows, channels, input, input_stride,
                             zero, output, params);
}

static XQNN_INLINE void xqnn_scalar_gavgpool_multipass_body(
    const size_t ROWS, const size_t TILE, const bool is_signed, size_t rows, size_t channels,
    const void* input, size_t input_stride, const void* zero, int32_t* buffer, void* output,
    const void* params) {
  assert(rows > ROWS);
  assert(channels != 0);
  assert(ROWS <= XQNN_SCALAR_ELEMENTWISE_MAX_TILE);
  const union xqnn_q8_avgpool_minmax_params* p = params;
  const uint8_t* in[XQNN_SCALAR_ELEMENTWISE_MAX_TILE];
  const uint8_t* row = input;
  bool first = true;
  while (rows > ROWS) {
    for (size_t r = 0; r < ROWS; r++) in[r] = row + r * input_stride;
    xqnn_scalar_gavgpool_accumulate(ROWS, TILE, is_signed, first, p->fp32_scalar.init_bias,
                                    channels, in, buffer);
    first = false;
    row += ROWS * input_stride;
    rows -= ROWS;
  }
  xqnn_scalar_gavgpool_final(ROWS, TILE, is_signed, buffer, rows, channels, row, input_stride,
                             zero, output, p);
}

#define XQNN_SCALAR_GAVGPOOL_UNIPASS_KERNEL(fn, is_signed, ROWS, TILE)                            \
  XQNN_GAVGPOOL_UNIPASS_UKERNEL_SIGNATURE(fn) {                                                  \
    xqnn_scalar_gavgpool_unipass_body(ROWS, TILE, is_signed, rows, channels, input, input_stride, \
                                      zero, output, params);                                     \
  }

#define XQNN_SCALAR_GAVGPOOL_MULTIPASS_KERNEL(fn, is_signed, ROWS, TILE)                           \
  XQNN_GAVGPOOL_MULTIPASS_UKERNEL_SIGNATURE(fn) {                                                 \
    xqnn_scalar_gavgpool_multipass_body(ROWS, TILE, is_signed, rows, channels, input,              \
                                        input_stride, zero, buffer, output, params);               \
  }

// ---- vcvt ----

// f32 -> q8: NaN becomes 0.0 (the zero point, then clamped); +-inf and values
// beyond the range saturate to output_max / output_min.
static XQNN_INLINE uint8_t xqnn_scalar_f32_q8_element(float x, const union xqnn_f32_q8_cvt_params* p) {
  float scaled = x / p->scalar.scale;
  scaled = scaled == scaled ? scaled : 0.0f;
  scaled = xqnn_max_f32(scaled, p->scalar.output_min_less_zero_point);
  scaled = xqnn_min_f32(scaled, p->scalar.output_max_less_zero_point);
  return (uint8_t) xqnn_fp32_round_magic(scaled, p->scalar.magic_bias,
                                         p->scalar.magic_bias_less_zero_point);
}

static XQNN_INLINE void xqnn_scalar_f32_q8_vcvt_body(
    const size_t TILE, size_t batch, const void* input, void* output, const void* params) {
  assert(batch != 0);
  assert(TILE <= XQNN_SCALAR_ELEMENTWISE_MAX_TILE);
  const union xqnn_f32_q8_cvt_params* p = params;
  const float* x = input;
  uint8_t* y = output;
  for (; batch >= TILE; batch -= TILE) {
    uint8_t out[XQNN_SCALAR_ELEMENTWISE_MAX_TILE];
    for (size_t i = 0; i < TILE; i++) out[i] = xqnn_scalar_f32_q8_element(x[i], p);
    memcpy(y, out, TILE);
    x += TILE;
    y += TILE;
  }
  for (size_t i = 0; i < batch; i++) y[i] = xqnn_scalar_f32_q8_element(x[i], p);
}

static XQNN_INLINE void xqnn_scalar_q8_f32_vcvt_body(
    const size_t TILE, const bool is_signed, size_t batch, const void* input, void* output,
    const void* params) {
  assert(batch != 0);
  assert(TILE <= XQNN_SCALAR_ELEMENTWISE_MAX_TILE);
  const union xqnn_q8_f32_cvt_params* p = params;
  const int32_t zero_point = p->scalar.zero_point;
  const float scale = p->scalar.scale;
  const uint8_t* x = input;
  float* y = output;
  for (; batch >= TILE; batch -= TILE) {
    for (size_t i = 0; i < TILE; i++) {
      y[i] = (float) (xqnn_scalar_load_q8(x + i, is_signed) - zero_point) * scale;
    }
    x += TILE;
    y += TILE;
  }
  for (size_t i = 0; i < batch; i++) {
    y[i] = (float) (xqnn_scalar_load_q8(x + i, is_signed) - zero_point) * scale;
  }
}

#define XQNN_SCALAR_F32_Q8_VCVT_KERNEL(fn, TILE) \
  XQNN_VCVT_UKERNEL_SIGNATURE(fn) { xqnn_scalar_f32_q8_vcvt_body(TILE, batch, input, output, params); }

#define XQNN_SCALAR_Q8_F32_VCVT_KERNEL(fn, is_signed, TILE)                         \
  XQNN_VCVT_UKERNEL_SIGNATURE(fn) {                                                 \
    xqnn_scalar_q8_f32_vcvt_body(TILE, is_signed, batch, input, output, params);   \
  }
