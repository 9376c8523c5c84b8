// tools/tflite: SUB, MAXIMUM, MINIMUM and MEAN. Single-op models written by
// the test builder, run through the runtime and compared bit for bit with
// naive references of TensorFlow Lite 2.9's definitions written here:
//   SUB      sub.cc: its ADD arithmetic with input2's quantized multiplier
//            negated (tflite-requantization-reference.h), numpy broadcasting,
//            fused activations; also with --requantization fp32 (xqnn's add
//            with input2's ratio negated)
//   MAXIMUM / MINIMUM  maximum_minimum.cc: comparison of the stored values
//   MEAN     reduce.cc / reference_ops: integer mean (sum / n, truncated)
//            when input and output share scale and zero point, else
//            QuantizedMeanOrSum in float; any axes, negative and repeated
//            axes, keep_dims or not
// Models the loader must reject (bad axes, types, shapes, options) fail
// cleanly. Then two chains of these ops against TensorFlow Lite 2.9's own
// outputs (test/data/golden/binary-mean-*, scripts/make-golden.sh tflite-binary-mean).
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
#include "tflite-requantization-reference.h"
#include "tflite-test-util.h"

namespace tb = tflite_builder;

namespace {

using xqt_test::ActivationRange;
using xqt_test::RunModel;
using xqt_test::LoadError;

std::vector<uint8_t> RandomBytes(size_t n, std::mt19937& rng) {
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

int32_t Value(uint8_t v, bool is_signed) { return is_signed ? static_cast<int8_t>(v) : v; }

size_t Elements(const std::vector<int32_t>& shape) {
  size_t n = 1;
  for (int32_t d : shape) n *= static_cast<size_t>(d);
  return n;
}

// Numpy broadcasting of two shapes: the output shape, and for each output
// element the offsets into both inputs.
std::vector<int32_t> Broadcast(const std::vector<int32_t>& a, const std::vector<int32_t>& b,
                               std::vector<std::pair<size_t, size_t>>* offsets) {
  const size_t rank = std::max(a.size(), b.size());
  std::vector<int32_t> sa(rank, 1), sb(rank, 1), so(rank);
  std::copy(a.begin(), a.end(), sa.begin() + (rank - a.size()));
  std::copy(b.begin(), b.end(), sb.begin() + (rank - b.size()));
  for (size_t d = 0; d < rank; d++) so[d] = sa[d] == 1 ? sb[d] : sa[d];
  const size_t total = Elements(so);
  offsets->assign(total, {0, 0});
  for (size_t i = 0; i < total; i++) {
    size_t rem = i, oa = 0, ob = 0, st_a = 1, st_b = 1;
    for (size_t d = rank; d-- > 0;) {
      const size_t index = rem % so[d];
      rem /= so[d];
      oa += (sa[d] == 1 ? 0 : index) * st_a;
      ob += (sb[d] == 1 ? 0 : index) * st_b;
      st_a *= sa[d];
      st_b *= sb[d];
    }
    (*offsets)[i] = {oa, ob};
  }
  return so;
}

struct Quant {
  float scale;
  int64_t zero_point;
};

// ---- SUB, MAXIMUM, MINIMUM ----

enum class Binary { kSub, kMaximum, kMinimum };

// One binary op on (input, constant or second use of input). Input 0 is the
// model input of shape `sa`; input 1 is a constant of shape `sb` (random data).
struct BinaryCase {
  Binary op;
  bool is_signed;
  std::vector<int32_t> sa, sb;
  Quant qa, qb, qo;
  int activation;
  bool constant_first;  // the constant is input 1 of the op (else input 2)
};

void CheckBinary(const BinaryCase& c, std::mt19937& rng, size_t threads = 0, bool fp32 = false) {
  const int8_t type = c.is_signed ? tb::kInt8 : tb::kUInt8;
  std::vector<std::pair<size_t, size_t>> offsets;
  const std::vector<int32_t> so = Broadcast(c.constant_first ? c.sb : c.sa, c.constant_first ? c.sa : c.sb, &offsets);
  const std::vector<uint8_t> x = RandomBytes(Elements(c.sa), rng);
  const std::vector<uint8_t> k = RandomBytes(Elements(c.sb), rng);
  tb::ModelSpec spec;
  spec.tensors.push_back({c.sa, type, {}, {c.qa.scale}, {c.qa.zero_point}, 0, "input"});
  spec.tensors.push_back({c.sb, type, k, {c.qb.scale}, {c.qb.zero_point}, 0, "constant"});
  spec.tensors.push_back({so, type, {}, {c.qo.scale}, {c.qo.zero_point}, 0, "output"});
  const std::vector<int32_t> inputs = c.constant_first ? std::vector<int32_t>{1, 0} : std::vector<int32_t>{0, 1};
  if (c.op == Binary::kSub) {
    auto options = tb::Table();
    tb::Scalar<int8_t>(options, XQT_SUB_ACTIVATION, static_cast<int8_t>(c.activation));
    spec.ops.push_back({XQT_OP_SUB, inputs, {2}, XQT_OPTIONS_SUB, options});
  } else {
    spec.ops.push_back({c.op == Binary::kMaximum ? XQT_OP_MAXIMUM : XQT_OP_MINIMUM, inputs, {2},
                        XQT_OPTIONS_MAXIMUM_MINIMUM, tb::Table()});
  }
  spec.inputs = {0};
  spec.outputs = {2};
  const std::vector<uint8_t>& a = c.constant_first ? k : x;
  const std::vector<uint8_t>& b = c.constant_first ? x : k;
  const Quant& q1 = c.constant_first ? c.qb : c.qa;
  const Quant& q2 = c.constant_first ? c.qa : c.qb;
  int32_t lo, hi;
  ActivationRange(c.activation, c.is_signed, c.qo.scale, (int32_t) c.qo.zero_point, &lo, &hi);
  std::vector<uint8_t> expected(offsets.size());
  for (size_t i = 0; i < offsets.size(); i++) {
    const int32_t va = Value(a[offsets[i].first], c.is_signed), vb = Value(b[offsets[i].second], c.is_signed);
    int32_t y;
    if (c.op == Binary::kMaximum) {
      y = std::max(va, vb);
    } else if (c.op == Binary::kMinimum) {
      y = std::min(va, vb);
    } else if (fp32) {
      // xqnn's add with input2's ratio negated, each step rounded to float.
      volatile float ratio_a = q1.scale / c.qo.scale, ratio_b = -(q2.scale / c.qo.scale);
      volatile float term_a = (float) (va - (int32_t) q1.zero_point) * ratio_a;
      volatile float term_b = (float) (vb - (int32_t) q2.zero_point) * ratio_b;
      float sum = term_a + term_b;
      sum = std::min(std::max(sum, (float) (lo - c.qo.zero_point)), (float) (hi - c.qo.zero_point));
      y = (int32_t) std::nearbyint(sum) + (int32_t) c.qo.zero_point;
    } else {
      y = tflite_reference::Sub(va, vb, (int32_t) q1.zero_point, (int32_t) q2.zero_point, q1.scale, q2.scale,
                                c.qo.scale, (int32_t) c.qo.zero_point, lo, hi);
    }
    expected[i] = static_cast<uint8_t>(y);
  }
  EXPECT_EQ(RunModel(spec, x, threads, fp32), expected)
      << "op " << (int) c.op << (c.is_signed ? " int8" : " uint8") << " activation " << c.activation
      << (fp32 ? " fp32" : "") << (c.constant_first ? " constant first" : "");
}

std::vector<int32_t> RandomShape(std::mt19937& rng, size_t rank) {
  std::uniform_int_distribution<int32_t> dim(1, 7);
  std::vector<int32_t> s(rank);
  for (auto& d : s) d = dim(rng);
  return s;
}

// A shape broadcastable against `s`: some dimensions 1, some leading ones dropped.
std::vector<int32_t> BroadcastPartner(const std::vector<int32_t>& s, std::mt19937& rng) {
  std::vector<int32_t> p = s;
  for (auto& d : p) {
    if (rng() % 3 == 0) d = 1;
  }
  p.erase(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(rng() % (p.size() + 1)));
  return p;
}

Quant RandomQuant(std::mt19937& rng, bool is_signed) {
  std::uniform_real_distribution<float> log_scale(-8.0f, 0.0f);
  std::uniform_int_distribution<int32_t> zp(is_signed ? -128 : 0, is_signed ? 127 : 255);
  return {std::exp2(log_scale(rng)), zp(rng)};
}

TEST(TfliteBinary, SubRandomShapesQuantizationsAndActivations) {
  std::mt19937 rng(1);
  for (int iteration = 0; iteration < 160; iteration++) {
    BinaryCase c;
    c.op = Binary::kSub;
    c.is_signed = iteration % 2 == 0;
    c.sa = RandomShape(rng, 1 + rng() % 4);
    c.sb = BroadcastPartner(c.sa, rng);
    c.qa = RandomQuant(rng, c.is_signed);
    c.qb = RandomQuant(rng, c.is_signed);
    c.qo = RandomQuant(rng, c.is_signed);
    if (iteration % 5 == 0) {  // halfway results: (a' - b') / 2
      c.qa.scale = c.qb.scale = 1.0f;
      c.qo.scale = 2.0f;
    }
    c.activation = static_cast<int>(iteration % 4);  // NONE, RELU, RELU_N1_TO_1, RELU6
    c.constant_first = iteration % 3 == 0;
    CheckBinary(c, rng, iteration % 7 == 0 ? 2 : 0);
    CheckBinary(c, rng, 0, /*fp32=*/true);
    if (HasFailure()) return;
  }
}

TEST(TfliteBinary, MaximumMinimumRandomShapes) {
  std::mt19937 rng(2);
  for (int iteration = 0; iteration < 120; iteration++) {
    BinaryCase c;
    c.op = iteration % 2 == 0 ? Binary::kMaximum : Binary::kMinimum;
    c.is_signed = (iteration / 2) % 2 == 0;
    c.sa = RandomShape(rng, 1 + rng() % 5);
    c.sb = BroadcastPartner(c.sa, rng);
    c.qa = c.qb = c.qo = RandomQuant(rng, c.is_signed);
    if (iteration % 4 == 3) c.qb = RandomQuant(rng, c.is_signed);  // TFLite compares stored values regardless
    c.activation = XQT_ACTIVATION_NONE;
    c.constant_first = iteration % 3 == 0;
    CheckBinary(c, rng, iteration % 5 == 0 ? 2 : 0);
    if (HasFailure()) return;
  }
}

// ---- MEAN ----

struct MeanCase {
  bool is_signed;
  std::vector<int32_t> shape;
  std::vector<int32_t> axes;
  bool keep_dims;
  Quant qi, qo;
};

// TFLite 2.9's reference MEAN (reduce.h Mean / QuantizedMeanOrSum), from its definition.
std::vector<uint8_t> ReferenceMean(const MeanCase& c, const std::vector<uint8_t>& x, std::vector<int32_t>* out_shape) {
  const size_t rank = c.shape.size();
  std::vector<bool> reduced(rank, false);
  for (int32_t a : c.axes) reduced[a < 0 ? a + (int32_t) rank : a] = true;
  out_shape->clear();
  size_t count = 1;
  for (size_t d = 0; d < rank; d++) {
    if (reduced[d]) {
      count *= c.shape[d];
      if (c.keep_dims) out_shape->push_back(1);
    } else {
      out_shape->push_back(c.shape[d]);
    }
  }
  // Sums per output: walk the input, map each element to its output index.
  std::vector<int32_t> sums(x.size() / count, 0);
  for (size_t i = 0; i < x.size(); i++) {
    size_t rem = i, out_index = 0, out_stride = 1;
    for (size_t d = rank; d-- > 0;) {
      const size_t index = rem % c.shape[d];
      rem /= c.shape[d];
      if (!reduced[d]) {
        out_index += index * out_stride;
        out_stride *= c.shape[d];
      }
    }
    sums[out_index] += Value(x[i], c.is_signed);
  }
  const bool same = c.qi.scale == c.qo.scale && c.qi.zero_point == c.qo.zero_point;
  const float qmin = c.is_signed ? -128.0f : 0.0f, qmax = c.is_signed ? 127.0f : 255.0f;
  std::vector<uint8_t> y(sums.size());
  for (size_t o = 0; o < sums.size(); o++) {
    int32_t q;
    if (same) {
      q = sums[o] / static_cast<int32_t>(count);
    } else {
      const volatile float scale = c.qi.scale / c.qo.scale;
      const volatile float bias = -static_cast<int32_t>(c.qi.zero_point) * scale;
      const volatile float mean = static_cast<float>(sums[o]) / static_cast<float>(count);
      const volatile float scaled = mean * scale;
      const volatile float shifted = scaled + bias;
      float r = std::round(static_cast<float>(shifted)) + static_cast<int32_t>(c.qo.zero_point);
      r = std::max(std::min(r, qmax), qmin);
      q = static_cast<int32_t>(r);
    }
    y[o] = static_cast<uint8_t>(q);
  }
  return y;
}

tb::NodePtr MeanOptions(bool keep_dims) {
  auto options = tb::Table();
  tb::Scalar<uint8_t>(options, XQT_REDUCER_KEEP_DIMS, keep_dims ? 1 : 0);
  return options;
}

tb::ModelSpec MeanModel(const MeanCase& c, const std::vector<int32_t>& out_shape) {
  const int8_t type = c.is_signed ? tb::kInt8 : tb::kUInt8;
  tb::ModelSpec spec;
  spec.tensors.push_back({c.shape, type, {}, {c.qi.scale}, {c.qi.zero_point}, 0, "input"});
  spec.tensors.push_back({{(int32_t) c.axes.size()}, tb::kInt32, tb::Raw(c.axes), {}, {}, 0, "axes"});
  spec.tensors.push_back({out_shape, type, {}, {c.qo.scale}, {c.qo.zero_point}, 0, "output"});
  spec.ops.push_back({XQT_OP_MEAN, {0, 1}, {2}, XQT_OPTIONS_REDUCER, MeanOptions(c.keep_dims)});
  spec.inputs = {0};
  spec.outputs = {2};
  return spec;
}

void CheckMean(const MeanCase& c, std::mt19937& rng) {
  const std::vector<uint8_t> x = RandomBytes(Elements(c.shape), rng);
  std::vector<int32_t> out_shape;
  const std::vector<uint8_t> expected = ReferenceMean(c, x, &out_shape);
  std::string axes;
  for (int32_t a : c.axes) axes += std::to_string(a) + " ";
  EXPECT_EQ(RunModel(MeanModel(c, out_shape), x), expected)
      << (c.is_signed ? "int8" : "uint8") << " rank " << c.shape.size() << " axes " << axes
      << (c.keep_dims ? "keep_dims" : "") << " scales " << c.qi.scale << " " << c.qo.scale;
}

TEST(TfliteMean, AnyAxesBothPaths) {
  std::mt19937 rng(3);
  for (int iteration = 0; iteration < 300; iteration++) {
    MeanCase c;
    c.is_signed = iteration % 2 == 0;
    c.shape = RandomShape(rng, 1 + rng() % 6);
    const int32_t rank = (int32_t) c.shape.size();
    const size_t num_axes = 1 + rng() % (c.shape.size() + 1);  // repeats possible
    for (size_t i = 0; i < num_axes; i++) {
      const int32_t a = (int32_t) (rng() % (uint32_t) rank);
      c.axes.push_back(rng() % 2 == 0 ? a : a - rank);  // negative axes count from the end
    }
    c.keep_dims = rng() % 2 == 0;
    c.qi = RandomQuant(rng, c.is_signed);
    // A third of the cases share the quantization: TFLite's integer mean.
    c.qo = iteration % 3 == 0 ? c.qi : RandomQuant(rng, c.is_signed);
    if (iteration % 3 == 1) c.qo.scale = c.qi.scale;  // float path with ratio 1
    CheckMean(c, rng);
    if (HasFailure()) return;
  }
}

// The one case TFLite handles with its special kernel (rank 4, keep_dims,
// axes exactly {1, 2}) maps onto global average pooling; written as negative
// axes, or without keep_dims, it takes the reference path.
TEST(TfliteMean, HeightWidthVariantsTakeTheReferencePath) {
  std::mt19937 rng(4);
  for (bool is_signed : {true, false}) {
    for (const auto& axes : {std::vector<int32_t>{-3, -2}, std::vector<int32_t>{1, 2}, std::vector<int32_t>{2, 1, 2}}) {
      for (bool keep_dims : {true, false}) {
        if (keep_dims && axes.size() == 2 && axes[0] == 1) continue;  // the pooling case
        MeanCase c{is_signed, {2, 5, 7, 9}, axes, keep_dims, RandomQuant(rng, is_signed), RandomQuant(rng, is_signed)};
        CheckMean(c, rng);
      }
    }
  }
}

// ---- Models the loader must reject ----

TEST(TfliteBinaryMeanHostile, BadModelsFailCleanly) {
  std::mt19937 rng(5);
  auto binary = [&](int32_t opcode, std::vector<int32_t> sa, std::vector<int32_t> sb, std::vector<int32_t> so,
                    int8_t type_b, int8_t type_o, int activation, uint8_t options_type) {
    tb::ModelSpec spec;
    spec.tensors.push_back({sa, tb::kInt8, {}, {0.1f}, {0}, 0, "a"});
    spec.tensors.push_back({sb, type_b, RandomBytes(Elements(sb) * (type_b == tb::kFloat32 ? 4 : 1), rng),
                            {0.1f}, {0}, 0, "b"});
    spec.tensors.push_back({so, type_o, {}, {0.1f}, {0}, 0, "out"});
    auto options = tb::Table();
    if (opcode == XQT_OP_SUB) tb::Scalar<int8_t>(options, XQT_SUB_ACTIVATION, static_cast<int8_t>(activation));
    spec.ops.push_back({opcode, {0, 1}, {2}, options_type, options});
    spec.inputs = {0};
    spec.outputs = {2};
    return spec;
  };
  for (int32_t opcode : {XQT_OP_SUB, XQT_OP_MAXIMUM, XQT_OP_MINIMUM}) {
    const uint8_t ot = opcode == XQT_OP_SUB ? XQT_OPTIONS_SUB : XQT_OPTIONS_MAXIMUM_MINIMUM;
    EXPECT_EQ(LoadError(binary(opcode, {2, 3}, {3}, {2, 3}, tb::kInt8, tb::kInt8, 0, ot)), "");
    // Incompatible shapes, wrong output shape or rank, mixed types, float tensors, wrong options type.
    EXPECT_NE(LoadError(binary(opcode, {2, 3}, {2}, {2, 3}, tb::kInt8, tb::kInt8, 0, ot)), "");
    EXPECT_NE(LoadError(binary(opcode, {2, 3}, {3}, {2, 4}, tb::kInt8, tb::kInt8, 0, ot)), "");
    EXPECT_NE(LoadError(binary(opcode, {2, 3}, {3}, {1, 2, 3}, tb::kInt8, tb::kInt8, 0, ot)), "");
    EXPECT_NE(LoadError(binary(opcode, {2, 3}, {3}, {2, 3}, tb::kUInt8, tb::kInt8, 0, ot)), "");
    EXPECT_NE(LoadError(binary(opcode, {2, 3}, {3}, {2, 3}, tb::kInt8, tb::kUInt8, 0, ot)), "");
    EXPECT_NE(LoadError(binary(opcode, {2, 3}, {3}, {2, 3}, tb::kFloat32, tb::kInt8, 0, ot)), "");
    EXPECT_NE(LoadError(binary(opcode, {2, 3}, {3}, {2, 3}, tb::kInt8, tb::kInt8, 0, XQT_OPTIONS_ADD + 1)), "");
  }
  // SUB: unsupported fused activations (TANH, SIGN_BIT, out of the enum).
  for (int activation : {4, 5, 17, -1}) {
    EXPECT_NE(LoadError(binary(XQT_OP_SUB, {2, 3}, {3}, {2, 3}, tb::kInt8, tb::kInt8, activation, XQT_OPTIONS_SUB)), "")
        << activation;
  }
  // SUB: a quantization whose TFLite multipliers are out of range (output scale far below the inputs').
  {
    tb::ModelSpec spec = binary(XQT_OP_SUB, {2, 3}, {3}, {2, 3}, tb::kInt8, tb::kInt8, 0, XQT_OPTIONS_SUB);
    spec.tensors[2].scales = {1e-9f};
    EXPECT_NE(LoadError(spec), "");
  }

  auto mean = [&](std::vector<int32_t> shape, std::vector<uint8_t> axes_data, int8_t axes_type,
                  std::vector<int32_t> axes_shape, std::vector<int32_t> out_shape, bool keep_dims, bool constant_axes) {
    tb::ModelSpec spec;
    spec.tensors.push_back({shape, tb::kInt8, {}, {0.1f}, {0}, 0, "input"});
    spec.tensors.push_back({axes_shape, axes_type, constant_axes ? axes_data : std::vector<uint8_t>{}, {}, {}, 0, "axes"});
    spec.tensors.push_back({out_shape, tb::kInt8, {}, {0.2f}, {1}, 0, "out"});
    spec.ops.push_back({XQT_OP_MEAN, {0, 1}, {2}, XQT_OPTIONS_REDUCER, MeanOptions(keep_dims)});
    spec.inputs = {0};
    spec.outputs = {2};
    return spec;
  };
  const auto axes32 = [](std::vector<int32_t> a) { return tb::Raw(a); };
  EXPECT_EQ(LoadError(mean({2, 3, 4}, axes32({-1}), tb::kInt32, {1}, {2, 3}, false, true)), "");
  EXPECT_EQ(LoadError(mean({2, 3, 4}, axes32({0, 2, -1}), tb::kInt32, {3}, {1, 3, 1}, true, true)), "");
  // Axes out of range (both signs), INT64 / UINT8 axes, non-constant axes,
  // output shapes that are not the reduction's (keep_dims mismatch too).
  EXPECT_NE(LoadError(mean({2, 3, 4}, axes32({3}), tb::kInt32, {1}, {2, 3}, false, true)), "");
  EXPECT_NE(LoadError(mean({2, 3, 4}, axes32({-4}), tb::kInt32, {1}, {2, 3}, false, true)), "");
  EXPECT_NE(LoadError(mean({2, 3, 4}, axes32({INT32_MIN}), tb::kInt32, {1}, {2, 3}, false, true)), "");
  EXPECT_NE(LoadError(mean({2, 3, 4}, tb::Raw(std::vector<int64_t>{2}), 4, {1}, {2, 3}, false, true)), "");
  EXPECT_NE(LoadError(mean({2, 3, 4}, {2}, tb::kUInt8, {1}, {2, 3}, false, true)), "");
  EXPECT_NE(LoadError(mean({2, 3, 4}, axes32({2}), tb::kInt32, {1}, {2, 3}, false, false)), "");
  EXPECT_NE(LoadError(mean({2, 3, 4}, axes32({2}), tb::kInt32, {1}, {2, 3, 1}, false, true)), "");
  EXPECT_NE(LoadError(mean({2, 3, 4}, axes32({2}), tb::kInt32, {1}, {2, 3}, true, true)), "");
  EXPECT_NE(LoadError(mean({2, 3, 4}, axes32({1}), tb::kInt32, {1}, {2, 3}, false, true)), "");
  // The pooling case with a bad output shape is rejected too.
  EXPECT_NE(LoadError(mean({1, 3, 4, 5}, axes32({1, 2}), tb::kInt32, {2}, {1, 1, 1, 4}, true, true)), "");
}

}  // namespace

// ---- Against TensorFlow Lite 2.9's own outputs ----
// Two chains of every op above, written by the builder and checked in as
// test/data/golden/binary-mean-{int8,uint8}.tflite, with every output
// TensorFlow Lite 2.9's C library (npm tfjs-tflite-node) computed for them in
// binary-mean-*.out.bin; scripts/make-golden.sh tflite-binary-mean regenerates both.

namespace {

tb::NodePtr SubOptions(int activation) {
  auto options = tb::Table();
  tb::Scalar<int8_t>(options, XQT_SUB_ACTIVATION, static_cast<int8_t>(activation));
  return options;
}

// x -> SUB(x, c1) RELU -> MAXIMUM(., x) -> MINIMUM(c2, .) -> SUB(., x) = t4;
// outputs t4 and MEAN of t4 over {3} (float path), {0, -2} keep_dims (integer
// path: same quantization), {1, 2} without keep_dims (reference path).
tb::ModelSpec GoldenChain(bool is_signed) {
  const int8_t type = is_signed ? tb::kInt8 : tb::kUInt8;
  const int64_t o = is_signed ? 0 : 128;  // zero-point offset of uint8
  std::mt19937 rng(is_signed ? 11 : 12);
  tb::ModelSpec spec;
  spec.tensors.push_back({{2, 5, 6, 8}, type, {}, {0.05f}, {o - 3}, 0, "input"});                // 0
  spec.tensors.push_back({{8}, type, RandomBytes(8, rng), {0.03f}, {o + 5}, 0, "c1"});           // 1
  spec.tensors.push_back({{2, 5, 6, 8}, type, {}, {0.06f}, {o - 10}, 0, "t1"});                  // 2
  spec.tensors.push_back({{2, 5, 6, 8}, type, {}, {0.06f}, {o - 10}, 0, "t2"});                  // 3
  spec.tensors.push_back({{1, 5, 1, 1}, type, RandomBytes(5, rng), {0.06f}, {o - 10}, 0, "c2"});  // 4
  spec.tensors.push_back({{2, 5, 6, 8}, type, {}, {0.06f}, {o - 10}, 0, "t3"});                  // 5
  spec.tensors.push_back({{2, 5, 6, 8}, type, {}, {0.08f}, {o + 2}, 0, "t4"});                   // 6
  spec.tensors.push_back({{1}, tb::kInt32, tb::Raw(std::vector<int32_t>{3}), {}, {}, 0, "axes1"});           // 7
  spec.tensors.push_back({{2, 5, 6}, type, {}, {0.02f}, {o + 1}, 0, "m1"});                                // 8
  spec.tensors.push_back({{2}, tb::kInt32, tb::Raw(std::vector<int32_t>{0, -2}), {}, {}, 0, "axes2"});     // 9
  spec.tensors.push_back({{1, 5, 1, 8}, type, {}, {0.08f}, {o + 2}, 0, "m2"});                             // 10
  spec.tensors.push_back({{2}, tb::kInt32, tb::Raw(std::vector<int32_t>{1, 2}), {}, {}, 0, "axes3"});      // 11
  spec.tensors.push_back({{2, 8}, type, {}, {0.03f}, {o}, 0, "m3"});                                       // 12
  spec.ops.push_back({XQT_OP_SUB, {0, 1}, {2}, XQT_OPTIONS_SUB, SubOptions(XQT_ACTIVATION_RELU)});
  spec.ops.push_back({XQT_OP_MAXIMUM, {2, 0}, {3}, XQT_OPTIONS_MAXIMUM_MINIMUM, tb::Table()});
  spec.ops.push_back({XQT_OP_MINIMUM, {4, 3}, {5}, XQT_OPTIONS_MAXIMUM_MINIMUM, tb::Table()});
  spec.ops.push_back({XQT_OP_SUB, {5, 0}, {6}, XQT_OPTIONS_SUB, SubOptions(is_signed ? XQT_ACTIVATION_NONE : XQT_ACTIVATION_RELU6)});
  spec.ops.push_back({XQT_OP_MEAN, {6, 7}, {8}, XQT_OPTIONS_REDUCER, MeanOptions(false)});
  spec.ops.push_back({XQT_OP_MEAN, {6, 9}, {10}, XQT_OPTIONS_REDUCER, MeanOptions(true)});
  spec.ops.push_back({XQT_OP_MEAN, {6, 11}, {12}, XQT_OPTIONS_REDUCER, MeanOptions(false)});
  spec.inputs = {0};
  spec.outputs = {6, 8, 10, 12};
  return spec;
}

}  // namespace

TEST(TfliteBinaryMeanGolden, MatchesTensorFlowLite29) {
  const char* write_dir = std::getenv("XQT_WRITE_GOLDEN_DIR");
  for (bool is_signed : {true, false}) {
    const std::string name = is_signed ? "int8" : "uint8";
    const tb::ModelSpec spec = GoldenChain(is_signed);
    const std::vector<uint8_t> bytes = tb::Build(spec);
    const std::string base = "golden/binary-mean-" + name;
    if (write_dir != nullptr) {
      // scripts/make-golden.sh tflite-binary-mean: write the models, TFLite computes the outputs.
      std::ofstream(std::string(write_dir) + "/binary-mean-" + name + ".tflite", std::ios::binary)
          .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
      continue;
    }
    ASSERT_EQ(xqt_test::ReadFile(xqt_test::DataPath(base + ".tflite")), bytes)
        << base << ".tflite is not the model this test builds: run scripts/make-golden.sh tflite-binary-mean";
    const std::vector<uint8_t> expected = xqt_test::ReadFile(xqt_test::DataPath(base + ".out.bin"));
    ASSERT_FALSE(expected.empty());
    const std::vector<uint8_t> input = xqt_test::ReferenceInput(Elements(spec.tensors[0].shape));
    EXPECT_EQ(RunModel(spec, input), expected) << name;
    EXPECT_EQ(RunModel(spec, input, 2), expected) << name << ", 2 threads";
  }
}
