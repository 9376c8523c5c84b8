// Every s8 ibilinear micro-kernel (from the .inc list) against a naive loop
// of TFLite's int8 ResizeBilinearInteger arithmetic (int64 products, round
// half away from zero) and against the scalar kernel, bit for bit: channel
// counts around the tile, weights over their whole range [-512, 1024) and the
// extremes of the inputs, several pixels per call, the input offset and
// output strides with canary gaps.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "xqnn.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"

namespace {

struct IbilinearKernel {
  const char* name;
  uint32_t arch;
  xqnn_ibilinear_ukernel_fn fn;
  size_t channel_tile;
};

#define XQNN_UKERNEL(arch, fn, channel_tile) {#fn, arch, fn, channel_tile},
const IbilinearKernel kKernels[] = {
#include "s8-ibilinear/s8-ibilinear.inc"
};
#undef XQNN_UKERNEL

void PrintTo(const IbilinearKernel& kernel, std::ostream* os) { *os << kernel.name; }

class IbilinearKernelTest : public testing::TestWithParam<IbilinearKernel> {
 protected:
  void SetUp() override {
    ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
    if (!xqnn_arch_supported(GetParam().arch)) GTEST_SKIP() << "ISA not supported";
  }

  std::vector<uint8_t> Run(xqnn_ibilinear_ukernel_fn fn, size_t pixels, size_t channels, size_t stride,
                           const std::vector<const void*>& indirection, size_t offset,
                           const std::vector<int16_t>& weights) {
    std::vector<uint8_t> y((pixels - 1) * stride + channels + 16, 0xA5);
    std::vector<const void*> ind = indirection;
    fn(pixels, channels, ind.data(), offset, weights.data(), y.data(), stride);
    return y;
  }

  void Check(size_t pixels, size_t channels, size_t stride, std::mt19937& rng, bool extremes = false) {
    const IbilinearKernel& k = GetParam();
    const size_t rows = 6, row_stride = channels + 5, base = 64;
    std::vector<uint8_t> image(base + rows * row_stride + XQNN_EXTRA_BYTES);
    std::uniform_int_distribution<int> byte(0, 255), pick(0, 1);
    for (auto& v : image) v = extremes ? (pick(rng) ? 0x80 : 0x7F) : (uint8_t) byte(rng);
    std::uniform_int_distribution<size_t> row(0, rows - 1);
    std::vector<const void*> indirection(4 * pixels);
    for (auto& p : indirection) p = (const void*) (uintptr_t) (row(rng) * row_stride);
    std::uniform_int_distribution<int> weight(-512, 1023);
    std::vector<int16_t> weights(2 * pixels);
    for (auto& w : weights) w = (int16_t) (extremes ? (pick(rng) ? -512 : 1023) : weight(rng));
    const size_t offset = (size_t) (uintptr_t) (image.data() + base);
    const std::vector<uint8_t> y = Run(k.fn, pixels, channels, stride, indirection, offset, weights);
    const std::vector<uint8_t> scalar =
        Run(xqnn_s8_ibilinear_ukernel_c1__scalar, pixels, channels, stride, indirection, offset, weights);
    for (size_t px = 0; px < pixels; px++) {
      auto at = [&](int i, size_t c) {
        return (int64_t) (int8_t) image[base + (uintptr_t) indirection[4 * px + i] + c];
      };
      const int64_t wx1 = weights[2 * px], wy1 = weights[2 * px + 1], wx0 = 1024 - wx1, wy0 = 1024 - wy1;
      for (size_t c = 0; c < stride && px * stride + c < y.size(); c++) {
        const size_t i = px * stride + c;
        if (c >= channels) {
          ASSERT_EQ(y[i], 0xA5) << k.name << " wrote the gap";
          continue;
        }
        const int64_t out20 = at(0, c) * wy0 * wx0 + at(2, c) * wy1 * wx0 + at(1, c) * wy0 * wx1 + at(3, c) * wy1 * wx1;
        const int64_t q = (out20 + (out20 > 0 ? (1 << 19) : -(1 << 19))) / (1 << 20);
        ASSERT_EQ((int) (int8_t) y[i], (int) std::min<int64_t>(std::max<int64_t>(q, -128), 127))
            << k.name << " pixels=" << pixels << " channels=" << channels << " at pixel " << px << " channel " << c;
      }
    }
    for (size_t i = (pixels - 1) * stride + channels; i < y.size(); i++) ASSERT_EQ(y[i], 0xA5) << "overrun";
    ASSERT_EQ(y, scalar) << k.name << " differs from the scalar kernel";
  }
};

TEST_P(IbilinearKernelTest, Channels) {
  std::mt19937 rng(1);
  const size_t tile = std::max<size_t>(GetParam().channel_tile, 16);
  for (size_t channels = 1; channels <= 3 * tile + 1; channels++) Check(3, channels, channels, rng);
}

TEST_P(IbilinearKernelTest, PixelsAndStrides) {
  std::mt19937 rng(2);
  for (size_t pixels : {1, 2, 7}) {
    for (size_t channels : {1, 7, 16, 33}) {
      for (size_t extra : {0, 3}) Check(pixels, channels, channels + extra, rng);
    }
  }
}

TEST_P(IbilinearKernelTest, Extremes) {
  std::mt19937 rng(3);
  for (int i = 0; i < 50; i++) Check(5, 37, 37, rng, /*extremes=*/true);
}

std::string KernelName(const testing::TestParamInfo<IbilinearKernel>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(S8_IBILINEAR, IbilinearKernelTest, testing::ValuesIn(kKernels), KernelName);

}  // namespace
