// One generic body for every scalar dwconv micro-kernel (unipass and
// multipass, QS8-QC8W and QU8). Each kernel file stamps it out for one
// (data type, channel tile CT, pass tiles) with XQNN_SCALAR_DWCONV_KERNEL.
//
// Packed weights (src/packing.c, xqnn_pack_dwconv_weights), per tile of CT
// channels (the last tile padded to CT with neutral weights):
//   int32 bias[CT]                  zero points folded in
//   int8/uint8 w[kernel_size][CT]   taps in column-major order (kx * kernel_height + ky)
//   float scale[CT]                 qs8-qc8w only: requantization scale per channel
// or, for kernels with TFLite requantization (qs8-qc8w and qu8),
//   int32 multiplier[CT], int32 exponent[CT]   (src/xqnn/requantization.h)
//
// Unipass (middle tile 0): all kernel_size <= FT taps in one pass, accumulators
// in registers. Multipass: FT taps of every channel into `buffer` (channels
// int32), then passes of MT taps while more than LT remain, then the last pass
// (the remaining <= LT taps) requantizes from the buffer: any kernel_size >= 1.
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "xqnn/common.h"
#include "xqnn/dwconv-indirection.h"
#include "xqnn/math.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"
#include "xqnn/requantization.h"

#define XQNN_SCALAR_DWCONV_MAX_CT 8
#define XQNN_SCALAR_DWCONV_MAX_TILE 32

enum xqnn_scalar_dwconv_type {
  xqnn_scalar_dwconv_qs8_qc8w,
  xqnn_scalar_dwconv_qu8,
};

static XQNN_INLINE int32_t xqnn_dwconv_load_s32(const void* p) {
  int32_t v;
  memcpy(&v, p, sizeof(v));
  return v;
}

static XQNN_INLINE float xqnn_dwconv_load_f32(const void* p) {
  float v;
  memcpy(&v, p, sizeof(v));
  return v;
}

struct xqnn_scalar_dwconv_requant {
  float output_min, output_max, magic_bias, scale;
  int32_t magic_bias_less_zero_point;
  int32_t kernel_zero_point;
  // TFLite requantization
  int32_t output_zero_point, output_min_int, output_max_int;
};

// Accumulates taps [t0, t0 + count) of one channel tile (n valid channels at c).
static XQNN_INLINE void xqnn_scalar_dwconv_taps(
    const size_t CT, const bool is_qu8, int32_t* acc, size_t n, size_t c, const uint8_t* const* taps,
    size_t count, const uint8_t* w, int32_t kernel_zero_point) {
  for (size_t t = 0; t < count; t++) {
    const uint8_t* x = taps[t] + c;
    for (size_t j = 0; j < n; j++) {
      const int32_t xv = is_qu8 ? (int32_t) x[j] : (int32_t) (int8_t) x[j];
      const int32_t wv = is_qu8 ? (int32_t) w[t * CT + j] - kernel_zero_point
                                : (int32_t) (int8_t) w[t * CT + j];
      acc[j] = xqnn_wrapping_add_s32(acc[j], xv * wv);
    }
  }
}

static XQNN_INLINE void xqnn_scalar_dwconv_store(
    const size_t CT, const bool is_qu8, const bool tflite, const struct xqnn_scalar_dwconv_requant* rq,
    const int32_t* acc, const uint8_t* scales, size_t n, uint8_t* out) {
  for (size_t j = 0; j < n; j++) {
    if (tflite) {
      const struct xqnn_tflite_multiplier m = {
          xqnn_dwconv_load_s32(scales + j * sizeof(int32_t)),
          xqnn_dwconv_load_s32(scales + (CT + j) * sizeof(int32_t))};
      out[j] = (uint8_t) xqnn_tflite_requantize(acc[j], m, rq->output_zero_point, rq->output_min_int,
                                                rq->output_max_int);
      continue;
    }
    const float scale = is_qu8 ? rq->scale : xqnn_dwconv_load_f32(scales + j * sizeof(float));
    float scaled = (float) acc[j] * scale;
    scaled = xqnn_max_f32(scaled, rq->output_min);
    scaled = xqnn_min_f32(scaled, rq->output_max);
    out[j] = (uint8_t) xqnn_fp32_round_magic(scaled, rq->magic_bias, rq->magic_bias_less_zero_point);
  }
}

static XQNN_INLINE void xqnn_scalar_dwconv_body(
    const size_t CT, const size_t FT, const size_t MT, const size_t LT,
    const enum xqnn_scalar_dwconv_type type, const bool tflite, size_t channels, size_t output_width,
    const void** input, const void* weights, void* output, size_t input_stride,
    size_t output_increment, size_t input_offset, const void* zero, size_t kernel_size,
    int32_t* buffer, const void* params) {
  const bool multipass = MT != 0;
  assert(channels != 0);
  assert(output_width != 0);
  assert(kernel_size != 0);
  assert(CT <= XQNN_SCALAR_DWCONV_MAX_CT);
  assert(FT <= XQNN_SCALAR_DWCONV_MAX_TILE && MT <= XQNN_SCALAR_DWCONV_MAX_TILE &&
         LT <= XQNN_SCALAR_DWCONV_MAX_TILE);
  assert(multipass || kernel_size <= FT);
  assert(!multipass || buffer != NULL);

  const bool is_qu8 = type == xqnn_scalar_dwconv_qu8;
  const union xqnn_qs8_qc8w_conv_minmax_params* qs8_params = params;
  const union xqnn_qu8_conv_minmax_params* qu8_params = params;
  struct xqnn_scalar_dwconv_requant rq = {0};
  if (tflite) {
    const struct xqnn_q8_conv_minmax_tflite_params* tflite_params = params;
    rq.kernel_zero_point = tflite_params->kernel_zero_point;
    rq.output_zero_point = tflite_params->output_zero_point;
    rq.output_min_int = tflite_params->output_min;
    rq.output_max_int = tflite_params->output_max;
  } else if (is_qu8) {
    rq.output_min = qu8_params->fp32_scalar.output_min_less_zero_point;
    rq.output_max = qu8_params->fp32_scalar.output_max_less_zero_point;
    rq.magic_bias = qu8_params->fp32_scalar.magic_bias;
    rq.magic_bias_less_zero_point = qu8_params->fp32_scalar.magic_bias_less_output_zero_point;
    rq.scale = qu8_params->fp32_scalar.scale;
    rq.kernel_zero_point = qu8_params->fp32_scalar.kernel_zero_point;
  } else {
    rq.output_min = qs8_params->fp32_scalar.output_min_less_zero_point;
    rq.output_max = qs8_params->fp32_scalar.output_max_less_zero_point;
    rq.magic_bias = qs8_params->fp32_scalar.magic_bias;
    rq.magic_bias_less_zero_point = qs8_params->fp32_scalar.magic_bias_less_output_zero_point;
    rq.scale = 0.0f;
    rq.kernel_zero_point = 0;
  }
  const size_t trailer_size = tflite ? 2 * CT * sizeof(int32_t) : is_qu8 ? 0 : CT * sizeof(float);
  const size_t tile_stride = CT * sizeof(int32_t) + kernel_size * CT + trailer_size;

  uint8_t* out = output;
  const uint8_t* taps[XQNN_SCALAR_DWCONV_MAX_TILE];
  do {
    if (!multipass) {
      xqnn_dwconv_resolve_taps(input, kernel_size, input_offset, zero, taps);
      const uint8_t* w = weights;
      for (size_t c = 0; c < channels; c += CT) {
        const size_t n = xqnn_min_sz(CT, channels - c);
        int32_t acc[XQNN_SCALAR_DWCONV_MAX_CT];
        for (size_t j = 0; j < n; j++) acc[j] = xqnn_dwconv_load_s32(w + j * sizeof(int32_t));
        const uint8_t* wt = w + CT * sizeof(int32_t);
        xqnn_scalar_dwconv_taps(CT, is_qu8, acc, n, c, taps, kernel_size, wt, rq.kernel_zero_point);
        xqnn_scalar_dwconv_store(CT, is_qu8, tflite, &rq, acc, wt + kernel_size * CT, n, out + c);
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
        int32_t acc[XQNN_SCALAR_DWCONV_MAX_CT];
        for (size_t j = 0; j < n; j++) acc[j] = xqnn_dwconv_load_s32(w + j * sizeof(int32_t));
        xqnn_scalar_dwconv_taps(CT, is_qu8, acc, n, c, taps, count,
                                w + CT * sizeof(int32_t) + t0 * CT, rq.kernel_zero_point);
        memcpy(buffer + c, acc, n * sizeof(int32_t));
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
          int32_t acc[XQNN_SCALAR_DWCONV_MAX_CT];
          memcpy(acc, buffer + c, n * sizeof(int32_t));
          xqnn_scalar_dwconv_taps(CT, is_qu8, acc, n, c, taps, count,
                                  w + CT * sizeof(int32_t) + t0 * CT, rq.kernel_zero_point);
          memcpy(buffer + c, acc, n * sizeof(int32_t));
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
        int32_t acc[XQNN_SCALAR_DWCONV_MAX_CT];
        memcpy(acc, buffer + c, n * sizeof(int32_t));
        const uint8_t* wt = w + CT * sizeof(int32_t);
        xqnn_scalar_dwconv_taps(CT, is_qu8, acc, n, c, taps, count, wt + t0 * CT,
                                rq.kernel_zero_point);
        xqnn_scalar_dwconv_store(CT, is_qu8, tflite, &rq, acc, wt + kernel_size * CT, n, out + c);
        w += tile_stride;
      }
    }
    input = (const void**) ((uintptr_t) input + input_stride);
    out += channels + output_increment;
  } while (--output_width != 0);
}

#define XQNN_SCALAR_DWCONV_KERNEL_WITH(fn, type, tflite, CT, FT, MT, LT)                       \
  XQNN_DWCONV_UKERNEL_SIGNATURE(fn) {                                                             \
    xqnn_scalar_dwconv_body(CT, FT, MT, LT, type, tflite, channels, output_width, input, weights, \
                            output, input_stride, output_increment, input_offset, zero,           \
                            kernel_size, buffer, params);                                         \
  }

// fp32 requantization, and TFLite requantization.
#define XQNN_SCALAR_DWCONV_KERNEL(fn, type, CT, FT, MT, LT) \
  XQNN_SCALAR_DWCONV_KERNEL_WITH(fn, type, false, CT, FT, MT, LT)
#define XQNN_SCALAR_DWCONV_TFLITE_KERNEL(fn, type, CT, FT, MT, LT) \
  XQNN_SCALAR_DWCONV_KERNEL_WITH(fn, type, true, CT, FT, MT, LT)
