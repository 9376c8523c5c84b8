// CAST and ARG_MAX, computed by the runner as TensorFlow Lite 2.9 computes
// them (tools/tflite/README.md: "What is supported").
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// CAST of `count` elements between UINT8, INT8, INT32 and FLOAT32 (enum
// xqt_type values): TFLite's static_cast. Integers wrap to the narrower type
// (two's complement); integers become the nearest float; floats truncate
// toward zero. A float beyond int32's range (or NaN) is undefined in C++: it
// becomes INT32_MIN (x86's cvttss2si, on which TFLite's x86 build runs), then
// its low bits for the 8-bit types.
void xqt_cast(int from_type, int to_type, size_t count, const void* input, void* output);

// ARG_MAX over [rows][channels][inner] (channels >= 1): for each row and
// inner index, the index along channels of the first largest value (later
// equal values and NaNs never replace it, as TFLite's std::greater loop).
// Input INT8, UINT8, INT32 or FLOAT32; output INT32 (output_int64 false) or INT64.
void xqt_arg_max(int input_type, size_t rows, size_t channels, size_t inner, const void* input, bool output_int64,
                 void* output);

#ifdef __cplusplus
}  // extern "C"
#endif
