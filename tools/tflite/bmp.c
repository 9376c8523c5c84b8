#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"

static uint32_t le32(const uint8_t* p) {
  return (uint32_t) p[0] | ((uint32_t) p[1] << 8) | ((uint32_t) p[2] << 16) | ((uint32_t) p[3] << 24);
}
static uint16_t le16(const uint8_t* p) { return (uint16_t) (p[0] | (p[1] << 8)); }

bool xqt_bmp_decode(const void* data, size_t size, struct xqt_image* image, struct xqt_error* err) {
  const uint8_t* b = data;
  image->width = image->height = 0;
  image->rgb = NULL;
  if (size < 54 || b[0] != 'B' || b[1] != 'M') {
    return xqt_fail(err, "BMP: not a BMP file (no 'BM' header)");
  }
  const uint32_t pixel_offset = le32(b + 10);
  const uint32_t header_size = le32(b + 14);
  if (header_size < 40) {
    return xqt_fail(err, "BMP: header of %u bytes unsupported (need BITMAPINFOHEADER)", header_size);
  }
  const int32_t width = (int32_t) le32(b + 18);
  const int32_t raw_height = (int32_t) le32(b + 22);
  const uint16_t planes = le16(b + 26);
  const uint16_t bpp = le16(b + 28);
  const uint32_t compression = le32(b + 30);
  if (planes != 1 || bpp != 24 || compression != 0) {
    return xqt_fail(err, "BMP: only uncompressed 24-bit images are supported (got %u bpp, compression %u)",
                    bpp, compression);
  }
  if (width <= 0 || raw_height == 0 || raw_height == INT32_MIN || width > XQT_MAX_IMAGE_SIDE) {
    return xqt_fail(err, "BMP: invalid size %d x %d", (int) width, (int) raw_height);
  }
  const bool top_down = raw_height < 0;
  const size_t height = (size_t) (top_down ? -(int64_t) raw_height : raw_height);
  if (height > XQT_MAX_IMAGE_SIDE) {
    return xqt_fail(err, "BMP: invalid height %zu", height);
  }
  const size_t row_bytes = ((size_t) width * 3 + 3) & ~(size_t) 3;
  // The last row need not carry its padding.
  const size_t needed = row_bytes * (height - 1) + (size_t) width * 3;
  if (pixel_offset > size || needed > size - pixel_offset) {
    return xqt_fail(err, "BMP: truncated pixel data (%zu bytes needed at offset %u, file has %zu)",
                    needed, pixel_offset, size);
  }
  uint8_t* rgb = malloc((size_t) width * height * 3);
  if (rgb == NULL) {
    return xqt_fail(err, "BMP: out of memory");
  }
  for (size_t y = 0; y < height; y++) {
    const size_t src_row = top_down ? y : height - 1 - y;
    const uint8_t* s = b + pixel_offset + src_row * row_bytes;
    uint8_t* d = rgb + y * (size_t) width * 3;
    for (size_t x = 0; x < (size_t) width; x++) {
      d[3 * x + 0] = s[3 * x + 2];
      d[3 * x + 1] = s[3 * x + 1];
      d[3 * x + 2] = s[3 * x + 0];
    }
  }
  image->width = (size_t) width;
  image->height = height;
  image->rgb = rgb;
  return true;
}

bool xqt_bmp_load(const char* path, struct xqt_image* image, struct xqt_error* err) {
  image->rgb = NULL;
  FILE* f = fopen(path, "rb");
  if (f == NULL) {
    return xqt_fail(err, "%s: %s", path, strerror(errno));
  }
  uint8_t* bytes = NULL;
  size_t size = 0, capacity = 0;
  bool ok = true;
  for (;;) {
    if (size == capacity) {
      // At most 4 GiB, and never past what size_t holds (32-bit targets).
      const bool can_grow = capacity <= SIZE_MAX / 2 && (uint64_t) capacity * 2 <= (UINT64_C(1) << 32);
      capacity = capacity == 0 ? (1 << 20) : capacity * 2;
      uint8_t* grown = can_grow ? realloc(bytes, capacity) : NULL;
      if (grown == NULL) {
        ok = xqt_fail(err, "%s: file too large", path);
        break;
      }
      bytes = grown;
    }
    const size_t n = fread(bytes + size, 1, capacity - size, f);
    size += n;
    if (n == 0) {
      break;
    }
  }
  if (ok && ferror(f)) {
    ok = xqt_fail(err, "%s: read error", path);
  }
  fclose(f);
  if (ok) {
    ok = xqt_bmp_decode(bytes, size, image, err);
    if (!ok && err != NULL) {
      char message[sizeof(err->message)];
      memcpy(message, err->message, sizeof(message));
      xqt_fail(err, "%s: %s", path, message);
    }
  }
  free(bytes);
  return ok;
}

void xqt_image_free(struct xqt_image* image) {
  free(image->rgb);
  image->rgb = NULL;
  image->width = image->height = 0;
}
