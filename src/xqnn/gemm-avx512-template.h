// Generic AVX512 bodies for the gemm and igemm micro-kernels of the int8
// families (QS8-QC8W, QU8, QD8-F32); stamped per tile by the macros at the
// end with MR, NR, the type and directness as compile-time constants.
// Numerics: gemm-x86-common.h. Both share one epilogue per 16 output channels
// (masked stores for the last, partial block).
//
// AVX512SKX, MRx16c8 (kr = 8): packed weights per block of 16 channels:
//   int32 header[16]; int8/uint8 w[ks][kc / 8][16][8]; float trailer[16 or 32].
//   Per row, 4 accumulators acc[i][j]: 128-bit lane L of acc[i][j] holds 4
//   partial sums of column 4j + L. A's 8 bytes are sign- (QU8: zero-)
//   extended to int16 and repeated in the 4 lanes; W's 32 bytes (4 columns x
//   8 k) extended to int16 (QU8: minus the kernel zero point); vpmaddwd adds
//   pairs of products exactly. After K, unpack + add steps and one vpermd put
//   the 16 sums in column order. MR = 4: 16 accumulators + 4 A + 1 W zmm.
//
// AVX512VNNI, MRxNRc4 (NR = 16 NB, NB column vectors; kr = 4): packed weights
//   as above with w[ks][kc / 4][NR][4]. One accumulator per row and column
//   vector holds 16 columns; vpdpbusd multiplies 4 uint8 by 4 int8 and adds
//   the 4 products to each int32 lane (exact: |4 * 255 * 128| < 2^31). A is
//   read as a ^ 0x80: QS8 / QD8 as uint8 a + 128 times the int8 weights (QS8
//   weights packed with input_offset 128, the bias holding -128 * sum(w); QD8
//   rows use -(zero_point + 128) with their ksum header); QU8 as int8 a - 128
//   times the uint8 weights (input_offset -128: the bias holds +128 * sum(w),
//   and each row starts from -kernel_zero_point * the sum of its inputs). The
//   broadcast of A's 4 bytes, not vpdpbusd, bounds a 16-column loop here (one
//   broadcast per product vector): 7x32 shares each broadcast between two
//   vectors (14 accumulators).
#pragma once

#include <immintrin.h>

#include "xqnn/simd/avx512skx.h"
#include "xqnn/simd/avx512vnni-accumulate.h"
#include "xqnn/gemm-simd-epilogue.h"
#include "xqnn/gemm-x86-common.h"

// Header (int32[16]) -> per-row initial accumulators of a 16-column block.
static XQNN_INLINE __m512i xqnn_avx512_gemm_init_acc(
    const enum xqnn_x86_gemm_type type, const struct xqnn_x86_gemm_tile* t, size_t i,
    __m512i vheader) {
  return xqnn_x86_gemm_is_qd8(type)
             ? _mm512_mullo_epi32(vheader, _mm512_set1_epi32(t->row_neg_zero_point[i]))
             : vheader;
}

static XQNN_INLINE __m512i xqnn_avx512skx_load_a8(const uint8_t* a, const enum xqnn_x86_gemm_type type) {
  const __m256i v = _mm256_set1_epi64x((long long) xqnn_load_u64_unaligned(a));
  return xqnn_x86_gemm_is_qu8(type) ? _mm512_cvtepu8_epi16(v) : _mm512_cvtepi8_epi16(v);
}

static XQNN_INLINE __m512i xqnn_avx512skx_load_w32(const uint8_t* w, const enum xqnn_x86_gemm_type type,
                                                   __m512i vkernel_zero_point) {
  const __m256i v = _mm256_loadu_si256((const __m256i*) w);
  return xqnn_x86_gemm_is_qu8(type) ? _mm512_sub_epi16(_mm512_cvtepu8_epi16(v), vkernel_zero_point)
                                   : _mm512_cvtepi8_epi16(v);
}

static XQNN_INLINE void xqnn_avx512skx_gemm_body(
    const size_t MR, const size_t NR_TILE, const enum xqnn_x86_gemm_type type, const bool indirect, size_t mr,
    size_t nc, size_t kc, size_t ks, const void* a, size_t a_stride, const void** a_indirect,
    size_t a_offset, const void* zero, const void* w, void* c, size_t cm_stride,
    size_t cn_stride, const void* params,
    const struct xqnn_quantization_params* quantization_params) {
  enum { NR = 16, KR = 8 };
  assert(NR_TILE == NR);
  (void) NR_TILE;
  assert(nc != 0);
  assert(kc != 0);
  assert(ks != 0);
  struct xqnn_x86_gemm_tile t;
  xqnn_x86_gemm_tile_init(&t, MR, type, indirect, /*input_offset=*/0, mr, a, a_stride, c,
                          cm_stride, params, quantization_params);
  const size_t kc_padded = xqnn_round_up_po2(kc, KR);
  const __m512i vkernel_zero_point = _mm512_set1_epi16((int16_t) t.kernel_zero_point);
  // Lane 4L + q of the reduced sums holds column 4q + L.
  const __m512i vpermute = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);

  const uint8_t* wp = w;
  do {
    // Column 4j + L's bias goes to element 0 of lane L of acc[i][j].
    __m512i acc[XQNN_MAX_MR][4];
    const __m512i vheader = _mm512_loadu_si512(wp);
    for (size_t j = 0; j < 4; j++) {
      const __m512i vbias = _mm512_maskz_permutexvar_epi32(
          (__mmask16) 0x1111, _mm512_setr_epi32((int) (4 * j), 0, 0, 0, (int) (4 * j + 1), 0, 0, 0,
                                              (int) (4 * j + 2), 0, 0, 0, (int) (4 * j + 3), 0, 0, 0),
          vheader);
      for (size_t i = 0; i < MR; i++) acc[i][j] = xqnn_avx512_gemm_init_acc(type, &t, i, vbias);
    }
    wp += NR * sizeof(int32_t);

    const void** rows = a_indirect;
    size_t tap = ks;
    do {
      if (indirect) rows = xqnn_x86_gemm_tile_next_tap(&t, MR, rows, a_offset, zero);
      for (size_t k = 0; k < kc_padded; k += KR) {
        __m512i va[XQNN_MAX_MR];
        for (size_t i = 0; i < MR; i++) va[i] = xqnn_avx512skx_load_a8(t.a_row[i] + k, type);
        for (size_t j = 0; j < 4; j++) {
          const __m512i vb = xqnn_avx512skx_load_w32(wp + 32 * j, type, vkernel_zero_point);
          for (size_t i = 0; i < MR; i++) {
            acc[i][j] = _mm512_add_epi32(acc[i][j], _mm512_madd_epi16(va[i], vb));
          }
        }
        wp += NR * KR;
      }
    } while (--tap != 0);

    struct xqnn_simd_gemm_trailer trailer;
    wp = xqnn_simd_gemm_load_trailer(type, &t, wp, &trailer);
    const size_t n = nc < NR ? nc : NR;
    const bool tflite_plain = xqnn_simd_gemm_tflite_is_plain(type, &t, &trailer);
    for (size_t i = MR; i-- > 0;) {
      // Lane L: [c(L) c(4+L) c(8+L) c(12+L)] after two unpack + add steps.
      const __m512i v01 = _mm512_add_epi32(_mm512_unpacklo_epi32(acc[i][0], acc[i][1]),
                                           _mm512_unpackhi_epi32(acc[i][0], acc[i][1]));
      const __m512i v23 = _mm512_add_epi32(_mm512_unpacklo_epi32(acc[i][2], acc[i][3]),
                                           _mm512_unpackhi_epi32(acc[i][2], acc[i][3]));
      const __m512i vsum = _mm512_add_epi32(_mm512_unpacklo_epi64(v01, v23), _mm512_unpackhi_epi64(v01, v23));
      xqnn_simd_gemm_store_row(type, &t, i, _mm512_permutexvar_epi32(vpermute, vsum), &trailer, n, tflite_plain);
      t.c_row[i] += cn_stride;
    }
    nc -= n;
  } while (nc != 0);
}

// acc[i][b] += the 4 bytes of row i at k times the 16 x 4 weights of column
// vector b < NB at wp + 64 b: one broadcast of A per row serves NB column
// vectors. QS8 / QD8: A as uint8 (a ^ 0x80) times int8 weights; QU8: the
// uint8 weights times A as int8 (a ^ 0x80 = a - 128).
enum { XQNN_AVX512VNNI_MAX_NB = 2 };

static XQNN_INLINE void xqnn_avx512vnni_gemm_k_step(const size_t MR, const size_t NB, const enum xqnn_x86_gemm_type type,
                                                    __m512i (*acc)[XQNN_AVX512VNNI_MAX_NB],
                                                    const struct xqnn_x86_gemm_tile* t, size_t k, const uint8_t* wp) {
  const __m512i vsign = _mm512_set1_epi32((int32_t) 0x80808080u);
  __m512i vb[XQNN_AVX512VNNI_MAX_NB];
  for (size_t b = 0; b < NB; b++) vb[b] = _mm512_loadu_si512(wp + b * 64);
  for (size_t i = 0; i < MR; i++) {
    const __m512i va = _mm512_xor_si512(_mm512_set1_epi32(xqnn_load_s32_unaligned(t->a_row[i] + k)), vsign);
    for (size_t b = 0; b < NB; b++) {
      acc[i][b] = xqnn_x86_gemm_is_qu8(type) ? xqnn_avx512vnni_dpbusd(acc[i][b], vb[b], va)
                                             : xqnn_avx512vnni_dpbusd(acc[i][b], va, vb[b]);
    }
  }
}

// sum + the sums of each 8 of n uint8 values, in 64-bit lanes (vpsadbw).
static XQNN_INLINE __m512i xqnn_avx512_add_u8_sums(__m512i sum, const uint8_t* p, size_t n) {
  const __m512i zero = _mm512_setzero_si512();
  for (; n >= 64; n -= 64, p += 64) sum = _mm512_add_epi64(sum, _mm512_sad_epu8(_mm512_loadu_si512(p), zero));
  if (n != 0) {
    const __m512i tail = _mm512_maskz_loadu_epi8(_cvtu64_mask64((UINT64_C(1) << n) - 1), p);
    sum = _mm512_add_epi64(sum, _mm512_sad_epu8(tail, zero));
  }
  return sum;
}

// QU8: -kernel_zero_point * (the sum of each row's kc inputs over every tap),
// wrapping, which the rows' accumulators start from (the packed header holds
// the rest: packing.h, input_offset -128). Computed once per call, reduced
// once per row.
static XQNN_INLINE void xqnn_avx512vnni_qu8_row_terms(
    const size_t MR, const bool indirect, struct xqnn_x86_gemm_tile* t, size_t kc, size_t ks,
    const void** a_indirect, size_t a_offset, const void* zero, int32_t* row_terms) {
  uint64_t sum[XQNN_MAX_MR];
  const void** rows = a_indirect;
  if (kc <= 16) {
    // Short rows (a first layer's few channels per tap, igemm): branch-free
    // steps whose sums stay in registers.
    const __mmask16 mask = _cvtu32_mask16((uint32_t) ((UINT64_C(1) << kc) - 1));
    __m128i vsum[XQNN_MAX_MR];
    for (size_t i = 0; i < MR; i++) vsum[i] = _mm_setzero_si128();
    for (size_t tap = 0; tap < ks; tap++) {
      if (indirect) rows = xqnn_x86_gemm_tile_next_tap(t, MR, rows, a_offset, zero);
      for (size_t i = 0; i < MR; i++) {
        vsum[i] = _mm_add_epi64(vsum[i], _mm_sad_epu8(_mm_maskz_loadu_epi8(mask, t->a_row[i]), _mm_setzero_si128()));
      }
    }
    for (size_t i = 0; i < MR; i++) {
      sum[i] = (uint64_t) _mm_cvtsi128_si64(_mm_add_epi64(vsum[i], _mm_unpackhi_epi64(vsum[i], vsum[i])));
    }
  } else {
    __m512i vsum[XQNN_MAX_MR];
    for (size_t i = 0; i < MR; i++) vsum[i] = _mm512_setzero_si512();
    for (size_t tap = 0; tap < ks; tap++) {
      if (indirect) rows = xqnn_x86_gemm_tile_next_tap(t, MR, rows, a_offset, zero);
      for (size_t i = 0; i < MR; i++) vsum[i] = xqnn_avx512_add_u8_sums(vsum[i], t->a_row[i], kc);
    }
    for (size_t i = 0; i < MR; i++) sum[i] = (uint64_t) _mm512_reduce_add_epi64(vsum[i]);
  }
  for (size_t i = 0; i < MR; i++) {
    row_terms[i] = (int32_t) (0u - (uint32_t) t->kernel_zero_point * (uint32_t) sum[i]);
  }
}

// One block of NR = 16 NB columns, of which the first NB_USED * 16 are
// computed (NB_USED < NB for a last block of at most 16 real columns): the
// rows' sums over every tap, requantized and stored; returns the next block.
static XQNN_INLINE const uint8_t* xqnn_avx512vnni_gemm_block(
    const size_t MR, const size_t NB, const size_t NB_USED, const enum xqnn_x86_gemm_type type,
    const bool indirect, struct xqnn_x86_gemm_tile* t, size_t n, size_t kc_padded, size_t ks,
    const void** a_indirect, size_t a_offset, const void* zero, const int32_t* qu8_row_terms, const uint8_t* wp) {
  enum { KR = 4, MAX_S = 4 };
  const size_t NR = 16 * NB;
  // With few rows and one column vector, one accumulator per row would wait
  // on vpdpbusd's latency every step: S independent partial sums per row
  // (added up at the end; int32 addition wraps, so the order does not change
  // the bits).
  const size_t S = NB_USED * MR == 1 ? 4 : NB_USED * MR <= 3 ? 2 : 1;
  __m512i acc[MAX_S][XQNN_MAX_MR][XQNN_AVX512VNNI_MAX_NB];
  for (size_t b = 0; b < NB_USED; b++) {
    const __m512i vheader = _mm512_loadu_si512(wp + b * 64);
    for (size_t i = 0; i < MR; i++) {
      acc[0][i][b] = xqnn_x86_gemm_is_qu8(type) ? _mm512_add_epi32(vheader, _mm512_set1_epi32(qu8_row_terms[i]))
                                                 : xqnn_avx512_gemm_init_acc(type, t, i, vheader);
      for (size_t s = 1; s < S; s++) acc[s][i][b] = _mm512_setzero_si512();
    }
  }
  wp += NR * sizeof(int32_t);

  const void** rows = a_indirect;
  size_t tap = ks;
  do {
    if (indirect) rows = xqnn_x86_gemm_tile_next_tap(t, MR, rows, a_offset, zero);
    size_t k = 0;
    for (; S > 1 && k + S * KR <= kc_padded; k += S * KR) {
      for (size_t s = 0; s < S; s++) xqnn_avx512vnni_gemm_k_step(MR, NB_USED, type, acc[s], t, k + s * KR, wp + s * NR * KR);
      wp += S * NR * KR;
    }
    for (; k < kc_padded; k += KR) {
      xqnn_avx512vnni_gemm_k_step(MR, NB_USED, type, acc[0], t, k, wp);
      wp += NR * KR;
    }
  } while (--tap != 0);
  for (size_t s = 1; s < S; s++) {
    for (size_t i = 0; i < MR; i++) {
      for (size_t b = 0; b < NB_USED; b++) acc[0][i][b] = _mm512_add_epi32(acc[0][i][b], acc[s][i][b]);
    }
  }

  if (NB_USED == 2 && xqnn_simd_gemm_store_block_q8x2(MR, type, t, acc[0], wp, NR, n)) {
    return wp + xqnn_simd_gemm_trailer_size(type, NR);
  }
  const size_t out_size = xqnn_x86_gemm_output_size(type);
#pragma GCC unroll 2
  for (size_t b = 0; b < NB_USED; b++) {
    struct xqnn_simd_gemm_trailer trailer;
    xqnn_simd_gemm_load_trailer_block(type, t, wp, NR, b, &trailer);
    const size_t nb = n - 16 * b < 16 ? n - 16 * b : 16;
    const bool tflite_plain = xqnn_simd_gemm_tflite_is_plain(type, t, &trailer);
#pragma GCC unroll 8
    for (size_t i = MR; i-- > 0;) {
      xqnn_simd_gemm_store(type, t, i, t->c_row[i] + b * 16 * out_size, acc[0][i][b], &trailer, nb, tflite_plain);
    }
  }
  return wp + xqnn_simd_gemm_trailer_size(type, NR);
}

// NR = 16 or 32 output columns per block.
static XQNN_INLINE void xqnn_avx512vnni_gemm_body(
    const size_t MR, const size_t NR, const enum xqnn_x86_gemm_type type, const bool indirect, size_t mr,
    size_t nc, size_t kc, size_t ks, const void* a, size_t a_stride, const void** a_indirect,
    size_t a_offset, const void* zero, const void* w, void* c, size_t cm_stride,
    size_t cn_stride, const void* params,
    const struct xqnn_quantization_params* quantization_params) {
  const size_t NB = NR / 16;
  assert(NR % 16 == 0 && NB <= XQNN_AVX512VNNI_MAX_NB);
  assert(nc != 0);
  assert(kc != 0);
  assert(ks != 0);
  struct xqnn_x86_gemm_tile t;
  xqnn_x86_gemm_tile_init(&t, MR, type, indirect, /*input_offset=*/128, mr, a, a_stride, c,
                          cm_stride, params, quantization_params);
  int32_t qu8_row_terms[XQNN_MAX_MR];
  if (xqnn_x86_gemm_is_qu8(type)) {
    xqnn_avx512vnni_qu8_row_terms(MR, indirect, &t, kc, ks, a_indirect, a_offset, zero, qu8_row_terms);
  }
  const size_t kc_padded = xqnn_round_up_po2(kc, 4);
  const uint8_t* wp = w;
  do {
    const size_t n = nc < NR ? nc : NR;
    // A last block of at most 16 real columns computes only its first vector.
    if (NB == 2 && n <= 16) {
      wp = xqnn_avx512vnni_gemm_block(MR, NB, 1, type, indirect, &t, n, kc_padded, ks, a_indirect, a_offset, zero,
                                      qu8_row_terms, wp);
    } else {
      wp = xqnn_avx512vnni_gemm_block(MR, NB, NB, type, indirect, &t, n, kc_padded, ks, a_indirect, a_offset, zero,
                                      qu8_row_terms, wp);
    }
    for (size_t i = 0; i < MR; i++) t.c_row[i] += cn_stride;
    nc -= n;
  } while (nc != 0);
}

#define XQNN_AVX512_GEMM_KERNEL(fn, isa, type, MR, NR)                                          \
  XQNN_GEMM_UKERNEL_SIGNATURE(fn) {                                                            \
    xqnn_##isa##_gemm_body(MR, NR, type, /*indirect=*/false, mr, nc, kc, /*ks=*/1, a, a_stride, \
                           NULL, 0, NULL, w, c, cm_stride, cn_stride, params,                  \
                           quantization_params);                                               \
  }

#define XQNN_AVX512_IGEMM_KERNEL(fn, isa, type, MR, NR)                                         \
  XQNN_IGEMM_UKERNEL_SIGNATURE(fn) {                                                           \
    xqnn_##isa##_gemm_body(MR, NR, type, /*indirect=*/true, mr, nc, kc, ks, NULL, 0, a,        \
                           a_offset, zero, w, c, cm_stride, cn_stride, params,                 \
                           quantization_params);                                               \
  }

