// Minimal, bounds-checked FlexBuffers reader: scalar values of a root map, as
// the custom_options of CUSTOM ops hold them (TFLite_Detection_PostProcess).
// Every read is checked against the buffer; a malformed buffer makes lookups
// fail, never read outside it.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum xqt_flex_kind {
  XQT_FLEX_ABSENT,  // no such key (FlexBuffers' Null reference)
  XQT_FLEX_NULL,
  XQT_FLEX_INT,
  XQT_FLEX_UINT,
  XQT_FLEX_FLOAT,
  XQT_FLEX_BOOL,
  XQT_FLEX_OTHER,   // string, vector, map, ...: not a scalar
};

struct xqt_flex_value {
  enum xqt_flex_kind kind;
  int64_t i;   // INT, BOOL (0 / 1)
  uint64_t u;  // UINT
  double f;    // FLOAT
};

// The root of `data` must be a map. False if the buffer is malformed.
struct xqt_flex_map {
  const uint8_t* data;
  size_t size;
  size_t values;      // position of the first value
  size_t length;      // number of entries
  size_t byte_width;  // of values and of the keys vector's offsets
  size_t keys;        // position of the keys vector's first offset
  size_t keys_width;
};
bool xqt_flex_root_map(const uint8_t* data, size_t size, struct xqt_flex_map* map);

// Looks `key` up; false if the map is malformed at that entry. An absent key
// gives kind XQT_FLEX_ABSENT.
bool xqt_flex_lookup(const struct xqt_flex_map* map, const char* key, struct xqt_flex_value* value);

// FlexBuffers' AsInt64 / AsDouble of a scalar (absent / null: 0).
int64_t xqt_flex_as_int(const struct xqt_flex_value* value);
double xqt_flex_as_double(const struct xqt_flex_value* value);

#ifdef __cplusplus
}  // extern "C"
#endif
