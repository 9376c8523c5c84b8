// Indirection buffers of the 2D pooling operators (src/xqnn/pooling-indirection.h).
#include "xqnn/pooling-indirection.h"

#include "xqnn/math.h"

size_t xqnn_pooling_taps_inside(size_t input, uint32_t pooling, uint32_t dilation) {
  return xqnn_min_sz(pooling, (input - 1) / dilation + 1);
}

void xqnn_pooling_inside_range(size_t start, size_t pad, size_t input, uint32_t pooling, uint32_t dilation,
                               size_t* first, size_t* end) {
  // start + i * dilation - pad >= 0, and <= input - 1 (input + pad fits size_t: reshape checked).
  size_t lo = start >= pad ? 0 : (pad - start + dilation - 1) / dilation;
  size_t hi = input - 1 + pad < start ? 0 : (input - 1 + pad - start) / dilation + 1;
  hi = xqnn_min_sz(hi, pooling);
  *first = xqnn_min_sz(lo, hi);
  *end = hi;
}

void xqnn_pooling_init_indirection(const struct xqnn_convolution_geometry* g, size_t input_height,
                                   size_t input_width, size_t output_height, size_t output_width,
                                   size_t pad_top, size_t pad_left, size_t taps, const void* pad,
                                   const void** indirection) {
  const size_t pixel_bytes = g->input_pixel_stride;  // 1-byte elements
  for (size_t oy = 0; oy < output_height; oy++) {
    size_t i0, i1;
    xqnn_pooling_inside_range(oy * g->stride_height, pad_top, input_height, g->kernel_height,
                              g->dilation_height, &i0, &i1);
    for (size_t ox = 0; ox < output_width; ox++) {
      size_t j0, j1;
      xqnn_pooling_inside_range(ox * g->stride_width, pad_left, input_width, g->kernel_width,
                                g->dilation_width, &j0, &j1);
      const void** end = indirection + taps;
      for (size_t i = i0; i < i1; i++) {
        const size_t y = oy * g->stride_height + i * g->dilation_height - pad_top;
        for (size_t j = j0; j < j1; j++) {
          const size_t x = ox * g->stride_width + j * g->dilation_width - pad_left;
          *indirection++ = (const void*) (uintptr_t) ((y * input_width + x) * pixel_bytes);
        }
      }
      while (indirection < end) *indirection++ = pad;
    }
  }
}
