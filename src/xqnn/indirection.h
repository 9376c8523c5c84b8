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

// ---- deconvolution: one sub-convolution (output stride phase) ----
//
// The phase holds output pixels oy = phase_y + j * stride_height (j < rows),
// ox = phase_x + i * stride_width (i < width). Output pixel (oy, ox) receives
// input pixel (iy, ix) through kernel tap (ky, kx) when
//   oy + padding_top  = iy * stride_height + ky * dilation_height, and
//   ox + padding_left = ix * stride_width  + kx * dilation_width;
// taps_y / taps_x list the kernel rows / columns whose positions fall on this
// phase (so the division is exact), in the order the weights are packed: tap
// t = ty * num_taps_x + tx. A tap whose input pixel lies outside the input
// points at `zero`. A phase without taps (num_taps_y or num_taps_x is 0) gets
// one tap of `zero` per pixel (it is packed with neutral weights: bias only).
struct xqnn_subconv2d_indirection {
  size_t input_height, input_width;
  size_t input_pixel_stride;  // bytes between input pixels
  size_t stride_height, stride_width;
  size_t dilation_height, dilation_width;
  size_t padding_top, padding_left;
  size_t phase_y, phase_x;
  size_t rows, width;  // output pixels of the phase, both non-zero
  size_t mr;
  const uint32_t* taps_y;
  size_t num_taps_y;
  const uint32_t* taps_x;
  size_t num_taps_x;
  const void* zero;
};

// Number of pointers xqnn_indirection_init_subconv2d writes:
// rows * round_up(width, mr) * max(num_taps_y * num_taps_x, 1); false on overflow.
bool xqnn_indirection_subconv2d_size(const struct xqnn_subconv2d_indirection* p, size_t* pointers);

// Layout: [row j][tile of mr pixels][tap][mr]; row j starts at
// indirection + j * round_up(width, mr) * ks. Pixels width..round_up(width, mr)-1
// repeat pixel width - 1.
void xqnn_indirection_init_subconv2d(
    const struct xqnn_subconv2d_indirection* p, const void** indirection);

#ifdef __cplusplus
}  // extern "C"
#endif
