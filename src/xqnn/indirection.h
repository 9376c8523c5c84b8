// Indirection buffers for igemm-based operators (src/indirection.c).
//
// Contract (src/xqnn/compute.h, src/xqnn/microkernels.h): an indirection
// buffer holds, per tile of mr output pixels, ks * mr pointers ordered
// [tap][mr]. Each pointer is a byte offset from the image's (and group's)
// input base stored as a pointer, or exactly `zero` (a row of the input zero
// point, used as is). Tiles are padded to mr pixels with valid pointers.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

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
