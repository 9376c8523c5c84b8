// tools/tflite: SLICE, STRIDED_SLICE, TRANSPOSE, SPLIT, SPLIT_V, CONCATENATION
// (copy path), CAST and ARG_MAX models written by the test builder, run
// through the runtime and compared with naive references of TensorFlow Lite's
// definitions (reference_ops::StridedSlice with StartForAxis / StopForAxis,
// Slice, Transpose, Split, Concatenation, Cast's static_cast, ArgMinMax with
// std::greater), bit for bit; then hostile options (clean load errors).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
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
using xqt_test::LoadError;

using Shape = std::vector<int32_t>;

size_t Elements(const Shape& s) {
  size_t n = 1;
  for (int32_t d : s) n *= static_cast<size_t>(d);
  return n;
}

size_t TypeSize(int8_t type) { return type == tb::kInt8 || type == tb::kUInt8 ? 1 : type == tb::kInt64 ? 8 : 4; }

std::vector<uint8_t> RandomBytes(size_t n, std::mt19937& rng) {
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

tb::TensorSpec Activation(const Shape& shape, int8_t type, const std::string& name) {
  tb::TensorSpec t{shape, type, {}, {}, {}, 0, name};
  if (type == tb::kInt8 || type == tb::kUInt8) {
    t.scales = {0.25f};
    t.zero_points = {type == tb::kInt8 ? -7 : 131};
  }
  return t;
}

tb::TensorSpec Int32Constant(const std::vector<int32_t>& values, const std::string& name, bool scalar = false) {
  return {scalar ? Shape{} : Shape{static_cast<int32_t>(values.size())}, tb::kInt32, tb::Raw(values), {}, {}, 0, name};
}

// Row-major offset of a multi-index.
size_t Offset(const Shape& shape, const std::vector<int64_t>& index) {
  size_t offset = 0;
  for (size_t d = 0; d < shape.size(); d++) offset = offset * shape[d] + static_cast<size_t>(index[d]);
  return offset;
}

// The element gathered by `source` for each output multi-index, element by element.
template <typename F>
std::vector<uint8_t> Gather(const Shape& out_shape, const Shape& in_shape, size_t element, const std::vector<uint8_t>& x,
                            F source) {
  const size_t n = Elements(out_shape);
  std::vector<uint8_t> y(n * element);
  std::vector<int64_t> index(out_shape.size());
  for (size_t e = 0; e < n; e++) {
    size_t rest = e;
    for (size_t d = out_shape.size(); d-- > 0;) {
      index[d] = static_cast<int64_t>(rest % out_shape[d]);
      rest /= out_shape[d];
    }
    std::memcpy(&y[e * element], &x[Offset(in_shape, source(index)) * element], element);
  }
  return y;
}

// ---- STRIDED_SLICE and SLICE ----

struct StridedSlice {
  Shape in;
  std::vector<int32_t> begin, end, strides;
  int32_t begin_mask = 0, end_mask = 0, shrink_mask = 0;
};

// TFLite 2.9's StartForAxis / StopForAxis.
void StartStop(const StridedSlice& s, size_t d, int64_t* start, int64_t* stop) {
  const int64_t n = s.in[d], stride = s.strides[d];
  auto clamp = [&](int64_t v) { return stride > 0 ? std::clamp<int64_t>(v, 0, n) : std::clamp<int64_t>(v, -1, n - 1); };
  int64_t b = s.begin[d];
  if (s.begin_mask >> d & 1) b = stride > 0 ? std::numeric_limits<int32_t>::lowest() : std::numeric_limits<int32_t>::max();
  if (b < 0) b += n;
  *start = clamp(b);
  if (s.shrink_mask >> d & 1) {
    *stop = *start + 1;
    return;
  }
  int64_t e = s.end[d];
  if (s.end_mask >> d & 1) e = stride > 0 ? std::numeric_limits<int32_t>::max() : std::numeric_limits<int32_t>::lowest();
  if (e < 0) e += n;
  *stop = clamp(e);
}

tb::ModelSpec StridedSliceModel(const StridedSlice& s, int8_t type, Shape* out_shape) {
  Shape full;
  out_shape->clear();
  for (size_t d = 0; d < s.in.size(); d++) {
    int64_t start, stop;
    StartStop(s, d, &start, &stop);
    const int64_t stride = s.strides[d];
    const int64_t count = stride > 0 ? std::max<int64_t>(0, (stop - start + stride - 1) / stride)
                                     : std::max<int64_t>(0, (start - stop - stride - 1) / -stride);
    full.push_back(static_cast<int32_t>(count));
    if (!(s.shrink_mask >> d & 1)) out_shape->push_back(static_cast<int32_t>(count));
  }
  tb::ModelSpec spec;
  spec.tensors = {Activation(s.in, type, "input"), Int32Constant(s.begin, "begin"), Int32Constant(s.end, "end"),
                  Int32Constant(s.strides, "strides"), Activation(*out_shape, type, "output")};
  auto options = tb::Table();
  tb::Scalar<int32_t>(options, XQT_STRIDED_SLICE_BEGIN_MASK, s.begin_mask);
  tb::Scalar<int32_t>(options, XQT_STRIDED_SLICE_END_MASK, s.end_mask);
  tb::Scalar<int32_t>(options, XQT_STRIDED_SLICE_SHRINK_AXIS_MASK, s.shrink_mask);
  spec.ops.push_back({XQT_OP_STRIDED_SLICE, {0, 1, 2, 3}, {4}, XQT_OPTIONS_STRIDED_SLICE, options});
  spec.inputs = {0};
  spec.outputs = {4};
  return spec;
}

void CheckStridedSlice(const StridedSlice& s, int8_t type, std::mt19937& rng) {
  Shape out_shape;
  const tb::ModelSpec spec = StridedSliceModel(s, type, &out_shape);
  Shape full;  // the output before shrinking
  std::vector<int64_t> starts;
  for (size_t d = 0; d < s.in.size(); d++) {
    int64_t start, stop;
    StartStop(s, d, &start, &stop);
    starts.push_back(start);
  }
  const size_t element = TypeSize(type);
  const std::vector<uint8_t> x = RandomBytes(Elements(s.in) * element, rng);
  // Output index over the kept dimensions; shrunk ones sit at their start.
  const std::vector<uint8_t> expected = Gather(out_shape, s.in, element, x, [&](const std::vector<int64_t>& o) {
    std::vector<int64_t> i(s.in.size());
    for (size_t d = 0, k = 0; d < s.in.size(); d++) {
      i[d] = starts[d] + ((s.shrink_mask >> d & 1) ? 0 : o[k++] * s.strides[d]);
    }
    return i;
  });
  EXPECT_EQ(RunModel(spec, x), expected) << "type " << int(type);
  EXPECT_EQ(RunModel(spec, x, 2), expected) << "type " << int(type) << ", 2 threads";
}

TEST(TfliteCopyOps, StridedSlice) {
  std::mt19937 rng(1);
  const std::vector<StridedSlice> cases = {
      {{1, 8, 8, 6}, {0, 0, 0, 0}, {1, 8, 8, 4}, {1, 1, 1, 1}},                       // channel window
      {{1, 8, 9, 3}, {0, 1, 0, 0}, {1, 8, 9, 3}, {1, 2, 3, 1}},                       // subsampling
      {{2, 5, 7}, {0, -1, 6}, {2, -6, -8}, {1, -1, -2}, 0, 0, 0},                     // reversed, negative indices
      {{2, 5, 7}, {5, 3, 2}, {2, 0, 0}, {1, 1, 1}, 0b001, 0b110, 0},                 // masks override begin / end
      {{3, 5, 7}, {-1, 0, 2}, {0, 5, 0}, {1, 1, -1}, 0, 0b100, 0b001},                // shrink with a negative begin
      {{4, 6}, {2, 0}, {3, 6}, {1, 2}, 0, 0, 0b011},                                  // every axis shrunk but one kept...
      {{1, 4, 4, 2}, {0, 3, 0, 1}, {1, 0, 4, 2}, {1, -1, 1, 1}, 0, 0b0010, 0b1001},   // MoveNet-like
      {{6}, {0}, {6}, {2}},
  };
  for (int8_t type : {tb::kInt8, tb::kUInt8, tb::kInt32, tb::kFloat32}) {
    for (const StridedSlice& s : cases) CheckStridedSlice(s, type, rng);
  }
}

TEST(TfliteCopyOps, Slice) {
  std::mt19937 rng(2);
  struct Case {
    Shape in;
    std::vector<int32_t> begin, size;
  };
  const std::vector<Case> cases = {
      {{1, 8, 8, 6}, {0, 2, 1, 0}, {1, -1, 5, 3}}, {{5}, {4}, {1}}, {{2, 3, 4, 5, 6}, {1, 0, 2, 1, 0}, {1, 3, 2, -1, 6}}};
  for (int8_t type : {tb::kInt8, tb::kUInt8, tb::kInt32, tb::kFloat32}) {
    for (bool int64_indices : {false, true}) {
      for (const Case& c : cases) {
        Shape out;
        for (size_t d = 0; d < c.in.size(); d++) out.push_back(c.size[d] == -1 ? c.in[d] - c.begin[d] : c.size[d]);
        tb::ModelSpec spec;
        spec.tensors = {Activation(c.in, type, "input"), Int32Constant(c.begin, "begin"), Int32Constant(c.size, "size"),
                        Activation(out, type, "output")};
        if (int64_indices) {
          for (int k : {1, 2}) {
            const std::vector<int32_t>& v = k == 1 ? c.begin : c.size;
            spec.tensors[k].type = tb::kInt64;
            spec.tensors[k].data = tb::Raw(std::vector<int64_t>(v.begin(), v.end()));
          }
        }
        spec.ops.push_back({XQT_OP_SLICE, {0, 1, 2}, {3}, 0, nullptr});
        spec.inputs = {0};
        spec.outputs = {3};
        const size_t element = TypeSize(type);
        const std::vector<uint8_t> x = RandomBytes(Elements(c.in) * element, rng);
        const std::vector<uint8_t> expected = Gather(out, c.in, element, x, [&](const std::vector<int64_t>& o) {
          std::vector<int64_t> i(o);
          for (size_t d = 0; d < i.size(); d++) i[d] += c.begin[d];
          return i;
        });
        EXPECT_EQ(RunModel(spec, x), expected);
      }
    }
  }
}

// ---- TRANSPOSE ----

TEST(TfliteCopyOps, Transpose) {
  std::mt19937 rng(3);
  const std::vector<std::pair<Shape, std::vector<int32_t>>> cases = {
      {{1, 8, 8, 5}, {0, 3, 1, 2}}, {{2, 3, 4, 5, 2}, {4, 2, 0, 3, 1}}, {{33, 70}, {1, 0}}, {{3, 1, 4}, {2, 1, 0}},
      {{2, 2, 2, 2, 2, 3}, {5, 0, 4, 1, 3, 2}}};
  for (int8_t type : {tb::kInt8, tb::kUInt8, tb::kInt32, tb::kFloat32}) {
    for (const auto& [in, perm] : cases) {
      if (in.size() == 6 && type != tb::kInt8 && type != tb::kUInt8) continue;  // rank 7 in bytes: rejected below
      Shape out;
      for (int32_t p : perm) out.push_back(in[p]);
      tb::ModelSpec spec;
      spec.tensors = {Activation(in, type, "input"), Int32Constant(perm, "perm"), Activation(out, type, "output")};
      spec.ops.push_back({XQT_OP_TRANSPOSE, {0, 1}, {2}, 0, nullptr});
      spec.inputs = {0};
      spec.outputs = {2};
      const size_t element = TypeSize(type);
      const std::vector<uint8_t> x = RandomBytes(Elements(in) * element, rng);
      const std::vector<uint8_t> expected = Gather(out, in, element, x, [&](const std::vector<int64_t>& o) {
        std::vector<int64_t> i(o.size());
        for (size_t d = 0; d < o.size(); d++) i[perm[d]] = o[d];
        return i;
      });
      EXPECT_EQ(RunModel(spec, x), expected);
      EXPECT_EQ(RunModel(spec, x, 2), expected);
    }
  }
}

// ---- SPLIT, SPLIT_V, CONCATENATION ----

// The parts of x (shape `in`) along `axis` of the given sizes, concatenated.
std::vector<uint8_t> ReferenceSplit(const Shape& in, size_t axis, const std::vector<int32_t>& sizes, size_t element,
                                    const std::vector<uint8_t>& x) {
  std::vector<uint8_t> all;
  int32_t start = 0;
  for (int32_t size : sizes) {
    Shape part = in;
    part[axis] = size;
    const std::vector<uint8_t> y = Gather(part, in, element, x, [&](const std::vector<int64_t>& o) {
      std::vector<int64_t> i(o);
      i[axis] += start;
      return i;
    });
    all.insert(all.end(), y.begin(), y.end());
    start += size;
  }
  return all;
}

tb::ModelSpec SplitModel(const Shape& in, int32_t axis, const std::vector<int32_t>& sizes, bool v, int8_t type) {
  tb::ModelSpec spec;
  spec.tensors = {Activation(in, type, "input"), Int32Constant({axis}, "axis", /*scalar=*/true)};
  if (v) spec.tensors.push_back(Int32Constant(sizes, "size_splits"));
  std::vector<int32_t> outputs;
  const size_t positive_axis = axis < 0 ? axis + in.size() : axis;
  int32_t known = 0;
  for (int32_t s : sizes) known += s == -1 ? 0 : s;
  for (int32_t s : sizes) {
    Shape part = in;
    if (positive_axis < in.size()) part[positive_axis] = s == -1 ? in[positive_axis] - known : s;  // else: a bad axis
    outputs.push_back(static_cast<int32_t>(spec.tensors.size()));
    spec.tensors.push_back(Activation(part, type, "part"));
  }
  auto options = tb::Table();
  tb::Scalar<int32_t>(options, XQT_SPLIT_NUM_SPLITS, static_cast<int32_t>(sizes.size()));
  if (v) {
    spec.ops.push_back({XQT_OP_SPLIT_V, {0, 2, 1}, outputs, XQT_OPTIONS_SPLIT_V, options});
  } else {
    spec.ops.push_back({XQT_OP_SPLIT, {1, 0}, outputs, XQT_OPTIONS_SPLIT, options});
  }
  spec.inputs = {0};
  spec.outputs = outputs;
  return spec;
}

TEST(TfliteCopyOps, SplitAndSplitV) {
  std::mt19937 rng(4);
  for (int8_t type : {tb::kInt8, tb::kUInt8, tb::kInt32, tb::kFloat32}) {
    struct Case {
      Shape in;
      int32_t axis;
      std::vector<int32_t> sizes;
      bool v;
    };
    const std::vector<Case> cases = {
        {{1, 8, 8, 6}, 3, {2, 2, 2}, false}, {{1, 8, 8, 6}, -1, {4, -1}, true}, {{6, 5}, 0, {1, 3, 2}, true},
        {{4, 3, 2}, 1, {3}, false},          {{2, 9, 2}, -2, {-1, 2, 3}, true}};
    for (const Case& c : cases) {
      const size_t axis = c.axis < 0 ? c.axis + c.in.size() : c.axis;
      std::vector<int32_t> sizes = c.sizes;
      int32_t known = 0;
      for (int32_t s : sizes) known += s == -1 ? 0 : s;
      for (int32_t& s : sizes) {
        if (s == -1) s = c.in[axis] - known;
      }
      if (!c.v) sizes.assign(c.sizes[0] == 0 ? 1 : c.sizes.size(), c.in[axis] / static_cast<int32_t>(c.sizes.size()));
      const size_t element = TypeSize(type);
      const std::vector<uint8_t> x = RandomBytes(Elements(c.in) * element, rng);
      const tb::ModelSpec spec = SplitModel(c.in, c.axis, c.sizes, c.v, type);
      const std::vector<uint8_t> expected = ReferenceSplit(c.in, axis, sizes, element, x);
      EXPECT_EQ(RunModel(spec, x), expected);
      EXPECT_EQ(RunModel(spec, x, 2), expected);
    }
  }
}

// CONCATENATION of inputs quantized as the output runs on concatenate_nd_x8:
// a SPLIT_V whose parts are concatenated in another order (and along another
// axis through a second split) must give those parts back.
TEST(TfliteCopyOps, ConcatenationOfEquallyQuantizedInputs) {
  std::mt19937 rng(5);
  for (int8_t type : {tb::kInt8, tb::kUInt8}) {
    const Shape in = {2, 4, 5, 6};
    tb::ModelSpec spec = SplitModel(in, 3, {1, 3, 2}, /*v=*/true, type);
    // Outputs 3, 4, 5 are [2,4,5,1], [2,4,5,3], [2,4,5,2]: concatenate as 5, 3, 4.
    spec.tensors.push_back(Activation({2, 4, 5, 6}, type, "joined"));
    auto options = tb::Table();
    tb::Scalar<int32_t>(options, XQT_CONCAT_AXIS, -1);
    spec.ops.push_back({XQT_OP_CONCATENATION, {5, 3, 4}, {6}, XQT_OPTIONS_CONCATENATION, options});
    spec.outputs = {6};
    const std::vector<uint8_t> x = RandomBytes(Elements(in), rng);
    const std::vector<uint8_t> parts = ReferenceSplit(in, 3, {1, 3, 2}, 1, x);
    const size_t rows = 2 * 4 * 5;
    std::vector<uint8_t> expected;
    for (size_t r = 0; r < rows; r++) {
      expected.insert(expected.end(), parts.begin() + rows * 4 + r * 2, parts.begin() + rows * 4 + r * 2 + 2);
      expected.push_back(parts[r]);
      expected.insert(expected.end(), parts.begin() + rows + r * 3, parts.begin() + rows + r * 3 + 3);
    }
    EXPECT_EQ(RunModel(spec, x), expected);
    EXPECT_EQ(RunModel(spec, x, 2), expected);
  }
}

// ---- CAST and ARG_MAX ----

template <typename T>
T ElementAt(const std::vector<uint8_t>& bytes, size_t i) {
  T v;
  std::memcpy(&v, &bytes[i * sizeof(T)], sizeof(T));
  return v;
}

// static_cast<To>(from), with x86's results where C++ leaves it undefined.
template <typename From, typename To>
To Cast(From v) {
  if constexpr (std::is_floating_point_v<From> && !std::is_floating_point_v<To>) {
    const int32_t i = (v >= -2147483648.0f && v < 2147483648.0f) ? static_cast<int32_t>(v) : INT32_MIN;
    return static_cast<To>(i);
  } else {
    return static_cast<To>(v);
  }
}

template <typename From, typename To>
std::vector<uint8_t> ReferenceCast(const std::vector<uint8_t>& x) {
  const size_t n = x.size() / sizeof(From);
  std::vector<uint8_t> y(n * sizeof(To));
  for (size_t i = 0; i < n; i++) {
    const To v = Cast<From, To>(ElementAt<From>(x, i));
    std::memcpy(&y[i * sizeof(To)], &v, sizeof(To));
  }
  return y;
}

template <typename From, typename To>
void CheckCast(int8_t from, int8_t to, const std::vector<uint8_t>& x) {
  const Shape shape = {static_cast<int32_t>(x.size() / sizeof(From))};
  tb::ModelSpec spec;
  spec.tensors = {{shape, from, {}, {}, {}, 0, "input"}, {shape, to, {}, {}, {}, 0, "output"}};
  auto options = tb::Table();
  tb::Scalar<int8_t>(options, XQT_CAST_IN_DATA_TYPE, from);
  tb::Scalar<int8_t>(options, XQT_CAST_OUT_DATA_TYPE, to);
  spec.ops.push_back({XQT_OP_CAST, {0}, {1}, XQT_OPTIONS_CAST, options});
  spec.inputs = {0};
  spec.outputs = {1};
  EXPECT_EQ(RunModel(spec, x), (ReferenceCast<From, To>(x))) << int(from) << " -> " << int(to);
}

TEST(TfliteCopyOps, Cast) {
  std::mt19937 rng(6);
  std::vector<uint8_t> bytes = RandomBytes(256, rng);
  std::vector<uint8_t> ints = RandomBytes(4 * 64, rng);
  std::vector<float> floats = {0.0f, -0.0f, 0.5f, -0.5f, 1.99f, -1.99f, 127.5f, 255.9f, 256.0f, -129.0f, 1e9f, -3e9f,
                               3e9f, INFINITY, -INFINITY, NAN, 2147483520.0f, -2147483648.0f};
  for (int i = 0; i < 40; i++) floats.push_back(std::uniform_real_distribution<float>(-70000.0f, 70000.0f)(rng));
  const std::vector<uint8_t> float_bytes = tb::Raw(floats);
  CheckCast<uint8_t, int32_t>(tb::kUInt8, tb::kInt32, bytes);
  CheckCast<uint8_t, float>(tb::kUInt8, tb::kFloat32, bytes);
  CheckCast<uint8_t, int8_t>(tb::kUInt8, tb::kInt8, bytes);
  CheckCast<int8_t, uint8_t>(tb::kInt8, tb::kUInt8, bytes);
  CheckCast<int8_t, int32_t>(tb::kInt8, tb::kInt32, bytes);
  CheckCast<int8_t, float>(tb::kInt8, tb::kFloat32, bytes);
  CheckCast<int32_t, float>(tb::kInt32, tb::kFloat32, ints);
  CheckCast<int32_t, uint8_t>(tb::kInt32, tb::kUInt8, ints);
  CheckCast<int32_t, int8_t>(tb::kInt32, tb::kInt8, ints);
  CheckCast<float, int32_t>(tb::kFloat32, tb::kInt32, float_bytes);
  CheckCast<float, uint8_t>(tb::kFloat32, tb::kUInt8, float_bytes);
  CheckCast<float, int8_t>(tb::kFloat32, tb::kInt8, float_bytes);
  CheckCast<float, float>(tb::kFloat32, tb::kFloat32, float_bytes);
}

template <typename T>
std::vector<uint8_t> ReferenceArgMax(const Shape& in, size_t axis, const std::vector<uint8_t>& x, bool int64) {
  size_t outer = 1, inner = 1;
  for (size_t d = 0; d < axis; d++) outer *= in[d];
  for (size_t d = axis + 1; d < in.size(); d++) inner *= in[d];
  std::vector<uint8_t> y;
  for (size_t o = 0; o < outer; o++) {
    for (size_t j = 0; j < inner; j++) {
      T best = ElementAt<T>(x, o * in[axis] * inner + j);
      int64_t index = 0;
      for (int64_t c = 1; c < in[axis]; c++) {
        const T v = ElementAt<T>(x, (o * in[axis] + c) * inner + j);
        if (std::greater<T>()(v, best)) best = v, index = c;
      }
      const std::vector<uint8_t> bytes = int64 ? tb::Raw(std::vector<int64_t>{index})
                                               : tb::Raw(std::vector<int32_t>{static_cast<int32_t>(index)});
      y.insert(y.end(), bytes.begin(), bytes.end());
    }
  }
  return y;
}

TEST(TfliteCopyOps, ArgMax) {
  std::mt19937 rng(7);
  for (int8_t type : {tb::kInt8, tb::kUInt8, tb::kInt32, tb::kFloat32}) {
    for (int8_t output_type : {tb::kInt32, tb::kInt64}) {
      for (const auto& [in, axis] : std::vector<std::pair<Shape, int32_t>>{{{1, 4, 64}, 2}, {{2, 7, 3}, 1}, {{5, 3}, -2},
                                                                            {{9}, 0}, {{1, 1, 4, 2}, 2}}) {
        const size_t positive = axis < 0 ? axis + in.size() : axis;
        Shape out;
        for (size_t d = 0; d < in.size(); d++) {
          if (d != positive) out.push_back(in[d]);
        }
        std::vector<uint8_t> x = RandomBytes(Elements(in) * TypeSize(type), rng);
        if (type == tb::kFloat32) {  // small integers: many ties
          for (size_t i = 0; i < Elements(in); i++) {
            const float v = static_cast<float>(static_cast<int>(rng() % 5) - 2);
            std::memcpy(&x[4 * i], &v, 4);
          }
        } else if (type == tb::kInt32) {
          for (size_t i = 0; i < Elements(in); i++) x[4 * i + 3] = static_cast<uint8_t>(rng() % 2 ? 0 : 0xff);
        } else {
          for (auto& b : x) b &= 0x83;  // ties
        }
        tb::ModelSpec spec;
        spec.tensors = {Activation(in, type, "input"), Int32Constant({axis}, "axis"), {out, output_type, {}, {}, {}, 0, "index"}};
        auto options = tb::Table();
        tb::Scalar<int8_t>(options, XQT_ARG_MAX_OUTPUT_TYPE, output_type);
        spec.ops.push_back({XQT_OP_ARG_MAX, {0, 1}, {2}, XQT_OPTIONS_ARG_MAX, options});
        spec.inputs = {0};
        spec.outputs = {2};
        const bool int64 = output_type == tb::kInt64;
        std::vector<uint8_t> expected;
        switch (type) {
          case tb::kInt8: expected = ReferenceArgMax<int8_t>(in, positive, x, int64); break;
          case tb::kUInt8: expected = ReferenceArgMax<uint8_t>(in, positive, x, int64); break;
          case tb::kInt32: expected = ReferenceArgMax<int32_t>(in, positive, x, int64); break;
          default: expected = ReferenceArgMax<float>(in, positive, x, int64); break;
        }
        EXPECT_EQ(RunModel(spec, x), expected) << "type " << int(type) << " axis " << axis;
      }
    }
  }
}

// ---- hostile options: clean load errors ----

void ExpectRejected(const tb::ModelSpec& spec, const std::string& fragment) {
  const std::string error = LoadError(spec);
  EXPECT_NE(error, "") << "accepted; expected an error with '" << fragment << "'";
  EXPECT_NE(error.find(fragment), std::string::npos) << error;
}

TEST(TfliteCopyOpsHostile, StridedSliceOptions) {
  const StridedSlice base{{2, 5, 7}, {0, 1, 2}, {2, 4, 6}, {1, 1, 2}};
  Shape out;
  auto with = [&](auto edit) {
    tb::ModelSpec spec = StridedSliceModel(base, tb::kInt8, &out);
    edit(spec);
    return spec;
  };
  ASSERT_EQ(LoadError(with([](tb::ModelSpec&) {})), "");
  auto set_option = [](tb::ModelSpec& s, int id, int32_t v) { tb::Scalar<int32_t>(s.ops[0].options, id, v); };
  ExpectRejected(with([&](tb::ModelSpec& s) { set_option(s, XQT_STRIDED_SLICE_ELLIPSIS_MASK, 1); }), "ellipsis_mask");
  ExpectRejected(with([&](tb::ModelSpec& s) { set_option(s, XQT_STRIDED_SLICE_NEW_AXIS_MASK, 2); }), "new_axis_mask");
  ExpectRejected(with([&](tb::ModelSpec& s) { tb::Scalar<uint8_t>(s.ops[0].options, XQT_STRIDED_SLICE_OFFSET, 1); }),
                 "offset");
  ExpectRejected(with([](tb::ModelSpec& s) { s.tensors[3] = Int32Constant({1, 0, 1}, "strides"); }), "stride");
  ExpectRejected(with([](tb::ModelSpec& s) { s.tensors[1] = Int32Constant({0, 1}, "begin"); }), "begin");
  ExpectRejected(with([](tb::ModelSpec& s) { s.tensors[2].data.clear(); }), "'end'");  // not constant
  ExpectRejected(with([](tb::ModelSpec& s) { s.tensors[3].type = tb::kFloat32; }), "INT32 or INT64");
  ExpectRejected(with([](tb::ModelSpec& s) { s.tensors[4].shape = {2, 3, 3}; }), "shape expected [2,3,2]");
  ExpectRejected(with([](tb::ModelSpec& s) { s.tensors[4].zero_points = {5}; }), "quantized as input");
  ExpectRejected(with([](tb::ModelSpec& s) { s.tensors[4].type = tb::kUInt8; }), "type");
  // An axis shrunk at or beyond the end (TFLite would read past the input).
  ExpectRejected(with([&](tb::ModelSpec& s) {
                   s.tensors[1] = Int32Constant({0, 9, 2}, "begin");
                   set_option(s, XQT_STRIDED_SLICE_SHRINK_AXIS_MASK, 2);
                   s.tensors[4].shape = {2, 2};
                 }),
                 "leave the input");
  // A slice selecting nothing (begin past end).
  ExpectRejected(with([](tb::ModelSpec& s) { s.tensors[1] = Int32Constant({0, 4, 2}, "begin"); s.tensors[2] = Int32Constant({2, 1, 6}, "end"); }),
                 "select nothing");
  ExpectRejected(with([](tb::ModelSpec& s) {
                   s.tensors[1] = {{3}, tb::kInt64, tb::Raw(std::vector<int64_t>{0, INT64_MIN, 2}), {}, {}, 0, "begin"};
                 }),
                 "within int32");
  // Options of another op's type.
  ExpectRejected(with([](tb::ModelSpec& s) { s.ops[0].options_type = XQT_OPTIONS_SPLIT; }), "options of type");
}

TEST(TfliteCopyOpsHostile, SliceTransposeOptions) {
  tb::ModelSpec slice;
  slice.tensors = {Activation({3, 4}, tb::kInt8, "input"), Int32Constant({1, 0}, "begin"), Int32Constant({2, -1}, "size"),
                   Activation({2, 4}, tb::kInt8, "output")};
  slice.ops.push_back({XQT_OP_SLICE, {0, 1, 2}, {3}, 0, nullptr});
  slice.inputs = {0};
  slice.outputs = {3};
  ASSERT_EQ(LoadError(slice), "");
  for (const auto& [begin, size] : std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>>{
           {{2, 0}, {2, 4}}, {{-1, 0}, {2, 4}}, {{1, 0}, {0, 4}}, {{1, 0}, {-2, 4}}, {{1, 5}, {2, -1}}}) {
    tb::ModelSpec s = slice;
    s.tensors[1] = Int32Constant(begin, "begin");
    s.tensors[2] = Int32Constant(size, "size");
    ExpectRejected(s, "leave the input");
  }
  tb::ModelSpec huge = slice;
  huge.tensors[1] = {{2}, tb::kInt64, tb::Raw(std::vector<int64_t>{1, 0}), {}, {}, 0, "begin"};
  huge.tensors[2] = {{2}, tb::kInt64, tb::Raw(std::vector<int64_t>{INT64_MAX, 4}), {}, {}, 0, "size"};
  ExpectRejected(huge, "leave the input");

  tb::ModelSpec transpose;
  transpose.tensors = {Activation({2, 3, 4}, tb::kUInt8, "input"), Int32Constant({2, 0, 1}, "perm"),
                       Activation({4, 2, 3}, tb::kUInt8, "output")};
  transpose.ops.push_back({XQT_OP_TRANSPOSE, {0, 1}, {2}, 0, nullptr});
  transpose.inputs = {0};
  transpose.outputs = {2};
  ASSERT_EQ(LoadError(transpose), "");
  for (const std::vector<int32_t>& perm : std::vector<std::vector<int32_t>>{{2, 0, 0}, {3, 0, 1}, {-1, 0, 1}}) {
    tb::ModelSpec s = transpose;
    s.tensors[1] = Int32Constant(perm, "perm");
    ExpectRejected(s, "permutation");
  }
  tb::ModelSpec short_perm = transpose;
  short_perm.tensors[1] = Int32Constant({1, 0}, "perm");
  ExpectRejected(short_perm, "perm tensor");
  tb::ModelSpec wrong_shape = transpose;
  wrong_shape.tensors[2].shape = {4, 3, 2};
  ExpectRejected(wrong_shape, "shape expected [4,2,3]");
  // Rank 6 of 4-byte elements would need 7 byte dimensions.
  tb::ModelSpec rank6;
  rank6.tensors = {Activation({1, 2, 1, 2, 1, 2}, tb::kFloat32, "input"), Int32Constant({0, 1, 2, 3, 5, 4}, "perm"),
                   Activation({1, 2, 1, 2, 2, 1}, tb::kFloat32, "output")};
  rank6.ops.push_back({XQT_OP_TRANSPOSE, {0, 1}, {2}, 0, nullptr});
  rank6.inputs = {0};
  rank6.outputs = {2};
  ExpectRejected(rank6, "rank 6");
  tb::ModelSpec bool_type = transpose;
  bool_type.tensors[0].type = bool_type.tensors[2].type = 6;  // BOOL
  bool_type.tensors[0].scales.clear(), bool_type.tensors[2].scales.clear();
  ExpectRejected(bool_type, "type BOOL");
}

TEST(TfliteCopyOpsHostile, SplitOptions) {
  const Shape in = {2, 6, 3};
  ASSERT_EQ(LoadError(SplitModel(in, 1, {2, 2, 2}, false, tb::kInt8)), "");
  ASSERT_EQ(LoadError(SplitModel(in, 1, {1, -1}, true, tb::kInt8)), "");
  tb::ModelSpec s = SplitModel(in, 1, {2, 2, 2}, false, tb::kInt8);
  tb::Scalar<int32_t>(s.ops[0].options, XQT_SPLIT_NUM_SPLITS, 2);  // the later field wins in the vtable
  ExpectRejected(s, "num_splits");
  s = SplitModel(in, 1, {2, 2, 2}, false, tb::kInt8);
  s.ops[0].options = nullptr;  // no options: num_splits 0
  ExpectRejected(s, "num_splits");
  s = SplitModel(in, 3, {2, 2, 2}, false, tb::kInt8);
  ExpectRejected(s, "axis 3 out of range");
  s = SplitModel(in, -4, {2, 2, 2}, false, tb::kInt8);
  ExpectRejected(s, "axis -4 out of range");
  s = SplitModel({2, 7, 3}, 1, {2, 2, 2}, false, tb::kInt8);
  for (size_t i = 2; i < 5; i++) s.tensors[i].shape = {2, 2, 3};
  ExpectRejected(s, "equal parts");
  s = SplitModel(in, 1, {2, 2, 2}, false, tb::kInt8);
  s.tensors[1].data.clear();  // a second model input
  s.inputs = {0, 1};
  ExpectRejected(s, "must be constant");
  s = SplitModel(in, 1, {2, 2, 2}, false, tb::kInt8);
  s.tensors[3].zero_points = {0};
  ExpectRejected(s, "quantized as input");
  s = SplitModel(in, 1, {1, -1}, true, tb::kInt8);
  s.tensors[2] = Int32Constant({-1, -1}, "size_splits");
  ExpectRejected(s, "size_splits[1]");
  s = SplitModel(in, 1, {1, -1}, true, tb::kInt8);
  s.tensors[2] = Int32Constant({1, 6}, "size_splits");
  ExpectRejected(s, "size_splits[1]");
  s = SplitModel(in, 1, {1, -1}, true, tb::kInt8);
  s.tensors[2] = Int32Constant({1, 2}, "size_splits");
  ExpectRejected(s, "sum to 3");
  s = SplitModel(in, 1, {1, -1}, true, tb::kInt8);
  s.tensors[2] = Int32Constant({1, 2, 3}, "size_splits");
  ExpectRejected(s, "size_splits tensor");
  s = SplitModel(in, 1, {1, -1}, true, tb::kInt8);
  s.tensors[4].shape = {2, 4, 3};
  ExpectRejected(s, "shape expected [2,5,3]");
}

TEST(TfliteCopyOpsHostile, CastAndArgMaxOptions) {
  tb::ModelSpec cast;
  cast.tensors = {{{4}, tb::kUInt8, {}, {}, {}, 0, "input"}, {{4}, tb::kInt32, {}, {}, {}, 0, "output"}};
  auto options = tb::Table();
  tb::Scalar<int8_t>(options, XQT_CAST_IN_DATA_TYPE, tb::kUInt8);
  tb::Scalar<int8_t>(options, XQT_CAST_OUT_DATA_TYPE, tb::kInt32);
  cast.ops.push_back({XQT_OP_CAST, {0}, {1}, XQT_OPTIONS_CAST, options});
  cast.inputs = {0};
  cast.outputs = {1};
  ASSERT_EQ(LoadError(cast), "");
  tb::ModelSpec s = cast;
  s.ops[0].options = nullptr;  // options are optional
  EXPECT_EQ(LoadError(s), "");
  s = cast;
  auto lying = tb::Table();
  tb::Scalar<int8_t>(lying, XQT_CAST_OUT_DATA_TYPE, tb::kInt8);
  s.ops[0].options = lying;
  ExpectRejected(s, "options declare output type");
  s = cast;
  auto defaults = tb::Table();  // explicit FLOAT32 (0), the schema default: unspecified
  tb::Scalar<int8_t>(defaults, XQT_CAST_IN_DATA_TYPE, tb::kFloat32);
  s.ops[0].options = defaults;
  EXPECT_EQ(LoadError(s), "");
  s = cast;
  s.tensors[1].type = 7;  // INT16
  s.ops[0].options = nullptr;
  ExpectRejected(s, "type INT16");
  s = cast;
  s.tensors[1].shape = {2, 2};
  ExpectRejected(s, "shape expected [4]");

  tb::ModelSpec arg;
  arg.tensors = {Activation({2, 5}, tb::kInt8, "input"), Int32Constant({1}, "axis"), {{2}, tb::kInt32, {}, {}, {}, 0, "index"}};
  auto arg_options = tb::Table();
  tb::Scalar<int8_t>(arg_options, XQT_ARG_MAX_OUTPUT_TYPE, tb::kInt32);
  arg.ops.push_back({XQT_OP_ARG_MAX, {0, 1}, {2}, XQT_OPTIONS_ARG_MAX, arg_options});
  arg.inputs = {0};
  arg.outputs = {2};
  ASSERT_EQ(LoadError(arg), "");
  s = arg;
  s.ops[0].options = nullptr;  // output_type defaults to FLOAT32: TFLite rejects it
  ExpectRejected(s, "output_type 0");
  s = arg;
  s.tensors[2].type = tb::kInt64;
  ExpectRejected(s, "output_type 2");
  s = arg;
  s.tensors[1] = Int32Constant({2}, "axis");
  ExpectRejected(s, "axis 2 out of range");
  s = arg;
  s.tensors[1] = Int32Constant({0, 1}, "axis");
  ExpectRejected(s, "axis tensor");
  s = arg;
  s.tensors[1].data.clear();  // a second model input
  s.inputs = {0, 1};
  ExpectRejected(s, "must be constant");
  s = arg;
  s.tensors[2].shape = {5};
  ExpectRejected(s, "shape expected [2]");
  s = arg;
  s.tensors[0] = {{2, 5}, tb::kInt64, {}, {}, {}, 0, "input"};
  ExpectRejected(s, "type INT64");
}

// The pose network (test/tflite-pose.cc, checked in as golden data) with its
// copies, CAST and ARG_MAX, corrupted: every truncation is rejected, and a
// file with flipped bytes either loads and runs or is rejected, never crashes
// or reads out of bounds (CI runs this under ASan + UBSan).
TEST(TfliteCopyOpsHostile, CorruptedPoseModel) {
  const std::vector<uint8_t> model = xqt_test::ReadFile(xqt_test::DataPath("golden/pose-int8.tflite"));
  ASSERT_FALSE(model.empty());
  auto load_and_run = [](const std::vector<uint8_t>& bytes) {
    xqt_error err{};
    xqt_model* m = xqt_model_parse(bytes.data(), bytes.size(), &err);
    if (m == nullptr) return false;
    xqt_runtime* rt = xqt_runtime_create(m, nullptr, nullptr, &err);
    if (rt != nullptr) {
      xqt_runtime_run(rt, &err);
      xqt_runtime_free(rt);
    }
    xqt_model_free(m);
    return rt != nullptr;
  };
  ASSERT_TRUE(load_and_run(model));
  for (size_t n = 0; n < model.size(); n++) {
    EXPECT_FALSE(load_and_run(std::vector<uint8_t>(model.begin(), model.begin() + n))) << n << " bytes accepted";
  }
  std::mt19937 rng(8);
  size_t loaded = 0;
  for (int trial = 0; trial < 3000; trial++) {
    std::vector<uint8_t> bytes = model;
    const int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; f++) bytes[rng() % bytes.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
    loaded += load_and_run(bytes);
  }
  EXPECT_GT(loaded, 0u);
  EXPECT_LT(loaded, 3000u);
}

}  // namespace
