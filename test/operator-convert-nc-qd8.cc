// convert_nc_f32_qd8 / convert_nc_f16_qd8 operators: every row against the
// test's reference of the documented formula (test/qd8-reference.h), strided
// rows with untouched gaps, batch 0, identical bits at every thread count,
// bad input and invalid state.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <fp16.h>
#include <pthreadpool.h>

#include "qd8-reference.h"
#include "xqnn.h"

namespace {

constexpr int8_t kCanary = 0x5A;

struct Case {
  bool f16;
  size_t batch, channels, input_stride, output_stride;
};

struct Result {
  std::vector<int8_t> output;
  std::vector<xqnn_quantization_params> params;
};

// Input rows: mostly Gaussian with per-row scales, some special rows.
std::vector<float> MakeInput(const Case& c, std::mt19937& rng) {
  std::normal_distribution<float> gauss(0.0f, 1.0f);
  std::uniform_real_distribution<float> log_scale(-8.0f, 8.0f);
  std::vector<float> input(c.batch == 0 ? 0 : (c.batch - 1) * c.input_stride + c.channels);
  for (size_t b = 0; b < c.batch; b++) {
    const float s = std::exp2(log_scale(rng));
    for (size_t k = 0; k < c.channels; k++) {
      float x = s * gauss(rng);
      if (b % 7 == 3) x = 0.0f;                                                 // all-zero row
      if (b % 11 == 5 && k % 3 == 0) x = std::numeric_limits<float>::infinity();
      if (b % 13 == 6 && k % 4 == 1) x = std::numeric_limits<float>::quiet_NaN();
      if (c.f16) x = fp16_ieee_to_fp32_value(fp16_ieee_from_fp32_value(x));
      input[b * c.input_stride + k] = x;
    }
  }
  return input;
}

Result RunConvert(const Case& c, const std::vector<float>& input, pthreadpool_t pool) {
  xqnn_operator_t op = nullptr;
  const xqnn_status created = c.f16 ? xqnn_create_convert_nc_f16_qd8(0, &op)
                                    : xqnn_create_convert_nc_f32_qd8(0, &op);
  EXPECT_EQ(created, xqnn_status_success);
  std::unique_ptr<xqnn_operator, decltype(&xqnn_delete_operator)> guard(op, xqnn_delete_operator);
  Result r;
  r.output.assign(c.batch == 0 ? 16 : (c.batch - 1) * c.output_stride + c.channels + 16, kCanary);
  r.params.resize(c.batch + 1);
  std::memset(r.params.data(), 0x5A, r.params.size() * sizeof(xqnn_quantization_params));
  std::vector<uint16_t> input16(input.size());
  for (size_t i = 0; i < input.size(); i++) input16[i] = fp16_ieee_from_fp32_value(input[i]);
  if (c.f16) {
    EXPECT_EQ(xqnn_reshape_convert_nc_f16_qd8(op, c.batch, c.channels, c.input_stride, c.output_stride, pool),
              xqnn_status_success);
    EXPECT_EQ(xqnn_setup_convert_nc_f16_qd8(op, input16.data(), r.output.data(), r.params.data()),
              xqnn_status_success);
  } else {
    EXPECT_EQ(xqnn_reshape_convert_nc_f32_qd8(op, c.batch, c.channels, c.input_stride, c.output_stride, pool),
              xqnn_status_success);
    EXPECT_EQ(xqnn_setup_convert_nc_f32_qd8(op, input.data(), r.output.data(), r.params.data()),
              xqnn_status_success);
  }
  EXPECT_EQ(xqnn_run_operator(op, pool), xqnn_status_success);
  return r;
}

void Check(const Case& c, const std::vector<float>& input, const Result& r) {
  xqnn_quantization_params canary;
  std::memset(&canary, 0x5A, sizeof(canary));
  std::vector<bool> written(r.output.size(), false);
  std::vector<int8_t> expected(c.channels);
  for (size_t b = 0; b < c.batch; b++) {
    xqnn_quantization_params p;
    ReferenceQD8Row(&input[b * c.input_stride], c.channels, expected.data(), &p);
    ASSERT_EQ(r.params[b].zero_point, p.zero_point) << "row " << b;
    ASSERT_EQ(r.params[b].scale, p.scale) << "row " << b;
    for (size_t k = 0; k < c.channels; k++) {
      ASSERT_EQ(r.output[b * c.output_stride + k], expected[k]) << "row " << b << " channel " << k;
      written[b * c.output_stride + k] = true;
    }
  }
  ASSERT_EQ(std::memcmp(&r.params[c.batch], &canary, sizeof(canary)), 0) << "stray params write";
  for (size_t i = 0; i < r.output.size(); i++) {
    if (!written[i]) ASSERT_EQ(r.output[i], kCanary) << "stray write at " << i;
  }
}

class ConvertQD8Test : public testing::TestWithParam<bool> {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }
};

TEST_P(ConvertQD8Test, RandomShapes) {
  std::mt19937 rng(GetParam() ? 2 : 1);
  std::uniform_int_distribution<size_t> batch_dist(0, 40), channel_dist(1, 70), pad_dist(0, 9);
  for (int iteration = 0; iteration < 60; iteration++) {
    Case c{GetParam(), batch_dist(rng), channel_dist(rng), 0, 0};
    c.input_stride = c.channels + (iteration % 2 ? pad_dist(rng) : 0);
    c.output_stride = c.channels + (iteration % 3 ? pad_dist(rng) : 0);
    if (iteration == 0) c.batch = 1;
    SCOPED_TRACE("batch=" + std::to_string(c.batch) + " channels=" + std::to_string(c.channels) +
                 " strides=" + std::to_string(c.input_stride) + "/" + std::to_string(c.output_stride));
    const auto input = MakeInput(c, rng);
    Check(c, input, RunConvert(c, input, nullptr));
  }
}

TEST_P(ConvertQD8Test, SameBitsAtEveryThreadCount) {
  std::mt19937 rng(5);
  const Case c{GetParam(), 97, 45, 50, 47};
  const auto input = MakeInput(c, rng);
  const Result reference = RunConvert(c, input, nullptr);
  Check(c, input, reference);
  for (size_t threads : {1, 2, 3, 8}) {
    pthreadpool_t pool = pthreadpool_create(threads);
    const Result r = RunConvert(c, input, pool);
    pthreadpool_destroy(pool);
    ASSERT_EQ(r.output, reference.output) << threads << " threads";
    ASSERT_EQ(std::memcmp(r.params.data(), reference.params.data(), c.batch * sizeof(xqnn_quantization_params)), 0)
        << threads << " threads";
  }
}

TEST_P(ConvertQD8Test, RunsAgainAfterNewSetup) {
  // Reshape once, set up twice with different buffers.
  std::mt19937 rng(9);
  const Case c{GetParam(), 6, 10, 10, 10};
  const auto input1 = MakeInput(c, rng);
  const auto input2 = MakeInput(c, rng);
  Check(c, input1, RunConvert(c, input1, nullptr));
  Check(c, input2, RunConvert(c, input2, nullptr));
}

TEST_P(ConvertQD8Test, BadInputAndState) {
  const bool f16 = GetParam();
  auto create = [&](uint32_t flags, xqnn_operator_t* op) {
    return f16 ? xqnn_create_convert_nc_f16_qd8(flags, op) : xqnn_create_convert_nc_f32_qd8(flags, op);
  };
  auto reshape = [&](xqnn_operator_t op, size_t b, size_t c, size_t is, size_t os) {
    return f16 ? xqnn_reshape_convert_nc_f16_qd8(op, b, c, is, os, nullptr)
               : xqnn_reshape_convert_nc_f32_qd8(op, b, c, is, os, nullptr);
  };
  float in32[8] = {};
  uint16_t in16[8] = {};
  const void* in = f16 ? (const void*) in16 : (const void*) in32;
  int8_t out[8];
  xqnn_quantization_params qp[2];
  auto setup = [&](xqnn_operator_t op, const void* input, int8_t* output, xqnn_quantization_params* p) {
    return f16 ? xqnn_setup_convert_nc_f16_qd8(op, input, output, p)
               : xqnn_setup_convert_nc_f32_qd8(op, static_cast<const float*>(input), output, p);
  };

  EXPECT_EQ(create(0, nullptr), xqnn_status_invalid_parameter);
  xqnn_operator_t op = nullptr;
  EXPECT_EQ(create(1, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(op, nullptr);
  ASSERT_EQ(create(0, &op), xqnn_status_success);
  // Before reshape.
  EXPECT_EQ(setup(op, in, out, qp), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  // Bad sizes.
  EXPECT_EQ(reshape(op, 2, 0, 4, 4), xqnn_status_invalid_parameter);
  EXPECT_EQ(reshape(op, 2, 4, 3, 4), xqnn_status_invalid_parameter);
  EXPECT_EQ(reshape(op, 2, 4, 4, 3), xqnn_status_invalid_parameter);
  EXPECT_EQ(reshape(op, SIZE_MAX / 2, 4, 4, 4), xqnn_status_invalid_parameter);
  EXPECT_EQ(reshape(op, 2, SIZE_MAX / 2, SIZE_MAX / 2, SIZE_MAX / 2), xqnn_status_invalid_parameter);
  // A failed reshape leaves the operator needing one.
  EXPECT_EQ(setup(op, in, out, qp), xqnn_status_invalid_state);
  ASSERT_EQ(reshape(op, 2, 4, 4, 4), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);  // before setup
  EXPECT_EQ(setup(op, nullptr, out, qp), xqnn_status_invalid_parameter);
  EXPECT_EQ(setup(op, in, nullptr, qp), xqnn_status_invalid_parameter);
  EXPECT_EQ(setup(op, in, out, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(setup(op, in, out, qp), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  // Batch 0: nothing to do, nothing touched.
  ASSERT_EQ(reshape(op, 0, 4, 4, 4), xqnn_status_success);
  EXPECT_EQ(setup(op, nullptr, nullptr, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  // Wrong operator type.
  xqnn_operator_t other = nullptr;
  ASSERT_EQ(f16 ? xqnn_create_convert_nc_f32_qd8(0, &other) : xqnn_create_convert_nc_f16_qd8(0, &other),
            xqnn_status_success);
  EXPECT_EQ(reshape(other, 2, 4, 4, 4), xqnn_status_invalid_parameter);
  EXPECT_EQ(reshape(nullptr, 2, 4, 4, 4), xqnn_status_invalid_parameter);
  xqnn_delete_operator(other);
  xqnn_delete_operator(op);
}

INSTANTIATE_TEST_SUITE_P(ConvertNC, ConvertQD8Test, testing::Values(false, true),
                         [](const testing::TestParamInfo<bool>& info) { return info.param ? "F16_QD8" : "F32_QD8"; });

}  // namespace
