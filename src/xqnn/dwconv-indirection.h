// The indirection step every dwconv body shares (scalar and SIMD).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "xqnn/common.h"

// Resolves `count` indirection entries: `zero` as is, others offset by input_offset.
static XQNN_INLINE void xqnn_dwconv_resolve_taps(
    const void** input, size_t count, size_t input_offset, const void* zero, const uint8_t** taps) {
  for (size_t t = 0; t < count; t++) {
    const void* p = input[t];
    taps[t] = p == zero ? (const uint8_t*) zero : (const uint8_t*) ((uintptr_t) p + input_offset);
  }
}
