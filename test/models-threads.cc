// Every model network of models/ gives the same bits on 1 thread (NULL
// threadpool) and on 2- and 3-thread pthreadpools, in every tensor, whether
// its layers run in one xqnn_run_operators call or one xqnn_run_operator call
// each, and the same bits when run again, at 64x64, 97x97 (odd: asymmetric SAME padding, partial
// tiles) and, for MobileNet v2 QS8-QC8W and QU8, the full 224x224; and the
// same output when the tensors share one arena (models/arena.c).
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "models.h"
#include "xqnn.h"

namespace {

struct NetworkDeleter {
  void operator()(xqm_network* n) const { xqm_delete_network(n); }
};
struct RuntimeDeleter {
  void operator()(xqm_runtime* r) const { xqm_runtime_delete(r); }
};
struct ThreadpoolDeleter {
  void operator()(pthreadpool* t) const { pthreadpool_destroy(t); }
};

// Runs the network and returns a copy of every tensor.
std::vector<std::vector<uint8_t>> Snapshot(const xqm_network* net, xqm_runtime* rt) {
  std::vector<std::vector<uint8_t>> tensors;
  for (size_t i = 0; i < net->num_tensors; i++) {
    const uint8_t* data = static_cast<const uint8_t*>(xqm_runtime_tensor(rt, (int) i));
    tensors.emplace_back(data, data + xqm_tensor_bytes(&net->tensors[i]));
  }
  return tensors;
}

void ExpectSameTensors(const xqm_network* net, const std::vector<std::vector<uint8_t>>& a,
                       const std::vector<std::vector<uint8_t>>& b, const char* what) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t l = 0; l < net->num_layers; l++) {
    const int t = net->layers[l].output;
    EXPECT_TRUE(a[t] == b[t]) << net->name << ": " << what << ": output of layer " << l << " ("
                              << net->layers[l].name << ") differs";
  }
}

// The network's runtime on `threadpool` (NULL: the calling thread) with `input` copied in; NULL on failure.
std::unique_ptr<xqm_runtime, RuntimeDeleter> MakeRuntime(const xqm_network* net, pthreadpool_t threadpool,
                                                         const std::vector<uint8_t>& input,
                                                         xqm_memory memory = xqm_memory_per_tensor) {
  xqm_runtime* raw = nullptr;
  if (xqm_runtime_create(net, threadpool, memory, &raw) != xqnn_status_success) return nullptr;
  std::unique_ptr<xqm_runtime, RuntimeDeleter> runtime(raw);
  std::memcpy(xqm_runtime_tensor(runtime.get(), net->input), input.data(), input.size());
  return runtime;
}

class ModelThreads : public testing::TestWithParam<std::tuple<std::string, size_t>> {};

TEST_P(ModelThreads, BitIdentical1And2ThreadsAndRerun) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  const std::string name = std::get<0>(GetParam());
  const size_t resolution = std::get<1>(GetParam());
  std::unique_ptr<xqm_network, NetworkDeleter> net(xqm_create_network(name.c_str(), resolution));
  ASSERT_NE(net, nullptr);
  std::vector<uint8_t> input(xqm_tensor_bytes(&net->tensors[net->input]));
  xqm_fill_input(net.get(), input.data(), 7);

  const auto single = MakeRuntime(net.get(), nullptr, input);
  ASSERT_NE(single, nullptr);
  ASSERT_EQ(xqm_runtime_run(single.get()), xqnn_status_success);
  const auto first = Snapshot(net.get(), single.get());
  ASSERT_EQ(xqm_runtime_run(single.get()), xqnn_status_success);
  ExpectSameTensors(net.get(), first, Snapshot(net.get(), single.get()), "1 thread, re-run");

  std::unique_ptr<pthreadpool, ThreadpoolDeleter> threadpool(pthreadpool_create(2));
  ASSERT_NE(threadpool, nullptr);
  const auto dual = MakeRuntime(net.get(), threadpool.get(), input);
  ASSERT_NE(dual, nullptr);
  ASSERT_EQ(xqm_runtime_run(dual.get()), xqnn_status_success);
  ExpectSameTensors(net.get(), first, Snapshot(net.get(), dual.get()), "2 threads vs 1 thread");
  ASSERT_EQ(xqm_runtime_run(dual.get()), xqnn_status_success);
  ExpectSameTensors(net.get(), first, Snapshot(net.get(), dual.get()), "2 threads, re-run");
  ASSERT_EQ(xqm_runtime_run_each(dual.get()), xqnn_status_success);
  ExpectSameTensors(net.get(), first, Snapshot(net.get(), dual.get()), "2 threads, one run call per layer");

  // Three threads: runs of unequal length, and a barrier of three.
  std::unique_ptr<pthreadpool, ThreadpoolDeleter> threadpool3(pthreadpool_create(3));
  ASSERT_NE(threadpool3, nullptr);
  const auto triple = MakeRuntime(net.get(), threadpool3.get(), input);
  ASSERT_NE(triple, nullptr);
  ASSERT_EQ(xqm_runtime_run(triple.get()), xqnn_status_success);
  ExpectSameTensors(net.get(), first, Snapshot(net.get(), triple.get()), "3 threads vs 1 thread");

  // Tensors in one arena (as the benchmark runs them): the same output, on 1
  // and 2 threads, run after run; a plan that let a live tensor be
  // overwritten would change it.
  const std::vector<uint8_t>& expected = first[net->output];
  for (pthreadpool_t pool : {static_cast<pthreadpool_t>(nullptr), threadpool.get()}) {
    const auto shared = MakeRuntime(net.get(), pool, input, xqm_memory_arena);
    ASSERT_NE(shared, nullptr);
    for (int run = 0; run < 2; run++) {
      ASSERT_EQ(xqm_runtime_run(shared.get()), xqnn_status_success);
      const uint8_t* out = static_cast<const uint8_t*>(xqm_runtime_tensor(shared.get(), net->output));
      EXPECT_TRUE(std::vector<uint8_t>(out, out + expected.size()) == expected)
          << name << ": arena runtime, " << (pool == nullptr ? 1 : 2) << " thread(s), run " << run;
    }
  }

  // The logits are not degenerate (scales keep activations from saturating).
  const xqm_tensor& out = net->tensors[net->output];
  const auto& logits = first[net->output];
  size_t distinct = 0;
  std::vector<bool> seen(256);
  if (out.datatype != xqm_datatype_f32) {
    for (uint8_t v : logits) distinct += !seen[v], seen[v] = true;
    EXPECT_GT(distinct, 20u) << name << ": logits take only " << distinct << " values";
  }
}

// The arena plan: tensors live at the same time never share a byte, offsets
// are 64-byte aligned, and the arena is no larger than separate buffers.
TEST_P(ModelThreads, ArenaKeepsLiveTensorsApart) {
  const std::string name = std::get<0>(GetParam());
  std::unique_ptr<xqm_network, NetworkDeleter> net(xqm_create_network(name.c_str(), std::get<1>(GetParam())));
  ASSERT_NE(net, nullptr);
  const size_t count = net->num_tensors;
  std::vector<size_t> offsets(count), first(count), last(count);
  const size_t arena = xqm_plan_arena(net.get(), offsets.data());
  size_t separate = 0;
  for (size_t t = 0; t < count; t++) {
    xqm_tensor_live_range(net.get(), (int) t, &first[t], &last[t]);
    const size_t bytes = xqm_tensor_bytes(&net->tensors[t]);
    separate += (bytes + 63) / 64 * 64;
    EXPECT_EQ(offsets[t] % 64, 0u) << name << ": tensor " << t;
    EXPECT_LE(offsets[t] + bytes, arena) << name << ": tensor " << t;
  }
  EXPECT_LE(arena, separate) << name;
  for (size_t a = 0; a < count; a++) {
    for (size_t b = a + 1; b < count; b++) {
      if (first[a] > last[b] || first[b] > last[a]) continue;
      const bool apart = offsets[a] + xqm_tensor_bytes(&net->tensors[a]) <= offsets[b] ||
                         offsets[b] + xqm_tensor_bytes(&net->tensors[b]) <= offsets[a];
      EXPECT_TRUE(apart) << name << ": tensors " << a << " and " << b << " are live together and overlap";
    }
  }
  // The input and the output outlive every layer.
  EXPECT_EQ(first[net->input], 0u);
  EXPECT_EQ(last[net->input], net->num_layers);
  EXPECT_EQ(last[net->output], net->num_layers);
}

std::vector<std::tuple<std::string, size_t>> Cases() {
  std::vector<std::tuple<std::string, size_t>> cases;
  for (size_t m = 0; m < xqm_num_models; m++) {
    const std::string name = xqm_model_names[m];
    if (name.find("mlp") != std::string::npos) {
      cases.emplace_back(name, 0);
    } else {
      cases.emplace_back(name, 64);
      cases.emplace_back(name, 97);
      // Full size for one network per kernel family (QS8 uses the QS8-QC8W kernels).
      if (name == "qs8-qc8w-mobilenet-v2" || name == "qu8-mobilenet-v2") cases.emplace_back(name, 224);
    }
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Models, ModelThreads, testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<ModelThreads::ParamType>& info) {
                           std::string n = std::get<0>(info.param) + "_" + std::to_string(std::get<1>(info.param));
                           for (char& c : n) if (c == '-') c = '_';
                           return n;
                         });

}  // namespace
