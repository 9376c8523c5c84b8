// Every s8 / u8 maxpool micro-kernel (from the families' .inc lists) against
// a naive loop over the contract of XQNN_MAXPOOL_UKERNEL_SIGNATURE, and
// against the scalar kernel of its family, bit for bit: channel counts
// around the tile, 1 to 25 taps, taps on the pad row (also all of them),
// the input offset, output strides with canary gaps, several pixels per
// call, and output ranges including empty-looking extremes (min == max).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "xqnn.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"

namespace {

struct MaxPoolKernel {
  const char* name;
  uint32_t arch;
  xqnn_maxpool_ukernel_fn fn;
  size_t channel_tile;
  bool is_signed;
  xqnn_maxpool_ukernel_fn scalar;
};

#define XQNN_UKERNEL(arch, fn, channel_tile) {#fn, arch, fn, channel_tile, SIGNED, SCALAR},
#define SIGNED true
#define SCALAR xqnn_s8_maxpool_minmax_ukernel_c1__scalar
const MaxPoolKernel kS8[] = {
#include "s8-maxpool/s8-maxpool.inc"
};
#undef SIGNED
#undef SCALAR
#define SIGNED false
#define SCALAR xqnn_u8_maxpool_minmax_ukernel_c1__scalar
const MaxPoolKernel kU8[] = {
#include "u8-maxpool/u8-maxpool.inc"
};
#undef SIGNED
#undef SCALAR
#undef XQNN_UKERNEL

void PrintTo(const MaxPoolKernel& kernel, std::ostream* os) { *os << kernel.name; }

struct Case {
  size_t pixels, taps, channels, output_stride;
  double pad_probability;
  int32_t qmin, qmax;
};

class MaxPoolKernelTest : public testing::TestWithParam<MaxPoolKernel> {
 protected:
  void SetUp() override {
    ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
    if (!xqnn_arch_supported(GetParam().arch)) GTEST_SKIP() << "ISA not supported";
  }
  int32_t Lo() const { return GetParam().is_signed ? -128 : 0; }
  int32_t Hi() const { return GetParam().is_signed ? 127 : 255; }
  int32_t Load(uint8_t v) const { return GetParam().is_signed ? (int32_t) (int8_t) v : (int32_t) v; }

  // Runs `fn` on a random input; returns the output buffer (canaries included).
  std::vector<uint8_t> Run(xqnn_maxpool_ukernel_fn fn, const Case& c, const std::vector<uint8_t>& image,
                           const std::vector<const void*>& indirection, const std::vector<uint8_t>& pad,
                           size_t offset) {
    std::vector<uint8_t> y((c.pixels - 1) * c.output_stride + c.channels + 16, 0xA5);
    const struct xqnn_x8_minmax_params params = {(uint8_t) c.qmin, (uint8_t) c.qmax};
    std::vector<const void*> ind = indirection;  // the kernel takes non-const pointers
    fn(c.pixels, c.taps, c.channels, ind.data(), offset, pad.data(), y.data(), c.output_stride, &params);
    return y;
  }

  void Check(const Case& c, std::mt19937& rng) {
    const MaxPoolKernel& k = GetParam();
    std::uniform_int_distribution<int32_t> value(Lo(), Hi());
    // Rows of `channels` bytes at random places of an image; the indirection
    // holds their offsets from the image base, which the kernel adds back.
    const size_t rows = 7;
    const size_t row_stride = c.channels + 3;
    std::vector<uint8_t> image(rows * row_stride + XQNN_EXTRA_BYTES + 64);
    for (auto& v : image) v = (uint8_t) value(rng);
    std::vector<uint8_t> pad(c.channels + XQNN_EXTRA_BYTES, (uint8_t) Lo());
    // The image is addressed through an offset: the kernel must add it to
    // every pointer but the pad row's.
    const size_t base = 64;
    std::bernoulli_distribution is_pad(c.pad_probability);
    std::uniform_int_distribution<size_t> row(0, rows - 1);
    std::vector<const void*> indirection(c.pixels * c.taps);
    for (auto& p : indirection) {
      p = is_pad(rng) ? (const void*) pad.data() : (const void*) (uintptr_t) (row(rng) * row_stride);
    }
    const size_t offset = (size_t) (uintptr_t) (image.data() + base);
    const std::vector<uint8_t> y = Run(k.fn, c, image, indirection, pad, offset);
    const std::vector<uint8_t> scalar = Run(k.scalar, c, image, indirection, pad, offset);
    for (size_t px = 0; px < c.pixels; px++) {
      for (size_t ch = 0; ch < c.output_stride && px * c.output_stride + ch < y.size(); ch++) {
        const size_t i = px * c.output_stride + ch;
        if (ch >= c.channels) {
          ASSERT_EQ(y[i], 0xA5) << k.name << " wrote the gap at pixel " << px << " byte " << ch;
          continue;
        }
        int32_t m = Lo();
        for (size_t t = 0; t < c.taps; t++) {
          const void* p = indirection[px * c.taps + t];
          const uint8_t* r = p == pad.data() ? pad.data() : image.data() + base + (uintptr_t) p;
          m = std::max(m, Load(r[ch]));
        }
        const int32_t expected = std::min(std::max(m, c.qmin), c.qmax);
        ASSERT_EQ(Load(y[i]), expected) << k.name << " pixels=" << c.pixels << " taps=" << c.taps
                                        << " channels=" << c.channels << " stride=" << c.output_stride
                                        << " range=[" << c.qmin << "," << c.qmax << "] at pixel " << px
                                        << " channel " << ch;
      }
    }
    for (size_t i = (c.pixels - 1) * c.output_stride + c.channels; i < y.size(); i++) {
      ASSERT_EQ(y[i], 0xA5) << k.name << " output overrun";
    }
    ASSERT_EQ(y, scalar) << k.name << " differs from the scalar kernel";
  }
};

TEST_P(MaxPoolKernelTest, ChannelsAndTaps) {
  std::mt19937 rng(1);
  const size_t tile = std::max<size_t>(GetParam().channel_tile, 16);
  for (size_t taps : {1, 2, 3, 4, 9, 25}) {
    for (size_t channels = 1; channels <= tile * 3 + 1; channels++) {
      Check(Case{1, taps, channels, channels, 0.2, Lo(), Hi()}, rng);
    }
  }
}

TEST_P(MaxPoolKernelTest, PixelsAndStrides) {
  std::mt19937 rng(2);
  for (size_t pixels : {2, 3, 7}) {
    for (size_t channels : {1, 5, 16, 17, 31, 32, 33, 100}) {
      for (size_t extra : {0, 1, 13}) Check(Case{pixels, 4, channels, channels + extra, 0.3, Lo(), Hi()}, rng);
    }
  }
}

TEST_P(MaxPoolKernelTest, PadRows) {
  std::mt19937 rng(3);
  for (size_t channels : {1, 15, 16, 47}) {
    Check(Case{3, 9, channels, channels, 1.0, Lo(), Hi()}, rng);  // every tap is padding
    Check(Case{3, 9, channels, channels, 0.9, Lo(), Hi()}, rng);
    Check(Case{3, 9, channels, channels, 1.0, Lo() + 7, Hi()}, rng);  // padding only: output_min
  }
}

TEST_P(MaxPoolKernelTest, OutputRanges) {
  std::mt19937 rng(4);
  std::uniform_int_distribution<int32_t> bound(Lo(), Hi());
  for (int i = 0; i < 40; i++) {
    int32_t a = bound(rng), b = bound(rng);
    if (a > b) std::swap(a, b);
    Check(Case{2, 5, 37, 40, 0.2, a, b}, rng);
    Check(Case{1, 3, 19, 19, 0.1, a, a}, rng);
  }
  Check(Case{2, 5, 37, 37, 0.2, Lo(), Lo()}, rng);
  Check(Case{2, 5, 37, 37, 0.2, Hi(), Hi()}, rng);
}

std::string KernelName(const testing::TestParamInfo<MaxPoolKernel>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(S8_MAXPOOL, MaxPoolKernelTest, testing::ValuesIn(kS8), KernelName);
INSTANTIATE_TEST_SUITE_P(U8_MAXPOOL, MaxPoolKernelTest, testing::ValuesIn(kU8), KernelName);

}  // namespace
