// Every qs8 / qu8 avgpool micro-kernel (from the families' .inc lists) against
// a naive loop over the contract of XQNN_AVGPOOL_UKERNEL_SIGNATURE, and
// against the scalar kernel of its family, bit for bit: channel counts
// around the tile, 1 to 49 taps, taps on the pad row, the input offset,
// output strides with canary gaps, several pixels per call with their own
// scales, init biases and output ranges (min == max included).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "xqnn.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"
#include "xqnn/requantization.h"

namespace {

struct AvgPoolKernel {
  const char* name;
  uint32_t arch;
  xqnn_avgpool_ukernel_fn fn;
  size_t channel_tile;
  bool is_signed;
  xqnn_avgpool_ukernel_fn scalar;
};

#define XQNN_UKERNEL(arch, fn, channel_tile) {#fn, arch, fn, channel_tile, SIGNED, SCALAR},
#define SIGNED true
#define SCALAR xqnn_qs8_avgpool_minmax_fp32_ukernel_c1__scalar
const AvgPoolKernel kQS8[] = {
#include "qs8-avgpool/qs8-avgpool.inc"
};
#undef SIGNED
#undef SCALAR
#define SIGNED false
#define SCALAR xqnn_qu8_avgpool_minmax_fp32_ukernel_c1__scalar
const AvgPoolKernel kQU8[] = {
#include "qu8-avgpool/qu8-avgpool.inc"
};
#undef SIGNED
#undef SCALAR
#undef XQNN_UKERNEL

void PrintTo(const AvgPoolKernel& kernel, std::ostream* os) { *os << kernel.name; }

struct Case {
  size_t pixels, taps, channels, output_stride;
  double pad_probability;
  int32_t init_bias, zero_point, qmin, qmax;
};

class AvgPoolKernelTest : public testing::TestWithParam<AvgPoolKernel> {
 protected:
  void SetUp() override {
    ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
    if (!xqnn_arch_supported(GetParam().arch)) GTEST_SKIP() << "ISA not supported";
  }
  int32_t Lo() const { return GetParam().is_signed ? -128 : 0; }
  int32_t Hi() const { return GetParam().is_signed ? 127 : 255; }
  int32_t Load(uint8_t v) const { return GetParam().is_signed ? (int32_t) (int8_t) v : (int32_t) v; }

  std::vector<uint8_t> Run(xqnn_avgpool_ukernel_fn fn, const Case& c, const std::vector<const void*>& indirection,
                           const std::vector<uint8_t>& pad, const std::vector<float>& scales, size_t offset,
                           const union xqnn_q8_avgpool_minmax_params& params) {
    std::vector<uint8_t> y((c.pixels - 1) * c.output_stride + c.channels + 16, 0xA5);
    std::vector<const void*> ind = indirection;
    fn(c.pixels, c.taps, c.channels, ind.data(), offset, pad.data(), scales.data(), y.data(), c.output_stride,
       &params);
    return y;
  }

  void Check(const Case& c, std::mt19937& rng) {
    const AvgPoolKernel& k = GetParam();
    std::uniform_int_distribution<int32_t> value(Lo(), Hi());
    const size_t rows = 7;
    const size_t row_stride = c.channels + 3;
    std::vector<uint8_t> image(rows * row_stride + XQNN_EXTRA_BYTES + 64);
    for (auto& v : image) v = (uint8_t) value(rng);
    const uint8_t pad_value = (uint8_t) value(rng);
    std::vector<uint8_t> pad(c.channels + XQNN_EXTRA_BYTES, pad_value);
    const size_t base = 64;
    std::bernoulli_distribution is_pad(c.pad_probability);
    std::uniform_int_distribution<size_t> row(0, rows - 1);
    std::vector<const void*> indirection(c.pixels * c.taps);
    for (auto& p : indirection) {
      p = is_pad(rng) ? (const void*) pad.data() : (const void*) (uintptr_t) (row(rng) * row_stride);
    }
    std::uniform_real_distribution<float> log_scale(-12.0f, 2.0f);
    std::vector<float> scales(c.pixels);
    for (auto& s : scales) s = std::exp2(log_scale(rng)) / (float) c.taps;
    union xqnn_q8_avgpool_minmax_params params;
    xqnn_init_q8_avgpool_minmax_fp32_scalar_params(&params, c.init_bias, /*scale=*/-1.0f, c.zero_point, c.qmin,
                                                   c.qmax);
    const size_t offset = (size_t) (uintptr_t) (image.data() + base);
    const std::vector<uint8_t> y = Run(k.fn, c, indirection, pad, scales, offset, params);
    const std::vector<uint8_t> scalar = Run(k.scalar, c, indirection, pad, scales, offset, params);
    for (size_t px = 0; px < c.pixels; px++) {
      for (size_t ch = 0; ch < c.output_stride && px * c.output_stride + ch < y.size(); ch++) {
        const size_t i = px * c.output_stride + ch;
        if (ch >= c.channels) {
          ASSERT_EQ(y[i], 0xA5) << k.name << " wrote the gap at pixel " << px << " byte " << ch;
          continue;
        }
        int32_t acc = c.init_bias;
        for (size_t t = 0; t < c.taps; t++) {
          const void* p = indirection[px * c.taps + t];
          const uint8_t* r = p == pad.data() ? pad.data() : image.data() + base + (uintptr_t) p;
          acc += Load(r[ch]);
        }
        float f = (float) acc * scales[px];
        f = std::min(std::max(f, (float) (c.qmin - c.zero_point)), (float) (c.qmax - c.zero_point));
        const int32_t expected = (int32_t) std::nearbyint(f) + c.zero_point;
        ASSERT_EQ(Load(y[i]), expected) << k.name << " pixels=" << c.pixels << " taps=" << c.taps
                                        << " channels=" << c.channels << " stride=" << c.output_stride
                                        << " at pixel " << px << " channel " << ch;
      }
    }
    for (size_t i = (c.pixels - 1) * c.output_stride + c.channels; i < y.size(); i++) {
      ASSERT_EQ(y[i], 0xA5) << k.name << " output overrun";
    }
    ASSERT_EQ(y, scalar) << k.name << " differs from the scalar kernel";
  }
};

TEST_P(AvgPoolKernelTest, ChannelsAndTaps) {
  std::mt19937 rng(1);
  const size_t tile = std::max<size_t>(GetParam().channel_tile, 16);
  for (size_t taps : {1, 2, 3, 4, 9, 25, 49}) {
    for (size_t channels = 1; channels <= tile * 3 + 1; channels++) {
      Check(Case{1, taps, channels, channels, 0.2, 0, 0, Lo(), Hi()}, rng);
    }
  }
}

TEST_P(AvgPoolKernelTest, PixelsStridesAndBiases) {
  std::mt19937 rng(2);
  std::uniform_int_distribution<int32_t> zp(Lo(), Hi());
  for (size_t pixels : {2, 3, 7}) {
    for (size_t channels : {1, 5, 16, 17, 31, 32, 33, 100}) {
      for (size_t extra : {0, 1, 13}) {
        const int32_t z = zp(rng);
        Check(Case{pixels, 4, channels, channels + extra, 0.3, -4 * z, z, Lo(), Hi()}, rng);
      }
    }
  }
}

TEST_P(AvgPoolKernelTest, OutputRanges) {
  std::mt19937 rng(4);
  std::uniform_int_distribution<int32_t> bound(Lo(), Hi());
  for (int i = 0; i < 40; i++) {
    int32_t a = bound(rng), b = bound(rng);
    if (a > b) std::swap(a, b);
    Check(Case{2, 5, 37, 40, 0.2, 100, bound(rng), a, b}, rng);
    Check(Case{1, 3, 19, 19, 0.1, -50, bound(rng), a, a}, rng);
  }
}

// The TFLite rounding mode of average_pooling2d (src/operators/
// average-pooling-nhwc.c) multiplies the window's sum by the nudged
// reciprocal (float)((1 + 2^-22) / count) and rounds half to even; this must
// equal TFLite's (sum +- count / 2) / count for every count up to 4096. Here
// the sums next to every rounding boundary of every count, as the kernel's
// init_bias over one all-zero tap, through the scalar kernels.
TEST(AvgPoolTfliteRounding, NudgedReciprocalIsExact) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  std::vector<uint8_t> zero(1 + XQNN_EXTRA_BYTES, 0);
  for (int32_t count = 1; count <= 4096; count++) {
    const float scale = (float) ((1.0 + 0x1.0p-22) / (double) count);
    for (int32_t k = -128; k <= 255; k++) {
      for (int32_t d = -1; d <= 1; d++) {
        const int32_t sum = k * count + (k < 0 ? -(count / 2) : count / 2) + d;
        const bool is_signed = sum < 0;
        if (is_signed ? sum < -128 * count : sum > 255 * count) continue;
        union xqnn_q8_avgpool_minmax_params params;
        xqnn_init_q8_avgpool_minmax_fp32_scalar_params(&params, sum, 1.0f, 0, is_signed ? -128 : 0,
                                                       is_signed ? 127 : 255);
        const void* input[1] = {zero.data()};
        uint8_t y = 0;
        (is_signed ? xqnn_qs8_avgpool_minmax_fp32_ukernel_c1__scalar : xqnn_qu8_avgpool_minmax_fp32_ukernel_c1__scalar)(
            1, 1, 1, input, 0, zero.data(), &scale, &y, 1, &params);
        const int32_t expected = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
        const int32_t got = is_signed ? (int32_t) (int8_t) y : (int32_t) y;
        ASSERT_EQ(got, std::min(std::max(expected, is_signed ? -128 : 0), is_signed ? 127 : 255))
            << "count " << count << " sum " << sum;
      }
    }
  }
}

std::string KernelName(const testing::TestParamInfo<AvgPoolKernel>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(QS8_AVGPOOL, AvgPoolKernelTest, testing::ValuesIn(kQS8), KernelName);
INSTANTIATE_TEST_SUITE_P(QU8_AVGPOOL, AvgPoolKernelTest, testing::ValuesIn(kQU8), KernelName);

}  // namespace
