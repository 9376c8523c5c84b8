// Every dwconv micro-kernel of every family (from the families' .inc lists)
// against the reference of dwconv-microkernel-tester.h.
#include <gtest/gtest.h>

#include "dwconv-microkernel-tester.h"
#include "xqnn.h"
#include "xqnn/config.h"

namespace {

struct DwconvKernel {
  const char* name;
  uint32_t arch;
  xqnn_dwconv_ukernel_fn fn;
  size_t channel_tile, first_pass_tile, middle_pass_tile, last_pass_tile, pair_lanes, quad_lanes;
  bool qu8;
  bool tflite;  // TFLite requantization
};

#define XQNN_DWCONV_UKERNEL(arch, fn, ct, ft, mt, lt, pl, ql) {#fn, arch, fn, ct, ft, mt, lt, pl, ql, QU8},
#define QU8 false
const DwconvKernel kQS8Dwconv[] = {
#include "qs8-dwconv/qs8-qc8w-dwconv.inc"
};
#undef QU8
#define QU8 true
const DwconvKernel kQU8Dwconv[] = {
#include "qu8-dwconv/qu8-dwconv.inc"
};
#undef QU8
#undef XQNN_DWCONV_UKERNEL
#define XQNN_DWCONV_UKERNEL(arch, fn, ct, ft, mt, lt, pl, ql) {#fn, arch, fn, ct, ft, mt, lt, pl, ql, QU8, true},
#define QU8 false
const DwconvKernel kQS8TfliteDwconv[] = {
#include "qs8-dwconv/qs8-qc8w-dwconv-tflite.inc"
};
#undef QU8
#define QU8 true
const DwconvKernel kQU8TfliteDwconv[] = {
#include "qu8-dwconv/qu8-dwconv-tflite.inc"
};
#undef QU8
#undef XQNN_DWCONV_UKERNEL

void PrintTo(const DwconvKernel& kernel, std::ostream* os) { *os << kernel.name; }

class DwconvKernelTest : public testing::TestWithParam<DwconvKernel> {
 protected:
  void SetUp() override {
    ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
    if (!xqnn_arch_supported(GetParam().arch)) {
      GTEST_SKIP() << GetParam().name << " needs an ISA this CPU lacks";
    }
  }
  const DwconvKernel& k() const { return GetParam(); }
  bool multipass() const { return k().middle_pass_tile != 0; }
  int32_t lo() const { return k().qu8 ? 0 : -128; }
  int32_t hi() const { return k().qu8 ? 255 : 127; }
  DwconvMicrokernelTester Base() const {
    return DwconvMicrokernelTester().channel_tile(k().channel_tile).pair_lanes(k().pair_lanes).quad_lanes(k().quad_lanes).multipass(multipass()).tflite(k().tflite)
        .qmin(lo()).qmax(hi()).input_zero_point(k().qu8 ? 130 : -3)
        .kernel_zero_point(k().qu8 ? 121 : 0).output_zero_point(k().qu8 ? 127 : 2);
  }
  // Kernel sizes worth testing: every size up to the first pass for unipass;
  // for multipass each pass structure (first only, first + last, + 1, 2 middle passes).
  std::vector<size_t> KernelSizes() const {
    std::vector<size_t> sizes;
    const size_t f = k().first_pass_tile, m = k().middle_pass_tile, l = k().last_pass_tile;
    if (!multipass()) {
      for (size_t s = 1; s <= f; s += (s < 4 || s + 3 > f) ? 1 : 3) sizes.push_back(s);
    } else {
      for (size_t s : {(size_t) 1, f - 1, f, f + 1, f + l - 1, f + l, f + l + 1, f + m + l,
                       f + m + l + 1, f + 2 * m + l, f + 3 * m + l + 2, (size_t) 49}) {
        sizes.push_back(s);
      }
    }
    return sizes;
  }
  void Run(const DwconvMicrokernelTester& t) const { t.Test(k().fn, k().qu8); }
};

TEST_P(DwconvKernelTest, ChannelsAndKernelSizes) {
  const size_t ct = k().channel_tile;
  uint32_t seed = 1;
  for (size_t ks : KernelSizes()) {
    for (size_t channels = 1; channels <= 3 * ct + 1; channels++) {
      Run(Base().kernel_size(ks).channels(channels).width(1).seed(seed++));
    }
    Run(Base().kernel_size(ks).channels(16 * ct + 1).width(3).seed(seed++));
  }
}

TEST_P(DwconvKernelTest, Width) {
  const size_t ks = multipass() ? k().first_pass_tile + k().middle_pass_tile + 2 : k().first_pass_tile;
  uint32_t seed = 100;
  for (size_t width = 1; width <= 5; width++) {
    Run(Base().kernel_size(ks).channels(k().channel_tile + 1).width(width).seed(seed++));
  }
  // Rows of more pixels than the TFLite row path resolves taps for at a time
  // (XQNN_SIMD_DWCONV_TFLITE_ROW_TAPS / ks, dwconv-simd-template.h): one
  // chunk exactly, one pixel more, and several chunks with a partial last one.
  for (size_t width : {512 / ks, 512 / ks + 1, 2 * (512 / ks) + 3}) {
    Run(Base().kernel_size(ks).channels(2 * k().channel_tile + 1).width(width).seed(seed++));
  }
  // Overlapping indirection (step smaller than the kernel) and larger steps.
  Run(Base().kernel_size(ks).channels(2 * k().channel_tile + 1).width(4).step(std::max<size_t>(ks / 3, 1)).seed(seed++));
  Run(Base().kernel_size(ks).channels(2 * k().channel_tile + 1).width(4).step(ks + 2).seed(seed++));
}

TEST_P(DwconvKernelTest, OutputStrideInputOffsetZero) {
  const size_t ks = multipass() ? k().first_pass_tile + k().last_pass_tile + 1 : k().first_pass_tile;
  uint32_t seed = 200;
  const size_t channels = 3 * k().channel_tile + 1;
  Run(Base().kernel_size(ks).channels(channels).width(3).output_stride(channels + 5).seed(seed++));
  Run(Base().kernel_size(ks).channels(channels).width(3).input_offset(67).seed(seed++));
  for (size_t zero_index = 0; zero_index < 5; zero_index++) {
    Run(Base().kernel_size(ks).channels(channels).width(3).input_offset(31).zero_index(zero_index)
            .input_zero_point(k().qu8 ? 255 : -128).seed(seed++));
  }
}

TEST_P(DwconvKernelTest, ZeroPointsAndRanges) {
  const size_t ks = multipass() ? k().first_pass_tile + k().middle_pass_tile + 1 : 9 <= k().first_pass_tile ? 9 : 1;
  uint32_t seed = 300;
  const size_t channels = 2 * k().channel_tile + 1;
  for (int32_t izp : {lo(), hi()}) {
    for (int32_t kzp : {k().qu8 ? 0 : 0, k().qu8 ? 255 : 0}) {
      for (int32_t ozp : {lo(), hi()}) {
        Run(Base().kernel_size(ks).channels(channels).width(2).input_zero_point(izp).kernel_zero_point(kzp)
                .output_zero_point(ozp).zero_index(seed % 5).seed(seed));
        seed++;
      }
    }
  }
  const int32_t ranges[][2] = {{lo(), lo() + 6}, {k().qu8 ? 120 : -8, k().qu8 ? 135 : 7}, {lo() + 77, lo() + 77}};
  for (const auto& r : ranges) {
    Run(Base().kernel_size(ks).channels(channels).width(2).qmin(r[0]).qmax(r[1]).seed(seed++));
  }
  // Scales 2^-16 times smaller (TFLite: right shifts past 20 on the usual
  // path), the output zero point at its extremes.
  for (int32_t ozp : {lo(), hi()}) {
    Run(Base().kernel_size(ks).channels(channels).width(2).output_zero_point(ozp).scale_log2_offset(-16.0f)
            .seed(seed++));
  }
  // Scales around 1 on small sums (TFLite: no right shift, or a left shift).
  Run(Base().kernel_size(ks).channels(channels).width(2).unit_scales(true).input_zero_point((lo() + hi()) / 2)
          .kernel_zero_point(k().qu8 ? 128 : 0).output_zero_point((lo() + hi()) / 2).seed(seed++));
  // Scaled sums far beyond int32 (x86's pair- and quad-order stores convert
  // them to INT32_MIN, which must still end at the clamps).
  if (!k().tflite) {
    Run(Base().kernel_size(ks).channels(channels).width(2).huge_sums(true).output_zero_point(lo() + 1)
            .qmin(lo() + 3).seed(seed++));
  }
}

// Int8 weights of -128: every input and weight at -128 (every product 2^14),
// input zero point 0 so that the sums are large.
TEST_P(DwconvKernelTest, AllMinimum) {
  if (k().qu8) GTEST_SKIP() << "uint8 weights";
  uint32_t seed = 400;
  for (size_t ks : KernelSizes()) {
    Run(Base().kernel_size(ks).channels(2 * k().channel_tile + 1).width(2).all_min(true)
            .input_zero_point(0).output_zero_point(0).seed(seed++));
  }
}

std::string KernelName(const testing::TestParamInfo<DwconvKernel>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(QS8_QC8W_DWCONV, DwconvKernelTest, testing::ValuesIn(kQS8Dwconv), KernelName);
INSTANTIATE_TEST_SUITE_P(QU8_DWCONV, DwconvKernelTest, testing::ValuesIn(kQU8Dwconv), KernelName);
INSTANTIATE_TEST_SUITE_P(QS8_QC8W_TFLITE_DWCONV, DwconvKernelTest, testing::ValuesIn(kQS8TfliteDwconv), KernelName);
INSTANTIATE_TEST_SUITE_P(QU8_TFLITE_DWCONV, DwconvKernelTest, testing::ValuesIn(kQU8TfliteDwconv), KernelName);

// The configs choose a kernel for every kernel size and channel count; the
// wider tile (64 channels of tap quads beside 32 of tap pairs) only where it
// computes at most 1/8 more lanes than the narrow one.
TEST(DwconvConfig, ChoosesAKernelForEverySize) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  for (const xqnn_dwconv_config* config :
       {xqnn_get_qs8_qc8w_dwconv_config(), xqnn_get_qu8_dwconv_config(),
        xqnn_get_qs8_qc8w_tflite_dwconv_config(), xqnn_get_qu8_tflite_dwconv_config()}) {
    ASSERT_NE(config, nullptr);
    ASSERT_TRUE(config->wide.fn == nullptr ||
                (config->wide.channel_tile == 64 && config->ukernels[0].channel_tile == 32));
    for (size_t ks = 1; ks <= 100; ks++) {
      for (size_t channels : {1, 16, 32, 33, 64, 96, 144, 160, 192, 960}) {
        const xqnn_dwconv_ukernel* u = xqnn_choose_dwconv_ukernel(config, ks, channels);
        ASSERT_NE(u->fn, nullptr);
        EXPECT_TRUE(u->middle_pass_tile != 0 || ks <= u->first_pass_tile) << "kernel size " << ks;
        // Lanes computed, narrow / wide: 33 -> 64 / 64, 64 -> 64 / 64, 96 -> 96 / 128,
        // 144 -> 160 / 192, 160 -> 160 / 192, 192 -> 192 / 192, 960 -> 960 / 960.
        const bool fills_wide_tiles = channels == 33 || channels == 64 || channels == 192 || channels == 960;
        const bool wide = config->wide.fn != nullptr && ks <= config->wide.first_pass_tile && fills_wide_tiles;
        EXPECT_EQ(u->fn == config->wide.fn, wide) << "kernel size " << ks << ", " << channels << " channels";
      }
    }
  }
}

}  // namespace
