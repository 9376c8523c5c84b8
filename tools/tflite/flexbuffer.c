// FlexBuffers layout (flatbuffers/flexbuffers.h), the parts read here:
//   buffer end: [root value: W bytes][root packed type: 1 byte][W: 1 byte]
//   packed type = type << 2 | log2(byte width of the referenced data)
//   offsets are unsigned and point backwards: target = position - offset
//   map at p (byte width B): [keys vector offset][keys byte width][length] at
//     p - 3B, p - 2B, p - B; values at p + i * B; packed types at p + length * B + i
//   keys vector at k (byte width K): length at k - K, offsets to
//     NUL-terminated key strings at k + i * K
//   indirect scalars: an offset to the value, its width from the packed type
#include "flexbuffer.h"

#include <string.h>

enum {
  FLEX_NULL = 0, FLEX_INT = 1, FLEX_UINT = 2, FLEX_FLOAT = 3, FLEX_KEY = 4,
  FLEX_INDIRECT_INT = 6, FLEX_INDIRECT_UINT = 7, FLEX_INDIRECT_FLOAT = 8, FLEX_MAP = 9,
  FLEX_BOOL = 26,
};

static bool valid_width(size_t w) { return w == 1 || w == 2 || w == 4 || w == 8; }

// Unsigned little-endian integer of `width` bytes at `pos`.
static bool read_uint(const uint8_t* data, size_t size, size_t pos, size_t width, uint64_t* out) {
  if (!valid_width(width) || pos > size || size - pos < width) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < width; i++) v |= (uint64_t) data[pos + i] << (8 * i);
  *out = v;
  return true;
}

static int64_t sign_extend(uint64_t v, size_t width) {
  if (width == 8) {
    int64_t r;
    memcpy(&r, &v, sizeof(r));
    return r;
  }
  const uint64_t sign = UINT64_C(1) << (8 * width - 1);
  return v & sign ? (int64_t) (v & (sign - 1)) - (int64_t) sign : (int64_t) v;
}

static bool read_float(const uint8_t* data, size_t size, size_t pos, size_t width, double* out) {
  uint64_t bits;
  if ((width != 4 && width != 8) || !read_uint(data, size, pos, width, &bits)) return false;
  if (width == 4) {
    const uint32_t b32 = (uint32_t) bits;
    float f;
    memcpy(&f, &b32, sizeof(f));
    *out = f;
  } else {
    memcpy(out, &bits, sizeof(*out));
  }
  return true;
}

// pos - offset, checked.
static bool follow(const uint8_t* data, size_t size, size_t pos, size_t width, size_t* target) {
  uint64_t offset;
  if (!read_uint(data, size, pos, width, &offset) || offset > pos) return false;
  *target = pos - (size_t) offset;
  return true;
}

bool xqt_flex_root_map(const uint8_t* data, size_t size, struct xqt_flex_map* map) {
  if (data == NULL || size < 3) return false;
  const size_t root_width = data[size - 1];
  const uint8_t packed = data[size - 2];
  if (!valid_width(root_width) || size - 2 < root_width || packed >> 2 != FLEX_MAP) return false;
  const size_t root = size - 2 - root_width;
  const size_t width = (size_t) 1 << (packed & 3);
  size_t p;
  if (!follow(data, size, root, root_width, &p) || p < 3 * width) return false;
  uint64_t length, keys_width;
  size_t keys;
  if (!read_uint(data, size, p - width, width, &length) ||
      !read_uint(data, size, p - 2 * width, width, &keys_width) ||
      !follow(data, size, p - 3 * width, width, &keys) || !valid_width((size_t) keys_width)) {
    return false;
  }
  // Values and types inside the buffer (length bounded first: no overflow).
  if (length > size || (size - p) / (width + 1) < length) return false;
  uint64_t keys_length;
  if (keys < keys_width || !read_uint(data, size, keys - (size_t) keys_width, (size_t) keys_width, &keys_length) ||
      keys_length != length || (size - keys) / keys_width < length) {
    return false;
  }
  *map = (struct xqt_flex_map){data, size, p, (size_t) length, width, keys, (size_t) keys_width};
  return true;
}

// Key i equals `key` (a NUL-terminated string inside the buffer).
static bool key_equals(const struct xqt_flex_map* m, size_t i, const char* key, bool* equal) {
  size_t k;
  if (!follow(m->data, m->size, m->keys + i * m->keys_width, m->keys_width, &k)) return false;
  const size_t n = strlen(key);
  const void* nul = memchr(m->data + k, 0, m->size - k);
  if (nul == NULL) return false;
  const size_t len = (size_t) ((const uint8_t*) nul - (m->data + k));
  *equal = len == n && memcmp(m->data + k, key, n) == 0;
  return true;
}

bool xqt_flex_lookup(const struct xqt_flex_map* m, const char* key, struct xqt_flex_value* value) {
  *value = (struct xqt_flex_value){XQT_FLEX_ABSENT, 0, 0, 0.0};
  for (size_t i = 0; i < m->length; i++) {
    bool equal;
    if (!key_equals(m, i, key, &equal)) return false;
    if (!equal) continue;
    const uint8_t packed = m->data[m->values + m->length * m->byte_width + i];
    const size_t pos = m->values + i * m->byte_width;
    const size_t w = m->byte_width;
    const size_t indirect_width = (size_t) 1 << (packed & 3);
    uint64_t u;
    size_t target;
    switch (packed >> 2) {
      case FLEX_NULL:
        value->kind = XQT_FLEX_NULL;
        return true;
      case FLEX_INT:
      case FLEX_BOOL:
        if (!read_uint(m->data, m->size, pos, w, &u)) return false;
        value->kind = packed >> 2 == FLEX_BOOL ? XQT_FLEX_BOOL : XQT_FLEX_INT;
        value->i = packed >> 2 == FLEX_BOOL ? (u != 0) : sign_extend(u, w);
        return true;
      case FLEX_UINT:
        if (!read_uint(m->data, m->size, pos, w, &u)) return false;
        value->kind = XQT_FLEX_UINT;
        value->u = u;
        return true;
      case FLEX_FLOAT:
        value->kind = XQT_FLEX_FLOAT;
        return read_float(m->data, m->size, pos, w, &value->f);
      case FLEX_INDIRECT_INT:
      case FLEX_INDIRECT_UINT:
        if (!follow(m->data, m->size, pos, w, &target) ||
            !read_uint(m->data, m->size, target, indirect_width, &u)) {
          return false;
        }
        value->kind = packed >> 2 == FLEX_INDIRECT_INT ? XQT_FLEX_INT : XQT_FLEX_UINT;
        value->i = sign_extend(u, indirect_width);
        value->u = u;
        return true;
      case FLEX_INDIRECT_FLOAT:
        value->kind = XQT_FLEX_FLOAT;
        return follow(m->data, m->size, pos, w, &target) &&
               read_float(m->data, m->size, target, indirect_width, &value->f);
      default:
        value->kind = XQT_FLEX_OTHER;
        return true;
    }
  }
  return true;
}

int64_t xqt_flex_as_int(const struct xqt_flex_value* v) {
  switch (v->kind) {
    case XQT_FLEX_INT:
    case XQT_FLEX_BOOL: return v->i;
    case XQT_FLEX_UINT: return (int64_t) v->u;
    case XQT_FLEX_FLOAT:
      // Saturated (C leaves out-of-range conversions undefined).
      return v->f != v->f ? 0 : v->f >= 9.2e18 ? INT64_MAX : v->f <= -9.2e18 ? INT64_MIN : (int64_t) v->f;
    default: return 0;
  }
}

double xqt_flex_as_double(const struct xqt_flex_value* v) {
  switch (v->kind) {
    case XQT_FLEX_INT:
    case XQT_FLEX_BOOL: return (double) v->i;
    case XQT_FLEX_UINT: return (double) v->u;
    case XQT_FLEX_FLOAT: return v->f;
    default: return 0.0;
  }
}
