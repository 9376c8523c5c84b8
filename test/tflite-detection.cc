// tools/tflite: TFLite_Detection_PostProcess (custom op, FlexBuffers options).
//   - single-op models (box encodings as the model input, scores and anchors
//     constant; UINT8 and FLOAT32 inputs) against a reference of TensorFlow
//     Lite 2.9's detection_postprocess.cc written here (decode in double,
//     Dequantizer / Dequantize, ArgMaxVector, threshold, std::stable_sort,
//     greedy IoU suppression), bit for bit;
//   - options and tensors the loader must reject, and mutated FlexBuffers
//     (every truncation, random byte changes) that must load or fail
//     cleanly;
//   - small SSD-like uint8 and int8 detectors (CONV_2D -> box / class
//     CONV_2D -> RESHAPE -> LOGISTIC (-> DEQUANTIZE for int8) ->
//     TFLite_Detection_PostProcess with constant anchors) against
//     TensorFlow Lite 2.9's own outputs (test/data/golden/detection-*,
//     scripts/make-golden.sh tflite-detection).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "model.h"
#include "runtime.h"
#include "schema.h"
#include "tflite-builder.h"
#include "tflite-run-model.h"
#include "tflite-test-util.h"

namespace tb = tflite_builder;

namespace {

using xqt_test::LoadError;

// ---- A FlexBuffers map writer (4-byte widths), for custom_options ----

struct FlexValue {
  enum { kInt, kFloat, kBool, kString } kind;
  int32_t i = 0;
  float f = 0.0f;
  std::string s;
};

FlexValue Int(int32_t v) { FlexValue x{FlexValue::kInt}; x.i = v; return x; }
FlexValue Float(float v) { FlexValue x{FlexValue::kFloat}; x.f = v; return x; }
FlexValue Bool(bool v) { FlexValue x{FlexValue::kBool}; x.i = v; return x; }
FlexValue Str(const std::string& v) { FlexValue x{FlexValue::kString}; x.s = v; return x; }

// Keys sorted (std::map), as FlexBuffers' binary search needs.
std::vector<uint8_t> FlexMap(const std::map<std::string, FlexValue>& entries) {
  std::vector<uint8_t> buf;
  auto put32 = [&](uint32_t v) { for (int i = 0; i < 4; i++) buf.push_back(static_cast<uint8_t>(v >> (8 * i))); };
  auto align4 = [&] { while (buf.size() % 4 != 0) buf.push_back(0); };
  std::vector<size_t> key_pos, string_pos;
  for (const auto& [key, value] : entries) {
    key_pos.push_back(buf.size());
    buf.insert(buf.end(), key.begin(), key.end());
    buf.push_back(0);
  }
  for (const auto& [key, value] : entries) {  // strings: [length][bytes][0]
    if (value.kind != FlexValue::kString) { string_pos.push_back(0); continue; }
    align4();
    put32(static_cast<uint32_t>(value.s.size()));
    string_pos.push_back(buf.size());
    buf.insert(buf.end(), value.s.begin(), value.s.end());
    buf.push_back(0);
  }
  align4();
  put32(static_cast<uint32_t>(entries.size()));
  const size_t keys = buf.size();
  for (size_t i = 0; i < key_pos.size(); i++) put32(static_cast<uint32_t>(buf.size() - key_pos[i]));
  put32(static_cast<uint32_t>(buf.size() - keys));
  put32(4);
  put32(static_cast<uint32_t>(entries.size()));
  const size_t map = buf.size();
  size_t i = 0;
  std::vector<uint8_t> types;
  for (const auto& [key, value] : entries) {
    uint32_t bits = 0;
    switch (value.kind) {
      case FlexValue::kInt: bits = static_cast<uint32_t>(value.i); types.push_back(1 << 2 | 2); break;
      case FlexValue::kFloat: std::memcpy(&bits, &value.f, 4); types.push_back(3 << 2 | 2); break;
      case FlexValue::kBool: bits = static_cast<uint32_t>(value.i); types.push_back(26 << 2 | 0); break;
      case FlexValue::kString:
        bits = static_cast<uint32_t>(buf.size() - string_pos[i]);
        types.push_back(5 << 2 | 0);
        break;
    }
    put32(bits);
    i++;
  }
  buf.insert(buf.end(), types.begin(), types.end());
  const size_t root = buf.size();
  put32(static_cast<uint32_t>(root - map));
  buf.push_back(9 << 2 | 2);  // MAP, 4-byte entries
  buf.push_back(4);
  return buf;
}

struct Options {
  int32_t max_detections = 5, max_classes_per_detection = 1, detections_per_class = 100, num_classes = 3;
  float score_threshold = 0.3f, iou_threshold = 0.5f;
  float y_scale = 10.0f, x_scale = 10.0f, h_scale = 5.0f, w_scale = 5.0f;
  bool regular = false;
};

std::map<std::string, FlexValue> OptionEntries(const Options& o) {
  return {{"max_detections", Int(o.max_detections)},
          {"max_classes_per_detection", Int(o.max_classes_per_detection)},
          {"detections_per_class", Int(o.detections_per_class)},
          {"nms_score_threshold", Float(o.score_threshold)},
          {"nms_iou_threshold", Float(o.iou_threshold)},
          {"num_classes", Int(o.num_classes)},
          {"y_scale", Float(o.y_scale)},
          {"x_scale", Float(o.x_scale)},
          {"h_scale", Float(o.h_scale)},
          {"w_scale", Float(o.w_scale)},
          {"use_regular_nms", Bool(o.regular)}};
}

// ---- TFLite 2.9's computation, from detection_postprocess.cc ----

struct Detections {
  std::vector<float> boxes, classes, scores;
  float num = 0.0f;
};

struct Input {
  std::vector<uint8_t> bytes;  // UINT8 values or FLOAT32 bytes
  bool quantized;
  float scale;
  int32_t zero_point;
  float At(size_t i) const {
    if (quantized) return (static_cast<float>(bytes[i]) - zero_point) * scale;  // Dequantizer
    float f;
    std::memcpy(&f, bytes.data() + 4 * i, 4);
    return f;
  }
};

Detections Reference(const Options& o, size_t num_boxes, size_t stride, size_t classes, const Input& box,
                     const Input& score, const Input& anchor) {
  std::vector<float> decoded(4 * num_boxes);
  for (size_t i = 0; i < num_boxes; i++) {
    const float y = box.At(i * stride), x = box.At(i * stride + 1), h = box.At(i * stride + 2),
                w = box.At(i * stride + 3);
    const float ay = anchor.At(4 * i), ax = anchor.At(4 * i + 1), ah = anchor.At(4 * i + 2), aw = anchor.At(4 * i + 3);
    const float yc = static_cast<float>(static_cast<double>(y) / static_cast<double>(o.y_scale) * static_cast<double>(ah) +
                                        static_cast<double>(ay));
    const float xc = static_cast<float>(static_cast<double>(x) / static_cast<double>(o.x_scale) * static_cast<double>(aw) +
                                        static_cast<double>(ax));
    const float hh = static_cast<float>(0.5 * std::exp(static_cast<double>(h) / static_cast<double>(o.h_scale)) *
                                        static_cast<double>(ah));
    const float hw = static_cast<float>(0.5 * std::exp(static_cast<double>(w) / static_cast<double>(o.w_scale)) *
                                        static_cast<double>(aw));
    decoded[4 * i] = yc - hh;
    decoded[4 * i + 1] = xc - hw;
    decoded[4 * i + 2] = yc + hh;
    decoded[4 * i + 3] = xc + hw;
  }
  std::vector<float> s(num_boxes * classes);
  for (size_t i = 0; i < s.size(); i++) {
    s[i] = score.quantized ? static_cast<float>(static_cast<double>(score.scale) *
                                                (static_cast<int32_t>(score.bytes[i]) - score.zero_point))
                           : score.At(i);
  }
  const size_t offset = classes - static_cast<size_t>(o.num_classes);
  std::vector<float> max_scores(num_boxes);
  std::vector<int> best(num_boxes);
  for (size_t i = 0; i < num_boxes; i++) {
    const float* row = s.data() + i * classes + offset;
    int arg = 0;
    for (int c = 1; c < o.num_classes; c++) {
      if (row[c] > row[arg]) arg = c;
    }
    best[i] = arg;
    max_scores[i] = row[arg];
  }
  std::vector<int> keep;
  std::vector<float> keep_scores;
  for (size_t i = 0; i < num_boxes; i++) {
    if (max_scores[i] >= o.score_threshold) keep.push_back(static_cast<int>(i)), keep_scores.push_back(max_scores[i]);
  }
  std::vector<int> order(keep.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return keep_scores[a] > keep_scores[b]; });
  auto iou = [&](int i, int j) {
    const float* a = &decoded[4 * i];
    const float* b = &decoded[4 * j];
    const float area_a = (a[2] - a[0]) * (a[3] - a[1]), area_b = (b[2] - b[0]) * (b[3] - b[1]);
    if (area_a <= 0 || area_b <= 0) return 0.0f;
    const float inter = std::max<float>(std::min<float>(a[2], b[2]) - std::max<float>(a[0], b[0]), 0.0) *
                        std::max<float>(std::min<float>(a[3], b[3]) - std::max<float>(a[1], b[1]), 0.0);
    return inter / (area_a + area_b - inter);
  };
  std::vector<int> active(keep.size(), 1), selected;
  for (size_t i = 0; i < keep.size() && selected.size() < static_cast<size_t>(o.max_detections); i++) {
    if (!active[i]) continue;
    selected.push_back(keep[order[i]]);
    for (size_t j = i + 1; j < keep.size(); j++) {
      if (active[j] && iou(keep[order[i]], keep[order[j]]) > o.iou_threshold) active[j] = 0;
    }
  }
  Detections d;
  d.boxes.assign(4 * o.max_detections, 0.0f);
  d.classes.assign(o.max_detections, 0.0f);
  d.scores.assign(o.max_detections, 0.0f);
  for (size_t k = 0; k < selected.size(); k++) {
    std::copy(&decoded[4 * selected[k]], &decoded[4 * selected[k]] + 4, &d.boxes[4 * k]);
    d.classes[k] = static_cast<float>(best[selected[k]]);
    d.scores[k] = max_scores[selected[k]];
  }
  d.num = static_cast<float>(selected.size());
  return d;
}

// ---- Running models ----

// The four outputs of the model's last op, as floats.
Detections RunModel(const tb::ModelSpec& spec, const std::vector<uint8_t>& input, size_t threads = 0) {
  const std::vector<uint8_t> bytes = tb::Build(spec);
  xqt_error err{};
  Detections d;
  xqt_model* model = xqt_model_parse(bytes.data(), bytes.size(), &err);
  EXPECT_NE(model, nullptr) << err.message;
  if (model == nullptr) return d;
  pthreadpool_t pool = threads != 0 ? pthreadpool_create(threads) : nullptr;
  xqt_runtime* rt = xqt_runtime_create(model, pool, nullptr, &err);
  EXPECT_NE(rt, nullptr) << err.message;
  if (rt != nullptr) {
    std::memcpy(xqt_runtime_tensor(rt, model->inputs[0]), input.data(), input.size());
    EXPECT_TRUE(xqt_runtime_run(rt, &err)) << err.message;
    auto floats = [&](size_t k) {
      const xqt_tensor& t = model->tensors[model->outputs[k]];
      const float* p = static_cast<const float*>(xqt_runtime_tensor(rt, model->outputs[k]));
      return std::vector<float>(p, p + t.num_elements);
    };
    d.boxes = floats(0);
    d.classes = floats(1);
    d.scores = floats(2);
    d.num = floats(3)[0];
    xqt_runtime_free(rt);
  }
  if (pool != nullptr) pthreadpool_destroy(pool);
  xqt_model_free(model);
  return d;
}

void ExpectSame(const Detections& got, const Detections& expected, const std::string& what) {
  ASSERT_EQ(got.num, expected.num) << what;
  const size_t n = static_cast<size_t>(expected.num);
  for (size_t k = 0; k < n; k++) {
    for (int c = 0; c < 4; c++) EXPECT_EQ(got.boxes[4 * k + c], expected.boxes[4 * k + c]) << what << " box " << k;
    EXPECT_EQ(got.classes[k], expected.classes[k]) << what << " detection " << k;
    EXPECT_EQ(got.scores[k], expected.scores[k]) << what << " detection " << k;
  }
}

// The op alone: box encodings [1, boxes, stride] are the model input.
tb::ModelSpec PostProcessModel(const Options& o, size_t num_boxes, size_t stride, size_t classes, bool quantized,
                               const Input& box, const Input& score, const Input& anchor,
                               std::vector<uint8_t> custom_options = {}) {
  const int8_t type = quantized ? tb::kUInt8 : tb::kFloat32;
  auto quant = [&](const Input& in) { return quantized ? std::vector<float>{in.scale} : std::vector<float>{}; };
  auto zp = [&](const Input& in) { return quantized ? std::vector<int64_t>{in.zero_point} : std::vector<int64_t>{}; };
  const int32_t b = static_cast<int32_t>(num_boxes), m = o.max_detections;
  tb::ModelSpec spec;
  spec.tensors.push_back({{1, b, static_cast<int32_t>(stride)}, type, {}, quant(box), zp(box), 0, "boxes"});
  spec.tensors.push_back({{1, b, static_cast<int32_t>(classes)}, type, score.bytes, quant(score), zp(score), 0, "scores"});
  spec.tensors.push_back({{b, 4}, type, anchor.bytes, quant(anchor), zp(anchor), 0, "anchors"});
  spec.tensors.push_back({{1, m, 4}, tb::kFloat32, {}, {}, {}, 0, "detection_boxes"});
  spec.tensors.push_back({{1, m}, tb::kFloat32, {}, {}, {}, 0, "detection_classes"});
  spec.tensors.push_back({{1, m}, tb::kFloat32, {}, {}, {}, 0, "detection_scores"});
  spec.tensors.push_back({{1}, tb::kFloat32, {}, {}, {}, 0, "num_detections"});
  tb::OpSpec op{XQT_OP_CUSTOM, {0, 1, 2}, {3, 4, 5, 6}};
  op.custom_code = "TFLite_Detection_PostProcess";
  op.custom_options = custom_options.empty() ? FlexMap(OptionEntries(o)) : custom_options;
  spec.ops.push_back(op);
  spec.inputs = {0};
  spec.outputs = {3, 4, 5, 6};
  return spec;
}

std::vector<uint8_t> FloatBytes(const std::vector<float>& v) { return tb::Raw(v); }

// Random but plausible inputs: anchors inside [0, 1] with positive sizes.
void RandomInputs(std::mt19937& rng, size_t num_boxes, size_t stride, size_t classes, bool quantized, Input* box,
                  Input* score, Input* anchor) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f), size(0.05f, 0.5f), enc(-3.0f, 3.0f);
  if (quantized) {
    *box = {std::vector<uint8_t>(num_boxes * stride), true, 0.05f, 128};
    *score = {std::vector<uint8_t>(num_boxes * classes), true, 1.0f / 256, 0};
    *anchor = {std::vector<uint8_t>(num_boxes * 4), true, 1.0f / 255, 0};
    for (auto& v : box->bytes) v = static_cast<uint8_t>(byte(rng));
    for (auto& v : score->bytes) v = static_cast<uint8_t>(byte(rng) / 16 * 16);  // many equal scores
    for (size_t i = 0; i < num_boxes; i++) {
      anchor->bytes[4 * i] = static_cast<uint8_t>(byte(rng));
      anchor->bytes[4 * i + 1] = static_cast<uint8_t>(byte(rng));
      anchor->bytes[4 * i + 2] = static_cast<uint8_t>(13 + byte(rng) % 115);
      anchor->bytes[4 * i + 3] = static_cast<uint8_t>(13 + byte(rng) % 115);
    }
  } else {
    std::vector<float> b(num_boxes * stride), s(num_boxes * classes), a(num_boxes * 4);
    for (auto& v : b) v = enc(rng);
    for (auto& v : s) v = std::round(unit(rng) * 8) / 8;  // ties
    for (size_t i = 0; i < num_boxes; i++) a[4 * i] = unit(rng), a[4 * i + 1] = unit(rng), a[4 * i + 2] = size(rng), a[4 * i + 3] = size(rng);
    *box = {FloatBytes(b), false, 0, 0};
    *score = {FloatBytes(s), false, 0, 0};
    *anchor = {FloatBytes(a), false, 0, 0};
  }
}

TEST(TfliteDetection, SingleOpAgainstTfliteReference) {
  std::mt19937 rng(1);
  for (int iteration = 0; iteration < 80; iteration++) {
    const bool quantized = iteration % 2 == 0;
    Options o;
    o.num_classes = 1 + static_cast<int32_t>(rng() % 6);
    o.max_detections = 1 + static_cast<int32_t>(rng() % 12);
    o.score_threshold = iteration % 5 == 0 ? 0.0f : 0.1f * static_cast<float>(rng() % 8);
    o.iou_threshold = iteration % 7 == 0 ? 1.0f : 0.2f + 0.1f * static_cast<float>(rng() % 7);
    o.y_scale = 1.0f + static_cast<float>(rng() % 10);
    o.h_scale = 1.0f + static_cast<float>(rng() % 5);
    const size_t num_boxes = 1 + rng() % 60, stride = 4 + rng() % 3;
    const size_t classes = static_cast<size_t>(o.num_classes) + (iteration % 3 != 0 ? 1 : 0);
    Input box, score, anchor;
    RandomInputs(rng, num_boxes, stride, classes, quantized, &box, &score, &anchor);
    const Detections expected = Reference(o, num_boxes, stride, classes, box, score, anchor);
    const tb::ModelSpec spec = PostProcessModel(o, num_boxes, stride, classes, quantized, box, score, anchor);
    ExpectSame(RunModel(spec, box.bytes), expected, "iteration " + std::to_string(iteration));
    // Slots past num_detections are zero.
    const Detections got = RunModel(spec, box.bytes, 2);
    for (size_t k = static_cast<size_t>(got.num); k < static_cast<size_t>(o.max_detections); k++) {
      EXPECT_EQ(got.scores[k], 0.0f);
      EXPECT_EQ(got.boxes[4 * k + 2], 0.0f);
    }
    if (HasFailure()) return;
  }
}

TEST(TfliteDetection, OptionsDefaultsAndConversions) {
  std::mt19937 rng(2);
  Input box, score, anchor;
  RandomInputs(rng, 20, 4, 4, true, &box, &score, &anchor);
  Options o;
  const Detections expected = Reference(o, 20, 4, 4, box, score, anchor);
  // detections_per_class and use_regular_nms absent (TFLite's defaults: 100, false);
  // integers written as floats and floats as integers convert as FlexBuffers does.
  auto entries = OptionEntries(o);
  entries.erase("detections_per_class");
  entries.erase("use_regular_nms");
  entries["y_scale"] = Int(10);
  entries["max_detections"] = Float(5.0f);
  ExpectSame(RunModel(PostProcessModel(o, 20, 4, 4, true, box, score, anchor, FlexMap(entries)), box.bytes), expected,
             "defaults");
}

// ---- Bad models ----

TEST(TfliteDetectionHostile, BadOptionsAndTensorsFailCleanly) {
  std::mt19937 rng(3);
  Input box, score, anchor;
  RandomInputs(rng, 10, 4, 4, true, &box, &score, &anchor);
  const Options good;
  auto with = [&](const std::map<std::string, FlexValue>& entries) {
    return LoadError(tb::Build(PostProcessModel(good, 10, 4, 4, true, box, score, anchor, FlexMap(entries))));
  };
  EXPECT_EQ(with(OptionEntries(good)), "");
  auto bad = [&](const char* key, FlexValue v, const char* word) {
    auto entries = OptionEntries(good);
    entries[key] = v;
    const std::string message = with(entries);
    EXPECT_NE(message.find(word), std::string::npos) << key << ": '" << message << "'";
  };
  bad("max_detections", Int(0), "max_detections");
  bad("max_detections", Int(-5), "max_detections");
  bad("max_detections", Int(1 << 30), "max_detections");
  bad("num_classes", Int(0), "num_classes");
  bad("num_classes", Int(5), "classes");  // more than the scores tensor holds
  bad("num_classes", Int(2), "classes");  // two background classes
  bad("max_classes_per_detection", Int(2), "max_classes_per_detection");
  bad("max_classes_per_detection", Int(0), "max_classes_per_detection");
  bad("detections_per_class", Int(0), "detections_per_class");
  bad("use_regular_nms", Bool(true), "use_regular_nms");
  bad("nms_iou_threshold", Float(0.0f), "nms_iou_threshold");
  bad("nms_iou_threshold", Float(1.5f), "nms_iou_threshold");
  bad("nms_iou_threshold", Float(NAN), "nms_iou_threshold");
  bad("y_scale", Float(0.0f), "y_scale");
  bad("w_scale", Float(INFINITY), "w_scale");
  bad("nms_score_threshold", Float(NAN), "nms_score_threshold");
  bad("h_scale", Str("5"), "not a number");
  {
    auto entries = OptionEntries(good);
    entries.erase("max_detections");  // absent: 0
    EXPECT_NE(with(entries).find("max_detections"), std::string::npos);
  }
  // No options at all, not a map, other custom ops.
  auto model = PostProcessModel(good, 10, 4, 4, true, box, score, anchor);
  model.ops[0].custom_options = {};
  EXPECT_NE(LoadError(tb::Build(model)), "");
  model.ops[0].custom_options = {1, 2, 3};
  EXPECT_NE(LoadError(tb::Build(model)), "");
  model = PostProcessModel(good, 10, 4, 4, true, box, score, anchor);
  model.ops[0].custom_code = "TFLite_Detection_PostProcess2";
  EXPECT_NE(LoadError(tb::Build(model)).find("custom op"), std::string::npos);
  // Tensors: wrong types, ranks, shapes, mixed quantized / float, outputs.
  auto tensors = [&](auto mutate) {
    auto m = PostProcessModel(good, 10, 4, 4, true, box, score, anchor);
    mutate(m);
    return LoadError(tb::Build(m));
  };
  EXPECT_NE(tensors([](tb::ModelSpec& m) { m.tensors[0].type = tb::kInt8; m.tensors[0].zero_points = {0}; }), "");
  EXPECT_NE(tensors([](tb::ModelSpec& m) { m.tensors[0].shape = {10, 4}; }), "");
  EXPECT_NE(tensors([](tb::ModelSpec& m) { m.tensors[0].shape = {1, 10, 3}; }), "");
  EXPECT_NE(tensors([](tb::ModelSpec& m) { m.tensors[0].shape = {2, 5, 4}; }), "");
  EXPECT_NE(tensors([](tb::ModelSpec& m) { m.tensors[1].shape = {1, 5, 8}; }), "");
  EXPECT_NE(tensors([](tb::ModelSpec& m) { m.tensors[2].shape = {10, 5}; m.tensors[2].data.resize(50); }), "");
  EXPECT_NE(tensors([](tb::ModelSpec& m) {
              m.tensors[2].type = tb::kFloat32;
              m.tensors[2].data.resize(160);
              m.tensors[2].scales.clear();
              m.tensors[2].zero_points.clear();
            }), "");
  EXPECT_NE(tensors([](tb::ModelSpec& m) { m.tensors[3].shape = {1, 6, 4}; }), "");
  EXPECT_NE(tensors([](tb::ModelSpec& m) { m.tensors[4].type = tb::kUInt8; m.tensors[4].scales = {1.0f}; m.tensors[4].zero_points = {0}; }), "");
  EXPECT_NE(tensors([](tb::ModelSpec& m) { m.tensors[6].shape = {2}; }), "");
  EXPECT_NE(tensors([](tb::ModelSpec& m) { m.ops[0].outputs = {3, 4, 5}; m.outputs = {3, 4, 5}; m.tensors.pop_back(); }), "");
  EXPECT_NE(tensors([](tb::ModelSpec& m) { m.ops[0].inputs = {0, 1}; }), "");
}

// Every truncation and many random mutations of the FlexBuffers bytes load
// or fail with a message (never a crash; CI runs this under ASan + UBSan).
TEST(TfliteDetectionHostile, MutatedOptions) {
  std::mt19937 rng(4);
  Input box, score, anchor;
  RandomInputs(rng, 10, 4, 4, true, &box, &score, &anchor);
  const Options good;
  const std::vector<uint8_t> options = FlexMap(OptionEntries(good));
  size_t failures = 0;
  for (size_t n = 0; n < options.size(); n++) {
    std::vector<uint8_t> cut(options.begin(), options.begin() + static_cast<std::ptrdiff_t>(n));
    if (cut.empty()) cut.push_back(0);
    failures += LoadError(tb::Build(PostProcessModel(good, 10, 4, 4, true, box, score, anchor, cut))) != "";
  }
  EXPECT_EQ(failures, options.size());  // a truncated map is never complete
  for (int iteration = 0; iteration < 2000; iteration++) {
    std::vector<uint8_t> mutated = options;
    for (int k = 0; k < 1 + iteration % 4; k++) mutated[rng() % mutated.size()] = static_cast<uint8_t>(rng());
    LoadError(tb::Build(PostProcessModel(good, 10, 4, 4, true, box, score, anchor, mutated)));
  }
}

}  // namespace

// ---- Small SSD-like uint8 and int8 detectors against TensorFlow Lite 2.9 ----
// Built here and checked in as test/data/golden/detection-{uint8,int8}.tflite,
// with TFLite 2.9's four outputs (boxes, classes, scores, num_detections:
// floats, concatenated) in detection-*.out.bin; scripts/make-golden.sh tflite-detection
// regenerates them. Only the first num_detections entries are compared:
// TFLite leaves the other slots of its outputs unwritten.

namespace {

tb::NodePtr ConvOptions(int stride, int activation) {
  auto conv = tb::Table();
  tb::Scalar<int8_t>(conv, XQT_CONV_PADDING, XQT_PADDING_SAME);
  tb::Scalar<int32_t>(conv, XQT_CONV_STRIDE_W, stride);
  tb::Scalar<int32_t>(conv, XQT_CONV_STRIDE_H, stride);
  tb::Scalar<int8_t>(conv, XQT_CONV_ACTIVATION, static_cast<int8_t>(activation));
  return conv;
}

// x [1, 8, 8, 3] -> CONV 3x3/2 RELU6 [1, 4, 4, 8] -> box CONV 1x1 [1, 4, 4, 8]
// -> RESHAPE [1, 32, 4]; class CONV 1x1 [1, 4, 4, 8] -> RESHAPE [1, 32, 4] ->
// LOGISTIC -> TFLite_Detection_PostProcess (2 anchors per cell, 3 classes +
// background, constant anchors). uint8: the op reads the uint8 tensors and
// uint8 anchors. int8 (per-tensor int8 weights, as TF2 exports detectors):
// TFLite's kernel reads UINT8 or FLOAT32 inputs (detection_postprocess.cc),
// so box encodings and scores are DEQUANTIZEd
// and the anchors are FLOAT32.
tb::ModelSpec SsdModel(bool int8) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(0, 255), small(-300, 300);
  auto bytes = [&](size_t n) {
    std::vector<uint8_t> v(n);
    for (auto& b : v) b = static_cast<uint8_t>(byte(rng));
    return v;
  };
  auto bias = [&](size_t n) {
    std::vector<int32_t> v(n);
    for (auto& b : v) b = small(rng);
    return tb::Raw(v);
  };
  const int8_t q = int8 ? tb::kInt8 : tb::kUInt8;
  const int64_t o8 = int8 ? -128 : 0;  // zero-point shift of int8
  auto weights = [&](size_t n) {  // int8 weights in [-127, 127], zero point 0; uint8 with zero point
    std::vector<uint8_t> v = bytes(n);
    if (int8) for (auto& b : v) b = static_cast<uint8_t>(static_cast<int8_t>(b % 255 - 127));
    return v;
  };
  std::vector<uint8_t> anchors(32 * 4);
  for (int cell = 0; cell < 16; cell++) {
    for (int a = 0; a < 2; a++) {
      uint8_t* p = &anchors[4 * (2 * cell + a)];
      p[0] = static_cast<uint8_t>(32 + 64 * (cell / 4));  // y centre (scale 1/255)
      p[1] = static_cast<uint8_t>(32 + 64 * (cell % 4));  // x centre
      p[2] = static_cast<uint8_t>(a == 0 ? 80 : 120);     // h
      p[3] = static_cast<uint8_t>(a == 0 ? 80 : 60);      // w
    }
  }
  Options o;
  tb::ModelSpec spec;
  const int64_t wzp = int8 ? 0 : 128;
  spec.tensors.push_back({{1, 8, 8, 3}, q, {}, {0.0078f}, {128 + o8}, 0, "input"});                    // 0
  spec.tensors.push_back({{8, 3, 3, 3}, q, weights(216), {0.01f}, {int8 ? 0 : 120}, 0, "w1"});          // 1
  spec.tensors.push_back({{8}, tb::kInt32, bias(8), {}, {}, 0, "b1"});                                  // 2
  spec.tensors.push_back({{1, 4, 4, 8}, q, {}, {0.03f}, {o8}, 0, "features"});                         // 3
  spec.tensors.push_back({{8, 1, 1, 8}, q, weights(64), {0.02f}, {wzp}, 0, "wb"});                      // 4
  spec.tensors.push_back({{8}, tb::kInt32, bias(8), {}, {}, 0, "bb"});                                  // 5
  spec.tensors.push_back({{1, 4, 4, 8}, q, {}, {0.05f}, {128 + o8}, 0, "box_map"});                    // 6
  spec.tensors.push_back({{3}, tb::kInt32, tb::Raw(std::vector<int32_t>{1, 32, 4}), {}, {}, 0, "shape"});  // 7
  spec.tensors.push_back({{1, 32, 4}, q, {}, {0.05f}, {128 + o8}, 0, "box_encodings"});               // 8
  spec.tensors.push_back({{8, 1, 1, 8}, q, weights(64), {0.02f}, {wzp}, 0, "wc"});                      // 9
  spec.tensors.push_back({{8}, tb::kInt32, bias(8), {}, {}, 0, "bc"});                                  // 10
  spec.tensors.push_back({{1, 4, 4, 8}, q, {}, {0.1f}, {128 + o8}, 0, "class_map"});                   // 11
  spec.tensors.push_back({{1, 32, 4}, q, {}, {0.1f}, {128 + o8}, 0, "class_logits"});                 // 12
  spec.tensors.push_back({{1, 32, 4}, q, {}, {1.0f / 256}, {o8}, 0, "class_scores"});                 // 13
  if (int8) {
    std::vector<float> fa(anchors.size());
    for (size_t i = 0; i < fa.size(); i++) fa[i] = anchors[i] / 255.0f;
    spec.tensors.push_back({{32, 4}, tb::kFloat32, tb::Raw(fa), {}, {}, 0, "anchors"});               // 14
  } else {
    spec.tensors.push_back({{32, 4}, tb::kUInt8, anchors, {1.0f / 255}, {0}, 0, "anchors"});          // 14
  }
  spec.tensors.push_back({{1, 5, 4}, tb::kFloat32, {}, {}, {}, 0, "detection_boxes"});                  // 15
  spec.tensors.push_back({{1, 5}, tb::kFloat32, {}, {}, {}, 0, "detection_classes"});                   // 16
  spec.tensors.push_back({{1, 5}, tb::kFloat32, {}, {}, {}, 0, "detection_scores"});                    // 17
  spec.tensors.push_back({{1}, tb::kFloat32, {}, {}, {}, 0, "num_detections"});                         // 18
  spec.ops.push_back({XQT_OP_CONV_2D, {0, 1, 2}, {3}, XQT_OPTIONS_CONV_2D, ConvOptions(2, XQT_ACTIVATION_RELU6)});
  spec.ops.push_back({XQT_OP_CONV_2D, {3, 4, 5}, {6}, XQT_OPTIONS_CONV_2D, ConvOptions(1, XQT_ACTIVATION_NONE)});
  spec.ops.push_back({XQT_OP_RESHAPE, {6, 7}, {8}});
  spec.ops.push_back({XQT_OP_CONV_2D, {3, 9, 10}, {11}, XQT_OPTIONS_CONV_2D, ConvOptions(1, XQT_ACTIVATION_NONE)});
  spec.ops.push_back({XQT_OP_RESHAPE, {11, 7}, {12}});
  spec.ops.push_back({XQT_OP_LOGISTIC, {12}, {13}});
  std::vector<int32_t> post_inputs = {8, 13, 14};
  if (int8) {
    spec.tensors.push_back({{1, 32, 4}, tb::kFloat32, {}, {}, {}, 0, "box_encodings_f32"});  // 19
    spec.tensors.push_back({{1, 32, 4}, tb::kFloat32, {}, {}, {}, 0, "class_scores_f32"});   // 20
    spec.ops.push_back({XQT_OP_DEQUANTIZE, {8}, {19}});
    spec.ops.push_back({XQT_OP_DEQUANTIZE, {13}, {20}});
    post_inputs = {19, 20, 14};
  }
  tb::OpSpec post{XQT_OP_CUSTOM, post_inputs, {15, 16, 17, 18}};
  post.custom_code = "TFLite_Detection_PostProcess";
  post.custom_options = FlexMap(OptionEntries(o));
  spec.ops.push_back(post);
  spec.inputs = {0};
  spec.outputs = {15, 16, 17, 18};
  return spec;
}

}  // namespace

TEST(TfliteDetectionGolden, SsdMatchesTensorFlowLite29) {
 for (const bool int8 : {false, true}) {
  const std::string name = int8 ? "detection-int8" : "detection-uint8";
  SCOPED_TRACE(name);
  const tb::ModelSpec spec = SsdModel(int8);
  const std::vector<uint8_t> bytes = tb::Build(spec);
  if (const char* write_dir = std::getenv("XQT_WRITE_GOLDEN_DIR")) {
    std::ofstream(std::string(write_dir) + "/" + name + ".tflite", std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    continue;
  }
  ASSERT_EQ(xqt_test::ReadFile(xqt_test::DataPath("golden/" + name + ".tflite")), bytes)
      << "golden/" << name << ".tflite is not the model this test builds: run scripts/make-golden.sh tflite-detection";
  const std::vector<uint8_t> golden = xqt_test::ReadFile(xqt_test::DataPath("golden/" + name + ".out.bin"));
  ASSERT_EQ(golden.size(), (20 + 5 + 5 + 1) * sizeof(float));
  std::vector<float> g(golden.size() / 4);
  std::memcpy(g.data(), golden.data(), golden.size());
  Detections expected;
  expected.boxes.assign(g.begin(), g.begin() + 20);
  expected.classes.assign(g.begin() + 20, g.begin() + 25);
  expected.scores.assign(g.begin() + 25, g.begin() + 30);
  expected.num = g[30];
  ASSERT_GE(expected.num, 2.0f) << "the golden model should detect several boxes";
  const std::vector<uint8_t> input = xqt_test::ReferenceInput(8 * 8 * 3);
  ExpectSame(RunModel(spec, input), expected, "1 thread");
  ExpectSame(RunModel(spec, input, 2), expected, "2 threads");
 }
}
