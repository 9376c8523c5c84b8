// Consistency of a family's gemm and igemm .inc lists (test/gemm.cc,
// test/qd8-gemm.cc): the configs take tiles and the weights column from the gemm rows
// only, so each igemm row must agree with the gemm row of the same name.
#pragma once

#include <string>

#include <gtest/gtest.h>

template <typename Kernel, size_t G, size_t I>
void ExpectIgemmRowsMatch(const Kernel (&gemm)[G], const Kernel (&igemm)[I]) {
  for (const Kernel& g : gemm) {
    std::string name = g.name;
    name.replace(name.find("_gemm_"), 6, "_igemm_");
    const Kernel* match = nullptr;
    for (const Kernel& i : igemm) {
      if (name == i.name) match = &i;
    }
    ASSERT_NE(match, nullptr) << name << " missing";
    EXPECT_EQ(match->arch, g.arch) << name;
    EXPECT_EQ(match->mr, g.mr) << name;
    EXPECT_EQ(match->nr, g.nr) << name;
    EXPECT_EQ(match->kr, g.kr) << name;
    EXPECT_EQ(match->sr, g.sr) << name;
    EXPECT_EQ(match->weights, g.weights) << name;
  }
}
