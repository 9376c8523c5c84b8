// One generic body per kernel kind for the SSE4.1 elementwise and average-pooling
// micro-kernels (qs8/qu8 vadd, vaddc, vmul, vmulc, gavgpool 7x and 7p7x). Each
// kernel file stamps one body out for one (element type, operation, tile, a
// multiple of 8) with the XQNN_SSE41_*_KERNEL macros below.
//
// Same arithmetic, in the same order, as src/xqnn/elementwise-scalar-template.h
// (bit-identical outputs), 4 elements per register:
//   vadd:     f = (float) (a - a_zp) * a_scale + (float) (b - b_zp) * b_scale
//             (cvtdq2ps, two mulps, one addps: no FMA)
//   vmul:     f = (float) ((a - a_zp) * (b - b_zp)) * scale   (pmulld: exact)
//   gavgpool: f = (float) (init_bias + sum of the rows) * scale (wrapping paddd)
// then f = min(max(f, output_min - zp), output_max - zp) and the magic-bias
// rounding of xqnn_fp32_round_magic (addps, then the integer subtraction), so
// the int32 result already holds the zero point and lies in the output range:
// the final packs never saturate.
// Remainders: the last (partial) tile reads a whole tile from each input (an
// over-read of less than XQNN_EXTRA_BYTES bytes) and writes only its elements
// to `output` and `buffer` (through stack copies).
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <immintrin.h>

#include "xqnn/common.h"
#include "xqnn/math.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"

#define XQNN_SSE41_ELEMENTWISE_MAX_TILE 32
#define XQNN_SSE41_GAVGPOOL_MAX_ROWS 16

enum xqnn_sse41_vbinary_op {
  xqnn_sse41_vbinary_add,
  xqnn_sse41_vbinary_mul,
};

// The clamp and magic-bias rounding shared by every kernel here.
struct xqnn_sse41_elementwise_requant {
  __m128 output_min, output_max, magic_bias;
  __m128i magic_bias_less_zero_point;
};

static XQNN_INLINE struct xqnn_sse41_elementwise_requant xqnn_sse41_elementwise_requant_init(
    float output_min, float output_max, float magic_bias, int32_t magic_bias_less_zero_point) {
  struct xqnn_sse41_elementwise_requant rq;
  rq.output_min = _mm_set1_ps(output_min);
  rq.output_max = _mm_set1_ps(output_max);
  rq.magic_bias = _mm_set1_ps(magic_bias);
  rq.magic_bias_less_zero_point = _mm_set1_epi32(magic_bias_less_zero_point);
  return rq;
}

static XQNN_INLINE __m128i xqnn_sse41_elementwise_round(
    __m128 f, const struct xqnn_sse41_elementwise_requant* rq) {
  f = _mm_max_ps(f, rq->output_min);
  f = _mm_min_ps(f, rq->output_max);
  const __m128 biased = _mm_add_ps(f, rq->magic_bias);
  return _mm_sub_epi32(_mm_castps_si128(biased), rq->magic_bias_less_zero_point);
}

// 4 int8 / uint8 elements widened to int32.
static XQNN_INLINE __m128i xqnn_sse41_load4_q8(const uint8_t* p, const bool is_signed) {
  int32_t bits;
  memcpy(&bits, p, sizeof(bits));
  const __m128i v = _mm_cvtsi32_si128(bits);
  return is_signed ? _mm_cvtepi8_epi32(v) : _mm_cvtepu8_epi32(v);
}

// Packs 8 int32 values (already in the output range) into 8 bytes at out.
static XQNN_INLINE void xqnn_sse41_store8_q8(__m128i lo, __m128i hi, const bool is_signed, uint8_t* out) {
  const __m128i p = _mm_packs_epi32(lo, hi);
  const __m128i b = is_signed ? _mm_packs_epi16(p, p) : _mm_packus_epi16(p, p);
  _mm_storel_epi64((__m128i*) out, b);
}

// ---- vadd / vaddc / vmul / vmulc ----

static XQNN_INLINE void xqnn_sse41_vbinary_body(
    const size_t TILE, const bool is_signed, const enum xqnn_sse41_vbinary_op op,
    const bool broadcast_b, size_t batch, const void* input_a, const void* input_b, void* output,
    const void* params) {
  assert(batch != 0);
  assert(input_a != NULL);
  assert(input_b != NULL);
  assert(output != NULL);
  assert(TILE % 8 == 0 && TILE <= XQNN_SSE41_ELEMENTWISE_MAX_TILE);

  int32_t a_zero_point, b_zero_point;
  float a_scale = 0.0f, b_scale = 0.0f, scale = 0.0f;
  struct xqnn_sse41_elementwise_requant rq;
  if (op == xqnn_sse41_vbinary_add) {
    const union xqnn_q8_add_minmax_params* p = params;
    a_zero_point = p->fp32_scalar.a_zero_point;
    b_zero_point = p->fp32_scalar.b_zero_point;
    a_scale = p->fp32_scalar.a_scale;
    b_scale = p->fp32_scalar.b_scale;
    rq = xqnn_sse41_elementwise_requant_init(
        p->fp32_scalar.output_min_less_zero_point, p->fp32_scalar.output_max_less_zero_point,
        p->fp32_scalar.magic_bias, p->fp32_scalar.magic_bias_less_output_zero_point);
  } else {
    const union xqnn_q8_mul_minmax_params* p = params;
    a_zero_point = p->fp32_scalar.a_zero_point;
    b_zero_point = p->fp32_scalar.b_zero_point;
    scale = p->fp32_scalar.scale;
    rq = xqnn_sse41_elementwise_requant_init(
        p->fp32_scalar.output_min_less_zero_point, p->fp32_scalar.output_max_less_zero_point,
        p->fp32_scalar.magic_bias, p->fp32_scalar.magic_bias_less_output_zero_point);
  }
  const __m128i va_zero_point = _mm_set1_epi32(a_zero_point);
  const __m128i vb_zero_point = _mm_set1_epi32(b_zero_point);
  const __m128 va_scale = _mm_set1_ps(a_scale);
  const __m128 vb_scale = _mm_set1_ps(b_scale);
  const __m128 vscale = _mm_set1_ps(scale);
  // Broadcast b: (b - b_zp) for vmulc, its scaled term for vaddc (the same
  // conversion and product the per-element path computes).
  __m128i vb_broadcast = _mm_setzero_si128();
  __m128 vb_term_broadcast = _mm_setzero_ps();
  if (broadcast_b) {
    const uint8_t b0 = *(const uint8_t*) input_b;
    const int32_t vb = (is_signed ? (int32_t) (int8_t) b0 : (int32_t) b0) - b_zero_point;
    vb_broadcast = _mm_set1_epi32(vb);
    vb_term_broadcast = _mm_mul_ps(_mm_cvtepi32_ps(vb_broadcast), vb_scale);
  }

  const uint8_t* a = input_a;
  const uint8_t* b = input_b;
  uint8_t* y = output;
  for (;;) {
    __m128i q[XQNN_SSE41_ELEMENTWISE_MAX_TILE / 4];
    for (size_t v = 0; v < TILE / 4; v++) {
      const __m128i va = _mm_sub_epi32(xqnn_sse41_load4_q8(a + 4 * v, is_signed), va_zero_point);
      __m128 f;
      if (op == xqnn_sse41_vbinary_add) {
        const __m128 a_term = _mm_mul_ps(_mm_cvtepi32_ps(va), va_scale);
        __m128 b_term = vb_term_broadcast;
        if (!broadcast_b) {
          const __m128i vb = _mm_sub_epi32(xqnn_sse41_load4_q8(b + 4 * v, is_signed), vb_zero_point);
          b_term = _mm_mul_ps(_mm_cvtepi32_ps(vb), vb_scale);
        }
        f = _mm_add_ps(a_term, b_term);
      } else {
        __m128i vb = vb_broadcast;
        if (!broadcast_b) {
          vb = _mm_sub_epi32(xqnn_sse41_load4_q8(b + 4 * v, is_signed), vb_zero_point);
        }
        f = _mm_mul_ps(_mm_cvtepi32_ps(_mm_mullo_epi32(va, vb)), vscale);
      }
      q[v] = xqnn_sse41_elementwise_round(f, &rq);
    }
    if (batch >= TILE) {
      for (size_t g = 0; g < TILE / 8; g++) {
        xqnn_sse41_store8_q8(q[2 * g], q[2 * g + 1], is_signed, y + 8 * g);
      }
      batch -= TILE;
      if (batch == 0) break;
      a += TILE;
      if (!broadcast_b) b += TILE;
      y += TILE;
    } else {
      uint8_t tail[XQNN_SSE41_ELEMENTWISE_MAX_TILE];
      for (size_t g = 0; g < TILE / 8; g++) {
        xqnn_sse41_store8_q8(q[2 * g], q[2 * g + 1], is_signed, tail + 8 * g);
      }
      memcpy(y, tail, batch);
      break;
    }
  }
}

#define XQNN_SSE41_VBINARY_KERNEL(fn, is_signed, op, broadcast_b, TILE)                         \
  XQNN_VBINARY_UKERNEL_SIGNATURE(fn) {                                                        \
    xqnn_sse41_vbinary_body(TILE, is_signed, op, broadcast_b, batch, input_a, input_b, output, \
                           params);                                                           \
  }

// ---- gavgpool ----

// Channels [c, c + TILE) of `count` rows added to acc (TILE / 4 registers).
static XQNN_INLINE void xqnn_sse41_gavgpool_rows(
    const size_t TILE, const bool is_signed, __m128i* acc, const uint8_t* const* rows_in,
    size_t count, size_t c) {
  for (size_t r = 0; r < count; r++) {
    for (size_t v = 0; v < TILE / 4; v++) {
      acc[v] = _mm_add_epi32(acc[v], xqnn_sse41_load4_q8(rows_in[r] + c + 4 * v, is_signed));
    }
  }
}

static XQNN_INLINE void xqnn_sse41_gavgpool_load_buffer(
    const size_t TILE, __m128i* acc, const int32_t* buffer, size_t n) {
  int32_t tail[XQNN_SSE41_ELEMENTWISE_MAX_TILE];
  const int32_t* src = buffer;
  if (n != TILE) {
    memcpy(tail, buffer, n * sizeof(int32_t));
    memset(tail + n, 0, (TILE - n) * sizeof(int32_t));
    src = tail;
  }
  for (size_t v = 0; v < TILE / 4; v++) acc[v] = _mm_loadu_si128((const __m128i*) (src + 4 * v));
}

static XQNN_INLINE void xqnn_sse41_gavgpool_store_buffer(
    const size_t TILE, const __m128i* acc, int32_t* buffer, size_t n) {
  int32_t tail[XQNN_SSE41_ELEMENTWISE_MAX_TILE];
  int32_t* dst = n == TILE ? buffer : tail;
  for (size_t v = 0; v < TILE / 4; v++) _mm_storeu_si128((__m128i*) (dst + 4 * v), acc[v]);
  if (n != TILE) memcpy(buffer, tail, n * sizeof(int32_t));
}

// Final pass: `rows` (<= ROWS) rows, the missing ones read from `zero`, added to
// init_bias (buffer == NULL, unipass) or to buffer[] (multipass), requantized.
static XQNN_INLINE void xqnn_sse41_gavgpool_final(
    const size_t ROWS, const size_t TILE, const bool is_signed, const int32_t* buffer,
    size_t rows, size_t channels, const uint8_t* input, size_t input_stride, const void* zero,
    void* output, const union xqnn_q8_avgpool_minmax_params* p) {
  const uint8_t* in[XQNN_SSE41_GAVGPOOL_MAX_ROWS];
  for (size_t r = 0; r < ROWS; r++) {
    in[r] = r < rows ? input + r * input_stride : (const uint8_t*) zero;
  }
  const struct xqnn_sse41_elementwise_requant rq = xqnn_sse41_elementwise_requant_init(
      p->fp32_scalar.output_min_less_zero_point, p->fp32_scalar.output_max_less_zero_point,
      p->fp32_scalar.magic_bias, p->fp32_scalar.magic_bias_less_output_zero_point);
  const __m128 vscale = _mm_set1_ps(p->fp32_scalar.scale);
  const __m128i vinit = _mm_set1_epi32(p->fp32_scalar.init_bias);
  uint8_t* y = output;
  for (size_t c = 0; c < channels; c += TILE) {
    const size_t n = xqnn_min_sz(TILE, channels - c);
    __m128i acc[XQNN_SSE41_ELEMENTWISE_MAX_TILE / 4];
    if (buffer != NULL) {
      xqnn_sse41_gavgpool_load_buffer(TILE, acc, buffer + c, n);
    } else {
      for (size_t v = 0; v < TILE / 4; v++) acc[v] = vinit;
    }
    xqnn_sse41_gavgpool_rows(TILE, is_signed, acc, in, ROWS, c);
    __m128i q[XQNN_SSE41_ELEMENTWISE_MAX_TILE / 4];
    for (size_t v = 0; v < TILE / 4; v++) {
      q[v] = xqnn_sse41_elementwise_round(_mm_mul_ps(_mm_cvtepi32_ps(acc[v]), vscale), &rq);
    }
    uint8_t tail[XQNN_SSE41_ELEMENTWISE_MAX_TILE];
    uint8_t* dst = n == TILE ? y + c : tail;
    for (size_t g = 0; g < TILE / 8; g++) {
      xqnn_sse41_store8_q8(q[2 * g], q[2 * g + 1], is_signed, dst + 8 * g);
    }
    if (n != TILE) memcpy(y + c, tail, n);
  }
}

static XQNN_INLINE void xqnn_sse41_gavgpool_unipass_body(
    const size_t ROWS, const size_t TILE, const bool is_signed, size_t rows, size_t channels,
    const void* input, size_t input_stride, const void* zero, void* output, const void* params) {
  assert(rows != 0);
  assert(rows <= ROWS);
  assert(channels != 0);
  assert(ROWS <= XQNN_SSE41_GAVGPOOL_MAX_ROWS);
  assert(TILE % 8 == 0 && TILE <= XQNN_SSE41_ELEMENTWISE_MAX_TILE);
  xqnn_sse41_gavgpool_final(ROWS, TILE, is_signed, NULL, rows, channels, input, input_stride,
                           zero, output, params);
}

static XQNN_INLINE void xqnn_sse41_gavgpool_multipass_body(
    const size_t ROWS, const size_t TILE, const bool is_signed, size_t rows, size_t channels,
    const void* input, size_t input_stride, const void* zero, int32_t* buffer, void* output,
    const void* params) {
  assert(rows > ROWS);
  assert(channels != 0);
  assert(ROWS <= XQNN_SSE41_GAVGPOOL_MAX_ROWS);
  assert(TILE % 8 == 0 && TILE <= XQNN_SSE41_ELEMENTWISE_MAX_TILE);
  const union xqnn_q8_avgpool_minmax_params* p = params;
  const __m128i vinit = _mm_set1_epi32(p->fp32_scalar.init_bias);
  const uint8_t* in[XQNN_SSE41_GAVGPOOL_MAX_ROWS];
  const uint8_t* row = input;
  bool first = true;
  while (rows > ROWS) {
    for (size_t r = 0; r < ROWS; r++) in[r] = row + r * input_stride;
    for (size_t c = 0; c < channels; c += TILE) {
      const size_t n = xqnn_min_sz(TILE, channels - c);
      __m128i acc[XQNN_SSE41_ELEMENTWISE_MAX_TILE / 4];
      if (first) {
        for (size_t v = 0; v < TILE / 4; v++) acc[v] = vinit;
      } else {
        xqnn_sse41_gavgpool_load_buffer(TILE, acc, buffer + c, n);
      }
      xqnn_sse41_gavgpool_rows(TILE, is_signed, acc, in, ROWS, c);
      xqnn_sse41_gavgpool_store_buffer(TILE, acc, buffer + c, n);
    }
    first = false;
    row += ROWS * input_stride;
    rows -= ROWS;
  }
  xqnn_sse41_gavgpool_final(ROWS, TILE, is_signed, buffer, rows, channels, row, input_stride,
                           zero, output, p);
}

#define XQNN_SSE41_GAVGPOOL_UNIPASS_KERNEL(fn, is_signed, ROWS, TILE)                            \
  XQNN_GAVGPOOL_UNIPASS_UKERNEL_SIGNATURE(fn) {                                                \
    xqnn_sse41_gavgpool_unipass_body(ROWS, TILE, is_signed, rows, channels, input, input_stride, \
                                    zero, output, params);                                     \
  }

#define XQNN_SSE41_GAVGPOOL_MULTIPASS_KERNEL(fn, is_signed, ROWS, TILE)                            \
  XQNN_GAVGPOOL_MULTIPASS_UKERNEL_SIGNATURE(fn) {                                                \
    xqnn_sse41_gavgpool_multipass_body(ROWS, TILE, is_signed, rows, channels, input, input_stride, \
                                      zero, buffer, output, params);                             \
  }
