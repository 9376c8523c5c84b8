// xqnn_run_operators: a sequence of operators in one pthreadpool call.
//
// Each pthreadpool_parallelize_* call costs ~2 us on top of its work on a
// 2-vCPU VM (bench/threadpool.cc: a mutex, a futex wake per worker, the
// worker's check-in, cache lines handed between cores), which a network of
// many short layers pays once per operator. Here the pool runs one task per
// thread; each thread works through every operator's tiles in order and the
// threads meet at a barrier between computes (~0.1-0.3 us).
//
// Tiles are shared as pthreadpool shares them: each thread owns one
// contiguous run of the compute's tiles (in pthreadpool's order, the last
// dimension fastest) and claims them from the front; a thread done with its
// own claims the others' from the back, so a core that runs slower (VMs'
// vCPUs often do) does not hold the rest at the barrier. A task is called with
// exactly the arguments pthreadpool would pass for that tile, so results are
// those of xqnn_run_operator (every tile writes its own outputs).
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

// Tiles of one dimension of `range` elements in tiles of `tile`.
static size_t tiles_of(size_t range, size_t tile) { return xqnn_divide_round_up(range, tile); }

// Calls the compute's task for tile `index` of its row-major tile grid.
static void run_tile(const struct xqnn_compute* c, size_t index) {
  const size_t* r = c->range;
  const size_t* t = c->tile;
  switch (c->type) {
    case xqnn_parallelization_none:
      return;
    case xqnn_parallelization_1d_tile_1d: {
      const size_t i = index * t[0];
      c->task_1d_tile_1d(c->context, i, xqnn_min_sz(t[0], r[0] - i));
      return;
    }
    case xqnn_parallelization_2d_tile_1d: {
      const size_t tj = tiles_of(r[1], t[0]);
      const size_t j = index % tj * t[0];
      c->task_2d_tile_1d(c->context, index / tj, j, xqnn_min_sz(t[0], r[1] - j));
      return;
    }
    case xqnn_parallelization_2d_tile_2d: {
      const size_t tj = tiles_of(r[1], t[1]);
      const size_t i = index / tj * t[0];
      const size_t j = index % tj * t[1];
      c->task_2d_tile_2d(c->context, i, j, xqnn_min_sz(t[0], r[0] - i), xqnn_min_sz(t[1], r[1] - j));
      return;
    }
    case xqnn_parallelization_3d_tile_2d: {
      const size_t tj = tiles_of(r[1], t[0]), tk = tiles_of(r[2], t[1]);
      const size_t j = index / tk % tj * t[0];
      const size_t k = index % tk * t[1];
      c->task_3d_tile_2d(c->context, index / (tj * tk), j, k, xqnn_min_sz(t[0], r[1] - j),
                         xqnn_min_sz(t[1], r[2] - k));
      return;
    }
    case xqnn_parallelization_4d_tile_2d: {
      const size_t tk = tiles_of(r[2], t[0]), tl = tiles_of(r[3], t[1]);
      const size_t k = index / tl % tk * t[0];
      const size_t l = index % tl * t[1];
      const size_t ij = index / (tk * tl);
      c->task_4d_tile_2d(c->context, ij / r[1], ij % r[1], k, l, xqnn_min_sz(t[0], r[2] - k),
                         xqnn_min_sz(t[1], r[3] - l));
      return;
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

// Threads xqnn_run_operators shares tiles between (more: one
// xqnn_run_operator call per operator instead).
enum { MAX_SEQUENCE_THREADS = 64 };

// One thread's run of a compute's tiles: its owner claims them from the
// front, other threads from the back; `remaining` counts the unclaimed ones,
// so the two ends never cross. One cache line per thread.
struct tile_run {
  _Alignas(64) atomic_size_t remaining;
  atomic_size_t front, back;
};

struct sequence_context {
  const xqnn_operator_t* operators;
  size_t count;
  size_t threads;
  struct sequence_barrier barrier;
  // Runs of compute k in runs[k % 2]: a thread sets its run of compute k + 1
  // before it arrives at the barrier after compute k, when no thread can still
  // be claiming from the runs of compute k - 1.
  struct tile_run runs[2][MAX_SEQUENCE_THREADS];
};

// The compute at or after compute *i of operator *o among the operators that
// are ready (skip: nothing to compute), or NULL past the last.
static const struct xqnn_compute* find_compute(const struct sequence_context* s, size_t* o, size_t* i) {
  for (; *o < s->count; (*o)++, *i = 0) {
    const struct xqnn_operator* op = s->operators[*o];
    if (op->state == xqnn_operator_state_ready && *i < op->num_computes) return &op->compute[*i];
  }
  return NULL;
}

// Thread `thread`'s run of `tiles` tiles: contiguous, the first `tiles % threads` runs one longer.
static void set_run(struct tile_run* run, size_t thread, size_t threads, size_t tiles) {
  const size_t base = tiles / threads, extra = tiles % threads;
  const size_t first = thread * base + xqnn_min_sz(thread, extra);
  const size_t length = base + (thread < extra ? 1 : 0);
  atomic_store_explicit(&run->front, first, memory_order_relaxed);
  atomic_store_explicit(&run->back, first + length, memory_order_relaxed);
  atomic_store_explicit(&run->remaining, length, memory_order_relaxed);
}

static bool claim_tile(atomic_size_t* remaining) {
  size_t n = atomic_load_explicit(remaining, memory_order_relaxed);
  while (n != 0) {
    if (atomic_compare_exchange_weak_explicit(remaining, &n, n - 1, memory_order_relaxed, memory_order_relaxed)) {
      return true;
    }
  }
  return false;
}

static void run_compute(const struct xqnn_compute* c, struct tile_run* runs, size_t thread, size_t threads) {
  struct tile_run* own = &runs[thread];
  while (claim_tile(&own->remaining)) {
    run_tile(c, atomic_fetch_add_explicit(&own->front, 1, memory_order_relaxed));
  }
  for (size_t d = 1; d < threads; d++) {
    struct tile_run* other = &runs[(thread + d) % threads];
    while (claim_tile(&other->remaining)) {
      run_tile(c, atomic_fetch_sub_explicit(&other->back, 1, memory_order_relaxed) - 1);
    }
  }
}

// A task of pthreadpool_parallelize_1d_tile_1d over `threads` tiles of 1 (the
// call the single-threaded stand-in of src/threadpool/ also has).
static void run_thread_share(void* context, size_t thread, size_t count) {
  assert(count == 1);
  (void) count;
  struct sequence_context* s = context;
  size_t o = 0, i = 0;
  const struct xqnn_compute* c = find_compute(s, &o, &i);
  for (size_t k = 0; c != NULL; k++) {
    run_compute(c, s->runs[k % 2], thread, s->threads);
    i++;
    const struct xqnn_compute* next = find_compute(s, &o, &i);
    if (next == NULL) break;  // pthreadpool joins the threads
    set_run(&s->runs[(k + 1) % 2][thread], thread, s->threads, tile_count(next));
    wait_at_barrier(&s->barrier, s->threads);
    c = next;
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
  if (threads <= 1 || threads > MAX_SEQUENCE_THREADS) {
    for (size_t o = 0; o < count; o++) {
      const enum xqnn_status status = xqnn_run_operator(operators[o], threadpool);
      if (status != xqnn_status_success) return status;
    }
    return xqnn_status_success;
  }
  struct sequence_context s = {.operators = operators, .count = count, .threads = threads};
  atomic_init(&s.barrier.arrived, 0);
  atomic_init(&s.barrier.generation, 0);
  size_t o = 0, i = 0;
  const struct xqnn_compute* first = find_compute(&s, &o, &i);
  if (first == NULL) return xqnn_status_success;  // every operator was reshaped to nothing
  for (size_t t = 0; t < threads; t++) set_run(&s.runs[0][t], t, threads, tile_count(first));
  pthreadpool_parallelize_1d_tile_1d(threadpool, run_thread_share, &s, threads, 1, xqnn_threadpool_flags(threadpool));
  return xqnn_status_success;
}
