// tools/tflite: LOGISTIC, TANH, HARD_SWISH and LEAKY_RELU models written by the
// test builder, run through the runtime (lut_elementwise_nc_x8) and compared
// bit for bit with references written here from TensorFlow Lite 2.9's
// definitions (tensorflow/lite/kernels/activations.cc PopulateLookupTable,
// HardSwishPrepare, LeakyReluPrepare; kernels/internal/reference/hard_swish.h
// and QuantizeLeakyRelu; gemmlowp fixedpoint), element by element without any
// table. Every input byte value occurs. Each result is also checked to lie
// within a unit or two of the exact real function, so that a misreading of
// TFLite shared by the reference and the runner would still show; and at the
// end, eight single-op models against TensorFlow Lite 2.9's own outputs.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "model.h"
#include "runtime.h"
#include "schema.h"
#include "tflite-builder.h"
#include "tflite-run-model.h"
#include "tflite-requantization-reference.h"
#include "tflite-test-util.h"

namespace tb = tflite_builder;

namespace {

using xqt_test::RunModel;

struct Quant {
  float input_scale;
  int32_t input_zp;
  float output_scale;
  int32_t output_zp;
  float alpha = 0.0f;  // LEAKY_RELU
};

// ---- TFLite's definitions ----

// activations.cc PopulateLookupTable<T> with transform `f`, one value at a time.
template <typename T, typename F>
int32_t PopulateLookupTableValue(int32_t val, const Quant& q, F f) {
  const float inverse_scale = 1 / q.output_scale;
  const float dequantized = q.input_scale * (val - q.input_zp);
  const float transformed = f(dequantized);
  const float rescaled = std::round(transformed * inverse_scale);
  const int32_t quantized = static_cast<int32_t>(rescaled + q.output_zp);
  return std::max<int32_t>(std::min<int32_t>(std::numeric_limits<T>::max(), quantized), std::numeric_limits<T>::min());
}

// gemmlowp fixedpoint, int16 instantiations.
int16_t SaturatingRoundingDoublingHighMul16(int16_t a, int16_t b) {
  const bool overflow = a == b && a == std::numeric_limits<int16_t>::min();
  const int32_t ab = static_cast<int32_t>(a) * static_cast<int32_t>(b);
  const int16_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  const int16_t high = static_cast<int16_t>((ab + nudge) / (1 << 15));
  return overflow ? std::numeric_limits<int16_t>::max() : high;
}
int16_t RoundingDivideByPOT16(int16_t x, int exponent) {
  const int16_t mask = static_cast<int16_t>((1ll << exponent) - 1);
  const int16_t zero = 0, one = 1;
  const int16_t remainder = static_cast<int16_t>(x & mask);
  const int16_t threshold = static_cast<int16_t>((mask >> 1) + ((x < zero ? -1 : 0) & one));
  return static_cast<int16_t>((x >> exponent) + ((remainder > threshold ? -1 : 0) & one));
}
// reference/hard_swish.h.
int16_t SaturatingLeftShift(int16_t value, int amount) {
  int64_t result = static_cast<int64_t>(value) * (1 << amount);
  result = std::min<int64_t>(result, std::numeric_limits<int16_t>::max());
  result = std::max<int64_t>(result, std::numeric_limits<int16_t>::min());
  return static_cast<int16_t>(result);
}
int16_t SaturatingDoublingHighMul(int16_t a, int16_t b) {
  const bool overflow = a == b && a == std::numeric_limits<int16_t>::min();
  const int32_t ab = static_cast<int32_t>(a) * static_cast<int32_t>(b);
  const int16_t high = static_cast<int16_t>(ab / (1 << 15));
  return overflow ? std::numeric_limits<int16_t>::max() : high;
}
// activations.cc DownScaleInt32ToInt16Multiplier.
int16_t DownScaleInt32ToInt16Multiplier(int32_t m) {
  constexpr int32_t kRoundingOffset = 1 << 15;
  if (m >= std::numeric_limits<int32_t>::max() - kRoundingOffset) return std::numeric_limits<int16_t>::max();
  return static_cast<int16_t>((m + kRoundingOffset) >> 16);
}

template <typename T>
int32_t HardSwishValue(int32_t in, const Quant& q) {
  // HardSwishPrepare.
  const float hires_input_scale = (1.0f / 128.0f) * q.input_scale;
  const float reluish_scale = 3.0f / 32768.0f;
  const float output_multiplier = hires_input_scale / q.output_scale;
  const tflite_reference::Multiplier om = tflite_reference::QuantizeMultiplier(output_multiplier);
  const int16_t output_fixedpoint = DownScaleInt32ToInt16Multiplier(om.multiplier);
  const float reluish_multiplier = hires_input_scale / reluish_scale;
  const tflite_reference::Multiplier rm = tflite_reference::QuantizeMultiplier(reluish_multiplier);
  const int16_t reluish_fixedpoint = DownScaleInt32ToInt16Multiplier(rm.multiplier);
  const int output_exponent = om.exponent, reluish_exponent = rm.exponent;
  // reference_ops::HardSwish, one element.
  const int16_t input_value = static_cast<int16_t>(in - q.input_zp);
  const int16_t input_value_on_hires_input_scale = static_cast<int16_t>(input_value * (1 << 7));
  const int16_t input_value_on_preshift_output_scale =
      SaturatingRoundingDoublingHighMul16(input_value_on_hires_input_scale, output_fixedpoint);
  int16_t reluish_value = input_value_on_hires_input_scale;
  if (reluish_exponent > 0) reluish_value = SaturatingLeftShift(reluish_value, reluish_exponent - 1);
  reluish_value = SaturatingRoundingDoublingHighMul16(reluish_value, reluish_fixedpoint);
  if (reluish_exponent > 0) reluish_value = SaturatingLeftShift(reluish_value, 1);
  if (reluish_exponent < 0) reluish_value = RoundingDivideByPOT16(reluish_value, -reluish_exponent);
  reluish_value = static_cast<int16_t>((reluish_value + (1 << 15)) >> 1);
  const int16_t preshift_output_value = SaturatingDoublingHighMul(reluish_value, input_value_on_preshift_output_scale);
  int16_t output_value = RoundingDivideByPOT16(preshift_output_value, -output_exponent);
  output_value = static_cast<int16_t>(output_value + q.output_zp);
  output_value = std::min<int16_t>(output_value, std::numeric_limits<T>::max());
  output_value = std::max<int16_t>(output_value, std::numeric_limits<T>::min());
  return output_value;
}

// LeakyReluPrepare + reference_ops::QuantizeLeakyRelu; MultiplyByQuantizedMultiplier
// of kernels/internal/common.h: gemmlowp's RoundingDivideByPOT (ties away from zero).
template <typename T>
int32_t LeakyReluValue(int32_t in, const Quant& q) {
  const double alpha_multiplier = q.input_scale * q.alpha / q.output_scale;
  const double identity_multiplier = q.input_scale / q.output_scale;
  const tflite_reference::Multiplier ma = tflite_reference::QuantizeMultiplier(alpha_multiplier);
  const tflite_reference::Multiplier mi = tflite_reference::QuantizeMultiplier(identity_multiplier);
  auto multiply = [](int32_t x, tflite_reference::Multiplier m) {
    const int left = m.exponent > 0 ? m.exponent : 0, right = m.exponent > 0 ? 0 : -m.exponent;
    return tflite_reference::RoundingDivideByPOT(
        tflite_reference::SaturatingRoundingDoublingHighMul(x * (1 << left), m.multiplier), right);
  };
  const int32_t input_value = in - q.input_zp;
  const int32_t unclamped =
      q.output_zp + (input_value >= 0 ? multiply(input_value, mi) : multiply(input_value, ma));
  return std::min<int32_t>(std::numeric_limits<T>::max(), std::max<int32_t>(std::numeric_limits<T>::min(), unclamped));
}

template <typename T>
int32_t TfliteValue(int32_t opcode, int32_t in, const Quant& q) {
  switch (opcode) {
    case XQT_OP_LOGISTIC:
      return PopulateLookupTableValue<T>(in, q, [](float value) { return 1.0f / (1.0f + std::exp(-value)); });
    case XQT_OP_TANH:
      return PopulateLookupTableValue<T>(in, q, [](float value) { return std::tanh(value); });
    case XQT_OP_HARD_SWISH: return HardSwishValue<T>(in, q);
    case XQT_OP_LEAKY_RELU: return LeakyReluValue<T>(in, q);
  }
  return 0;
}

double ExactFunction(int32_t opcode, double x, double alpha) {
  switch (opcode) {
    case XQT_OP_LOGISTIC: return 1.0 / (1.0 + std::exp(-x));
    case XQT_OP_TANH: return std::tanh(x);
    case XQT_OP_HARD_SWISH: return x * std::min(std::max(x + 3.0, 0.0), 6.0) / 6.0;
    case XQT_OP_LEAKY_RELU: return x >= 0.0 ? x : alpha * x;
  }
  return 0.0;
}

void Check(int32_t opcode, bool is_signed, const Quant& q, const std::vector<int32_t>& shape, size_t threads,
           double tolerance_units) {
  const int8_t type = is_signed ? tb::kInt8 : tb::kUInt8;
  tb::ModelSpec spec;
  spec.tensors.push_back({shape, type, {}, {q.input_scale}, {q.input_zp}, 0, "input"});
  spec.tensors.push_back({shape, type, {}, {q.output_scale}, {q.output_zp}, 0, "output"});
  if (opcode == XQT_OP_LEAKY_RELU) {
    spec.ops.push_back({opcode, {0}, {1}, XQT_OPTIONS_LEAKY_RELU,
                        tb::Scalar<float>(tb::Table(), XQT_LEAKY_RELU_ALPHA, q.alpha)});
  } else {
    spec.ops.push_back({opcode, {0}, {1}, 0, nullptr});
  }
  spec.inputs = {0};
  spec.outputs = {1};
  size_t n = 1;
  for (int32_t d : shape) n *= static_cast<size_t>(d);
  std::vector<uint8_t> x(n);
  std::mt19937 rng(static_cast<uint32_t>(opcode * 7 + n));
  for (size_t i = 0; i < n; i++) x[i] = i < 256 ? static_cast<uint8_t>(i) : static_cast<uint8_t>(rng());
  const std::vector<uint8_t> y = RunModel(spec, x, threads);
  ASSERT_EQ(y.size(), n);
  const int32_t qmin = is_signed ? -128 : 0, qmax = is_signed ? 127 : 255;
  for (size_t i = 0; i < n; i++) {
    const int32_t in = is_signed ? static_cast<int8_t>(x[i]) : x[i];
    const int32_t expected = is_signed ? TfliteValue<int8_t>(opcode, in, q) : TfliteValue<uint8_t>(opcode, in, q);
    const int32_t actual = is_signed ? static_cast<int8_t>(y[i]) : y[i];
    ASSERT_EQ(actual, expected) << xqt_op_name(opcode) << (is_signed ? " int8" : " uint8") << " input " << in
                                << " scales " << q.input_scale << "/" << q.output_scale << " zero points "
                                << q.input_zp << "/" << q.output_zp << " alpha " << q.alpha;
    // Independent sanity: within tolerance_units of the exact value, clamped.
    const double exact = ExactFunction(opcode, q.input_scale * (in - q.input_zp), q.alpha) / q.output_scale + q.output_zp;
    const double clamped = std::min<double>(std::max<double>(exact, qmin), qmax);
    EXPECT_LE(std::fabs(actual - clamped), tolerance_units) << xqt_op_name(opcode) << " input " << in;
  }
}

}  // namespace

// The quantizations TFLite's converter gives these ops, plus other scales.
TEST(TfliteActivations, LogisticAndTanh) {
  for (bool s8 : {true, false}) {
    const int32_t off = s8 ? 0 : 128;
    for (float in_scale : {0.02f, 0.0625f, 0.17f, 1.3f}) {
      for (int32_t in_zp : {-128, -3, 0, 40, 127}) {
        Check(XQT_OP_LOGISTIC, s8, {in_scale, in_zp + off, 1.0f / 256, s8 ? -128 : 0}, {2, 3, 7, 7}, 0, 1.0);
        Check(XQT_OP_TANH, s8, {in_scale, in_zp + off, 1.0f / 128, off}, {2, 3, 7, 7}, 0, 1.0);
      }
    }
    Check(XQT_OP_TANH, s8, {0.05f, off + 5, 0.003f, off - 10}, {300}, 0, 1.0);  // saturating output scale
  }
}

TEST(TfliteActivations, HardSwish) {
  std::mt19937 rng(3);
  for (bool s8 : {true, false}) {
    const int32_t off = s8 ? 0 : 128;
    for (int i = 0; i < 40; i++) {
      const float in_scale = std::exp2(std::uniform_real_distribution<float>(-9.0f, 2.0f)(rng));
      const float out_scale = in_scale * std::exp2(std::uniform_real_distribution<float>(-6.0f, 1.5f)(rng));
      const int32_t in_zp = std::uniform_int_distribution<int32_t>(-128, 127)(rng) + off;
      const int32_t out_zp = std::uniform_int_distribution<int32_t>(-128, 127)(rng) + off;
      // TFLite's int16 fixed point is about 1.5 units from exact at worst.
      Check(XQT_OP_HARD_SWISH, s8, {in_scale, in_zp, out_scale, out_zp}, {1, 4, 4, 17}, 0, 2.0);
    }
  }
}

TEST(TfliteActivations, LeakyRelu) {
  std::mt19937 rng(4);
  for (bool s8 : {true, false}) {
    const int32_t off = s8 ? 0 : 128;
    for (float alpha : {0.0f, 0.01f, 0.2f, 0.5f, 1.0f, 1.7f, -0.3f}) {
      for (int i = 0; i < 6; i++) {
        const float in_scale = std::exp2(std::uniform_real_distribution<float>(-9.0f, 2.0f)(rng));
        const float out_scale = in_scale * std::exp2(std::uniform_real_distribution<float>(-3.0f, 3.0f)(rng));
        const int32_t in_zp = std::uniform_int_distribution<int32_t>(-128, 127)(rng) + off;
        const int32_t out_zp = std::uniform_int_distribution<int32_t>(-128, 127)(rng) + off;
        Check(XQT_OP_LEAKY_RELU, s8, {in_scale, in_zp, out_scale, out_zp, alpha}, {3, 5, 19}, 0, 1.0);
      }
    }
  }
}

TEST(TfliteActivations, ThreadsAndLargeTensors) {
  Check(XQT_OP_LOGISTIC, true, {0.08f, -5, 1.0f / 256, -128}, {4, 33, 33, 16}, 2, 1.0);
  Check(XQT_OP_HARD_SWISH, false, {0.03f, 120, 0.02f, 10}, {1, 31, 31, 40}, 3, 2.0);
}

// ---- Golden data from TensorFlow Lite 2.9 ----
// One single-op model per op and type, written by the builder and checked in
// as test/data/golden/activation-<op>-<type>.tflite, with the output
// TensorFlow Lite 2.9's C library (npm tfjs-tflite-node) computed for
// bench/tflite-reference.c's deterministic input (2048 bytes: every byte value
// occurs) in activation-*.out.bin; scripts/make-golden.sh tflite-activations
// regenerates both.

namespace {

struct GoldenCase {
  const char* name;
  int32_t opcode;
  bool is_signed;
  Quant q;
};

// Quantizations as TFLite's converter writes them (LOGISTIC 1/256, TANH 1/128)
// and, for HARD_SWISH / LEAKY_RELU, MobileNet v3-like scales.
const GoldenCase kGolden[] = {
    {"logistic-int8", XQT_OP_LOGISTIC, true, {0.071f, -9, 1.0f / 256, -128}},
    {"logistic-uint8", XQT_OP_LOGISTIC, false, {0.043f, 121, 1.0f / 256, 0}},
    {"tanh-int8", XQT_OP_TANH, true, {0.033f, 4, 1.0f / 128, 0}},
    {"tanh-uint8", XQT_OP_TANH, false, {0.019f, 133, 1.0f / 128, 128}},
    {"hard-swish-int8", XQT_OP_HARD_SWISH, true, {0.047f, -13, 0.029f, -101}},
    {"hard-swish-uint8", XQT_OP_HARD_SWISH, false, {0.11f, 140, 0.061f, 12}},
    {"leaky-relu-int8", XQT_OP_LEAKY_RELU, true, {0.052f, 7, 0.037f, -60, 0.2f}},
    {"leaky-relu-uint8", XQT_OP_LEAKY_RELU, false, {0.023f, 119, 0.031f, 90, 0.1f}},
};

tb::ModelSpec GoldenModel(const GoldenCase& c) {
  const int8_t type = c.is_signed ? tb::kInt8 : tb::kUInt8;
  tb::ModelSpec spec;
  spec.tensors.push_back({{1, 16, 16, 8}, type, {}, {c.q.input_scale}, {c.q.input_zp}, 0, "input"});
  spec.tensors.push_back({{1, 16, 16, 8}, type, {}, {c.q.output_scale}, {c.q.output_zp}, 0, "output"});
  if (c.opcode == XQT_OP_LEAKY_RELU) {
    spec.ops.push_back({c.opcode, {0}, {1}, XQT_OPTIONS_LEAKY_RELU,
                        tb::Scalar<float>(tb::Table(), XQT_LEAKY_RELU_ALPHA, c.q.alpha)});
  } else {
    spec.ops.push_back({c.opcode, {0}, {1}, 0, nullptr});
  }
  spec.inputs = {0};
  spec.outputs = {1};
  return spec;
}

}  // namespace

TEST(TfliteActivationsGolden, MatchesTensorFlowLite29) {
  const char* write_dir = std::getenv("XQT_WRITE_GOLDEN_DIR");
  for (const GoldenCase& c : kGolden) {
    const tb::ModelSpec spec = GoldenModel(c);
    const std::vector<uint8_t> bytes = tb::Build(spec);
    const std::string base = std::string("golden/activation-") + c.name;
    if (write_dir != nullptr) {
      // scripts/make-golden.sh tflite-activations: write the models, TFLite computes the outputs.
      std::ofstream(std::string(write_dir) + "/activation-" + c.name + ".tflite", std::ios::binary)
          .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
      continue;
    }
    ASSERT_EQ(xqt_test::ReadFile(xqt_test::DataPath(base + ".tflite")), bytes)
        << base << ".tflite is not the model this test builds: run scripts/make-golden.sh tflite-activations";
    const std::vector<uint8_t> expected = xqt_test::ReadFile(xqt_test::DataPath(base + ".out.bin"));
    ASSERT_EQ(expected.size(), 2048u) << base;
    const std::vector<uint8_t> x = xqt_test::ReferenceInput(2048);
    EXPECT_EQ(RunModel(spec, x, 0), expected) << c.name;
    EXPECT_EQ(RunModel(spec, x, 2), expected) << c.name << ", 2 threads";
    // The golden data also agrees with this file's reference of TFLite's definitions.
    for (size_t i = 0; i < x.size(); i++) {
      const int32_t in = c.is_signed ? static_cast<int8_t>(x[i]) : x[i];
      const int32_t want = c.is_signed ? TfliteValue<int8_t>(c.opcode, in, c.q) : TfliteValue<uint8_t>(c.opcode, in, c.q);
      const int32_t got = c.is_signed ? static_cast<int8_t>(expected[i]) : expected[i];
      ASSERT_EQ(got, want) << c.name << " input " << in << ": TFLite 2.9 differs from the reference";
    }
  }
}
