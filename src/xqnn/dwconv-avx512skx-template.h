// One generic body for every AVX512SKX dwconv micro-kernel (unipass and
// multipass, QS8-QC8W and QU8). Each kernel file stamps it out for one (data
// type, channel tile CT, pass tiles) with XQNN_AVX512SKX_DWCONV_KERNEL; CT is a
// multiple of 16.
//
// Same contract, packed layout, tap order and arithmetic as
// src/xqnn/dwconv-scalar-template.h (bit-identical outputs):
//   acc = bias + sum_t x[t][c] * w[t][c]          int32, 16 channels per register:
//         int8 (QS8) sign-extended / uint8 (QU8) zero-extended to int32
//         (vpmovsxbd / vpmovzxbd), QU8 weights less the kernel zero point,
//         products with vpmulld (exact: |x * w| <= 255 * 255), wrapping vpaddd.
//   out = cvtps(min(max((float) acc * scale, output_min - zp), output_max - zp)) + zp
//         separate vmulps / vmaxps / vminps (no FMA); vcvtps2dq rounds half to even
//         in the default MXCSR mode like the scalar magic-bias rounding; after the
//         clamp the value fits the output type, so vpmovdb's truncation is exact.
// Channel remainders: a tile with n < CT valid channels reads CT input bytes from
// every tap (over-read of at most CT - 1 < XQNN_EXTRA_BYTES bytes past the row),
// computes all CT lanes, and reads/writes `buffer` and `output` through masks
// covering only the n valid channels.
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

#include <immintrin.h>

#include "xqnn/common.h"
#include "xqnn/math.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"

#define XQNN_AVX512SKX_DWCONV_MAX_CT 64
#define XQNN_AVX512SKX_DWCONV_MAX_TILE 32

struct xqnn_avx512skx_dwconv_requant {
  __m512 output_min, output_max, scale;
  __m512i kernel_zero_point, output_zero_point;
};

// Lanes of the 16-channel vector v that hold one of the n valid channels.
static XQNN_INLINE __mmask16 xqnn_avx512skx_dwconv_mask(size_t v, size_t n) {
  if (n >= 16 * (v + 1)) return (__mmask16) 0xFFFF;
  if (n <= 16 * v) return (__mmask16) 0;
  return (__mmask16) ((UINT32_C(1) << (n - 16 * v)) - 1);
}

// acc[v] (16 channels each, v < CT / 16) += taps [0, count) of channels [c, c + CT).
static XQNN_INLINE void xqnn_avx512skx_dwconv_taps(
    const size_t CT, const bool is_qu8, __m512i* acc, size_t c, const uint8_t* const* taps,
    size_t count, const uint8_t* w, __m512i kernel_zero_point) {
  for (size_t t = 0; t < count; t++) {
    const uint8_t* x = taps[t] + c;
    for (size_t v = 0; v < CT / 16; v++) {
      const __m128i xb = _mm_loadu_si128((const __m128i*) (x + 16 * v));
      const __m128i wb = _mm_loadu_si128((const __m128i*) (w + 16 * v));
      const __m512i xv = is_qu8 ? _mm512_cvtepu8_epi32(xb) : _mm512_cvtepi8_epi32(xb);
      const __m512i wv = is_qu8 ? _mm512_sub_epi32(_mm512_cvtepu8_epi32(wb), kernel_zero_point)
                                : _mm512_cvtepi8_epi32(wb);
      acc[v] = _mm512_add_epi32(acc[v], _mm512_mullo_epi32(xv, wv));
    }
    w += CT;
  }
}

// Requantizes CT accumulators and writes the first n bytes to out.
static XQNN_INLINE void xqnn_avx512skx_dwconv_store(
    const size_t CT, const bool is_qu8, const struct xqnn_avx512skx_dwconv_requant* rq,
    const __m512i* acc, const uint8_t* scales, size_t n, uint8_t* out) {
  for (size_t v = 0; v < CT / 16; v++) {
    const __m512 scale = is_qu8 ? rq->scale : _mm512_loadu_ps((const float*) (scales + 64 * v));
    __m512 f = _mm512_mul_ps(_mm512_cvtepi32_ps(acc[v]), scale);
    f = _mm512_max_ps(f, rq->output_min);
    f = _mm512_min_ps(f, rq->output_max);
    const __m512i q = _mm512_add_epi32(_mm512_cvtps_epi32(f), rq->output_zero_point);
    const __m128i b = _mm512_cvtepi32_epi8(q);
    if (n == CT) {
      _mm_storeu_si128((__m128i*) (out + 16 * v), b);
    } else {
      _mm_mask_storeu_epi8(out + 16 * v, xqnn_avx512skx_dwconv_mask(v, n), b);
    }
  }
}

static XQNN_INLINE void xqnn_avx512skx_dwconv_load_buffer(
    const size_t CT, __m512i* acc, const int32_t* buffer, size_t n) {
  for (size_t v = 0; v < CT / 16; v++) {
    acc[v] = n == CT ? _mm512_loadu_si512(buffer + 16 * v)
                     : _mm512_maskz_loadu_epi32(xqnn_avx512skx_dwconv_mask(v, n), buffer + 16 * v);
  }
}

static XQNN_INLINE void xqnn_avx512skx_dwconv_store_buffer(
    const size_t CT, const __m512i* acc, int32_t* buffer, size_t n) {
  for (size_t v = 0; v < CT / 16; v++) {
    if (n == CT) {
      _mm512_storeu_si512(buffer + 16 * v, acc[v]);
    } else {
      _mm512_mask_storeu_epi32(buffer + 16 * v, xqnn_avx512skx_dwconv_mask(v, n), acc[v]);
    }
  }
}

// Resolves `count` indirection entries: `zero` as is, others offset by input_offset.
static XQNN_INLINE void xqnn_avx512skx_dwconv_resolve(
    const void** input, size_t count, size_t input_offset, const void* zero, const uint8_t** taps) {
  for (size_t t = 0; t < count; t++) {
    const void* p = input[t];
    taps[t] = p == zero ? (const uint8_t*) zero : (const uint8_t*) ((uintptr_t) p + input_offset);
  }
}

static XQNN_INLINE void xqnn_avx512skx_dwconv_body(
    const size_t CT, const size_t FT, const size_t MT, const size_t LT, const bool is_qu8,
    size_t channels, size_t output_width, const void** input, const void* weights, void* output,
    size_t input_stride, size_t output_increment, size_t input_offset, const void* zero,
    size_t kernel_size, int32_t* buffer, const void* params) {
  const bool multipass = MT != 0;
  assert(channels != 0);
  assert(output_width != 0);
  assert(kernel_size != 0);
  assert(CT % 16 == 0 && CT <= XQNN_AVX512SKX_DWCONV_MAX_CT);
  assert(FT <= XQNN_AVX512SKX_DWCONV_MAX_TILE && MT <= XQNN_AVX512SKX_DWCONV_MAX_TILE &&
         LT <= XQNN_AVX512SKX_DWCONV_MAX_TILE);
  assert(multipass || kernel_size <= FT);
  assert(!multipass || buffer != NULL);

  struct xqnn_avx512skx_dwconv_requant rq;
  if (is_qu8) {
    const union xqnn_qu8_conv_minmax_params* p = params;
    rq.output_min = _mm512_set1_ps(p->fp32_scalar.output_min_less_zero_point);
    rq.output_max = _mm512_set1_ps(p->fp32_scalar.output_max_less_zero_point);
    rq.scale = _mm512_set1_ps(p->fp32_scalar.scale);
    rq.kernel_zero_point = _mm512_set1_epi32(p->fp32_scalar.kernel_zero_point);
    rq.output_zero_point = _mm512_set1_epi32(p->fp32_scalar.output_zero_point);
  } else {
    const union xqnn_qs8_qc8w_conv_minmax_params* p = params;
    rq.output_min = _mm512_set1_ps(p->fp32_scalar.output_min_less_zero_point);
    rq.output_max = _mm512_set1_ps(p->fp32_scalar.output_max_less_zero_point);
    rq.scale = _mm512_setzero_ps();
    rq.kernel_zero_point = _mm512_setzero_si512();
    rq.output_zero_point = _mm512_set1_epi32(p->fp32_scalar.output_zero_point);
  }
  const size_t bias_bytes = CT * sizeof(int32_t);
  const size_t tile_stride = bias_bytes + kernel_size * CT + (is_qu8 ? 0 : CT * sizeof(float));

  uint8_t* out = output;
  const uint8_t* taps[XQNN_AVX512SKX_DWCONV_MAX_TILE];
  __m512i acc[XQNN_AVX512SKX_DWCONV_MAX_CT / 16];
  do {
    if (!multipass) {
      xqnn_avx512skx_dwconv_resolve(input, kernel_size, input_offset, zero, taps);
      const uint8_t* w = weights;
      for (size_t c = 0; c < channels; c += CT) {
        const size_t n = xqnn_min_sz(CT, channels - c);
        for (size_t v = 0; v < CT / 16; v++) acc[v] = _mm512_loadu_si512(w + 64 * v);
        const uint8_t* wt = w + bias_bytes;
        xqnn_avx512skx_dwconv_taps(CT, is_qu8, acc, c, taps, kernel_size, wt, rq.kernel_zero_point);
        xqnn_avx512skx_dwconv_store(CT, is_qu8, &rq, acc, wt + kernel_size * CT, n, out + c);
        w += tile_stride;
      }
    } else {
      // First pass: bias + FT taps into the buffer.
      size_t t0 = 0;
      size_t count = xqnn_min_sz(FT, kernel_size);
      xqnn_avx512skx_dwconv_resolve(input, count, input_offset, zero, taps);
      const uint8_t* w = weights;
      for (size_t c = 0; c < channels; c += CT) {
        const size_t n = xqnn_min_sz(CT, channels - c);
        for (size_t v = 0; v < CT / 16; v++) acc[v] = _mm512_loadu_si512(w + 64 * v);
        xqnn_avx512skx_dwconv_taps(CT, is_qu8, acc, c, taps, count, w + bias_bytes, rq.kernel_zero_point);
        xqnn_avx512skx_dwconv_store_buffer(CT, acc, buffer + c, n);
        w += tile_stride;
      }
      t0 += count;
      // Middle passes.
      while (kernel_size - t0 > LT) {
        count = xqnn_min_sz(MT, kernel_size - t0);
        xqnn_avx512skx_dwconv_resolve(input + t0, count, input_offset, zero, taps);
        w = weights;
        for (size_t c = 0; c < channels; c += CT) {
          const size_t n = xqnn_min_sz(CT, channels - c);
          xqnn_avx512skx_dwconv_load_buffer(CT, acc, buffer + c, n);
          xqnn_avx512skx_dwconv_taps(CT, is_qu8, acc, c, taps, count, w + bias_bytes + t0 * CT,
                                     rq.kernel_zero_point);
          xqnn_avx512skx_dwconv_store_buffer(CT, acc, buffer + c, n);
          w += tile_stride;
        }
        t0 += count;
      }
      // Last pass: the remaining taps, then requantization.
      count = kernel_size - t0;
      xqnn_avx512skx_dwconv_resolve(input + t0, count, input_offset, zero, taps);
      w = weights;
      for (size_t c = 0; c < channels; c += CT) {
        const size_t n = xqnn_min_sz(CT, channels - c);
        xqnn_avx512skx_dwconv_load_buffer(CT, acc, buffer + c, n);
        const uint8_t* wt = w + bias_bytes;
        xqnn_avx512skx_dwconv_taps(CT, is_qu8, acc, c, taps, count, wt + t0 * CT, rq.kernel_zero_point);
        xqnn_avx512skx_dwconv_store(CT, is_qu8, &rq, acc, wt + kernel_size * CT, n, out + c);
        w += tile_stride;
      }
    }
    input = (const void**) ((uintptr_t) input + input_stride);
    out += channels + output_increment;
  } while (--output_width != 0);
}

#define XQNN_AVX512SKX_DWCONV_KERNEL(fn, is_qu8, CT, FT, MT, LT)                                \
  XQNN_DWCONV_UKERNEL_SIGNATURE(fn) {                                                         \
    xqnn_avx512skx_dwconv_body(CT, FT, MT, LT, is_qu8, channels, output_width, input, weights, \
                               output, input_stride, output_increment, input_offset, zero,    \
                               kernel_size, buffer, params);                                  \
  }
