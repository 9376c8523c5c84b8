// Weight packing for gemm / igemm (layout in src/xqnn/packing.h).
#include <assert.h>
#include <stdbool.h>
#include <string.h>

#include "xqnn/math.h"
#include "xqnn/packing.h"

// Bytes per channel of the trailer after the weights.
static size_t trailer_bytes(enum xqnn_packed_weights_type type,
                            const struct xqnn_tflite_multiplier* tflite_multipliers) {
  if (tflite_multipliers != NULL) return 2 * sizeof(int32_t);
  switch (type) {
    case xqnn_packed_weights_qs8_qc8w: return sizeof(float);
    case xqnn_packed_weights_qu8: return 0;
    case xqnn_packed_weights_qd8: return 2 * sizeof(float);
    case xqnn_packed_weights_qs16_qc8w: break;  // pack_qs16_gemm_weights
  }
  return 0;
}

// `width` values: `count` from `values`, then `pad`.
static uint8_t* write_u32s(uint8_t* out, const void* values, size_t value_stride, size_t count,
                           size_t width, uint32_t pad) {
  for (size_t j = 0; j < width; j++) {
    uint32_t v = pad;
    if (j < count) memcpy(&v, (const uint8_t*) values + j * value_stride, sizeof(v));
    memcpy(out, &v, sizeof(v));
    out += sizeof(v);
  }
  return out;
}

// The trailer of `width` channels from channel `first` on, `count` of them real:
// TFLite multipliers then exponents, or the float scales (QS8-QC8W / QD8) then
// the float biases (QD8, zero when NULL). Padding channels get zeros, except
// in a TFLite trailer 2^-1 (M = 2^30, e = -1), a right shift as real
// multipliers below 1 have: the kernels test their tile's multipliers for
// their usual path, and a partial tile takes it too (its padding channels'
// outputs are never stored).
static uint8_t* write_trailer(uint8_t* out, enum xqnn_packed_weights_type type, const float* scale,
                              const float* float_bias,
                              const struct xqnn_tflite_multiplier* tflite_multipliers,
                              size_t first, size_t count, size_t width) {
  if (tflite_multipliers != NULL) {
    const size_t stride = sizeof(struct xqnn_tflite_multiplier);
    out = write_u32s(out, &tflite_multipliers[first].multiplier, stride, count, width, UINT32_C(1) << 30);
    return write_u32s(out, &tflite_multipliers[first].exponent, stride, count, width, UINT32_MAX);
  }
  if (type == xqnn_packed_weights_qs8_qc8w || type == xqnn_packed_weights_qd8) {
    out = write_u32s(out, scale + first, sizeof(float), count, width, 0);
  }
  if (type == xqnn_packed_weights_qd8) {
    out = write_u32s(out, float_bias != NULL ? float_bias + first : NULL, sizeof(float),
                     float_bias != NULL ? count : 0, width, 0);
  }
  return out;
}

// The int32 header of one channel whose `k_total` weights (kernel[i * stride],
// int8 or QU8 uint8) sum to `sum`: QS8 / QU8 fold the zero points into the
// bias (DESIGN.md section 1, `input_offset` as one more input zero point);
// QD8 stores the sum itself. Wraps modulo 2^32 like the kernels' accumulators.
static int32_t channel_header(
    enum xqnn_packed_weights_type type, const uint8_t* kernel, size_t stride, size_t k_total,
    const int32_t* bias, int32_t input_zero_point, int32_t input_offset,
    int32_t kernel_zero_point) {
  const bool is_qu8 = type == xqnn_packed_weights_qu8;
  uint32_t sum = 0;
  for (size_t k = 0; k < k_total; k++) {
    const uint8_t v = kernel[k * stride];
    sum += is_qu8 ? (uint32_t) v : (uint32_t) (int32_t) (int8_t) v;
  }
  if (type == xqnn_packed_weights_qd8) return (int32_t) sum;
  uint32_t folded = bias != NULL ? (uint32_t) *bias : 0;
  folded -= (uint32_t) input_zero_point * sum;
  folded -= (uint32_t) input_offset * sum;
  if (is_qu8) {
    folded += (uint32_t) k_total * (uint32_t) input_zero_point * (uint32_t) kernel_zero_point;
  }
  return (int32_t) folded;
}

size_t xqnn_packed_gemm_block_size(const struct xqnn_gemm_packing* p) {
  const size_t kc_padded = xqnn_round_up(p->kc, p->kr);
  if (p->type == xqnn_packed_weights_qs16_qc8w) {
    return p->nr * (sizeof(int64_t) + p->ks * kc_padded * sizeof(int16_t) + 2 * sizeof(uint32_t));
  }
  const size_t weight_bytes = p->int16_weights ? sizeof(int16_t) : 1;
  return p->nr * sizeof(int32_t) + p->ks * kc_padded * p->nr * weight_bytes +
         p->nr * trailer_bytes(p->type, p->tflite_multipliers);
}

size_t xqnn_packed_gemm_group_size(const struct xqnn_gemm_packing* p) {
  return xqnn_divide_round_up(p->nc, p->nr) * xqnn_packed_gemm_block_size(p);
}

// QS16-QC8W: padded channels get multiplier 0 and shift 15, which requantize
// everything to 0.
static struct xqnn_qs16_multiplier qs16_channel_multiplier(const struct xqnn_gemm_packing* p,
                                                           size_t channel, bool real) {
  struct xqnn_qs16_multiplier m = {.multiplier = 0, .shift = 15};
  if (real) {
    const bool valid = xqnn_qs16_multiplier(p->tflite_multipliers[channel], &m);
    assert(valid);  // create checked the exponents
    (void) valid;
  }
  return m;
}

// QS16-QC8W (layout in src/xqnn/packing.h).
static void pack_qs16_gemm_weights(const struct xqnn_gemm_packing* p, void* packed) {
  const size_t nr = p->nr;
  const size_t kr = p->kr;
  const size_t kc_padded = xqnn_round_up(p->kc, kr);
  const size_t k_total = p->ks * p->kc;
  const int8_t* kernel = p->kernel;
  uint8_t* out = packed;
  for (size_t g = 0; g < p->groups; g++) {
    for (size_t n0 = 0; n0 < p->nc; n0 += nr) {
      const size_t n_count = xqnn_min_sz(nr, p->nc - n0);
      const size_t first = g * p->nc + n0;
      for (size_t j = 0; j < nr; j++) {
        const int64_t bias = j < n_count && p->bias64 != NULL ? p->bias64[first + j] : 0;
        const int64_t header = bias + XQNN_QS16_ACCUMULATOR_OFFSET;
        memcpy(out, &header, sizeof(header));
        out += sizeof(header);
      }
      for (size_t tap = 0; tap < p->ks; tap++) {
        for (size_t k0 = 0; k0 < kc_padded; k0 += kr) {
          for (size_t j = 0; j < nr; j++) {
            for (size_t kk = 0; kk < kr; kk++) {
              const size_t k = k0 + kk;
              const int16_t value = j < n_count && k < p->kc
                  ? kernel[(first + j) * k_total + tap * p->kc + k] : 0;
              memcpy(out, &value, sizeof(value));
              out += sizeof(value);
            }
          }
        }
      }
      for (size_t j = 0; j < nr; j++, out += sizeof(uint32_t)) {
        const uint32_t multiplier = qs16_channel_multiplier(p, first + j, j < n_count).multiplier;
        memcpy(out, &multiplier, sizeof(multiplier));
      }
      for (size_t j = 0; j < nr; j++, out += sizeof(uint32_t)) {
        const uint32_t shift = qs16_channel_multiplier(p, first + j, j < n_count).shift;
        memcpy(out, &shift, sizeof(shift));
      }
    }
  }
}

void xqnn_pack_gemm_weights(const struct xqnn_gemm_packing* p, void* packed) {
  if (p->type == xqnn_packed_weights_qs16_qc8w) {
    pack_qs16_gemm_weights(p, packed);
    return;
  }
  assert(p->sr == 1);  // shuffled K packing comes with the SIMD kernels that use it
  assert(p->input_offset == 0 || p->type == xqnn_packed_weights_qs8_qc8w ||
         (p->type == xqnn_packed_weights_qu8 && p->input_offset == -128));
  assert(!p->int16_weights || p->input_offset == 0);
  const size_t nr = p->nr;
  const size_t kr = p->kr;
  const size_t kc_padded = xqnn_round_up(p->kc, kr);
  const size_t k_total = p->ks * p->kc;
  const bool is_qu8 = p->type == xqnn_packed_weights_qu8;
  // QU8 kernels that subtract the kernel zero point pad with it; the VNNI
  // ones (input_offset -128) multiply the raw weights, so pad with 0.
  const uint8_t neutral = is_qu8 && p->input_offset == 0 ? (uint8_t) p->kernel_zero_point : 0;
  const uint8_t* kernel = p->kernel;
  uint8_t* out = packed;

  for (size_t g = 0; g < p->groups; g++) {
    for (size_t n0 = 0; n0 < p->nc; n0 += nr) {
      const size_t n_count = xqnn_min_sz(nr, p->nc - n0);
      // Header: folded bias (QS8 / QU8) or sum of weights (QD8).
      for (size_t j = 0; j < nr; j++) {
        int32_t header = 0;
        if (j < n_count) {
          const size_t channel = g * p->nc + n0 + j;
          header = channel_header(p->type, kernel + channel * k_total, 1, k_total,
                                  p->bias != NULL ? &p->bias[channel] : NULL, p->input_zero_point,
                                  p->input_offset, p->kernel_zero_point);
        }
        memcpy(out, &header, sizeof(header));
        out += sizeof(header);
      }
      // Weights: [ks][kc_padded / kr][nr][kr].
      for (size_t tap = 0; tap < p->ks; tap++) {
        for (size_t k0 = 0; k0 < kc_padded; k0 += kr) {
          for (size_t j = 0; j < nr; j++) {
            for (size_t kk = 0; kk < kr; kk++) {
              const size_t k = k0 + kk;
              uint8_t value = neutral;
              if (j < n_count && k < p->kc) {
                const size_t channel = g * p->nc + n0 + j;
                value = kernel[channel * k_total + tap * p->kc + k];
              }
              if (p->int16_weights) {
                const int16_t wide = (int16_t) (is_qu8 ? value - p->kernel_zero_point : (int8_t) value);
                memcpy(out, &wide, sizeof(wide));
                out += sizeof(wide);
              } else {
                *out++ = value;
              }
            }
          }
        }
      }
      out = write_trailer(out, p->type, p->scale, p->float_bias, p->tflite_multipliers,
                          g * p->nc + n0, n_count, nr);
    }
  }
}

// Bytes of one block's trailer: what the int16 block holds besides its
// header and weights.
static size_t narrowing_trailer_bytes(const struct xqnn_gemm_narrowing* n) {
  const size_t wide_block = n->wide_group_stride / xqnn_divide_round_up(n->nc, n->nr);
  return wide_block - n->nr * sizeof(int32_t) - n->ks * xqnn_round_up(n->kc, 2) * n->nr * sizeof(int16_t);
}

size_t xqnn_narrowed_gemm_group_size(const struct xqnn_gemm_narrowing* n) {
  const size_t block = n->nr * sizeof(int32_t) + n->ks * xqnn_round_up(n->kc, n->narrow_kr) * n->nr +
                       narrowing_trailer_bytes(n);
  return xqnn_divide_round_up(n->nc, n->nr) * block;
}

void xqnn_narrow_packed_gemm_weights(const struct xqnn_gemm_narrowing* n, const void* wide, void* narrow) {
  const size_t nr = n->nr, kr = n->narrow_kr;
  const size_t wide_pairs = xqnn_round_up(n->kc, 2) / 2;
  const size_t kc_narrow = xqnn_round_up(n->kc, kr);
  const size_t trailer = narrowing_trailer_bytes(n);
  const size_t blocks = xqnn_divide_round_up(n->nc, nr);
  const uint8_t* in = wide;
  uint8_t* out = narrow;
  for (size_t b = 0; b < n->groups * blocks; b++) {
    memcpy(out, in, nr * sizeof(int32_t));
    in += nr * sizeof(int32_t);
    out += nr * sizeof(int32_t);
    const uint8_t* weights = in;  // int16 [ks][wide_pairs][nr][2]
    for (size_t tap = 0; tap < n->ks; tap++) {
      for (size_t k0 = 0; k0 < kc_narrow; k0 += kr) {
        for (size_t j = 0; j < nr; j++) {
          for (size_t kk = 0; kk < kr; kk++) {
            const size_t k = k0 + kk;
            int32_t value = n->weight_offset;
            if (k < n->kc) {
              int16_t w;
              memcpy(&w, weights + (((tap * wide_pairs + k / 2) * nr + j) * 2 + k % 2) * sizeof(int16_t), sizeof(w));
              value += w;
            }
            *out++ = (uint8_t) value;
          }
        }
      }
    }
    in += n->ks * wide_pairs * nr * 2 * sizeof(int16_t);
    memcpy(out, in, trailer);
    in += trailer;
    out += trailer;
  }
}

void xqnn_transpose_bytes(size_t rows, size_t cols, const void* input, void* output) {
  const uint8_t* in = input;
  uint8_t* out = output;
  for (size_t r = 0; r < rows; r++) {
    for (size_t c = 0; c < cols; c++) {
      out[c * rows + r] = in[r * cols + c];
    }
  }
}

// ---- dwconv weights (layout in src/xqnn/packing.h) ----

static size_t dwconv_weight_bytes(const struct xqnn_dwconv_packing* p) {
  const size_t ks = p->kernel_height * p->kernel_width;
  if (p->pair_lanes != 0) return (ks + 1) / 2 * 2 * sizeof(int16_t) * p->channel_tile;
  if (p->quad_lanes != 0) return (ks + 3) / 4 * 4 * p->channel_tile;
  return ks * p->channel_tile;
}

size_t xqnn_packed_dwconv_tile_size(const struct xqnn_dwconv_packing* p) {
  const size_t ct = p->channel_tile;
  return ct * sizeof(int32_t) + dwconv_weight_bytes(p) + ct * trailer_bytes(p->type, p->tflite_multipliers);
}

size_t xqnn_packed_dwconv_size(const struct xqnn_dwconv_packing* p) {
  return xqnn_divide_round_up(p->channels, p->channel_tile) * xqnn_packed_dwconv_tile_size(p);
}

// The channel (within its tile) at position j of a tile in pair order (taps =
// 2) or quad order (taps = 4) of vectors of `lanes` int32 lanes.
static size_t group_order_channel(size_t j, size_t lanes, size_t taps) {
  const size_t group = j / (taps * lanes), i = j % (taps * lanes);
  return group * taps * lanes + 4 * taps * ((i % lanes) / 4) + 4 * (i / lanes) + i % 4;
}

// Reorders `arrays` consecutive arrays of `ct` 4-byte values from channel order to group order.
static void permute_to_group_order(uint8_t* values, size_t arrays, size_t ct, size_t lanes, size_t taps) {
  uint8_t copy[256 * sizeof(uint32_t)];
  assert(ct <= 256);
  for (size_t a = 0; a < arrays; a++, values += ct * sizeof(uint32_t)) {
    memcpy(copy, values, ct * sizeof(uint32_t));
    for (size_t j = 0; j < ct; j++) {
      memcpy(values + j * sizeof(uint32_t), copy + group_order_channel(j, lanes, taps) * sizeof(uint32_t),
             sizeof(uint32_t));
    }
  }
}

// Weight byte of channel c, tap t = kx * kernel_height + ky (the order of the
// indirection buffer).
static uint8_t dwconv_tap(const struct xqnn_dwconv_packing* p, size_t c, size_t t) {
  const size_t ky = t % p->kernel_height, kx = t / p->kernel_height;
  return ((const uint8_t*) p->kernel)[c * p->kernel_channel_stride + (ky * p->kernel_width + kx) * p->kernel_tap_stride];
}

void xqnn_pack_dwconv_weights(const struct xqnn_dwconv_packing* p, void* packed) {
  assert(p->type == xqnn_packed_weights_qs8_qc8w || p->type == xqnn_packed_weights_qu8);
  const size_t ct = p->channel_tile;
  const size_t ks = p->kernel_height * p->kernel_width;
  const size_t pl = p->pair_lanes, ql = p->quad_lanes;
  assert(pl == 0 || ct % (2 * pl) == 0);
  assert(ql == 0 || (ct % (4 * ql) == 0 && pl == 0 && p->type == xqnn_packed_weights_qs8_qc8w));
  const bool is_qu8 = p->type == xqnn_packed_weights_qu8;
  const uint8_t neutral = is_qu8 ? (uint8_t) p->kernel_zero_point : 0;
  const uint8_t* kernel = p->kernel;
  uint8_t* out = packed;
  for (size_t c0 = 0; c0 < p->channels; c0 += ct) {
    const size_t n = xqnn_min_sz(ct, p->channels - c0);
    uint8_t* const tile = out;
    for (size_t j = 0; j < ct; j++) {
      int32_t header = 0;
      if (j < n) {
        const size_t c = c0 + j;
        header = channel_header(p->type, kernel + c * p->kernel_channel_stride,
                                p->kernel_tap_stride, ks, p->bias != NULL ? &p->bias[c] : NULL,
                                p->input_zero_point, /*input_offset=*/ql != 0 ? 128 : 0, p->kernel_zero_point);
      }
      memcpy(out, &header, sizeof(header));
      out += sizeof(header);
    }
    if (ql != 0) {
      for (size_t t = 0; t < ks; t += 4) {
        for (size_t j = 0; j < ct; j++) {
          const size_t c = group_order_channel(j, ql, 4);
          for (size_t u = t; u < t + 4; u++) *out++ = c < n && u < ks ? dwconv_tap(p, c0 + c, u) : 0;
        }
      }
    } else if (pl == 0) {
      for (size_t t = 0; t < ks; t++) {
        for (size_t j = 0; j < ct; j++) *out++ = j < n ? dwconv_tap(p, c0 + j, t) : neutral;
      }
    } else {
      for (size_t t = 0; t < ks; t += 2) {
        for (size_t j = 0; j < ct; j++) {
          const size_t c = group_order_channel(j, pl, 2);
          for (size_t u = t; u < t + 2; u++) {
            int16_t w = 0;
            if (c < n && u < ks) {
              const uint8_t v = dwconv_tap(p, c0 + c, u);
              w = is_qu8 ? (int16_t) ((int32_t) v - p->kernel_zero_point) : (int16_t) (int8_t) v;
            }
            memcpy(out, &w, sizeof(w));
            out += sizeof(w);
          }
        }
      }
    }
    out = write_trailer(out, p->type, p->scale, NULL, p->tflite_multipliers, c0, n, ct);
    if (pl != 0 || ql != 0) {
      const size_t lanes = pl != 0 ? pl : ql, taps = pl != 0 ? 2 : 4;
      permute_to_group_order(tile, 1, ct, lanes, taps);
      permute_to_group_order(tile + ct * sizeof(int32_t) + dwconv_weight_bytes(p),
                             trailer_bytes(p->type, p->tflite_multipliers) / sizeof(uint32_t), ct, lanes, taps);
    }
  }
}
