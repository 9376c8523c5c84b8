// Running a model of the test builder (tflite-builder.h) through tools/tflite,
// for the xqnn-tflite tests.
#pragma once

#include <pthreadpool.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model.h"
#include "runtime.h"
#include "schema.h"
#include "tflite-builder.h"

namespace xqt_test {

// Runs `spec` on `input` (the bytes of its first input) with `threads` (0: no
// pool) and, with `fp32`, the fp32 requantization scheme; returns every
// output's bytes, concatenated in the model's output order (as
// bench/tflite-reference.c --output writes them). A model that does not load
// or run is a test failure.
inline std::vector<uint8_t> RunModel(const tflite_builder::ModelSpec& spec, const std::vector<uint8_t>& input,
                                     size_t threads = 0, bool fp32 = false) {
  const std::vector<uint8_t> bytes = tflite_builder::Build(spec);
  xqt_error err{};
  xqt_model* model = xqt_model_parse(bytes.data(), bytes.size(), &err);
  EXPECT_NE(model, nullptr) << err.message;
  if (model == nullptr) return {};
  pthreadpool_t pool = threads != 0 ? pthreadpool_create(threads) : nullptr;
  std::vector<uint8_t> out;
  xqt_runtime_options options{};
  options.fp32_requantization = fp32;
  xqt_runtime* rt = xqt_runtime_create(model, pool, &options, &err);
  EXPECT_NE(rt, nullptr) << err.message;
  if (rt != nullptr) {
    EXPECT_EQ(input.size(), model->tensors[model->inputs[0]].size_bytes);
    std::memcpy(xqt_runtime_tensor(rt, model->inputs[0]), input.data(),
                std::min(input.size(), model->tensors[model->inputs[0]].size_bytes));
    EXPECT_TRUE(xqt_runtime_run(rt, &err)) << err.message;
    for (size_t k = 0; k < model->num_outputs; k++) {
      const xqt_tensor& t = model->tensors[model->outputs[k]];
      const uint8_t* p = static_cast<const uint8_t*>(xqt_runtime_tensor(rt, model->outputs[k]));
      out.insert(out.end(), p, p + t.size_bytes);
    }
    xqt_runtime_free(rt);
  }
  if (pool != nullptr) pthreadpool_destroy(pool);
  xqt_model_free(model);
  return out;
}

// The load error of a model file, "" when it loads (parse and runtime creation).
inline std::string LoadError(const std::vector<uint8_t>& bytes) {
  xqt_error err{};
  xqt_model* model = xqt_model_parse(bytes.data(), bytes.size(), &err);
  if (model == nullptr) return err.message[0] != '\0' ? err.message : "parse error";
  xqt_runtime* rt = xqt_runtime_create(model, nullptr, nullptr, &err);
  std::string message = rt == nullptr ? (err.message[0] != '\0' ? err.message : "runtime error") : "";
  xqt_runtime_free(rt);
  xqt_model_free(model);
  return message;
}

inline std::string LoadError(const tflite_builder::ModelSpec& spec) { return LoadError(tflite_builder::Build(spec)); }

// TFLite's CalculateActivationRangeQuantized, written out: q(f) = zp + round(f / scale)
// (round half away from zero, in float), intersected with the type's range.
inline void ActivationRange(int activation, bool is_signed, float scale, int32_t zp, int32_t* lo, int32_t* hi) {
  const int32_t qmin = is_signed ? -128 : 0, qmax = is_signed ? 127 : 255;
  auto q = [&](float f) { return zp + static_cast<int32_t>(std::round(f / scale)); };
  *lo = qmin;
  *hi = qmax;
  if (activation == XQT_ACTIVATION_RELU) *lo = std::max(qmin, q(0.0f));
  if (activation == XQT_ACTIVATION_RELU6) *lo = std::max(qmin, q(0.0f)), *hi = std::min(qmax, q(6.0f));
  if (activation == XQT_ACTIVATION_RELU_N1_TO_1) *lo = std::max(qmin, q(-1.0f)), *hi = std::min(qmax, q(1.0f));
}

}  // namespace xqt_test
