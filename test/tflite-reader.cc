// tools/tflite: the .tflite reader, graph lowering, activation ranges, memory
// planner, BMP decoder and resize, on the shipped models and built models.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include <gtest/gtest.h>

#include "graph.h"
#include "image.h"
#include "model.h"
#include "planner.h"
#include "quantization.h"
#include "schema.h"
#include "tflite-builder.h"
#include "tflite-test-util.h"

using namespace xqt_test;
namespace tb = tflite_builder;

namespace {

struct ModelDeleter {
  void operator()(xqt_model* m) const { xqt_model_free(m); }
};
struct GraphDeleter {
  void operator()(xqt_graph* g) const { xqt_graph_free(g); }
};
using ModelPtr = std::unique_ptr<xqt_model, ModelDeleter>;
using GraphPtr = std::unique_ptr<xqt_graph, GraphDeleter>;

ModelPtr Load(const char* name) {
  xqt_error err{};
  ModelPtr m(xqt_model_load(DataPath(name).c_str(), &err));
  EXPECT_NE(m, nullptr) << err.message;
  return m;
}

}  // namespace

TEST(TfliteReader, Int8ModelStructure) {
  ModelPtr m = Load(kInt8Model);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->num_tensors, 177u);
  EXPECT_EQ(m->num_ops, 68u);
  ASSERT_EQ(m->num_inputs, 1u);
  ASSERT_EQ(m->num_outputs, 1u);
  EXPECT_EQ(m->inputs[0], 0);
  EXPECT_EQ(m->outputs[0], 176);
  EXPECT_EQ(m->ops[0].opcode, XQT_OP_QUANTIZE);
  const xqt_op& conv = m->ops[1];
  EXPECT_EQ(conv.opcode, XQT_OP_CONV_2D);
  EXPECT_EQ(conv.options.stride_h, 2);
  EXPECT_EQ(conv.options.stride_w, 2);
  EXPECT_EQ(conv.options.padding, XQT_PADDING_SAME);
  EXPECT_EQ(conv.options.activation, XQT_ACTIVATION_RELU6);
  EXPECT_EQ(m->ops[2].opcode, XQT_OP_DEPTHWISE_CONV_2D);
  EXPECT_EQ(m->ops[10].opcode, XQT_OP_ADD);
  EXPECT_EQ(m->ops[63].opcode, XQT_OP_MEAN);
  EXPECT_TRUE(m->ops[63].options.keep_dims);
  EXPECT_EQ(m->ops[65].opcode, XQT_OP_RESHAPE);
  EXPECT_EQ(m->ops[66].opcode, XQT_OP_SOFTMAX);
  EXPECT_EQ(m->ops[66].options.beta, 1.0f);
  // Input and first conv output as listed in golden/README.md.
  const xqt_tensor& input = m->tensors[0];
  EXPECT_EQ(input.type, XQT_TYPE_UINT8);
  EXPECT_EQ(input.num_dims, 4u);
  EXPECT_EQ(input.dims[1], 224u);
  EXPECT_EQ(input.zero_points[0], 127);
  const xqt_tensor& t110 = m->tensors[110];
  EXPECT_EQ(t110.type, XQT_TYPE_INT8);
  EXPECT_NEAR(t110.scales[0], 0.023529412f, 1e-8f);
  EXPECT_EQ(t110.zero_points[0], -128);
  EXPECT_EQ(t110.dims[3], 32u);
  // Per-channel weights: CONV_2D along O (0), DEPTHWISE_CONV_2D along I*M (3).
  const xqt_tensor& w = m->tensors[conv.inputs[1]];
  EXPECT_NE(w.data, nullptr);
  EXPECT_EQ(w.num_scales, 32u);
  EXPECT_EQ(w.quantized_dimension, 0);
  const xqt_tensor& dw = m->tensors[m->ops[2].inputs[1]];
  EXPECT_EQ(dw.num_scales, 32u);
  EXPECT_EQ(dw.quantized_dimension, 3);
  EXPECT_EQ(dw.dims[0], 1u);
}

TEST(TfliteReader, Uint8ModelStructure) {
  ModelPtr m = Load(kUint8Model);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->num_tensors, 174u);
  EXPECT_EQ(m->num_ops, 66u);
  EXPECT_EQ(m->outputs[0], 173);
  const xqt_op& pool = m->ops[62];
  EXPECT_EQ(pool.opcode, XQT_OP_AVERAGE_POOL_2D);
  EXPECT_EQ(pool.options.filter_h, 7);
  EXPECT_EQ(pool.options.filter_w, 7);
  EXPECT_EQ(pool.options.padding, XQT_PADDING_VALID);
  const xqt_tensor& w = m->tensors[m->ops[0].inputs[1]];
  EXPECT_EQ(w.type, XQT_TYPE_UINT8);
  EXPECT_EQ(w.num_scales, 1u);
  EXPECT_EQ(w.zero_points[0], 122);
  EXPECT_NEAR(m->tensors[56].scales[0], 0.0235285f, 1e-6f);
}

TEST(TfliteGraph, Int8ModelLowering) {
  ModelPtr m = Load(kInt8Model);
  ASSERT_NE(m, nullptr);
  xqt_error err{};
  GraphPtr g(xqt_graph_build(m.get(), &err));
  ASSERT_NE(g, nullptr) << err.message;
  ASSERT_EQ(g->num_nodes, 68u);
  EXPECT_EQ(g->nodes[0].kind, XQT_NODE_REQUANTIZE);  // UINT8 input -> INT8
  const xqt_node& conv = g->nodes[1];
  EXPECT_EQ(conv.kind, XQT_NODE_CONVOLUTION);
  EXPECT_EQ(conv.scheme, XQT_SCHEME_QS8_QC8W);
  EXPECT_EQ(conv.groups, 1u);
  EXPECT_EQ(conv.group_input_channels, 3u);
  EXPECT_EQ(conv.group_output_channels, 32u);
  EXPECT_EQ(conv.flags, 0x4u);  // TensorFlow SAME padding
  EXPECT_EQ(conv.output_height, 112u);
  // RELU6 with scale 6/255 and zero point -128 covers the whole int8 range.
  EXPECT_EQ(conv.output_min, -128);
  EXPECT_EQ(conv.output_max, 127);
  const xqt_node& dw = g->nodes[2];
  EXPECT_EQ(dw.groups, 32u);
  EXPECT_EQ(dw.group_input_channels, 1u);
  EXPECT_EQ(dw.group_output_channels, 1u);
  EXPECT_EQ(dw.flags, 0x5u);  // depthwise + SAME
  EXPECT_EQ(g->nodes[10].kind, XQT_NODE_ADD);
  const xqt_node& mean = g->nodes[63];
  EXPECT_EQ(mean.kind, XQT_NODE_GLOBAL_AVERAGE_POOLING);
  EXPECT_EQ(mean.rows, 49u);
  EXPECT_EQ(mean.channels, 1280u);
  EXPECT_EQ(g->nodes[65].kind, XQT_NODE_ALIAS);
  EXPECT_EQ(g->storage[174], g->storage[173]);
  EXPECT_EQ(g->nodes[66].kind, XQT_NODE_SOFTMAX);
  EXPECT_EQ(g->nodes[67].kind, XQT_NODE_REQUANTIZE);
  EXPECT_EQ(g->storage[3], -1);  // constant weights have no activation storage
}

TEST(TfliteGraph, Uint8ModelLowering) {
  ModelPtr m = Load(kUint8Model);
  ASSERT_NE(m, nullptr);
  xqt_error err{};
  GraphPtr g(xqt_graph_build(m.get(), &err));
  ASSERT_NE(g, nullptr) << err.message;
  for (size_t i = 0; i < g->num_nodes; i++) {
    if (g->nodes[i].kind == XQT_NODE_CONVOLUTION) {
      EXPECT_EQ(g->nodes[i].scheme, XQT_SCHEME_QU8) << "op " << i;
    }
  }
  EXPECT_EQ(g->nodes[0].kernel_zero_point, 122);
  // AVERAGE_POOL_2D 7x7 over the 7x7 image, output quantized as the input:
  // average pooling with TFLite's rounding (one output pixel of 49 taps).
  EXPECT_EQ(g->nodes[62].kind, XQT_NODE_AVERAGE_POOLING);
  EXPECT_EQ(g->nodes[62].kernel_height * g->nodes[62].kernel_width, 49u);
  EXPECT_EQ(g->nodes[62].output_height * g->nodes[62].output_width, 1u);
  EXPECT_EQ(g->nodes[65].kind, XQT_NODE_SOFTMAX);
}

// TFLite's CalculateActivationRangeQuantized (DESIGN.md section 8).
TEST(TfliteActivationRange, MatchesTfliteFormula) {
  int32_t lo, hi;
  ASSERT_TRUE(xqt_activation_range(XQT_ACTIVATION_NONE, true, 0.1f, 3, &lo, &hi));
  EXPECT_EQ(lo, -128);
  EXPECT_EQ(hi, 127);
  ASSERT_TRUE(xqt_activation_range(XQT_ACTIVATION_RELU, false, 0.1f, 10, &lo, &hi));
  EXPECT_EQ(lo, 10);
  EXPECT_EQ(hi, 255);
  ASSERT_TRUE(xqt_activation_range(XQT_ACTIVATION_RELU6, false, 0.1f, 10, &lo, &hi));
  EXPECT_EQ(lo, 10);
  EXPECT_EQ(hi, 70);
  ASSERT_TRUE(xqt_activation_range(XQT_ACTIVATION_RELU_N1_TO_1, false, 0.1f, 10, &lo, &hi));
  EXPECT_EQ(lo, 0);
  EXPECT_EQ(hi, 20);
  // q(6) = round(6 / 12) = round(0.5): half away from zero gives 1 (ties-to-even would give 0).
  ASSERT_TRUE(xqt_activation_range(XQT_ACTIVATION_RELU6, true, 12.0f, 0, &lo, &hi));
  EXPECT_EQ(lo, 0);
  EXPECT_EQ(hi, 1);
  // Clamped to the type's range.
  ASSERT_TRUE(xqt_activation_range(XQT_ACTIVATION_RELU, true, 0.01f, -200 + 128, &lo, &hi));
  EXPECT_EQ(lo, -72);
  ASSERT_TRUE(xqt_activation_range(XQT_ACTIVATION_RELU6, true, 0.001f, 0, &lo, &hi));
  EXPECT_EQ(hi, 127);
  EXPECT_FALSE(xqt_activation_range(XQT_ACTIVATION_TANH, true, 0.1f, 0, &lo, &hi));
}

TEST(TfliteQuantization, RequantizeShiftsAndRescales) {
  // uint8 (zp 127) -> int8 (zp -1) with equal scales: exact shift, as op 0 of the int8 model.
  const uint8_t in[4] = {0, 127, 128, 255};
  int8_t out[4];
  xqt_requantization r{false, true, 127, -1, 1.0, true, -128, 127};
  xqt_requantize(&r, 4, in, out);
  EXPECT_EQ(out[0], -128);
  EXPECT_EQ(out[1], -1);
  EXPECT_EQ(out[2], 0);
  EXPECT_EQ(out[3], 127);
  // Halving the scale: (q - zp) * 2, saturated.
  xqt_requantization r2{false, false, 100, 100, 2.0, false, 0, 255};
  const uint8_t in2[3] = {100, 150, 250};
  uint8_t out2[3];
  xqt_requantize(&r2, 3, in2, out2);
  EXPECT_EQ(out2[0], 100);
  EXPECT_EQ(out2[1], 200);
  EXPECT_EQ(out2[2], 255);
}

TEST(TfliteQuantization, SoftmaxMatchesFloat) {
  const int8_t logits[5] = {-53, 10, 40, 40, -128};
  int8_t out[5];
  xqt_softmax_q(1, 5, 1.0f, true, 0.063365f, -53, true, 1.0f / 256.0f, -128, logits, out);
  double e[5], sum = 0;
  for (int i = 0; i < 5; i++) sum += e[i] = std::exp(0.063365 * (logits[i] - 40));
  for (int i = 0; i < 5; i++) {
    const double expected = std::min(127.0, -128 + std::round(e[i] / sum * 256.0));
    EXPECT_EQ(out[i], expected) << i;
  }
  EXPECT_EQ(out[2], out[3]);
}

// Buffers whose lifetimes overlap never share bytes; random property test.
TEST(TflitePlanner, OverlappingLifetimesNeverShareBytes) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; trial++) {
    const size_t n = 1 + rng() % 40;
    std::vector<xqt_buffer_request> req(n);
    for (auto& r : req) {
      r.size = rng() % 5000;
      r.first = rng() % 30;
      r.last = r.first + rng() % 6;
    }
    std::vector<size_t> offsets(n);
    size_t arena = 0;
    ASSERT_TRUE(xqt_plan_memory(n, req.data(), 64, offsets.data(), &arena));
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
      EXPECT_EQ(offsets[i] % 64, 0u);
      EXPECT_LE(offsets[i] + req[i].size, arena);
      total += (req[i].size + 63) / 64 * 64;
      for (size_t j = i + 1; j < n; j++) {
        const bool alive_together = req[i].first <= req[j].last && req[j].first <= req[i].last;
        const bool bytes_overlap = offsets[i] < offsets[j] + req[j].size &&
                                   offsets[j] < offsets[i] + req[i].size;
        EXPECT_FALSE(alive_together && bytes_overlap) << "trial " << trial << " buffers " << i << ", " << j;
      }
    }
    EXPECT_LE(arena, total);
  }
}

TEST(TflitePlanner, ChainReusesMemory) {
  // A -> op0 -> B -> op1 -> C -> op2 -> D: A and C (or B and D) can share.
  const xqt_buffer_request req[4] = {{1000, 0, 0}, {1000, 0, 1}, {1000, 1, 2}, {1000, 2, 3}};
  size_t offsets[4], arena;
  ASSERT_TRUE(xqt_plan_memory(4, req, 64, offsets, &arena));
  EXPECT_EQ(arena, 2u * 1024u);
  EXPECT_NE(offsets[0], offsets[1]);
  EXPECT_NE(offsets[1], offsets[2]);
  EXPECT_NE(offsets[2], offsets[3]);
}

TEST(TfliteImage, DecodesBmpAndResizesLikeTheReference) {
  xqt_image image{};
  xqt_error err{};
  ASSERT_TRUE(xqt_bmp_load(DataPath("cat.bmp").c_str(), &image, &err)) << err.message;
  EXPECT_EQ(image.width, 512u);
  EXPECT_EQ(image.height, 341u);
  std::vector<uint8_t> resized(224 * 224 * 3);
  xqt_resize_bilinear(image.rgb, image.width, image.height, resized.data(), 224, 224, 3);
  xqt_image_free(&image);
  // golden/cat.224x224.rgb is the exact preprocessed input of the reference run.
  const std::vector<uint8_t> golden = ReadFile(DataPath("golden/cat.224x224.rgb"));
  ASSERT_EQ(golden.size(), resized.size());
  EXPECT_TRUE(golden == resized);
}

TEST(TfliteImage, ResizeIdentityAndClamping) {
  std::vector<uint8_t> src(5 * 3 * 3);
  for (size_t i = 0; i < src.size(); i++) src[i] = static_cast<uint8_t>(i * 7);
  std::vector<uint8_t> dst(src.size());
  xqt_resize_bilinear(src.data(), 5, 3, dst.data(), 5, 3, 3);
  EXPECT_TRUE(src == dst);
  // 2 -> 4 pixels: src = (d + 0.5) / 2 - 0.5 = -0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
  const uint8_t row[2] = {0, 100};
  uint8_t out[4];
  xqt_resize_bilinear(row, 2, 1, out, 4, 1, 1);
  EXPECT_EQ(out[0], 0);
  EXPECT_EQ(out[1], 25);
  EXPECT_EQ(out[2], 75);
  EXPECT_EQ(out[3], 100);
}

TEST(TfliteImage, RejectsTruncatedAndUnsupportedBmp) {
  const std::vector<uint8_t> bmp = ReadFile(DataPath("bird.bmp"));
  xqt_image image{};
  xqt_error err{};
  ASSERT_TRUE(xqt_bmp_decode(bmp.data(), bmp.size(), &image, &err)) << err.message;
  xqt_image_free(&image);
  for (size_t length = 0; length < bmp.size(); length += (length < 200 ? 1 : 997)) {
    std::vector<uint8_t> prefix(bmp.begin(), bmp.begin() + length);
    EXPECT_FALSE(xqt_bmp_decode(prefix.data(), prefix.size(), &image, &err)) << length;
  }
  std::vector<uint8_t> bad = bmp;
  bad[28] = 32;  // 32 bits per pixel
  EXPECT_FALSE(xqt_bmp_decode(bad.data(), bad.size(), &image, &err));
  EXPECT_NE(std::string(err.message).find("24-bit"), std::string::npos) << err.message;
  bad = bmp;
  bad[18] = bad[19] = bad[20] = 0xFF;
  bad[21] = 0x7F;  // absurd width
  EXPECT_FALSE(xqt_bmp_decode(bad.data(), bad.size(), &image, &err));
}

// A model written by the test builder reads back field by field.
TEST(TfliteReader, BuiltModelRoundTrip) {
  tb::ModelSpec spec;
  spec.tensors.push_back({{2, 8}, tb::kInt8, {}, {0.5f}, {-3}, 0, "input"});
  std::vector<int8_t> w(4 * 8, 1);
  spec.tensors.push_back({{4, 8}, tb::kInt8, tb::Raw(w), {0.1f, 0.2f, 0.3f, 0.4f}, {0, 0, 0, 0}, 0, "weights"});
  spec.tensors.push_back({{4}, tb::kInt32, tb::Raw(std::vector<int32_t>{1, 2, 3, 4}), {}, {}, 0, "bias"});
  spec.tensors.push_back({{2, 4}, tb::kInt8, {}, {0.25f}, {5}, 0, "output"});
  auto options = tb::Table();
  tb::Scalar<int8_t>(options, XQT_FC_ACTIVATION, XQT_ACTIVATION_RELU);
  spec.ops.push_back({XQT_OP_FULLY_CONNECTED, {0, 1, 2}, {3}, XQT_OPTIONS_FULLY_CONNECTED, options});
  spec.inputs = {0};
  spec.outputs = {3};
  const std::vector<uint8_t> bytes = tb::Build(spec);
  xqt_error err{};
  ModelPtr m(xqt_model_parse(bytes.data(), bytes.size(), &err));
  ASSERT_NE(m, nullptr) << err.message;
  ASSERT_EQ(m->num_tensors, 4u);
  EXPECT_STREQ(m->tensors[1].name, "weights");
  EXPECT_EQ(m->tensors[1].num_scales, 4u);
  EXPECT_EQ(m->tensors[1].scales[3], 0.4f);
  EXPECT_EQ(m->tensors[3].zero_points[0], 5);
  ASSERT_EQ(m->num_ops, 1u);
  EXPECT_EQ(m->ops[0].opcode, XQT_OP_FULLY_CONNECTED);
  EXPECT_EQ(m->ops[0].options.activation, XQT_ACTIVATION_RELU);
  GraphPtr g(xqt_graph_build(m.get(), &err));
  ASSERT_NE(g, nullptr) << err.message;
  EXPECT_EQ(g->nodes[0].kind, XQT_NODE_FULLY_CONNECTED);
  EXPECT_EQ(g->nodes[0].scheme, XQT_SCHEME_QS8_QC8W);
  EXPECT_EQ(g->nodes[0].rows, 2u);
  EXPECT_EQ(g->nodes[0].output_min, 5);
  EXPECT_EQ(g->nodes[0].bias[3], 4);
}
