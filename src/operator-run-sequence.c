// xqnn_run_operators: a sequence of operators in one pthreadpool call.
//
// Each pthreadpool_parallelize_* call costs ~2 us on top of its work on a
// 2-vCPU VM (bench/threadpool.cc: a mutex, a futex wake per worker, the
// worker's check-in, cache lines handed between cores), which a network of
// many short layers pays once per operator. Here the pool runs one task per
// thread; each thread computes its share of every operator's tiles in order
// and the threads meet at a barrier between computes (~0.2-0.3 us).
//
// Shares: the tiles of a compute, in pthreadpool's order (the last dimension
// fastest), split into one contiguous run per thread, as pthreadpool's first
// split before it steals; a task is called with exactly the arguments
// pthreadpool would pass for that tile, so results are those of
// xqnn_run_operator (every tile writes its own outputs).
//
// pthreadpool gives each of its T threads one of the T tasks and steals only
// after a thread has finished its own, so every task runs on its own thread
// and the barrier cannot wait for a task queued behind it.
#include <assert.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#endif
#if defined(__linux__) || defined(__APPLE__)
#include <sched.h>
#endif

#include "xqnn.h"
#include "xqnn/common.h"
#include "xqnn/compute.h"
#include "xqnn/math.h"
#include "xqnn/operator.h"

// A reusable barrier: the last thread to arrive resets the count and opens
// the next generation; the others spin on the generation.
struct sequence_barrier {
  atomic_size_t arrived;
  atomic_size_t generation;
};

// Spins before yielding the core: on an oversubscribed machine (CI running
// tests side by side) the thread being waited for may not be scheduled.
enum { SPINS_BEFORE_YIELD = 1 << 14 };

static void spin_pause(void) {
#if defined(__x86_64__) || defined(_M_X64)
  _mm_pause();
#endif
}

static void wait_at_barrier(struct sequence_barrier* barrier, size_t threads) {
  const size_t generation = atomic_load_explicit(&barrier->generation, memory_order_acquire);
  if (atomic_fetch_add_explicit(&barrier->arrived, 1, memory_order_acq_rel) == threads - 1) {
    atomic_store_explicit(&barrier->arrived, 0, memory_order_relaxed);
    atomic_store_explicit(&barrier->generation, generation + 1, memory_order_release);
    return;
  }
  for (size_t spins = 1; atomic_load_explicit(&barrier->generation, memory_order_acquire) == generation; spins++) {
    spin_pause();
#if defined(__linux__) || defined(__APPLE__)
    if (spins % SPINS_BEFORE_YIELD == 0) sched_yield();
#endif
  }
}

struct sequence_context {
  const xqnn_operator_t* operators;
  size_t count;
  size_t threads;
  struct sequence_barrier barrier;
};

// Tiles of one dimension of `range` elements in tiles of `tile`.
static size_t tiles_of(size_t range, size_t tile) { return xqnn_divide_round_up(range, tile); }

// Calls the compute's task for tiles [first, last) of its row-major tile grid.
static void run_tiles(const struct xqnn_compute* c, size_t first, size_t last) {
  const size_t* r = c->range;
  const size_t* t = c->tile;
  for (size_t index = first; index < last; index++) {
    switch (c->type) {
      case xqnn_parallelization_none:
        return;
      case xqnn_parallelization_1d_tile_1d: {
        const size_t i = index * t[0];
        c->task_1d_tile_1d(c->context, i, xqnn_min_sz(t[0], r[0] - i));
        break;
      }
      case xqnn_parallelization_2d_tile_1d: {
        const size_t tj = tiles_of(r[1], t[0]);
        const size_t j = index % tj * t[0];
        c->task_2d_tile_1d(c->context, index / tj, j, xqnn_min_sz(t[0], r[1] - j));
        break;
      }
      case xqnn_parallelization_2d_tile_2d: {
        const size_t tj = tiles_of(r[1], t[1]);
        const size_t i = index / tj * t[0];
        const size_t j = index % tj * t[1];
        c->task_2d_tile_2d(c->context, i, j, xqnn_min_sz(t[0], r[0] - i), xqnn_min_sz(t[1], r[1] - j));
        break;
      }
      case xqnn_parallelization_3d_tile_2d: {
        const size_t tj = tiles_of(r[1], t[0]), tk = tiles_of(r[2], t[1]);
        const size_t j = index / tk % tj * t[0];
        const size_t k = index % tk * t[1];
        c->task_3d_tile_2d(c->context, index / (tj * tk), j, k, xqnn_min_sz(t[0], r[1] - j),
                           xqnn_min_sz(t[1], r[2] - k));
        break;
      }
      case xqnn_parallelization_4d_tile_2d: {
        const size_t tk = tiles_of(r[2], t[0]), tl = tiles_of(r[3], t[1]);
        const size_t k = index / tl % tk * t[0];
        const size_t l = index % tl * t[1];
        const size_t ij = index / (tk * tl);
        c->task_4d_tile_2d(c->context, ij / r[1], ij % r[1], k, l, xqnn_min_sz(t[0], r[2] - k),
                           xqnn_min_sz(t[1], r[3] - l));
        break;
      }
    }
  }
}

static size_t tile_count(const struct xqnn_compute* c) {
  switch (c->type) {
    case xqnn_parallelization_none:
      return 0;
    case xqnn_parallelization_1d_tile_1d:
      return tiles_of(c->range[0], c->tile[0]);
    case xqnn_parallelization_2d_tile_1d:
      return c->range[0] * tiles_of(c->range[1], c->tile[0]);
    case xqnn_parallelization_2d_tile_2d:
      return tiles_of(c->range[0], c->tile[0]) * tiles_of(c->range[1], c->tile[1]);
    case xqnn_parallelization_3d_tile_2d:
      return c->range[0] * tiles_of(c->range[1], c->tile[0]) * tiles_of(c->range[2], c->tile[1]);
    case xqnn_parallelization_4d_tile_2d:
      return c->range[0] * c->range[1] * tiles_of(c->range[2], c->tile[0]) * tiles_of(c->range[3], c->tile[1]);
  }
  return 0;
}

// A task of pthreadpool_parallelize_1d_tile_1d over `threads` tiles of 1 (the
// call the single-threaded stand-in of src/threadpool/ also has).
static void run_thread_share(void* context, size_t thread, size_t count) {
  assert(count == 1);
  (void) count;
  struct sequence_context* s = context;
  for (size_t o = 0; o < s->count; o++) {
    const struct xqnn_operator* op = s->operators[o];
    if (op->state != xqnn_operator_state_ready) continue;  // skip: nothing to compute
    for (size_t i = 0; i < op->num_computes; i++) {
      const struct xqnn_compute* c = &op->compute[i];
      const size_t tiles = tile_count(c);
      // Contiguous runs of tiles, the first `tiles % threads` one longer.
      const size_t base = tiles / s->threads, extra = tiles % s->threads;
      const size_t first = thread * base + xqnn_min_sz(thread, extra);
      run_tiles(c, first, first + base + (thread < extra ? 1 : 0));
      wait_at_barrier(&s->barrier, s->threads);
    }
  }
}

enum xqnn_status xqnn_run_operators(size_t count, const xqnn_operator_t* operators, pthreadpool_t threadpool) {
  if (count != 0 && operators == NULL) {
    xqnn_log_error("run_operators: operators is NULL");
    return xqnn_status_invalid_parameter;
  }
  for (size_t o = 0; o < count; o++) {
    const xqnn_operator_t op = operators[o];
    if (op == NULL) {
      xqnn_log_error("run_operators: operator %zu is NULL", o);
      return xqnn_status_invalid_parameter;
    }
    if (op->state != xqnn_operator_state_ready && op->state != xqnn_operator_state_skip) {
      xqnn_log_error("run_operators: operator %zu (%s) must be reshaped and set up before it runs", o,
                     xqnn_operator_type_name(op->type));
      return xqnn_status_invalid_state;
    }
  }
  const size_t threads = xqnn_threadpool_size(threadpool);
  if (threads <= 1) {
    for (size_t o = 0; o < count; o++) {
      const enum xqnn_status status = xqnn_run_operator(operators[o], threadpool);
      if (status != xqnn_status_success) return status;
    }
    return xqnn_status_success;
  }
  struct sequence_context s = {.operators = operators, .count = count, .threads = threads};
  atomic_init(&s.barrier.arrived, 0);
  atomic_init(&s.barrier.generation, 0);
  pthreadpool_parallelize_1d_tile_1d(threadpool, run_thread_share, &s, threads, 1, 0);
  return xqnn_status_success;
}
