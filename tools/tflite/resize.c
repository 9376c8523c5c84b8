#include <math.h>

#include "image.h"

// Source coordinate of destination index `d` (pixel centres aligned), split
// into the two neighbours and the weight of the second.
static void source_coordinate(size_t d, size_t src_size, size_t dst_size, size_t* i0, size_t* i1,
                              double* w) {
  double s = ((double) d + 0.5) * (double) src_size / (double) dst_size - 0.5;
  if (s < 0.0) {
    s = 0.0;
  }
  const double last = (double) (src_size - 1);
  if (s > last) {
    s = last;
  }
  const size_t i = (size_t) s;  // s >= 0: truncation is floor
  *i0 = i;
  *i1 = i + 1 < src_size ? i + 1 : i;
  *w = s - (double) i;
}

void xqt_resize_bilinear(const uint8_t* src, size_t src_width, size_t src_height, uint8_t* dst,
                         size_t dst_width, size_t dst_height, size_t channels) {
  for (size_t y = 0; y < dst_height; y++) {
    size_t y0, y1;
    double wy;
    source_coordinate(y, src_height, dst_height, &y0, &y1, &wy);
    for (size_t x = 0; x < dst_width; x++) {
      size_t x0, x1;
      double wx;
      source_coordinate(x, src_width, dst_width, &x0, &x1, &wx);
      for (size_t c = 0; c < channels; c++) {
        const double p00 = src[(y0 * src_width + x0) * channels + c];
        const double p01 = src[(y0 * src_width + x1) * channels + c];
        const double p10 = src[(y1 * src_width + x0) * channels + c];
        const double p11 = src[(y1 * src_width + x1) * channels + c];
        // This exact expression order (in double) reproduces the reference
        // preprocessing of test/data/golden/cat.224x224.rgb bit for bit.
        const double top = p00 * (1.0 - wx) + p01 * wx;
        const double bottom = p10 * (1.0 - wx) + p11 * wx;
        const double v = top * (1.0 - wy) + bottom * wy;
        double r = floor(v + 0.5);
        r = r < 0.0 ? 0.0 : (r > 255.0 ? 255.0 : r);
        dst[(y * dst_width + x) * channels + c] = (uint8_t) r;
      }
    }
  }
}
