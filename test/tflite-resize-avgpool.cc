// tools/tflite: AVERAGE_POOL_2D (general windows), RESIZE_BILINEAR and
// RESIZE_NEAREST_NEIGHBOR. First AVERAGE_POOL_2D models written by the test
// builder against a naive reference of TensorFlow Lite's integer AveragePool
// (taps inside the image, (sum +- count / 2) / count, activation clamp);
// then models checked against TensorFlow Lite 2.9's own outputs (golden data,
// scripts/make-golden.sh tflite-resize-avgpool): a chain of every resize flag and
// several average-pooling paddings per type, and a small DeepLab-like
// segmentation network (PAD -> CONV_2D stride 2 -> DEPTHWISE_CONV_2D ->
// AVERAGE_POOL_2D -> CONV_2D 1x1 -> RESIZE_BILINEAR to the input size, a
// RESIZE_NEAREST_NEIGHBOR branch, CONCATENATION), int8 and uint8.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <utility>

#include <gtest/gtest.h>
#include <pthreadpool.h>

#include "model.h"
#include "runtime.h"
#include "schema.h"
#include "tflite-builder.h"
#include "tflite-run-model.h"
#include "tflite-test-util.h"

namespace tb = tflite_builder;

namespace {

using xqt_test::RunModel;

int32_t Value(uint8_t v, bool is_signed) { return is_signed ? static_cast<int8_t>(v) : v; }

tb::NodePtr PoolOptions(int8_t padding, int filter_h, int filter_w, int stride_h, int stride_w, int activation) {
  auto options = tb::Table();
  tb::Scalar<int8_t>(options, XQT_POOL_PADDING, padding);
  tb::Scalar<int32_t>(options, XQT_POOL_STRIDE_W, stride_w);
  tb::Scalar<int32_t>(options, XQT_POOL_STRIDE_H, stride_h);
  tb::Scalar<int32_t>(options, XQT_POOL_FILTER_W, filter_w);
  tb::Scalar<int32_t>(options, XQT_POOL_FILTER_H, filter_h);
  tb::Scalar<int8_t>(options, XQT_POOL_ACTIVATION, static_cast<int8_t>(activation));
  return options;
}

tb::NodePtr ResizeOptions(bool bilinear, bool align_corners, bool half_pixel_centers) {
  auto options = tb::Table();
  const int align_field = bilinear ? static_cast<int>(XQT_RESIZE_BILINEAR_ALIGN_CORNERS)
                                   : static_cast<int>(XQT_RESIZE_NEAREST_ALIGN_CORNERS);
  const int half_field = bilinear ? static_cast<int>(XQT_RESIZE_BILINEAR_HALF_PIXEL_CENTERS)
                                  : static_cast<int>(XQT_RESIZE_NEAREST_HALF_PIXEL_CENTERS);
  tb::Scalar<uint8_t>(options, align_field, align_corners ? 1 : 0);
  tb::Scalar<uint8_t>(options, half_field, half_pixel_centers ? 1 : 0);
  return options;
}

struct Pool {
  int n, h, w, c, filter_h, filter_w, stride_h, stride_w;
  int8_t padding;
  int activation;
};

// TFLite's reference_integer_ops::AveragePool (int8; the uint8 one is the
// same for its non-negative sums), with TFLite's SAME padding.
std::vector<uint8_t> ReferenceAveragePool(const Pool& p, bool is_signed, int32_t lo, int32_t hi,
                                          const std::vector<uint8_t>& x, int* out_h, int* out_w) {
  auto out_size = [&](int in, int filter, int stride) {
    return p.padding == XQT_PADDING_SAME ? (in + stride - 1) / stride : (in - filter + stride) / stride;
  };
  *out_h = out_size(p.h, p.filter_h, p.stride_h);
  *out_w = out_size(p.w, p.filter_w, p.stride_w);
  auto pad = [&](int in, int filter, int stride, int out) {
    return p.padding == XQT_PADDING_SAME ? std::max((out - 1) * stride + filter - in, 0) / 2 : 0;
  };
  const int pad_h = pad(p.h, p.filter_h, p.stride_h, *out_h), pad_w = pad(p.w, p.filter_w, p.stride_w, *out_w);
  std::vector<uint8_t> y(static_cast<size_t>(p.n) * *out_h * *out_w * p.c);
  for (int b = 0; b < p.n; b++) {
    for (int oy = 0; oy < *out_h; oy++) {
      for (int ox = 0; ox < *out_w; ox++) {
        const int y0 = oy * p.stride_h - pad_h, x0 = ox * p.stride_w - pad_w;
        for (int ch = 0; ch < p.c; ch++) {
          int32_t acc = 0, count = 0;
          for (int fy = std::max(0, -y0); fy < std::min(p.filter_h, p.h - y0); fy++) {
            for (int fx = std::max(0, -x0); fx < std::min(p.filter_w, p.w - x0); fx++) {
              acc += Value(x[((static_cast<size_t>(b) * p.h + y0 + fy) * p.w + x0 + fx) * p.c + ch], is_signed);
              count++;
            }
          }
          acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
          y[((static_cast<size_t>(b) * *out_h + oy) * *out_w + ox) * p.c + ch] =
              static_cast<uint8_t>(std::min(std::max(acc, lo), hi));
        }
      }
    }
  }
  return y;
}

void CheckAveragePool(const Pool& p, bool is_signed, std::mt19937& rng, size_t threads = 0) {
  const int8_t type = is_signed ? tb::kInt8 : tb::kUInt8;
  const float scale = 0.037f;
  const int64_t zp = is_signed ? -7 : 131;
  std::vector<uint8_t> x(static_cast<size_t>(p.n) * p.h * p.w * p.c);
  for (auto& v : x) v = static_cast<uint8_t>(rng());
  // The activation ranges of the runner, computed as TFLite does (graph-common.c tests them).
  int32_t lo = is_signed ? -128 : 0, hi = is_signed ? 127 : 255;
  if (p.activation == XQT_ACTIVATION_RELU) lo = std::max<int32_t>(lo, static_cast<int32_t>(zp));
  int out_h, out_w;
  const std::vector<uint8_t> expected = ReferenceAveragePool(p, is_signed, lo, hi, x, &out_h, &out_w);
  tb::ModelSpec spec;
  spec.tensors.push_back({{p.n, p.h, p.w, p.c}, type, {}, {scale}, {zp}, 0, "input"});
  spec.tensors.push_back({{p.n, out_h, out_w, p.c}, type, {}, {scale}, {zp}, 0, "output"});
  spec.ops.push_back({XQT_OP_AVERAGE_POOL_2D, {0}, {1}, XQT_OPTIONS_POOL_2D,
                      PoolOptions(p.padding, p.filter_h, p.filter_w, p.stride_h, p.stride_w, p.activation)});
  spec.inputs = {0};
  spec.outputs = {1};
  ASSERT_EQ(RunModel(spec, x, threads), expected)
      << (is_signed ? "int8" : "uint8") << " input " << p.n << "x" << p.h << "x" << p.w << "x" << p.c << " filter "
      << p.filter_h << "x" << p.filter_w << " stride " << p.stride_h << "x" << p.stride_w << " padding "
      << (int) p.padding << " activation " << p.activation;
}

}  // namespace

TEST(TfliteAveragePool, ShapesPaddingsAndActivations) {
  std::mt19937 rng(1);
  const Pool pools[] = {
      {1, 7, 7, 8, 7, 7, 1, 1, XQT_PADDING_VALID, XQT_ACTIVATION_NONE},  // whole image
      {1, 7, 9, 3, 3, 3, 2, 2, XQT_PADDING_SAME, XQT_ACTIVATION_NONE},
      {2, 8, 8, 17, 2, 2, 2, 2, XQT_PADDING_VALID, XQT_ACTIVATION_RELU},
      {1, 5, 6, 33, 3, 2, 1, 3, XQT_PADDING_SAME, XQT_ACTIVATION_NONE},
      {1, 1, 1, 5, 3, 3, 1, 1, XQT_PADDING_SAME, XQT_ACTIVATION_NONE},   // all but one tap in padding
      {1, 9, 4, 1, 4, 4, 3, 1, XQT_PADDING_SAME, XQT_ACTIVATION_RELU},
  };
  for (bool is_signed : {true, false}) {
    for (const Pool& p : pools) CheckAveragePool(p, is_signed, rng);
  }
  CheckAveragePool(pools[1], true, rng, 3);
}

// ---- Golden data from TensorFlow Lite 2.9 ----
// The models below, written by the builder and checked in as
// test/data/golden/resize-avgpool-*.tflite, with the outputs TensorFlow Lite
// 2.9's C library (npm tfjs-tflite-node) computed for them in *.out.bin;
// scripts/make-golden.sh tflite-resize-avgpool regenerates both.

namespace {

int32_t AddConstant(tb::ModelSpec& spec, std::vector<int32_t> shape, int8_t type, std::vector<uint8_t> data,
                    std::vector<float> scales, std::vector<int64_t> zps, const char* name) {
  spec.tensors.push_back({std::move(shape), type, std::move(data), std::move(scales), std::move(zps), 0, name});
  return static_cast<int32_t>(spec.tensors.size() - 1);
}

int32_t AddSize(tb::ModelSpec& spec, int h, int w) {
  return AddConstant(spec, {2}, tb::kInt32, tb::Raw(std::vector<int32_t>{h, w}), {}, {}, "size");
}

// Every resize flag combination and average-pooling paddings, chained:
// AVERAGE_POOL_2D 3x3/2 SAME -> RESIZE_BILINEAR 5x7->9x13 (no flags) ->
// RESIZE_BILINEAR align_corners 6x5 -> RESIZE_BILINEAR half_pixel 11x10 ->
// AVERAGE_POOL_2D 2x3/1x2 VALID RELU -> RESIZE_NEAREST 13x7 -> RESIZE_NEAREST
// align_corners 5x9 -> RESIZE_NEAREST half_pixel 12x20 -> AVERAGE_POOL_2D 4x4/3 SAME.
tb::ModelSpec GoldenChain(bool is_signed) {
  const int8_t type = is_signed ? tb::kInt8 : tb::kUInt8;
  const float s = 0.05f;
  const std::vector<int64_t> zp = {is_signed ? -3 : 129};
  tb::ModelSpec spec;
  auto act = [&](std::vector<int32_t> shape, const char* name) {
    spec.tensors.push_back({std::move(shape), type, {}, {s}, zp, 0, name});
    return static_cast<int32_t>(spec.tensors.size() - 1);
  };
  const int32_t input = act({1, 10, 13, 6}, "input");
  const int32_t p0 = act({1, 5, 7, 6}, "pool0");
  spec.ops.push_back({XQT_OP_AVERAGE_POOL_2D, {input}, {p0}, XQT_OPTIONS_POOL_2D,
                      PoolOptions(XQT_PADDING_SAME, 3, 3, 2, 2, XQT_ACTIVATION_NONE)});
  int32_t prev = p0;
  struct Step {
    bool bilinear, align, half;
    int h, w;
  };
  const Step first[] = {{true, false, false, 9, 13}, {true, true, false, 6, 5}, {true, false, true, 11, 10}};
  for (const Step& st : first) {
    const int32_t size = AddSize(spec, st.h, st.w);
    const int32_t out = act({1, st.h, st.w, 6}, "bilinear");
    spec.ops.push_back({XQT_OP_RESIZE_BILINEAR, {prev, size}, {out}, XQT_OPTIONS_RESIZE_BILINEAR,
                        ResizeOptions(true, st.align, st.half)});
    prev = out;
  }
  const int32_t p1 = act({1, 10, 4, 6}, "pool1");
  spec.ops.push_back({XQT_OP_AVERAGE_POOL_2D, {prev}, {p1}, XQT_OPTIONS_POOL_2D,
                      PoolOptions(XQT_PADDING_VALID, 2, 3, 1, 2, XQT_ACTIVATION_RELU)});
  prev = p1;
  const Step second[] = {{false, false, false, 13, 7}, {false, true, false, 5, 9}, {false, false, true, 12, 20}};
  for (const Step& st : second) {
    const int32_t size = AddSize(spec, st.h, st.w);
    const int32_t out = act({1, st.h, st.w, 6}, "nearest");
    spec.ops.push_back({XQT_OP_RESIZE_NEAREST_NEIGHBOR, {prev, size}, {out}, XQT_OPTIONS_RESIZE_NEAREST_NEIGHBOR,
                        ResizeOptions(false, st.align, st.half)});
    prev = out;
  }
  const int32_t output = act({1, 4, 7, 6}, "output");
  spec.ops.push_back({XQT_OP_AVERAGE_POOL_2D, {prev}, {output}, XQT_OPTIONS_POOL_2D,
                      PoolOptions(XQT_PADDING_SAME, 4, 4, 3, 3, XQT_ACTIVATION_NONE)});
  spec.inputs = {input};
  spec.outputs = {output};
  return spec;
}

// Deterministic weights in [-127, 127] (int8) or [0, 255] (uint8).
std::vector<uint8_t> Weights(size_t n, bool is_signed, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> w(n);
  for (auto& v : w) v = is_signed ? static_cast<uint8_t>(static_cast<int8_t>(static_cast<int>(rng() % 255) - 127))
                                  : static_cast<uint8_t>(rng() % 256);
  return w;
}

std::vector<uint8_t> Bias(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<int32_t> b(n);
  for (auto& v : b) v = static_cast<int32_t>(rng() % 2001) - 1000;
  return tb::Raw(b);
}

// A small DeepLab-like segmentation head on a 33x33x3 image:
// PAD 1 -> CONV_2D 3x3/2 VALID RELU6 (16) -> DEPTHWISE_CONV_2D 3x3 SAME RELU6
// -> AVERAGE_POOL_2D 2x2/2 VALID -> CONV_2D 1x1 (8) -> RESIZE_BILINEAR to 33x33
// (half_pixel_centers); a RESIZE_NEAREST_NEIGHBOR branch from the depthwise
// output to 33x33 (align_corners) -> CONV_2D 1x1 (4); CONCATENATION of both
// (12 channels).
tb::ModelSpec Segmentation(bool is_signed) {
  const int8_t type = is_signed ? tb::kInt8 : tb::kUInt8;
  const int64_t z = is_signed ? 0 : 128;
  tb::ModelSpec spec;
  auto act = [&](std::vector<int32_t> shape, float scale, int64_t zp, const char* name) {
    spec.tensors.push_back({std::move(shape), type, {}, {scale}, {zp}, 0, name});
    return static_cast<int32_t>(spec.tensors.size() - 1);
  };
  const int64_t wz = is_signed ? 0 : 120;
  const int32_t input = act({1, 33, 33, 3}, 0.02f, z - 5, "image");
  const int32_t paddings = AddConstant(spec, {4, 2}, tb::kInt32,
                                       tb::Raw(std::vector<int32_t>{0, 0, 1, 1, 1, 1, 0, 0}), {}, {}, "paddings");
  const int32_t padded = act({1, 35, 35, 3}, 0.02f, z - 5, "padded");
  spec.ops.push_back({XQT_OP_PAD, {input, paddings}, {padded}, 0, nullptr});

  const int32_t w1 = AddConstant(spec, {16, 3, 3, 3}, type, Weights(16 * 27, is_signed, 1), {0.01f}, {wz}, "w1");
  const int32_t b1 = AddConstant(spec, {16}, tb::kInt32, Bias(16, 2), {}, {}, "b1");
  const int32_t conv1 = act({1, 17, 17, 16}, 6.0f / 255, is_signed ? -128 : 0, "conv1");
  auto conv = tb::Table();
  tb::Scalar<int8_t>(conv, XQT_CONV_PADDING, XQT_PADDING_VALID);
  tb::Scalar<int32_t>(conv, XQT_CONV_STRIDE_W, 2);
  tb::Scalar<int32_t>(conv, XQT_CONV_STRIDE_H, 2);
  tb::Scalar<int8_t>(conv, XQT_CONV_ACTIVATION, XQT_ACTIVATION_RELU6);
  spec.ops.push_back({XQT_OP_CONV_2D, {padded, w1, b1}, {conv1}, XQT_OPTIONS_CONV_2D, conv});

  const int32_t w2 = AddConstant(spec, {1, 3, 3, 16}, type, Weights(9 * 16, is_signed, 3), {0.02f}, {wz}, "w2");
  const int32_t b2 = AddConstant(spec, {16}, tb::kInt32, Bias(16, 4), {}, {}, "b2");
  const int32_t dw = act({1, 17, 17, 16}, 6.0f / 255, is_signed ? -128 : 0, "dw");
  auto dwo = tb::Table();
  tb::Scalar<int8_t>(dwo, XQT_DWCONV_PADDING, XQT_PADDING_SAME);
  tb::Scalar<int32_t>(dwo, XQT_DWCONV_STRIDE_W, 1);
  tb::Scalar<int32_t>(dwo, XQT_DWCONV_STRIDE_H, 1);
  tb::Scalar<int32_t>(dwo, XQT_DWCONV_DEPTH_MULTIPLIER, 1);
  tb::Scalar<int8_t>(dwo, XQT_DWCONV_ACTIVATION, XQT_ACTIVATION_RELU6);
  spec.ops.push_back({XQT_OP_DEPTHWISE_CONV_2D, {conv1, w2, b2}, {dw}, XQT_OPTIONS_DEPTHWISE_CONV_2D, dwo});

  const int32_t pooled = act({1, 8, 8, 16}, 6.0f / 255, is_signed ? -128 : 0, "pooled");
  spec.ops.push_back({XQT_OP_AVERAGE_POOL_2D, {dw}, {pooled}, XQT_OPTIONS_POOL_2D,
                      PoolOptions(XQT_PADDING_VALID, 2, 2, 2, 2, XQT_ACTIVATION_NONE)});

  auto conv1x1 = tb::Table();
  tb::Scalar<int8_t>(conv1x1, XQT_CONV_PADDING, XQT_PADDING_SAME);
  tb::Scalar<int32_t>(conv1x1, XQT_CONV_STRIDE_W, 1);
  tb::Scalar<int32_t>(conv1x1, XQT_CONV_STRIDE_H, 1);
  tb::Scalar<int8_t>(conv1x1, XQT_CONV_ACTIVATION, XQT_ACTIVATION_NONE);
  const int32_t w3 = AddConstant(spec, {8, 1, 1, 16}, type, Weights(8 * 16, is_signed, 5), {0.015f}, {wz}, "w3");
  const int32_t b3 = AddConstant(spec, {8}, tb::kInt32, Bias(8, 6), {}, {}, "b3");
  const int32_t logits = act({1, 8, 8, 8}, 0.08f, z + 3, "logits");
  spec.ops.push_back({XQT_OP_CONV_2D, {pooled, w3, b3}, {logits}, XQT_OPTIONS_CONV_2D, conv1x1});
  const int32_t size = AddSize(spec, 33, 33);
  const int32_t up = act({1, 33, 33, 8}, 0.08f, z + 3, "upsampled");
  spec.ops.push_back({XQT_OP_RESIZE_BILINEAR, {logits, size}, {up}, XQT_OPTIONS_RESIZE_BILINEAR,
                      ResizeOptions(true, false, true)});

  const int32_t near = act({1, 33, 33, 16}, 6.0f / 255, is_signed ? -128 : 0, "nearest");
  spec.ops.push_back({XQT_OP_RESIZE_NEAREST_NEIGHBOR, {dw, size}, {near}, XQT_OPTIONS_RESIZE_NEAREST_NEIGHBOR,
                      ResizeOptions(false, true, false)});
  const int32_t w4 = AddConstant(spec, {4, 1, 1, 16}, type, Weights(4 * 16, is_signed, 7), {0.01f}, {wz}, "w4");
  const int32_t b4 = AddConstant(spec, {4}, tb::kInt32, Bias(4, 8), {}, {}, "b4");
  // TFLite 2.9 concatenates int8 inputs only when quantized as the output.
  const int32_t side = act({1, 33, 33, 4}, 0.08f, z + 3, "side");
  spec.ops.push_back({XQT_OP_CONV_2D, {near, w4, b4}, {side}, XQT_OPTIONS_CONV_2D, conv1x1});

  const int32_t output = act({1, 33, 33, 12}, 0.08f, z + 3, "segmentation");
  auto concat = tb::Table();
  tb::Scalar<int32_t>(concat, XQT_CONCAT_AXIS, 3);
  tb::Scalar<int8_t>(concat, XQT_CONCAT_ACTIVATION, XQT_ACTIVATION_NONE);
  spec.ops.push_back({XQT_OP_CONCATENATION, {up, side}, {output}, XQT_OPTIONS_CONCATENATION, concat});
  spec.inputs = {input};
  spec.outputs = {output};
  return spec;
}

// One op, so that its output is compared directly: a resize of 7x9 to 17x5
// (up in height, down in width) with one flag setting, or AVERAGE_POOL_2D
// 5x5/2 SAME over 11x13 (windows cut by the padding on every side).
tb::ModelSpec SingleOp(int32_t opcode, bool is_signed, bool align, bool half) {
  const int8_t type = is_signed ? tb::kInt8 : tb::kUInt8;
  const std::vector<int64_t> zp = {is_signed ? 5 : 120};
  tb::ModelSpec spec;
  if (opcode == XQT_OP_AVERAGE_POOL_2D) {
    spec.tensors.push_back({{2, 11, 13, 7}, type, {}, {0.1f}, zp, 0, "input"});
    spec.tensors.push_back({{2, 6, 7, 7}, type, {}, {0.1f}, zp, 0, "output"});
    spec.ops.push_back({opcode, {0}, {1}, XQT_OPTIONS_POOL_2D,
                        PoolOptions(XQT_PADDING_SAME, 5, 5, 2, 2, XQT_ACTIVATION_NONE)});
    spec.inputs = {0};
    spec.outputs = {1};
    return spec;
  }
  const bool bilinear = opcode == XQT_OP_RESIZE_BILINEAR;
  spec.tensors.push_back({{1, 7, 9, 5}, type, {}, {0.1f}, zp, 0, "input"});
  AddSize(spec, 17, 5);
  spec.tensors.push_back({{1, 17, 5, 5}, type, {}, {0.1f}, zp, 0, "output"});
  spec.ops.push_back({opcode, {0, 1}, {2},
                      static_cast<uint8_t>(bilinear ? XQT_OPTIONS_RESIZE_BILINEAR : XQT_OPTIONS_RESIZE_NEAREST_NEIGHBOR),
                      ResizeOptions(bilinear, align, half)});
  spec.inputs = {0};
  spec.outputs = {2};
  return spec;
}

std::vector<std::pair<std::string, tb::ModelSpec>> GoldenModels() {
  std::vector<std::pair<std::string, tb::ModelSpec>> models = {
      {"chain-int8", GoldenChain(true)},
      {"chain-uint8", GoldenChain(false)},
      {"segmentation-int8", Segmentation(true)},
      {"segmentation-uint8", Segmentation(false)},
  };
  for (bool is_signed : {true, false}) {
    const std::string t = is_signed ? "-int8" : "-uint8";
    models.push_back({"avgpool-same" + t, SingleOp(XQT_OP_AVERAGE_POOL_2D, is_signed, false, false)});
    for (int32_t op : {XQT_OP_RESIZE_BILINEAR, XQT_OP_RESIZE_NEAREST_NEIGHBOR}) {
      const std::string o = op == XQT_OP_RESIZE_BILINEAR ? "bilinear" : "nearest";
      models.push_back({o + "-plain" + t, SingleOp(op, is_signed, false, false)});
      models.push_back({o + "-align" + t, SingleOp(op, is_signed, true, false)});
      models.push_back({o + "-half" + t, SingleOp(op, is_signed, false, true)});
    }
  }
  return models;
}

}  // namespace

TEST(TfliteResizeAvgPoolGolden, MatchesTensorFlowLite29) {
  const std::vector<std::pair<std::string, tb::ModelSpec>> models = GoldenModels();
  const char* write_dir = std::getenv("XQT_WRITE_GOLDEN_DIR");
  for (const auto& [name, spec] : models) {
    const std::vector<uint8_t> bytes = tb::Build(spec);
    const std::string file = std::string("resize-avgpool-") + name;
    if (write_dir != nullptr) {
      // scripts/make-golden.sh tflite-resize-avgpool: write the models, TFLite computes the outputs.
      std::ofstream(std::string(write_dir) + "/" + file + ".tflite", std::ios::binary)
          .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
      continue;
    }
    const std::string base = "golden/" + file;
    ASSERT_EQ(xqt_test::ReadFile(xqt_test::DataPath(base + ".tflite")), bytes)
        << base << ".tflite is not the model this test builds: run scripts/make-golden.sh tflite-resize-avgpool";
    const tb::TensorSpec& input = spec.tensors[spec.inputs[0]];
    size_t n = 1;
    for (int32_t d : input.shape) n *= static_cast<size_t>(d);
    const std::vector<uint8_t> expected = xqt_test::ReadFile(xqt_test::DataPath(base + ".out.bin"));
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(RunModel(spec, xqt_test::ReferenceInput(n)), expected) << name;
    EXPECT_EQ(RunModel(spec, xqt_test::ReferenceInput(n), 2), expected) << name << ", 2 threads";
  }
}
