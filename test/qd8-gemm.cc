// Every QD8 gemm / igemm micro-kernel (from the families' .inc lists) against
// the reference of qd8-gemm-microkernel-tester.h, bit-exact.
#include <gtest/gtest.h>

#include "qd8-gemm-microkernel-tester.h"
#include "kernel-list-check.h"
#include "xqnn.h"
#include "xqnn/config.h"

namespace {

struct QD8GemmKernel {
  const char* name;
  uint32_t arch;
  xqnn_gemm_ukernel_fn gemm;
  xqnn_igemm_ukernel_fn igemm;
  size_t mr, nr, kr, sr;
  int weights;  // .inc column: 0 int8 in [-127, 127], 1 any int8, 2 any int8 packed as int16
  bool f16;
};

#define XQNN_UKERNEL(arch, fn, mr, nr, kr, sr, weights) {#fn, arch, fn, nullptr, mr, nr, kr, sr, weights, F16},
#define F16 false
const QD8GemmKernel kF32Gemm[] = {
#include "qd8-f32-gemm/qd8-f32-qc8w-gemm.inc"
};
#undef F16
#define F16 true
const QD8GemmKernel kF16Gemm[] = {
#include "qd8-f16-gemm/qd8-f16-qc8w-gemm.inc"
};
#undef F16
#undef XQNN_UKERNEL
#define XQNN_UKERNEL(arch, fn, mr, nr, kr, sr, weights) {#fn, arch, nullptr, fn, mr, nr, kr, sr, weights, F16},
#define F16 false
const QD8GemmKernel kF32Igemm[] = {
#include "qd8-f32-igemm/qd8-f32-qc8w-igemm.inc"
};
#undef F16
#define F16 true
const QD8GemmKernel kF16Igemm[] = {
#include "qd8-f16-igemm/qd8-f16-qc8w-igemm.inc"
};
#undef F16
#undef XQNN_UKERNEL

void PrintTo(const QD8GemmKernel& kernel, std::ostream* os) { *os << kernel.name; }

class QD8GemmKernelTest : public testing::TestWithParam<QD8GemmKernel> {};

TEST_P(QD8GemmKernelTest, EdgeCases) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  const QD8GemmKernel& kernel = GetParam();
  if (!xqnn_arch_supported(kernel.arch)) {
    GTEST_SKIP() << kernel.name << " needs an ISA this CPU lacks";
  }
  TestQD8GemmEdgeCases(QD8GemmMicrokernelTester().mr(kernel.mr).nr(kernel.nr).kr(kernel.kr)
                           .sr(kernel.sr).f16_output(kernel.f16).full_range(kernel.weights != 0)
                           .int16_weights(kernel.weights == 2),
                       kernel.gemm, kernel.igemm);
}

std::string KernelName(const testing::TestParamInfo<QD8GemmKernel>& info) { return info.param.name; }

TEST(QD8GemmKernelLists, IgemmRowsMatchGemmRows) {
  ExpectIgemmRowsMatch(kF32Gemm, kF32Igemm);
  ExpectIgemmRowsMatch(kF16Gemm, kF16Igemm);
}

INSTANTIATE_TEST_SUITE_P(QD8_F32_QC8W_GEMM, QD8GemmKernelTest, testing::ValuesIn(kF32Gemm), KernelName);
INSTANTIATE_TEST_SUITE_P(QD8_F16_QC8W_GEMM, QD8GemmKernelTest, testing::ValuesIn(kF16Gemm), KernelName);
INSTANTIATE_TEST_SUITE_P(QD8_F32_QC8W_IGEMM, QD8GemmKernelTest, testing::ValuesIn(kF32Igemm), KernelName);
INSTANTIATE_TEST_SUITE_P(QD8_F16_QC8W_IGEMM, QD8GemmKernelTest, testing::ValuesIn(kF16Igemm), KernelName);

}  // namespace
