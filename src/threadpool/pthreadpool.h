// The subset of pthreadpool's API that xqnn uses, for builds without the
// pthreadpool library (CMake option XQNN_USE_PTHREADPOOL=OFF; the default on
// wasm32, which has no threads here). Declarations match pthreadpool's own
// header, so include/xqnn.h and applications compile unchanged.
//
// Policy: there are no worker threads. A pool from pthreadpool_create is a
// token that reports one thread; every pthreadpool_parallelize_* call runs all
// of its tiles on the calling thread, in order, whatever pool (or NULL) it is
// given. Results are the same bits as with a real pool (xqnn's results never
// depend on the thread count).
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pthreadpool* pthreadpool_t;

#define PTHREADPOOL_FLAG_DISABLE_DENORMALS 0x00000001
#define PTHREADPOOL_FLAG_YIELD_WORKERS 0x00000002

typedef void (*pthreadpool_task_1d_tile_1d_t)(void*, size_t, size_t);
typedef void (*pthreadpool_task_2d_tile_1d_t)(void*, size_t, size_t, size_t);
typedef void (*pthreadpool_task_2d_tile_2d_t)(void*, size_t, size_t, size_t, size_t);
typedef void (*pthreadpool_task_3d_tile_2d_t)(void*, size_t, size_t, size_t, size_t, size_t);
typedef void (*pthreadpool_task_4d_tile_2d_t)(void*, size_t, size_t, size_t, size_t, size_t, size_t);

// threads_count is ignored; NULL only when out of memory.
pthreadpool_t pthreadpool_create(size_t threads_count);
// Always 1.
size_t pthreadpool_get_threads_count(pthreadpool_t threadpool);
void pthreadpool_destroy(pthreadpool_t threadpool);

void pthreadpool_parallelize_1d_tile_1d(pthreadpool_t threadpool, pthreadpool_task_1d_tile_1d_t function,
                                        void* context, size_t range, size_t tile, uint32_t flags);
void pthreadpool_parallelize_2d_tile_1d(pthreadpool_t threadpool, pthreadpool_task_2d_tile_1d_t function,
                                        void* context, size_t range_i, size_t range_j, size_t tile_j,
                                        uint32_t flags);
void pthreadpool_parallelize_2d_tile_2d(pthreadpool_t threadpool, pthreadpool_task_2d_tile_2d_t function,
                                        void* context, size_t range_i, size_t range_j, size_t tile_i,
                                        size_t tile_j, uint32_t flags);
void pthreadpool_parallelize_3d_tile_2d(pthreadpool_t threadpool, pthreadpool_task_3d_tile_2d_t function,
                                        void* context, size_t range_i, size_t range_j, size_t range_k,
                                        size_t tile_j, size_t tile_k, uint32_t flags);
void pthreadpool_parallelize_4d_tile_2d(pthreadpool_t threadpool, pthreadpool_task_4d_tile_2d_t function,
                                        void* context, size_t range_i, size_t range_j, size_t range_k,
                                        size_t range_l, size_t tile_k, size_t tile_l, uint32_t flags);

#ifdef __cplusplus
}  // extern "C"
#endif
