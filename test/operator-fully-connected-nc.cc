// Fully-connected QS8 / QS8-QC8W / QU8 operators against a naive reference
// written here from the definition, bit-exact, at every thread count, with
// fp32 and with TFLite requantization.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "operator-test-utils.h"
#include "xqnn.h"

namespace {

enum class FcType { kQS8, kQS8QC8W, kQU8 };

class FullyConnectedTester {
 public:
  FullyConnectedTester& type(FcType v) { type_ = v; return *this; }
  FullyConnectedTester& batch(size_t v) { batch_ = v; return *this; }
  FullyConnectedTester& input_channels(size_t v) { ic_ = v; return *this; }
  FullyConnectedTester& output_channels(size_t v) { oc_ = v; return *this; }
  FullyConnectedTester& input_stride(size_t v) { input_stride_ = v; return *this; }
  FullyConnectedTester& output_stride(size_t v) { output_stride_ = v; return *this; }
  FullyConnectedTester& transpose_weights(bool v) { transpose_ = v; return *this; }
  FullyConnectedTester& has_bias(bool v) { has_bias_ = v; return *this; }
  FullyConnectedTester& input_zero_point(int32_t v) { izp_ = v; return *this; }
  FullyConnectedTester& kernel_zero_point(int32_t v) { kzp_ = v; return *this; }
  FullyConnectedTester& output_zero_point(int32_t v) { ozp_ = v; return *this; }
  FullyConnectedTester& qmin(int32_t v) { qmin_ = v; return *this; }
  FullyConnectedTester& qmax(int32_t v) { qmax_ = v; return *this; }
  FullyConnectedTester& scale_spread(float v) { scale_spread_ = v; return *this; }
  FullyConnectedTester& input_scale(float v) { input_scale_ = v; return *this; }
  FullyConnectedTester& output_scale(float v) { output_scale_ = v; return *this; }
  FullyConnectedTester& seed(uint32_t v) { seed_ = v; return *this; }
  FullyConnectedTester& all_thread_counts(bool v) { all_thread_counts_ = v; return *this; }
  FullyConnectedTester& tflite(bool v) { tflite_ = v; return *this; }
  // Int8 types: half of the weights and of the input bytes are -128 (adjacent
  // (-128) * (-128) products overflow 16-bit pair sums).
  FullyConnectedTester& minus128(bool v) { minus128_ = v; return *this; }

  std::string Describe() const {
    return "type=" + std::to_string((int) type_) + " batch=" + std::to_string(batch_) +
           " ic=" + std::to_string(ic_) + " oc=" + std::to_string(oc_) +
           " istride=" + std::to_string(InputStride()) + " ostride=" + std::to_string(OutputStride()) +
           " transpose=" + std::to_string(transpose_) + " izp=" + std::to_string(izp_) +
           " kzp=" + std::to_string(kzp_) + " ozp=" + std::to_string(ozp_) + " range=[" +
           std::to_string(qmin_) + "," + std::to_string(qmax_) + "] seed=" + std::to_string(seed_) +
           (tflite_ ? " tflite" : "") + (minus128_ ? " minus128" : "");
  }

  void Test() const {
    SCOPED_TRACE(Describe());
    const bool qu8 = type_ == FcType::kQU8;
    std::mt19937 rng(seed_);
    const size_t istride = InputStride(), ostride = OutputStride();
    std::vector<uint8_t> input(batch_ == 0 ? XQNN_EXTRA_BYTES : (batch_ - 1) * istride + ic_ + XQNN_EXTRA_BYTES);
    std::vector<uint8_t> kernel(ic_ * oc_);  // [oc][ic] (or [ic][oc] when transposed)
    std::vector<int32_t> bias(oc_);
    FillRandom(rng, input, qu8 ? 0 : -128, qu8 ? 255 : 127);
    FillRandom(rng, kernel, qu8 ? 0 : -127, qu8 ? 255 : 127);
    FillRandom(rng, bias, -20000, 20000);
    if (minus128_ && !qu8) {
      for (auto& v : input) v = rng() % 2 == 0 ? 0x80 : v;
      for (auto& v : kernel) v = rng() % 2 == 0 ? 0x80 : v;
    }
    const float input_scale = input_scale_, output_scale = output_scale_;
    std::uniform_real_distribution<float> spread(0.0f, scale_spread_);
    std::vector<float> kernel_scale(oc_);
    for (auto& s : kernel_scale) s = 0x1.0p-9f * std::exp2(spread(rng));
    if (type_ != FcType::kQS8QC8W) std::fill(kernel_scale.begin(), kernel_scale.end(), kernel_scale[0]);

    // Reference.
    std::vector<int32_t> expected(batch_ * oc_);
    for (size_t b = 0; b < batch_; b++) {
      for (size_t n = 0; n < oc_; n++) {
        int64_t acc = has_bias_ ? bias[n] : 0;
        for (size_t k = 0; k < ic_; k++) {
          const uint8_t xb = input[b * istride + k];
          const uint8_t wb = transpose_ ? kernel[k * oc_ + n] : kernel[n * ic_ + k];
          const int32_t x = qu8 ? (int32_t) xb : (int32_t) (int8_t) xb;
          const int32_t w = qu8 ? (int32_t) wb - kzp_ : (int32_t) (int8_t) wb;
          acc += (int64_t) (x - izp_) * w;
        }
        const float scale = ReferenceRequantizationScale(input_scale, kernel_scale[n], output_scale);
        expected[b * oc_ + n] =
            tflite_ ? ReferenceRequantizeTflite(acc, input_scale, kernel_scale[n], output_scale,
                                                /*float_product=*/type_ != FcType::kQS8QC8W, ozp_, qmin_, qmax_)
                    : ReferenceRequantize(acc, scale, ozp_, qmin_, qmax_);
      }
    }

    const uint32_t flags = (transpose_ ? XQNN_FLAG_TRANSPOSE_WEIGHTS : 0) |
                           (tflite_ ? XQNN_FLAG_TFLITE_REQUANTIZATION : 0);
    xqnn_operator_t raw = nullptr;
    enum xqnn_status status;
    switch (type_) {
      case FcType::kQS8:
        status = xqnn_create_fully_connected_nc_qs8(
            ic_, oc_, istride, ostride, (int8_t) izp_, input_scale, kernel_scale[0],
            (const int8_t*) kernel.data(), has_bias_ ? bias.data() : nullptr, (int8_t) ozp_,
            output_scale, (int8_t) qmin_, (int8_t) qmax_, flags, &raw);
        break;
      case FcType::kQS8QC8W:
        status = xqnn_create_fully_connected_nc_qs8_qc8w(
            ic_, oc_, istride, ostride, (int8_t) izp_, input_scale, kernel_scale.data(),
            (const int8_t*) kernel.data(), has_bias_ ? bias.data() : nullptr, (int8_t) ozp_,
            output_scale, (int8_t) qmin_, (int8_t) qmax_, flags, &raw);
        break;
      case FcType::kQU8:
        status = xqnn_create_fully_connected_nc_qu8(
            ic_, oc_, istride, ostride, (uint8_t) izp_, input_scale, (uint8_t) kzp_, kernel_scale[0],
            kernel.data(), has_bias_ ? bias.data() : nullptr, (uint8_t) ozp_, output_scale,
            (uint8_t) qmin_, (uint8_t) qmax_, flags, &raw);
        break;
    }
    ASSERT_EQ(status, xqnn_status_success);
    OperatorPtr op(raw);
    // The caller may free its arrays right after create.
    std::fill(kernel.begin(), kernel.end(), 0);
    std::fill(bias.begin(), bias.end(), 0);

    const size_t output_size = batch_ == 0 ? 1 : (batch_ - 1) * ostride + oc_;
    for (size_t threads : all_thread_counts_ ? TestThreadCounts() : ThreadCountsForSeed(seed_)) {
      SCOPED_TRACE("threads=" + std::to_string(threads));
      std::vector<uint8_t> output(output_size + 16, kCanaryByte);
      switch (type_) {
        case FcType::kQS8:
          ASSERT_EQ(xqnn_reshape_fully_connected_nc_qs8(op.get(), batch_, TestThreadpool(threads)), xqnn_status_success);
          ASSERT_EQ(xqnn_setup_fully_connected_nc_qs8(op.get(), (const int8_t*) input.data(), (int8_t*) output.data()), xqnn_status_success);
          break;
        case FcType::kQS8QC8W:
          ASSERT_EQ(xqnn_reshape_fully_connected_nc_qs8_qc8w(op.get(), batch_, TestThreadpool(threads)), xqnn_status_success);
          ASSERT_EQ(xqnn_setup_fully_connected_nc_qs8_qc8w(op.get(), (const int8_t*) input.data(), (int8_t*) output.data()), xqnn_status_success);
          break;
        case FcType::kQU8:
          ASSERT_EQ(xqnn_reshape_fully_connected_nc_qu8(op.get(), batch_, TestThreadpool(threads)), xqnn_status_success);
          ASSERT_EQ(xqnn_setup_fully_connected_nc_qu8(op.get(), input.data(), output.data()), xqnn_status_success);
          break;
      }
      ASSERT_EQ(xqnn_run_operator(op.get(), TestThreadpool(threads)), xqnn_status_success);
      for (size_t i = 0; i < output.size(); i++) {
        const size_t b = i / ostride, n = i % ostride;
        if (b < batch_ && n < oc_) {
          const int32_t actual = qu8 ? (int32_t) output[i] : (int32_t) (int8_t) output[i];
          ASSERT_EQ(actual, expected[b * oc_ + n]) << "batch " << b << " channel " << n;
        } else {
          ASSERT_EQ(output[i], kCanaryByte) << "stray write at " << i;
        }
      }
    }
  }

 private:
  size_t InputStride() const { return input_stride_ != 0 ? input_stride_ : ic_; }
  size_t OutputStride() const { return output_stride_ != 0 ? output_stride_ : oc_; }

  FcType type_ = FcType::kQS8;
  size_t batch_ = 1, ic_ = 1, oc_ = 1, input_stride_ = 0, output_stride_ = 0;
  bool transpose_ = false, has_bias_ = true, all_thread_counts_ = false, tflite_ = false, minus128_ = false;
  int32_t izp_ = 0, kzp_ = 0, ozp_ = 0, qmin_ = -128, qmax_ = 127;
  float scale_spread_ = 0.0f, input_scale_ = 0.75f, output_scale_ = 1.5f;
  uint32_t seed_ = 1;
};

// Parameters: data type, TFLite requantization.
class FullyConnectedTest : public testing::TestWithParam<std::tuple<FcType, bool>> {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }
  FcType type() const { return std::get<0>(GetParam()); }
  bool qu8() const { return type() == FcType::kQU8; }
  int32_t lo() const { return qu8() ? 0 : -128; }
  int32_t hi() const { return qu8() ? 255 : 127; }
  FullyConnectedTester Base() const {
    return FullyConnectedTester().type(type()).tflite(std::get<1>(GetParam())).qmin(lo()).qmax(hi())
        .input_zero_point(qu8() ? 128 : 0).kernel_zero_point(qu8() ? 120 : 0).output_zero_point(qu8() ? 128 : 0)
        .scale_spread(type() == FcType::kQS8QC8W ? 10.0f : 0.0f);
  }
};

TEST_P(FullyConnectedTest, RandomShapes) {
  std::mt19937 rng(42);
  for (uint32_t i = 0; i < 60; i++) {
    std::uniform_int_distribution<size_t> small(1, 40);
    std::uniform_int_distribution<int32_t> zp(lo(), hi());
    const size_t ic = small(rng) * (i % 4 == 0 ? 5 : 1), oc = small(rng);
    Base().batch(small(rng) % 13 + 1).input_channels(ic).output_channels(oc)
        .input_stride(i % 3 == 0 ? ic + 7 : 0).output_stride(i % 5 == 0 ? oc + 3 : 0)
        .transpose_weights(i % 2 == 1).has_bias(i % 7 != 0)
        .input_zero_point(zp(rng)).kernel_zero_point(qu8() ? zp(rng) : 0).output_zero_point(zp(rng))
        .seed(i).Test();
  }
}

TEST_P(FullyConnectedTest, SameBitsAtEveryThreadCount) {
  Base().batch(37).input_channels(29).output_channels(67).all_thread_counts(true).seed(11).Test();
  Base().batch(1).input_channels(200).output_channels(130).all_thread_counts(true).seed(12).Test();
  Base().batch(130).input_channels(5).output_channels(3).all_thread_counts(true).seed(13).Test();
}

TEST_P(FullyConnectedTest, DegenerateShapes) {
  Base().batch(1).input_channels(1).output_channels(1).Test();
  Base().batch(0).input_channels(5).output_channels(3).Test();
  Base().batch(1).input_channels(1000).output_channels(1).Test();
  Base().batch(1).input_channels(1).output_channels(300).Test();
  Base().batch(37).input_channels(3).output_channels(5).Test();
}

TEST_P(FullyConnectedTest, ZeroPointExtremes) {
  uint32_t seed = 100;
  for (int32_t izp : {lo(), hi()}) {
    for (int32_t ozp : {lo(), hi()}) {
      for (int32_t kzp : {0, qu8() ? 255 : 0}) {
        Base().batch(5).input_channels(23).output_channels(9).input_zero_point(izp)
            .kernel_zero_point(kzp).output_zero_point(ozp).seed(seed++).Test();
      }
    }
  }
}

TEST_P(FullyConnectedTest, OutputRanges) {
  const int32_t zero = qu8() ? 10 : -120;
  Base().batch(7).input_channels(31).output_channels(17).output_zero_point(zero).qmin(zero).qmax(zero + 6).Test();  // ReLU6-like
  Base().batch(7).input_channels(31).output_channels(17).output_zero_point(qu8() ? 8 : 0).qmin(qu8() ? 0 : -8).qmax(qu8() ? 15 : 7).Test();  // 4-bit
  Base().batch(3).input_channels(4).output_channels(5).qmin(qu8() ? 3 : 3).qmax(qu8() ? 3 : 3).Test();
}

TEST_P(FullyConnectedTest, ScaleExtremes) {
  // Per-channel scales over 5 orders of magnitude (QC8W: requantization
  // scales 2^-10 .. 2^7), and the requantization scale near both ends of
  // [2^-32, 256): kernel scales are 2^-9 here.
  Base().batch(4).input_channels(50).output_channels(21).scale_spread(17.0f).seed(5).Test();
  Base().batch(4).input_channels(50).output_channels(21).scale_spread(0.0f).input_scale(0x1.0p-23f).output_scale(1.0f).seed(6).Test();
  Base().batch(4).input_channels(3).output_channels(21).scale_spread(0.0f).input_scale(0x1.0p+8f).output_scale(0x1.0p-7f).seed(7).Test();
}

// Int8 weights of -128 (half of the weights and inputs): accepted and exact on
// the MR-row and 1-row gemm kernels at every tier; the output scale follows the
// sums, which grow with the input channels (mean product ~ 64 * 64).
TEST_P(FullyConnectedTest, WeightsOfMinus128) {
  if (qu8()) GTEST_SKIP() << "uint8 weights";
  uint32_t seed = 700;
  for (size_t batch : {1, 2, 7}) {
    for (size_t ic : {8, 16, 40, 203}) {
      Base().minus128(true).batch(batch).input_channels(ic).output_channels(19).transpose_weights(ic == 40)
          .output_scale(1.5f * (float) ic / 16.0f).seed(seed++).Test();
    }
  }
  Base().minus128(true).batch(33).input_channels(64).output_channels(70).all_thread_counts(true)
      .output_scale(6.0f).seed(seed++).Test();
}

TEST_P(FullyConnectedTest, LargeAccumulators) {
  Base().batch(3).input_channels(70000).output_channels(2).input_zero_point(lo()).seed(9).Test();
}

INSTANTIATE_TEST_SUITE_P(Types, FullyConnectedTest,
                         testing::Combine(testing::Values(FcType::kQS8, FcType::kQS8QC8W, FcType::kQU8),
                                          testing::Bool()),
                         [](const testing::TestParamInfo<std::tuple<FcType, bool>>& info) {
                           const FcType t = std::get<0>(info.param);
                           return std::string(t == FcType::kQS8 ? "qs8" : t == FcType::kQU8 ? "qu8" : "qs8_qc8w") +
                                  (std::get<1>(info.param) ? "_tflite" : "");
                         });

// ---- bad input and state ----

class FullyConnectedErrors : public testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }
  enum xqnn_status CreateQS8(size_t ic, size_t oc, size_t is, size_t os, float in_scale, float k_scale,
                             float out_scale, const int8_t* kernel, int8_t qmin, int8_t qmax,
                             uint32_t flags, xqnn_operator_t* op) {
    return xqnn_create_fully_connected_nc_qs8(ic, oc, is, os, 0, in_scale, k_scale, kernel, nullptr,
                                              0, out_scale, qmin, qmax, flags, op);
  }
  std::vector<int8_t> kernel_ = std::vector<int8_t>(64, 1);
};

TEST_F(FullyConnectedErrors, CreateRejectsBadParameters) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  xqnn_operator_t op = reinterpret_cast<xqnn_operator_t>(0x1);  // must stay untouched on failure
  const int8_t* k = kernel_.data();
  EXPECT_EQ(CreateQS8(0, 4, 4, 4, 1, 1, 1, k, -128, 127, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(CreateQS8(4, 0, 4, 4, 1, 1, 1, k, -128, 127, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(CreateQS8(4, 4, 3, 4, 1, 1, 1, k, -128, 127, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(CreateQS8(4, 4, 4, 3, 1, 1, 1, k, -128, 127, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(CreateQS8(SIZE_MAX / 2, 4, SIZE_MAX / 2, 4, 1, 1, 1, k, -128, 127, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(CreateQS8(4, 4, 4, 4, 1, 1, 1, nullptr, -128, 127, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(CreateQS8(4, 4, 4, 4, 1, 1, 1, k, -128, 127, 0, nullptr), xqnn_status_invalid_parameter);
  for (float bad : {nan, inf, -inf, 0.0f, -1.0f}) {
    EXPECT_EQ(CreateQS8(4, 4, 4, 4, bad, 1, 1, k, -128, 127, 0, &op), xqnn_status_invalid_parameter) << bad;
    EXPECT_EQ(CreateQS8(4, 4, 4, 4, 1, bad, 1, k, -128, 127, 0, &op), xqnn_status_invalid_parameter) << bad;
    EXPECT_EQ(CreateQS8(4, 4, 4, 4, 1, 1, bad, k, -128, 127, 0, &op), xqnn_status_invalid_parameter) << bad;
  }
  // Requantization scale outside [2^-32, 256).
  EXPECT_EQ(CreateQS8(4, 4, 4, 4, 16, 16, 1, k, -128, 127, 0, &op), xqnn_status_unsupported_parameter);
  EXPECT_EQ(CreateQS8(4, 4, 4, 4, 1e-20f, 1e-20f, 1, k, -128, 127, 0, &op), xqnn_status_unsupported_parameter);
  EXPECT_EQ(CreateQS8(4, 4, 4, 4, 1, 1, 1, k, 5, 4, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(CreateQS8(4, 4, 4, 4, 1, 1, 1, k, -128, 127, 0x80, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(op, reinterpret_cast<xqnn_operator_t>(0x1));

  // Per-channel: NULL scales, one bad channel scale.
  std::vector<float> scales(4, 1.0f);
  EXPECT_EQ(xqnn_create_fully_connected_nc_qs8_qc8w(4, 4, 4, 4, 0, 1, nullptr, k, nullptr, 0, 1, -128, 127, 0, &op),
            xqnn_status_invalid_parameter);
  scales[3] = nan;
  EXPECT_EQ(xqnn_create_fully_connected_nc_qs8_qc8w(4, 4, 4, 4, 0, 1, scales.data(), k, nullptr, 0, 1, -128, 127, 0, &op),
            xqnn_status_invalid_parameter);
  scales[3] = 1000.0f;
  EXPECT_EQ(xqnn_create_fully_connected_nc_qs8_qc8w(4, 4, 4, 4, 0, 1, scales.data(), k, nullptr, 0, 1, -128, 127, 0, &op),
            xqnn_status_unsupported_parameter);
  // QU8: min > max, zero kernel scale.
  std::vector<uint8_t> k8(16, 3);
  EXPECT_EQ(xqnn_create_fully_connected_nc_qu8(4, 4, 4, 4, 0, 1, 0, 1, k8.data(), nullptr, 0, 1, 200, 100, 0, &op),
            xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_create_fully_connected_nc_qu8(4, 4, 4, 4, 0, 1, 0, 0.0f, k8.data(), nullptr, 0, 1, 0, 255, 0, &op),
            xqnn_status_invalid_parameter);
  EXPECT_EQ(op, reinterpret_cast<xqnn_operator_t>(0x1));
}

// TFLite requantization: the multiplier range is the fp32 scheme's, and QD8
// operators (which do not requantize) reject the flag.
TEST_F(FullyConnectedErrors, TfliteRequantizationFlag) {
  const uint32_t flag = XQNN_FLAG_TFLITE_REQUANTIZATION;
  xqnn_operator_t op = reinterpret_cast<xqnn_operator_t>(0x1);
  const int8_t* k = kernel_.data();
  EXPECT_EQ(CreateQS8(4, 4, 4, 4, 16, 16, 1, k, -128, 127, flag, &op), xqnn_status_unsupported_parameter);
  EXPECT_EQ(CreateQS8(4, 4, 4, 4, 1e-20f, 1e-20f, 1, k, -128, 127, flag, &op), xqnn_status_unsupported_parameter);
  EXPECT_EQ(CreateQS8(4, 4, 4, 4, std::numeric_limits<float>::quiet_NaN(), 1, 1, k, -128, 127, flag, &op),
            xqnn_status_invalid_parameter);
  std::vector<float> scales(4, 1.0f);
  EXPECT_EQ(xqnn_create_fully_connected_nc_qd8_f32_qc8w(4, 4, 4, 4, scales.data(), k, nullptr, -1.0f, 1.0f,
                                                         flag, &op),
            xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_create_fully_connected_nc_qd8_f16_qc8w(4, 4, 4, 4, scales.data(), k, nullptr, -1.0f, 1.0f,
                                                         flag, &op),
            xqnn_status_invalid_parameter);
  EXPECT_EQ(op, reinterpret_cast<xqnn_operator_t>(0x1));
  xqnn_operator_t raw = nullptr;
  ASSERT_EQ(CreateQS8(4, 4, 4, 4, 1, 0.5f, 1, k, -128, 127, flag | XQNN_FLAG_TRANSPOSE_WEIGHTS, &raw),
            xqnn_status_success);
  xqnn_delete_operator(raw);
}

TEST_F(FullyConnectedErrors, StateAndReshapeErrors) {
  xqnn_operator_t raw = nullptr;
  ASSERT_EQ(CreateQS8(4, 4, 4, 4, 1, 1, 1, kernel_.data(), -128, 127, 0, &raw), xqnn_status_success);
  OperatorPtr op(raw);
  std::vector<int8_t> in(64), out(64);
  EXPECT_EQ(xqnn_setup_fully_connected_nc_qs8(op.get(), in.data(), out.data()), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_run_operator(op.get(), nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_reshape_fully_connected_nc_qs8(nullptr, 1, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_fully_connected_nc_qs8(op.get(), SIZE_MAX / 2, nullptr), xqnn_status_invalid_parameter);
  // Wrong operator type for the entry point.
  EXPECT_EQ(xqnn_reshape_fully_connected_nc_qu8(op.get(), 1, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(xqnn_reshape_fully_connected_nc_qs8(op.get(), 2, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op.get(), nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_setup_fully_connected_nc_qs8(op.get(), nullptr, out.data()), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_setup_fully_connected_nc_qs8(op.get(), in.data(), nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_setup_fully_connected_nc_qs8(op.get(), in.data(), out.data()), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op.get(), nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op.get(), nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(nullptr, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_delete_operator(nullptr), xqnn_status_success);
}

}  // namespace
