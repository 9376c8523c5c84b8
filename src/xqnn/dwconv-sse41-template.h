// One generic body for every SSE41 dwconv micro-kernel (unipass and multipass,
// QS8-QC8W and QU8). Each kernel file stamps it out for one (data type, channel
// tile CT, pass tiles) with XQNN_SSE41_DWCONV_KERNEL; CT is a multiple of 8.
// Compiled with -msse4.1 (files *-sse41.c) or -mavx (files *-avx.c: the same
// code with VEX encodings).
//
// Same contract, packed layout, tap order and arithmetic as
// src/xqnn/dwconv-scalar-template.h (bit-identical outputs):
//   acc = bias + sum_t x[t][c] * w[t][c]          int32, 4 channels per register:
//         int8 (QS8) sign-extended / uint8 (QU8) zero-extended to int32
//         (pmovsxbd / pmovzxbd), QU8 weights less the kernel zero point,
//         products with pmulld (exact: |x * w| <= 255 * 255), wrapping paddd.
//   out = cvtps(min(max((float) acc * scale, output_min - zp), output_max - zp)) + zp
//         separate mulps / maxps / minps (no FMA); cvtps2dq rounds half to even
//         in the default MXCSR mode like the scalar magic-bias rounding; the packs
//         never saturate after the clamp.
// Channel remainders: a tile with n < CT valid channels reads CT input bytes from
// every tap (over-read of at most CT - 1 < XQNN_EXTRA_BYTES bytes past the row),
// computes all CT lanes, and writes only n output bytes and n buffer entries
// (through small stack copies), so `output` and `buffer` are never touched
// outside their elements.
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <immintrin.h>

#include "xqnn/common.h"
#include "xqnn/math.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"

#define XQNN_SSE41_DWCONV_MAX_CT 16
#define XQNN_SSE41_DWCONV_MAX_TILE 32

struct xqnn_sse41_dwconv_requant {
  __m128 output_min, output_max, scale;
  __m128i kernel_zero_point;
  __m128i output_zero_point;  // int16 lanes
};

static XQNN_INLINE __m128i xqnn_sse41_dwconv_load4(const uint8_t* p) {
  int32_t v;
  memcpy(&v, p, sizeof(v));
  return _mm_cvtsi32_si128(v);
}

// acc[v] (4 channels each, v < CT / 4) += taps [0, count) of channels [c, c + CT).
static XQNN_INLINE void xqnn_sse41_dwconv_taps(
    const size_t CT, const bool is_qu8, __m128i* acc, size_t c, const uint8_t* const* taps,
    size_t count, const uint8_t* w, __m128i kernel_zero_point) {
  for (size_t t = 0; t < count; t++) {
    const uint8_t* x = taps[t] + c;
    for (size_t v = 0; v < CT / 4; v++) {
      const __m128i xb = xqnn_sse41_dwconv_load4(x + 4 * v);
      const __m128i wb = xqnn_sse41_dwconv_load4(w + 4 * v);
      const __m128i xv = is_qu8 ? _mm_cvtepu8_epi32(xb) : _mm_cvtepi8_epi32(xb);
      const __m128i wv = is_qu8 ? _mm_sub_epi32(_mm_cvtepu8_epi32(wb), kernel_zero_point)
                                : _mm_cvtepi8_epi32(wb);
      acc[v] = _mm_add_epi32(acc[v], _mm_mullo_epi32(xv, wv));
    }
    w += CT;
  }
}

// Requantizes CT accumulators and writes the first n bytes to out.
static XQNN_INLINE void xqnn_sse41_dwconv_store(
    const size_t CT, const bool is_qu8, const struct xqnn_sse41_dwconv_requant* rq,
    const __m128i* acc, const uint8_t* scales, size_t n, uint8_t* out) {
  uint8_t tail[XQNN_SSE41_DWCONV_MAX_CT];
  uint8_t* dst = n == CT ? out : tail;
  for (size_t g = 0; g < CT / 8; g++) {
    __m128i q[2];
    for (size_t h = 0; h < 2; h++) {
      const size_t v = 2 * g + h;
      const __m128 scale = is_qu8 ? rq->scale : _mm_loadu_ps((const float*) (scales + 16 * v));
      __m128 f = _mm_mul_ps(_mm_cvtepi32_ps(acc[v]), scale);
      f = _mm_max_ps(f, rq->output_min);
      f = _mm_min_ps(f, rq->output_max);
      q[h] = _mm_cvtps_epi32(f);
    }
    // 8 int16 lanes plus the zero point (no saturation: clamped).
    const __m128i p = _mm_adds_epi16(_mm_packs_epi32(q[0], q[1]), rq->output_zero_point);
    const __m128i b = is_qu8 ? _mm_packus_epi16(p, p) : _mm_packs_epi16(p, p);
    _mm_storel_epi64((__m128i*) (dst + 8 * g), b);
  }
  if (n != CT) memcpy(out, tail, n);
}

static XQNN_INLINE void xqnn_sse41_dwconv_load_buffer(
    const size_t CT, __m128i* acc, const int32_t* buffer, size_t n) {
  int32_t tail[XQNN_SSE41_DWCONV_MAX_CT] = {0};
  const int32_t* src = buffer;
  if (n != CT) {
    memcpy(tail, buffer, n * sizeof(int32_t));
    src = tail;
  }
  for (size_t v = 0; v < CT / 4; v++) acc[v] = _mm_loadu_si128((const __m128i*) (src + 4 * v));
}

static XQNN_INLINE void xqnn_sse41_dwconv_store_buffer(
    const size_t CT, const __m128i* acc, int32_t* buffer, size_t n) {
  int32_t tail[XQNN_SSE41_DWCONV_MAX_CT];
  int32_t* dst = n == CT ? buffer : tail;
  for (size_t v = 0; v < CT / 4; v++) _mm_storeu_si128((__m128i*) (dst + 4 * v), acc[v]);
  if (n != CT) memcpy(buffer, tail, n * sizeof(int32_t));
}

// Resolves `count` indirection entries: `zero` as is, others offset by input_offset.
static XQNN_INLINE void xqnn_sse41_dwconv_resolve(
    const void** input, size_t count, size_t input_offset, const void* zero, const uint8_t** taps) {
  for (size_t t = 0; t < count; t++) {
    const void* p = input[t];
    taps[t] = p == zero ? (const uint8_t*) zero : (const uint8_t*) ((uintptr_t) p + input_offset);
  }
}

static XQNN_INLINE void xqnn_sse41_dwconv_body(
    const size_t CT, const size_t FT, const size_t MT, const size_t LT, const bool is_qu8,
    size_t channels, size_t output_width, const void** input, const void* weights, void* output,
    size_t input_stride, size_t output_increment, size_t input_offset, const void* zero,
    size_t kernel_size, int32_t* buffer, const void* params) {
  const bool multipass = MT != 0;
  assert(channels != 0);
  assert(output_width != 0);
  assert(kernel_size != 0);
  assert(CT % 8 == 0 && CT <= XQNN_SSE41_DWCONV_MAX_CT);
  assert(FT <= XQNN_SSE41_DWCONV_MAX_TILE && MT <= XQNN_SSE41_DWCONV_MAX_TILE &&
         LT <= XQNN_SSE41_DWCONV_MAX_TILE);
  assert(multipass || kernel_size <= FT);
  assert(!multipass || buffer != NULL);

  struct xqnn_sse41_dwconv_requant rq;
  if (is_qu8) {
    const union xqnn_qu8_conv_minmax_params* p = params;
    rq.output_min = _mm_set1_ps(p->fp32_scalar.output_min_less_zero_point);
    rq.output_max = _mm_set1_ps(p->fp32_scalar.output_max_less_zero_point);
    rq.scale = _mm_set1_ps(p->fp32_scalar.scale);
    rq.kernel_zero_point = _mm_set1_epi32(p->fp32_scalar.kernel_zero_point);
    rq.output_zero_point = _mm_set1_epi16((int16_t) p->fp32_scalar.output_zero_point);
  } else {
    const union xqnn_qs8_qc8w_conv_minmax_params* p = params;
    rq.output_min = _mm_set1_ps(p->fp32_scalar.output_min_less_zero_point);
    rq.output_max = _mm_set1_ps(p->fp32_scalar.output_max_less_zero_point);
    rq.scale = _mm_setzero_ps();
    rq.kernel_zero_point = _mm_setzero_si128();
    rq.output_zero_point = _mm_set1_epi16((int16_t) p->fp32_scalar.output_zero_point);
  }
  const size_t bias_bytes = CT * sizeof(int32_t);
  const size_t tile_stride = bias_bytes + kernel_size * CT + (is_qu8 ? 0 : CT * sizeof(float));

  uint8_t* out = output;
  const uint8_t* taps[XQNN_SSE41_DWCONV_MAX_TILE];
  __m128i acc[XQNN_SSE41_DWCONV_MAX_CT / 4];
  do {
    if (!multipass) {
      xqnn_sse41_dwconv_resolve(input, kernel_size, input_offset, zero, taps);
      const uint8_t* w = weights;
      for (size_t c = 0; c < channels; c += CT) {
        const size_t n = xqnn_min_sz(CT, channels - c);
        for (size_t v = 0; v < CT / 4; v++) acc[v] = _mm_loadu_si128((const __m128i*) (w + 16 * v));
        const uint8_t* wt = w + bias_bytes;
        xqnn_sse41_dwconv_taps(CT, is_qu8, acc, c, taps, kernel_size, wt, rq.kernel_zero_point);
        xqnn_sse41_dwconv_store(CT, is_qu8, &rq, acc, wt + kernel_size * CT, n, out + c);
        w += tile_stride;
      }
    } else {
      // First pass: bias + FT taps into the buffer.
      size_t t0 = 0;
      size_t count = xqnn_min_sz(FT, kernel_size);
      xqnn_sse41_dwconv_resolve(input, count, input_offset, zero, taps);
      const uint8_t* w = weights;
      for (size_t c = 0; c < channels; c += CT) {
        const size_t n = xqnn_min_sz(CT, channels - c);
        for (size_t v = 0; v < CT / 4; v++) acc[v] = _mm_loadu_si128((const __m128i*) (w + 16 * v));
        xqnn_sse41_dwconv_taps(CT, is_qu8, acc, c, taps, count, w + bias_bytes, rq.kernel_zero_point);
        xqnn_sse41_dwconv_store_buffer(CT, acc, buffer + c, n);
        w += tile_stride;
      }
      t0 += count;
      // Middle passes.
      while (kernel_size - t0 > LT) {
        count = xqnn_min_sz(MT, kernel_size - t0);
        xqnn_sse41_dwconv_resolve(input + t0, count, input_offset, zero, taps);
        w = weights;
        for (size_t c = 0; c < channels; c += CT) {
          const size_t n = xqnn_min_sz(CT, channels - c);
          xqnn_sse41_dwconv_load_buffer(CT, acc, buffer + c, n);
          xqnn_sse41_dwconv_taps(CT, is_qu8, acc, c, taps, count, w + bias_bytes + t0 * CT,
                                rq.kernel_zero_point);
          xqnn_sse41_dwconv_store_buffer(CT, acc, buffer + c, n);
          w += tile_stride;
        }
        t0 += count;
      }
      // Last pass: the remaining taps, then requantization.
      count = kernel_size - t0;
      xqnn_sse41_dwconv_resolve(input + t0, count, input_offset, zero, taps);
      w = weights;
      for (size_t c = 0; c < channels; c += CT) {
        const size_t n = xqnn_min_sz(CT, channels - c);
        xqnn_sse41_dwconv_load_buffer(CT, acc, buffer + c, n);
        const uint8_t* wt = w + bias_bytes;
        xqnn_sse41_dwconv_taps(CT, is_qu8, acc, c, taps, count, wt + t0 * CT, rq.kernel_zero_point);
        xqnn_sse41_dwconv_store(CT, is_qu8, &rq, acc, wt + kernel_size * CT, n, out + c);
        w += tile_stride;
      }
    }
    input = (const void**) ((uintptr_t) input + input_stride);
    out += channels + output_increment;
  } while (--output_width != 0);
}

#define XQNN_SSE41_DWCONV_KERNEL(fn, is_qu8, CT, FT, MT, LT)                                     \
  XQNN_DWCONV_UKERNEL_SIGNATURE(fn) {                                                         \
    xqnn_sse41_dwconv_body(CT, FT, MT, LT, is_qu8, channels, output_width, input, weights,     \
                          output, input_stride, output_increment, input_offset, zero,         \
                          kernel_size, buffer, params);                                       \
  }
