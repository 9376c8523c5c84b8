// Single-threaded stand-in for pthreadpool (see pthreadpool.h beside this
// file): every tile runs on the calling thread, in row-major order.
#include <stdlib.h>

#include "pthreadpool.h"

struct pthreadpool {
  int unused;
};

static size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

pthreadpool_t pthreadpool_create(size_t threads_count) {
  (void) threads_count;
  return calloc(1, sizeof(struct pthreadpool));
}

size_t pthreadpool_get_threads_count(pthreadpool_t threadpool) {
  (void) threadpool;
  return 1;
}

void pthreadpool_destroy(pthreadpool_t threadpool) { free(threadpool); }

void pthreadpool_parallelize_1d_tile_1d(pthreadpool_t threadpool, pthreadpool_task_1d_tile_1d_t function,
                                        void* context, size_t range, size_t tile, uint32_t flags) {
  (void) threadpool;
  (void) flags;
  for (size_t i = 0; i < range; i += tile) function(context, i, min_size(tile, range - i));
}

void pthreadpool_parallelize_2d_tile_1d(pthreadpool_t threadpool, pthreadpool_task_2d_tile_1d_t function,
                                        void* context, size_t range_i, size_t range_j, size_t tile_j,
                                        uint32_t flags) {
  (void) threadpool;
  (void) flags;
  for (size_t i = 0; i < range_i; i++) {
    for (size_t j = 0; j < range_j; j += tile_j) function(context, i, j, min_size(tile_j, range_j - j));
  }
}

void pthreadpool_parallelize_2d_tile_2d(pthreadpool_t threadpool, pthreadpool_task_2d_tile_2d_t function,
                                        void* context, size_t range_i, size_t range_j, size_t tile_i,
                                        size_t tile_j, uint32_t flags) {
  (void) threadpool;
  (void) flags;
  for (size_t i = 0; i < range_i; i += tile_i) {
    for (size_t j = 0; j < range_j; j += tile_j) {
      function(context, i, j, min_size(tile_i, range_i - i), min_size(tile_j, range_j - j));
    }
  }
}

void pthreadpool_parallelize_3d_tile_2d(pthreadpool_t threadpool, pthreadpool_task_3d_tile_2d_t function,
                                        void* context, size_t range_i, size_t range_j, size_t range_k,
                                        size_t tile_j, size_t tile_k, uint32_t flags) {
  (void) threadpool;
  (void) flags;
  for (size_t i = 0; i < range_i; i++) {
    for (size_t j = 0; j < range_j; j += tile_j) {
      for (size_t k = 0; k < range_k; k += tile_k) {
        function(context, i, j, k, min_size(tile_j, range_j - j), min_size(tile_k, range_k - k));
      }
    }
  }
}

void pthreadpool_parallelize_4d_tile_2d(pthreadpool_t threadpool, pthreadpool_task_4d_tile_2d_t function,
                                        void* context, size_t range_i, size_t range_j, size_t range_k,
                                        size_t range_l, size_t tile_k, size_t tile_l, uint32_t flags) {
  (void) threadpool;
  (void) flags;
  for (size_t i = 0; i < range_i; i++) {
    for (size_t j = 0; j < range_j; j++) {
      for (size_t k = 0; k < range_k; k += tile_k) {
        for (size_t l = 0; l < range_l; l += tile_l) {
          function(context, i, j, k, l, min_size(tile_k, range_k - k), min_size(tile_l, range_l - l));
        }
      }
    }
  }
}
