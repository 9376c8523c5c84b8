// Indirection buffers for convolution (igemm) and depthwise convolution
// (dwconv); layouts in src/xqnn/indirection.h.
//
// Input coordinates are computed in size_t: iy = oy * stride + ky * dilation -
// padding wraps around (well defined for unsigned types) when the tap falls in
// the top / left padding, so one comparison `iy < input_height` rejects both
// sides.
#include <assert.h>
#include <stdbool.h>

#include "xqnn/indirection.h"
#include "xqnn/math.h"

static inline const void* tap_pointer(const struct xqnn_conv2d_geometry* g, size_t iy, size_t ix,
                                      const void* zero) {
  if (iy < g->input_height && ix < g->input_width) {
    return (const void*) (uintptr_t) ((iy * g->input_width + ix) * g->input_pixel_stride_bytes);
  }
  return zero;
}

bool xqnn_conv2d_indirection_size(const struct xqnn_conv2d_geometry* g, size_t mr, size_t* count) {
  size_t m, ks, m_padded;
  if (!xqnn_mul_sz(g->output_height, g->output_width, &m)) return false;
  if (!xqnn_mul_sz(g->kernel_height, g->kernel_width, &ks)) return false;
  if (!xqnn_add_sz(m, mr - 1, &m_padded)) return false;
  m_padded = m_padded / mr * mr;
  return xqnn_mul_sz(m_padded, ks, count) && xqnn_mul_sz(*count, sizeof(void*), &m);
}

void xqnn_init_conv2d_indirection(
    const struct xqnn_conv2d_geometry* g, size_t mr, const void* zero, const void** buffer) {
  assert(mr != 0);
  const size_t ow = g->output_width;
  const size_t m = g->output_height * ow;
  const size_t m_padded = xqnn_round_up(m, mr);
  const size_t ks = g->kernel_height * g->kernel_width;
  for (size_t tile = 0; tile < m_padded; tile += mr) {
    const void** tile_buffer = buffer + tile * ks;
    for (size_t i = 0; i < mr; i++) {
      const size_t pixel = xqnn_min_sz(tile + i, m - 1);
      const size_t oy = pixel / ow;
      const size_t ox = pixel % ow;
      for (size_t ky = 0; ky < g->kernel_height; ky++) {
        const size_t iy = oy * g->stride_height + ky * g->dilation_height - g->padding_top;
        for (size_t kx = 0; kx < g->kernel_width; kx++) {
          const size_t ix = ox * g->stride_width + kx * g->dilation_width - g->padding_left;
          tile_buffer[(ky * g->kernel_width + kx) * mr + i] = tap_pointer(g, iy, ix, zero);
        }
      }
    }
  }
}

bool xqnn_dwconv_indirection_layout(
    const struct xqnn_conv2d_geometry* g, struct xqnn_dwconv_indirection_layout* layout) {
  size_t ks, column, row, count, bytes;
  const size_t step_width =
      g->dilation_width == 1 ? xqnn_min_sz(g->stride_width, g->kernel_width) : g->kernel_width;
  if (!xqnn_mul_sz(g->kernel_height, g->kernel_width, &ks)) return false;
  if (!xqnn_mul_sz(step_width, g->kernel_height, &column)) return false;
  if (!xqnn_mul_sz(g->output_width - 1, column, &row)) return false;
  if (!xqnn_add_sz(row, ks, &row)) return false;
  if (!xqnn_mul_sz(g->output_height, row, &count)) return false;
  if (!xqnn_mul_sz(count, sizeof(void*), &bytes)) return false;
  layout->step_width = step_width;
  layout->step_height = row;
  layout->count = count;
  return true;
}

void xqnn_init_dwconv_indirection(
    const struct xqnn_conv2d_geometry* g, const struct xqnn_dwconv_indirection_layout* layout,
    const void* zero, const void** buffer) {
  const size_t kh = g->kernel_height;
  for (size_t oy = 0; oy < g->output_height; oy++) {
    const void** row = buffer + oy * layout->step_height;
    for (size_t ox = 0; ox < g->output_width; ox++) {
      const void** pixel = row + ox * layout->step_width * kh;
      for (size_t kx = 0; kx < g->kernel_width; kx++) {
        const size_t ix = ox * g->stride_width + kx * g->dilation_width - g->padding_left;
        for (size_t ky = 0; ky < kh; ky++) {
          const size_t iy = oy * g->stride_height + ky * g->dilation_height - g->padding_top;
          pixel[kx * kh + ky] = tap_pointer(g, iy, ix, zero);
        }
      }
    }
  }
}

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
