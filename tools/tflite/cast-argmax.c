#include "cast-argmax.h"

#include <string.h>

#include "schema.h"

// Element i of a UINT8 / INT8 / INT32 tensor.
static int64_t integer_at(int type, const void* data, size_t i) {
  switch (type) {
    case XQT_TYPE_UINT8: return ((const uint8_t*) data)[i];
    case XQT_TYPE_INT8: return ((const int8_t*) data)[i];
    default: {
      int32_t v;
      memcpy(&v, (const uint8_t*) data + 4 * i, sizeof(v));
      return v;
    }
  }
}

static float float_at(const void* data, size_t i) {
  float v;
  memcpy(&v, (const uint8_t*) data + 4 * i, sizeof(v));
  return v;
}

// static_cast<int32_t>(f) as x86 computes it (cvttss2si): truncation, and
// the "integer indefinite" INT32_MIN out of range.
static int32_t truncate_f32(float f) {
  if (!(f >= -2147483648.0f && f < 2147483648.0f)) return INT32_MIN;
  return (int32_t) f;
}

void xqt_cast(int from_type, int to_type, size_t count, const void* input, void* output) {
  uint8_t* out = output;
  for (size_t i = 0; i < count; i++) {
    if (to_type == XQT_TYPE_FLOAT32) {
      const float v = from_type == XQT_TYPE_FLOAT32 ? float_at(input, i) : (float) integer_at(from_type, input, i);
      memcpy(out + 4 * i, &v, sizeof(v));
      continue;
    }
    // Integer results: two's complement wrap-around to the output's width.
    const uint32_t bits = from_type == XQT_TYPE_FLOAT32 ? (uint32_t) truncate_f32(float_at(input, i))
                                                        : (uint32_t) integer_at(from_type, input, i);
    if (to_type == XQT_TYPE_INT32) {
      memcpy(out + 4 * i, &bits, sizeof(bits));
    } else {
      out[i] = (uint8_t) bits;
    }
  }
}

void xqt_arg_max(int input_type, size_t rows, size_t channels, size_t inner, const void* input, bool output_int64,
                 void* output) {
  uint8_t* out = output;
  for (size_t r = 0; r < rows; r++) {
    for (size_t j = 0; j < inner; j++) {
      const size_t base = r * channels * inner + j;
      size_t best_index = 0;
      if (input_type == XQT_TYPE_FLOAT32) {
        float best = float_at(input, base);
        for (size_t c = 1; c < channels; c++) {
          const float v = float_at(input, base + c * inner);
          if (v > best) {
            best = v;
            best_index = c;
          }
        }
      } else {
        int64_t best = integer_at(input_type, input, base);
        for (size_t c = 1; c < channels; c++) {
          const int64_t v = integer_at(input_type, input, base + c * inner);
          if (v > best) {
            best = v;
            best_index = c;
          }
        }
      }
      const size_t o = r * inner + j;
      if (output_int64) {
        const int64_t v = (int64_t) best_index;
        memcpy(out + 8 * o, &v, sizeof(v));
      } else {
        const int32_t v = (int32_t) best_index;
        memcpy(out + 4 * o, &v, sizeof(v));
      }
    }
  }
}
