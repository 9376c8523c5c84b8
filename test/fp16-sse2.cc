// xqnn_sse2_fp16_from_fp32 (the fp16 output of the x86 QD8-F16 gemm kernels)
// against the FP16 package's fp16_ieee_from_fp32_value, bit for bit: every
// fp16 value, the midpoints between neighbours (round half to even) and one
// float-ulp either side of them, specials, and random bit patterns.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include <fp16.h>

#include "xqnn/arch.h"

#if XQNN_ARCH_X86_64
#include "xqnn/fp16-sse2.h"

namespace {

uint32_t Bits(float f) { uint32_t w; std::memcpy(&w, &f, sizeof(w)); return w; }

void Check(const std::vector<uint32_t>& inputs) {
  for (size_t i = 0; i < inputs.size(); i += 4) {
    uint32_t w[4];
    for (size_t j = 0; j < 4; j++) w[j] = inputs[std::min(i + j, inputs.size() - 1)];
    __m128 v;
    std::memcpy(&v, w, sizeof(v));
    uint16_t h[8];
    _mm_storeu_si128(reinterpret_cast<__m128i*>(h), xqnn_sse2_fp16_from_fp32(v));
    for (size_t j = 0; j < 4; j++) {
      float f;
      std::memcpy(&f, &w[j], sizeof(f));
      ASSERT_EQ(h[j], fp16_ieee_from_fp32_value(f)) << "input bits 0x" << std::hex << w[j];
    }
  }
}

TEST(FP16SSE2, RoundingBoundaries) {
  std::vector<uint32_t> inputs;
  for (uint32_t h = 0; h < 0x10000; h++) {
    const float f = fp16_ieee_to_fp32_value((uint16_t) h);
    inputs.push_back(Bits(f));
    if ((h & 0x7FFF) < 0x7C00) {  // finite: midpoint to the next magnitude, +- 1 float ulp
      const float next = fp16_ieee_to_fp32_value((uint16_t) (h + 1));
      const uint32_t mid = Bits((float) (((double) f + (double) next) / 2.0));
      inputs.push_back(mid);
      inputs.push_back(mid - 1);
      inputs.push_back(mid + 1);
    }
  }
  Check(inputs);
}

TEST(FP16SSE2, RandomBits) {
  std::mt19937 rng(42);
  std::vector<uint32_t> inputs(1 << 20);
  for (auto& w : inputs) w = rng();
  for (uint32_t special : {0x00000000u, 0x80000000u, 0x7F800000u, 0xFF800000u, 0x7FC00000u,
                           0xFFC00000u, 0x7F800001u, 0x00000001u, 0x477FE000u, 0x477FF000u}) {
    inputs.push_back(special);
  }
  Check(inputs);
}

}  // namespace
#else
TEST(FP16SSE2, NotX86) { GTEST_SKIP() << "x86-64 only"; }
#endif
