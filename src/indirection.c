// Indirection buffers (layout and contract in src/xqnn/indirection.h).
#include "xqnn/indirection.h"

#include <assert.h>
#include <stdbool.h>

#include "xqnn/math.h"

// ---- deconvolution sub-convolutions ----

bool xqnn_indirection_subconv2d_size(const struct xqnn_subconv2d_indirection* p, size_t* pointers) {
  const size_t ks = xqnn_max_sz(p->num_taps_y * p->num_taps_x, 1);
  size_t n;
  if (!xqnn_mul_sz(p->rows, xqnn_round_up(p->width, p->mr), &n) || !xqnn_mul_sz(n, ks, &n)) {
    return false;
  }
  *pointers = n;
  return true;
}

// Input index along one dimension for output position `out` of the phase and
// kernel tap `k`, or SIZE_MAX when it falls outside the input. `out + padding`
// cannot overflow: it is below the unpadded output size, checked at reshape.
static size_t subconv_input_index(
    size_t out, size_t padding, size_t k, size_t dilation, size_t stride, size_t input_size) {
  const size_t position = out + padding;
  const size_t tap_offset = k * dilation;
  if (position < tap_offset) return SIZE_MAX;
  assert((position - tap_offset) % stride == 0);
  const size_t index = (position - tap_offset) / stride;
  return index < input_size ? index : SIZE_MAX;
}

void xqnn_indirection_init_subconv2d(
    const struct xqnn_subconv2d_indirection* p, const void** indirection) {
  assert(p->rows != 0 && p->width != 0 && p->mr != 0);
  const bool bias_only = p->num_taps_y == 0 || p->num_taps_x == 0;
  const size_t ks = bias_only ? 1 : p->num_taps_y * p->num_taps_x;
  const size_t padded_width = xqnn_round_up(p->width, p->mr);
  const void** out = indirection;
  for (size_t j = 0; j < p->rows; j++) {
    const size_t oy = p->phase_y + j * p->stride_height;
    for (size_t i0 = 0; i0 < padded_width; i0 += p->mr) {
      for (size_t t = 0; t < ks; t++) {
        for (size_t ii = 0; ii < p->mr; ii++) {
          const size_t i = xqnn_min_sz(i0 + ii, p->width - 1);
          const void* pointer = p->zero;
          if (!bias_only) {
            const size_t ox = p->phase_x + i * p->stride_width;
            const size_t iy = subconv_input_index(oy, p->padding_top, p->taps_y[t / p->num_taps_x],
                                                  p->dilation_height, p->stride_height, p->input_height);
            const size_t ix = subconv_input_index(ox, p->padding_left, p->taps_x[t % p->num_taps_x],
                                                  p->dilation_width, p->stride_width, p->input_width);
            if (iy != SIZE_MAX && ix != SIZE_MAX) {
              pointer = (const void*) (uintptr_t) ((iy * p->input_width + ix) * p->input_pixel_stride);
            }
          }
          *out++ = pointer;
        }
      }
    }
  }
}
