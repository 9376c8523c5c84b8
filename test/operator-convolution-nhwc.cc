// convolution2d_nhwc_{qs8, qs8_qc8w, qu8} against the naive reference of
// convolution-operator-tester.h, plus bad-input and invalid-state tests.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "convolution-operator-tester.h"

namespace {

class Convolution : public testing::TestWithParam<ConvType> {
 protected:
  ConvType type() const { return GetParam(); }
  bool qu8() const { return GetParam() == ConvType::kQU8; }
  int32_t qmin() const { return qu8() ? 0 : -128; }
};

TEST_P(Convolution, Kernel1x1Gemm) {
  uint32_t seed = 1;
  for (size_t gic : {1, 3, 8, 17}) {
    for (size_t goc : {1, 4, 7}) {
      ConvolutionOperatorTester().kernel_size(1).group_input_channels(gic).group_output_channels(goc)
          .input_size(5, 4).batch_size(2).seed(seed++).Test(type());
    }
  }
  // Grouped 1x1, strided pixels.
  ConvolutionOperatorTester().kernel_size(1).groups(3).group_input_channels(5).group_output_channels(3)
      .input_size(3, 7).input_pixel_stride(19).output_pixel_stride(13).seed(seed++).Test(type());
}

TEST_P(Convolution, Kernel1x1StridedOrPadded) {
  ConvolutionOperatorTester().kernel_size(1).stride(2).group_input_channels(5).group_output_channels(6)
      .input_size(7, 6).seed(2).Test(type());
  ConvolutionOperatorTester().kernel_size(1).stride(3, 2).padding(1, 0, 2, 1).group_input_channels(3)
      .group_output_channels(5).input_size(5, 5).seed(3).Test(type());
}

TEST_P(Convolution, KernelSizesStridesDilations) {
  uint32_t seed = 10;
  for (uint32_t k : {3, 5, 7}) {
    for (uint32_t s : {1, 2, 3}) {
      for (uint32_t d : {1, 2}) {
        ConvolutionOperatorTester().kernel_size(k).stride(s).dilation(d).padding(k / 2)
            .group_input_channels(3).group_output_channels(5).input_size(9 + d * 2, 8 + d * 2)
            .seed(seed++).Test(type());
      }
    }
  }
}

TEST_P(Convolution, NonSquare) {
  ConvolutionOperatorTester().kernel_size(1, 3).stride(1, 2).dilation(2, 1).padding(0, 1, 0, 1)
      .group_input_channels(4).group_output_channels(3).input_size(6, 9).seed(20).Test(type());
  ConvolutionOperatorTester().kernel_size(5, 2).stride(2, 1).dilation(1, 2).padding(2, 0, 1, 1)
      .group_input_channels(2).group_output_channels(9).input_size(10, 5).seed(21).Test(type());
}

TEST_P(Convolution, AsymmetricPadding) {
  uint32_t seed = 30;
  const uint32_t paddings[][4] = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1},
                                  {2, 0, 1, 3}, {0, 4, 3, 0}};
  for (const auto& p : paddings) {
    ConvolutionOperatorTester().kernel_size(3).padding(p[0], p[1], p[2], p[3]).stride(2, 1)
        .group_input_channels(3).group_output_channels(4).input_size(6, 7).seed(seed++).Test(type());
  }
}

TEST_P(Convolution, SamePadding) {
  uint32_t seed = 40;
  for (uint32_t k : {1, 2, 3, 4, 5}) {
    for (uint32_t s : {1, 2, 3}) {
      ConvolutionOperatorTester().same_padding(true).kernel_size(k).stride(s)
          .group_input_channels(3).group_output_channels(4).input_size(7, 8).seed(seed++).Test(type());
    }
  }
  // Kernels smaller than the stride.
  ConvolutionOperatorTester().same_padding(true).kernel_size(1).stride(3).group_input_channels(2)
      .group_output_channels(3).input_size(10, 11).seed(seed++).Test(type());
  ConvolutionOperatorTester().same_padding(true).kernel_size(2).stride(3).group_input_channels(2)
      .group_output_channels(3).input_size(7, 5).seed(seed++).Test(type());
  // Images smaller than the kernel, dilation.
  ConvolutionOperatorTester().same_padding(true).kernel_size(5).group_input_channels(3)
      .group_output_channels(2).input_size(2, 3).seed(seed++).Test(type());
  ConvolutionOperatorTester().same_padding(true).kernel_size(7).stride(2).group_input_channels(3)
      .group_output_channels(2).input_size(1, 1).seed(seed++).Test(type());
  ConvolutionOperatorTester().same_padding(true).kernel_size(3).dilation(3).stride(2)
      .group_input_channels(2).group_output_channels(5).input_size(6, 4).seed(seed++).Test(type());
  // Depthwise (dwconv) with SAME padding.
  ConvolutionOperatorTester().same_padding(true).depthwise(7, 1).kernel_size(3).stride(2)
      .input_size(6, 5).seed(seed++).Test(type());
}

TEST_P(Convolution, Groups) {
  ConvolutionOperatorTester().kernel_size(3).padding(1).groups(3).group_input_channels(4)
      .group_output_channels(5).input_size(6, 6).seed(50).Test(type());
  ConvolutionOperatorTester().kernel_size(2).stride(2).groups(2).group_input_channels(7)
      .group_output_channels(1).input_size(7, 7).seed(51).Test(type());
  // Grouped layout with one channel per group (dwconv without the depthwise flag).
  ConvolutionOperatorTester().kernel_size(3).padding(1).groups(5).group_input_channels(1)
      .group_output_channels(1).input_size(5, 6).seed(52).Test(type());
  ConvolutionOperatorTester().kernel_size(1).groups(6).group_input_channels(1)
      .group_output_channels(1).input_size(3, 4).seed(53).Test(type());
}

TEST_P(Convolution, DepthwiseMultiplier1) {
  uint32_t seed = 60;
  // 3x3 and 5x5: unipass dwconv; 7x7, 1x1, 2x3 and 6x6: other tap counts / multipass.
  for (uint32_t k : {1, 3, 5, 7}) {
    for (uint32_t s : {1, 2}) {
      ConvolutionOperatorTester().depthwise(k == 7 ? 9 : 13, 1).kernel_size(k).stride(s).padding(k / 2)
          .input_size(8, 7).seed(seed++).Test(type());
    }
  }
  ConvolutionOperatorTester().depthwise(5, 1).kernel_size(2, 3).dilation(2).padding(1, 2, 0, 1)
      .input_size(6, 9).seed(seed++).Test(type());
  ConvolutionOperatorTester().depthwise(3, 1).kernel_size(6).padding(2, 3, 3, 2).stride(3)
      .input_size(9, 8).seed(seed++).Test(type());
  // More channels than one multipass chunk.
  ConvolutionOperatorTester().depthwise(600, 1).kernel_size(7).padding(3).input_size(3, 3)
      .seed(seed++).Test(type());
  ConvolutionOperatorTester().depthwise(600, 1).kernel_size(3).padding(1).input_size(2, 3)
      .seed(seed++).Test(type());
}

TEST_P(Convolution, DepthwiseMultiplier2) {
  ConvolutionOperatorTester().depthwise(5, 2).kernel_size(3).padding(1).input_size(6, 5).seed(70).Test(type());
  ConvolutionOperatorTester().depthwise(3, 2).kernel_size(5).stride(2).padding(2).input_size(7, 8).seed(71).Test(type());
  ConvolutionOperatorTester().depthwise(4, 3).kernel_size(1).input_size(4, 4).seed(72).Test(type());
}

TEST_P(Convolution, Batch) {
  ConvolutionOperatorTester().kernel_size(3).padding(1).group_input_channels(3).group_output_channels(4)
      .batch_size(3).input_size(5, 4).seed(80).Test(type());
  ConvolutionOperatorTester().depthwise(6, 1).kernel_size(3).padding(1).batch_size(3).input_size(4, 5)
      .seed(81).Test(type());
  ConvolutionOperatorTester().depthwise(6, 1).kernel_size(7).padding(3).batch_size(2).input_size(4, 5)
      .seed(82).Test(type());
}

TEST_P(Convolution, PixelStrides) {
  ConvolutionOperatorTester().kernel_size(3).padding(1).group_input_channels(3).group_output_channels(5)
      .input_pixel_stride(7).output_pixel_stride(11).batch_size(2).input_size(5, 5).seed(90).Test(type());
  ConvolutionOperatorTester().depthwise(5, 1).kernel_size(3).padding(1).input_pixel_stride(9)
      .output_pixel_stride(8).batch_size(2).input_size(4, 6).seed(91).Test(type());
  ConvolutionOperatorTester().depthwise(5, 1).kernel_size(7).padding(3).input_pixel_stride(6)
      .output_pixel_stride(13).input_size(4, 3).seed(92).Test(type());
  ConvolutionOperatorTester().depthwise(4, 2).kernel_size(3).padding(1).input_pixel_stride(5)
      .output_pixel_stride(10).input_size(3, 4).seed(93).Test(type());
}

TEST_P(Convolution, OnePixel) {
  ConvolutionOperatorTester().kernel_size(3).padding(1).group_input_channels(5).group_output_channels(3)
      .input_size(1, 1).seed(100).Test(type());
  ConvolutionOperatorTester().kernel_size(1).group_input_channels(5).group_output_channels(3)
      .input_size(1, 1).batch_size(3).seed(101).Test(type());
  ConvolutionOperatorTester().depthwise(7, 1).kernel_size(3).padding(1).input_size(1, 1).seed(102).Test(type());
  ConvolutionOperatorTester().kernel_size(3).group_input_channels(2).group_output_channels(3)
      .input_size(3, 3).batch_size(2).seed(103).Test(type());
}

// Single-pixel reshapes of operators on int16-weight kernels (AVX2 tier) run
// byte-weight kernels on a copy of the weights: K not a multiple of either
// packing's kr, columns past a 16-wide block, both requantization schemes,
// and reshapes that switch between the two weight copies.
TEST_P(Convolution, SinglePixelByteWeights) {
  for (bool tflite : {false, true}) {
    ConvolutionOperatorTester().kernel_size(1).group_input_channels(37).group_output_channels(45)
        .input_size(1, 1).next_input_size(4, 3).tflite(tflite).seed(104).Test(type());
    ConvolutionOperatorTester().kernel_size(1).group_input_channels(21).group_output_channels(17)
        .input_size(5, 5).next_input_size(1, 1).batch_size(2).tflite(tflite).seed(105).Test(type());
    ConvolutionOperatorTester().kernel_size(3).padding(1).group_input_channels(19).group_output_channels(33)
        .input_size(1, 1).next_input_size(3, 3).tflite(tflite).seed(106).Test(type());
    ConvolutionOperatorTester().kernel_size(1).groups(2).group_input_channels(6).group_output_channels(20)
        .input_size(1, 1).tflite(tflite).seed(107).Test(type());
  }
}

TEST_P(Convolution, OutputRange) {
  // ReLU6-like with zero point at the bottom, and [-8, 7] (4-bit emulation).
  const int32_t lo = qu8() ? 0 : -128;
  ConvolutionOperatorTester().kernel_size(3).padding(1).group_input_channels(4).group_output_channels(6)
      .output_zero_point(lo).output_range(lo, lo + 6).input_size(5, 5).seed(110).Test(type());
  ConvolutionOperatorTester().kernel_size(3).padding(1).group_input_channels(4).group_output_channels(6)
      .output_zero_point(qu8() ? 128 : 0).output_range(qu8() ? 120 : -8, qu8() ? 135 : 7)
      .input_size(5, 5).seed(111).Test(type());
  ConvolutionOperatorTester().depthwise(9, 1).kernel_size(3).padding(1)
      .output_zero_point(qu8() ? 128 : 0).output_range(qu8() ? 120 : -8, qu8() ? 135 : 7)
      .input_size(5, 5).seed(112).Test(type());
  ConvolutionOperatorTester().kernel_size(1).group_input_channels(4).group_output_channels(6)
      .output_zero_point(lo).output_range(lo, lo + 6).input_size(5, 5).seed(113).Test(type());
}

TEST_P(Convolution, ZeroPointExtremes) {
  uint32_t seed = 120;
  const int32_t lo = qu8() ? 0 : -128, hi = qu8() ? 255 : 127;
  for (int32_t izp : {lo, hi}) {
    for (int32_t ozp : {lo, hi}) {
      ConvolutionOperatorTester().kernel_size(3).padding(1).group_input_channels(3).group_output_channels(4)
          .input_zero_point(izp).output_zero_point(ozp).kernel_zero_point(qu8() ? hi : 0)
          .input_size(4, 5).seed(seed++).Test(type());
      ConvolutionOperatorTester().depthwise(5, 1).kernel_size(3).padding(1).input_zero_point(izp)
          .output_zero_point(ozp).kernel_zero_point(qu8() ? lo : 0).input_size(4, 5).seed(seed++).Test(type());
    }
  }
}

TEST_P(Convolution, ScaleSpread) {
  // Per-channel requantization scales spread over 2^-8 .. 2^8 around the useful one.
  ConvolutionOperatorTester().kernel_size(3).padding(1).group_input_channels(5).group_output_channels(16)
      .scale_spread(8.0f).input_size(5, 5).seed(130).Test(type());
  ConvolutionOperatorTester().depthwise(16, 1).kernel_size(3).padding(1).scale_spread(8.0f)
      .input_size(5, 5).seed(131).Test(type());
}

TEST_P(Convolution, NoBias) {
  ConvolutionOperatorTester().kernel_size(3).padding(1).group_input_channels(3).group_output_channels(4)
      .no_bias(true).input_size(4, 4).seed(140).Test(type());
  ConvolutionOperatorTester().depthwise(5, 1).kernel_size(3).no_bias(true).input_size(4, 4).seed(141).Test(type());
}

TEST_P(Convolution, Threads) {
  const std::vector<size_t> threads = TestThreadCounts();
  ConvolutionOperatorTester().kernel_size(3).padding(1).group_input_channels(5).group_output_channels(9)
      .batch_size(2).input_size(9, 7).threads(threads).seed(150).Test(type());
  ConvolutionOperatorTester().kernel_size(1).groups(2).group_input_channels(5).group_output_channels(9)
      .batch_size(2).input_size(9, 7).threads(threads).seed(151).Test(type());
  ConvolutionOperatorTester().depthwise(11, 1).kernel_size(3).padding(1).batch_size(2).input_size(9, 7)
      .threads(threads).seed(152).Test(type());
  ConvolutionOperatorTester().depthwise(11, 1).kernel_size(7).padding(3).batch_size(2).input_size(6, 5)
      .threads(threads).seed(153).Test(type());
  ConvolutionOperatorTester().kernel_size(3).padding(1).group_input_channels(3).group_output_channels(3)
      .input_size(1, 1).threads(threads).seed(154).Test(type());
}

TEST_P(Convolution, ReshapeTwice) {
  ConvolutionOperatorTester().kernel_size(3).padding(1).group_input_channels(3).group_output_channels(4)
      .input_size(4, 5).next_input_size(9, 7).seed(160).Test(type());
  ConvolutionOperatorTester().kernel_size(3).same_padding(true).stride(2).group_input_channels(3)
      .group_output_channels(4).input_size(9, 8).next_input_size(3, 2).seed(161).Test(type());
  ConvolutionOperatorTester().depthwise(6, 1).kernel_size(5).padding(2).input_size(3, 3)
      .next_input_size(8, 9).seed(162).Test(type());
  ConvolutionOperatorTester().kernel_size(1).group_input_channels(3).group_output_channels(4)
      .input_size(5, 5).next_input_size(2, 3).batch_size(2).seed(163).Test(type());
}

// Random geometries: kernel, stride, dilation, padding (explicit or SAME),
// depthwise / grouped / dense, pixel strides, batch.
void TestRandomShapes(ConvType type, bool tflite, uint32_t seed, int count) {
  std::mt19937 rng(seed + (uint32_t) type);
  auto pick = [&](uint32_t lo, uint32_t hi) { return std::uniform_int_distribution<uint32_t>(lo, hi)(rng); };
  for (int i = 0; i < count; i++) {
    ConvolutionOperatorTester t;
    t.tflite(tflite);
    const uint32_t kh = pick(1, 5), kw = pick(1, 5);
    t.kernel_size(kh, kw).stride(pick(1, 3), pick(1, 3)).dilation(pick(1, 2), pick(1, 2));
    if (pick(0, 3) == 0) {
      t.same_padding(true);
    } else {
      t.padding(pick(0, kh), pick(0, kw), pick(0, kh), pick(0, kw));
    }
    const uint32_t kind = pick(0, 3);
    size_t in_channels, out_channels;
    if (kind == 0) {
      const uint32_t c = pick(1, 12), m = pick(1, 2);
      t.depthwise(c, m);
      in_channels = c;
      out_channels = c * m;
    } else {
      const uint32_t g = kind == 1 ? pick(2, 3) : 1;
      const size_t gic = pick(1, 9), goc = pick(1, 9);
      t.groups(g).group_input_channels(gic).group_output_channels(goc);
      in_channels = g * gic;
      out_channels = g * goc;
    }
    if (pick(0, 2) == 0) t.input_pixel_stride(in_channels + pick(1, 5)).output_pixel_stride(out_channels + pick(1, 5));
    // Large enough for an output with any padding choice above.
    const size_t ekh = (kh - 1) * 2 + 1, ekw = (kw - 1) * 2 + 1;
    t.input_size(ekh + pick(0, 6), ekw + pick(0, 6)).batch_size(pick(1, 2)).seed(seed + 1000 + i);
    t.Test(type);
  }
}

TEST_P(Convolution, RandomShapes) { TestRandomShapes(type(), /*tflite=*/false, 1000, 24); }

// TFLite requantization: the gemm (1x1), igemm and dwconv paths, then random geometries.
TEST_P(Convolution, TfliteRequantization) {
  ConvolutionOperatorTester().tflite(true).kernel_size(1).group_input_channels(17).group_output_channels(7)
      .input_size(5, 4).batch_size(2).seed(170).Test(type());
  ConvolutionOperatorTester().tflite(true).kernel_size(3).same_padding(true).stride(2).group_input_channels(3)
      .group_output_channels(9).input_size(9, 8).seed(171).Test(type());
  ConvolutionOperatorTester().tflite(true).depthwise(11, 1).kernel_size(3).padding(1).input_size(6, 7)
      .seed(172).Test(type());
  ConvolutionOperatorTester().tflite(true).depthwise(5, 2).kernel_size(7).padding(3).input_size(6, 5)
      .seed(173).Test(type());
  ConvolutionOperatorTester().tflite(true).kernel_size(3).padding(1).group_input_channels(5)
      .group_output_channels(9).batch_size(2).input_size(9, 7).threads(TestThreadCounts()).seed(174).Test(type());
  TestRandomShapes(type(), /*tflite=*/true, 3000, 16);
}

// Int8 weights of -128 (half of the weights and of the inputs): accepted, and
// exact on every path at every tier (create then chooses full-range kernels).
// gic >= 16 so that gemm / igemm kernels see several 8-element K blocks per tap.
TEST_P(Convolution, WeightsOfMinus128) {
  if (qu8()) GTEST_SKIP() << "uint8 weights";
  for (bool tflite : {false, true}) {
    uint32_t seed = tflite ? 190 : 180;
    // gemm (1x1), the 1-row gemm (one pixel), igemm, igemm over one pixel, dwconv.
    ConvolutionOperatorTester().minus128(true).tflite(tflite).kernel_size(1).group_input_channels(40)
        .group_output_channels(19).input_size(5, 4).batch_size(2).seed(seed++).Test(type());
    ConvolutionOperatorTester().minus128(true).tflite(tflite).kernel_size(1).group_input_channels(33)
        .group_output_channels(9).input_size(1, 1).seed(seed++).Test(type());
    ConvolutionOperatorTester().minus128(true).tflite(tflite).kernel_size(3).padding(1).group_input_channels(24)
        .group_output_channels(17).input_size(6, 5).threads(TestThreadCounts()).seed(seed++).Test(type());
    ConvolutionOperatorTester().minus128(true).tflite(tflite).kernel_size(3).groups(2).group_input_channels(17)
        .group_output_channels(5).input_size(3, 3).seed(seed++).Test(type());
    ConvolutionOperatorTester().minus128(true).tflite(tflite).depthwise(19, 1).kernel_size(3).padding(1)
        .input_size(5, 6).seed(seed++).Test(type());
    ConvolutionOperatorTester().minus128(true).tflite(tflite).depthwise(7, 1).kernel_size(7).padding(3)
        .input_size(4, 4).seed(seed++).Test(type());
  }
}

INSTANTIATE_TEST_SUITE_P(Types, Convolution,
                         testing::Values(ConvType::kQS8, ConvType::kQS8QC8W, ConvType::kQU8),
                         [](const testing::TestParamInfo<ConvType>& info) {
                           return std::string(ConvTypeName(info.param));
                         });

// ---- bad input ----

class ConvolutionBadInput : public testing::TestWithParam<ConvType> {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }
  ConvType type() const { return GetParam(); }
  bool qu8() const { return GetParam() == ConvType::kQU8; }

  // Valid arguments (3x3, groups 1, 3 -> 5 channels) over buffers owned here.
  ConvCreateArgs Valid() {
    ConvCreateArgs a;
    kernel_.assign(kMaxKernel, qu8() ? 130 : 3);
    bias_.assign(64, 7);
    scales_.assign(64, 0.25f);
    a.kernel = kernel_.data();
    a.bias = bias_.data();
    a.kernel_scales = scales_.data();
    a.output_min = qu8() ? 0 : -128;
    a.output_max = qu8() ? 255 : 127;
    return a;
  }
  xqnn_status Create(const ConvCreateArgs& a) {
    xqnn_operator_t op = reinterpret_cast<xqnn_operator_t>(&sentinel_);
    const xqnn_status status = CreateConvolution(type(), a, &op);
    if (status == xqnn_status_success) {
      xqnn_delete_operator(op);
    } else {
      EXPECT_EQ(op, reinterpret_cast<xqnn_operator_t>(&sentinel_)) << "output written on failure";
    }
    return status;
  }

  static constexpr size_t kMaxKernel = 4096;
  std::vector<uint8_t> kernel_;
  std::vector<int32_t> bias_;
  std::vector<float> scales_;
  int sentinel_ = 0;
};

TEST_P(ConvolutionBadInput, ValidBaseline) {
  EXPECT_EQ(Create(Valid()), xqnn_status_success);
}

TEST_P(ConvolutionBadInput, NullPointers) {
  ConvCreateArgs a = Valid();
  a.kernel = nullptr;
  EXPECT_EQ(Create(a), xqnn_status_invalid_parameter);
  a = Valid();
  EXPECT_EQ(CreateConvolution(type(), a, nullptr), xqnn_status_invalid_parameter);
  if (type() == ConvType::kQS8QC8W) {
    a.kernel_scales = nullptr;
    EXPECT_EQ(Create(a), xqnn_status_invalid_parameter);
  }
}

TEST_P(ConvolutionBadInput, ZeroSizes) {
  const auto check = [&](void (*mutate)(ConvCreateArgs&)) {
    ConvCreateArgs a = Valid();
    mutate(a);
    EXPECT_EQ(Create(a), xqnn_status_invalid_parameter);
  };
  check([](ConvCreateArgs& a) { a.kernel_height = 0; });
  check([](ConvCreateArgs& a) { a.kernel_width = 0; });
  check([](ConvCreateArgs& a) { a.stride_height = 0; });
  check([](ConvCreateArgs& a) { a.stride_width = 0; });
  check([](ConvCreateArgs& a) { a.dilation_height = 0; });
  check([](ConvCreateArgs& a) { a.dilation_width = 0; });
  check([](ConvCreateArgs& a) { a.groups = 0; });
  check([](ConvCreateArgs& a) { a.gic = 0; });
  check([](ConvCreateArgs& a) { a.goc = 0; });
  check([](ConvCreateArgs& a) { a.input_stride = 2; });   // < groups * gic = 3
  check([](ConvCreateArgs& a) { a.output_stride = 4; });  // < groups * goc = 5
}

TEST_P(ConvolutionBadInput, OverflowingSizes) {
  const size_t huge = std::numeric_limits<size_t>::max() / 2 + 1;
  ConvCreateArgs a = Valid();
  a.gic = huge;
  a.input_stride = huge;
  EXPECT_EQ(Create(a), xqnn_status_invalid_parameter);
  a = Valid();
  a.groups = 1u << 31;
  a.gic = (size_t) 1 << (4 * sizeof(size_t) + 1);  // 2^33 (2^17 with a 32-bit size_t)
  a.input_stride = std::numeric_limits<size_t>::max();
  EXPECT_EQ(Create(a), xqnn_status_invalid_parameter);
  a = Valid();
  a.goc = (size_t) 1 << (8 * sizeof(size_t) - 24);  // 2^40 (2^8 with a 32-bit size_t)
  a.output_stride = a.goc;
  a.kernel_height = a.kernel_width = 1u << 16;
  EXPECT_EQ(Create(a), xqnn_status_invalid_parameter);
  // Effective kernel beyond 2^32 - 1.
  a = Valid();
  a.dilation_height = 0x80000000u;
  EXPECT_EQ(Create(a), xqnn_status_invalid_parameter);
}

TEST_P(ConvolutionBadInput, Scales) {
  const float bad[] = {0.0f, -1.0f, std::nanf(""), std::numeric_limits<float>::infinity(),
                       -std::numeric_limits<float>::infinity()};
  for (float s : bad) {
    ConvCreateArgs a = Valid();
    a.input_scale = s;
    EXPECT_EQ(Create(a), xqnn_status_invalid_parameter) << "input scale " << s;
    a = Valid();
    a.output_scale = s;
    EXPECT_EQ(Create(a), xqnn_status_invalid_parameter) << "output scale " << s;
    a = Valid();
    a.kernel_scale = s;
    scales_[4] = s;  // qc8w: the last channel
    EXPECT_EQ(Create(a), xqnn_status_invalid_parameter) << "kernel scale " << s;
  }
  // Requantization scale out of [2^-32, 256): unsupported.
  ConvCreateArgs a = Valid();
  a.input_scale = 1.0f;
  a.kernel_scale = 256.0f;
  scales_.assign(64, 1.0f);
  scales_[2] = 256.0f;
  a.output_scale = 1.0f;
  EXPECT_EQ(Create(a), xqnn_status_unsupported_parameter);
  a = Valid();
  a.input_scale = 0x1.0p-20f;
  a.kernel_scale = 0x1.0p-13f;
  scales_.assign(64, 1.0f);
  scales_[0] = 0x1.0p-13f;
  a.kernel_scales = scales_.data();
  a.output_scale = 1.0f;  // 2^-20 * 2^-13 = 2^-33 < 2^-32
  EXPECT_EQ(Create(a), xqnn_status_unsupported_parameter);
  // Just inside the range.
  a = Valid();
  a.input_scale = 1.0f;
  a.output_scale = 1.0f;
  a.kernel_scale = 255.0f;
  scales_.assign(64, 255.0f);
  EXPECT_EQ(Create(a), xqnn_status_success);
}

TEST_P(ConvolutionBadInput, OutputRangeAndFlags) {
  ConvCreateArgs a = Valid();
  a.output_min = qu8() ? 100 : 10;
  a.output_max = qu8() ? 99 : 9;
  EXPECT_EQ(Create(a), xqnn_status_invalid_parameter);
  a = Valid();
  a.flags = XQNN_FLAG_TENSORFLOW_SAME_PADDING;
  a.pad_left = 1;
  EXPECT_EQ(Create(a), xqnn_status_invalid_parameter);
  a = Valid();
  a.flags = XQNN_FLAG_DEPTHWISE_CONVOLUTION;  // gic == 3
  EXPECT_EQ(Create(a), xqnn_status_invalid_parameter);
  a = Valid();
  a.flags = 0x100;
  EXPECT_EQ(Create(a), xqnn_status_invalid_parameter);
  a = Valid();
  a.flags = XQNN_FLAG_TRANSPOSE_WEIGHTS;  // a fully-connected flag
  EXPECT_EQ(Create(a), xqnn_status_invalid_parameter);
}

TEST_P(ConvolutionBadInput, ReshapeAndSetup) {
  ConvCreateArgs a = Valid();
  xqnn_operator_t raw = nullptr;
  ASSERT_EQ(CreateConvolution(type(), a, &raw), xqnn_status_success);
  OperatorPtr op(raw);
  std::vector<uint8_t> in(1024), out(1024);
  size_t oh = 0, ow = 0;
  // Before reshape.
  EXPECT_EQ(SetupConvolution(type(), op.get(), in.data(), out.data()), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_run_operator(op.get(), nullptr), xqnn_status_invalid_state);
  // Bad reshapes.
  EXPECT_EQ(ReshapeConvolution(type(), nullptr, 1, 5, 5, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(ReshapeConvolution(type(), op.get(), 1, 0, 5, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(ReshapeConvolution(type(), op.get(), 1, 5, 0, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(ReshapeConvolution(type(), op.get(), 1, 2, 5, &oh, &ow, nullptr), xqnn_status_invalid_parameter)
      << "input smaller than the kernel without padding";
  const size_t huge = std::numeric_limits<size_t>::max() / 4;
  EXPECT_EQ(ReshapeConvolution(type(), op.get(), huge, 5, 5, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(ReshapeConvolution(type(), op.get(), 1, huge, huge, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(ReshapeConvolution(type(), op.get(), 1, std::numeric_limits<size_t>::max(), 5, &oh, &ow, nullptr),
            xqnn_status_invalid_parameter);
  // A failed reshape leaves the operator needing a reshape.
  EXPECT_EQ(SetupConvolution(type(), op.get(), in.data(), out.data()), xqnn_status_invalid_state);
  // Reshape succeeds; setup with NULL pointers fails; run before setup is invalid_state.
  ASSERT_EQ(ReshapeConvolution(type(), op.get(), 1, 5, 5, &oh, &ow, nullptr), xqnn_status_success);
  EXPECT_EQ(oh, 3u);
  EXPECT_EQ(ow, 3u);
  EXPECT_EQ(xqnn_run_operator(op.get(), nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(SetupConvolution(type(), op.get(), nullptr, out.data()), xqnn_status_invalid_parameter);
  EXPECT_EQ(SetupConvolution(type(), op.get(), in.data(), nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(SetupConvolution(type(), nullptr, in.data(), out.data()), xqnn_status_invalid_parameter);
  ASSERT_EQ(SetupConvolution(type(), op.get(), in.data(), out.data()), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op.get(), nullptr), xqnn_status_success);
  // Batch 0: nothing to do, nothing written.
  std::fill(out.begin(), out.end(), 0xA5);
  ASSERT_EQ(ReshapeConvolution(type(), op.get(), 0, 5, 5, &oh, &ow, nullptr), xqnn_status_success);
  ASSERT_EQ(SetupConvolution(type(), op.get(), nullptr, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op.get(), nullptr), xqnn_status_success);
  for (uint8_t v : out) ASSERT_EQ(v, 0xA5);
  // Wrong operator type.
  const ConvType other = type() == ConvType::kQU8 ? ConvType::kQS8 : ConvType::kQU8;
  EXPECT_EQ(ReshapeConvolution(other, op.get(), 1, 5, 5, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(SetupConvolution(other, op.get(), in.data(), out.data()), xqnn_status_invalid_parameter);
}

TEST_P(ConvolutionBadInput, SamePaddingNeverFails) {
  // SAME padding always has an output, even for 1x1 images and huge dilation.
  ConvCreateArgs a = Valid();
  a.flags = XQNN_FLAG_TENSORFLOW_SAME_PADDING;
  a.dilation_height = a.dilation_width = 1000;
  a.stride_height = 3;
  xqnn_operator_t raw = nullptr;
  ASSERT_EQ(CreateConvolution(type(), a, &raw), xqnn_status_success);
  OperatorPtr op(raw);
  size_t oh = 0, ow = 0;
  ASSERT_EQ(ReshapeConvolution(type(), op.get(), 1, 1, 2, &oh, &ow, nullptr), xqnn_status_success);
  EXPECT_EQ(oh, 1u);
  EXPECT_EQ(ow, 2u);
}

INSTANTIATE_TEST_SUITE_P(Types, ConvolutionBadInput,
                         testing::Values(ConvType::kQS8, ConvType::kQS8QC8W, ConvType::kQU8),
                         [](const testing::TestParamInfo<ConvType>& info) {
                           return std::string(ConvTypeName(info.param));
                         });

// QD8 convolutions do not requantize: XQNN_FLAG_TFLITE_REQUANTIZATION is an error.
TEST(ConvolutionFlags, QD8RejectsTfliteRequantization) {
  ExpectRejectsTfliteRequantization(xqnn_create_convolution2d_nhwc_qd8_f32_qc8w, 1, 1);
  ExpectRejectsTfliteRequantization(xqnn_create_convolution2d_nhwc_qd8_f16_qc8w, 1, 1);
}

}  // namespace
