// slice_nd_x8 (plain and strided, negative strides included), transpose_nd_x8,
// concatenate_nd_x8 and split_nd_x8 against naive loops over every output
// element: 1 to 6 dimensions, random shapes with unit dimensions, random
// permutations and axes, empty slices and parts, thread counts, and bad
// parameters and states.
#include <gtest/gtest.h>

#include <pthreadpool.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "operator-test-utils.h"
#include "xqnn.h"

namespace {

using Shape = std::vector<size_t>;

std::string Describe(const Shape& s) {
  std::ostringstream o;
  for (size_t d = 0; d < s.size(); d++) o << (d ? "x" : "") << s[d];
  return o.str();
}

size_t Elements(const Shape& s) {
  size_t n = 1;
  for (size_t v : s) n *= v;
  return n;
}

// Row-major offset of a multi-index.
size_t Offset(const Shape& shape, const Shape& index) {
  size_t offset = 0;
  for (size_t d = 0; d < shape.size(); d++) offset = offset * shape[d] + index[d];
  return offset;
}

// Multi-index of element e of a row-major tensor.
Shape Index(const Shape& shape, size_t e) {
  Shape index(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    index[d] = e % shape[d];
    e /= shape[d];
  }
  return index;
}

Shape RandomShape(size_t dims, std::mt19937& rng, size_t max = 6) {
  std::uniform_int_distribution<size_t> size(1, max), unit(0, 3);
  Shape s(dims);
  for (auto& v : s) v = unit(rng) == 0 ? 1 : size(rng);
  return s;
}

// Compares y[0, n) with expected and checks the canary bytes after it.
void ExpectOutput(const std::vector<uint8_t>& y, const std::vector<uint8_t>& expected, const std::string& what) {
  ASSERT_GE(y.size(), expected.size());
  for (size_t i = 0; i < expected.size(); i++) ASSERT_EQ(y[i], expected[i]) << what << " at " << i;
  for (size_t i = expected.size(); i < y.size(); i++) ASSERT_EQ(y[i], kCanaryByte) << "overrun " << what;
}

class CopyTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }
};

// ---- slice ----

struct Slice {
  Shape in, offsets, sizes;
  std::vector<int64_t> strides;
  std::string Describe() const {
    std::ostringstream o;
    for (size_t d = 0; d < in.size(); d++) {
      o << (d ? ", " : "") << in[d] << "[" << offsets[d] << " +" << sizes[d] << " step " << strides[d] << "]";
    }
    return o.str();
  }
};

void CheckSlice(const Slice& s, std::mt19937& rng, bool plain, pthreadpool_t pool = nullptr) {
  std::vector<uint8_t> x(Elements(s.in));
  FillRandom(rng, x, 0, 255);
  std::vector<uint8_t> expected(Elements(s.sizes));
  for (size_t e = 0; e < expected.size(); e++) {
    Shape index = Index(s.sizes, e);
    for (size_t d = 0; d < index.size(); d++) index[d] = (size_t) ((int64_t) s.offsets[d] + (int64_t) index[d] * s.strides[d]);
    expected[e] = x[Offset(s.in, index)];
  }
  xqnn_operator_t op = nullptr;
  ASSERT_EQ(xqnn_create_slice_nd_x8(0, &op), xqnn_status_success);
  OperatorPtr owner(op);
  const xqnn_status status =
      plain ? xqnn_reshape_slice_nd_x8(op, s.in.size(), s.in.data(), s.offsets.data(), s.sizes.data(), pool)
            : xqnn_reshape_strided_slice_nd_x8(op, s.in.size(), s.in.data(), s.offsets.data(), s.strides.data(),
                                               s.sizes.data(), pool);
  ASSERT_EQ(status, xqnn_status_success) << s.Describe();
  std::vector<uint8_t> y(expected.size() + 16, kCanaryByte);
  ASSERT_EQ(xqnn_setup_slice_nd_x8(op, x.data(), y.data()), xqnn_status_success);
  ASSERT_EQ(xqnn_run_operator(op, pool), xqnn_status_success);
  ExpectOutput(y, expected, s.Describe());
}

Slice RandomSlice(size_t dims, std::mt19937& rng, bool strided) {
  Slice s;
  s.in = RandomShape(dims, rng, 7);
  for (size_t d = 0; d < dims; d++) {
    const size_t n = s.in[d];
    std::uniform_int_distribution<int64_t> step(1, strided ? 3 : 1), sign(0, 1), whole(0, 2);
    int64_t stride = step(rng);
    if (strided && sign(rng) == 1) stride = -stride;
    if (whole(rng) == 0 && stride == 1) {  // keep the whole dimension (it merges)
      s.offsets.push_back(0);
      s.sizes.push_back(n);
      s.strides.push_back(1);
      continue;
    }
    const size_t first = std::uniform_int_distribution<size_t>(0, n - 1)(rng);
    const size_t room = stride > 0 ? (n - 1 - first) / (size_t) stride : first / (size_t) -stride;
    s.offsets.push_back(first);
    s.sizes.push_back(1 + std::uniform_int_distribution<size_t>(0, room)(rng));
    s.strides.push_back(stride);
  }
  return s;
}

TEST_F(CopyTest, SliceRandomShapes) {
  std::mt19937 rng(1);
  for (size_t dims = 1; dims <= XQNN_MAX_TENSOR_DIMS; dims++) {
    for (int i = 0; i < 60; i++) CheckSlice(RandomSlice(dims, rng, /*strided=*/false), rng, /*plain=*/true);
  }
}

TEST_F(CopyTest, StridedSliceRandomShapes) {
  std::mt19937 rng(2);
  for (size_t dims = 1; dims <= XQNN_MAX_TENSOR_DIMS; dims++) {
    for (int i = 0; i < 60; i++) CheckSlice(RandomSlice(dims, rng, /*strided=*/true), rng, /*plain=*/false);
  }
}

TEST_F(CopyTest, SliceLayoutsAndThreads) {
  std::mt19937 rng(3);
  // Whole tensor (a copy); NHWC channel window; one row; reversed channels;
  // every other pixel; a single element; a stride larger than the dimension
  // on a single index.
  const std::vector<Slice> cases = {
      {{2, 3, 4, 5}, {0, 0, 0, 0}, {2, 3, 4, 5}, {1, 1, 1, 1}},
      {{1, 9, 9, 34}, {0, 0, 0, 17}, {1, 9, 9, 17}, {1, 1, 1, 1}},
      {{4, 300}, {2, 0}, {1, 300}, {1, 1}},
      {{2, 5, 5, 7}, {0, 0, 0, 6}, {2, 5, 5, 7}, {1, 1, 1, -1}},
      {{1, 64, 64, 3}, {0, 1, 0, 0}, {1, 32, 32, 3}, {1, 2, 2, 1}},
      {{3, 1, 4}, {2, 0, 3}, {1, 1, 1}, {1, 1, 1}},
      {{3, 4}, {1, 2}, {1, 2}, {1000, -2}},
      {{97, 131}, {96, 130}, {97, 131}, {-1, -1}},
  };
  for (const Slice& s : cases) {
    for (size_t threads : TestThreadCounts()) CheckSlice(s, rng, /*plain=*/false, TestThreadpool(threads));
  }
}

TEST_F(CopyTest, EmptySliceRunsNothing) {
  xqnn_operator_t op = nullptr;
  ASSERT_EQ(xqnn_create_slice_nd_x8(0, &op), xqnn_status_success);
  OperatorPtr owner(op);
  const size_t in[2] = {3, 4}, offsets[2] = {1, 9}, sizes[2] = {2, 0};  // offset unchecked on an empty dimension
  ASSERT_EQ(xqnn_reshape_slice_nd_x8(op, 2, in, offsets, sizes, nullptr), xqnn_status_success);
  ASSERT_EQ(xqnn_setup_slice_nd_x8(op, nullptr, nullptr), xqnn_status_success);
  ASSERT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
}

TEST_F(CopyTest, SliceInvalidParametersAndStates) {
  xqnn_operator_t op = nullptr;
  EXPECT_EQ(xqnn_create_slice_nd_x8(0, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_create_slice_nd_x8(1, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(op, nullptr);
  ASSERT_EQ(xqnn_create_slice_nd_x8(0, &op), xqnn_status_success);
  OperatorPtr owner(op);
  uint8_t x[64] = {}, y[64] = {};
  const size_t in[7] = {3, 4, 1, 1, 1, 1, 1}, zero[7] = {}, one[7] = {1, 1, 1, 1, 1, 1, 1};
  const int64_t unit[7] = {1, 1, 1, 1, 1, 1, 1};
  EXPECT_EQ(xqnn_setup_slice_nd_x8(op, x, y), xqnn_status_invalid_state);  // before reshape
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_reshape_slice_nd_x8(nullptr, 2, in, zero, one, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_slice_nd_x8(op, 0, in, zero, one, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_slice_nd_x8(op, 7, in, zero, one, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_slice_nd_x8(op, 2, nullptr, zero, one, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_slice_nd_x8(op, 2, in, nullptr, one, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_slice_nd_x8(op, 2, in, zero, nullptr, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_strided_slice_nd_x8(op, 2, in, zero, nullptr, one, nullptr), xqnn_status_invalid_parameter);
  const size_t with_zero[2] = {3, 0};
  EXPECT_EQ(xqnn_reshape_slice_nd_x8(op, 2, with_zero, zero, one, nullptr), xqnn_status_invalid_parameter);
  const size_t big[2] = {SIZE_MAX / 2 + 1, 4};
  EXPECT_EQ(xqnn_reshape_slice_nd_x8(op, 2, big, zero, one, nullptr), xqnn_status_invalid_parameter);
  // Windows that leave the input: offset, size, stride, negative stride, huge stride.
  const size_t off3[2] = {3, 0}, size5[2] = {1, 5}, size2[2] = {2, 2}, off1[2] = {1, 0};
  EXPECT_EQ(xqnn_reshape_slice_nd_x8(op, 2, in, off3, one, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_slice_nd_x8(op, 2, in, zero, size5, nullptr), xqnn_status_invalid_parameter);
  const int64_t step3[2] = {3, 1}, back[2] = {-2, 1}, huge[2] = {INT64_MIN, 1}, zero_step[2] = {0, 1};
  EXPECT_EQ(xqnn_reshape_strided_slice_nd_x8(op, 2, in, zero, step3, size2, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_strided_slice_nd_x8(op, 2, in, off1, back, size2, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_strided_slice_nd_x8(op, 2, in, off1, huge, size2, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_strided_slice_nd_x8(op, 2, in, zero, zero_step, one, nullptr), xqnn_status_invalid_parameter);
  // |stride| and the step count both below the dimension, their product wrapping around.
  const size_t giant[1] = {size_t(1) << 62}, wrap_sizes[1] = {(size_t(1) << 61) + 1};
  const int64_t wrap_stride[1] = {int64_t(1) << 61};
  EXPECT_EQ(xqnn_reshape_strided_slice_nd_x8(op, 1, giant, zero, wrap_stride, wrap_sizes, nullptr),
            xqnn_status_invalid_parameter);
  const size_t size_max[2] = {SIZE_MAX, 1};
  EXPECT_EQ(xqnn_reshape_strided_slice_nd_x8(op, 2, in, zero, unit, size_max, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(xqnn_reshape_slice_nd_x8(op, 2, in, zero, size2, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);  // before setup
  EXPECT_EQ(xqnn_setup_slice_nd_x8(op, nullptr, y), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_setup_slice_nd_x8(op, x, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(xqnn_setup_slice_nd_x8(op, x, y), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_reshape_slice_nd_x8(op, 2, in, off3, one, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);  // a failed reshape unbinds
  // Operators of another type are rejected.
  xqnn_operator_t other = nullptr;
  ASSERT_EQ(xqnn_create_transpose_nd_x8(0, &other), xqnn_status_success);
  OperatorPtr other_owner(other);
  EXPECT_EQ(xqnn_reshape_slice_nd_x8(other, 2, in, zero, one, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_setup_slice_nd_x8(other, x, y), xqnn_status_invalid_parameter);
}

// ---- transpose ----

void CheckTranspose(const Shape& in, const Shape& perm, std::mt19937& rng, pthreadpool_t pool = nullptr) {
  std::vector<uint8_t> x(Elements(in));
  FillRandom(rng, x, 0, 255);
  Shape out(in.size());
  for (size_t d = 0; d < in.size(); d++) out[d] = in[perm[d]];
  std::vector<uint8_t> expected(x.size());
  for (size_t e = 0; e < expected.size(); e++) {
    const Shape o = Index(out, e);
    Shape i(in.size());
    for (size_t d = 0; d < in.size(); d++) i[perm[d]] = o[d];
    expected[e] = x[Offset(in, i)];
  }
  const std::string what = Describe(in) + " perm " + Describe(perm);
  xqnn_operator_t op = nullptr;
  ASSERT_EQ(xqnn_create_transpose_nd_x8(0, &op), xqnn_status_success);
  OperatorPtr owner(op);
  ASSERT_EQ(xqnn_reshape_transpose_nd_x8(op, in.size(), in.data(), perm.data(), pool), xqnn_status_success) << what;
  std::vector<uint8_t> y(expected.size() + 16, kCanaryByte);
  ASSERT_EQ(xqnn_setup_transpose_nd_x8(op, x.data(), y.data()), xqnn_status_success);
  ASSERT_EQ(xqnn_run_operator(op, pool), xqnn_status_success);
  ExpectOutput(y, expected, what);
}

TEST_F(CopyTest, TransposeRandomShapesAndPermutations) {
  std::mt19937 rng(4);
  for (size_t dims = 1; dims <= XQNN_MAX_TENSOR_DIMS; dims++) {
    for (int i = 0; i < 60; i++) {
      Shape perm(dims);
      std::iota(perm.begin(), perm.end(), 0);
      std::shuffle(perm.begin(), perm.end(), rng);
      CheckTranspose(RandomShape(dims, rng), perm, rng);
    }
  }
}

// Larger shapes: 2-D transposes in 8 x 8 blocks with every tail, inside
// 32 x 32 tiles, alone or batched.
TEST_F(CopyTest, TransposeBlocksAndTails) {
  std::mt19937 rng(8);
  std::uniform_int_distribution<size_t> size(1, 45), small(1, 20);
  for (size_t i = 0; i < 30; i++) {
    CheckTranspose({size(rng), size(rng)}, {1, 0}, rng);
    CheckTranspose({1 + i % 3, small(rng), small(rng), 1 + i % 4}, {0, 3, 1, 2}, rng);
    CheckTranspose({1 + i % 2, small(rng), small(rng), size(rng)}, {0, 2, 3, 1}, rng);
  }
}

TEST_F(CopyTest, TransposeLayoutsAndThreads) {
  std::mt19937 rng(5);
  // NHWC -> NCHW and back, a large 2-D transpose (tiles and tails), identity,
  // the innermost dimension kept last (row copies), unit dimensions around.
  const std::vector<std::pair<Shape, Shape>> cases = {
      {{2, 7, 9, 17}, {0, 3, 1, 2}}, {{2, 17, 7, 9}, {0, 2, 3, 1}}, {{67, 131}, {1, 0}},
      {{3, 4, 5}, {0, 1, 2}},        {{3, 4, 50}, {1, 0, 2}},        {{1, 40, 1, 33, 1}, {4, 3, 2, 0, 1}},
  };
  for (const auto& c : cases) {
    for (size_t threads : TestThreadCounts()) CheckTranspose(c.first, c.second, rng, TestThreadpool(threads));
  }
}

TEST_F(CopyTest, TransposeInvalidParametersAndStates) {
  xqnn_operator_t op = nullptr;
  EXPECT_EQ(xqnn_create_transpose_nd_x8(0, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_create_transpose_nd_x8(2, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(op, nullptr);
  ASSERT_EQ(xqnn_create_transpose_nd_x8(0, &op), xqnn_status_success);
  OperatorPtr owner(op);
  uint8_t x[64] = {}, y[64] = {};
  const size_t in[7] = {3, 4, 1, 1, 1, 1, 1}, perm[7] = {1, 0, 2, 3, 4, 5, 6};
  EXPECT_EQ(xqnn_setup_transpose_nd_x8(op, x, y), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_reshape_transpose_nd_x8(nullptr, 2, in, perm, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_transpose_nd_x8(op, 0, in, perm, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_transpose_nd_x8(op, 7, in, perm, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_transpose_nd_x8(op, 2, nullptr, perm, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_transpose_nd_x8(op, 2, in, nullptr, nullptr), xqnn_status_invalid_parameter);
  const size_t repeated[2] = {1, 1}, out_of_range[2] = {0, 2}, with_zero[2] = {3, 0}, big[2] = {SIZE_MAX / 2 + 1, 4};
  EXPECT_EQ(xqnn_reshape_transpose_nd_x8(op, 2, in, repeated, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_transpose_nd_x8(op, 2, in, out_of_range, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_transpose_nd_x8(op, 2, with_zero, perm, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_transpose_nd_x8(op, 2, big, perm, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(xqnn_reshape_transpose_nd_x8(op, 2, in, perm, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_setup_transpose_nd_x8(op, nullptr, y), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_setup_transpose_nd_x8(op, x, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(xqnn_setup_transpose_nd_x8(op, x, y), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  xqnn_operator_t other = nullptr;
  ASSERT_EQ(xqnn_create_slice_nd_x8(0, &other), xqnn_status_success);
  OperatorPtr other_owner(other);
  EXPECT_EQ(xqnn_reshape_transpose_nd_x8(other, 2, in, perm, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_setup_transpose_nd_x8(other, x, y), xqnn_status_invalid_parameter);
}

// ---- concatenate and split ----

// Shapes of `count` parts of `whole` along `axis` (sizes may be 0 when allowed).
std::vector<Shape> RandomParts(const Shape& whole, size_t axis, size_t count, bool allow_empty, std::mt19937& rng) {
  std::vector<Shape> parts(count, whole);
  for (auto& p : parts) p[axis] = std::uniform_int_distribution<size_t>(allow_empty ? 0 : 1, 5)(rng);
  return parts;
}

void CheckConcatenate(const std::vector<Shape>& parts, size_t axis, std::mt19937& rng, pthreadpool_t pool = nullptr) {
  Shape whole = parts[0];
  whole[axis] = 0;
  std::vector<std::vector<uint8_t>> inputs;
  for (const Shape& p : parts) {
    whole[axis] += p[axis];
    inputs.emplace_back(Elements(p));
    FillRandom(rng, inputs.back(), 0, 255);
  }
  std::vector<uint8_t> expected(Elements(whole));
  for (size_t e = 0; e < expected.size(); e++) {
    Shape index = Index(whole, e);
    size_t p = 0;
    while (index[axis] >= parts[p][axis]) index[axis] -= parts[p++][axis];
    expected[e] = inputs[p][Offset(parts[p], index)];
  }
  std::ostringstream what;
  what << "axis " << axis << ":";
  for (const Shape& p : parts) what << " " << Describe(p);
  std::vector<const size_t*> shapes;
  std::vector<const void*> pointers;
  for (size_t i = 0; i < parts.size(); i++) {
    shapes.push_back(parts[i].data());
    pointers.push_back(inputs[i].empty() ? nullptr : inputs[i].data());
  }
  xqnn_operator_t op = nullptr;
  ASSERT_EQ(xqnn_create_concatenate_nd_x8(0, &op), xqnn_status_success);
  OperatorPtr owner(op);
  ASSERT_EQ(xqnn_reshape_concatenate_nd_x8(op, parts.size(), whole.size(), shapes.data(), axis, pool),
            xqnn_status_success) << what.str();
  std::vector<uint8_t> y(expected.size() + 16, kCanaryByte);
  ASSERT_EQ(xqnn_setup_concatenate_nd_x8(op, pointers.data(), y.data()), xqnn_status_success);
  ASSERT_EQ(xqnn_run_operator(op, pool), xqnn_status_success);
  ExpectOutput(y, expected, what.str());
}

void CheckSplit(const std::vector<Shape>& parts, size_t axis, std::mt19937& rng, pthreadpool_t pool = nullptr) {
  Shape whole = parts[0];
  whole[axis] = 0;
  Shape sizes;
  for (const Shape& p : parts) {
    whole[axis] += p[axis];
    sizes.push_back(p[axis]);
  }
  std::vector<uint8_t> x(Elements(whole));
  FillRandom(rng, x, 0, 255);
  std::ostringstream what;
  what << Describe(whole) << " axis " << axis << " sizes " << Describe(sizes);
  std::vector<std::vector<uint8_t>> outputs;
  std::vector<void*> pointers;
  for (const Shape& p : parts) {
    outputs.emplace_back(Elements(p) + 16, kCanaryByte);
    pointers.push_back(Elements(p) == 0 ? nullptr : outputs.back().data());
  }
  xqnn_operator_t op = nullptr;
  ASSERT_EQ(xqnn_create_split_nd_x8(0, &op), xqnn_status_success);
  OperatorPtr owner(op);
  ASSERT_EQ(xqnn_reshape_split_nd_x8(op, parts.size(), whole.size(), whole.data(), axis, sizes.data(), pool),
            xqnn_status_success) << what.str();
  ASSERT_EQ(xqnn_setup_split_nd_x8(op, x.data(), pointers.data()), xqnn_status_success);
  ASSERT_EQ(xqnn_run_operator(op, pool), xqnn_status_success);
  size_t start = 0;
  for (size_t p = 0; p < parts.size(); p++) {
    std::vector<uint8_t> expected(Elements(parts[p]));
    for (size_t e = 0; e < expected.size(); e++) {
      Shape index = Index(parts[p], e);
      index[axis] += start;
      expected[e] = x[Offset(whole, index)];
    }
    start += parts[p][axis];
    ExpectOutput(outputs[p], expected, what.str() + " output " + std::to_string(p));
  }
}

TEST_F(CopyTest, ConcatenateAndSplitRandomShapes) {
  std::mt19937 rng(6);
  for (size_t dims = 1; dims <= XQNN_MAX_TENSOR_DIMS; dims++) {
    for (int i = 0; i < 40; i++) {
      const Shape whole = RandomShape(dims, rng, 5);
      const size_t axis = std::uniform_int_distribution<size_t>(0, dims - 1)(rng);
      const size_t count = std::uniform_int_distribution<size_t>(1, 6)(rng);
      std::vector<Shape> parts = RandomParts(whole, axis, count, /*allow_empty=*/i % 4 == 0, rng);
      if (i % 4 == 0) parts[0][axis] = std::max<size_t>(parts[0][axis], 1);  // not all empty
      CheckConcatenate(parts, axis, rng);
      CheckSplit(parts, axis, rng);
    }
  }
}

TEST_F(CopyTest, ConcatenateAndSplitLayoutsAndThreads) {
  std::mt19937 rng(7);
  // Channels of NHWC tensors (many short rows), batch (one long row each), many inputs.
  const std::vector<std::pair<std::vector<Shape>, size_t>> cases = {
      {{{1, 20, 20, 16}, {1, 20, 20, 3}, {1, 20, 20, 29}}, 3},
      {{{2, 30, 30, 8}, {5, 30, 30, 8}}, 0},
      {{{3, 1}, {3, 2}, {3, 1}, {3, 1}, {3, 4}, {3, 1}, {3, 1}, {3, 1}, {3, 2}, {3, 1}}, 1},
      {{{4000}, {0}, {5000}}, 0},
  };
  for (const auto& c : cases) {
    for (size_t threads : TestThreadCounts()) {
      CheckConcatenate(c.first, c.second, rng, TestThreadpool(threads));
      CheckSplit(c.first, c.second, rng, TestThreadpool(threads));
    }
  }
}

TEST_F(CopyTest, ConcatenateOfEmptyInputsRunsNothing) {
  xqnn_operator_t op = nullptr;
  ASSERT_EQ(xqnn_create_concatenate_nd_x8(0, &op), xqnn_status_success);
  OperatorPtr owner(op);
  const size_t a[2] = {3, 0}, b[2] = {3, 0};
  const size_t* shapes[2] = {a, b};
  ASSERT_EQ(xqnn_reshape_concatenate_nd_x8(op, 2, 2, shapes, 1, nullptr), xqnn_status_success);
  ASSERT_EQ(xqnn_setup_concatenate_nd_x8(op, nullptr, nullptr), xqnn_status_success);
  ASSERT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
}

TEST_F(CopyTest, ConcatenateInvalidParametersAndStates) {
  xqnn_operator_t op = nullptr;
  EXPECT_EQ(xqnn_create_concatenate_nd_x8(0, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_create_concatenate_nd_x8(4, &op), xqnn_status_invalid_parameter);
  ASSERT_EQ(xqnn_create_concatenate_nd_x8(0, &op), xqnn_status_success);
  OperatorPtr owner(op);
  uint8_t x[64] = {}, y[64] = {};
  const size_t a[7] = {2, 3, 1, 1, 1, 1, 1}, b[2] = {2, 4}, c[2] = {3, 3}, z[2] = {0, 3};
  const size_t huge[2] = {SIZE_MAX / 2 + 1, 3};
  const size_t* good[2] = {a, b};
  const void* inputs[2] = {x, x};
  EXPECT_EQ(xqnn_setup_concatenate_nd_x8(op, inputs, y), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_reshape_concatenate_nd_x8(nullptr, 2, 2, good, 1, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_concatenate_nd_x8(op, 0, 2, good, 1, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_concatenate_nd_x8(op, 2, 0, good, 1, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_concatenate_nd_x8(op, 2, 7, good, 1, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_concatenate_nd_x8(op, 2, 2, nullptr, 1, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_concatenate_nd_x8(op, 2, 2, good, 2, nullptr), xqnn_status_invalid_parameter);  // axis
  const size_t* with_null[2] = {a, nullptr};
  const size_t* mismatch[2] = {a, c};
  const size_t* zero_dim[2] = {z, z};
  const size_t* overflow[2] = {huge, huge};
  const size_t axis_max[2] = {2, SIZE_MAX};
  const size_t* axis_overflow[2] = {a, axis_max};
  EXPECT_EQ(xqnn_reshape_concatenate_nd_x8(op, 2, 2, with_null, 1, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_concatenate_nd_x8(op, 2, 2, mismatch, 1, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_concatenate_nd_x8(op, 2, 2, zero_dim, 1, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_concatenate_nd_x8(op, 2, 2, overflow, 1, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_concatenate_nd_x8(op, 2, 2, axis_overflow, 1, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(xqnn_reshape_concatenate_nd_x8(op, 2, 2, good, 1, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  const void* null_input[2] = {x, nullptr};
  EXPECT_EQ(xqnn_setup_concatenate_nd_x8(op, nullptr, y), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_setup_concatenate_nd_x8(op, null_input, y), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_setup_concatenate_nd_x8(op, inputs, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(xqnn_setup_concatenate_nd_x8(op, inputs, y), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  xqnn_operator_t other = nullptr;
  ASSERT_EQ(xqnn_create_split_nd_x8(0, &other), xqnn_status_success);
  OperatorPtr other_owner(other);
  EXPECT_EQ(xqnn_reshape_concatenate_nd_x8(other, 2, 2, good, 1, nullptr), xqnn_status_invalid_parameter);
}

TEST_F(CopyTest, SplitInvalidParametersAndStates) {
  xqnn_operator_t op = nullptr;
  EXPECT_EQ(xqnn_create_split_nd_x8(0, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_create_split_nd_x8(8, &op), xqnn_status_invalid_parameter);
  ASSERT_EQ(xqnn_create_split_nd_x8(0, &op), xqnn_status_success);
  OperatorPtr owner(op);
  uint8_t x[64] = {}, y0[64] = {}, y1[64] = {};
  void* outputs[2] = {y0, y1};
  const size_t in[7] = {2, 5, 1, 1, 1, 1, 1}, sizes[2] = {2, 3}, short_sizes[2] = {2, 2};
  const size_t overflow_sizes[2] = {SIZE_MAX, 6}, with_zero[2] = {2, 0}, big[2] = {SIZE_MAX / 2 + 1, 5};
  EXPECT_EQ(xqnn_setup_split_nd_x8(op, x, outputs), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_reshape_split_nd_x8(nullptr, 2, 2, in, 1, sizes, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_split_nd_x8(op, 0, 2, in, 1, sizes, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_split_nd_x8(op, 2, 0, in, 1, sizes, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_split_nd_x8(op, 2, 7, in, 1, sizes, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_split_nd_x8(op, 2, 2, nullptr, 1, sizes, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_split_nd_x8(op, 2, 2, in, 1, nullptr, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_split_nd_x8(op, 2, 2, in, 2, sizes, nullptr), xqnn_status_invalid_parameter);  // axis
  EXPECT_EQ(xqnn_reshape_split_nd_x8(op, 2, 2, in, 1, short_sizes, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_split_nd_x8(op, 2, 2, in, 1, overflow_sizes, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_split_nd_x8(op, 2, 2, with_zero, 1, sizes, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_split_nd_x8(op, 2, 2, big, 1, sizes, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(xqnn_reshape_split_nd_x8(op, 2, 2, in, 1, sizes, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  void* null_output[2] = {y0, nullptr};
  EXPECT_EQ(xqnn_setup_split_nd_x8(op, nullptr, outputs), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_setup_split_nd_x8(op, x, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_setup_split_nd_x8(op, x, null_output), xqnn_status_invalid_parameter);
  ASSERT_EQ(xqnn_setup_split_nd_x8(op, x, outputs), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  xqnn_operator_t other = nullptr;
  ASSERT_EQ(xqnn_create_concatenate_nd_x8(0, &other), xqnn_status_success);
  OperatorPtr other_owner(other);
  EXPECT_EQ(xqnn_reshape_split_nd_x8(other, 2, 2, in, 1, sizes, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_setup_split_nd_x8(other, x, outputs), xqnn_status_invalid_parameter);
}

}  // namespace
