// Fully-connected operator (QS8-QC8W) end to end: create once, run per
// iteration, on 1 and 2 threads.
#include <benchmark/benchmark.h>
#include <pthreadpool.h>

#include <algorithm>
#include <random>
#include <vector>

#include "xqnn.h"
#ifdef XQNN_BENCH_WITH_XNNPACK
#include <xnnpack.h>
#endif

namespace {

void FullyConnectedQS8QC8W(benchmark::State& state) {
  const size_t batch = state.range(0), ic = state.range(1), oc = state.range(2), threads = state.range(3);
  if (xqnn_initialize() != xqnn_status_success) {
    state.SkipWithError("xqnn_initialize failed");
    return;
  }
  std::mt19937 rng(1);
  std::vector<int8_t> input(batch * ic + XQNN_EXTRA_BYTES), kernel(ic * oc), output(batch * oc);
  std::generate(input.begin(), input.end(), [&] { return (int8_t) rng(); });
  std::generate(kernel.begin(), kernel.end(), [&] { return (int8_t) (rng() % 255 - 127); });
  std::vector<int32_t> bias(oc, 0);
  std::vector<float> scales(oc, 0.001f);
  xqnn_operator_t op = nullptr;
  if (xqnn_create_fully_connected_nc_qs8_qc8w(ic, oc, ic, oc, 0, 0.02f, scales.data(), kernel.data(),
                                              bias.data(), 0, 0.5f, -128, 127, 0, &op) != xqnn_status_success) {
    state.SkipWithError("create failed");
    return;
  }
  pthreadpool_t pool = threads > 1 ? pthreadpool_create(threads) : nullptr;
  xqnn_reshape_fully_connected_nc_qs8_qc8w(op, batch, pool);
  xqnn_setup_fully_connected_nc_qs8_qc8w(op, input.data(), output.data());
  for (auto _ : state) {
    xqnn_run_operator(op, pool);
  }
  state.counters["OPS"] = benchmark::Counter((double) state.iterations() * 2.0 * batch * ic * oc,
                                             benchmark::Counter::kIsRate);
  xqnn_delete_operator(op);
  if (pool != nullptr) pthreadpool_destroy(pool);
}

void Shapes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"batch", "ic", "oc", "threads"});
  b->Args({1, 1280, 1001, 1})->Args({1, 1280, 1001, 2});
  b->Args({64, 512, 512, 1})->Args({64, 512, 512, 2});
  b->UseRealTime();
}

BENCHMARK(FullyConnectedQS8QC8W)->Apply(Shapes);

#ifdef XQNN_BENCH_WITH_XNNPACK
// Baseline: Debian's XNNPACK snapshot (2022), same shapes, per-tensor QS8
// (its QC8 fully-connected operator did not exist yet).
void XnnpackFullyConnectedQS8(benchmark::State& state) {
  const size_t batch = state.range(0), ic = state.range(1), oc = state.range(2), threads = state.range(3);
  if (xnn_initialize(nullptr) != xnn_status_success) {
    state.SkipWithError("xnn_initialize failed");
    return;
  }
  std::mt19937 rng(1);
  std::vector<int8_t> input(batch * ic + 64), kernel(ic * oc), output(batch * oc);
  std::generate(input.begin(), input.end(), [&] { return (int8_t) rng(); });
  std::generate(kernel.begin(), kernel.end(), [&] { return (int8_t) (rng() % 255 - 127); });
  std::vector<int32_t> bias(oc, 0);
  xnn_operator_t op = nullptr;
  if (xnn_create_fully_connected_nc_qs8(ic, oc, ic, oc, 0, 0.02f, 0.001f, kernel.data(), bias.data(), 0,
                                        0.5f, -128, 127, 0, &op) != xnn_status_success) {
    state.SkipWithError("create failed");
    return;
  }
  pthreadpool_t pool = threads > 1 ? pthreadpool_create(threads) : nullptr;
  xnn_setup_fully_connected_nc_qs8(op, batch, input.data(), output.data(), pool);
  for (auto _ : state) {
    xnn_run_operator(op, pool);
  }
  state.counters["OPS"] = benchmark::Counter((double) state.iterations() * 2.0 * batch * ic * oc,
                                             benchmark::Counter::kIsRate);
  xnn_delete_operator(op);
  if (pool != nullptr) pthreadpool_destroy(pool);
}

BENCHMARK(XnnpackFullyConnectedQS8)->Apply(Shapes);
#endif

}  // namespace

BENCHMARK_MAIN();
