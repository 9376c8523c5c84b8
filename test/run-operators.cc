// xqnn_run_operators: the same bits as one xqnn_run_operator call per
// operator, on 1, 2 and 3 threads, for a chain whose operators read their
// predecessor's output (with one reshaped to nothing in the middle), and its
// error paths (nothing runs when any operator is not ready).
#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <cmath>
#include <memory>
#include <random>
#include <vector>

#include "xqnn.h"
#include "xqnn/config.h"
#include "xqnn/operator.h"

namespace {

struct OperatorDeleter {
  void operator()(xqnn_operator* op) const { xqnn_delete_operator(op); }
};
using Operator = std::unique_ptr<xqnn_operator, OperatorDeleter>;
struct ThreadpoolDeleter {
  void operator()(pthreadpool* t) const { pthreadpool_destroy(t); }
};

constexpr size_t kBatch = 997;  // rows: several tiles per thread, uneven shares
constexpr size_t kChannels = 301;

// f32 -> qs8 -> f32 -> qs8 (a fourth converter, reshaped to zero rows, sits
// between the last two and is skipped).
struct Chain {
  std::vector<float> input, middle;
  std::vector<int8_t> first, last;
  Operator to_qs8, to_f32, empty, to_qs8_again;

  explicit Chain(pthreadpool_t threadpool)
      : input(kBatch * kChannels), middle(kBatch * kChannels), first(kBatch * kChannels + 16),
        last(kBatch * kChannels) {
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> dist(-40.0f, 40.0f);
    for (float& x : input) x = dist(rng);
    xqnn_operator_t op = nullptr;
    EXPECT_EQ(xqnn_create_convert_nc_f32_qs8(0.25f, 3, -128, 127, 0, &op), xqnn_status_success);
    to_qs8.reset(op);
    EXPECT_EQ(xqnn_create_convert_nc_qs8_f32(0.25f, 3, 0, &op), xqnn_status_success);
    to_f32.reset(op);
    EXPECT_EQ(xqnn_create_convert_nc_qs8_f32(0.5f, 0, 0, &op), xqnn_status_success);
    empty.reset(op);
    EXPECT_EQ(xqnn_create_convert_nc_f32_qs8(0.125f, -7, -100, 100, 0, &op), xqnn_status_success);
    to_qs8_again.reset(op);
    EXPECT_EQ(xqnn_reshape_convert_nc_f32_qs8(to_qs8.get(), kBatch, kChannels, kChannels, kChannels, threadpool),
              xqnn_status_success);
    EXPECT_EQ(xqnn_reshape_convert_nc_qs8_f32(to_f32.get(), kBatch, kChannels, kChannels, kChannels, threadpool),
              xqnn_status_success);
    EXPECT_EQ(xqnn_reshape_convert_nc_qs8_f32(empty.get(), 0, kChannels, kChannels, kChannels, threadpool),
              xqnn_status_success);
    EXPECT_EQ(xqnn_reshape_convert_nc_f32_qs8(to_qs8_again.get(), kBatch, kChannels, kChannels, kChannels,
                                              threadpool),
              xqnn_status_success);
    EXPECT_EQ(xqnn_setup_convert_nc_f32_qs8(to_qs8.get(), input.data(), first.data()), xqnn_status_success);
    EXPECT_EQ(xqnn_setup_convert_nc_qs8_f32(to_f32.get(), first.data(), middle.data()), xqnn_status_success);
    EXPECT_EQ(xqnn_setup_convert_nc_qs8_f32(empty.get(), first.data(), nullptr), xqnn_status_success);
    EXPECT_EQ(xqnn_setup_convert_nc_f32_qs8(to_qs8_again.get(), middle.data(), last.data()), xqnn_status_success);
  }

  std::vector<xqnn_operator_t> Operators() const {
    return {to_qs8.get(), to_f32.get(), empty.get(), to_qs8_again.get()};
  }
};

TEST(RunOperators, SameBitsAsOneCallPerOperator) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  // The chain's result with one xqnn_run_operator call per operator on one thread.
  Chain reference(nullptr);
  for (xqnn_operator_t op : reference.Operators()) ASSERT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  const std::vector<int8_t> expected = reference.last;
  // Checked against the naive chain: round_half_even(clamp(x / scale, qmin - zp,
  // qmax - zp)) + zp (scales are powers of 2: exact quotients).
  for (size_t i = 0; i < expected.size(); i++) {
    const float q = std::nearbyint(std::fmin(std::fmax(reference.input[i] * 4.0f, -131.0f), 124.0f)) + 3.0f;
    const float x = (q - 3.0f) * 0.25f;
    const float y = std::nearbyint(std::fmin(std::fmax(x * 8.0f, -93.0f), 107.0f)) - 7.0f;
    ASSERT_EQ(expected[i], (int8_t) y) << "element " << i;
  }
  for (size_t threads : {1, 2, 3}) {
    std::unique_ptr<pthreadpool, ThreadpoolDeleter> threadpool(pthreadpool_create(threads));
    ASSERT_NE(threadpool, nullptr);
    Chain chain(threadpool.get());
    const std::vector<xqnn_operator_t> ops = chain.Operators();
    for (int run = 0; run < 3; run++) {
      std::fill(chain.last.begin(), chain.last.end(), 0);
      ASSERT_EQ(xqnn_run_operators(ops.size(), ops.data(), threadpool.get()), xqnn_status_success);
      ASSERT_EQ(chain.last, expected) << threads << " threads, run " << run;
    }
  }
}

TEST(RunOperators, InvalidArguments) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  std::unique_ptr<pthreadpool, ThreadpoolDeleter> threadpool(pthreadpool_create(2));
  EXPECT_EQ(xqnn_run_operators(0, nullptr, threadpool.get()), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operators(1, nullptr, threadpool.get()), xqnn_status_invalid_parameter);

  Chain chain(threadpool.get());
  std::vector<xqnn_operator_t> ops = chain.Operators();
  ops[2] = nullptr;
  EXPECT_EQ(xqnn_run_operators(ops.size(), ops.data(), threadpool.get()), xqnn_status_invalid_parameter);

  // Created but never reshaped, then reshaped but not set up: invalid state,
  // and the operators before it have not run.
  xqnn_operator_t raw = nullptr;
  ASSERT_EQ(xqnn_create_convert_nc_qs8_f32(1.0f, 0, 0, &raw), xqnn_status_success);
  Operator unready(raw);
  ops = chain.Operators();
  ops.push_back(unready.get());
  std::fill(chain.first.begin(), chain.first.end(), 0);
  EXPECT_EQ(xqnn_run_operators(ops.size(), ops.data(), threadpool.get()), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_run_operators(ops.size(), ops.data(), nullptr), xqnn_status_invalid_state);
  ASSERT_EQ(xqnn_reshape_convert_nc_qs8_f32(unready.get(), 4, 4, 4, 4, threadpool.get()), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operators(ops.size(), ops.data(), threadpool.get()), xqnn_status_invalid_state);
  for (int8_t v : chain.first) ASSERT_EQ(v, 0) << "an operator ran although the call failed";
}

// Workers spin between calls unless the pool has more threads than the
// processors the process may use; then they sleep after each call.
TEST(ThreadpoolFlags, YieldOnlyWhenOversubscribed) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  const size_t processors = xqnn_get_hardware_config()->processor_count;
  ASSERT_GE(processors, 1u);
  EXPECT_EQ(xqnn_threadpool_flags(nullptr), 0u);
  std::unique_ptr<pthreadpool, ThreadpoolDeleter> fitting(pthreadpool_create(processors));
  std::unique_ptr<pthreadpool, ThreadpoolDeleter> oversubscribed(pthreadpool_create(processors + 1));
  EXPECT_EQ(xqnn_threadpool_flags(fitting.get()), 0u);
  // A build without pthreadpool (wasm32) has one-thread pools only.
  if (pthreadpool_get_threads_count(oversubscribed.get()) > processors) {
    EXPECT_EQ(xqnn_threadpool_flags(oversubscribed.get()), (uint32_t) PTHREADPOOL_FLAG_YIELD_WORKERS);
  }
}

}  // namespace
