// tools/tflite with TensorFlow Lite's 16x8 scheme (int16 activations with
// zero point 0, int8 weights, int64 bias): a chain of CONV_2D, DEPTHWISE_CONV_2D,
// TRANSPOSE_CONV and FULLY_CONNECTED written by the test builder and checked
// against TensorFlow Lite 2.9's own output (golden data made by
// scripts/make-golden.sh tflite-16x8), QUANTIZE / DEQUANTIZE between float and
// int16 against TFLite's formulas, and the rejected 16x8 variants.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "model.h"
#include "runtime.h"
#include "schema.h"
#include "tflite-builder.h"
#include "tflite-run-model.h"
#include "tflite-test-util.h"

namespace tb = tflite_builder;

namespace {

using xqt_test::RunModel;
using xqt_test::LoadError;

constexpr int8_t kInt16 = 7;  // TensorType INT16 / INT64 (the builder names the others)
constexpr int8_t kInt64 = 4;

std::vector<uint8_t> RandomWeights(size_t n, std::mt19937& rng) {
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

std::vector<int64_t> RandomBias(size_t n, std::mt19937& rng, int64_t range) {
  std::vector<int64_t> v(n);
  for (auto& b : v) b = static_cast<int64_t>(rng() % (2 * range + 1)) - range;
  return v;
}

tb::NodePtr ConvOptions(int8_t padding, int stride, int dilation, int activation) {
  auto options = tb::Table();
  tb::Scalar<int8_t>(options, XQT_CONV_PADDING, padding);
  tb::Scalar<int32_t>(options, XQT_CONV_STRIDE_W, stride);
  tb::Scalar<int32_t>(options, XQT_CONV_STRIDE_H, stride);
  tb::Scalar<int8_t>(options, XQT_CONV_ACTIVATION, static_cast<int8_t>(activation));
  tb::Scalar<int32_t>(options, XQT_CONV_DILATION_W, dilation);
  tb::Scalar<int32_t>(options, XQT_CONV_DILATION_H, dilation);
  return options;
}

// int16 [1,9,9,4] (scale 2^-12) -> CONV_2D 3x3/2 SAME RELU, per-channel (8)
// -> DEPTHWISE_CONV_2D 3x3/1 SAME x2 (16), per-channel -> TRANSPOSE_CONV 3x3/2
// SAME (6), per-channel -> FULLY_CONNECTED per-tensor (10). Scales keep most
// values inside the int16 range.
tb::ModelSpec Golden16x8() {
  std::mt19937 rng(1608);
  tb::ModelSpec spec;
  auto channel_scales = [&](size_t n, float base) {
    std::vector<float> s(n);
    for (size_t i = 0; i < n; i++) s[i] = base * (0.5f + 0.1f * static_cast<float>(i % 7));
    return s;
  };
  const std::vector<int64_t> zero1 = {0};
  spec.tensors.push_back({{1, 9, 9, 4}, kInt16, {}, {0x1.0p-12f}, zero1, 0, "input"});                    // 0
  spec.tensors.push_back({{8, 3, 3, 4}, tb::kInt8, RandomWeights(8 * 9 * 4, rng), channel_scales(8, 0.02f),
                          std::vector<int64_t>(8, 0), 0, "conv_w"});                                          // 1
  spec.tensors.push_back({{8}, kInt64, tb::Raw(RandomBias(8, rng, 1 << 22)), {}, {}, 0, "conv_b"});         // 2
  spec.tensors.push_back({{1, 5, 5, 8}, kInt16, {}, {0x1.0p-9f}, zero1, 0, "conv"});                       // 3
  spec.tensors.push_back({{1, 3, 3, 16}, tb::kInt8, RandomWeights(9 * 16, rng), channel_scales(16, 0.03f),
                          std::vector<int64_t>(16, 0), 3, "dw_w"});                                           // 4
  spec.tensors.push_back({{16}, kInt64, tb::Raw(RandomBias(16, rng, 1 << 20)), {}, {}, 0, "dw_b"});         // 5
  spec.tensors.push_back({{1, 5, 5, 16}, kInt16, {}, {0x1.8p-7f}, zero1, 0, "dw"});                        // 6
  spec.tensors.push_back({{4}, tb::kInt32, tb::Raw(std::vector<int32_t>{1, 10, 10, 6}), {}, {}, 0, "shape"});  // 7
  spec.tensors.push_back({{6, 3, 3, 16}, tb::kInt8, RandomWeights(6 * 9 * 16, rng), channel_scales(6, 0.01f),
                          std::vector<int64_t>(6, 0), 0, "tconv_w"});                                         // 8
  spec.tensors.push_back({{6}, kInt64, tb::Raw(RandomBias(6, rng, 1 << 21)), {}, {}, 0, "tconv_b"});        // 9
  spec.tensors.push_back({{1, 10, 10, 6}, kInt16, {}, {0x1.0p-5f}, zero1, 0, "tconv"});                    // 10
  spec.tensors.push_back({{10, 600}, tb::kInt8, RandomWeights(10 * 600, rng), {0.004f}, zero1, 0, "fc_w"});  // 11
  // TFLite checks a fully-connected bias scale against input scale * weight scale.
  spec.tensors.push_back({{10}, kInt64, tb::Raw(RandomBias(10, rng, 1 << 24)), {0x1.0p-5f * 0.004f}, zero1, 0,
                          "fc_b"});                                                                           // 12
  spec.tensors.push_back({{1, 10}, kInt16, {}, {0x1.0p-2f}, zero1, 0, "output"});                         // 13
  spec.ops.push_back({XQT_OP_CONV_2D, {0, 1, 2}, {3}, XQT_OPTIONS_CONV_2D,
                      ConvOptions(XQT_PADDING_SAME, 2, 1, XQT_ACTIVATION_RELU)});
  auto dw = tb::Table();
  tb::Scalar<int8_t>(dw, XQT_DWCONV_PADDING, XQT_PADDING_SAME);
  tb::Scalar<int32_t>(dw, XQT_DWCONV_STRIDE_W, 1);
  tb::Scalar<int32_t>(dw, XQT_DWCONV_STRIDE_H, 1);
  tb::Scalar<int32_t>(dw, XQT_DWCONV_DEPTH_MULTIPLIER, 2);
  spec.ops.push_back({XQT_OP_DEPTHWISE_CONV_2D, {3, 4, 5}, {6}, XQT_OPTIONS_DEPTHWISE_CONV_2D, dw});
  auto tconv = tb::Table();
  tb::Scalar<int8_t>(tconv, XQT_TCONV_PADDING, XQT_PADDING_SAME);
  tb::Scalar<int32_t>(tconv, XQT_TCONV_STRIDE_W, 2);
  tb::Scalar<int32_t>(tconv, XQT_TCONV_STRIDE_H, 2);
  spec.ops.push_back({XQT_OP_TRANSPOSE_CONV, {7, 8, 6, 9}, {10}, XQT_OPTIONS_TRANSPOSE_CONV, tconv});
  auto fc = tb::Table();
  tb::Scalar<int8_t>(fc, XQT_FC_ACTIVATION, XQT_ACTIVATION_NONE);
  spec.ops.push_back({XQT_OP_FULLY_CONNECTED, {10, 11, 12}, {13}, XQT_OPTIONS_FULLY_CONNECTED, fc});
  spec.inputs = {0};
  spec.outputs = {13};
  return spec;
}

// Every output of the convolutions compared: int16 [1,9,9,4] -> CONV_2D 3x3/1
// SAME dilation 2 RELU6 (8) -> DEPTHWISE_CONV_2D 5x5/1 SAME x1 (8).
tb::ModelSpec Golden16x8Conv() {
  std::mt19937 rng(1609);
  tb::ModelSpec spec;
  const std::vector<int64_t> zero1 = {0};
  std::vector<float> conv_scales(8), dw_scales(8);
  for (size_t i = 0; i < 8; i++) {
    conv_scales[i] = 0.003f * static_cast<float>(i + 1);
    dw_scales[i] = 0.05f / static_cast<float>(i + 1);
  }
  spec.tensors.push_back({{1, 9, 9, 4}, kInt16, {}, {0x1.0p-12f}, zero1, 0, "input"});
  spec.tensors.push_back({{8, 3, 3, 4}, tb::kInt8, RandomWeights(8 * 9 * 4, rng), conv_scales,
                          std::vector<int64_t>(8, 0), 0, "conv_w"});
  spec.tensors.push_back({{8}, kInt64, tb::Raw(RandomBias(8, rng, 1 << 23)), {}, {}, 0, "conv_b"});
  spec.tensors.push_back({{1, 9, 9, 8}, kInt16, {}, {0x1.0p-12f}, zero1, 0, "conv"});
  spec.tensors.push_back({{1, 5, 5, 8}, tb::kInt8, RandomWeights(25 * 8, rng), dw_scales,
                          std::vector<int64_t>(8, 0), 3, "dw_w"});
  spec.tensors.push_back({{8}, kInt64, tb::Raw(RandomBias(8, rng, 1 << 16)), {}, {}, 0, "dw_b"});
  spec.tensors.push_back({{1, 9, 9, 8}, kInt16, {}, {0x1.0p-9f}, zero1, 0, "output"});
  spec.ops.push_back({XQT_OP_CONV_2D, {0, 1, 2}, {3}, XQT_OPTIONS_CONV_2D,
                      ConvOptions(XQT_PADDING_SAME, 1, 2, XQT_ACTIVATION_RELU6)});
  auto dw = tb::Table();
  tb::Scalar<int8_t>(dw, XQT_DWCONV_PADDING, XQT_PADDING_SAME);
  tb::Scalar<int32_t>(dw, XQT_DWCONV_STRIDE_W, 1);
  tb::Scalar<int32_t>(dw, XQT_DWCONV_STRIDE_H, 1);
  tb::Scalar<int32_t>(dw, XQT_DWCONV_DEPTH_MULTIPLIER, 1);
  spec.ops.push_back({XQT_OP_DEPTHWISE_CONV_2D, {3, 4, 5}, {6}, XQT_OPTIONS_DEPTHWISE_CONV_2D, dw});
  spec.inputs = {0};
  spec.outputs = {6};
  return spec;
}

tb::NodePtr AddOptions(bool pot_scale_int16, int activation) {
  auto options = tb::Table();
  tb::Scalar<int8_t>(options, XQT_ADD_ACTIVATION, static_cast<int8_t>(activation));
  tb::Scalar<uint8_t>(options, XQT_ADD_POT_SCALE_INT16, pot_scale_int16 ? 1 : 0);
  return options;
}

// int16 ADD (general scales) and MUL with broadcasting: input [1,6,6,8] ->
// CONV_2D 1x1 (8) -> ADD(conv, input) RELU -> MUL(add, conv of the first row
// [1,1,6,8] broadcast over H) -> output.
tb::ModelSpec Golden16x8AddMul() {
  std::mt19937 rng(1610);
  tb::ModelSpec spec;
  const std::vector<int64_t> zero1 = {0};
  std::vector<float> conv_scales(8);
  for (size_t i = 0; i < 8; i++) conv_scales[i] = 0.01f + 0.002f * static_cast<float>(i);
  spec.tensors.push_back({{1, 6, 6, 8}, kInt16, {}, {0x1.0p-12f}, zero1, 0, "input"});                  // 0
  spec.tensors.push_back({{8, 1, 1, 8}, tb::kInt8, RandomWeights(64, rng), conv_scales,
                          std::vector<int64_t>(8, 0), 0, "conv_w"});                                        // 1
  spec.tensors.push_back({{8}, kInt64, tb::Raw(RandomBias(8, rng, 1 << 16)), {}, {}, 0, "conv_b"});       // 2
  spec.tensors.push_back({{1, 6, 6, 8}, kInt16, {}, {0.00037f}, zero1, 0, "conv"});                       // 3
  spec.tensors.push_back({{1, 6, 6, 8}, kInt16, {}, {0.00041f}, zero1, 0, "sum"});                        // 4
  spec.tensors.push_back({{1, 1, 6, 8}, kInt16, {}, {0.00037f}, zero1, 0, "row"});                        // 5
  spec.tensors.push_back({{1, 6, 6, 8}, kInt16, {}, {0.006f}, zero1, 0, "output"});                    // 6
  spec.ops.push_back({XQT_OP_CONV_2D, {0, 1, 2}, {3}, XQT_OPTIONS_CONV_2D,
                      ConvOptions(XQT_PADDING_VALID, 1, 1, XQT_ACTIVATION_NONE)});
  spec.ops.push_back({XQT_OP_ADD, {3, 0}, {4}, XQT_OPTIONS_ADD, AddOptions(false, XQT_ACTIVATION_RELU)});
  // The broadcast operand: a 1-row convolution of the input's first row.
  auto row_conv = tb::Table();
  tb::Scalar<int8_t>(row_conv, XQT_CONV_PADDING, XQT_PADDING_VALID);
  tb::Scalar<int32_t>(row_conv, XQT_CONV_STRIDE_W, 1);
  tb::Scalar<int32_t>(row_conv, XQT_CONV_STRIDE_H, 6);
  spec.ops.push_back({XQT_OP_CONV_2D, {0, 1, 2}, {5}, XQT_OPTIONS_CONV_2D, row_conv});
  auto mul = tb::Table();
  tb::Scalar<int8_t>(mul, XQT_MUL_ACTIVATION, XQT_ACTIVATION_NONE);
  spec.ops.push_back({XQT_OP_MUL, {4, 5}, {6}, XQT_OPTIONS_MUL, mul});
  spec.inputs = {0};
  spec.outputs = {6};
  return spec;
}

}  // namespace

TEST(Tflite16x8Golden, MatchesTensorFlowLite29) {
  const std::pair<const char*, tb::ModelSpec> models[] = {
      {"16x8", Golden16x8()}, {"16x8-conv", Golden16x8Conv()}, {"16x8-add-mul", Golden16x8AddMul()}};
  const char* write_dir = std::getenv("XQT_WRITE_GOLDEN_DIR");
  for (const auto& [name, spec] : models) {
    SCOPED_TRACE(name);
    const std::vector<uint8_t> bytes = tb::Build(spec);
    const std::string base = std::string("golden/") + name;
    if (write_dir != nullptr) {
      // scripts/make-golden.sh tflite-16x8: write the models, TFLite computes the outputs.
      std::ofstream(std::string(write_dir) + "/" + name + ".tflite", std::ios::binary)
          .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
      continue;
    }
    ASSERT_EQ(xqt_test::ReadFile(xqt_test::DataPath(base + ".tflite")), bytes)
        << base << ".tflite is not the model this test builds: run scripts/make-golden.sh tflite-16x8";
    const std::vector<uint8_t> expected = xqt_test::ReadFile(xqt_test::DataPath(base + ".out.bin"));
    ASSERT_FALSE(expected.empty());
    size_t input_elements = 1;
    for (int32_t d : spec.tensors[spec.inputs[0]].shape) input_elements *= static_cast<size_t>(d);
    const std::vector<uint8_t> input = xqt_test::ReferenceInput(input_elements * sizeof(int16_t));
    EXPECT_EQ(RunModel(spec, input), expected);
    EXPECT_EQ(RunModel(spec, input, 2), expected) << "2 threads";
  }
}

// QUANTIZE float -> int16 and DEQUANTIZE back, as TFLite's AffineQuantize
// (round half away from zero of x / scale, clamped) and Dequantize.
TEST(Tflite16x8, QuantizeDequantize) {
  const float scale = 0.0125f;
  tb::ModelSpec spec;
  spec.tensors.push_back({{2, 64}, tb::kFloat32, {}, {}, {}, 0, "input"});
  spec.tensors.push_back({{2, 64}, kInt16, {}, {scale}, {0}, 0, "q"});
  spec.tensors.push_back({{2, 64}, tb::kFloat32, {}, {}, {}, 0, "output"});
  spec.ops.push_back({XQT_OP_QUANTIZE, {0}, {1}, 0, nullptr});
  spec.ops.push_back({XQT_OP_DEQUANTIZE, {1}, {2}, 0, nullptr});
  spec.inputs = {0};
  spec.outputs = {2};
  std::vector<float> x(128);
  std::mt19937 rng(16);
  for (size_t i = 0; i < x.size(); i++) {
    // Ties (k + 0.5) * scale, values past the int16 range, and ordinary ones.
    x[i] = i % 4 == 0 ? (static_cast<float>(static_cast<int>(i) - 64) + 0.5f) * scale
         : i % 4 == 1 ? std::uniform_real_distribution<float>(-1000.0f, 1000.0f)(rng)
                      : std::uniform_real_distribution<float>(-400.0f, 400.0f)(rng);
  }
  std::vector<uint8_t> input(x.size() * sizeof(float));
  std::memcpy(input.data(), x.data(), input.size());
  const std::vector<uint8_t> y = RunModel(spec, input);
  ASSERT_EQ(y.size(), x.size() * sizeof(float));
  for (size_t i = 0; i < x.size(); i++) {
    const long q = std::lround(x[i] / scale);
    const int16_t clamped = static_cast<int16_t>(std::min(std::max(q, -32768L), 32767L));
    const float expected = static_cast<float>(static_cast<double>(scale) * clamped);
    float got;
    std::memcpy(&got, y.data() + i * sizeof(float), sizeof(got));
    EXPECT_EQ(got, expected) << "x = " << x[i];
  }
}

// What the 16x8 mapping refuses, with a clear load error.
TEST(Tflite16x8, RejectsUnsupportedVariants) {
  auto conv_model = [](int8_t bias_type, int64_t input_zero_point, int8_t weight_type) {
    tb::ModelSpec spec;
    spec.tensors.push_back({{1, 4, 4, 2}, kInt16, {}, {0.001f}, {input_zero_point}, 0, "input"});
    spec.tensors.push_back({{3, 1, 1, 2}, weight_type,
                            std::vector<uint8_t>(weight_type == kInt16 ? 12 : 6, 1), {0.1f}, {0}, 0, "w"});
    spec.tensors.push_back({{3}, bias_type,
                            std::vector<uint8_t>(bias_type == kInt64 ? 24 : 12, 0), {}, {}, 0, "bias"});
    spec.tensors.push_back({{1, 4, 4, 3}, kInt16, {}, {0.002f}, {0}, 0, "output"});
    spec.ops.push_back({XQT_OP_CONV_2D, {0, 1, 2}, {3}, XQT_OPTIONS_CONV_2D,
                        ConvOptions(XQT_PADDING_VALID, 1, 1, XQT_ACTIVATION_NONE)});
    spec.inputs = {0};
    spec.outputs = {3};
    return spec;
  };
  EXPECT_EQ(LoadError(conv_model(kInt64, 0, tb::kInt8)), "");
  EXPECT_NE(LoadError(conv_model(tb::kInt32, 0, tb::kInt8)).find("must be INT64"), std::string::npos);
  EXPECT_NE(LoadError(conv_model(kInt64, 3, tb::kInt8)).find("zero point 3"), std::string::npos);
  EXPECT_NE(LoadError(conv_model(kInt64, 0, kInt16)).find("INT16"), std::string::npos);

  // int16 ADD: the general path loads; TFLite's power-of-two path (its
  // schema default pot_scale_int16 = true with power-of-two scales) does not.
  auto add_model = [](float scale, tb::NodePtr options) {
    tb::ModelSpec add;
    add.tensors.push_back({{1, 8}, kInt16, {}, {scale}, {0}, 0, "a"});
    add.tensors.push_back({{1, 8}, kInt16, {}, {scale}, {0}, 0, "output"});
    add.ops.push_back({XQT_OP_ADD, {0, 0}, {1}, XQT_OPTIONS_ADD, options});
    add.inputs = {0};
    add.outputs = {1};
    return add;
  };
  EXPECT_EQ(LoadError(add_model(0.001f, tb::Table())), "");
  EXPECT_EQ(LoadError(add_model(0x1.0p-10f, AddOptions(false, XQT_ACTIVATION_NONE))), "");
  EXPECT_NE(LoadError(add_model(0x1.0p-10f, tb::Table())).find("pot_scale_int16"), std::string::npos);
  // int16 tensors into an op without 16x8 support (MAX_POOL_2D) and int16 -> int8 QUANTIZE.
  tb::ModelSpec pool;
  pool.tensors.push_back({{1, 4, 4, 2}, kInt16, {}, {0.001f}, {0}, 0, "a"});
  pool.tensors.push_back({{1, 2, 2, 2}, kInt16, {}, {0.001f}, {0}, 0, "output"});
  auto pool_options = tb::Table();
  tb::Scalar<int8_t>(pool_options, XQT_POOL_PADDING, XQT_PADDING_VALID);
  tb::Scalar<int32_t>(pool_options, XQT_POOL_STRIDE_W, 2);
  tb::Scalar<int32_t>(pool_options, XQT_POOL_STRIDE_H, 2);
  tb::Scalar<int32_t>(pool_options, XQT_POOL_FILTER_W, 2);
  tb::Scalar<int32_t>(pool_options, XQT_POOL_FILTER_H, 2);
  pool.ops.push_back({XQT_OP_MAX_POOL_2D, {0}, {1}, XQT_OPTIONS_POOL_2D, pool_options});
  pool.inputs = {0};
  pool.outputs = {1};
  EXPECT_NE(LoadError(pool).find("INT16"), std::string::npos);
  tb::ModelSpec requantize;
  requantize.tensors.push_back({{1, 8}, kInt16, {}, {0.001f}, {0}, 0, "a"});
  requantize.tensors.push_back({{1, 8}, tb::kInt8, {}, {0.1f}, {0}, 0, "output"});
  requantize.ops.push_back({XQT_OP_QUANTIZE, {0}, {1}, 0, nullptr});
  requantize.inputs = {0};
  requantize.outputs = {1};
  EXPECT_NE(LoadError(requantize).find("INT16"), std::string::npos);
}
