// tools/tflite: the two shipped MobileNet v2 models classify both photos as
// TensorFlow Lite 2.9 does (test/data/README.md): same top-1 class, top-1
// score close to TFLite's. Needs xqnn's convolution, add, global average
// pooling and nothing else: SOFTMAX and QUANTIZE run in the runner.
//
// Score tolerance: 0.05, not the 0.03 first intended. Measured top-1 scores:
// int8 model cat 0.648 (TFLite 0.609), bird 0.902 (0.902); uint8 model cat
// 0.773 (0.809), bird 0.992 (0.992). The cat gaps (+0.039, -0.036, i.e. 10
// and 9 output units of 1/256) are TFLite's fixed-point requantization, not a
// mapping error: tflite-layers.cc checks that every one of the 64 layers of
// each model computes the rounded real value of its quantized op, while
// TFLite's fixed-point requantization rounds differently: gemmlowp's
// RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(...)) rounds twice and
// biases results by up to 2^-(s+1) units per layer (a quarter unit in the
// uint8 model's layers with s = 1; tflite-golden.cc; tflite-layers.cc
// reproduces TFLite's first two uint8 layers bit for bit that way), and those
// 1-unit differences accumulate over ~60 layers. 0.05 keeps ~25% headroom over the
// measured gap and is still below the cat photo's top-1 / top-2 margin.
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <tuple>

#include <gtest/gtest.h>
#include <pthreadpool.h>

#include "image.h"
#include "model.h"
#include "runtime.h"
#include "tflite-test-util.h"

using namespace xqt_test;

namespace {

constexpr double kScoreTolerance = 0.05;  // see the top

struct Result {
  size_t top1 = 0;
  double score = -1.0;
  std::vector<uint8_t> output;
  size_t arena = 0, unplanned = 0;
};

// Loads `model`, feeds `image` resized to 224x224 and runs with `threads`.
Result ClassifyUncached(const char* model_name, const char* image_name, size_t threads) {
  Result result;
  xqt_error err{};
  xqt_model* model = xqt_model_load(DataPath(model_name).c_str(), &err);
  EXPECT_NE(model, nullptr) << err.message;
  if (model == nullptr) return result;
  pthreadpool_t pool = threads > 1 ? pthreadpool_create(threads) : nullptr;
  xqt_runtime* rt = xqt_runtime_create(model, pool, nullptr, &err);
  EXPECT_NE(rt, nullptr) << err.message;
  if (rt != nullptr) {
    xqt_image image{};
    EXPECT_TRUE(xqt_bmp_load(DataPath(image_name).c_str(), &image, &err)) << err.message;
    const xqt_tensor& in = model->tensors[model->inputs[0]];
    EXPECT_EQ(in.type, 3 /* UINT8 */);
    xqt_resize_bilinear(image.rgb, image.width, image.height,
                        static_cast<uint8_t*>(xqt_runtime_tensor(rt, model->inputs[0])), 224, 224, 3);
    xqt_image_free(&image);
    EXPECT_TRUE(xqt_runtime_run(rt, &err)) << err.message;
    const xqt_tensor& out = model->tensors[model->outputs[0]];
    const uint8_t* data = static_cast<const uint8_t*>(xqt_runtime_tensor(rt, model->outputs[0]));
    result.output.assign(data, data + out.num_elements);
    for (size_t i = 1; i < out.num_elements; i++) {
      if (data[i] > data[result.top1]) result.top1 = i;
    }
    result.score = out.scales[0] * (data[result.top1] - out.zero_points[0]);
    result.arena = xqt_runtime_arena_size(rt);
    result.unplanned = xqt_runtime_unplanned_size(rt);
    xqt_runtime_free(rt);
  }
  if (pool != nullptr) pthreadpool_destroy(pool);
  xqt_model_free(model);
  return result;
}

// Each (model, photo, threads) runs once per process: the tests share results
// (keeps the ASan + UBSan run short).
Result Classify(const char* model_name, const char* image_name, size_t threads) {
  static std::map<std::tuple<std::string, std::string, size_t>, Result> cache;
  const auto key = std::make_tuple(std::string(model_name), std::string(image_name), threads);
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, ClassifyUncached(model_name, image_name, threads)).first;
  return it->second;
}

}  // namespace

TEST(TfliteModels, Int8ModelCat) {
  const Result r = Classify(kInt8Model, "cat.bmp", 1);
  EXPECT_EQ(r.top1, 286u);  // Egyptian cat
  EXPECT_NEAR(r.score, 0.609, kScoreTolerance);
}

TEST(TfliteModels, Int8ModelBird) {
  const Result r = Classify(kInt8Model, "bird.bmp", 1);
  EXPECT_EQ(r.top1, 20u);  // chickadee
  EXPECT_NEAR(r.score, 0.902, kScoreTolerance);
}

TEST(TfliteModels, Uint8ModelCat) {
  const Result r = Classify(kUint8Model, "cat.bmp", 1);
  EXPECT_EQ(r.top1, 286u);
  EXPECT_NEAR(r.score, 0.809, kScoreTolerance);
}

TEST(TfliteModels, Uint8ModelBird) {
  const Result r = Classify(kUint8Model, "bird.bmp", 1);
  EXPECT_EQ(r.top1, 20u);
  EXPECT_NEAR(r.score, 0.992, kScoreTolerance);
}

// xqnn's results do not depend on the thread count.
TEST(TfliteModels, SameOutputWithTwoThreads) {
  const Result one = Classify(kInt8Model, "cat.bmp", 1);
  const Result two = Classify(kInt8Model, "cat.bmp", 2);
  ASSERT_FALSE(one.output.empty());
  EXPECT_TRUE(one.output == two.output);
}

// The planner reuses activation memory: MobileNet v2's arena is a fraction of
// the sum of its tensors.
TEST(TfliteModels, ArenaReusesMemory) {
  const Result r = Classify(kUint8Model, "cat.bmp", 1);
  ASSERT_GT(r.unplanned, 0u);
  EXPECT_LT(r.arena * 3, r.unplanned);
}
