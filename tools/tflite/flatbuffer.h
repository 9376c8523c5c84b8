// Minimal, bounds-checked FlatBuffers reader (only what a .tflite file needs).
//
// Wire format (little endian), as read here:
//   buffer[0..4)        uoffset to the root table
//   table at T          int32 soffset; vtable at V = T - soffset
//   vtable at V         uint16 vtable_bytes, uint16 table_bytes, uint16 field_offset[...]
//                       (field_offset == 0 or beyond vtable_bytes: field absent)
//   offset field at F   uint32 uoffset; the referenced object is at F + uoffset
//   vector / string     uint32 length, then elements (strings: then a NUL)
//
// Every accessor checks that what it reads lies inside the buffer and fails
// (returns false / an invalid handle) otherwise: nothing here can read out of
// bounds, whatever the bytes. Unaligned data is read with memcpy.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct xqt_fb {
  const uint8_t* data;
  size_t size;
};

// A table: `pos` of the table, `vtable` position and its size in bytes.
// valid == false for an absent or malformed table.
struct xqt_fb_table {
  const struct xqt_fb* fb;
  size_t pos;
  size_t vtable;
  size_t vtable_size;
  bool valid;
};

// A vector: position of its first element and its length. valid == false for
// an absent or malformed vector (an absent vector reads as length 0).
struct xqt_fb_vector {
  const struct xqt_fb* fb;
  size_t pos;
  size_t length;
  size_t element_size;
  bool valid;
};

// Root table; checks the 4-byte file identifier when `identifier` is non-NULL.
struct xqt_fb_table xqt_fb_root(const struct xqt_fb* fb, const char* identifier);

// True when field `id` is present in the table.
bool xqt_fb_has_field(struct xqt_fb_table table, unsigned id);

// Scalar fields. Return false when the field lies out of bounds; an absent
// field yields the default value and returns true.
bool xqt_fb_get_u8(struct xqt_fb_table table, unsigned id, uint8_t default_value, uint8_t* out);
bool xqt_fb_get_i8(struct xqt_fb_table table, unsigned id, int8_t default_value, int8_t* out);
bool xqt_fb_get_i32(struct xqt_fb_table table, unsigned id, int32_t default_value, int32_t* out);
bool xqt_fb_get_u32(struct xqt_fb_table table, unsigned id, uint32_t default_value, uint32_t* out);
bool xqt_fb_get_u64(struct xqt_fb_table table, unsigned id, uint64_t default_value, uint64_t* out);
bool xqt_fb_get_f32(struct xqt_fb_table table, unsigned id, float default_value, float* out);

// Sub-table field. An absent field gives valid == false and *present = false;
// a malformed one gives valid == false and *present = true.
struct xqt_fb_table xqt_fb_get_table(struct xqt_fb_table table, unsigned id, bool* present);

// Vector field with elements of `element_size` bytes (4 for offsets to tables
// or strings). Absent: valid, length 0, *present = false. Malformed: valid == false.
struct xqt_fb_vector xqt_fb_get_vector(
    struct xqt_fb_table table, unsigned id, size_t element_size, bool* present);

// String field: pointer into the buffer (not NUL-terminated necessarily) and
// length. Absent or malformed: returns false, *str = "" and *length = 0.
bool xqt_fb_get_string(struct xqt_fb_table table, unsigned id, const char** str, size_t* length);

// Element readers; `index` must be < vector.length (asserted by the caller's loop).
int32_t xqt_fb_vector_i32(struct xqt_fb_vector vector, size_t index);
int64_t xqt_fb_vector_i64(struct xqt_fb_vector vector, size_t index);
float xqt_fb_vector_f32(struct xqt_fb_vector vector, size_t index);
struct xqt_fb_table xqt_fb_vector_table(struct xqt_fb_vector vector, size_t index);

#ifdef __cplusplus
}  // extern "C"
#endif
