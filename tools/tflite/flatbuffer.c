#include "flatbuffer.h"

#include <assert.h>
#include <string.h>

// True when [pos, pos + n) lies inside the buffer (overflow-safe).
static bool in_bounds(const struct xqt_fb* fb, size_t pos, size_t n) {
  return pos <= fb->size && n <= fb->size - pos;
}

static uint32_t load_u32(const struct xqt_fb* fb, size_t pos) {
  uint32_t v;
  memcpy(&v, fb->data + pos, sizeof(v));
  return v;
}

static uint16_t load_u16(const struct xqt_fb* fb, size_t pos) {
  uint16_t v;
  memcpy(&v, fb->data + pos, sizeof(v));
  return v;
}

static struct xqt_fb_table invalid_table(const struct xqt_fb* fb) {
  struct xqt_fb_table t = {fb, 0, 0, 0, false};
  return t;
}

// Table at absolute position `pos`: validates the soffset and the vtable header.
static struct xqt_fb_table table_at(const struct xqt_fb* fb, size_t pos) {
  struct xqt_fb_table t = invalid_table(fb);
  if (!in_bounds(fb, pos, 4)) {
    return t;
  }
  const int32_t soffset = (int32_t) load_u32(fb, pos);
  // vtable = pos - soffset, computed in 64 bits to avoid any wrap-around.
  const int64_t vtable = (int64_t) pos - (int64_t) soffset;
  if (vtable < 0 || (uint64_t) vtable > (uint64_t) fb->size || !in_bounds(fb, (size_t) vtable, 4)) {
    return t;
  }
  const size_t vtable_size = load_u16(fb, (size_t) vtable);
  const size_t table_size = load_u16(fb, (size_t) vtable + 2);
  if (vtable_size < 4 || (vtable_size & 1) != 0 || !in_bounds(fb, (size_t) vtable, vtable_size) ||
      table_size < 4 || !in_bounds(fb, pos, table_size)) {
    return t;
  }
  t.pos = pos;
  t.vtable = (size_t) vtable;
  t.vtable_size = vtable_size;
  t.valid = true;
  return t;
}

// Offset of field `id` inside the table, 0 when absent.
static size_t field_offset(struct xqt_fb_table table, unsigned id) {
  if (!table.valid) {
    return 0;
  }
  const size_t entry = 4 + 2 * (size_t) id;
  if (entry + 2 > table.vtable_size) {
    return 0;
  }
  return load_u16(table.fb, table.vtable + entry);
}

// Absolute position of a scalar field of `n` bytes; false when out of the
// table's bounds. *pos = SIZE_MAX when absent.
static bool scalar_pos(struct xqt_fb_table table, unsigned id, size_t n, size_t* pos) {
  const size_t offset = field_offset(table, id);
  if (offset == 0) {
    *pos = SIZE_MAX;
    return true;
  }
  const size_t table_size = load_u16(table.fb, table.vtable + 2);
  if (offset < 4 || n > table_size || offset > table_size - n) {
    return false;
  }
  *pos = table.pos + offset;
  return in_bounds(table.fb, *pos, n);
}

struct xqt_fb_table xqt_fb_root(const struct xqt_fb* fb, const char* identifier) {
  if (fb->data == NULL || fb->size < 8) {
    return invalid_table(fb);
  }
  if (identifier != NULL && memcmp(fb->data + 4, identifier, 4) != 0) {
    return invalid_table(fb);
  }
  return table_at(fb, load_u32(fb, 0));
}

bool xqt_fb_has_field(struct xqt_fb_table table, unsigned id) {
  return field_offset(table, id) != 0;
}

#define DEFINE_SCALAR_GETTER(name, type)                                                  \
  bool name(struct xqt_fb_table table, unsigned id, type default_value, type* out) {      \
    size_t pos;                                                                           \
    *out = default_value;                                                                 \
    if (!table.valid || !scalar_pos(table, id, sizeof(type), &pos)) {                     \
      return false;                                                                       \
    }                                                                                     \
    if (pos != SIZE_MAX) {                                                                \
      memcpy(out, table.fb->data + pos, sizeof(type));                                    \
    }                                                                                     \
    return true;                                                                          \
  }

DEFINE_SCALAR_GETTER(xqt_fb_get_u8, uint8_t)
DEFINE_SCALAR_GETTER(xqt_fb_get_i8, int8_t)
DEFINE_SCALAR_GETTER(xqt_fb_get_i32, int32_t)
DEFINE_SCALAR_GETTER(xqt_fb_get_u32, uint32_t)
DEFINE_SCALAR_GETTER(xqt_fb_get_u64, uint64_t)
DEFINE_SCALAR_GETTER(xqt_fb_get_f32, float)

// Follows the uoffset stored in field `id`; false when absent or malformed.
static bool follow_offset(struct xqt_fb_table table, unsigned id, bool* present, size_t* target) {
  *present = false;
  if (!table.valid) {
    return false;
  }
  size_t pos;
  if (!scalar_pos(table, id, 4, &pos)) {
    *present = true;
    return false;
  }
  if (pos == SIZE_MAX) {
    return false;
  }
  *present = true;
  const uint32_t uoffset = load_u32(table.fb, pos);
  if (uoffset == 0 || uoffset > table.fb->size - pos) {
    return false;
  }
  *target = pos + uoffset;
  return true;
}

struct xqt_fb_table xqt_fb_get_table(struct xqt_fb_table table, unsigned id, bool* present) {
  size_t target;
  if (!follow_offset(table, id, present, &target)) {
    return invalid_table(table.fb);
  }
  return table_at(table.fb, target);
}

static struct xqt_fb_vector vector_at(const struct xqt_fb* fb, size_t pos, size_t element_size) {
  struct xqt_fb_vector v = {fb, 0, 0, element_size, false};
  if (!in_bounds(fb, pos, 4)) {
    return v;
  }
  const size_t length = load_u32(fb, pos);
  if (element_size != 0 && length > (fb->size - pos - 4) / element_size) {
    return v;
  }
  v.pos = pos + 4;
  v.length = length;
  v.valid = true;
  return v;
}

struct xqt_fb_vector xqt_fb_get_vector(
    struct xqt_fb_table table, unsigned id, size_t element_size, bool* present) {
  size_t target;
  if (!follow_offset(table, id, present, &target)) {
    struct xqt_fb_vector v = {table.fb, 0, 0, element_size, !*present && table.valid};
    return v;
  }
  return vector_at(table.fb, target, element_size);
}

bool xqt_fb_get_string(struct xqt_fb_table table, unsigned id, const char** str, size_t* length) {
  bool present;
  struct xqt_fb_vector v = xqt_fb_get_vector(table, id, 1, &present);
  *str = "";
  *length = 0;
  if (!present || !v.valid) {
    return false;
  }
  *str = (const char*) table.fb->data + v.pos;
  *length = v.length;
  return true;
}

int32_t xqt_fb_vector_i32(struct xqt_fb_vector vector, size_t index) {
  assert(vector.valid && index < vector.length && vector.element_size == 4);
  return (int32_t) load_u32(vector.fb, vector.pos + index * 4);
}

int64_t xqt_fb_vector_i64(struct xqt_fb_vector vector, size_t index) {
  assert(vector.valid && index < vector.length && vector.element_size == 8);
  int64_t v;
  memcpy(&v, vector.fb->data + vector.pos + index * 8, sizeof(v));
  return v;
}

float xqt_fb_vector_f32(struct xqt_fb_vector vector, size_t index) {
  assert(vector.valid && index < vector.length && vector.element_size == 4);
  float v;
  memcpy(&v, vector.fb->data + vector.pos + index * 4, sizeof(v));
  return v;
}

struct xqt_fb_table xqt_fb_vector_table(struct xqt_fb_vector vector, size_t index) {
  assert(vector.valid && index < vector.length && vector.element_size == 4);
  const size_t pos = vector.pos + index * 4;
  const uint32_t uoffset = load_u32(vector.fb, pos);
  if (uoffset == 0 || uoffset > vector.fb->size - pos) {
    return invalid_table(vector.fb);
  }
  return table_at(vector.fb, pos + uoffset);
}
