// tools/tflite: a small MoveNet / PoseNet-like network and a chain of copies
// on float tensors, written by the test builder, against the outputs
// TensorFlow Lite 2.9's own C library (npm tfjs-tflite-node) computed for them
// (test/data/golden/pose-*.{tflite,out.bin}, made by
// `scripts/make-golden.sh tflite-pose`), bit for bit, on 1 and 2 threads.
//
// pose-int8: uint8 image -> CAST int32 -> CAST float32 -> QUANTIZE int8 ->
// CONV_2D 3x3/2 RELU -> DEPTHWISE_CONV_2D 3x3 RELU -> CONV_2D 1x1 (4 keypoint
// heatmaps + 2 offset channels) -> SPLIT_V -> TRANSPOSE (keypoints first) ->
// RESHAPE -> ARG_MAX over the flattened positions (keypoint indices, INT32),
// LOGISTIC (scores); plus CAST of the indices to float, a STRIDED_SLICE of the
// offsets (negative stride, end mask, shrunk axis), a SLICE (size -1), a
// CONCATENATION of the split parts in another order and a SPLIT.
// pose-float: the copies on FLOAT32 (4-byte elements), CAST float -> int32 and
// ARG_MAX with INT64 output.
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

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

// Adds a tensor and returns its index.
int32_t Add(tb::ModelSpec& spec, tb::TensorSpec t) {
  spec.tensors.push_back(std::move(t));
  return static_cast<int32_t>(spec.tensors.size() - 1);
}

int32_t Int32s(tb::ModelSpec& spec, const std::vector<int32_t>& v, const std::string& name, bool scalar = false) {
  return Add(spec, {scalar ? std::vector<int32_t>{} : std::vector<int32_t>{static_cast<int32_t>(v.size())}, tb::kInt32,
                    tb::Raw(v), {}, {}, 0, name});
}

int32_t Int8(tb::ModelSpec& spec, std::vector<int32_t> shape, float scale, int64_t zp, const std::string& name) {
  return Add(spec, {std::move(shape), tb::kInt8, {}, {scale}, {zp}, 0, name});
}

// Per-channel int8 weights (channels along `dim`) and the matching INT32 bias.
std::pair<int32_t, int32_t> Weights(tb::ModelSpec& spec, std::vector<int32_t> shape, int32_t dim, float input_scale,
                                    float base_scale, std::mt19937& rng, const std::string& name) {
  size_t n = 1;
  for (int32_t d : shape) n *= static_cast<size_t>(d);
  std::vector<uint8_t> w(n);
  for (auto& v : w) v = static_cast<uint8_t>(static_cast<int8_t>(static_cast<int>(rng() % 255) - 127));
  const int32_t channels = shape[dim];
  std::vector<float> scales, bias_scales;
  std::vector<int32_t> bias;
  for (int32_t c = 0; c < channels; c++) {
    scales.push_back(base_scale * (1.0f + 0.125f * static_cast<float>(c)));
    bias_scales.push_back(input_scale * scales.back());
    bias.push_back(static_cast<int32_t>(rng() % 4001) - 2000);
  }
  const int32_t wi = Add(spec, {std::move(shape), tb::kInt8, w, scales, std::vector<int64_t>(channels, 0), dim, name});
  const int32_t bi = Add(spec, {{channels}, tb::kInt32, tb::Raw(bias), bias_scales, std::vector<int64_t>(channels, 0), 0,
                                name + "_bias"});
  return {wi, bi};
}

tb::NodePtr ConvOptions(int stride, int activation) {
  auto o = tb::Table();
  tb::Scalar<int8_t>(o, XQT_CONV_PADDING, XQT_PADDING_SAME);
  tb::Scalar<int32_t>(o, XQT_CONV_STRIDE_W, stride);
  tb::Scalar<int32_t>(o, XQT_CONV_STRIDE_H, stride);
  tb::Scalar<int8_t>(o, XQT_CONV_ACTIVATION, static_cast<int8_t>(activation));
  return o;
}

tb::NodePtr CastOptions(int8_t from, int8_t to) {
  auto o = tb::Table();
  tb::Scalar<int8_t>(o, XQT_CAST_IN_DATA_TYPE, from);
  tb::Scalar<int8_t>(o, XQT_CAST_OUT_DATA_TYPE, to);
  return o;
}

tb::NodePtr SplitOptions(int32_t num) {
  auto o = tb::Table();
  tb::Scalar<int32_t>(o, XQT_SPLIT_NUM_SPLITS, num);
  return o;
}

tb::NodePtr ArgMaxOptions(int8_t type) {
  auto o = tb::Table();
  tb::Scalar<int8_t>(o, XQT_ARG_MAX_OUTPUT_TYPE, type);
  return o;
}

tb::NodePtr StridedSliceOptions(int32_t begin_mask, int32_t end_mask, int32_t shrink_mask) {
  auto o = tb::Table();
  tb::Scalar<int32_t>(o, XQT_STRIDED_SLICE_BEGIN_MASK, begin_mask);
  tb::Scalar<int32_t>(o, XQT_STRIDED_SLICE_END_MASK, end_mask);
  tb::Scalar<int32_t>(o, XQT_STRIDED_SLICE_SHRINK_AXIS_MASK, shrink_mask);
  return o;
}

tb::ModelSpec PoseInt8() {
  std::mt19937 rng(2026);
  tb::ModelSpec m;
  const int32_t image = Add(m, {{1, 16, 16, 3}, tb::kUInt8, {}, {}, {}, 0, "image"});
  const int32_t as_int = Add(m, {{1, 16, 16, 3}, tb::kInt32, {}, {}, {}, 0, "image_int32"});
  const int32_t as_float = Add(m, {{1, 16, 16, 3}, tb::kFloat32, {}, {}, {}, 0, "image_float"});
  const int32_t q = Int8(m, {1, 16, 16, 3}, 1.0f, -128, "image_int8");
  const auto [w1, b1] = Weights(m, {8, 3, 3, 3}, 0, 1.0f, 0.001f, rng, "conv1");
  const int32_t conv1 = Int8(m, {1, 8, 8, 8}, 0.25f, -128, "conv1_out");
  const auto [wd, bd] = Weights(m, {1, 3, 3, 8}, 3, 0.25f, 0.01f, rng, "dw");
  const int32_t dw = Int8(m, {1, 8, 8, 8}, 0.5f, -128, "dw_out");
  const auto [wh, bh] = Weights(m, {6, 1, 1, 8}, 0, 0.5f, 0.002f, rng, "head");
  const int32_t head = Int8(m, {1, 8, 8, 6}, 0.25f, 3, "head_out");
  const int32_t split_sizes = Int32s(m, {4, -1}, "size_splits");
  const int32_t split_axis = Int32s(m, {3}, "split_axis", /*scalar=*/true);
  const int32_t heatmaps = Int8(m, {1, 8, 8, 4}, 0.25f, 3, "heatmaps");
  const int32_t offsets = Int8(m, {1, 8, 8, 2}, 0.25f, 3, "offsets");
  const int32_t perm = Int32s(m, {0, 3, 1, 2}, "perm");
  const int32_t heat_t = Int8(m, {1, 4, 8, 8}, 0.25f, 3, "heatmaps_kyx");
  const int32_t flat_shape = Int32s(m, {1, 4, 64}, "flat_shape");
  const int32_t flat = Int8(m, {1, 4, 64}, 0.25f, 3, "heatmaps_flat");
  const int32_t argmax_axis = Int32s(m, {2}, "argmax_axis");
  const int32_t indices = Add(m, {{1, 4}, tb::kInt32, {}, {}, {}, 0, "keypoint_indices"});
  const int32_t indices_f = Add(m, {{1, 4}, tb::kFloat32, {}, {}, {}, 0, "keypoint_indices_float"});
  const int32_t scores = Int8(m, {1, 4, 64}, 1.0f / 256, -128, "scores");
  const int32_t ss_begin = Int32s(m, {0, -1, 0, 0}, "ss_begin");
  const int32_t ss_end = Int32s(m, {1, 0, 8, 2}, "ss_end");
  const int32_t ss_strides = Int32s(m, {1, -2, 3, 1}, "ss_strides");
  const int32_t ss_out = Int8(m, {4, 3, 2}, 0.25f, 3, "offsets_subsampled");
  const int32_t sl_begin = Int32s(m, {0, 2, 1, 0}, "slice_begin");
  const int32_t sl_size = Int32s(m, {1, -1, 5, 3}, "slice_size");
  const int32_t sl_out = Int8(m, {1, 6, 5, 3}, 0.25f, 3, "heatmaps_window");
  const int32_t joined = Int8(m, {1, 8, 8, 6}, 0.25f, 3, "offsets_heatmaps");
  const int32_t split2_axis = Int32s(m, {1}, "split2_axis", /*scalar=*/true);
  const int32_t part0 = Int8(m, {1, 2, 8, 8}, 0.25f, 3, "keypoints01");
  const int32_t part1 = Int8(m, {1, 2, 8, 8}, 0.25f, 3, "keypoints23");

  m.ops.push_back({XQT_OP_CAST, {image}, {as_int}, XQT_OPTIONS_CAST, CastOptions(tb::kUInt8, tb::kInt32)});
  m.ops.push_back({XQT_OP_CAST, {as_int}, {as_float}, XQT_OPTIONS_CAST, CastOptions(tb::kInt32, tb::kFloat32)});
  m.ops.push_back({XQT_OP_QUANTIZE, {as_float}, {q}, 0, nullptr});
  m.ops.push_back({XQT_OP_CONV_2D, {q, w1, b1}, {conv1}, XQT_OPTIONS_CONV_2D, ConvOptions(2, XQT_ACTIVATION_RELU)});
  auto dw_options = tb::Table();
  tb::Scalar<int8_t>(dw_options, XQT_DWCONV_PADDING, XQT_PADDING_SAME);
  tb::Scalar<int32_t>(dw_options, XQT_DWCONV_STRIDE_W, 1);
  tb::Scalar<int32_t>(dw_options, XQT_DWCONV_STRIDE_H, 1);
  tb::Scalar<int32_t>(dw_options, XQT_DWCONV_DEPTH_MULTIPLIER, 1);
  tb::Scalar<int8_t>(dw_options, XQT_DWCONV_ACTIVATION, XQT_ACTIVATION_RELU);
  m.ops.push_back({XQT_OP_DEPTHWISE_CONV_2D, {conv1, wd, bd}, {dw}, XQT_OPTIONS_DEPTHWISE_CONV_2D, dw_options});
  m.ops.push_back({XQT_OP_CONV_2D, {dw, wh, bh}, {head}, XQT_OPTIONS_CONV_2D, ConvOptions(1, XQT_ACTIVATION_NONE)});
  m.ops.push_back({XQT_OP_SPLIT_V, {head, split_sizes, split_axis}, {heatmaps, offsets}, XQT_OPTIONS_SPLIT_V,
                   SplitOptions(2)});
  m.ops.push_back({XQT_OP_TRANSPOSE, {heatmaps, perm}, {heat_t}, 0, nullptr});
  m.ops.push_back({XQT_OP_RESHAPE, {heat_t, flat_shape}, {flat}, 0, nullptr});
  m.ops.push_back({XQT_OP_ARG_MAX, {flat, argmax_axis}, {indices}, XQT_OPTIONS_ARG_MAX, ArgMaxOptions(tb::kInt32)});
  m.ops.push_back({XQT_OP_CAST, {indices}, {indices_f}, XQT_OPTIONS_CAST, CastOptions(tb::kInt32, tb::kFloat32)});
  m.ops.push_back({XQT_OP_LOGISTIC, {flat}, {scores}, 0, nullptr});
  m.ops.push_back({XQT_OP_STRIDED_SLICE, {offsets, ss_begin, ss_end, ss_strides}, {ss_out}, XQT_OPTIONS_STRIDED_SLICE,
                   StridedSliceOptions(0, 0b0010, 0b0001)});
  m.ops.push_back({XQT_OP_SLICE, {heatmaps, sl_begin, sl_size}, {sl_out}, 0, nullptr});
  auto concat_options = tb::Table();
  tb::Scalar<int32_t>(concat_options, XQT_CONCAT_AXIS, -1);
  m.ops.push_back({XQT_OP_CONCATENATION, {offsets, heatmaps}, {joined}, XQT_OPTIONS_CONCATENATION, concat_options});
  m.ops.push_back({XQT_OP_SPLIT, {split2_axis, heat_t}, {part0, part1}, XQT_OPTIONS_SPLIT, SplitOptions(2)});
  m.inputs = {image};
  m.outputs = {indices, scores, indices_f, ss_out, sl_out, joined, part1};
  return m;
}

tb::ModelSpec PoseFloat() {
  tb::ModelSpec m;
  const int32_t image = Add(m, {{2, 5, 6, 3}, tb::kUInt8, {}, {}, {}, 0, "image"});
  const int32_t as_float = Add(m, {{2, 5, 6, 3}, tb::kFloat32, {}, {}, {}, 0, "image_float"});
  const int32_t perm = Int32s(m, {3, 1, 0, 2}, "perm");
  const int32_t t = Add(m, {{3, 5, 2, 6}, tb::kFloat32, {}, {}, {}, 0, "transposed"});
  const int32_t begin = Int32s(m, {1, 0, 0, 5}, "begin");
  const int32_t end = Int32s(m, {3, 5, 2, 0}, "end");
  const int32_t strides = Int32s(m, {1, 2, 1, -2}, "strides");
  const int32_t sliced = Add(m, {{2, 3, 2, 3}, tb::kFloat32, {}, {}, {}, 0, "strided"});
  const int32_t sizes = Int32s(m, {1, 2}, "size_splits");
  const int32_t axis = Int32s(m, {-1}, "axis", /*scalar=*/true);
  const int32_t a = Add(m, {{2, 3, 2, 1}, tb::kFloat32, {}, {}, {}, 0, "part_a"});
  const int32_t b = Add(m, {{2, 3, 2, 2}, tb::kFloat32, {}, {}, {}, 0, "part_b"});
  const int32_t sl_begin = Int32s(m, {0, 1, 1, 0}, "slice_begin");
  const int32_t sl_size = Int32s(m, {-1, 3, 1, 4}, "slice_size");
  const int32_t window = Add(m, {{3, 3, 1, 4}, tb::kFloat32, {}, {}, {}, 0, "window"});
  const int32_t window_int = Add(m, {{3, 3, 1, 4}, tb::kInt32, {}, {}, {}, 0, "window_int32"});
  const int32_t argmax_axis = Int32s(m, {3}, "argmax_axis");
  const int32_t index = Add(m, {{3, 5, 2}, tb::kInt64, {}, {}, {}, 0, "argmax"});
  m.ops.push_back({XQT_OP_CAST, {image}, {as_float}, XQT_OPTIONS_CAST, CastOptions(tb::kUInt8, tb::kFloat32)});
  m.ops.push_back({XQT_OP_TRANSPOSE, {as_float, perm}, {t}, 0, nullptr});
  m.ops.push_back({XQT_OP_STRIDED_SLICE, {t, begin, end, strides}, {sliced}, XQT_OPTIONS_STRIDED_SLICE,
                   StridedSliceOptions(0, 0b0010, 0)});
  m.ops.push_back({XQT_OP_SPLIT_V, {sliced, sizes, axis}, {a, b}, XQT_OPTIONS_SPLIT_V, SplitOptions(2)});
  m.ops.push_back({XQT_OP_SLICE, {t, sl_begin, sl_size}, {window}, 0, nullptr});
  m.ops.push_back({XQT_OP_CAST, {window}, {window_int}, XQT_OPTIONS_CAST, CastOptions(tb::kFloat32, tb::kInt32)});
  m.ops.push_back({XQT_OP_ARG_MAX, {t, argmax_axis}, {index}, XQT_OPTIONS_ARG_MAX, ArgMaxOptions(tb::kInt64)});
  m.inputs = {image};
  m.outputs = {a, b, window_int, index};
  return m;
}

}  // namespace

TEST(TflitePoseGolden, MatchesTensorFlowLite29) {
  const std::pair<const char*, tb::ModelSpec> models[] = {{"int8", PoseInt8()}, {"float", PoseFloat()}};
  const char* write_dir = std::getenv("XQT_WRITE_GOLDEN_DIR");
  for (const auto& [name, spec] : models) {
    const std::vector<uint8_t> bytes = tb::Build(spec);
    const std::string base = std::string("golden/pose-") + name;
    if (write_dir != nullptr) {
      // scripts/make-golden.sh: write the models, TFLite computes the outputs.
      std::ofstream(std::string(write_dir) + "/pose-" + name + ".tflite", std::ios::binary)
          .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
      continue;
    }
    ASSERT_EQ(xqt_test::ReadFile(xqt_test::DataPath(base + ".tflite")), bytes)
        << base << ".tflite is not the model this test builds: run scripts/make-golden.sh tflite-pose";
    size_t n = 1;
    for (int32_t d : spec.tensors[spec.inputs[0]].shape) n *= static_cast<size_t>(d);
    const std::vector<uint8_t> expected = xqt_test::ReadFile(xqt_test::DataPath(base + ".out.bin"));
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(RunModel(spec, xqt_test::ReferenceInput(n), 1), expected) << name;
    EXPECT_EQ(RunModel(spec, xqt_test::ReferenceInput(n), 2), expected) << name << ", 2 threads";
  }
}
