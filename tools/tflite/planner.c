#include "planner.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>

struct sort_key {
  size_t size;
  size_t index;
};

static int compare_by_size(const void* a, const void* b) {
  const struct sort_key* x = a;
  const struct sort_key* y = b;
  if (x->size != y->size) {
    return x->size > y->size ? -1 : 1;
  }
  return x->index < y->index ? -1 : (x->index > y->index ? 1 : 0);  // deterministic plans
}

static bool overlaps(const struct xqt_buffer_request* a, const struct xqt_buffer_request* b) {
  return a->first <= b->last && b->first <= a->last;
}

bool xqt_plan_memory(size_t count, const struct xqt_buffer_request* requests, size_t alignment,
                     size_t* offsets, size_t* arena_size) {
  assert(alignment != 0 && (alignment & (alignment - 1)) == 0);
  *arena_size = 0;
  if (count == 0) {
    return true;
  }
  struct sort_key* order = malloc(count * sizeof(struct sort_key));
  size_t* placed = malloc(count * sizeof(size_t));  // placed buffer indices, sorted by offset
  if (order == NULL || placed == NULL) {
    free(order);
    free(placed);
    return false;
  }
  for (size_t i = 0; i < count; i++) {
    order[i].size = requests[i].size;
    order[i].index = i;
    assert(requests[i].first <= requests[i].last);
  }
  qsort(order, count, sizeof(struct sort_key), compare_by_size);

  bool ok = true;
  size_t num_placed = 0;
  size_t total = 0;
  for (size_t k = 0; k < count && ok; k++) {
    const size_t i = order[k].index;
    const size_t size = requests[i].size;
    if (size > SIZE_MAX / 2) {
      ok = false;
      break;
    }
    const size_t padded = (size + alignment - 1) & ~(alignment - 1);
    // Scan placed buffers in offset order; take the first gap that fits.
    size_t candidate = 0;
    for (size_t p = 0; p < num_placed; p++) {
      const size_t j = placed[p];
      if (!overlaps(&requests[i], &requests[j])) {
        continue;
      }
      const size_t j_end = offsets[j] + ((requests[j].size + alignment - 1) & ~(alignment - 1));
      if (offsets[j] >= candidate + padded) {
        break;  // the gap before buffer j fits (placed is sorted by offset)
      }
      if (j_end > candidate) {
        candidate = j_end;
      }
    }
    offsets[i] = candidate;
    if (candidate > SIZE_MAX / 2 - padded) {
      ok = false;
      break;
    }
    if (candidate + padded > total) {
      total = candidate + padded;
    }
    // Insert into `placed`, keeping it sorted by offset.
    size_t pos = num_placed;
    while (pos > 0 && offsets[placed[pos - 1]] > candidate) {
      placed[pos] = placed[pos - 1];
      pos--;
    }
    placed[pos] = i;
    num_placed++;
  }
  free(order);
  free(placed);
  *arena_size = total;
  return ok;
}
