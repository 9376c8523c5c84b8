// constant_pad_nd_x8 and reflect_pad_nd_x8 (REFLECT and SYMMETRIC) against a
// naive loop over every output element: 1 to 6 dimensions, padding on any
// subset of them (innermost, outermost, none), sizes 1, thread counts, and
// bad parameters and states.
#include <gtest/gtest.h>

#include <pthreadpool.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "operator-test-utils.h"
#include "xqnn.h"

namespace {

enum class Mode { kConstant, kReflect, kSymmetric };

struct Shape {
  std::vector<size_t> in, pre, post;
  std::string Describe() const {
    std::ostringstream s;
    for (size_t d = 0; d < in.size(); d++) s << (d ? " x " : "") << pre[d] << "+" << in[d] << "+" << post[d];
    return s.str();
  }
};

class PadTest : public testing::TestWithParam<Mode> {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }
  Mode M() const { return GetParam(); }

  // Input index for output index i of one dimension, or -1 for constant padding.
  int64_t Source(size_t i, size_t pre, size_t n) const {
    int64_t x = (int64_t) i - (int64_t) pre;
    if (x >= 0 && x < (int64_t) n) return x;
    if (M() == Mode::kConstant) return -1;
    const int64_t last = (int64_t) n - 1;
    if (M() == Mode::kReflect) return x < 0 ? -x : 2 * last - x;
    return x < 0 ? -x - 1 : 2 * last + 1 - x;
  }

  std::vector<uint8_t> Reference(const Shape& s, const std::vector<uint8_t>& x, uint8_t value) const {
    const size_t dims = s.in.size();
    std::vector<size_t> out(dims);
    size_t total = 1;
    for (size_t d = 0; d < dims; d++) total *= out[d] = s.pre[d] + s.in[d] + s.post[d];
    std::vector<uint8_t> y(total);
    for (size_t e = 0; e < total; e++) {
      size_t index = e, offset = 0, stride = 1;
      bool padding = false;
      for (size_t d = dims; d-- > 0;) {
        const int64_t src = Source(index % out[d], s.pre[d], s.in[d]);
        index /= out[d];
        if (src < 0) padding = true;
        offset += (size_t) (src < 0 ? 0 : src) * stride;
        stride *= s.in[d];
      }
      y[e] = padding ? value : x[offset];
    }
    return y;
  }

  xqnn_status Create(uint8_t value, xqnn_operator_t* op) const {
    switch (M()) {
      case Mode::kConstant: return xqnn_create_constant_pad_nd_x8(&value, 0, op);
      case Mode::kReflect: return xqnn_create_reflect_pad_nd_x8(0, op);
      case Mode::kSymmetric: return xqnn_create_reflect_pad_nd_x8(XQNN_FLAG_SYMMETRIC_PADDING, op);
    }
    return xqnn_status_invalid_state;
  }
  xqnn_status Reshape(xqnn_operator_t op, size_t dims, const size_t* in, const size_t* pre, const size_t* post,
                      pthreadpool_t pool) const {
    return M() == Mode::kConstant ? xqnn_reshape_constant_pad_nd_x8(op, dims, in, pre, post, pool)
                                  : xqnn_reshape_reflect_pad_nd_x8(op, dims, in, pre, post, pool);
  }
  xqnn_status Setup(xqnn_operator_t op, const void* x, void* y) const {
    return M() == Mode::kConstant ? xqnn_setup_constant_pad_nd_x8(op, x, y) : xqnn_setup_reflect_pad_nd_x8(op, x, y);
  }
  // The largest padding the mode accepts for a dimension of n.
  size_t MaxPad(size_t n) const { return M() == Mode::kReflect ? n - 1 : M() == Mode::kSymmetric ? n : 4; }

  void Check(const Shape& s, std::mt19937& rng, pthreadpool_t pool = nullptr) {
    size_t in_total = 1, out_total = 1;
    for (size_t d = 0; d < s.in.size(); d++) {
      in_total *= s.in[d];
      out_total *= s.pre[d] + s.in[d] + s.post[d];
    }
    std::vector<uint8_t> x(in_total);
    FillRandom(rng, x, 0, 255);
    const uint8_t value = (uint8_t) std::uniform_int_distribution<int>(0, 255)(rng);
    const std::vector<uint8_t> expected = Reference(s, x, value);
    xqnn_operator_t op = nullptr;
    ASSERT_EQ(Create(value, &op), xqnn_status_success);
    OperatorPtr owner(op);
    ASSERT_EQ(Reshape(op, s.in.size(), s.in.data(), s.pre.data(), s.post.data(), pool), xqnn_status_success)
        << s.Describe();
    std::vector<uint8_t> y(out_total + 16, kCanaryByte);
    ASSERT_EQ(Setup(op, x.data(), y.data()), xqnn_status_success);
    ASSERT_EQ(xqnn_run_operator(op, pool), xqnn_status_success);
    for (size_t i = 0; i < out_total; i++) ASSERT_EQ(y[i], expected[i]) << s.Describe() << " at " << i;
    for (size_t i = out_total; i < y.size(); i++) ASSERT_EQ(y[i], kCanaryByte) << "overrun " << s.Describe();
  }

  Shape RandomShape(size_t dims, std::mt19937& rng) const {
    std::uniform_int_distribution<size_t> size(1, 5), coin(0, 2);
    Shape s;
    for (size_t d = 0; d < dims; d++) {
      const size_t n = size(rng);
      std::uniform_int_distribution<size_t> pad(0, MaxPad(n));
      s.in.push_back(n);
      s.pre.push_back(coin(rng) == 0 ? 0 : pad(rng));
      s.post.push_back(coin(rng) == 0 ? 0 : pad(rng));
    }
    return s;
  }
};

TEST_P(PadTest, RandomShapes) {
  std::mt19937 rng(1);
  for (size_t dims = 1; dims <= XQNN_MAX_TENSOR_DIMS; dims++) {
    for (int i = 0; i < 40; i++) Check(RandomShape(dims, rng), rng);
  }
}

TEST_P(PadTest, NhwcLayouts) {
  std::mt19937 rng(2);
  const size_t p = M() == Mode::kReflect ? 2 : 3;
  // TFLite PAD of an image: spatial padding only; channels padding only; none.
  Check(Shape{{2, 5, 4, 3}, {0, 1, p, 0}, {0, p, 1, 0}}, rng);
  Check(Shape{{1, 4, 4, 19}, {0, 0, 0, 1}, {0, 0, 0, p}}, rng);
  Check(Shape{{3, 4, 4, 8}, {p, 0, 0, 0}, {1, 0, 0, 0}}, rng);  // batch padding only
  Check(Shape{{2, 3, 4, 5}, {0, 0, 0, 0}, {0, 0, 0, 0}}, rng);  // a copy
  Check(Shape{{1}, {0}, {0}}, rng);
  if (M() == Mode::kConstant) Check(Shape{{1, 1}, {7, 0}, {0, 9}}, rng);  // 1x1 input, wide padding
  if (M() == Mode::kSymmetric) Check(Shape{{1, 1}, {1, 1}, {1, 1}}, rng);
}

TEST_P(PadTest, ThreadCounts) {
  std::mt19937 rng(3);
  const Shape s{{2, 33, 17, 24}, {0, 2, 1, 0}, {0, 1, 2, 0}};
  for (size_t threads : TestThreadCounts()) Check(s, rng, TestThreadpool(threads));
  const Shape wide{{5, 300}, {1, 2}, {2, 1}};
  for (size_t threads : TestThreadCounts()) Check(wide, rng, TestThreadpool(threads));
}

TEST_P(PadTest, InvalidParametersAndStates) {
  xqnn_operator_t op = nullptr;
  const uint8_t value = 7;
  EXPECT_EQ(Create(value, nullptr), xqnn_status_invalid_parameter);
  if (M() == Mode::kConstant) {
    EXPECT_EQ(xqnn_create_constant_pad_nd_x8(nullptr, 0, &op), xqnn_status_invalid_parameter);
    EXPECT_EQ(xqnn_create_constant_pad_nd_x8(&value, XQNN_FLAG_SYMMETRIC_PADDING, &op), xqnn_status_invalid_parameter);
  } else {
    EXPECT_EQ(xqnn_create_reflect_pad_nd_x8(XQNN_FLAG_TENSORFLOW_SAME_PADDING, &op), xqnn_status_invalid_parameter);
  }
  EXPECT_EQ(op, nullptr);
  ASSERT_EQ(Create(value, &op), xqnn_status_success);
  OperatorPtr owner(op);
  uint8_t x[64] = {}, y[256] = {};
  const size_t in[7] = {2, 3, 1, 1, 1, 1, 1}, zero[7] = {0, 0, 0, 0, 0, 0, 0}, one[7] = {1, 1, 0, 0, 0, 0, 0};
  EXPECT_EQ(Setup(op, x, y), xqnn_status_invalid_state);  // before reshape
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(Reshape(nullptr, 2, in, one, one, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Reshape(op, 0, in, one, one, nullptr), xqnn_status_invalid_parameter);  // no dimensions
  EXPECT_EQ(Reshape(op, 7, in, zero, zero, nullptr), xqnn_status_invalid_parameter);  // too many
  EXPECT_EQ(Reshape(op, 2, nullptr, one, one, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Reshape(op, 2, in, nullptr, one, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Reshape(op, 2, in, one, nullptr, nullptr), xqnn_status_invalid_parameter);
  const size_t with_zero[2] = {2, 0};
  EXPECT_EQ(Reshape(op, 2, with_zero, one, one, nullptr), xqnn_status_invalid_parameter);  // zero size
  const size_t huge[2] = {SIZE_MAX / 2, SIZE_MAX / 2};
  EXPECT_EQ(Reshape(op, 2, in, huge, zero, nullptr), xqnn_status_invalid_parameter);  // overflow
  const size_t big[2] = {SIZE_MAX / 2 + 1, 4};
  EXPECT_EQ(Reshape(op, 2, big, zero, zero, nullptr), xqnn_status_invalid_parameter);  // overflow
  // Reflect: padding must stay within one mirror image.
  const size_t two[2] = {2, 2}, three[2] = {3, 3};
  if (M() == Mode::kReflect) EXPECT_EQ(Reshape(op, 2, in, two, zero, nullptr), xqnn_status_invalid_parameter);
  if (M() != Mode::kConstant) EXPECT_EQ(Reshape(op, 2, in, zero, three, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(Reshape(op, 2, in, one, one, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);  // before setup
  EXPECT_EQ(Setup(op, nullptr, y), xqnn_status_invalid_parameter);
  EXPECT_EQ(Setup(op, x, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(Setup(op, x, y), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  EXPECT_EQ(Reshape(op, 2, with_zero, one, one, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);  // a failed reshape unbinds
  // Operators of another type are rejected.
  xqnn_operator_t other = nullptr;
  ASSERT_EQ(xqnn_create_max_pooling2d_nhwc_u8(0, 0, 0, 0, 2, 2, 1, 1, 1, 1, 1, 1, 1, 0, 255, 0, &other),
            xqnn_status_success);
  OperatorPtr other_owner(other);
  EXPECT_EQ(Reshape(other, 2, in, one, one, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Setup(other, x, y), xqnn_status_invalid_parameter);
}

std::string ModeName(const testing::TestParamInfo<Mode>& info) {
  switch (info.param) {
    case Mode::kConstant: return "constant";
    case Mode::kReflect: return "reflect";
    case Mode::kSymmetric: return "symmetric";
  }
  return "unknown";
}

INSTANTIATE_TEST_SUITE_P(Modes, PadTest, testing::Values(Mode::kConstant, Mode::kReflect, Mode::kSymmetric),
                         ModeName);

}  // namespace
