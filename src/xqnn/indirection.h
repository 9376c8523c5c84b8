// Indirection buffers of convolution-like operators (src/indirection.c).
//
// Entries are byte OFFSETS of input pixels from the image base, stored as
// pointers: (const void*) (uintptr_t) offset. Padding taps hold the `zero`
// pointer itself (a buffer filled with the input zero point). Tile functions
// turn offsets into addresses by adding a_offset = image base (+ group) with
// uintptr_t arithmetic, so one buffer serves every image of a batch and is
// built at reshape, not at setup.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// Geometry of one 2D convolution, all sizes in elements / pixels.
struct xqnn_conv2d_geometry {
  size_t input_height, input_width;
  size_t output_height, output_width;
  size_t kernel_height, kernel_width;
  size_t stride_height, stride_width;
  size_t dilation_height, dilation_width;
  size_t padding_top, padding_left;
  size_t input_pixel_stride_bytes;  // bytes between consecutive input pixels
};

// igemm: for the tile of output pixels starting at m (a multiple of mr), the
// ks * mr pointers at buffer + m * ks, ordered [tap][mr] with
// tap = ky * kernel_width + kx. M = output_height * output_width is padded to
// a multiple of mr; rows past M repeat pixel M - 1 (valid offsets).
// Number of pointers: round_up(M, mr) * ks. Returns false on size_t overflow.
bool xqnn_conv2d_indirection_size(const struct xqnn_conv2d_geometry* g, size_t mr, size_t* count);
void xqnn_init_conv2d_indirection(
    const struct xqnn_conv2d_geometry* g, size_t mr, const void* zero, const void** buffer);

// dwconv (XNNPACK layout): taps in column-major order (t = kx * kernel_height
// + ky, the order of packed dwconv weights). Output pixel (oy, ox) reads its
// kernel_size pointers at buffer + oy * step_height + ox * step_width * kernel_height,
// where step_width = dilation_width == 1 ? min(stride_width, kernel_width) : kernel_width
// and step_height = kernel_size + (output_width - 1) * step_width * kernel_height:
// with unit dilation, horizontally adjacent pixels share the overlapping columns.
struct xqnn_dwconv_indirection_layout {
  size_t step_width;   // in columns of kernel_height pointers
  size_t step_height;  // pointers per output row
  size_t count;        // pointers in the buffer: output_height * step_height
};
bool xqnn_dwconv_indirection_layout(
    const struct xqnn_conv2d_geometry* g, struct xqnn_dwconv_indirection_layout* layout);
void xqnn_init_dwconv_indirection(
    const struct xqnn_conv2d_geometry* g, const struct xqnn_dwconv_indirection_layout* layout,
    const void* zero, const void** buffer);

#ifdef __cplusplus
}  // extern "C"
#endif
