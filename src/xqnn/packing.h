// Weight packing for gemm / igemm micro-kernels.
//
// The kernel is given as [groups][nc][ks][kc] (for each output channel, ks
// taps of kc input channels: OHWI per group). Per group, per block of nr
// output channels (the last block padded to nr), the packed layout is
//
//   int32  header[nr]                            bias with zero points folded in
//                                                 (QD8: per-channel sum of weights)
//   w      [ks][round_up(kc, kr) / kr][nr][kr]    weights, K padded with the neutral value
//                                                 (int16 with int16_weights: QU8 less the kernel zero point)
//   trailer                                       QS8-QC8W: float requantization scale[nr];
//                                                 QD8: float kernel scale[nr], float bias[nr];
//                                                 TFLite requantization (QS8-QC8W and QU8):
//                                                 int32 multiplier[nr], int32 exponent[nr]
//
// QS16-QC8W (TFLite's 16x8 scheme: int16 input with zero point 0, int8 weights)
// packs, per block of nr channels,
//   int64  bias[nr]                               bias + XQNN_QS16_ACCUMULATOR_OFFSET
//   int16  w[ks][round_up(kc, kr) / kr][nr][kr]   the int8 weights widened (vpmaddwd reads them)
//   uint32 multiplier[nr], uint32 shift[nr]       xqnn_qs16_multiplier (src/xqnn/requantization.h)
//
// Padded channels and K positions hold the neutral weight (0, or the kernel
// zero point for QU8), zero bias and zero scale, so they contribute nothing.
//
// Folding (DESIGN.md section 1): with x the input, w the weights,
//   QS8:  sum (x - xz) w          = bias' + sum x w,       bias' = bias - xz * sum w
//   QU8:  sum (x - xz)(w - wz)    = bias' + sum x (w - wz), bias' = bias - xz sum w + K xz wz
// where K = ks * kc. Arithmetic wraps modulo 2^32 like the kernels' accumulators.
// input_offset (QS8: 128, x86 VNNI kernels reading x + 128) also reduces the
// bias by input_offset * sum w. QU8 VNNI kernels (input_offset -128) multiply
// the raw uint8 weights by x - 128 and start each row from -wz * sum x, so
// their bias' is bias - xz sum w + K xz wz + 128 sum w and K is padded with 0.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn/requantization.h"

#ifdef __cplusplus
extern "C" {
#endif

enum xqnn_packed_weights_type {
  xqnn_packed_weights_qs8_qc8w,  // int8 weights, int32 bias, float scale trailer
  xqnn_packed_weights_qu8,       // uint8 weights with zero point, int32 bias
  xqnn_packed_weights_qd8,       // int8 weights, int32 weight sums, float kernel scale + bias trailer
  xqnn_packed_weights_qs16_qc8w, // int8 weights widened to int16, int64 bias, 16x8 multipliers
};

struct xqnn_gemm_packing {
  enum xqnn_packed_weights_type type;
  size_t groups, nc, ks, kc;
  size_t nr, kr, sr;
  const void* kernel;          // [groups][nc][ks][kc] int8 or uint8
  const int32_t* bias;         // QS8 / QU8: [groups * nc] or NULL
  const int64_t* bias64;       // QS16-QC8W: [groups * nc] or NULL
  const float* float_bias;     // QD8: [groups * nc] or NULL
  const float* scale;          // QS8: requantization scale, QD8: kernel scale; [groups * nc]
  int32_t input_zero_point;    // QS8 / QU8
  int32_t kernel_zero_point;   // QU8
  // QS8: what the kernel adds to every input value (x86 VNNI kernels read A as
  // a ^ 0x80 = a + 128: xqnn_gemm_config.input_offset); the bias then also
  // holds -input_offset * sum(w). 0 for QU8 and QD8.
  int32_t input_offset;
  // QS8 / QU8 with TFLite requantization, and QS16-QC8W: [groups * nc], replaces `scale`.
  const struct xqnn_tflite_multiplier* tflite_multipliers;
  // QS8 / QU8 / QD8: weights stored as int16 (QU8: less the kernel zero point, so
  // K padding holds 0), for kernels that multiply int16 pairs
  // (xqnn_gemm_config.int16_weights); needs input_offset 0.
  bool int16_weights;
};

// Bytes of one nr block and of one group of packed weights.
size_t xqnn_packed_gemm_block_size(const struct xqnn_gemm_packing* packing);
size_t xqnn_packed_gemm_group_size(const struct xqnn_gemm_packing* packing);

// Writes groups * xqnn_packed_gemm_group_size bytes to `packed`.
void xqnn_pack_gemm_weights(const struct xqnn_gemm_packing* packing, void* packed);

// The byte copy of gemm weights packed with int16_weights (kr = 2), for
// byte-weight kernels of the same nr whose kr is narrow_kr: headers and
// trailers as they are; each weight plus weight_offset (QU8: the kernel zero
// point, which the int16 packing subtracted) as a byte, K padding
// weight_offset (the neutral byte weight).
struct xqnn_gemm_narrowing {
  size_t groups, nc, ks, kc, nr;
  size_t wide_group_stride;  // bytes per group of the int16 packing
  size_t narrow_kr;
  int32_t weight_offset;
};
size_t xqnn_narrowed_gemm_group_size(const struct xqnn_gemm_narrowing* narrowing);
// Writes groups * xqnn_narrowed_gemm_group_size bytes to `narrow`.
void xqnn_narrow_packed_gemm_weights(const struct xqnn_gemm_narrowing* narrowing, const void* wide, void* narrow);

// Transposes an [rows][cols] byte matrix to [cols][rows] (FC weights given as
// [input][output]).
void xqnn_transpose_bytes(size_t rows, size_t cols, const void* input, void* output);

// ---- dwconv weights ----
// Per tile of channel_tile channels (the last tile padded with neutral weights,
// zero bias and zero scale):
//   int32  bias[channel_tile]                     bias with zero points folded in
//   w      [kernel_height * kernel_width][channel_tile]
//                                                 taps in column-major order: kx * kernel_height + ky
//                                                 (the order of the dwconv indirection buffer)
//   trailer                                       as for gemm: QS8-QC8W float scale[channel_tile],
//                                                 or the TFLite multipliers and exponents
// The kernel element of (channel c, tap ky * kernel_width + kx) is
// kernel[c * kernel_channel_stride + (ky * kernel_width + kx) * kernel_tap_stride]:
// depthwise layout [kh][kw][channels] has strides (1, channels), grouped layout
// [channels][kh][kw] has strides (kh * kw, 1).
// Folding as for gemm, with K = kernel_height * kernel_width.
// With pair_lanes = L != 0 (kernels on int16 tap pairs, src/xqnn/simd/README.md
// "Tap pairs"; channel_tile a multiple of 2L), the weights are instead
//   int16  w[(K + 1) / 2][channel_tile][2]        taps (2t, 2t + 1) of each channel side by
//                                                 side, 0 for tap K; QU8 less the kernel zero point
// and the bias, the weight pairs and the trailer run over each group of 2L
// channels in pair order: position i of a group holds channel
// 8 * ((i % L) / 4) + 4 * (i / L) + i % 4.
// With quad_lanes = L != 0 (QS8-QC8W kernels on int8 tap quads, src/xqnn/simd/README.md
// "Tap quads"; channel_tile a multiple of 4L), the weights are
//   int8   w[(K + 3) / 4][channel_tile][4]        taps 4t .. 4t + 3 of each channel side by
//                                                 side, 0 for taps K and beyond
// the bias less 128 * the sum of the channel's weights (the kernels multiply
// x + 128 as unsigned bytes), and the bias, the weight quads and the trailer
// run over each group of 4L channels in quad order: position i of a group holds
// channel 16 * ((i % L) / 4) + 4 * (i / L) + i % 4.
struct xqnn_dwconv_packing {
  enum xqnn_packed_weights_type type;  // qs8_qc8w or qu8
  size_t channels;
  size_t kernel_height, kernel_width;
  size_t channel_tile;
  size_t pair_lanes;  // 0: byte taps (or quads)
  size_t quad_lanes;  // 0: byte taps (or pairs)
  const void* kernel;
  size_t kernel_channel_stride, kernel_tap_stride;
  const int32_t* bias;      // [channels] or NULL
  const float* scale;       // QS8-QC8W: requantization scale [channels]
  int32_t input_zero_point;
  int32_t kernel_zero_point;  // QU8
  const struct xqnn_tflite_multiplier* tflite_multipliers;  // [channels], replaces `scale`
};

size_t xqnn_packed_dwconv_tile_size(const struct xqnn_dwconv_packing* packing);
size_t xqnn_packed_dwconv_size(const struct xqnn_dwconv_packing* packing);
void xqnn_pack_dwconv_weights(const struct xqnn_dwconv_packing* packing, void* packed);

#ifdef __cplusplus
}  // extern "C"
#endif
