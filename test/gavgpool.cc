// Every qs8/qu8 gavgpool micro-kernel pair (unipass 7x, multipass 7p7x, from the
// families' .inc lists) against the reference of elementwise-reference.h,
// bit-exact: rows 1..row_tile (unipass) and row_tile+1.. several passes
// (multipass), channel counts around the tile, input strides, extreme zero
// points and scales, output ranges, canary bytes after the output and the scratch.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "elementwise-reference.h"
#include "xqnn.h"
#include "xqnn/common.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"
#include "xqnn/requantization.h"

namespace {

struct GAvgPoolKernel {
  const char* name;
  uint32_t arch;
  xqnn_gavgpool_unipass_ukernel_fn unipass;
  xqnn_gavgpool_multipass_ukernel_fn multipass;
  size_t row_tile, channel_tile;
  bool is_signed;
};

#define XQNN_GAVGPOOL_UKERNEL(arch, unipass, multipass, row_tile, channel_tile) \
  {#unipass, arch, unipass, multipass, row_tile, channel_tile, SIGNED},
#define SIGNED true
const GAvgPoolKernel kQS8[] = {
#include "qs8-gavgpool/qs8-gavgpool.inc"
};
#undef SIGNED
#define SIGNED false
const GAvgPoolKernel kQU8[] = {
#include "qu8-gavgpool/qu8-gavgpool.inc"
};
#undef SIGNED
#undef XQNN_GAVGPOOL_UKERNEL

void PrintTo(const GAvgPoolKernel& kernel, std::ostream* os) { *os << kernel.name; }

struct Case {
  size_t rows, channels, stride;
  int32_t x_zp, y_zp, qmin, qmax;
  float x_scale, y_scale;
};

class GAvgPoolKernelTest : public testing::TestWithParam<GAvgPoolKernel> {
 protected:
  void SetUp() override {
    ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
    if (!xqnn_arch_supported(GetParam().arch)) GTEST_SKIP() << "ISA not supported";
  }
  int32_t Lo() const { return GetParam().is_signed ? -128 : 0; }
  int32_t Hi() const { return GetParam().is_signed ? 127 : 255; }

  Case Random(size_t rows, size_t channels, std::mt19937& rng) {
    std::uniform_int_distribution<int32_t> zp(Lo(), Hi());
    std::uniform_real_distribution<float> log_scale(-4.0f, 4.0f);
    std::uniform_int_distribution<size_t> pad(0, 5);
    return Case{rows, channels, channels + pad(rng), zp(rng), zp(rng), Lo(), Hi(),
                std::exp2(log_scale(rng)), std::exp2(log_scale(rng))};
  }

  void Check(const Case& c, std::mt19937& rng) {
    const GAvgPoolKernel& k = GetParam();
    std::uniform_int_distribution<int32_t> value(Lo(), Hi());
    std::vector<uint8_t> x((c.rows - 1) * c.stride + c.channels + XQNN_EXTRA_BYTES);
    for (auto& v : x) v = (uint8_t) value(rng);
    std::vector<uint8_t> zero(c.channels + XQNN_EXTRA_BYTES, 0);
    std::vector<int32_t> buffer(c.channels + 4, 0x5A5A5A5A);
    std::vector<uint8_t> y(c.channels + 16, 0xA5);
    const float scale = xqnn_test::AveragePoolingScale(c.x_scale, c.y_scale, c.rows);
    union xqnn_q8_avgpool_minmax_params params;
    xqnn_init_q8_avgpool_minmax_fp32_scalar_params(&params, -c.x_zp * (int32_t) c.rows, scale, c.y_zp,
                                                   c.qmin, c.qmax);
    if (c.rows <= k.row_tile) {
      k.unipass(c.rows, c.channels, x.data(), c.stride, zero.data(), y.data(), &params);
    } else {
      k.multipass(c.rows, c.channels, x.data(), c.stride, zero.data(), buffer.data(), y.data(), &params);
    }
    auto load = [&](uint8_t v) { return k.is_signed ? (int32_t) (int8_t) v : (int32_t) v; };
    for (size_t ch = 0; ch < c.channels; ch++) {
      int64_t sum = 0;
      for (size_t r = 0; r < c.rows; r++) sum += load(x[r * c.stride + ch]) - c.x_zp;
      const int32_t expected = xqnn_test::ReferenceAverage(sum, scale, c.y_zp, c.qmin, c.qmax);
      ASSERT_EQ(load(y[ch]), expected)
          << k.name << " rows=" << c.rows << " channels=" << c.channels << " stride=" << c.stride
          << " c=" << ch << " x_zp=" << c.x_zp << " y_zp=" << c.y_zp << " scale=" << scale;
    }
    for (size_t i = c.channels; i < y.size(); i++) ASSERT_EQ(y[i], 0xA5) << k.name << " output overrun";
    for (size_t i = c.channels; i < buffer.size(); i++) {
      ASSERT_EQ(buffer[i], 0x5A5A5A5A) << k.name << " scratch overrun";
    }
  }
};

TEST_P(GAvgPoolKernelTest, Unipass) {
  std::mt19937 rng(1);
  const size_t tile = GetParam().channel_tile;
  for (size_t rows = 1; rows <= GetParam().row_tile; rows++) {
    for (size_t channels = 1; channels <= tile * 4 + 1; channels++) Check(Random(rows, channels, rng), rng);
  }
}

TEST_P(GAvgPoolKernelTest, Multipass) {
  std::mt19937 rng(2);
  const size_t tile = GetParam().channel_tile;
  const size_t row_tile = GetParam().row_tile;
  for (size_t rows = row_tile + 1; rows <= row_tile * 4 + 1; rows++) {
    for (size_t channels = 1; channels <= tile * 3 + 1; channels++) Check(Random(rows, channels, rng), rng);
  }
  Check(Random(3000, 19, rng), rng);
}

TEST_P(GAvgPoolKernelTest, ExtremeZeroPointsAndRanges) {
  std::mt19937 rng(3);
  std::uniform_int_distribution<int32_t> bound(Lo(), Hi());
  for (size_t rows : {size_t(1), GetParam().row_tile, GetParam().row_tile * 2 + 3}) {
    for (int32_t x_zp : {Lo(), Hi()}) {
      for (int32_t y_zp : {Lo(), Hi()}) {
        Case c = Random(rows, GetParam().channel_tile * 2 + 1, rng);
        c.x_zp = x_zp;
        c.y_zp = y_zp;
        c.qmin = bound(rng);
        c.qmax = bound(rng);
        if (c.qmin > c.qmax) std::swap(c.qmin, c.qmax);
        Check(c, rng);
      }
    }
  }
}

TEST_P(GAvgPoolKernelTest, ExtremeScales) {
  std::mt19937 rng(4);
  for (size_t rows : {size_t(1), size_t(5), size_t(40)}) {
    Case c = Random(rows, 9, rng);
    c.x_scale = std::nextafter(256.0f, 0.0f) * (float) rows;  // scale just below 256
    c.y_scale = 1.0f;
    Check(c, rng);
    c.x_scale = 0x1.0p-32f * (float) rows;  // scale 2^-32
    Check(c, rng);
  }
}

std::string KernelName(const testing::TestParamInfo<GAvgPoolKernel>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(QS8_GAVGPOOL, GAvgPoolKernelTest, testing::ValuesIn(kQS8), KernelName);
INSTANTIATE_TEST_SUITE_P(QU8_GAVGPOOL, GAvgPoolKernelTest, testing::ValuesIn(kQU8), KernelName);

}  // namespace
