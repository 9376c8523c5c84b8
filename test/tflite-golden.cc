// tools/tflite: per-layer comparison with TensorFlow Lite 2.9's intermediate
// tensors for cat.bmp (test/data/golden/README.md).
//
// Each single-layer test feeds one op TFLite's own input tensor and compares
// the op's output with TFLite's. Why not bit-exact: TFLite's built-in kernels
// requantize with a gemmlowp-style 31-bit fixed-point multiplier and rounding
// shift, while xqnn uses the fp32 scheme (DESIGN.md section 2): the two round
// the same real value differently when it lies within about one part in 2^23
// of a rounding boundary, i.e. they differ by at most 1 unit per
// requantization, on a small fraction of the elements. So: a layer with one
// requantization may differ by 1, and at most 2% of its elements may differ.
// Tensors after many layers (the residual ADD, the pooled features) are
// compared statistically, and the final class exactly (tflite-models.cc).
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "model.h"
#include "runtime.h"
#include "tflite-test-util.h"

using namespace xqt_test;

namespace {

class Golden {
 public:
  explicit Golden(const char* model_name) : name_(model_name) {
    xqt_error err{};
    model_ = xqt_model_load(DataPath(model_name).c_str(), &err);
    EXPECT_NE(model_, nullptr) << err.message;
    if (model_ == nullptr) return;
    xqt_runtime_options options{};
    options.no_memory_reuse = true;  // every intermediate tensor stays readable
    rt_ = xqt_runtime_create(model_, nullptr, &options, &err);
    EXPECT_NE(rt_, nullptr) << err.message;
  }
  ~Golden() {
    xqt_runtime_free(rt_);
    xqt_model_free(model_);
  }
  bool ok() const { return rt_ != nullptr; }

  std::vector<uint8_t> Reference(int tensor) const {
    std::string file = name_;
    file = "golden/" + file.substr(0, file.size() - std::strlen(".tflite")) + ".tensor" +
           std::to_string(tensor) + ".bin";
    std::vector<uint8_t> bytes = ReadFile(DataPath(file));
    EXPECT_EQ(bytes.size(), model_->tensors[tensor].size_bytes) << file;
    return bytes;
  }

  void Feed(int tensor, const std::vector<uint8_t>& bytes) {
    ASSERT_EQ(bytes.size(), model_->tensors[tensor].size_bytes);
    std::memcpy(xqt_runtime_tensor(rt_, tensor), bytes.data(), bytes.size());
  }

  void FeedImage() { Feed(model_->inputs[0], ReadFile(DataPath("golden/cat.224x224.rgb"))); }

  void Run(size_t begin, size_t end) {
    xqt_error err{};
    ASSERT_TRUE(xqt_runtime_run_ops(rt_, begin, end, &err)) << err.message;
  }

  // Element-wise differences between xqnn's tensor and TFLite's.
  struct Diff {
    int max = 0;
    size_t differing = 0, count = 0;
    double mean_abs = 0;
  };
  Diff Compare(int tensor) {
    const std::vector<uint8_t> ref = Reference(tensor);
    const xqt_tensor& t = model_->tensors[tensor];
    const uint8_t* ours = static_cast<const uint8_t*>(xqt_runtime_tensor(rt_, tensor));
    Diff d;
    d.count = ref.size();
    double sum = 0;
    for (size_t i = 0; i < ref.size() && i < t.size_bytes; i++) {
      const int a = t.type == 9 ? static_cast<int8_t>(ours[i]) : ours[i];
      const int b = t.type == 9 ? static_cast<int8_t>(ref[i]) : ref[i];
      const int e = std::abs(a - b);
      d.max = e > d.max ? e : d.max;
      d.differing += e != 0;
      sum += e;
    }
    d.mean_abs = sum / static_cast<double>(d.count);
    return d;
  }

  // One requantization: every element within 1 unit, at most 2% differ.
  void ExpectOneRequantization(int tensor) {
    const Diff d = Compare(tensor);
    EXPECT_LE(d.max, 1) << "tensor " << tensor;
    EXPECT_LE(d.differing * 50, d.count) << "tensor " << tensor << ": " << d.differing << " of "
                                         << d.count << " elements differ";
  }

  xqt_model* model_ = nullptr;
  xqt_runtime* rt_ = nullptr;

 private:
  std::string name_;
};

}  // namespace

// ---- int8 per-channel model (tf2_mobilenet_v2_1.0_224_ptq) ----

TEST(TfliteGoldenInt8, Op0QuantizeIsExact) {
  Golden g(kInt8Model);
  ASSERT_TRUE(g.ok());
  g.FeedImage();
  g.Run(0, 1);
  EXPECT_EQ(g.Compare(109).max, 0);  // equal scales: an exact zero-point shift
}

TEST(TfliteGoldenInt8, Op1FirstConvolution) {
  Golden g(kInt8Model);
  ASSERT_TRUE(g.ok());
  g.Feed(109, g.Reference(109));
  g.Run(1, 2);
  g.ExpectOneRequantization(110);
}

TEST(TfliteGoldenInt8, Op2FirstDepthwise) {
  Golden g(kInt8Model);
  ASSERT_TRUE(g.ok());
  g.Feed(110, g.Reference(110));
  g.Run(2, 3);
  g.ExpectOneRequantization(111);
}

TEST(TfliteGoldenInt8, Op3FirstProjection) {
  Golden g(kInt8Model);
  ASSERT_TRUE(g.ok());
  g.Feed(111, g.Reference(111));
  g.Run(3, 4);
  g.ExpectOneRequantization(112);
}

TEST(TfliteGoldenInt8, Op64LogitsAndReshape) {
  Golden g(kInt8Model);
  ASSERT_TRUE(g.ok());
  g.Feed(172, g.Reference(172));
  g.Run(64, 66);
  g.ExpectOneRequantization(173);
  g.ExpectOneRequantization(174);
}

// SOFTMAX (float in the runner; TFLite uses a fixed-point exp table) then the
// exact int8 -> uint8 QUANTIZE: within 1 unit of 1/256.
TEST(TfliteGoldenInt8, Op66SoftmaxAndQuantize) {
  Golden g(kInt8Model);
  ASSERT_TRUE(g.ok());
  g.Feed(174, g.Reference(174));
  g.Run(66, 68);
  EXPECT_LE(g.Compare(176).max, 1);
}

// Whole network from the image: errors accumulate over ~10 and ~60 layers.
TEST(TfliteGoldenInt8, WholeNetworkStatistics) {
  Golden g(kInt8Model);
  ASSERT_TRUE(g.ok());
  g.FeedImage();
  g.Run(0, g.model_->num_ops);
  const auto add = g.Compare(119);  // first residual ADD (op 10)
  EXPECT_LT(add.mean_abs, 0.2);
  EXPECT_LE(add.max, 4);
  const auto pooled = g.Compare(172);  // MEAN (op 63)
  EXPECT_LT(pooled.mean_abs, 2.0);
}

// ---- uint8 model (mobilenet_v2_1.0_224_quant, weights with zero points) ----

TEST(TfliteGoldenUint8, Op0FirstConvolution) {
  Golden g(kUint8Model);
  ASSERT_TRUE(g.ok());
  g.FeedImage();
  g.Run(0, 1);
  g.ExpectOneRequantization(56);
}

TEST(TfliteGoldenUint8, Op1FirstDepthwise) {
  Golden g(kUint8Model);
  ASSERT_TRUE(g.ok());
  g.Feed(56, g.Reference(56));
  g.Run(1, 2);
  g.ExpectOneRequantization(58);
}

TEST(TfliteGoldenUint8, Op2FirstProjection) {
  Golden g(kUint8Model);
  ASSERT_TRUE(g.ok());
  g.Feed(58, g.Reference(58));
  g.Run(2, 3);
  g.ExpectOneRequantization(60);
}

TEST(TfliteGoldenUint8, Op63Logits) {
  Golden g(kUint8Model);
  ASSERT_TRUE(g.ok());
  g.Feed(169, g.Reference(169));
  g.Run(63, 64);
  g.ExpectOneRequantization(171);
}

TEST(TfliteGoldenUint8, Op65Softmax) {
  Golden g(kUint8Model);
  ASSERT_TRUE(g.ok());
  g.Feed(171, g.Reference(171));  // RESHAPE (op 64) aliases 171 and 172
  g.Run(64, 66);
  EXPECT_LE(g.Compare(173).max, 1);
}

TEST(TfliteGoldenUint8, WholeNetworkStatistics) {
  Golden g(kUint8Model);
  ASSERT_TRUE(g.ok());
  g.FeedImage();
  g.Run(0, g.model_->num_ops);
  const auto add = g.Compare(73);  // first residual ADD (op 9)
  EXPECT_LT(add.mean_abs, 0.2);
  EXPECT_LE(add.max, 4);
  const auto pooled = g.Compare(169);  // AVERAGE_POOL_2D (op 62)
  EXPECT_LT(pooled.mean_abs, 2.0);
}
