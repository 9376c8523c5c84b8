// One generic AVX2 body for the MRx8c8 gemm and igemm micro-kernels of every
// int8 family (QS8-QC8W, QU8, QD8-F32); stamped per tile by
// XQNN_AVX2_GEMM_KERNEL / XQNN_AVX2_IGEMM_KERNEL with MR, the type and
// directness as compile-time constants. Numerics: gemm-x86-common.h.
//
// Packed weights (kr = 8, sr = 1), per block of 8 output channels:
//   int32 header[8]; int8/uint8 w[ks][kc / 8][8][8]; float trailer[8 or 16].
// Register plan (MR = 3): per row, 4 accumulators acc[i][j] hold columns 2j
// (low 128 bits) and 2j + 1 (high 128 bits) as 4 partial int32 sums each; A's
// 8 bytes are sign- (QU8: zero-) extended to int16 and repeated in both
// halves, W's 16 bytes (2 columns x 8 k) extended to int16 (QU8: minus the
// kernel zero point), and vpmaddwd adds pairs of products into int32 exactly
// (|a w| <= 255 * 255, so a pair never overflows). After K, three vphaddd and one vpermd put the 8 sums in column
// order. 12 accumulators + 3 A + 1 W = 16 ymm registers.
#pragma once

#include <immintrin.h>

#include "xqnn/fp16-sse2.h"
#include "xqnn/gemm-x86-common.h"

static XQNN_INLINE __m256i xqnn_avx2_load_a8(const uint8_t* a, const enum xqnn_x86_gemm_type type) {
  const __m128i v = _mm_loadl_epi64((const __m128i*) a);
  const __m128i vv = _mm_unpacklo_epi64(v, v);
  return type == xqnn_x86_gemm_qu8 ? _mm256_cvtepu8_epi16(vv) : _mm256_cvtepi8_epi16(vv);
}

static XQNN_INLINE __m256i xqnn_avx2_load_w16(const uint8_t* w, const enum xqnn_x86_gemm_type type,
                                              __m256i vkernel_zero_point) {
  const __m128i v = _mm_loadu_si128((const __m128i*) w);
  return type == xqnn_x86_gemm_qu8 ? _mm256_sub_epi16(_mm256_cvtepu8_epi16(v), vkernel_zero_point)
                                   : _mm256_cvtepi8_epi16(v);
}

static XQNN_INLINE void xqnn_avx2_gemm_body(
    const size_t MR, const enum xqnn_x86_gemm_type type, const bool indirect, size_t mr,
    size_t nc, size_t kc, size_t ks, const void* a, size_t a_stride, const void** a_indirect,
    size_t a_offset, const void* zero, const void* w, void* c, size_t cm_stride,
    size_t cn_stride, const void* params,
    const struct xqnn_quantization_params* quantization_params) {
  enum { NR = 8, KR = 8 };
  assert(nc != 0);
  assert(kc != 0);
  assert(ks != 0);
  struct xqnn_x86_gemm_tile t;
  xqnn_x86_gemm_tile_init(&t, MR, type, indirect, /*input_offset=*/0, mr, a, a_stride, c,
                          cm_stride, params, quantization_params);
  const size_t kc_padded = xqnn_round_up_po2(kc, KR);
  const size_t out_size = xqnn_x86_gemm_out_size(type);
  const __m256i vkernel_zero_point = _mm256_set1_epi16((int16_t) t.kernel_zero_point);
  const __m256 voutput_min = _mm256_set1_ps(t.output_min);
  const __m256 voutput_max = _mm256_set1_ps(t.output_max);
  const __m256i voutput_zero_point = _mm256_set1_epi32(t.output_zero_point);
  const __m256i vpermute = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);

  const uint8_t* wp = w;
  do {
    __m256i acc[XQNN_MAX_MR][4];
    for (size_t j = 0; j < 4; j++) {
      const __m256i vbias = _mm256_inserti128_si256(
          _mm256_castsi128_si256(_mm_cvtsi32_si128(xqnn_load_s32_unaligned(wp + 8 * j))),
          _mm_cvtsi32_si128(xqnn_load_s32_unaligned(wp + 8 * j + 4)), 1);
      for (size_t i = 0; i < MR; i++) {
        acc[i][j] = xqnn_x86_gemm_is_qd8(type)
                        ? _mm256_mullo_epi32(vbias, _mm256_set1_epi32(t.row_neg_zero_point[i]))
                        : vbias;
      }
    }
    wp += NR * sizeof(int32_t);

    const void** rows = a_indirect;
    size_t tap = ks;
    do {
      if (indirect) rows = xqnn_x86_gemm_tile_next_tap(&t, MR, rows, a_offset, zero);
      for (size_t k = 0; k < kc_padded; k += KR) {
        __m256i va[XQNN_MAX_MR];
        for (size_t i = 0; i < MR; i++) va[i] = xqnn_avx2_load_a8(t.a_row[i] + k, type);
        for (size_t j = 0; j < 4; j++) {
          const __m256i vb = xqnn_avx2_load_w16(wp + 16 * j, type, vkernel_zero_point);
          for (size_t i = 0; i < MR; i++) {
            acc[i][j] = _mm256_add_epi32(acc[i][j], _mm256_madd_epi16(va[i], vb));
          }
        }
        wp += NR * KR;
      }
    } while (--tap != 0);

    __m256 vscale, vfloat_bias = _mm256_setzero_ps();
    if (type == xqnn_x86_gemm_qu8) {
      vscale = _mm256_set1_ps(t.scale);
    } else {
      vscale = _mm256_loadu_ps((const float*) wp);
      wp += NR * sizeof(float);
    }
    if (xqnn_x86_gemm_is_qd8(type)) {
      vfloat_bias = _mm256_loadu_ps((const float*) wp);
      wp += NR * sizeof(float);
    }

    const size_t n = nc < NR ? nc : NR;
    for (size_t i = MR; i-- > 0;) {
      const __m256i vsum = _mm256_permutevar8x32_epi32(
          _mm256_hadd_epi32(_mm256_hadd_epi32(acc[i][0], acc[i][1]),
                            _mm256_hadd_epi32(acc[i][2], acc[i][3])),
          vpermute);
      __m256 vf = _mm256_cvtepi32_ps(vsum);
      if (xqnn_x86_gemm_is_qd8(type)) {
        vf = _mm256_mul_ps(vf, _mm256_set1_ps(t.row_scale[i]));
        vf = _mm256_mul_ps(vf, vscale);
        vf = _mm256_add_ps(vf, vfloat_bias);
        vf = _mm256_max_ps(vf, voutput_min);
        vf = _mm256_min_ps(vf, voutput_max);
        if (type == xqnn_x86_gemm_qd8_f16) {
          const __m128i vh = _mm_unpacklo_epi64(xqnn_sse2_fp16_from_fp32(_mm256_castps256_ps128(vf)),
                                                xqnn_sse2_fp16_from_fp32(_mm256_extractf128_ps(vf, 1)));
          if (n == NR) {
            _mm_storeu_si128((__m128i*) t.c_row[i], vh);
          } else {
            uint16_t out[NR];
            _mm_storeu_si128((__m128i*) out, vh);
            xqnn_x86_store_bytes(t.c_row[i], out, n * sizeof(uint16_t));
          }
        } else if (n == NR) {
          _mm256_storeu_ps((float*) t.c_row[i], vf);
        } else {
          float out[NR];
          _mm256_storeu_ps(out, vf);
          xqnn_x86_store_bytes(t.c_row[i], out, n * out_size);
        }
      } else {
        vf = _mm256_mul_ps(vf, vscale);
        vf = _mm256_max_ps(vf, voutput_min);
        vf = _mm256_min_ps(vf, voutput_max);
        const __m256i vout = _mm256_add_epi32(_mm256_cvtps_epi32(vf), voutput_zero_point);
        const __m128i v16 = _mm_packs_epi32(_mm256_castsi256_si128(vout), _mm256_extracti128_si256(vout, 1));
        const __m128i v8 = type == xqnn_x86_gemm_qu8 ? _mm_packus_epi16(v16, v16) : _mm_packs_epi16(v16, v16);
        if (n == NR) {
          _mm_storel_epi64((__m128i*) t.c_row[i], v8);
        } else {
          uint8_t out[16];
          _mm_storeu_si128((__m128i*) out, v8);
          xqnn_x86_store_bytes(t.c_row[i], out, n);
        }
      }
      t.c_row[i] += cn_stride;
    }
    nc -= n;
  } while (nc != 0);
}

#define XQNN_AVX2_GEMM_KERNEL(fn, type, MR)                                                     \
  XQNN_GEMM_UKERNEL_SIGNATURE(fn) {                                                            \
    xqnn_avx2_gemm_body(MR, type, /*indirect=*/false, mr, nc, kc, /*ks=*/1, a, a_stride, NULL,  \
                        0, NULL, w, c, cm_stride, cn_stride, params, quantization_params);     \
  }

#define XQNN_AVX2_IGEMM_KERNEL(fn, type, MR)                                                    \
  XQNN_IGEMM_UKERNEL_SIGNATURE(fn) {                                                           \
    xqnn_avx2_gemm_body(MR, type, /*indirect=*/true, mr, nc, kc, ks, NULL, 0, a, a_offset,      \
                        zero, w, c, cm_stride, cn_stride, params, quantization_params);        \
  }
