// The edge cases every gemm / igemm micro-kernel is tested on: m < mr, n % nr,
// k around the packing, strides, ks, zero points at their extremes, min/max;
// kernels declared full_range also on weights of -128 (all of A and W at -128).
#pragma once

#include <cmath>

#include "gemm-microkernel-tester.h"

inline void TestGemmEdgeCases(const GemmMicrokernelTester& base, GemmType type,
                              xqnn_gemm_ukernel_fn gemm, xqnn_igemm_ukernel_fn igemm) {
  const size_t mr = base.mr();
  const size_t nr = base.nr();
  const bool qu8 = type == GemmType::kQU8;
  const int32_t qmin = qu8 ? 0 : -128;
  const int32_t qmax = qu8 ? 255 : 127;
  const int32_t zp_lo = qu8 ? 0 : -128;
  const int32_t zp_hi = qu8 ? 255 : 127;
  auto run = [&](GemmMicrokernelTester t) {
    if (gemm != nullptr) t.Test(gemm, type); else t.Test(igemm, type);
  };
  const size_t ks_values[] = {1, 3};
  uint32_t seed = 1;
  for (size_t ks : ks_values) {
    if (gemm != nullptr && ks != 1) continue;
    for (size_t k = 1; k <= 20; k += (k < 10 ? 1 : 3)) {
      for (size_t m = 1; m <= mr; m++) {
        for (size_t n = 1; n <= 2 * nr + 1; n++) {
          run(GemmMicrokernelTester(base).m(m).n(n).k(k).ks(ks).qmin(qmin).qmax(qmax)
                  .a_zero_point(qu8 ? 128 : 1).b_zero_point(qu8 ? 127 : 0).c_zero_point(qu8 ? 130 : -3)
                  .seed(seed++));
        }
      }
    }
    // Strided A and C, cn_stride larger than nr.
    run(GemmMicrokernelTester(base).m(mr).n(3 * nr).k(13).ks(ks).a_stride(37).cm_stride(5 * nr + 3)
            .cn_stride(nr + 5).qmin(qmin).qmax(qmax).seed(seed++));
    // Zero points at their extremes, all combinations.
    for (int32_t a_zp : {zp_lo, zp_hi}) {
      for (int32_t b_zp : {qu8 ? 0 : 0, qu8 ? 255 : 0}) {
        for (int32_t c_zp : {zp_lo, zp_hi}) {
          run(GemmMicrokernelTester(base).m(mr).n(nr + 1).k(17).ks(ks).a_zero_point(a_zp)
                  .b_zero_point(b_zp).c_zero_point(c_zp).qmin(qmin).qmax(qmax).seed(seed++));
        }
      }
    }
    // Output clamping: ReLU6-like, 4-bit emulation, a single value.
    const int32_t ranges[][2] = {{qu8 ? 0 : -128, qu8 ? 6 : -122}, {qu8 ? 120 : -8, qu8 ? 135 : 7}, {qu8 ? 77 : 5, qu8 ? 77 : 5}};
    for (const auto& r : ranges) {
      run(GemmMicrokernelTester(base).m(mr).n(2 * nr).k(9).ks(ks).qmin(r[0]).qmax(r[1])
              .c_zero_point(qu8 ? 100 : -5).seed(seed++));
    }
    // Large k (accumulator range), with a kernel zero point for QU8.
    run(GemmMicrokernelTester(base).m(mr).n(nr).k(1000).ks(ks).b_zero_point(qu8 ? 131 : 0).qmin(qmin).qmax(qmax)
            .seed(seed++));
    // Rows at and past the lengths up to which the AVX2 madd / QU8 c2 gemm
    // kernels multiply a per-call copy of A (QU8 2048 bytes, else 4096;
    // longer rows are converted in the loop).
    for (size_t k : {2048, 2049, 4096, 4099}) {
      run(GemmMicrokernelTester(base).m(mr).n(nr + 1).k(k).ks(ks).a_zero_point(qu8 ? 90 : -7)
              .b_zero_point(qu8 ? 140 : 0).qmin(qmin).qmax(qmax).seed(seed++));
    }
    // Rows longer than 64 bytes with both zero points set (QU8 VNNI kernels sum
    // each row's inputs 64 bytes at a time, the tail masked).
    for (size_t k : {63, 64, 65, 131}) {
      run(GemmMicrokernelTester(base).m(mr).n(nr + 1).k(k).ks(ks).a_zero_point(qu8 ? 200 : -100)
              .b_zero_point(qu8 ? 250 : 0).qmin(qmin).qmax(qmax).seed(seed++));
    }
    // Scales at both ends of the accepted range [2^-32, 256).
    run(GemmMicrokernelTester(base).m(mr).n(nr + 1).k(1000).ks(ks).scale_log2(-32.0f, -28.0f)
            .qmin(qmin).qmax(qmax).seed(seed++));
    // ... with the output zero point at its extremes (TFLite: right shifts up
    // to 31 with y + zp on the usual path).
    for (int32_t c_zp : {zp_lo, zp_hi}) {
      run(GemmMicrokernelTester(base).m(mr).n(2 * nr).k(1000).ks(ks).scale_log2(-32.0f, -20.0f)
              .c_zero_point(c_zp).qmin(qmin).qmax(qmax).seed(seed++));
    }
    // Accumulators near the int32 limits (biases up to 2^31 - 2^24, k small)
    // with right shifts s of 22 .. 25 (multipliers in [2^-s-1, 2^-s): TFLite's
    // 64-bit products near 2^62, outputs around the clamps), the output zero
    // point at its extremes.
    for (int32_t c_zp : {zp_lo, zp_hi}) {
      for (float scale_log2_hi : {-22.0f, -23.0f, -24.0f, -25.0f}) {
        run(GemmMicrokernelTester(base).m(mr).n(2 * nr).k(16).ks(ks).bias_limit(INT32_MAX - (INT32_C(1) << 24))
                .scale_log2(scale_log2_hi - 1.0f, scale_log2_hi).c_zero_point(c_zp).qmin(qmin).qmax(qmax)
                .seed(seed++));
      }
    }
    run(GemmMicrokernelTester(base).m(mr).n(nr + 1).k(3).ks(ks).scale_log2(-1.0f, 7.99f)
            .qmin(qmin).qmax(qmax).seed(seed++));
    // Accumulators near the int32 limits times scales up to 2^8: scaled sums
    // far beyond int32 either way (x86's two-vector stores convert them to
    // INT32_MIN, which must still end at the clamps).
    run(GemmMicrokernelTester(base).m(mr).n(2 * nr + 1).k(16).ks(ks).bias_limit(INT32_MAX - (INT32_C(1) << 24))
            .scale_log2(0.0f, 7.99f).c_zero_point(zp_lo + 1).qmin(qmin).qmax(qmax).seed(seed++));
    // Scales in [0.5, 2) on small accumulators (|acc| <= 32 ks + 20), so that
    // most outputs stay off the clamps: TFLite's right shift of 0 and left
    // shift of 1, mixed within a block.
    run(GemmMicrokernelTester(base).m(mr).n(2 * nr + 1).k(8).ks(ks).value_limit(2).bias_limit(20)
            .c_zero_point((zp_lo + zp_hi) / 2).scale_log2(-1.0f, 1.0f).qmin(qmin).qmax(qmax).seed(seed++));
  }
  if (base.full_range()) {
    // Weights of -128 (full_range kernels): every A and W byte at the minimum
    // (int8: every product 2^14; outputs kept off the clamps by the scale),
    // then random mixes of the two extremes.
    for (size_t ks : ks_values) {
      if (gemm != nullptr && ks != 1) continue;
      for (size_t k : {1, 8, 16, 17, 64, 1000}) {
        const float log2_acc = 14.0f + std::log2((float) (k * ks));
        run(GemmMicrokernelTester(base).m(mr).n(2 * nr + 1).k(k).ks(ks).all_min(true)
                .a_zero_point(0).c_zero_point(0).scale_log2(5.5f - log2_acc, 6.5f - log2_acc)
                .qmin(qmin).qmax(qmax).seed(seed++));
      }
      for (size_t k : {16, 24, 1000}) {
        run(GemmMicrokernelTester(base).m(mr).n(nr + 1).k(k).ks(ks).extremes(true)
                .a_zero_point(qu8 ? 128 : 0).scale_log2(-16.0f, -12.0f).qmin(qmin).qmax(qmax).seed(seed++));
      }
    }
    if (igemm != nullptr) {
      // Padding rows at the minimum too (the zero buffer holds the zero point).
      run(GemmMicrokernelTester(base).m(mr).n(nr + 3).k(16).ks(3).a_offset(67).zero_index(1).all_min(true)
              .a_zero_point(zp_lo).scale_log2(-12.0f, -8.0f).qmin(qmin).qmax(qmax).seed(seed++));
    }
  }
  if (igemm != nullptr) {
    // Padding rows (the zero buffer) and an input offset.
    for (size_t zero_index = 0; zero_index < 5; zero_index++) {
      run(GemmMicrokernelTester(base).m(mr).n(nr + 3).k(11).ks(3).a_offset(67).zero_index(zero_index)
              .a_zero_point(qu8 ? 200 : -100).qmin(qmin).qmax(qmax).seed(seed++));
    }
  }
}
