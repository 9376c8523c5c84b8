// Every x8-lut micro-kernel (src/x8-lut/x8-lut.inc) against a naive table
// lookup and against the scalar kernel, bit for bit: batch sizes around the
// tile, every byte value, random tables, unaligned pointers, canary bytes
// after the output (a kernel must write exactly `batch` bytes).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "xqnn.h"
#include "xqnn/common.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"

namespace {

struct LutKernel {
  const char* name;
  uint32_t arch;
  xqnn_vcvt_ukernel_fn fn;
  size_t element_tile;
};

#define XQNN_UKERNEL(arch, fn, element_tile) {#fn, arch, fn, element_tile},
const LutKernel kKernels[] = {
#include "x8-lut/x8-lut.inc"
};
#undef XQNN_UKERNEL

constexpr uint8_t kCanary = 0xA5;

std::string KernelName(const testing::TestParamInfo<LutKernel>& info) { return info.param.name; }

class LutKernelTest : public testing::TestWithParam<LutKernel> {
 protected:
  void SetUp() override {
    ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
    if (!xqnn_arch_supported(GetParam().arch)) GTEST_SKIP() << "ISA not supported";
  }

  // Runs the kernel on `x` (at byte offset `misalign` of its buffer) and checks
  // against the table and the scalar kernel.
  void Check(const std::vector<uint8_t>& table, const std::vector<uint8_t>& x, size_t misalign) {
    const size_t n = x.size();
    std::vector<uint8_t> in(misalign + n + XQNN_EXTRA_BYTES, 0x5A);
    std::copy(x.begin(), x.end(), in.begin() + misalign);
    std::vector<uint8_t> out(misalign + n + 32, kCanary), scalar(n + 32, kCanary);
    GetParam().fn(n, in.data() + misalign, out.data() + misalign, table.data());
    xqnn_x8_lut_ukernel_x4__scalar(n, x.data(), scalar.data(), table.data());
    for (size_t i = 0; i < misalign; i++) ASSERT_EQ(out[i], kCanary) << "write before the output";
    for (size_t i = 0; i < n; i++) {
      ASSERT_EQ(out[misalign + i], table[x[i]]) << "batch " << n << " at " << i << " input " << (int) x[i];
      ASSERT_EQ(out[misalign + i], scalar[i]) << "differs from scalar, batch " << n << " at " << i;
    }
    for (size_t i = misalign + n; i < out.size(); i++) ASSERT_EQ(out[i], kCanary) << "overrun, batch " << n;
  }
};

TEST_P(LutKernelTest, EveryByteValue) {
  std::mt19937 rng(1);
  std::vector<uint8_t> table(256), x(256);
  for (auto& t : table) t = static_cast<uint8_t>(rng());
  for (size_t i = 0; i < 256; i++) x[i] = static_cast<uint8_t>(i);
  Check(table, x, 0);
  for (size_t i = 0; i < 256; i++) x[i] = static_cast<uint8_t>(255 - i);
  Check(table, x, 3);
}

TEST_P(LutKernelTest, BatchSizes) {
  std::mt19937 rng(2);
  const size_t tile = GetParam().element_tile;
  for (size_t n = 1; n <= 4 * tile + 3; n++) {
    std::vector<uint8_t> table(256), x(n);
    for (auto& t : table) t = static_cast<uint8_t>(rng());
    for (auto& v : x) v = static_cast<uint8_t>(rng());
    Check(table, x, n % 7);
  }
}

TEST_P(LutKernelTest, IdentityAndConstantTables) {
  std::vector<uint8_t> identity(256), constant(256, 0x80), x(1000);
  for (size_t i = 0; i < 256; i++) identity[i] = static_cast<uint8_t>(i);
  std::mt19937 rng(3);
  for (auto& v : x) v = static_cast<uint8_t>(rng());
  Check(identity, x, 1);
  Check(constant, x, 2);
}

INSTANTIATE_TEST_SUITE_P(X8_LUT, LutKernelTest, testing::ValuesIn(kKernels), KernelName);

}  // namespace
