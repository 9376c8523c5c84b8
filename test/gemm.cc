// Every gemm / igemm micro-kernel of every family (from the families' .inc
// lists) against the reference of gemm-microkernel-tester.h.
#include <gtest/gtest.h>

#include <iterator>

#include "gemm-edge-cases.h"
#include "kernel-list-check.h"
#include "xqnn.h"
#include "xqnn/config.h"

namespace {

struct GemmKernel {
  const char* name;
  uint32_t arch;
  xqnn_gemm_ukernel_fn gemm;
  xqnn_igemm_ukernel_fn igemm;
  size_t mr, nr, kr, sr;
  int weights;  // .inc column: 0 int8 in [-127, 127], 1 any int8, 2 any int8 packed as int16
  GemmType type;
  bool tflite;  // TFLite requantization
};

#define XQNN_UKERNEL(arch, fn, mr, nr, kr, sr, weights) {#fn, arch, fn, nullptr, mr, nr, kr, sr, weights, TYPE},
#define TYPE GemmType::kQS8
const GemmKernel kQS8Gemm[] = {
#include "qs8-gemm/qs8-qc8w-gemm.inc"
};
#undef TYPE
#define TYPE GemmType::kQU8
const GemmKernel kQU8Gemm[] = {
#include "qu8-gemm/qu8-gemm.inc"
};
#undef TYPE
#undef XQNN_UKERNEL
#define XQNN_UKERNEL(arch, fn, mr, nr, kr, sr, weights) {#fn, arch, nullptr, fn, mr, nr, kr, sr, weights, TYPE},
#define TYPE GemmType::kQS8
const GemmKernel kQS8Igemm[] = {
#include "qs8-igemm/qs8-qc8w-igemm.inc"
};
#undef TYPE
#define TYPE GemmType::kQU8
const GemmKernel kQU8Igemm[] = {
#include "qu8-igemm/qu8-igemm.inc"
};
#undef TYPE
#undef XQNN_UKERNEL
#define XQNN_UKERNEL(arch, fn, mr, nr, kr, sr, weights) {#fn, arch, fn, nullptr, mr, nr, kr, sr, weights, TYPE, true},
#define TYPE GemmType::kQS8
const GemmKernel kQS8TfliteGemm[] = {
#include "qs8-gemm/qs8-qc8w-gemm-tflite.inc"
};
#undef TYPE
#define TYPE GemmType::kQU8
const GemmKernel kQU8TfliteGemm[] = {
#include "qu8-gemm/qu8-gemm-tflite.inc"
};
#undef TYPE
#undef XQNN_UKERNEL
#define XQNN_UKERNEL(arch, fn, mr, nr, kr, sr, weights) {#fn, arch, nullptr, fn, mr, nr, kr, sr, weights, TYPE, true},
#define TYPE GemmType::kQS8
const GemmKernel kQS8TfliteIgemm[] = {
#include "qs8-igemm/qs8-qc8w-igemm-tflite.inc"
};
#undef TYPE
#define TYPE GemmType::kQU8
const GemmKernel kQU8TfliteIgemm[] = {
#include "qu8-igemm/qu8-igemm-tflite.inc"
};
#undef TYPE
#undef XQNN_UKERNEL

void PrintTo(const GemmKernel& kernel, std::ostream* os) { *os << kernel.name; }

class GemmKernelTest : public testing::TestWithParam<GemmKernel> {};

TEST_P(GemmKernelTest, EdgeCases) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  const GemmKernel& kernel = GetParam();
  if (!xqnn_arch_supported(kernel.arch)) {
    GTEST_SKIP() << kernel.name << " needs an ISA this CPU lacks";
  }
  TestGemmEdgeCases(GemmMicrokernelTester().mr(kernel.mr).nr(kernel.nr).kr(kernel.kr).sr(kernel.sr).tflite(kernel.tflite)
                        .full_range(kernel.weights != 0).int16_weights(kernel.weights == 2)
                        .input_offset(xqnn_gemm_input_offset(kernel.arch, kernel.type == GemmType::kQU8)),
                    kernel.type, kernel.gemm, kernel.igemm);
}

std::string KernelName(const testing::TestParamInfo<GemmKernel>& info) { return info.param.name; }

TEST(GemmKernelLists, IgemmRowsMatchGemmRows) {
  ExpectIgemmRowsMatch(kQS8Gemm, kQS8Igemm);
  ExpectIgemmRowsMatch(kQU8Gemm, kQU8Igemm);
  ExpectIgemmRowsMatch(kQS8TfliteGemm, kQS8TfliteIgemm);
  ExpectIgemmRowsMatch(kQU8TfliteGemm, kQU8TfliteIgemm);
}

// Fully-connected operators ask for byte weights: no config they get may
// pack int16 weights, and each getter's other configs do exactly when their
// kernel's .inc row says so.
TEST(GemmConfigs, ByteWeightConfigsKeepBytes) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  using Getter = const xqnn_gemm_config* (*)(bool, bool);
  const Getter getters[] = {xqnn_get_qs8_qc8w_gemm_config, xqnn_get_qu8_gemm_config,
                            xqnn_get_qs8_qc8w_tflite_gemm_config, xqnn_get_qu8_tflite_gemm_config,
                            xqnn_get_qd8_f32_qc8w_gemm_config, xqnn_get_qd8_f16_qc8w_gemm_config};
  const GemmKernel* lists[] = {kQS8Gemm, kQU8Gemm, kQS8TfliteGemm, kQU8TfliteGemm};
  const size_t sizes[] = {std::size(kQS8Gemm), std::size(kQU8Gemm), std::size(kQS8TfliteGemm),
                          std::size(kQU8TfliteGemm)};
  for (size_t g = 0; g < std::size(getters); g++) {
    for (bool full_range : {false, true}) {
      EXPECT_FALSE(getters[g](full_range, /*byte_weights=*/true)->int16_weights) << g;
      const xqnn_gemm_config* config = getters[g](full_range, /*byte_weights=*/false);
      if (g >= std::size(lists)) continue;
      const GemmKernel* row = nullptr;
      for (size_t i = 0; i < sizes[g]; i++) {
        if (lists[g][i].gemm == config->gemm) row = &lists[g][i];
      }
      ASSERT_NE(row, nullptr) << g;
      EXPECT_EQ(config->int16_weights, row->weights == 2) << row->name;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(QS8_QC8W_GEMM, GemmKernelTest, testing::ValuesIn(kQS8Gemm), KernelName);
INSTANTIATE_TEST_SUITE_P(QU8_GEMM, GemmKernelTest, testing::ValuesIn(kQU8Gemm), KernelName);
INSTANTIATE_TEST_SUITE_P(QS8_QC8W_IGEMM, GemmKernelTest, testing::ValuesIn(kQS8Igemm), KernelName);
INSTANTIATE_TEST_SUITE_P(QU8_IGEMM, GemmKernelTest, testing::ValuesIn(kQU8Igemm), KernelName);
INSTANTIATE_TEST_SUITE_P(QS8_QC8W_TFLITE_GEMM, GemmKernelTest, testing::ValuesIn(kQS8TfliteGemm), KernelName);
INSTANTIATE_TEST_SUITE_P(QU8_TFLITE_GEMM, GemmKernelTest, testing::ValuesIn(kQU8TfliteGemm), KernelName);
INSTANTIATE_TEST_SUITE_P(QS8_QC8W_TFLITE_IGEMM, GemmKernelTest, testing::ValuesIn(kQS8TfliteIgemm), KernelName);
INSTANTIATE_TEST_SUITE_P(QU8_TFLITE_IGEMM, GemmKernelTest, testing::ValuesIn(kQU8TfliteIgemm), KernelName);

}  // namespace
