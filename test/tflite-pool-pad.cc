// tools/tflite: MAX_POOL_2D, PAD, PADV2 and MIRROR_PAD models written by the
// test builder, run through the runtime and compared with naive references of
// TensorFlow Lite's definitions (tensorflow/lite/kernels/internal/reference:
// MaxPool and Pad / MirrorPad), bit for bit: max pooling and padding move
// stored values, so there is no rounding question. Checks int8 and uint8,
// SAME and VALID padding with strides, every fused activation, INT32 and
// INT64 paddings, the PAD value (the output zero point) and the PADV2
// constant, REFLECT and SYMMETRIC mirroring, and a PAD -> MAX_POOL_2D chain;
// then two chains of these ops against TensorFlow Lite 2.9's own outputs.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
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

using xqt_test::ActivationRange;
using xqt_test::RunModel;

constexpr int8_t kInt64 = 4;  // TensorType INT64 (the builder names the others)

std::vector<uint8_t> RandomBytes(size_t n, std::mt19937& rng) {
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

int32_t Value(uint8_t v, bool is_signed) { return is_signed ? static_cast<int8_t>(v) : v; }

struct Pool {
  int n, h, w, c, filter_h, filter_w, stride_h, stride_w;
  int8_t padding;
  int activation;
};

// TFLite's reference MaxPool: SAME padding from ComputePaddingHeightWidth,
// taps clipped to the image, max starting at the type's lowest value, then
// the activation clamp.
std::vector<uint8_t> ReferenceMaxPool(const Pool& p, bool is_signed, float scale, int32_t zp,
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
  int32_t lo, hi;
  ActivationRange(p.activation, is_signed, scale, zp, &lo, &hi);
  std::vector<uint8_t> y(static_cast<size_t>(p.n) * *out_h * *out_w * p.c);
  for (int b = 0; b < p.n; b++) {
    for (int oy = 0; oy < *out_h; oy++) {
      for (int ox = 0; ox < *out_w; ox++) {
        const int y0 = oy * p.stride_h - pad_h, x0 = ox * p.stride_w - pad_w;
        for (int ch = 0; ch < p.c; ch++) {
          int32_t m = is_signed ? -128 : 0;
          for (int fy = std::max(0, -y0); fy < std::min(p.filter_h, p.h - y0); fy++) {
            for (int fx = std::max(0, -x0); fx < std::min(p.filter_w, p.w - x0); fx++) {
              m = std::max(m, Value(x[((static_cast<size_t>(b) * p.h + y0 + fy) * p.w + x0 + fx) * p.c + ch], is_signed));
            }
          }
          y[((static_cast<size_t>(b) * *out_h + oy) * *out_w + ox) * p.c + ch] =
              static_cast<uint8_t>(std::min(std::max(m, lo), hi));
        }
      }
    }
  }
  return y;
}

void CheckMaxPool(const Pool& p, bool is_signed, std::mt19937& rng, size_t threads = 0) {
  const int8_t type = is_signed ? tb::kInt8 : tb::kUInt8;
  const float scale = 0.037f;
  const int64_t zp = is_signed ? -7 : 131;
  const std::vector<uint8_t> x = RandomBytes(static_cast<size_t>(p.n) * p.h * p.w * p.c, rng);
  int out_h, out_w;
  const std::vector<uint8_t> expected = ReferenceMaxPool(p, is_signed, scale, (int32_t) zp, x, &out_h, &out_w);
  tb::ModelSpec spec;
  spec.tensors.push_back({{p.n, p.h, p.w, p.c}, type, {}, {scale}, {zp}, 0, "input"});
  spec.tensors.push_back({{p.n, out_h, out_w, p.c}, type, {}, {scale}, {zp}, 0, "output"});
  auto options = tb::Table();
  tb::Scalar<int8_t>(options, XQT_POOL_PADDING, p.padding);
  tb::Scalar<int32_t>(options, XQT_POOL_STRIDE_W, p.stride_w);
  tb::Scalar<int32_t>(options, XQT_POOL_STRIDE_H, p.stride_h);
  tb::Scalar<int32_t>(options, XQT_POOL_FILTER_W, p.filter_w);
  tb::Scalar<int32_t>(options, XQT_POOL_FILTER_H, p.filter_h);
  tb::Scalar<int8_t>(options, XQT_POOL_ACTIVATION, static_cast<int8_t>(p.activation));
  spec.ops.push_back({XQT_OP_MAX_POOL_2D, {0}, {1}, XQT_OPTIONS_POOL_2D, options});
  spec.inputs = {0};
  spec.outputs = {1};
  const std::vector<uint8_t> y = RunModel(spec, x, threads);
  ASSERT_EQ(y, expected) << (is_signed ? "int8" : "uint8") << " input " << p.n << "x" << p.h << "x" << p.w << "x"
                         << p.c << " filter " << p.filter_h << "x" << p.filter_w << " stride " << p.stride_h << "x"
                         << p.stride_w << " padding " << (int) p.padding << " activation " << p.activation;
}

}  // namespace

TEST(TfliteMaxPool, ShapesPaddingsAndActivations) {
  std::mt19937 rng(21);
  const Pool shapes[] = {
      {1, 8, 8, 3, 2, 2, 2, 2, XQT_PADDING_VALID, XQT_ACTIVATION_NONE},
      {1, 7, 9, 16, 3, 3, 2, 2, XQT_PADDING_SAME, XQT_ACTIVATION_NONE},
      {2, 5, 6, 33, 3, 2, 1, 2, XQT_PADDING_SAME, XQT_ACTIVATION_RELU},
      {1, 13, 13, 8, 3, 3, 2, 2, XQT_PADDING_VALID, XQT_ACTIVATION_RELU6},
      {1, 4, 4, 5, 4, 4, 1, 1, XQT_PADDING_VALID, XQT_ACTIVATION_RELU_N1_TO_1},  // pooling == input
      {1, 6, 5, 1, 1, 1, 3, 2, XQT_PADDING_SAME, XQT_ACTIVATION_NONE},           // 1x1, stride above filter
      {3, 2, 3, 64, 5, 5, 1, 1, XQT_PADDING_SAME, XQT_ACTIVATION_RELU},          // filter above input (SAME)
  };
  for (bool is_signed : {true, false}) {
    for (const Pool& p : shapes) CheckMaxPool(p, is_signed, rng);
  }
}

TEST(TfliteMaxPool, Threads) {
  std::mt19937 rng(22);
  CheckMaxPool({2, 17, 15, 24, 3, 3, 2, 2, XQT_PADDING_SAME, XQT_ACTIVATION_NONE}, true, rng, 2);
  CheckMaxPool({2, 17, 15, 24, 3, 3, 2, 2, XQT_PADDING_SAME, XQT_ACTIVATION_RELU6}, false, rng, 3);
}

namespace {

struct PadCase {
  std::vector<int32_t> shape;
  std::vector<int64_t> paddings;  // [rank][2]
};

// TFLite's Pad / MirrorPad reference, per output element. mode: -1 constant,
// 0 REFLECT (offset 1: the edge is not repeated), 1 SYMMETRIC (offset 0).
std::vector<uint8_t> ReferencePad(const PadCase& c, int mode, uint8_t value, const std::vector<uint8_t>& x,
                                  std::vector<int32_t>* out_shape) {
  const size_t rank = c.shape.size();
  out_shape->resize(rank);
  size_t total = 1;
  for (size_t d = 0; d < rank; d++) total *= (*out_shape)[d] = c.shape[d] + (int32_t) (c.paddings[2 * d] + c.paddings[2 * d + 1]);
  std::vector<uint8_t> y(total);
  for (size_t e = 0; e < total; e++) {
    size_t index = e, offset = 0, stride = 1;
    bool padding = false;
    for (size_t d = rank; d-- > 0;) {
      const int64_t i = (int64_t) (index % (*out_shape)[d]) - c.paddings[2 * d];
      index /= (*out_shape)[d];
      const int64_t n = c.shape[d];
      int64_t s = i;
      if (i < 0 || i >= n) {
        if (mode < 0) padding = true;
        const int64_t offset_mode = mode == 0 ? 1 : 0;
        s = i < 0 ? -i - 1 + offset_mode : 2 * n - 1 - i - offset_mode;
      }
      offset += (size_t) std::max<int64_t>(s, 0) * stride;
      stride *= (size_t) n;
    }
    y[e] = padding ? value : x[offset];
  }
  return y;
}

// opcode PAD / PADV2 (with `constant` >= 0: the PADV2 value tensor) / MIRROR_PAD.
void CheckPad(const PadCase& c, int32_t opcode, bool is_signed, int8_t paddings_type, int mirror_mode, int constant,
              std::mt19937& rng) {
  const int8_t type = is_signed ? tb::kInt8 : tb::kUInt8;
  const float scale = 0.11f;
  const int64_t zp = is_signed ? 17 : 200;
  size_t in_total = 1;
  for (int32_t d : c.shape) in_total *= (size_t) d;
  const std::vector<uint8_t> x = RandomBytes(in_total, rng);
  std::vector<int32_t> out_shape;
  const uint8_t value = constant >= 0 ? (uint8_t) constant : (uint8_t) zp;
  const int mode = opcode == XQT_OP_MIRROR_PAD ? mirror_mode : -1;
  const std::vector<uint8_t> expected = ReferencePad(c, mode, value, x, &out_shape);
  tb::ModelSpec spec;
  spec.tensors.push_back({c.shape, type, {}, {scale}, {zp}, 0, "input"});
  std::vector<uint8_t> paddings;
  if (paddings_type == kInt64) {
    paddings = tb::Raw(c.paddings);
  } else {
    paddings = tb::Raw(std::vector<int32_t>(c.paddings.begin(), c.paddings.end()));
  }
  spec.tensors.push_back({{(int32_t) c.shape.size(), 2}, paddings_type, paddings, {}, {}, 0, "paddings"});
  spec.tensors.push_back({out_shape, type, {}, {scale}, {zp}, 0, "output"});
  std::vector<int32_t> inputs = {0, 1};
  if (constant >= 0) {
    spec.tensors.push_back({{1}, type, {value}, {scale}, {zp}, 0, "constant"});
    inputs.push_back(3);
  }
  tb::NodePtr options;
  uint8_t options_type = 0;
  if (opcode == XQT_OP_MIRROR_PAD) {
    options = tb::Table();
    tb::Scalar<int8_t>(options, XQT_MIRROR_PAD_MODE, (int8_t) mirror_mode);
    options_type = XQT_OPTIONS_MIRROR_PAD;
  }
  spec.ops.push_back({opcode, inputs, {2}, options_type, options});
  spec.inputs = {0};
  spec.outputs = {2};
  const std::vector<uint8_t> y = RunModel(spec, x);
  ASSERT_EQ(y, expected) << "opcode " << opcode << (is_signed ? " int8" : " uint8") << " rank " << c.shape.size()
                         << " mode " << mode;
}

const PadCase kPadCases[] = {
    {{1, 5, 6, 3}, {0, 0, 1, 2, 2, 1, 0, 0}},   // spatial padding of an NHWC image
    {{2, 3, 4, 7}, {0, 0, 0, 0, 0, 0, 1, 2}},   // channels only
    {{3, 4, 2}, {1, 1, 0, 2, 1, 0}},            // every dimension
    {{5}, {2, 3}},
    {{2, 1, 3, 2, 2}, {0, 1, 0, 0, 2, 2, 1, 0, 0, 1}},  // rank 5
    {{4, 4}, {0, 0, 0, 0}},                     // no padding: a copy
};

}  // namespace

TEST(TflitePad, PadUsesTheOutputZeroPoint) {
  std::mt19937 rng(31);
  for (bool is_signed : {true, false}) {
    for (int8_t paddings_type : {(int8_t) tb::kInt32, kInt64}) {
      for (const PadCase& c : kPadCases) CheckPad(c, XQT_OP_PAD, is_signed, paddings_type, 0, -1, rng);
    }
  }
}

TEST(TflitePad, PadV2UsesItsConstant) {
  std::mt19937 rng(32);
  for (bool is_signed : {true, false}) {
    for (const PadCase& c : kPadCases) {
      CheckPad(c, XQT_OP_PADV2, is_signed, tb::kInt32, 0, 1 + (int) (rng() % 250), rng);
      CheckPad(c, XQT_OP_PADV2, is_signed, kInt64, 0, -1, rng);  // no value: the zero point, as PAD
    }
  }
}

TEST(TflitePad, MirrorPadReflectAndSymmetric) {
  std::mt19937 rng(33);
  const PadCase cases[] = {
      {{1, 5, 6, 3}, {0, 0, 2, 2, 3, 1, 0, 0}},
      {{3, 4, 2}, {1, 2, 0, 3, 1, 1}},
      {{5}, {4, 4}},
  };
  for (bool is_signed : {true, false}) {
    for (const PadCase& c : cases) {
      CheckPad(c, XQT_OP_MIRROR_PAD, is_signed, tb::kInt32, XQT_MIRROR_PAD_REFLECT, -1, rng);
      CheckPad(c, XQT_OP_MIRROR_PAD, is_signed, kInt64, XQT_MIRROR_PAD_SYMMETRIC, -1, rng);
    }
  }
  CheckPad({{2, 3}, {2, 2, 3, 3}}, XQT_OP_MIRROR_PAD, true, tb::kInt32, XQT_MIRROR_PAD_SYMMETRIC, -1, rng);
}

// PAD then MAX_POOL_2D VALID: the pattern of models that pad explicitly
// before pooling; checks the planner hands the padded tensor over.
TEST(TflitePad, PadThenMaxPool) {
  std::mt19937 rng(34);
  for (bool is_signed : {true, false}) {
    const int8_t type = is_signed ? tb::kInt8 : tb::kUInt8;
    const int64_t zp = is_signed ? -100 : 30;
    const std::vector<uint8_t> x = RandomBytes(1 * 6 * 6 * 4, rng);
    std::vector<int32_t> padded_shape;
    const PadCase c{{1, 6, 6, 4}, {0, 0, 1, 1, 1, 1, 0, 0}};
    const std::vector<uint8_t> padded = ReferencePad(c, -1, (uint8_t) zp, x, &padded_shape);
    int out_h, out_w;
    const Pool p{1, 8, 8, 4, 3, 3, 2, 2, XQT_PADDING_VALID, XQT_ACTIVATION_NONE};
    const std::vector<uint8_t> expected = ReferenceMaxPool(p, is_signed, 0.5f, (int32_t) zp, padded, &out_h, &out_w);
    tb::ModelSpec spec;
    spec.tensors.push_back({{1, 6, 6, 4}, type, {}, {0.5f}, {zp}, 0, "input"});
    spec.tensors.push_back({{4, 2}, tb::kInt32, tb::Raw(std::vector<int32_t>{0, 0, 1, 1, 1, 1, 0, 0}), {}, {}, 0, "paddings"});
    spec.tensors.push_back({padded_shape, type, {}, {0.5f}, {zp}, 0, "padded"});
    spec.tensors.push_back({{1, out_h, out_w, 4}, type, {}, {0.5f}, {zp}, 0, "output"});
    auto options = tb::Table();
    tb::Scalar<int8_t>(options, XQT_POOL_PADDING, XQT_PADDING_VALID);
    tb::Scalar<int32_t>(options, XQT_POOL_STRIDE_W, 2);
    tb::Scalar<int32_t>(options, XQT_POOL_STRIDE_H, 2);
    tb::Scalar<int32_t>(options, XQT_POOL_FILTER_W, 3);
    tb::Scalar<int32_t>(options, XQT_POOL_FILTER_H, 3);
    spec.ops.push_back({XQT_OP_PAD, {0, 1}, {2}, 0, nullptr});
    spec.ops.push_back({XQT_OP_MAX_POOL_2D, {2}, {3}, XQT_OPTIONS_POOL_2D, options});
    spec.inputs = {0};
    spec.outputs = {3};
    EXPECT_EQ(RunModel(spec, x), expected) << (is_signed ? "int8" : "uint8");
  }
}

// ---- Golden data from TensorFlow Lite 2.9 ----
// Two chains of every op above, written by the builder and checked in as
// test/data/golden/pool-pad-{int8,uint8}.tflite, with the output TensorFlow
// Lite 2.9's C library (npm tfjs-tflite-node) computed for them in
// pool-pad-*.out.bin; scripts/make-golden.sh tflite-pool-pad regenerates both.

namespace {

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

tb::NodePtr MirrorOptions(int mode) {
  auto options = tb::Table();
  tb::Scalar<int8_t>(options, XQT_MIRROR_PAD_MODE, static_cast<int8_t>(mode));
  return options;
}

// int8: PAD -> MAX_POOL_2D 3x3/2 SAME RELU6 -> PADV2 (constant -20)
// -> MIRROR_PAD REFLECT -> MAX_POOL_2D 2x3 / 1x2 VALID RELU.
tb::ModelSpec GoldenInt8() {
  const float s = 0.05f;
  const std::vector<int64_t> zp = {-3};
  tb::ModelSpec spec;
  spec.tensors.push_back({{1, 9, 10, 5}, tb::kInt8, {}, {s}, zp, 0, "input"});
  spec.tensors.push_back({{4, 2}, tb::kInt32, tb::Raw(std::vector<int32_t>{0, 0, 1, 2, 2, 1, 0, 0}), {}, {}, 0, "pad0"});
  spec.tensors.push_back({{1, 12, 13, 5}, tb::kInt8, {}, {s}, zp, 0, "padded"});
  spec.tensors.push_back({{1, 6, 7, 5}, tb::kInt8, {}, {s}, zp, 0, "pooled"});
  // INT32 paddings: TFLite 2.9's PAD / PADV2 read INT64 paddings as pairs of
  // int32 (and so pad other dimensions than the model says); xqnn-tflite reads
  // them as INT64 (TflitePad tests above), MIRROR_PAD in 2.9 does too.
  spec.tensors.push_back({{4, 2}, tb::kInt32, tb::Raw(std::vector<int32_t>{0, 0, 1, 0, 0, 1, 0, 2}), {}, {}, 0, "pad1"});
  spec.tensors.push_back({{1}, tb::kInt8, {static_cast<uint8_t>(-20)}, {s}, zp, 0, "value"});
  spec.tensors.push_back({{1, 7, 8, 7}, tb::kInt8, {}, {s}, zp, 0, "padded_v2"});
  spec.tensors.push_back({{4, 2}, tb::kInt32, tb::Raw(std::vector<int32_t>{0, 0, 2, 1, 1, 2, 0, 0}), {}, {}, 0, "pad2"});
  spec.tensors.push_back({{1, 10, 11, 7}, tb::kInt8, {}, {s}, zp, 0, "mirrored"});
  spec.tensors.push_back({{1, 9, 5, 7}, tb::kInt8, {}, {s}, zp, 0, "output"});
  spec.ops.push_back({XQT_OP_PAD, {0, 1}, {2}, 0, nullptr});
  spec.ops.push_back({XQT_OP_MAX_POOL_2D, {2}, {3}, XQT_OPTIONS_POOL_2D,
                      PoolOptions(XQT_PADDING_SAME, 3, 3, 2, 2, XQT_ACTIVATION_RELU6)});
  spec.ops.push_back({XQT_OP_PADV2, {3, 4, 5}, {6}, 0, nullptr});
  spec.ops.push_back({XQT_OP_MIRROR_PAD, {6, 7}, {8}, XQT_OPTIONS_MIRROR_PAD, MirrorOptions(XQT_MIRROR_PAD_REFLECT)});
  spec.ops.push_back({XQT_OP_MAX_POOL_2D, {8}, {9}, XQT_OPTIONS_POOL_2D,
                      PoolOptions(XQT_PADDING_VALID, 2, 3, 1, 2, XQT_ACTIVATION_RELU)});
  spec.inputs = {0};
  spec.outputs = {9};
  return spec;
}

// uint8, batch 2: MIRROR_PAD SYMMETRIC (INT64) -> MAX_POOL_2D 2x2/2 VALID ->
// PAD (channels too) -> MAX_POOL_2D 3x3/1 SAME RELU_N1_TO_1.
tb::ModelSpec GoldenUint8() {
  const float s = 0.02f;
  const std::vector<int64_t> zp = {140};
  tb::ModelSpec spec;
  spec.tensors.push_back({{2, 6, 7, 3}, tb::kUInt8, {}, {s}, zp, 0, "input"});
  spec.tensors.push_back({{4, 2}, kInt64, tb::Raw(std::vector<int64_t>{0, 0, 3, 1, 0, 2, 0, 0}), {}, {}, 0, "pad0"});
  spec.tensors.push_back({{2, 10, 9, 3}, tb::kUInt8, {}, {s}, zp, 0, "mirrored"});
  spec.tensors.push_back({{2, 5, 4, 3}, tb::kUInt8, {}, {s}, zp, 0, "pooled"});
  spec.tensors.push_back({{4, 2}, tb::kInt32, tb::Raw(std::vector<int32_t>{0, 0, 1, 1, 1, 1, 1, 0}), {}, {}, 0, "pad1"});
  spec.tensors.push_back({{2, 7, 6, 4}, tb::kUInt8, {}, {s}, zp, 0, "padded"});
  spec.tensors.push_back({{2, 7, 6, 4}, tb::kUInt8, {}, {s}, zp, 0, "output"});
  spec.ops.push_back({XQT_OP_MIRROR_PAD, {0, 1}, {2}, XQT_OPTIONS_MIRROR_PAD, MirrorOptions(XQT_MIRROR_PAD_SYMMETRIC)});
  spec.ops.push_back({XQT_OP_MAX_POOL_2D, {2}, {3}, XQT_OPTIONS_POOL_2D,
                      PoolOptions(XQT_PADDING_VALID, 2, 2, 2, 2, XQT_ACTIVATION_NONE)});
  spec.ops.push_back({XQT_OP_PAD, {3, 4}, {5}, 0, nullptr});
  spec.ops.push_back({XQT_OP_MAX_POOL_2D, {5}, {6}, XQT_OPTIONS_POOL_2D,
                      PoolOptions(XQT_PADDING_SAME, 3, 3, 1, 1, XQT_ACTIVATION_RELU_N1_TO_1)});
  spec.inputs = {0};
  spec.outputs = {6};
  return spec;
}

}  // namespace

TEST(TflitePoolPadGolden, MatchesTensorFlowLite29) {
  const std::pair<const char*, tb::ModelSpec> models[] = {{"int8", GoldenInt8()}, {"uint8", GoldenUint8()}};
  const char* write_dir = std::getenv("XQT_WRITE_GOLDEN_DIR");
  for (const auto& [name, spec] : models) {
    const std::vector<uint8_t> bytes = tb::Build(spec);
    const std::string base = std::string("golden/pool-pad-") + name;
    if (write_dir != nullptr) {
      // scripts/make-golden.sh tflite-pool-pad: write the models, TFLite computes the outputs.
      std::ofstream(std::string(write_dir) + "/pool-pad-" + name + ".tflite", std::ios::binary)
          .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
      continue;
    }
    ASSERT_EQ(xqt_test::ReadFile(xqt_test::DataPath(base + ".tflite")), bytes)
        << base << ".tflite is not the model this test builds: run scripts/make-golden.sh tflite-pool-pad";
    const tb::TensorSpec& input = spec.tensors[spec.inputs[0]];
    size_t n = 1;
    for (int32_t d : input.shape) n *= static_cast<size_t>(d);
    const std::vector<uint8_t> expected = xqt_test::ReadFile(xqt_test::DataPath(base + ".out.bin"));
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(RunModel(spec, xqt_test::ReferenceInput(n)), expected) << name;
    EXPECT_EQ(RunModel(spec, xqt_test::ReferenceInput(n), 2), expected) << name << ", 2 threads";
  }
}
