// tools/tflite: single-op models written by the test builder, run through the
// runtime and compared with naive references (ops and options the shipped
// models lack: FULLY_CONNECTED, CONCATENATION, TRANSPOSE_CONV, MUL, broadcasting,
// depth multiplier 2, ...). References compute in
// double; xqnn's fp32 requantization may differ by 1 unit on near-ties.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include <gtest/gtest.h>

#include "model.h"
#include "runtime.h"
#include "schema.h"
#include "tflite-builder.h"

namespace tb = tflite_builder;

namespace {

// Builds and runs `spec`; inputs are given per graph input, returns the first output.
std::vector<uint8_t> RunModel(const tb::ModelSpec& spec, const std::vector<std::vector<uint8_t>>& inputs) {
  const std::vector<uint8_t> bytes = tb::Build(spec);
  xqt_error err{};
  xqt_model* model = xqt_model_parse(bytes.data(), bytes.size(), &err);
  EXPECT_NE(model, nullptr) << err.message;
  if (model == nullptr) return {};
  std::vector<uint8_t> out;
  xqt_runtime* rt = xqt_runtime_create(model, nullptr, nullptr, &err);
  EXPECT_NE(rt, nullptr) << err.message;
  if (rt != nullptr) {
    for (size_t i = 0; i < inputs.size(); i++) {
      EXPECT_EQ(inputs[i].size(), model->tensors[model->inputs[i]].size_bytes);
      std::memcpy(xqt_runtime_tensor(rt, model->inputs[i]), inputs[i].data(), inputs[i].size());
    }
    EXPECT_TRUE(xqt_runtime_run(rt, &err)) << err.message;
    const xqt_tensor& t = model->tensors[model->outputs[0]];
    const uint8_t* p = static_cast<const uint8_t*>(xqt_runtime_tensor(rt, model->outputs[0]));
    out.assign(p, p + t.size_bytes);
    xqt_runtime_free(rt);
  }
  xqt_model_free(model);
  return out;
}

int32_t Clamp(double v, int32_t lo, int32_t hi) {
  return static_cast<int32_t>(std::fmin(std::fmax(v, lo), hi));
}

// Every byte value, int8 weights of -128 included.
std::vector<uint8_t> RandomBytes(size_t n, std::mt19937& rng) {
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

}  // namespace

TEST(TfliteOps, FullyConnectedPerChannelInt8) {
  std::mt19937 rng(11);
  const int batch = 3, ic = 20, oc = 7;
  const std::vector<uint8_t> w = RandomBytes(oc * ic, rng);
  std::vector<float> wscales(oc);
  std::vector<int32_t> bias(oc);
  for (int c = 0; c < oc; c++) {
    wscales[c] = 0.01f * (1 + c);
    bias[c] = static_cast<int32_t>(rng() % 2001) - 1000;
  }
  tb::ModelSpec spec;
  spec.tensors.push_back({{batch, ic}, tb::kInt8, {}, {0.05f}, {3}, 0, "input"});
  spec.tensors.push_back({{oc, ic}, tb::kInt8, w, wscales, std::vector<int64_t>(oc, 0), 0, "weights"});
  spec.tensors.push_back({{oc}, tb::kInt32, tb::Raw(bias), {}, {}, 0, "bias"});
  spec.tensors.push_back({{batch, oc}, tb::kInt8, {}, {0.3f}, {-10}, 0, "output"});
  auto options = tb::Table();
  tb::Scalar<int8_t>(options, XQT_FC_ACTIVATION, XQT_ACTIVATION_RELU);
  spec.ops.push_back({XQT_OP_FULLY_CONNECTED, {0, 1, 2}, {3}, XQT_OPTIONS_FULLY_CONNECTED, options});
  spec.inputs = {0};
  spec.outputs = {3};
  const std::vector<uint8_t> x = RandomBytes(batch * ic, rng);
  const std::vector<uint8_t> y = RunModel(spec, {x});
  ASSERT_EQ(y.size(), static_cast<size_t>(batch * oc));
  for (int b = 0; b < batch; b++) {
    for (int c = 0; c < oc; c++) {
      int64_t acc = bias[c];
      for (int k = 0; k < ic; k++) {
        acc += (static_cast<int8_t>(x[b * ic + k]) - 3) * static_cast<int8_t>(w[c * ic + k]);
      }
      // RELU: TFLite's range starts at q(0) = zero point.
      const int32_t expected = Clamp(std::nearbyint(acc * (0.05 * wscales[c] / 0.3)) - 10, -10, 127);
      EXPECT_NEAR(static_cast<int8_t>(y[b * oc + c]), expected, 1) << "row " << b << " channel " << c;
    }
  }
}

TEST(TfliteOps, FullyConnectedUint8WithZeroPoints) {
  std::mt19937 rng(12);
  const int batch = 2, ic = 33, oc = 5;
  const std::vector<uint8_t> w = RandomBytes(oc * ic, rng);
  tb::ModelSpec spec;
  // Input of rank 4 flattened to [batch, ic] as TFLite does.
  spec.tensors.push_back({{batch, 1, 3, 11}, tb::kUInt8, {}, {0.02f}, {120}, 0, "input"});
  spec.tensors.push_back({{oc, ic}, tb::kUInt8, w, {0.004f}, {131}, 0, "weights"});
  spec.tensors.push_back({{batch, oc}, tb::kUInt8, {}, {0.05f}, {100}, 0, "output"});
  spec.ops.push_back({XQT_OP_FULLY_CONNECTED, {0, 1, -1}, {2}, XQT_OPTIONS_FULLY_CONNECTED, tb::Table()});
  spec.inputs = {0};
  spec.outputs = {2};
  const std::vector<uint8_t> x = RandomBytes(batch * ic, rng);
  const std::vector<uint8_t> y = RunModel(spec, {x});
  ASSERT_EQ(y.size(), static_cast<size_t>(batch * oc));
  for (int b = 0; b < batch; b++) {
    for (int c = 0; c < oc; c++) {
      int64_t acc = 0;
      for (int k = 0; k < ic; k++) acc += (x[b * ic + k] - 120) * (w[c * ic + k] - 131);
      const int32_t expected = Clamp(std::nearbyint(acc * (0.02 * 0.004 / 0.05)) + 100, 0, 255);
      EXPECT_NEAR(y[b * oc + c], expected, 1) << "row " << b << " channel " << c;
    }
  }
}

// CONCATENATION along channels, the second input requantized to the output's scale.
TEST(TfliteOps, ConcatenationRequantizesInputs) {
  std::mt19937 rng(13);
  tb::ModelSpec spec;
  spec.tensors.push_back({{1, 2, 2, 3}, tb::kInt8, {}, {0.1f}, {0}, 0, "a"});
  spec.tensors.push_back({{1, 2, 2, 2}, tb::kInt8, {}, {0.2f}, {5}, 0, "b"});
  spec.tensors.push_back({{1, 2, 2, 5}, tb::kInt8, {}, {0.1f}, {0}, 0, "out"});
  auto options = tb::Table();
  tb::Scalar<int32_t>(options, XQT_CONCAT_AXIS, -1);
  spec.ops.push_back({XQT_OP_CONCATENATION, {0, 1}, {2}, XQT_OPTIONS_CONCATENATION, options});
  spec.inputs = {0, 1};
  spec.outputs = {2};
  const std::vector<uint8_t> a = RandomBytes(12, rng), b = RandomBytes(8, rng);
  const std::vector<uint8_t> y = RunModel(spec, {a, b});
  ASSERT_EQ(y.size(), 20u);
  for (int p = 0; p < 4; p++) {
    for (int c = 0; c < 3; c++) EXPECT_EQ(y[p * 5 + c], a[p * 3 + c]);
    for (int c = 0; c < 2; c++) {
      const double real = 0.2 * (static_cast<int8_t>(b[p * 2 + c]) - 5);
      EXPECT_EQ(static_cast<int8_t>(y[p * 5 + 3 + c]), Clamp(std::round(real / 0.1), -128, 127));
    }
  }
}

// QUANTIZE uint8 -> int8, RESHAPE, SOFTMAX with TFLite's output quantization.
TEST(TfliteOps, QuantizeReshapeSoftmax) {
  tb::ModelSpec spec;
  spec.tensors.push_back({{1, 1, 1, 6}, tb::kUInt8, {}, {0.1f}, {128}, 0, "input"});
  spec.tensors.push_back({{1, 1, 1, 6}, tb::kInt8, {}, {0.1f}, {0}, 0, "q"});
  spec.tensors.push_back({{1, 6}, tb::kInt8, {}, {0.1f}, {0}, 0, "r"});
  spec.tensors.push_back({{1, 6}, tb::kInt8, {}, {1.0f / 256}, {-128}, 0, "probabilities"});
  spec.ops.push_back({XQT_OP_QUANTIZE, {0}, {1}, 0, nullptr});
  spec.ops.push_back({XQT_OP_RESHAPE, {1}, {2}, 0, nullptr});
  spec.ops.push_back({XQT_OP_SOFTMAX, {2}, {3}, XQT_OPTIONS_SOFTMAX, tb::Table()});
  spec.inputs = {0};
  spec.outputs = {3};
  const std::vector<uint8_t> x = {128, 138, 148, 100, 200, 128};
  const std::vector<uint8_t> y = RunModel(spec, {x});
  ASSERT_EQ(y.size(), 6u);
  double sum = 0;
  for (uint8_t v : x) sum += std::exp(0.1 * (v - 128));
  for (int i = 0; i < 6; i++) {
    const double p = std::exp(0.1 * (x[i] - 128)) / sum;
    EXPECT_NEAR(static_cast<int8_t>(y[i]), Clamp(std::round(p * 256) - 128, -128, 127), 0) << i;
  }
}

// DEPTHWISE_CONV_2D with depth multiplier 2, stride 2, SAME padding (the odd
// pixel at the bottom / right), per-channel int8: weights 1HW(I*M) go to xqnn
// unchanged (XQNN_FLAG_DEPTHWISE_CONVOLUTION's [kh][kw][groups*multiplier]).
TEST(TfliteOps, DepthwiseMultiplier2Stride2Same) {
  std::mt19937 rng(14);
  const int H = 6, W = 5, C = 3, M = 2, K = 3, S = 2, OC = C * M;
  const int OH = (H + S - 1) / S, OW = (W + S - 1) / S;
  const int pad_top = std::max((OH - 1) * S + K - H, 0) / 2, pad_left = std::max((OW - 1) * S + K - W, 0) / 2;
  const std::vector<uint8_t> w = RandomBytes(K * K * OC, rng);
  std::vector<float> wscales(OC);
  std::vector<int32_t> bias(OC);
  for (int c = 0; c < OC; c++) {
    wscales[c] = 0.005f * (1 + c);
    bias[c] = static_cast<int32_t>(rng() % 401) - 200;
  }
  tb::ModelSpec spec;
  spec.tensors.push_back({{1, H, W, C}, tb::kInt8, {}, {0.05f}, {-4}, 0, "input"});
  spec.tensors.push_back({{1, K, K, OC}, tb::kInt8, w, wscales, std::vector<int64_t>(OC, 0), 3, "weights"});
  spec.tensors.push_back({{OC}, tb::kInt32, tb::Raw(bias), {}, {}, 0, "bias"});
  spec.tensors.push_back({{1, OH, OW, OC}, tb::kInt8, {}, {0.04f}, {-128}, 0, "output"});
  auto options = tb::Table();
  tb::Scalar<int8_t>(options, XQT_DWCONV_PADDING, XQT_PADDING_SAME);
  tb::Scalar<int32_t>(options, XQT_DWCONV_STRIDE_W, S);
  tb::Scalar<int32_t>(options, XQT_DWCONV_STRIDE_H, S);
  tb::Scalar<int32_t>(options, XQT_DWCONV_DEPTH_MULTIPLIER, M);
  tb::Scalar<int8_t>(options, XQT_DWCONV_ACTIVATION, XQT_ACTIVATION_RELU6);
  spec.ops.push_back({XQT_OP_DEPTHWISE_CONV_2D, {0, 1, 2}, {3}, XQT_OPTIONS_DEPTHWISE_CONV_2D, options});
  spec.inputs = {0};
  spec.outputs = {3};
  const std::vector<uint8_t> x = RandomBytes(H * W * C, rng);
  const std::vector<uint8_t> y = RunModel(spec, {x});
  ASSERT_EQ(y.size(), static_cast<size_t>(OH * OW * OC));
  // RELU6: [q(0), q(6)] = [-128, -128 + round(6 / 0.04)] = [-128, 22].
  for (int oy = 0; oy < OH; oy++) {
    for (int ox = 0; ox < OW; ox++) {
      for (int oc = 0; oc < OC; oc++) {
        int64_t acc = bias[oc];
        for (int ky = 0; ky < K; ky++) {
          for (int kx = 0; kx < K; kx++) {
            const int iy = oy * S + ky - pad_top, ix = ox * S + kx - pad_left;
            if (iy < 0 || ix < 0 || iy >= H || ix >= W) continue;
            acc += (static_cast<int8_t>(x[(iy * W + ix) * C + oc / M]) + 4) *
                   static_cast<int8_t>(w[(ky * K + kx) * OC + oc]);
          }
        }
        const int32_t expected = Clamp(std::nearbyint(acc * (0.05 * wscales[oc] / 0.04)) - 128, -128, 22);
        EXPECT_NEAR(static_cast<int8_t>(y[(oy * OW + ox) * OC + oc]), expected, 1)
            << "y " << oy << " x " << ox << " channel " << oc;
      }
    }
  }
}

// TRANSPOSE_CONV, stride 2, SAME padding, per-channel int8 with bias: TFLite
// scatters input pixel (iy, ix) to output (iy * 2 + ky - pad_top, ...), the
// padding computed as for the convolution whose input is this op's output.
// (Checked once by hand against TensorFlow Lite 2.9's C library on these
// models: xqnn-tflite's outputs were bit-identical for both output heights.)
TEST(TfliteOps, TransposeConvStride2Same) {
  std::mt19937 rng(15);
  for (const int OH : {7, 8}) {
    const int H = (OH + 1) / 2, W = 3, OW = 6, C = 4, OC = 3, K = 3, S = 2;
    const int pad_top = std::max(((OH + S - 1) / S - 1) * S + K - OH, 0) / 2;
    const int pad_left = std::max(((OW + S - 1) / S - 1) * S + K - OW, 0) / 2;
    const std::vector<uint8_t> w = RandomBytes(OC * K * K * C, rng);
    std::vector<float> wscales(OC);
    std::vector<int32_t> bias(OC);
    for (int c = 0; c < OC; c++) {
      wscales[c] = 0.01f * (2 + c);
      bias[c] = static_cast<int32_t>(rng() % 401) - 200;
    }
    tb::ModelSpec spec;
    spec.tensors.push_back({{4}, tb::kInt32, tb::Raw(std::vector<int32_t>{1, OH, OW, OC}), {}, {}, 0, "shape"});
    spec.tensors.push_back({{OC, K, K, C}, tb::kInt8, w, wscales, std::vector<int64_t>(OC, 0), 0, "weights"});
    spec.tensors.push_back({{1, H, W, C}, tb::kInt8, {}, {0.03f}, {7}, 0, "input"});
    spec.tensors.push_back({{OC}, tb::kInt32, tb::Raw(bias), {}, {}, 0, "bias"});
    spec.tensors.push_back({{1, OH, OW, OC}, tb::kInt8, {}, {0.1f}, {2}, 0, "output"});
    auto options = tb::Table();
    tb::Scalar<int8_t>(options, XQT_TCONV_PADDING, XQT_PADDING_SAME);
    tb::Scalar<int32_t>(options, XQT_TCONV_STRIDE_W, S);
    tb::Scalar<int32_t>(options, XQT_TCONV_STRIDE_H, S);
    spec.ops.push_back({XQT_OP_TRANSPOSE_CONV, {0, 1, 2, 3}, {4}, XQT_OPTIONS_TRANSPOSE_CONV, options});
    spec.inputs = {2};
    spec.outputs = {4};
    const std::vector<uint8_t> x = RandomBytes(H * W * C, rng);
    const std::vector<uint8_t> y = RunModel(spec, {x});
    ASSERT_EQ(y.size(), static_cast<size_t>(OH * OW * OC));
    std::vector<int64_t> acc(OH * OW * OC);
    for (int oy = 0; oy < OH; oy++) {
      for (int ox = 0; ox < OW; ox++) {
        for (int oc = 0; oc < OC; oc++) acc[(oy * OW + ox) * OC + oc] = bias[oc];
      }
    }
    for (int iy = 0; iy < H; iy++) {
      for (int ix = 0; ix < W; ix++) {
        for (int ky = 0; ky < K; ky++) {
          for (int kx = 0; kx < K; kx++) {
            const int oy = iy * S + ky - pad_top, ox = ix * S + kx - pad_left;
            if (oy < 0 || ox < 0 || oy >= OH || ox >= OW) continue;
            for (int oc = 0; oc < OC; oc++) {
              for (int ic = 0; ic < C; ic++) {
                acc[(oy * OW + ox) * OC + oc] += (static_cast<int8_t>(x[(iy * W + ix) * C + ic]) - 7) *
                                                 static_cast<int8_t>(w[((oc * K + ky) * K + kx) * C + ic]);
              }
            }
          }
        }
      }
    }
    for (int i = 0; i < OH * OW * OC; i++) {
      const int oc = i % OC;
      const int32_t expected = Clamp(std::nearbyint(acc[i] * (0.03 * wscales[oc] / 0.1)) + 2, -128, 127);
      EXPECT_NEAR(static_cast<int8_t>(y[i]), expected, 1) << "output height " << OH << " element " << i;
    }
  }
}

// MUL uint8 with broadcasting ([1,3,4,5] * [1,1,1,5]) and RELU.
TEST(TfliteOps, MulBroadcastUint8) {
  std::mt19937 rng(16);
  tb::ModelSpec spec;
  spec.tensors.push_back({{1, 3, 4, 5}, tb::kUInt8, {}, {0.05f}, {128}, 0, "a"});
  spec.tensors.push_back({{1, 1, 1, 5}, tb::kUInt8, {}, {0.02f}, {100}, 0, "b"});
  spec.tensors.push_back({{1, 3, 4, 5}, tb::kUInt8, {}, {0.03f}, {60}, 0, "product"});
  auto options = tb::Table();
  tb::Scalar<int8_t>(options, XQT_MUL_ACTIVATION, XQT_ACTIVATION_RELU);
  spec.ops.push_back({XQT_OP_MUL, {0, 1}, {2}, XQT_OPTIONS_MUL, options});
  spec.inputs = {0, 1};
  spec.outputs = {2};
  const std::vector<uint8_t> a = RandomBytes(60, rng), b = RandomBytes(5, rng);
  const std::vector<uint8_t> y = RunModel(spec, {a, b});
  ASSERT_EQ(y.size(), 60u);
  for (int i = 0; i < 60; i++) {
    const double real = 0.05 * (a[i] - 128) * 0.02 * (b[i % 5] - 100);
    EXPECT_NEAR(y[i], Clamp(std::nearbyint(real / 0.03) + 60, 60, 255), 1) << i;
  }
}

// ADD int8 with broadcasting ([1,2,3,4] + [4]) and RELU6.
TEST(TfliteOps, AddBroadcastInt8) {
  std::mt19937 rng(17);
  tb::ModelSpec spec;
  spec.tensors.push_back({{1, 2, 3, 4}, tb::kInt8, {}, {0.05f}, {-3}, 0, "a"});
  spec.tensors.push_back({{4}, tb::kInt8, {}, {0.08f}, {10}, 0, "b"});
  spec.tensors.push_back({{1, 2, 3, 4}, tb::kInt8, {}, {0.04f}, {-128}, 0, "sum"});
  auto options = tb::Table();
  tb::Scalar<int8_t>(options, XQT_ADD_ACTIVATION, XQT_ACTIVATION_RELU6);
  spec.ops.push_back({XQT_OP_ADD, {0, 1}, {2}, XQT_OPTIONS_ADD, options});
  spec.inputs = {0, 1};
  spec.outputs = {2};
  const std::vector<uint8_t> a = RandomBytes(24, rng), b = RandomBytes(4, rng);
  const std::vector<uint8_t> y = RunModel(spec, {a, b});
  ASSERT_EQ(y.size(), 24u);
  for (int i = 0; i < 24; i++) {
    const double real = 0.05 * (static_cast<int8_t>(a[i]) + 3) + 0.08 * (static_cast<int8_t>(b[i % 4]) - 10);
    EXPECT_NEAR(static_cast<int8_t>(y[i]), Clamp(std::nearbyint(real / 0.04) - 128, -128, 22), 1) << i;
  }
}
