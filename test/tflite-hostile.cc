// tools/tflite: truncated, corrupted and hostile .tflite files are rejected
// with an error, never read out of bounds (CI runs this under ASan + UBSan),
// and unsupported ops / types / options are reported naming the op and tensor
// before anything runs.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "graph.h"
#include "model.h"
#include "schema.h"
#include "tflite-builder.h"
#include "tflite-test-util.h"

using namespace xqt_test;
namespace tb = tflite_builder;

namespace {

// Parses and, when that succeeds, lowers; returns "" on success or the error.
std::string Check(const uint8_t* data, size_t size) {
  xqt_error err{};
  xqt_model* m = xqt_model_parse(data, size, &err);
  if (m == nullptr) {
    EXPECT_NE(err.message[0], '\0');
    return err.message[0] != '\0' ? err.message : "(empty message)";
  }
  xqt_graph* g = xqt_graph_build(m, &err);
  std::string result = g != nullptr ? "" : err.message;
  if (g == nullptr) EXPECT_NE(err.message[0], '\0');
  xqt_graph_free(g);
  xqt_model_free(m);
  return result;
}

std::string Check(const std::vector<uint8_t>& bytes) { return Check(bytes.data(), bytes.size()); }

// A small valid int8 model: CONV_2D 3x3 (per-channel) -> ADD with itself.
tb::ModelSpec SmallModel() {
  tb::ModelSpec spec;
  spec.tensors.push_back({{1, 5, 5, 2}, tb::kInt8, {}, {0.5f}, {1}, 0, "input"});
  std::vector<int8_t> w(3 * 3 * 3 * 2);
  for (size_t i = 0; i < w.size(); i++) w[i] = static_cast<int8_t>(static_cast<int>(i % 11) - 5);
  spec.tensors.push_back({{3, 3, 3, 2}, tb::kInt8, tb::Raw(w), {0.1f, 0.2f, 0.3f}, {0, 0, 0}, 0, "weights"});
  spec.tensors.push_back({{3}, tb::kInt32, tb::Raw(std::vector<int32_t>{10, -20, 30}), {}, {}, 0, "bias"});
  spec.tensors.push_back({{1, 5, 5, 3}, tb::kInt8, {}, {0.25f}, {-2}, 0, "conv"});
  spec.tensors.push_back({{1, 5, 5, 3}, tb::kInt8, {}, {0.5f}, {0}, 0, "output"});
  auto conv = tb::Table();
  tb::Scalar<int8_t>(conv, XQT_CONV_PADDING, XQT_PADDING_SAME);
  tb::Scalar<int32_t>(conv, XQT_CONV_STRIDE_W, 1);
  tb::Scalar<int32_t>(conv, XQT_CONV_STRIDE_H, 1);
  tb::Scalar<int8_t>(conv, XQT_CONV_ACTIVATION, XQT_ACTIVATION_RELU6);
  spec.ops.push_back({XQT_OP_CONV_2D, {0, 1, 2}, {3}, XQT_OPTIONS_CONV_2D, conv});
  spec.ops.push_back({XQT_OP_ADD, {3, 3}, {4}, XQT_OPTIONS_ADD, tb::Table()});
  spec.inputs = {0};
  spec.outputs = {4};
  return spec;
}

void ExpectError(const tb::ModelSpec& spec, const std::vector<std::string>& words) {
  const std::string message = Check(tb::Build(spec));
  ASSERT_NE(message, "") << "model was accepted";
  for (const std::string& w : words) {
    EXPECT_NE(message.find(w), std::string::npos) << "'" << w << "' not in: " << message;
  }
}

}  // namespace

TEST(TfliteHostile, SmallModelIsValid) { EXPECT_EQ(Check(tb::Build(SmallModel())), ""); }

// test/data/fuzz-seed-small.tflite, the fuzzer's small valid seed
// (scripts/fuzz-tflite.sh), is SmallModel(). To regenerate it after changing
// SmallModel or the builder:
//   XQT_WRITE_FUZZ_SEED=test/data/fuzz-seed-small.tflite build/test/tflite-hostile-test
TEST(TfliteHostile, FuzzSeedIsTheSmallModel) {
  const std::vector<uint8_t> bytes = tb::Build(SmallModel());
  if (const char* path = std::getenv("XQT_WRITE_FUZZ_SEED")) {
    FILE* f = std::fopen(path, "wb");
    ASSERT_NE(f, nullptr) << path;
    ASSERT_EQ(std::fwrite(bytes.data(), 1, bytes.size(), f), bytes.size());
    std::fclose(f);
  }
  EXPECT_TRUE(ReadFile(DataPath("fuzz-seed-small.tflite")) == bytes)
      << "test/data/fuzz-seed-small.tflite is not SmallModel(): regenerate it (see above)";
}

// Prefixes of a real model are rejected: all lengths up to 4 KiB and 400
// pseudo-random lengths. The file ends with metadata the runner does not read
// (the last ~20 KiB), so prefixes cutting only that may load; they are checked
// for safety only.
TEST(TfliteHostile, TruncatedRealModelIsRejected) {
  const std::vector<uint8_t> bytes = ReadFile(DataPath(kInt8Model));
  ASSERT_FALSE(bytes.empty());
  ASSERT_EQ(Check(bytes), "");
  std::vector<size_t> lengths;
  for (size_t n = 0; n <= 4096; n++) lengths.push_back(n);
  for (size_t n = bytes.size() - 256; n < bytes.size(); n++) lengths.push_back(n);
  std::mt19937 rng(1);
  for (int i = 0; i < 400; i++) lengths.push_back(rng() % bytes.size());
  for (size_t n : lengths) {
    // A fresh allocation of exactly n bytes, so ASan sees any read past the end.
    std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + n);
    const std::string message = Check(prefix);
    if (n + 65536 < bytes.size()) {
      EXPECT_NE(message, "") << "prefix of " << n << " bytes accepted";
    }
  }
}

TEST(TfliteHostile, TruncatedSmallModelIsRejectedAtEveryLength) {
  const std::vector<uint8_t> bytes = tb::Build(SmallModel());
  for (size_t n = 0; n < bytes.size(); n++) {
    std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + n);
    EXPECT_NE(Check(prefix), "") << "prefix of " << n << " bytes accepted";
  }
}

// Random byte flips: the reader may accept a corrupted file (weights are just
// bytes) but must never crash or read out of bounds.
TEST(TfliteHostile, RandomByteFlipsNeverCrash) {
  const std::vector<uint8_t> small = tb::Build(SmallModel());
  std::mt19937 rng(2);
  size_t rejected = 0;
  for (int trial = 0; trial < 20000; trial++) {
    std::vector<uint8_t> bytes = small;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; f++) {
      bytes[rng() % bytes.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
    }
    rejected += Check(bytes) != "";
  }
  EXPECT_GT(rejected, 0u);
}

TEST(TfliteHostile, RandomByteFlipsInRealModelNeverCrash) {
  std::vector<uint8_t> bytes = ReadFile(DataPath(kUint8Model));
  ASSERT_FALSE(bytes.empty());
  std::mt19937 rng(3);
  for (int trial = 0; trial < 150; trial++) {
    const size_t at = rng() % bytes.size();
    const uint8_t saved = bytes[at];
    bytes[at] ^= static_cast<uint8_t>(1 + rng() % 255);
    Check(bytes);
    bytes[at] = saved;
  }
}

TEST(TfliteHostile, RandomGarbageIsRejected) {
  std::mt19937 rng(4);
  for (int trial = 0; trial < 2000; trial++) {
    std::vector<uint8_t> bytes(rng() % 512);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    if (bytes.size() >= 8 && trial % 2 == 0) std::memcpy(bytes.data() + 4, "TFL3", 4);
    EXPECT_NE(Check(bytes), "");
  }
}

TEST(TfliteHostile, OffsetsOutOfRange) {
  std::vector<uint8_t> bytes = tb::Build(SmallModel());
  auto put32 = [&](size_t at, uint32_t v) { std::memcpy(bytes.data() + at, &v, 4); };
  uint32_t root;
  std::memcpy(&root, bytes.data(), 4);
  std::vector<uint8_t> b = bytes;
  put32(0, 0xFFFFFFF0u);  // root beyond the file
  EXPECT_NE(Check(bytes), "");
  bytes = b;
  put32(root, 0x80000000u);  // vtable soffset far outside
  EXPECT_NE(Check(bytes), "");
  bytes = b;
  put32(root, static_cast<uint32_t>(-static_cast<int32_t>(bytes.size())));  // vtable past the end
  EXPECT_NE(Check(bytes), "");
  bytes = b;
  // Every 4-byte word set to a huge value in turn (offsets, lengths, indices).
  for (size_t at = 0; at + 4 <= b.size(); at += 4) {
    bytes = b;
    put32(at, 0x7FFFFFF0u);
    Check(bytes);
    put32(at, 0xFFFFFFFFu);
    Check(bytes);
  }
  EXPECT_NE(Check(bytes.data(), 0), "");
  EXPECT_NE(Check(nullptr, 0), "");
}

TEST(TfliteHostile, WrongIdentifierIsRejected) {
  std::vector<uint8_t> bytes = tb::Build(SmallModel());
  bytes[4] = 'X';
  EXPECT_NE(Check(bytes).find("not a TensorFlow Lite model"), std::string::npos);
}

TEST(TfliteHostile, AbsurdShapes) {
  tb::ModelSpec spec = SmallModel();
  spec.tensors[0].shape = {1, -5, 5, 2};
  ExpectError(spec, {"tensor 0", "input", "dimension 1"});
  spec = SmallModel();
  spec.tensors[0].shape = {65536, 65536, 65536, 2};
  ExpectError(spec, {"tensor 0", "too large"});
  spec = SmallModel();
  spec.tensors[0].shape = {1, 1, 1, 1, 1, 1, 1, 2};
  ExpectError(spec, {"tensor 0", "rank 8"});
  spec = SmallModel();
  spec.tensors[1].shape = {3, 3, 3, 3};  // weight bytes do not match the shape
  ExpectError(spec, {"tensor 1", "weights", "bytes"});
  spec = SmallModel();
  spec.tensors[3].shape = {1, 4, 5, 3};  // conv output size does not match
  ExpectError(spec, {"op 0", "CONV_2D", "output tensor 3"});
}

TEST(TfliteHostile, IndicesOutOfRange) {
  tb::ModelSpec spec = SmallModel();
  spec.ops[0].inputs[0] = 99;
  ExpectError(spec, {"op 0", "CONV_2D", "99"});
  spec = SmallModel();
  spec.ops[1].inputs[1] = -7;
  ExpectError(spec, {"op 1", "ADD", "-7"});
  spec = SmallModel();
  spec.outputs = {12};
  ExpectError(spec, {"subgraph outputs", "12"});
}

TEST(TfliteHostile, QuantizationMismatches) {
  tb::ModelSpec spec = SmallModel();
  spec.tensors[1].scales = {0.1f, 0.2f};  // 2 scales for 3 channels
  spec.tensors[1].zero_points = {0, 0};
  ExpectError(spec, {"tensor 1", "weights", "scales"});
  spec = SmallModel();
  spec.tensors[1].quantized_dimension = 7;
  ExpectError(spec, {"tensor 1", "quantized dimension 7"});
  spec = SmallModel();
  spec.tensors[0].scales = {-1.0f};
  ExpectError(spec, {"op 0", "CONV_2D", "input tensor 0", "scale"});
  spec = SmallModel();
  spec.tensors[3].zero_points = {300};
  ExpectError(spec, {"op 0", "output tensor 3", "zero point 300"});
  spec = SmallModel();
  spec.tensors[1].zero_points = {0, 3, 0};
  ExpectError(spec, {"op 0", "weight tensor 1", "symmetric"});
}

TEST(TfliteUnsupported, OpIsNamed) {
  tb::ModelSpec spec = SmallModel();
  spec.ops[1].opcode = 12;  // L2_POOL_2D
  spec.ops[1].options = nullptr;
  ExpectError(spec, {"op 1", "L2_POOL_2D", "not supported"});
}

TEST(TfliteUnsupported, FloatConvolutionNamesTensorAndType) {
  tb::ModelSpec spec = SmallModel();
  spec.tensors[0].type = tb::kFloat32;
  spec.tensors[0].scales.clear();
  spec.tensors[0].zero_points.clear();
  ExpectError(spec, {"op 0", "CONV_2D", "input tensor 0 'input'", "FLOAT32"});
}

TEST(TfliteUnsupported, FusedTanh) {
  tb::ModelSpec spec = SmallModel();
  tb::Scalar<int8_t>(spec.ops[0].options, XQT_CONV_ACTIVATION, XQT_ACTIVATION_TANH);
  spec.ops[0].options->fields.erase(spec.ops[0].options->fields.begin() + 3);
  ExpectError(spec, {"op 0", "CONV_2D", "fused activation 4"});
}

// Int8 weights of -128 are accepted (xqnn picks kernels exact for them).
TEST(TfliteHostile, WeightOfMinus128IsAccepted) {
  tb::ModelSpec spec = SmallModel();
  spec.tensors[1].data[5] = 0x80;
  EXPECT_EQ(Check(tb::Build(spec)), "");
}

TEST(TfliteUnsupported, NonConstantWeights) {
  tb::ModelSpec spec = SmallModel();
  spec.tensors[1].data.clear();
  spec.inputs = {0, 1};
  ExpectError(spec, {"op 0", "weight tensor 1", "constant"});
}

TEST(TfliteUnsupported, CustomOp) {
  tb::ModelSpec spec = SmallModel();
  spec.ops[1].opcode = XQT_OP_CUSTOM;
  ExpectError(spec, {"op 1", "custom"});
}

// MEAN over channels is supported (test/tflite-binary-mean.cc); without
// keep_dims its output must drop the reduced dimension.
TEST(TfliteUnsupported, MeanOverChannelsWithTheWrongOutputShape) {
  tb::ModelSpec spec = SmallModel();
  spec.tensors.push_back({{1}, tb::kInt32, tb::Raw(std::vector<int32_t>{3}), {}, {}, 0, "axes"});
  spec.tensors[4].shape = {1, 5, 5, 1};
  spec.ops[1] = {XQT_OP_MEAN, {3, 5}, {4}, XQT_OPTIONS_REDUCER, tb::Table()};
  ExpectError(spec, {"op 1", "MEAN", "does not have the shape of MEAN"});
}

TEST(TfliteDataflow, UseBeforeComputeAndDoubleOutputs) {
  tb::ModelSpec spec = SmallModel();
  std::swap(spec.ops[0], spec.ops[1]);
  ExpectError(spec, {"op 0", "ADD", "before it is computed"});
  spec = SmallModel();
  spec.ops[1].outputs = {3};
  ExpectError(spec, {"op 1", "computed twice"});
  spec = SmallModel();
  spec.ops.pop_back();  // the model output is never computed
  ExpectError(spec, {"output tensor 4", "never computed"});
}

namespace {

// MAX_POOL_2D 3x3 stride 2 SAME over a 1x7x7x4 int8 image.
tb::ModelSpec MaxPoolModel() {
  tb::ModelSpec spec;
  spec.tensors.push_back({{1, 7, 7, 4}, tb::kInt8, {}, {0.5f}, {1}, 0, "input"});
  spec.tensors.push_back({{1, 4, 4, 4}, tb::kInt8, {}, {0.5f}, {1}, 0, "output"});
  auto options = tb::Table();
  tb::Scalar<int8_t>(options, XQT_POOL_PADDING, XQT_PADDING_SAME);
  tb::Scalar<int32_t>(options, XQT_POOL_STRIDE_W, 2);
  tb::Scalar<int32_t>(options, XQT_POOL_STRIDE_H, 2);
  tb::Scalar<int32_t>(options, XQT_POOL_FILTER_W, 3);
  tb::Scalar<int32_t>(options, XQT_POOL_FILTER_H, 3);
  spec.ops.push_back({XQT_OP_MAX_POOL_2D, {0}, {1}, XQT_OPTIONS_POOL_2D, options});
  spec.inputs = {0};
  spec.outputs = {1};
  return spec;
}

// Replaces (or adds) one int32 / int8 field of op 0's options.
template <typename T>
void SetOption(tb::ModelSpec* spec, int id, T value) {
  auto& fields = spec->ops[0].options->fields;
  for (size_t i = 0; i < fields.size(); i++) {
    if (fields[i].id == id) fields.erase(fields.begin() + i);
  }
  tb::Scalar<T>(spec->ops[0].options, id, value);
}

// PAD of a 1x4x4x3 uint8 image by one pixel on each side; paddings INT32.
tb::ModelSpec PadModel(int32_t opcode = XQT_OP_PAD) {
  tb::ModelSpec spec;
  spec.tensors.push_back({{1, 4, 4, 3}, tb::kUInt8, {}, {0.25f}, {128}, 0, "input"});
  spec.tensors.push_back({{4, 2}, tb::kInt32, tb::Raw(std::vector<int32_t>{0, 0, 1, 1, 1, 1, 0, 0}), {}, {}, 0,
                          "paddings"});
  spec.tensors.push_back({{1, 6, 6, 3}, tb::kUInt8, {}, {0.25f}, {128}, 0, "output"});
  spec.ops.push_back({opcode, {0, 1}, {2}, 0, nullptr});
  spec.inputs = {0};
  spec.outputs = {2};
  return spec;
}

}  // namespace

TEST(TfliteHostile, MaxPoolOptionsAndShapes) {
  EXPECT_EQ(Check(tb::Build(MaxPoolModel())), "");
  tb::ModelSpec spec = MaxPoolModel();
  SetOption<int32_t>(&spec, XQT_POOL_FILTER_W, 0);
  ExpectError(spec, {"op 0", "MAX_POOL_2D", "filter_width 0"});
  spec = MaxPoolModel();
  SetOption<int32_t>(&spec, XQT_POOL_FILTER_H, -3);
  ExpectError(spec, {"op 0", "filter_height -3"});
  spec = MaxPoolModel();
  SetOption<int32_t>(&spec, XQT_POOL_STRIDE_H, 0);
  ExpectError(spec, {"op 0", "stride_h 0"});
  spec = MaxPoolModel();
  SetOption<int32_t>(&spec, XQT_POOL_STRIDE_W, 1 << 30);
  ExpectError(spec, {"op 0", "stride_w"});
  spec = MaxPoolModel();
  SetOption<int32_t>(&spec, XQT_POOL_FILTER_H, INT32_MAX);
  ExpectError(spec, {"op 0", "filter_height"});
  spec = MaxPoolModel();
  SetOption<int8_t>(&spec, XQT_POOL_PADDING, 7);
  ExpectError(spec, {"op 0", "padding 7"});
  spec = MaxPoolModel();
  SetOption<int8_t>(&spec, XQT_POOL_ACTIVATION, XQT_ACTIVATION_TANH);
  ExpectError(spec, {"op 0", "fused activation 4"});
  spec = MaxPoolModel();
  SetOption<int8_t>(&spec, XQT_POOL_PADDING, XQT_PADDING_VALID);
  ExpectError(spec, {"op 0", "output tensor 1", "expected [1,3,3,4]"});
  spec = MaxPoolModel();
  SetOption<int8_t>(&spec, XQT_POOL_PADDING, XQT_PADDING_VALID);
  SetOption<int32_t>(&spec, XQT_POOL_FILTER_W, 8);
  ExpectError(spec, {"op 0", "filter 3x8 larger than input tensor 0"});
  spec = MaxPoolModel();  // a small tensor, a window of (nearly) all of it per output pixel
  spec.tensors[0].shape = {1, 1, 20000, 1};
  spec.tensors[1].shape = {1, 1, 20000, 1};
  SetOption<int32_t>(&spec, XQT_POOL_FILTER_W, 60000);
  SetOption<int32_t>(&spec, XQT_POOL_STRIDE_W, 1);
  ExpectError(spec, {"op 0", "MAX_POOL_2D", "400000000 window taps", "limit"});
  spec = MaxPoolModel();
  spec.ops[0].options_type = XQT_OPTIONS_CONV_2D;
  ExpectError(spec, {"op 0", "MAX_POOL_2D", "options of type 1"});
  spec = MaxPoolModel();
  spec.tensors[1].shape = {1, 4, 4, 5};
  ExpectError(spec, {"op 0", "output tensor 1"});
  spec = MaxPoolModel();
  spec.tensors[0].shape = {7, 7, 4};
  ExpectError(spec, {"op 0", "input tensor 0 'input' has rank 3"});
  spec = MaxPoolModel();
  spec.tensors[1].scales = {0.25f};
  ExpectError(spec, {"op 0", "output tensor 1", "quantized as input tensor 0", "does not requantize"});
  spec = MaxPoolModel();
  spec.tensors[1].zero_points = {2};
  ExpectError(spec, {"op 0", "does not requantize"});
  spec = MaxPoolModel();
  spec.tensors[1].type = tb::kUInt8;
  spec.tensors[1].zero_points = {129};
  ExpectError(spec, {"op 0", "output tensor 1", "UINT8"});
  spec = MaxPoolModel();
  spec.ops[0].inputs = {0, 0};
  ExpectError(spec, {"op 0", "2 inputs"});
}

TEST(TfliteHostile, PadParameters) {
  EXPECT_EQ(Check(tb::Build(PadModel())), "");
  tb::ModelSpec spec = PadModel();
  spec.tensors[1].data.clear();  // paddings given at run time (a FLOAT32 model input)
  spec.tensors[1].type = tb::kFloat32;
  spec.inputs = {0, 1};
  ExpectError(spec, {"op 0", "PAD", "paddings tensor 1", "constant"});
  spec = PadModel();
  spec.tensors[1].type = tb::kFloat32;
  ExpectError(spec, {"op 0", "paddings tensor 1 'paddings'", "INT32 or INT64", "FLOAT32"});
  spec = PadModel();
  spec.tensors[1].shape = {2, 4};
  ExpectError(spec, {"op 0", "paddings tensor 1", "[4, 2]"});
  spec = PadModel();
  spec.tensors[1].data = tb::Raw(std::vector<int32_t>{0, 0, -1, 3, 1, 1, 0, 0});
  ExpectError(spec, {"op 0", "paddings (-1, 3) of dimension 1"});
  spec = PadModel();
  spec.tensors[1].data = tb::Raw(std::vector<int32_t>{0, 0, 2, 1, 1, 1, 0, 0});
  ExpectError(spec, {"op 0", "paddings (2, 1) of dimension 1", "output tensor 2 'output' size 6"});
  spec = PadModel();
  spec.tensors[1].type = 4;  // INT64, with values that overflow any size
  spec.tensors[1].data = tb::Raw(std::vector<int64_t>{0, 0, INT64_MAX, INT64_MAX, 1, 1, 0, 0});
  ExpectError(spec, {"op 0", "dimension 1"});
  spec = PadModel();
  spec.tensors[1].type = 4;
  spec.tensors[1].data = tb::Raw(std::vector<int64_t>{0, 0, 1, 1, INT64_MIN, 1, 0, 0});
  ExpectError(spec, {"op 0", "dimension 2"});
  spec = PadModel();
  spec.tensors[1].type = 4;  // INT64 type, INT32-sized data: the reader rejects the size
  ExpectError(spec, {"paddings"});
  spec = PadModel();
  spec.tensors[2].shape = {6, 6, 3};
  ExpectError(spec, {"op 0", "rank"});
  spec = PadModel();
  spec.tensors[2].scales = {0.5f};
  ExpectError(spec, {"op 0", "does not requantize"});
  spec = PadModel();
  spec.tensors[2].type = tb::kInt8;
  spec.tensors[2].zero_points = {0};
  ExpectError(spec, {"op 0", "output tensor 2"});
  spec = PadModel();
  spec.ops[0].inputs = {0, 1, 1};  // PAD takes no value tensor
  ExpectError(spec, {"op 0", "3 inputs"});
}

TEST(TfliteHostile, PadV2Constant) {
  tb::ModelSpec spec = PadModel(XQT_OP_PADV2);
  spec.tensors.push_back({{1}, tb::kUInt8, {7}, {0.25f}, {128}, 0, "value"});
  spec.ops[0].inputs = {0, 1, 3};
  EXPECT_EQ(Check(tb::Build(spec)), "");
  tb::ModelSpec bad = spec;
  bad.tensors[3].data.clear();
  bad.inputs = {0, 3};
  ExpectError(bad, {"op 0", "PADV2", "constant value tensor 3", "constant"});
  bad = spec;
  bad.tensors[3].shape = {2};
  bad.tensors[3].data = {7, 8};
  ExpectError(bad, {"op 0", "constant value tensor 3 'value'", "one value", "has 2 values"});
  bad = spec;
  bad.tensors[3].scales = {0.5f};
  ExpectError(bad, {"op 0", "constant value tensor 3", "scale 0.5"});
  bad = spec;
  bad.tensors[3].zero_points = {0};
  ExpectError(bad, {"op 0", "constant value tensor 3", "zero point 0"});
  bad = spec;
  bad.tensors[3].type = tb::kInt8;
  bad.tensors[3].zero_points = {0};
  ExpectError(bad, {"op 0", "constant value tensor 3", "INT8"});
  bad = spec;
  bad.tensors[3].scales.clear();
  bad.tensors[3].zero_points.clear();
  ExpectError(bad, {"op 0", "constant value tensor 3", "per-tensor quantization"});
}

TEST(TfliteHostile, MirrorPadModes) {
  tb::ModelSpec spec = PadModel(XQT_OP_MIRROR_PAD);
  spec.ops[0].options_type = XQT_OPTIONS_MIRROR_PAD;
  spec.ops[0].options = tb::Table();
  tb::Scalar<int8_t>(spec.ops[0].options, XQT_MIRROR_PAD_MODE, XQT_MIRROR_PAD_REFLECT);
  EXPECT_EQ(Check(tb::Build(spec)), "");
  tb::ModelSpec bad = spec;
  SetOption<int8_t>(&bad, XQT_MIRROR_PAD_MODE, 9);
  ExpectError(bad, {"op 0", "MIRROR_PAD", "mode 9"});
  // REFLECT reaches size - 1 elements, SYMMETRIC size: 4 is too far for either on size 4.
  for (int8_t mode : {(int8_t) XQT_MIRROR_PAD_REFLECT, (int8_t) XQT_MIRROR_PAD_SYMMETRIC}) {
    bad = spec;
    SetOption<int8_t>(&bad, XQT_MIRROR_PAD_MODE, mode);
    const int32_t p = mode == XQT_MIRROR_PAD_REFLECT ? 4 : 5;
    bad.tensors[1].data = tb::Raw(std::vector<int32_t>{0, 0, p, 0, 0, 0, 0, 0});
    bad.tensors[2].shape = {1, 4 + p, 4, 3};
    ExpectError(bad, {"op 0", "MIRROR_PAD", "dimension 1", mode == XQT_MIRROR_PAD_REFLECT ? "REFLECT" : "SYMMETRIC"});
  }
  bad = spec;
  bad.ops[0].options_type = XQT_OPTIONS_POOL_2D;
  ExpectError(bad, {"op 0", "MIRROR_PAD", "options of type 5"});
}

namespace {

// One lookup-table activation on a 2x3x4 tensor, quantized as TFLite's
// converter does (LOGISTIC output 1/256, zero point -128 / 0).
tb::ModelSpec ActivationModel(int32_t opcode, int8_t type = tb::kInt8) {
  const bool s8 = type == tb::kInt8;
  tb::ModelSpec spec;
  spec.tensors.push_back({{2, 3, 4}, type, {}, {0.1f}, {s8 ? 3 : 130}, 0, "input"});
  const float out_scale = opcode == XQT_OP_LOGISTIC ? 1.0f / 256 : opcode == XQT_OP_TANH ? 1.0f / 128 : 0.05f;
  const int64_t out_zp = opcode == XQT_OP_LOGISTIC ? (s8 ? -128 : 0) : (s8 ? 0 : 128);
  spec.tensors.push_back({{2, 3, 4}, type, {}, {out_scale}, {out_zp}, 0, "output"});
  if (opcode == XQT_OP_LEAKY_RELU) {
    spec.ops.push_back({opcode, {0}, {1}, XQT_OPTIONS_LEAKY_RELU, tb::Scalar<float>(tb::Table(), XQT_LEAKY_RELU_ALPHA, 0.2f)});
  } else {
    spec.ops.push_back({opcode, {0}, {1}, 0, nullptr});
  }
  spec.inputs = {0};
  spec.outputs = {1};
  return spec;
}

}  // namespace

TEST(TfliteHostile, ActivationQuantizationAndShapes) {
  for (int32_t opcode : {XQT_OP_LOGISTIC, XQT_OP_TANH, XQT_OP_HARD_SWISH, XQT_OP_LEAKY_RELU}) {
    for (int8_t type : {tb::kInt8, tb::kUInt8}) {
      EXPECT_EQ(Check(tb::Build(ActivationModel(opcode, type))), "") << opcode;
      const std::string name = xqt_op_name(opcode);
      tb::ModelSpec spec = ActivationModel(opcode, type);
      spec.tensors[1].shape = {2, 4, 3};
      ExpectError(spec, {"op 0", name, "output tensor 1", "dimension 1"});
      spec = ActivationModel(opcode, type);
      spec.tensors[1].type = type == tb::kInt8 ? tb::kUInt8 : tb::kInt8;
      ExpectError(spec, {"op 0", name, "output"});
      spec = ActivationModel(opcode, type);
      spec.tensors[0].scales = {};
      spec.tensors[0].zero_points = {};
      ExpectError(spec, {"op 0", name, "input tensor 0"});
      spec = ActivationModel(opcode, type);
      spec.tensors[1].scales = {-1.0f};
      ExpectError(spec, {"op 0", name, "output tensor 1"});
      spec = ActivationModel(opcode, type);
      spec.tensors[0].scales = {NAN};
      ExpectError(spec, {"op 0", name, "input tensor 0"});
      spec = ActivationModel(opcode, type);
      spec.tensors[0].type = spec.tensors[1].type = tb::kFloat32;
      ExpectError(spec, {"op 0", name});
      spec = ActivationModel(opcode, type);
      spec.ops[0].inputs = {0, 0};
      ExpectError(spec, {"op 0", name});
    }
  }
}

TEST(TfliteHostile, ActivationRulesOfTflite) {
  // LOGISTIC: TFLite's Prepare requires output scale 1/256.
  tb::ModelSpec spec = ActivationModel(XQT_OP_LOGISTIC);
  spec.tensors[1].scales = {1.0f / 255};
  ExpectError(spec, {"op 0", "LOGISTIC", "1/256"});
  // TANH: outputs of a tiny scale would overflow the float -> int conversion.
  spec = ActivationModel(XQT_OP_TANH);
  spec.tensors[1].scales = {1e-30f};
  ExpectError(spec, {"op 0", "TANH", "output scale"});
  // HARD_SWISH: TFLite requires input_scale / 128 < output_scale.
  spec = ActivationModel(XQT_OP_HARD_SWISH);
  spec.tensors[0].scales = {100.0f};
  spec.tensors[1].scales = {0.1f};
  ExpectError(spec, {"op 0", "HARD_SWISH", "below 1"});
  spec = ActivationModel(XQT_OP_HARD_SWISH);
  spec.tensors[0].scales = {1e30f};
  spec.tensors[1].scales = {1e30f};
  ExpectError(spec, {"op 0", "HARD_SWISH", "too large"});
  // LEAKY_RELU: alpha must be finite; multipliers must fit TFLite's shifts.
  for (float alpha : {NAN, INFINITY, -INFINITY}) {
    spec = ActivationModel(XQT_OP_LEAKY_RELU);
    SetOption<float>(&spec, XQT_LEAKY_RELU_ALPHA, alpha);
    ExpectError(spec, {"op 0", "LEAKY_RELU", "alpha"});
  }
  spec = ActivationModel(XQT_OP_LEAKY_RELU);
  spec.tensors[0].scales = {1e10f};
  spec.tensors[1].scales = {1e-10f};
  ExpectError(spec, {"op 0", "LEAKY_RELU", "2^23"});
  // Options of another op's type.
  spec = ActivationModel(XQT_OP_LEAKY_RELU);
  spec.ops[0].options_type = XQT_OPTIONS_POOL_2D;
  ExpectError(spec, {"op 0", "LEAKY_RELU", "options of type"});
  // Absent options: TFLite's default alpha (0) is accepted.
  spec = ActivationModel(XQT_OP_LEAKY_RELU);
  spec.ops[0].options = nullptr;
  EXPECT_EQ(Check(tb::Build(spec)), "");
}

namespace {

// AVERAGE_POOL_2D 3x3 stride 2 SAME over a 1x7x7x4 int8 image.
tb::ModelSpec AveragePoolModel() {
  tb::ModelSpec spec = MaxPoolModel();
  spec.ops[0].opcode = XQT_OP_AVERAGE_POOL_2D;
  return spec;
}

// RESIZE_BILINEAR / RESIZE_NEAREST_NEIGHBOR of a 1x4x5x3 uint8 image to 7x9.
tb::ModelSpec ResizeModel(int32_t opcode) {
  const bool bilinear = opcode == XQT_OP_RESIZE_BILINEAR;
  tb::ModelSpec spec;
  spec.tensors.push_back({{1, 4, 5, 3}, tb::kUInt8, {}, {0.25f}, {128}, 0, "input"});
  spec.tensors.push_back({{2}, tb::kInt32, tb::Raw(std::vector<int32_t>{7, 9}), {}, {}, 0, "size"});
  spec.tensors.push_back({{1, 7, 9, 3}, tb::kUInt8, {}, {0.25f}, {128}, 0, "output"});
  auto options = tb::Table();
  tb::Scalar<uint8_t>(options, bilinear ? static_cast<int>(XQT_RESIZE_BILINEAR_ALIGN_CORNERS)
                                        : static_cast<int>(XQT_RESIZE_NEAREST_ALIGN_CORNERS), 0);
  spec.ops.push_back({opcode, {0, 1}, {2},
                      static_cast<uint8_t>(bilinear ? XQT_OPTIONS_RESIZE_BILINEAR : XQT_OPTIONS_RESIZE_NEAREST_NEIGHBOR),
                      options});
  spec.inputs = {0};
  spec.outputs = {2};
  return spec;
}

}  // namespace

TEST(TfliteHostile, AveragePoolOptionsAndShapes) {
  EXPECT_EQ(Check(tb::Build(AveragePoolModel())), "");
  tb::ModelSpec spec = AveragePoolModel();
  SetOption<int32_t>(&spec, XQT_POOL_FILTER_W, 0);
  ExpectError(spec, {"op 0", "AVERAGE_POOL_2D", "filter_width 0"});
  spec = AveragePoolModel();
  SetOption<int32_t>(&spec, XQT_POOL_STRIDE_H, -1);
  ExpectError(spec, {"op 0", "stride_h -1"});
  spec = AveragePoolModel();
  SetOption<int8_t>(&spec, XQT_POOL_PADDING, 9);
  ExpectError(spec, {"op 0", "padding 9"});
  spec = AveragePoolModel();
  SetOption<int8_t>(&spec, XQT_POOL_ACTIVATION, XQT_ACTIVATION_TANH);
  ExpectError(spec, {"op 0", "fused activation 4"});
  spec = AveragePoolModel();
  SetOption<int8_t>(&spec, XQT_POOL_PADDING, XQT_PADDING_VALID);
  SetOption<int32_t>(&spec, XQT_POOL_FILTER_H, 8);
  ExpectError(spec, {"op 0", "filter 8x3 larger than input tensor 0"});
  spec = AveragePoolModel();
  spec.tensors[1].shape = {1, 3, 4, 4};
  ExpectError(spec, {"op 0", "output tensor 1", "expected [1,4,4,4]"});
  spec = AveragePoolModel();  // windows beyond TFLite rounding's exact range
  spec.tensors[0].shape = {1, 70, 70, 1};
  spec.tensors[1].shape = {1, 1, 1, 1};
  SetOption<int8_t>(&spec, XQT_POOL_PADDING, XQT_PADDING_VALID);
  SetOption<int32_t>(&spec, XQT_POOL_FILTER_W, 70);
  SetOption<int32_t>(&spec, XQT_POOL_FILTER_H, 70);
  ExpectError(spec, {"op 0", "AVERAGE_POOL_2D", "4900 pixels", "4096"});
  spec = AveragePoolModel();  // another output quantization: only whole-image pooling requantizes
  spec.tensors[1].scales = {0.25f};
  ExpectError(spec, {"op 0", "whole image"});
  spec = AveragePoolModel();
  spec.tensors[1].type = tb::kUInt8;
  spec.tensors[1].zero_points = {129};
  ExpectError(spec, {"op 0", "output tensor 1", "UINT8"});
  spec = AveragePoolModel();
  spec.tensors[0].type = tb::kFloat32;
  spec.tensors[0].scales.clear();
  spec.tensors[0].zero_points.clear();
  ExpectError(spec, {"op 0", "input tensor 0"});
  spec = AveragePoolModel();
  spec.ops[0].options_type = XQT_OPTIONS_CONV_2D;
  ExpectError(spec, {"op 0", "AVERAGE_POOL_2D", "options of type 1"});
}

TEST(TfliteHostile, ResizeOptionsAndShapes) {
  for (int32_t opcode : {XQT_OP_RESIZE_BILINEAR, XQT_OP_RESIZE_NEAREST_NEIGHBOR}) {
    const bool bilinear = opcode == XQT_OP_RESIZE_BILINEAR;
    const char* name = bilinear ? "RESIZE_BILINEAR" : "RESIZE_NEAREST_NEIGHBOR";
    const int align = bilinear ? static_cast<int>(XQT_RESIZE_BILINEAR_ALIGN_CORNERS)
                               : static_cast<int>(XQT_RESIZE_NEAREST_ALIGN_CORNERS);
    const int half = bilinear ? static_cast<int>(XQT_RESIZE_BILINEAR_HALF_PIXEL_CENTERS)
                              : static_cast<int>(XQT_RESIZE_NEAREST_HALF_PIXEL_CENTERS);
    EXPECT_EQ(Check(tb::Build(ResizeModel(opcode))), "") << name;
    tb::ModelSpec spec = ResizeModel(opcode);
    SetOption<uint8_t>(&spec, align, 1);
    SetOption<uint8_t>(&spec, half, 1);
    ExpectError(spec, {"op 0", name, "align_corners and half_pixel_centers"});
    spec = ResizeModel(opcode);
    spec.tensors[1].data = tb::Raw(std::vector<int32_t>{0, 9});
    ExpectError(spec, {"op 0", name, "size 0 x 9"});
    spec = ResizeModel(opcode);
    spec.tensors[1].data = tb::Raw(std::vector<int32_t>{7, -9});
    ExpectError(spec, {"op 0", "size 7 x -9"});
    spec = ResizeModel(opcode);
    spec.tensors[1].data = tb::Raw(std::vector<int32_t>{7, 1 << 30});
    ExpectError(spec, {"op 0", "out of range"});
    spec = ResizeModel(opcode);
    spec.tensors[1].data = tb::Raw(std::vector<int32_t>{7, 10});
    ExpectError(spec, {"op 0", "output tensor 2", "expected [1,7,10,3]"});
    spec = ResizeModel(opcode);
    spec.tensors[1].shape = {3};
    spec.tensors[1].data = tb::Raw(std::vector<int32_t>{7, 9, 1});
    ExpectError(spec, {"op 0", "size tensor 1", "shape [2]"});
    spec = ResizeModel(opcode);
    spec.tensors[1].type = tb::kFloat32;
    spec.tensors[1].data = tb::Raw(std::vector<float>{7, 9});
    ExpectError(spec, {"op 0", "size tensor 1", "INT32"});
    spec = ResizeModel(opcode);  // a size given at run time (an INT32 model input): refused at load
    spec.tensors[1].data.clear();
    spec.inputs = {0, 1};
    ExpectError(spec, {"op 0", "size tensor 1 'size'", "must be constant"});
    spec = ResizeModel(opcode);
    spec.tensors[2].zero_points = {127};
    ExpectError(spec, {"op 0", "does not requantize"});
    spec = ResizeModel(opcode);
    spec.tensors[2].type = tb::kInt8;
    spec.tensors[2].zero_points = {0};
    ExpectError(spec, {"op 0", "output tensor 2", "INT8"});
    spec = ResizeModel(opcode);
    spec.tensors[0].shape = {4, 5, 3};
    ExpectError(spec, {"op 0", "rank 3"});
    spec = ResizeModel(opcode);
    spec.ops[0].inputs = {0};
    ExpectError(spec, {"op 0", "1 input"});
    spec = ResizeModel(opcode);
    spec.ops[0].options_type = XQT_OPTIONS_POOL_2D;
    ExpectError(spec, {"op 0", name, "options of type 5"});
  }
  // TFLite's optimized uint8 paths that xqnn does not reproduce are refused.
  tb::ModelSpec spec = ResizeModel(XQT_OP_RESIZE_BILINEAR);
  spec.tensors[0].shape = {1, 2, 3, 8};
  spec.tensors[1].data = tb::Raw(std::vector<int32_t>{16, 24});
  spec.tensors[2].shape = {1, 16, 24, 8};
  SetOption<uint8_t>(&spec, XQT_RESIZE_BILINEAR_HALF_PIXEL_CENTERS, 1);
  ExpectError(spec, {"op 0", "ResizeBilinear888Uint8"});
  spec.tensors[0].type = spec.tensors[2].type = tb::kInt8;  // int8 has no such path
  spec.tensors[0].zero_points = spec.tensors[2].zero_points = {0};
  EXPECT_EQ(Check(tb::Build(spec)), "");
}
