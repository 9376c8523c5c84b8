// One generic AVX2 body for the MRx(8 NB) gemm and igemm micro-kernels
// that keep 8 whole columns per accumulator (no horizontal reduction at the
// end), stamped per tile by XQNN_AVX2_MADD_GEMM_KERNEL /
// XQNN_AVX2_MADD_IGEMM_KERNEL in three forms. Numerics: gemm-x86-common.h.
//
// int16 weights, c2 (-w16 kernels, every type; weights packed as int16 at
// create, QU8 less its zero point: xqnn_gemm_packing.int16_weights): a row's
// pair of inputs widened to int16 and broadcast (shared by the NB blocks),
// the 2 weights of each of 8 columns loaded as they are, one vpmaddwd
// (exact: 2 * 255 * 255 < 2^31) + vpaddd per 16 products, no other op in
// the loop. The bytes read per product double, so fully-connected operators
// (a matrix-vector product at batch 1) take the byte forms below
// (src/configs/gemm-config.c). On Zen 4: +5..20% over the c4 form below
// (gemm-bench), whose vpsignb bounds its loop there.
//
// int8 weights, c4 (-madd kernels): weights in [-127, 127] only (weights 0
// in the .inc lists: create picks these kernels when no weight is -128).
// vpmaddubsw multiplies unsigned by signed bytes and adds pairs in int16
// with saturation; with |a| (as uint8, 128 for -128) and w * sign(a)
// (vpsignb; exact because -w never overflows for w > -128), a pair is at
// most 128 * 127 * 2 = 32512 and never saturates. vpmaddwd by 1 widens the
// pair sums to int32. Per 32 products: vpsignb, vpmaddubsw, vpmaddwd, vpaddd.
//
// QU8 byte weights, c2: uint8 weights less their zero point span [-255, 255],
// beyond vpmaddubsw's int8 operand, so both sides go to int16 in the loop:
// the 2 weights of each of 8 columns zero-extended less the kernel zero
// point (shared by the MR rows), then as the int16 form. K padding holds the
// kernel zero point (weight 0).
//
// gemm (not igemm) calls first copy their MR rows of A in the form the loop
// multiplies (c4: |a|; c2: a as int16), when they fit the copy: each row
// then serves every column block of the call without its per-step vpabsb
// (4 of 36 ops per 256 products) or widening (4 of 24 per 128): gemm-bench
// +9..15% each.
//
// Packed weights (kr = 4 or 2, sr = 1), per block of NR = 8 NB output channels:
//   int32 header[NR]; int8/uint8/int16 w[ks][kc / kr][NR][kr]; trailer (gemm-simd-epilogue.h).
// Registers (MR = 5, NB = 2): 10 accumulators + 2 W + 1-2 for A (+ 1 constant for c4).
#pragma once

#include <immintrin.h>

#include "xqnn/gemm-avx2-template.h"

enum {
  XQNN_AVX2_MADD_MAX_NB = 2,
  // The per-call copy of A's rows (20 KB of stack): QS8 rows of up to 4096
  // bytes, QU8 rows of up to 2048; longer rows are converted in the loop.
  XQNN_AVX2_MADD_COPY_MAX_MR = 5,
  XQNN_AVX2_MADD_COPY_ROW_BYTES = 4096,
};

// Whether a call's rows fit the copy (c2 rows are widened 8 bytes at a time).
static XQNN_INLINE bool xqnn_avx2_madd_rows_fit_copy(const size_t MR, bool widen, size_t kc_padded) {
  const size_t bytes = widen ? 2 * xqnn_round_up_po2(kc_padded, 8) : kc_padded;
  return MR <= XQNN_AVX2_MADD_COPY_MAX_MR && bytes <= XQNN_AVX2_MADD_COPY_ROW_BYTES;
}

// copy[i] = row i as the loop multiplies it: |a| as uint8 (|-128| = 128), or
// for the c2 kernels a widened to int16 (QU8 zero-, QS8 sign-extended).
static XQNN_INLINE void xqnn_avx2_madd_copy_rows(const size_t MR, const bool widen, const bool qu8,
                                                 const struct xqnn_x86_gemm_tile* t, size_t kc_padded,
                                                 uint8_t copy[][XQNN_AVX2_MADD_COPY_ROW_BYTES]) {
  for (size_t i = 0; i < MR; i++) {
    const uint8_t* row = t->a_row[i];
    if (widen) {
      for (size_t k = 0; k < kc_padded; k += 8) {
        const __m128i v = _mm_loadl_epi64((const __m128i*) (row + k));
        _mm_storeu_si128((__m128i*) &copy[i][2 * k], qu8 ? _mm_cvtepu8_epi16(v) : _mm_cvtepi8_epi16(v));
      }
      continue;
    }
    size_t k = 0;
    for (; k + 32 <= kc_padded; k += 32) {
      _mm256_storeu_si256((__m256i*) &copy[i][k], _mm256_abs_epi8(_mm256_loadu_si256((const __m256i*) (row + k))));
    }
    for (; k < kc_padded; k += 4) {
      const int32_t v = _mm_cvtsi128_si32(_mm_abs_epi8(_mm_cvtsi32_si128(xqnn_load_s32_unaligned(row + k))));
      memcpy(&copy[i][k], &v, sizeof(v));
    }
  }
}

// acc[i][j] += the 4 bytes of row i at k times block j's 8 columns x 4 k at
// wp; |a| from the copy when `copied`.
static XQNN_INLINE void xqnn_avx2_madd_gemm_k_step(const size_t MR, const size_t NB,
                                                   __m256i acc[][XQNN_AVX2_MADD_MAX_NB],
                                                   const struct xqnn_x86_gemm_tile* t, size_t k,
                                                   const uint8_t* wp, const bool copied,
                                                   const uint8_t (*copy)[XQNN_AVX2_MADD_COPY_ROW_BYTES]) {
  const __m256i vones = _mm256_set1_epi16(1);
  __m256i vb[XQNN_AVX2_MADD_MAX_NB];
  for (size_t j = 0; j < NB; j++) vb[j] = _mm256_loadu_si256((const __m256i*) (wp + 32 * j));
  for (size_t i = 0; i < MR; i++) {
    const __m256i va = _mm256_set1_epi32(xqnn_load_s32_unaligned(t->a_row[i] + k));
    const __m256i vabs = copied ? _mm256_set1_epi32(xqnn_load_s32_unaligned(&copy[i][k])) : _mm256_abs_epi8(va);
    for (size_t j = 0; j < NB; j++) {
      const __m256i vpairs = _mm256_maddubs_epi16(vabs, _mm256_sign_epi8(vb[j], va));
      acc[i][j] = _mm256_add_epi32(acc[i][j], _mm256_madd_epi16(vpairs, vones));
    }
  }
}

// c2: acc[i][j] += row i's 2 elements at k times block j's 8 columns x 2 k
// at wp (int16, or QU8 bytes less the kernel zero point); the pair widened
// from the copy when `copied`.
static XQNN_INLINE void xqnn_avx2_c2_gemm_k_step(const size_t MR, const size_t NB,
                                                 __m256i acc[][XQNN_AVX2_MADD_MAX_NB],
                                                 const struct xqnn_x86_gemm_tile* t, size_t k,
                                                 const uint8_t* wp, const bool qu8, const bool int16_weights,
                                                 __m256i vkernel_zero_point, const bool copied,
                                                 const uint8_t (*copy)[XQNN_AVX2_MADD_COPY_ROW_BYTES]) {
  __m256i vb[XQNN_AVX2_MADD_MAX_NB];
  for (size_t j = 0; j < NB; j++) {
    vb[j] = int16_weights ? _mm256_loadu_si256((const __m256i*) (wp + 32 * j))
                          : _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i*) (wp + 16 * j))),
                                             vkernel_zero_point);
  }
  for (size_t i = 0; i < MR; i++) {
    __m256i va;
    if (copied) {
      va = _mm256_set1_epi32(xqnn_load_s32_unaligned(&copy[i][2 * k]));
    } else {
      uint16_t pair;
      memcpy(&pair, t->a_row[i] + k, sizeof(pair));
      const __m128i vpair = _mm_set1_epi16((int16_t) pair);
      va = qu8 ? _mm256_cvtepu8_epi16(vpair) : _mm256_cvtepi8_epi16(vpair);
    }
    for (size_t j = 0; j < NB; j++) acc[i][j] = _mm256_add_epi32(acc[i][j], _mm256_madd_epi16(va, vb[j]));
  }
}

// The first n outputs of a block, one 8-column vector at a time (NB of the
// NR columns of a packed block computed).
static XQNN_INLINE void xqnn_avx2_madd_store_block(const size_t MR, const size_t NB, const size_t NR,
                                                   const enum xqnn_x86_gemm_type type,
                                                   const struct xqnn_x86_gemm_tile* t,
                                                   __m256i acc[][XQNN_AVX2_MADD_MAX_NB], const uint8_t* trailers,
                                                   size_t n) {
  enum { LANES = 8 };
  const size_t output_size = xqnn_x86_gemm_output_size(type);
  // The test inside the loop keeps its trip count constant: GCC unrolls it
  // and the accumulators stay in registers (never addressed by a variable j).
#pragma GCC unroll 2
  for (size_t j = 0; j < NB; j++) {
    if (j * LANES >= n) continue;
    struct xqnn_simd_gemm_trailer trailer;
    xqnn_simd_gemm_load_trailer_block(type, t, trailers, NR, j, &trailer);
    const size_t nj = n - j * LANES < LANES ? n - j * LANES : LANES;
    const bool tflite_plain = xqnn_simd_gemm_tflite_is_plain(type, t, &trailer);
#pragma GCC unroll 8
    for (size_t i = MR; i-- > 0;) {
      xqnn_simd_gemm_store(type, t, i, t->c_row[i] + j * LANES * output_size, acc[i][j], &trailer, nj, tflite_plain);
    }
  }
}

// What every block of a call shares.
struct xqnn_avx2_madd_call {
  enum xqnn_x86_gemm_type type;
  bool qu8, c2, int16_weights, indirect, copied;
  size_t kc_padded, ks, a_offset;
  const void** a_indirect;
  const void* zero;
  __m256i vkernel_zero_point;
  const uint8_t (*rows_copy)[XQNN_AVX2_MADD_COPY_ROW_BYTES];
};

// The n outputs of each row of one packed block of NR = 8 NB columns, of
// which the first NB_USED vectors are computed (NB_USED = 1 for a last block of at
// most 8 columns: a tile of 24 columns then computes 24, not 32); returns
// the next block.
static XQNN_INLINE const uint8_t* xqnn_avx2_madd_gemm_block(const size_t MR, const size_t NB, const size_t NB_USED,
                                                            const struct xqnn_avx2_madd_call* call,
                                                            struct xqnn_x86_gemm_tile* t, const uint8_t* wp,
                                                            size_t n) {
  enum { LANES = 8 };
  const size_t NR = LANES * NB;
  const size_t KR = call->c2 ? 2 : 4;
  const size_t w_step = NR * KR * (call->int16_weights ? 2 : 1);
  __m256i acc[XQNN_MAX_MR][XQNN_AVX2_MADD_MAX_NB];
  for (size_t j = 0; j < NB_USED; j++) {
    const __m256i vheader = _mm256_loadu_si256((const __m256i*) (wp + 32 * j));
    for (size_t i = 0; i < MR; i++) acc[i][j] = xqnn_avx2_gemm_init_acc(call->type, t, i, vheader);
  }
  wp += NR * sizeof(int32_t);

  const void** rows = call->a_indirect;
  size_t tap = call->ks;
  do {
    if (call->indirect) rows = xqnn_x86_gemm_tile_next_tap(t, MR, rows, call->a_offset, call->zero);
    // Two loops, so that each is compiled for its case.
    if (call->copied) {
      for (size_t k = 0; k < call->kc_padded; k += KR, wp += w_step) {
        if (call->c2) {
          xqnn_avx2_c2_gemm_k_step(MR, NB_USED, acc, t, k, wp, call->qu8, call->int16_weights, call->vkernel_zero_point,
                                   true, call->rows_copy);
        } else {
          xqnn_avx2_madd_gemm_k_step(MR, NB_USED, acc, t, k, wp, true, call->rows_copy);
        }
      }
    } else {
      for (size_t k = 0; k < call->kc_padded; k += KR, wp += w_step) {
        if (call->c2) {
          xqnn_avx2_c2_gemm_k_step(MR, NB_USED, acc, t, k, wp, call->qu8, call->int16_weights, call->vkernel_zero_point,
                                   false, NULL);
        } else {
          xqnn_avx2_madd_gemm_k_step(MR, NB_USED, acc, t, k, wp, false, NULL);
        }
      }
    }
  } while (--tap != 0);

  if (!(NB_USED == 2 && n == NR && xqnn_simd_gemm_store_block_q8x2(MR, call->type, t, acc, wp, NR, n))) {
    xqnn_avx2_madd_store_block(MR, NB_USED, NR, call->type, t, acc, wp, n);
  }
  return wp + xqnn_simd_gemm_trailer_size(call->type, NR);
}

static XQNN_INLINE void xqnn_avx2_madd_gemm_body(
    const size_t MR, const size_t NB, const enum xqnn_x86_gemm_type type, const bool int16_weights, const bool indirect,
    size_t mr, size_t nc, size_t kc, size_t ks, const void* a, size_t a_stride,
    const void** a_indirect, size_t a_offset, const void* zero, const void* w, void* c,
    size_t cm_stride, size_t cn_stride, const void* params,
    const struct xqnn_quantization_params* quantization_params) {
  enum { LANES = 8 };
  const bool qu8 = xqnn_x86_gemm_is_qu8(type);
  const bool c2 = qu8 || int16_weights;  // A as int16 pairs
  const size_t NR = LANES * NB;
  assert(NB <= XQNN_AVX2_MADD_MAX_NB);
  assert(nc != 0);
  assert(kc != 0);
  assert(ks != 0);
  struct xqnn_x86_gemm_tile t;
  xqnn_x86_gemm_tile_init(&t, MR, type, indirect, /*input_offset=*/0, mr, a, a_stride, c,
                          cm_stride, params, quantization_params);
  const size_t kc_padded = xqnn_round_up_po2(kc, c2 ? 2 : 4);

  uint8_t copy[XQNN_AVX2_MADD_COPY_MAX_MR][XQNN_AVX2_MADD_COPY_ROW_BYTES];
  const bool copied = !indirect && xqnn_avx2_madd_rows_fit_copy(MR, c2, kc_padded);
  if (copied) xqnn_avx2_madd_copy_rows(MR, c2, qu8, &t, kc_padded, copy);
  const struct xqnn_avx2_madd_call call = {
      .type = type, .qu8 = qu8, .c2 = c2, .int16_weights = int16_weights, .indirect = indirect,
      .copied = copied, .kc_padded = kc_padded, .ks = ks, .a_offset = a_offset, .a_indirect = a_indirect,
      .zero = zero,
      .vkernel_zero_point = _mm256_set1_epi16(qu8 && !int16_weights ? (int16_t) t.kernel_zero_point : 0),
      .rows_copy = (const uint8_t (*)[XQNN_AVX2_MADD_COPY_ROW_BYTES]) copy,
  };

  const uint8_t* wp = w;
  do {
    const size_t n = nc < NR ? nc : NR;
    wp = NB > 1 && n <= LANES ? xqnn_avx2_madd_gemm_block(MR, NB, 1, &call, &t, wp, n)
                              : xqnn_avx2_madd_gemm_block(MR, NB, NB, &call, &t, wp, n);
    for (size_t i = 0; i < MR; i++) t.c_row[i] += cn_stride;
    nc -= n;
  } while (nc != 0);
}

#define XQNN_AVX2_MADD_GEMM_KERNEL(fn, type, MR, NB, int16_weights)                                         \
  XQNN_GEMM_UKERNEL_SIGNATURE(fn) {                                                                        \
    xqnn_avx2_madd_gemm_body(MR, NB, type, int16_weights, /*indirect=*/false, mr, nc, kc, /*ks=*/1, a,      \
                             a_stride, NULL, 0, NULL, w, c, cm_stride, cn_stride, params,                  \
                             quantization_params);                                                         \
  }

#define XQNN_AVX2_MADD_IGEMM_KERNEL(fn, type, MR, NB, int16_weights)                                        \
  XQNN_IGEMM_UKERNEL_SIGNATURE(fn) {                                                                       \
    xqnn_avx2_madd_gemm_body(MR, NB, type, int16_weights, /*indirect=*/true, mr, nc, kc, ks, NULL, 0, a,    \
                             a_offset, zero, w, c, cm_stride, cn_stride, params,                           \
                             quantization_params);                                                         \
  }
