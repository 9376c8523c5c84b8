// Aligned allocation for packed weights, indirection and zero buffers.
#include <stdlib.h>
#include <string.h>

#include "xqnn/common.h"
#include "xqnn/math.h"
#include "xqnn/operator.h"

void* xqnn_allocate_zero(size_t size) {
  if (size == 0) return NULL;
  size_t rounded;
  if (!xqnn_add_sz(size, XQNN_ALLOCATION_ALIGNMENT - 1, &rounded)) return NULL;
  rounded = xqnn_round_down_po2(rounded, XQNN_ALLOCATION_ALIGNMENT);
  void* ptr = aligned_alloc(XQNN_ALLOCATION_ALIGNMENT, rounded);
  if (ptr != NULL) memset(ptr, 0, rounded);
  return ptr;
}

void xqnn_release(void* ptr) { free(ptr); }
