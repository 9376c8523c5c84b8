// Activation memory of a network: one arena in which tensors that are never
// live at the same time share bytes, as an inference runtime plans it
// (TFLite's arena, XNNPACK's subgraph runtime; tools/xqnn-tflite does the
// same). MobileNet v2 at 224x224: 1.66 MB instead of 6.9 MB of buffers, so
// that a layer's output is still in L2 / L3 when the next layer reads it.
#include <stdbool.h>
#include <stdlib.h>

#include "models.h"

enum { ARENA_ALIGNMENT = 64 };

static size_t aligned_bytes(const struct xqm_network* network, size_t tensor) {
  const size_t bytes = xqm_tensor_bytes(&network->tensors[tensor]);
  return (bytes + ARENA_ALIGNMENT - 1) / ARENA_ALIGNMENT * ARENA_ALIGNMENT;
}

void xqm_tensor_live_range(const struct xqm_network* network, int tensor, size_t* first, size_t* last) {
  const size_t end = network->num_layers;
  bool produced = false, read = false;
  *first = 0;
  *last = end;
  for (size_t i = 0; i < end; i++) {
    const struct xqm_layer* l = &network->layers[i];
    if (l->output == tensor && !produced) {
      *first = i;
      produced = true;
    }
    if (l->input == tensor || l->input2 == tensor) {
      *last = i;
      read = true;
    }
  }
  // The network's input (written before a run) and output (read after it),
  // and any tensor no layer reads, live throughout.
  if (!produced || !read || tensor == network->output) {
    *first = 0;
    *last = end;
  }
}

static bool live_together(const size_t* first, const size_t* last, size_t a, size_t b) {
  return first[a] <= last[b] && first[b] <= last[a];
}

// Largest tensor first, each at the lowest offset clear of every placed
// tensor it is live with (first fit; a few dozen tensors, so quadratic is fine).
size_t xqm_plan_arena(const struct xqm_network* network, size_t* offsets) {
  const size_t count = network->num_tensors;
  size_t* first = calloc(count, sizeof(size_t));
  size_t* last = calloc(count, sizeof(size_t));
  size_t* order = calloc(count, sizeof(size_t));
  bool* placed = calloc(count, sizeof(bool));
  size_t arena = 0;
  if (count != 0 && (first == NULL || last == NULL || order == NULL || placed == NULL)) goto done;
  for (size_t t = 0; t < count; t++) {
    xqm_tensor_live_range(network, (int) t, &first[t], &last[t]);
    // Insertion by size, largest first; ties keep tensor order.
    size_t i = t;
    for (; i > 0 && aligned_bytes(network, order[i - 1]) < aligned_bytes(network, t); i--) order[i] = order[i - 1];
    order[i] = t;
  }
  for (size_t k = 0; k < count; k++) {
    const size_t t = order[k], bytes = aligned_bytes(network, t);
    size_t offset = 0;
    for (bool moved = true; moved;) {
      moved = false;
      for (size_t u = 0; u < count; u++) {
        if (!placed[u] || !live_together(first, last, t, u)) continue;
        const size_t end_u = offsets[u] + aligned_bytes(network, u);
        if (offset < end_u && offsets[u] < offset + bytes) {
          offset = end_u;
          moved = true;
        }
      }
    }
    offsets[t] = offset;
    placed[t] = true;
    if (offset + bytes > arena) arena = offset + bytes;
  }
done:
  free(first);
  free(last);
  free(order);
  free(placed);
  return arena;
}

bool xqm_allocate_tensor_memory(const struct xqm_network* network, enum xqm_memory memory,
                                struct xqm_tensor_memory* m) {
  const size_t count = network->num_tensors;
  *m = (struct xqm_tensor_memory){.count = count};
  m->buffers = calloc(count, sizeof(void*));
  if (m->buffers == NULL) return false;
  if (memory == xqm_memory_arena) {
    size_t* offsets = calloc(count, sizeof(size_t));
    const size_t bytes = offsets != NULL ? xqm_plan_arena(network, offsets) : 0;
    // Zeroed, so the bytes kernels read past a tensor's end (XQNN_EXTRA_BYTES) are defined.
    m->arena = bytes != 0 ? calloc(1, bytes + XQNN_EXTRA_BYTES) : NULL;
    if (m->arena != NULL) {
      for (size_t t = 0; t < count; t++) m->buffers[t] = (char*) m->arena + offsets[t];
    }
    free(offsets);
    if (m->arena == NULL) {
      xqm_free_tensor_memory(m);
      return false;
    }
    return true;
  }
  for (size_t t = 0; t < count; t++) {
    m->buffers[t] = calloc(1, xqm_tensor_bytes(&network->tensors[t]) + XQNN_EXTRA_BYTES);
    if (m->buffers[t] == NULL) {
      xqm_free_tensor_memory(m);
      return false;
    }
  }
  return true;
}

void xqm_free_tensor_memory(struct xqm_tensor_memory* m) {
  if (m->buffers != NULL && m->arena == NULL) {
    for (size_t t = 0; t < m->count; t++) free(m->buffers[t]);
  }
  free(m->arena);
  free(m->buffers);
  *m = (struct xqm_tensor_memory){0};
}
