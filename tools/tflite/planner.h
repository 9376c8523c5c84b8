// Activation memory planner: places buffers in one arena so that buffers whose
// lifetimes overlap never share bytes, and buffers whose lifetimes do not
// overlap may.
//
// Lifetimes are closed intervals of operator indices [first, last]: a buffer
// is written by operator `first` and last read by operator `last`. The input
// and the output of one operator therefore always overlap (operators do not
// run in place). Placement is greedy by size (TFLite's arena planner's
// strategy): largest buffers first, each at the lowest aligned offset that
// does not collide with an already placed, lifetime-overlapping buffer.
#pragma once

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct xqt_buffer_request {
  size_t size;      // bytes; 0 is allowed (gets offset 0)
  size_t first;     // first operator index using the buffer
  size_t last;      // last operator index using the buffer (>= first)
};

// Computes offsets[i] (multiples of `alignment`, a power of two) and returns the
// arena size in *arena_size. Returns false on out-of-memory or size overflow.
bool xqt_plan_memory(size_t count, const struct xqt_buffer_request* requests, size_t alignment,
                     size_t* offsets, size_t* arena_size);

#ifdef __cplusplus
}  // extern "C"
#endif
