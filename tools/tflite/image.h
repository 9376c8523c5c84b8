// Images for the TFLite runner: 24-bit BMP decoding and bilinear resizing.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

// Interleaved RGB, top row first, width * height * 3 bytes.
struct xqt_image {
  size_t width;
  size_t height;
  uint8_t* rgb;
};

#define XQT_MAX_IMAGE_SIDE 32768

// Decodes an uncompressed 24-bit BMP (BITMAPINFOHEADER or later, bottom-up or
// top-down rows). Anything else, or a truncated file, is an error.
bool xqt_bmp_decode(const void* data, size_t size, struct xqt_image* image, struct xqt_error* err);
bool xqt_bmp_load(const char* path, struct xqt_image* image, struct xqt_error* err);
void xqt_image_free(struct xqt_image* image);

// Bilinear resize of interleaved `channels`-channel 8-bit pixels, pixel
// centres aligned (TensorFlow's half_pixel_centers, no crop):
//   src = (dst + 0.5) * src_size / dst_size - 0.5, clamped to [0, src_size - 1];
//   out = floor(interpolated + 0.5)   (each channel rounded half up).
void xqt_resize_bilinear(const uint8_t* src, size_t src_width, size_t src_height, uint8_t* dst,
                         size_t dst_width, size_t dst_height, size_t channels);

#ifdef __cplusplus
}  // extern "C"
#endif
