// Runs a TFLite model with xqnn operators.
//
//   model   = xqt_model_load(path, &err);
//   runtime = xqt_runtime_create(model, threadpool, NULL, &err);   // validates, creates, plans
//   memcpy(xqt_runtime_tensor(runtime, model->inputs[0]), input, size);
//   xqt_runtime_run(runtime, &err);
//   read xqt_runtime_tensor(runtime, model->outputs[0]);
//
// Creation validates the whole graph first (graph.h): an unsupported op, type
// or option is reported, naming the op and the tensor, before any operator is
// created or run. Activation memory is one arena planned by planner.h; with
// `no_memory_reuse` every tensor keeps its own bytes (for per-layer tests).
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include <xqnn.h>

#include "error.h"
#include "graph.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

struct xqt_runtime_options {
  bool no_memory_reuse;
  // Convolutions, deconvolutions, fully-connected layers and ADD requantize
  // with TFLite's fixed-point arithmetic (XQNN_FLAG_TFLITE_REQUANTIZATION),
  // which reproduces TFLite's results, unless this asks for xqnn's fp32 scheme
  // (exactly rounded, and the one with SIMD kernels).
  bool fp32_requantization;
};

struct xqt_runtime;

// `model` must outlive the runtime. `threadpool` may be NULL (calling thread).
struct xqt_runtime* xqt_runtime_create(const struct xqt_model* model, pthreadpool_t threadpool,
                                       const struct xqt_runtime_options* options,
                                       struct xqt_error* err);
void xqt_runtime_free(struct xqt_runtime* runtime);

// Data of tensor `index` (model->tensors[index].size_bytes bytes): arena
// memory for computed tensors, file data for constants, NULL for tensors no op
// uses. Contents of a computed tensor are valid after the op producing it has
// run, until its memory is reused by a later op (never, with no_memory_reuse).
void* xqt_runtime_tensor(struct xqt_runtime* runtime, size_t index);

// Runs all ops, or ops [begin, end) of the model.
bool xqt_runtime_run(struct xqt_runtime* runtime, struct xqt_error* err);
bool xqt_runtime_run_ops(struct xqt_runtime* runtime, size_t begin, size_t end,
                         struct xqt_error* err);

// Bytes of the activation arena, and the sum of the computed tensors' sizes
// (what the arena would need without reuse).
size_t xqt_runtime_arena_size(const struct xqt_runtime* runtime);
size_t xqt_runtime_unplanned_size(const struct xqt_runtime* runtime);

#ifdef __cplusplus
}  // extern "C"
#endif
