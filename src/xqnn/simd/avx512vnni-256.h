// The vector vocabulary on AVX512-VNNI at 256 bits: AVX2's 8 lanes, plus
// int8 tap quads (README.md, "Tap quads") summed by 256-bit vpdpbusd
// (AVX512VL) and stored with a masked tail (AVX512BW). Its kernels are the
// 32-channel 9-tap dwconv ones of QS8-QC8W: quads take 4 vectors of lanes
// per channel group, 64 channels at 512 bits, twice the lanes MobileNet v2's
// 32-, 96- and 144-channel layers can fill.
#pragma once

#include "xqnn/simd/avx2.h"
#include "xqnn/simd/avx512vnni-accumulate.h"

#define XQNN_SIMD_HAS_DOT_QUADS 1

// As in avx512vnni.h, on 32 channels: lane i of acc[k] is channel
// 16 * (i / 4) + 4 * k + i % 4 (the interleaves work within 128-bit lanes).
static XQNN_INLINE void xqnn_simd_dot_quad_s8(xqnn_simd_i32 acc[4], const uint8_t* const x[4], const int8_t* w) {
  const __m256i flip = _mm256_set1_epi8((char) 0x80);
  const __m256i t0 = _mm256_xor_si256(_mm256_loadu_si256((const __m256i*) x[0]), flip);
  const __m256i t1 = _mm256_xor_si256(_mm256_loadu_si256((const __m256i*) x[1]), flip);
  const __m256i t2 = _mm256_xor_si256(_mm256_loadu_si256((const __m256i*) x[2]), flip);
  const __m256i t3 = _mm256_xor_si256(_mm256_loadu_si256((const __m256i*) x[3]), flip);
  const __m256i lo01 = _mm256_unpacklo_epi8(t0, t1), hi01 = _mm256_unpackhi_epi8(t0, t1);
  const __m256i lo23 = _mm256_unpacklo_epi8(t2, t3), hi23 = _mm256_unpackhi_epi8(t2, t3);
  acc[0] = xqnn_avx512vnni_dpbusd_256(acc[0], _mm256_unpacklo_epi16(lo01, lo23), _mm256_loadu_si256((const __m256i*) w));
  acc[1] = xqnn_avx512vnni_dpbusd_256(acc[1], _mm256_unpackhi_epi16(lo01, lo23), _mm256_loadu_si256((const __m256i*) (w + 32)));
  acc[2] = xqnn_avx512vnni_dpbusd_256(acc[2], _mm256_unpacklo_epi16(hi01, hi23), _mm256_loadu_si256((const __m256i*) (w + 64)));
  acc[3] = xqnn_avx512vnni_dpbusd_256(acc[3], _mm256_unpackhi_epi16(hi01, hi23), _mm256_loadu_si256((const __m256i*) (w + 96)));
}

// One tap alone in its quad, as in avx512vnni.h.
static XQNN_INLINE void xqnn_simd_dot_single_s8(xqnn_simd_i32 acc[4], const uint8_t* x, const int8_t* w) {
  const __m256i t = _mm256_xor_si256(_mm256_loadu_si256((const __m256i*) x), _mm256_set1_epi8((char) 0x80));
  for (int k = 0; k < 4; k++) {
    const int32_t b = (int32_t) (UINT32_C(0x80808000) | (uint32_t) (4 * k));  // 0x80: a zero byte
    const __m256i index = _mm256_broadcastsi128_si256(_mm_setr_epi32(b, b + 1, b + 2, b + 3));
    acc[k] = xqnn_avx512vnni_dpbusd_256(acc[k], _mm256_shuffle_epi8(t, index), _mm256_loadu_si256((const __m256i*) (w + 32 * k)));
  }
}

// The first n (<= 32) channels of quad-ordered q[0..3], as in avx512vnni.h.
static XQNN_INLINE void xqnn_simd_store_s8x4_quad_order(uint8_t* p, const xqnn_simd_i32 q[4], int16_t zero_point,
                                                        int8_t output_min, size_t n) {
  const __m256i vzero_point = _mm256_set1_epi16(zero_point);
  const __m256i h01 = _mm256_adds_epi16(_mm256_packs_epi32(q[0], q[1]), vzero_point);
  const __m256i h23 = _mm256_adds_epi16(_mm256_packs_epi32(q[2], q[3]), vzero_point);
  const __m256i bytes = _mm256_max_epi8(_mm256_packs_epi16(h01, h23), _mm256_set1_epi8(output_min));
  if (n >= 32) {
    _mm256_storeu_si256((__m256i*) p, bytes);
  } else {
    _mm256_mask_storeu_epi8(p, _cvtu32_mask32((UINT32_C(1) << n) - 1), bytes);
  }
}
