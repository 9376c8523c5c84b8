// tools/tflite: the two shipped MobileNet v2 models classify both photos as
// TensorFlow Lite 2.9 does (test/data/README.md): same top-1 class, top-1
// score within 0.03 of TFLite's. Needs xqnn's convolution, add, global average
// pooling and nothing else: SOFTMAX and QUANTIZE run in the runner.
//
// With the runner's default TFLite requantization the top-1 scores equal
// TFLite's (int8 model: cat 0.609, bird 0.902; uint8 model: cat 0.809, bird
// 0.992): tflite-golden.cc shows both models reproduce TFLite's tensors bit
// for bit.
// With fp32 requantization (exactly rounded, SIMD kernels) the class is the
// same but the cat scores move by up to 0.039 (int8 0.648, uint8 0.773):
// TFLite's double rounding shifts results by up to a quarter unit per layer
// and that accumulates over ~60 layers (tflite-golden.cc); those runs are
// checked against a 0.05 tolerance.
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

constexpr double kScoreTolerance = 0.03;
constexpr double kFp32ScoreTolerance = 0.05;  // see the top

struct Result {
  size_t top1 = 0;
  double score = -1.0;
  std::vector<uint8_t> output;
  size_t arena = 0, unplanned = 0;
};

// Loads `model`, feeds `image` resized to 224x224 and runs with `threads`.
Result ClassifyUncached(const char* model_name, const char* image_name, size_t threads, bool fp32) {
  Result result;
  xqt_error err{};
  xqt_model* model = xqt_model_load(DataPath(model_name).c_str(), &err);
  EXPECT_NE(model, nullptr) << err.message;
  if (model == nullptr) return result;
  pthreadpool_t pool = threads > 1 ? pthreadpool_create(threads) : nullptr;
  xqt_runtime_options options{};
  options.fp32_requantization = fp32;
  xqt_runtime* rt = xqt_runtime_create(model, pool, &options, &err);
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
Result Classify(const char* model_name, const char* image_name, size_t threads, bool fp32 = false) {
  static std::map<std::tuple<std::string, std::string, size_t, bool>, Result> cache;
  const auto key = std::make_tuple(std::string(model_name), std::string(image_name), threads, fp32);
  auto it = cache.find(key);
  if (it == cache.end()) {
    it = cache.emplace(key, ClassifyUncached(model_name, image_name, threads, fp32)).first;
  }
  return it->second;
}

}  // namespace

struct Reference {
  const char* model;
  const char* image;
  size_t top1;
  double score;
};

// test/data/README.md
const Reference kReferences[] = {
    {kInt8Model, "cat.bmp", 286, 0.609},   // Egyptian cat
    {kInt8Model, "bird.bmp", 20, 0.902},   // chickadee
    {kUint8Model, "cat.bmp", 286, 0.809},
    {kUint8Model, "bird.bmp", 20, 0.992},
};

TEST(TfliteModels, TfliteRequantizationMatchesTflite) {
  for (const Reference& ref : kReferences) {
    SCOPED_TRACE(std::string(ref.model) + " " + ref.image);
    const Result r = Classify(ref.model, ref.image, 1);
    EXPECT_EQ(r.top1, ref.top1);
    EXPECT_NEAR(r.score, ref.score, kScoreTolerance);
  }
}

TEST(TfliteModels, Fp32RequantizationMatchesTflitesClass) {
  for (const Reference& ref : kReferences) {
    SCOPED_TRACE(std::string(ref.model) + " " + ref.image);
    const Result r = Classify(ref.model, ref.image, 1, /*fp32=*/true);
    EXPECT_EQ(r.top1, ref.top1);
    EXPECT_NEAR(r.score, ref.score, kFp32ScoreTolerance);
  }
}

// xqnn's results do not depend on the thread count.
TEST(TfliteModels, SameOutputWithTwoThreads) {
  for (bool fp32 : {false, true}) {
    const Result one = Classify(kInt8Model, "cat.bmp", 1, fp32);
    const Result two = Classify(kInt8Model, "cat.bmp", 2, fp32);
    ASSERT_FALSE(one.output.empty());
    EXPECT_TRUE(one.output == two.output) << (fp32 ? "fp32" : "TFLite") << " requantization";
  }
}

// The planner reuses activation memory: MobileNet v2's arena is a fraction of
// the sum of its tensors.
TEST(TfliteModels, ArenaReusesMemory) {
  const Result r = Classify(kUint8Model, "cat.bmp", 1);
  ASSERT_GT(r.unplanned, 0u);
  EXPECT_LT(r.arena * 3, r.unplanned);
}
