// One generic NEON body for the gemm and igemm micro-kernels of the int8
// families (QS8-QC8W, QU8, QD8-F32, QD8-F16) on AArch64 and ARMv7, with three
// inner loops chosen by a compile-time `kind`; stamped per tile by
// XQNN_NEON_GEMM_KERNEL / XQNN_NEON_IGEMM_KERNEL. Numerics (and the tile /
// row plumbing, plain C) are gemm-x86-common.h's, bit for bit:
//   QS8 / QU8: (float) acc * scale -> max(min - zp) -> min(max - zp) -> round
//              half to even (AArch64: fcvtns; ARMv7: the 0x1.8p23 magic bias,
//              exact for |x| < 2^22) + zp -> narrow
//   QD8:       ((float) acc * row scale) * kernel scale + bias -> max -> min
//              with the scalar kernels' comparisons (NaN and -0 as they do);
//              fp16 output by fp16_ieee_from_fp32_value itself. ARMv7 NEON
//              flushes subnormals (a row scale may be one), so on ARMv7 this
//              chain runs on VFP, which does not.
//
// xqnn_neon_gemm_mlal, MRx8c8 (kr = 8; every type; NEON of both
//   architectures). Packed weights per block of 8 channels:
//   int32 header[8]; w[ks][kc / 8][8][8]; float trailer[8 or 16].
//   acc[i][j] (int32x4) holds partial sums of row i, column j. Int8 A x W:
//   weights in [-127, 127] make |a * w| <= 16256, so two k-blocks are
//   multiplied and added in int16 (smull + smlal) before sadalp widens the
//   pairs into acc. QU8: A zero-extended, W - kernel zero point (int16),
//   smlal.4s. After K, pairwise adds reduce each acc to its column.
// xqnn_neon_gemm_mull, the same for int8 weights of the full range: a weight
//   of -128 times an input of -128 is 2^14, and two of them overflow int16,
//   so each k-block's products (smull, |a * w| <= 2^14) go to sadalp alone.
//   One more sadalp per 16 k than mlal; create picks it (the .inc rows'
//   full_range column) only when the weights hold -128.
// xqnn_neon_gemm_dot, MRx16c4 (kr = 4; int8 A and W; AArch64 dot product):
//   w[ks][kc / 4][16][4]; acc[i][q] holds columns 4q..4q+3 of row i; sdot
//   adds 4 int8 products per lane (exact) with A's 4 bytes broadcast.
// xqnn_neon_gemm_mmla, MRx16c8 (kr = 8, the mlal layout with 16 columns;
//   int8 A and W; AArch64 i8mm): smmla multiplies a 2x8 block of A (rows
//   2p, 2p+1) by an 8x2 block of W (columns 2q, 2q+1); acc[p][q] holds
//   [r0c0 r0c1 r1c0 r1c1], so rows are the low / high halves.
#pragma once

#include <arm_neon.h>
#include <fp16.h>

#include "xqnn/arch.h"
#include "xqnn/gemm-x86-common.h"

enum xqnn_neon_gemm_kind {
  xqnn_neon_gemm_mlal,
  xqnn_neon_gemm_mull,
  xqnn_neon_gemm_dot,
  xqnn_neon_gemm_mmla,
};

// Sums of the four 4-lane partials: lane j = all lanes of a_j.
static XQNN_INLINE int32x4_t xqnn_neon_reduce4(int32x4_t a0, int32x4_t a1, int32x4_t a2, int32x4_t a3) {
#if XQNN_ARCH_ARM64
  return vpaddq_s32(vpaddq_s32(a0, a1), vpaddq_s32(a2, a3));
#else
  const int32x2_t s0 = vadd_s32(vget_low_s32(a0), vget_high_s32(a0));
  const int32x2_t s1 = vadd_s32(vget_low_s32(a1), vget_high_s32(a1));
  const int32x2_t s2 = vadd_s32(vget_low_s32(a2), vget_high_s32(a2));
  const int32x2_t s3 = vadd_s32(vget_low_s32(a3), vget_high_s32(a3));
  return vcombine_s32(vpadd_s32(s0, s1), vpadd_s32(s2, s3));
#endif
}

// Requantizes or scales one row's NR sums (vsum[NR / 4]) and stores n <= NR.
static XQNN_INLINE void xqnn_neon_gemm_store_row(
    const size_t NR, const enum xqnn_x86_gemm_type type, const struct xqnn_x86_gemm_tile* t, size_t i,
    const int32x4_t* vsum, const float* scale, const float* float_bias, size_t n) {
  enum { MAX_NR = 16 };
  if (xqnn_x86_gemm_is_qd8(type)) {
    float out[MAX_NR];
#if XQNN_ARCH_ARM64
    const float32x4_t vmin = vdupq_n_f32(t->output_min);
    const float32x4_t vmax = vdupq_n_f32(t->output_max);
    const float32x4_t vrow_scale = vdupq_n_f32(t->row_scale[i]);
    for (size_t q = 0; q < NR / 4; q++) {
      float32x4_t vf = vcvtq_f32_s32(vsum[q]);
      vf = vmulq_f32(vf, vrow_scale);
      vf = vmulq_f32(vf, vld1q_f32(scale + 4 * q));
      vf = vaddq_f32(vf, vld1q_f32(float_bias + 4 * q));
      vf = vbslq_f32(vcgtq_f32(vf, vmin), vf, vmin);  // xqnn_max_f32: NaN -> min
      vf = vbslq_f32(vcltq_f32(vf, vmax), vf, vmax);
      vst1q_f32(out + 4 * q, vf);
    }
#else
    int32_t acc[MAX_NR];
    for (size_t q = 0; q < NR / 4; q++) vst1q_s32(acc + 4 * q, vsum[q]);
    for (size_t j = 0; j < NR; j++) {
      float v = (float) acc[j];
      v = v * t->row_scale[i];
      v = v * scale[j];
      v = v + float_bias[j];
      v = xqnn_max_f32(v, t->output_min);
      out[j] = xqnn_min_f32(v, t->output_max);
    }
#endif
    if (type == xqnn_x86_gemm_qd8_f16) {
      uint16_t h[MAX_NR];
      for (size_t j = 0; j < n; j++) h[j] = fp16_ieee_from_fp32_value(out[j]);
      memcpy(t->c_row[i], h, n * sizeof(uint16_t));
    } else {
      memcpy(t->c_row[i], out, n * sizeof(float));
    }
    return;
  }
  const float32x4_t vmin = vdupq_n_f32(t->output_min);
  const float32x4_t vmax = vdupq_n_f32(t->output_max);
  const int32x4_t vzero_point = vdupq_n_s32(t->output_zero_point);
  uint8_t out[MAX_NR];
  for (size_t q = 0; q < NR / 4; q += 2) {
    int16x4_t h[2];
    for (size_t r = 0; r < 2; r++) {
      const float32x4_t vscale = type == xqnn_x86_gemm_qu8 ? vdupq_n_f32(t->scale) : vld1q_f32(scale + 4 * (q + r));
      float32x4_t vf = vmulq_f32(vcvtq_f32_s32(vsum[q + r]), vscale);
      vf = vminq_f32(vmaxq_f32(vf, vmin), vmax);
#if XQNN_ARCH_ARM64
      const int32x4_t vi = vcvtnq_s32_f32(vf);
#else
      const int32x4_t vi = vsubq_s32(vreinterpretq_s32_f32(vaddq_f32(vf, vdupq_n_f32(0x1.8p23f))),
                                     vdupq_n_s32(0x4B400000));
#endif
      h[r] = vqmovn_s32(vaddq_s32(vi, vzero_point));  // in the output type's range: exact
    }
    const int16x8_t h8 = vcombine_s16(h[0], h[1]);
    vst1_u8(out + 4 * q, type == xqnn_x86_gemm_qu8 ? vqmovun_s16(h8) : vreinterpret_u8_s8(vqmovn_s16(h8)));
  }
  memcpy(t->c_row[i], out, n);
}

static XQNN_INLINE void xqnn_neon_gemm_body(
    const size_t MR, const enum xqnn_neon_gemm_kind kind, const enum xqnn_x86_gemm_type type,
    const bool indirect, size_t mr, size_t nc, size_t kc, size_t ks, const void* a, size_t a_stride,
    const void** a_indirect, size_t a_offset, const void* zero, const void* w, void* c,
    size_t cm_stride, size_t cn_stride, const void* params,
    const struct xqnn_quantization_params* quantization_params) {
  const bool mlal_layout = kind == xqnn_neon_gemm_mlal || kind == xqnn_neon_gemm_mull;
  const size_t NR = mlal_layout ? 8 : 16;
  const size_t KR = kind == xqnn_neon_gemm_dot ? 4 : 8;
  assert(nc != 0);
  assert(kc != 0);
  assert(ks != 0);
  assert(kind == xqnn_neon_gemm_mlal || type != xqnn_x86_gemm_qu8);  // QU8: the mlal kernels (exact)
  assert(kind != xqnn_neon_gemm_mmla || MR % 2 == 0 || MR == 1);
  struct xqnn_x86_gemm_tile t;
  xqnn_x86_gemm_tile_init(&t, MR, type, indirect, /*input_offset=*/0, mr, a, a_stride, c, cm_stride,
                          params, quantization_params);
  const size_t kc_padded = xqnn_round_up_po2(kc, KR);
  const uint8x8_t vkernel_zero_point = vdup_n_u8((uint8_t) t.kernel_zero_point);

  const uint8_t* wp = w;
  do {
    int32_t header[16];
    memcpy(header, wp, NR * sizeof(int32_t));
    wp += NR * sizeof(int32_t);
    // The initial accumulators: the bias (QD8: ksum * -zero_point, wrapping).
    int32_t init[XQNN_MAX_MR][16];
    for (size_t i = 0; i < MR; i++) {
      for (size_t j = 0; j < NR; j++) {
        init[i][j] = xqnn_x86_gemm_is_qd8(type) ? xqnn_wrapping_mul_s32(header[j], t.row_neg_zero_point[i])
                                                : header[j];
      }
    }
    // Per row, the NR sums in column order once K is done.
    int32x4_t vsum[XQNN_MAX_MR][4];

    const void** rows = a_indirect;
    if (mlal_layout) {
      int32x4_t acc[XQNN_MAX_MR][8];
      for (size_t i = 0; i < MR; i++) {
        for (size_t j = 0; j < 8; j++) acc[i][j] = vsetq_lane_s32(init[i][j], vdupq_n_s32(0), 0);
      }
      size_t tap = ks;
      do {
        if (indirect) rows = xqnn_x86_gemm_tile_next_tap(&t, MR, rows, a_offset, zero);
        size_t k = 0;
        if (type == xqnn_x86_gemm_qu8) {
          for (; k < kc_padded; k += 8) {
            int16x8_t va[XQNN_MAX_MR];
            for (size_t i = 0; i < MR; i++) va[i] = vreinterpretq_s16_u16(vmovl_u8(vld1_u8(t.a_row[i] + k)));
            for (size_t j = 0; j < 8; j++) {
              const int16x8_t vw = vreinterpretq_s16_u16(vsubl_u8(vld1_u8(wp + 8 * j), vkernel_zero_point));
              for (size_t i = 0; i < MR; i++) {
                acc[i][j] = vmlal_s16(acc[i][j], vget_low_s16(va[i]), vget_low_s16(vw));
                acc[i][j] = vmlal_s16(acc[i][j], vget_high_s16(va[i]), vget_high_s16(vw));
              }
            }
            wp += 64;
          }
        } else {
          for (; kind == xqnn_neon_gemm_mlal && k + 16 <= kc_padded; k += 16) {
            int8x8_t va0[XQNN_MAX_MR], va1[XQNN_MAX_MR];
            for (size_t i = 0; i < MR; i++) {
              va0[i] = vld1_s8((const int8_t*) t.a_row[i] + k);
              va1[i] = vld1_s8((const int8_t*) t.a_row[i] + k + 8);
            }
            for (size_t j = 0; j < 8; j++) {
              const int8x8_t vw0 = vld1_s8((const int8_t*) wp + 8 * j);
              const int8x8_t vw1 = vld1_s8((const int8_t*) wp + 64 + 8 * j);
              for (size_t i = 0; i < MR; i++) {
                const int16x8_t vprod = vmlal_s8(vmull_s8(va0[i], vw0), va1[i], vw1);
                acc[i][j] = vpadalq_s16(acc[i][j], vprod);
              }
            }
            wp += 128;
          }
          for (; k < kc_padded; k += 8) {
            int8x8_t va0[XQNN_MAX_MR];
            for (size_t i = 0; i < MR; i++) va0[i] = vld1_s8((const int8_t*) t.a_row[i] + k);
            for (size_t j = 0; j < 8; j++) {
              const int8x8_t vw0 = vld1_s8((const int8_t*) wp + 8 * j);
              for (size_t i = 0; i < MR; i++) acc[i][j] = vpadalq_s16(acc[i][j], vmull_s8(va0[i], vw0));
            }
            wp += 64;
          }
        }
      } while (--tap != 0);
      for (size_t i = 0; i < MR; i++) {
        vsum[i][0] = xqnn_neon_reduce4(acc[i][0], acc[i][1], acc[i][2], acc[i][3]);
        vsum[i][1] = xqnn_neon_reduce4(acc[i][4], acc[i][5], acc[i][6], acc[i][7]);
      }
#if XQNN_ARCH_ARM64 && defined(__ARM_FEATURE_DOTPROD)
    } else if (kind == xqnn_neon_gemm_dot) {
      int32x4_t acc[XQNN_MAX_MR][4];
      for (size_t i = 0; i < MR; i++) {
        for (size_t q = 0; q < 4; q++) acc[i][q] = vld1q_s32(&init[i][4 * q]);
      }
      size_t tap = ks;
      do {
        if (indirect) rows = xqnn_x86_gemm_tile_next_tap(&t, MR, rows, a_offset, zero);
        for (size_t k = 0; k < kc_padded; k += 4) {
          int8x8_t va[XQNN_MAX_MR];
          for (size_t i = 0; i < MR; i++) va[i] = vreinterpret_s8_s32(vdup_n_s32(xqnn_load_s32_unaligned(t.a_row[i] + k)));
          for (size_t q = 0; q < 4; q++) {
            const int8x16_t vw = vld1q_s8((const int8_t*) wp + 16 * q);
            for (size_t i = 0; i < MR; i++) acc[i][q] = vdotq_lane_s32(acc[i][q], vw, va[i], 0);
          }
          wp += 64;
        }
      } while (--tap != 0);
      for (size_t i = 0; i < MR; i++) {
        for (size_t q = 0; q < 4; q++) vsum[i][q] = acc[i][q];
      }
#endif
#if XQNN_ARCH_ARM64 && defined(__ARM_FEATURE_MATMUL_INT8)
    } else if (kind == xqnn_neon_gemm_mmla) {
      enum { MAX_PAIRS = (XQNN_MAX_MR + 1) / 2 };
      const size_t pairs = (MR + 1) / 2;
      int32x4_t acc[MAX_PAIRS][8];
      for (size_t p = 0; p < pairs; p++) {
        const size_t r1 = xqnn_min_sz(2 * p + 1, MR - 1);
        for (size_t q = 0; q < 8; q++) {
          acc[p][q] = vcombine_s32(vld1_s32(&init[2 * p][2 * q]), vld1_s32(&init[r1][2 * q]));
        }
      }
      size_t tap = ks;
      do {
        if (indirect) rows = xqnn_x86_gemm_tile_next_tap(&t, MR, rows, a_offset, zero);
        for (size_t k = 0; k < kc_padded; k += 8) {
          int8x16_t va[MAX_PAIRS];
          for (size_t p = 0; p < pairs; p++) {
            const size_t r1 = xqnn_min_sz(2 * p + 1, MR - 1);
            va[p] = vcombine_s8(vld1_s8((const int8_t*) t.a_row[2 * p] + k), vld1_s8((const int8_t*) t.a_row[r1] + k));
          }
          for (size_t q = 0; q < 8; q++) {
            const int8x16_t vw = vld1q_s8((const int8_t*) wp + 16 * q);
            for (size_t p = 0; p < pairs; p++) acc[p][q] = vmmlaq_s32(acc[p][q], va[p], vw);
          }
          wp += 128;
        }
      } while (--tap != 0);
      for (size_t p = 0; p < pairs; p++) {
        for (size_t q = 0; q < 4; q++) {
          const int32x4_t lo = acc[p][2 * q], hi = acc[p][2 * q + 1];
          vsum[2 * p][q] = vcombine_s32(vget_low_s32(lo), vget_low_s32(hi));
          if (2 * p + 1 < MR) vsum[2 * p + 1][q] = vcombine_s32(vget_high_s32(lo), vget_high_s32(hi));
        }
      }
#endif
    } else {
      assert(false);  // the file's flags lack the instructions of this kind
      return;
    }

    const float* scale = NULL;
    const float* float_bias = NULL;
    float trailer[32];
    if (type != xqnn_x86_gemm_qu8) {
      const size_t count = xqnn_x86_gemm_is_qd8(type) ? 2 * NR : NR;
      memcpy(trailer, wp, count * sizeof(float));
      wp += count * sizeof(float);
      scale = trailer;
      float_bias = trailer + NR;
    }
    const size_t n = nc < NR ? nc : NR;
    for (size_t i = MR; i-- > 0;) {
      xqnn_neon_gemm_store_row(NR, type, &t, i, vsum[i], scale, float_bias, n);
      t.c_row[i] += cn_stride;
    }
    nc -= n;
  } while (nc != 0);
}

#define XQNN_NEON_GEMM_KERNEL(fn, kind, type, MR)                                                   \
  XQNN_GEMM_UKERNEL_SIGNATURE(fn) {                                                                \
    xqnn_neon_gemm_body(MR, kind, type, /*indirect=*/false, mr, nc, kc, /*ks=*/1, a, a_stride, NULL, \
                        0, NULL, w, c, cm_stride, cn_stride, params, quantization_params);         \
  }

#define XQNN_NEON_IGEMM_KERNEL(fn, kind, type, MR)                                                   \
  XQNN_IGEMM_UKERNEL_SIGNATURE(fn) {                                                                \
    xqnn_neon_gemm_body(MR, kind, type, /*indirect=*/true, mr, nc, kc, ks, NULL, 0, a, a_offset, zero, \
                        w, c, cm_stride, cn_stride, params, quantization_params);                   \
  }
