// The networks of models/ built with Debian's XNNPACK snapshot (2022): same
// weights, scales and zero points, XNNPACK's operators (the baseline of
// models-bench).
#pragma once

#include <stdbool.h>

#include <pthreadpool.h>

#include "models.h"

struct xqm_xnnpack_runtime;

// True when XNNPACK has operators for every layer of the network (the 2022
// snapshot has no QD8 operators).
bool xqm_xnnpack_supports(const struct xqm_network* network);
// Makes XNNPACK's kernel selection see a CPU without AVX-512 (what a Zen 3
// has), so the AVX2 tier of both libraries can be compared on an AVX-512
// machine. XNNPACK 2022 chooses its kernels in xnn_initialize from cpuinfo's
// flags: call this after cpuinfo_initialize and before xnn_initialize.
// Benchmark use only: it edits cpuinfo's global ISA record.
void xqm_xnnpack_hide_avx512(void);
// xnn_initialize must have succeeded. Tensors as xqm_runtime_create keeps them
// (the same plan for the same network). Returns NULL (and prints why) on failure.
struct xqm_xnnpack_runtime* xqm_xnnpack_runtime_create(const struct xqm_network* network,
                                                       pthreadpool_t threadpool, enum xqm_memory memory);
bool xqm_xnnpack_runtime_run(struct xqm_xnnpack_runtime* runtime);
bool xqm_xnnpack_runtime_run_layer(struct xqm_xnnpack_runtime* runtime, size_t layer);
void* xqm_xnnpack_runtime_tensor(struct xqm_xnnpack_runtime* runtime, int tensor);
void xqm_xnnpack_runtime_delete(struct xqm_xnnpack_runtime* runtime);
