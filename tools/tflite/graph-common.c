// The validation helpers every op family of the graph builder shares
// (declared in graph-internal.h): failure messages, inputs, ranks,
// quantization, fused activation ranges, windows, constant integer tensors.
#include "graph-internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "quantization.h"

// Fails with "op N NAME: <message>".
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
bool xqt_op_fail(struct builder* b, const char* format, ...) {
  char message[400];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof(message), format, args);
  va_end(args);
  return xqt_fail(b->err, "op %zu %s: %s", b->op_index, xqt_op_name(b->op->opcode), message);
}

// Input `i` of the op; fails when absent (or omitted) and not `optional`.
bool xqt_get_input(struct builder* b, size_t i, bool optional, int32_t* index) {
  *index = -1;
  if (i < b->op->num_inputs) {
    *index = b->op->inputs[i];
  }
  if (*index < 0 && !optional) {
    return xqt_op_fail(b, "missing input %zu", i);
  }
  return true;
}

bool xqt_expect_io_counts(struct builder* b, size_t min_inputs, size_t max_inputs) {
  if (b->op->num_inputs < min_inputs || b->op->num_inputs > max_inputs) {
    return xqt_op_fail(b, "%zu inputs (expected %zu to %zu)", b->op->num_inputs, min_inputs, max_inputs);
  }
  if (b->op->num_outputs != 1) {
    return xqt_op_fail(b, "%zu outputs (expected 1)", b->op->num_outputs);
  }
  return true;
}

bool xqt_expect_rank(struct builder* b, int32_t index, const char* role, size_t rank) {
  const struct xqt_tensor* t = xqt_tensor_at(b, index);
  if (t->num_dims != rank) {
    return xqt_op_fail(b, "%s tensor %d '%s' has rank %zu, expected %zu", role, (int) index, t->name,
                       t->num_dims, rank);
  }
  return true;
}

// Checks an int8/uint8 per-tensor quantized tensor; returns its parameters.
bool xqt_quantized_tensor(struct builder* b, int32_t index, const char* role, float* scale,
                          int32_t* zero_point) {
  const struct xqt_tensor* t = xqt_tensor_at(b, index);
  const bool int16 = b->allow_int16 && t->type == XQT_TYPE_INT16;
  if (!xqt_is_quantized_type(t->type) && !int16) {
    return xqt_op_fail(b, "%s tensor %d '%s' has type %s (supported: INT8, UINT8%s)", role, (int) index,
                       t->name, xqt_type_name(t->type), b->allow_int16 ? ", INT16" : "");
  }
  if (t->num_scales != 1) {
    return xqt_op_fail(b, "%s tensor %d '%s' needs per-tensor quantization (has %zu scales)", role,
                       (int) index, t->name, t->num_scales);
  }
  const float s = t->scales[0];
  const int64_t zp = t->zero_points[0];
  if (!(s > 0.0f) || !isfinite(s)) {
    return xqt_op_fail(b, "%s tensor %d '%s' has invalid scale %g", role, (int) index, t->name, (double) s);
  }
  // int16 activations are symmetric (TFLite requires zero point 0).
  const int64_t qmin = int16 ? 0 : t->type == XQT_TYPE_INT8 ? -128 : 0;
  const int64_t qmax = int16 ? 0 : t->type == XQT_TYPE_INT8 ? 127 : 255;
  if (zp < qmin || zp > qmax) {
    return xqt_op_fail(b, "%s tensor %d '%s' has zero point %lld outside [%lld, %lld]", role,
                       (int) index, t->name, (long long) zp, (long long) qmin, (long long) qmax);
  }
  *scale = s;
  *zero_point = (int32_t) zp;
  return true;
}

bool xqt_expect_constant(struct builder* b, int32_t index, const char* role) {
  const struct xqt_tensor* t = xqt_tensor_at(b, index);
  if (t->data == NULL) {
    return xqt_op_fail(b, "%s tensor %d '%s' must be constant", role, (int) index, t->name);
  }
  return true;
}

bool xqt_same_type(struct builder* b, int32_t a, int32_t c, const char* role) {
  if (xqt_tensor_at(b, a)->type != xqt_tensor_at(b, c)->type) {
    return xqt_op_fail(b, "%s tensor %d '%s' has type %s, expected %s like tensor %d", role, (int) c,
                       xqt_tensor_at(b, c)->name, xqt_type_name(xqt_tensor_at(b, c)->type),
                       xqt_type_name(xqt_tensor_at(b, a)->type), (int) a);
  }
  return true;
}

bool xqt_output_range(struct builder* b, int activation, struct xqt_node* n) {
  const int type = xqt_tensor_at(b, n->output)->type;
  const bool valid = type == XQT_TYPE_INT16
      ? xqt_activation_range_int16(activation, n->output_scale, &n->output_min, &n->output_max)
      : xqt_activation_range(activation, type == XQT_TYPE_INT8, n->output_scale,
                             n->output_zero_point, &n->output_min, &n->output_max);
  if (!valid) {
    return xqt_op_fail(b, "fused activation %d is not supported (NONE, RELU, RELU6, RELU_N1_TO_1 are)",
                       activation);
  }
  if (n->output_min > n->output_max) {
    return xqt_op_fail(b, "fused activation range [%d, %d] of output tensor %d is empty",
                       (int) n->output_min, (int) n->output_max, (int) n->output);
  }
  return true;
}

bool xqt_check_window(struct builder* b, const char* what, int32_t v) {
  if (v < 1 || v > XQT_MAX_WINDOW) {
    return xqt_op_fail(b, "%s %d out of range [1, %d]", what, (int) v, XQT_MAX_WINDOW);
  }
  return true;
}

// Output size of a TFLite convolution window (SAME / VALID); 0 when invalid.
size_t xqt_conv_output_size(int padding, size_t in, size_t kernel, size_t stride, size_t dilation) {
  const size_t ek = (kernel - 1) * dilation + 1;
  if (padding == XQT_PADDING_SAME) {
    return (in + stride - 1) / stride;
  }
  return in >= ek ? (in - ek) / stride + 1 : 0;
}

// Input and output quantization shared by most ops.
bool xqt_io_quantization(struct builder* b, struct xqt_node* n) {
  return xqt_quantized_tensor(b, n->input, "input", &n->input_scale, &n->input_zero_point) &&
         xqt_quantized_tensor(b, n->output, "output", &n->output_scale, &n->output_zero_point) &&
         xqt_same_type(b, n->input, n->output, "output");
}

// Ops that move stored values without requantizing (MAX_POOL_2D, PAD,
// PADV2, MIRROR_PAD) need the output quantized as the input. TFLite checks
// this only in debug builds (|scale difference| <= 1e-6, equal zero points)
// and otherwise copies the values as if it held: a model that breaks it is
// rejected here rather than computed with the wrong scale.
bool xqt_same_quantization(struct builder* b, const struct xqt_node* n) {
  const float a = n->input_scale, c = n->output_scale;
  if (fabsf(a - c) > 1e-6f * fmaxf(a, c) || n->input_zero_point != n->output_zero_point) {
    return xqt_op_fail(b, "output tensor %d '%s' (scale %g, zero point %d) must be quantized as input tensor "
                       "%d '%s' (scale %g, zero point %d): the op does not requantize", (int) n->output,
                       xqt_tensor_at(b, n->output)->name, (double) c, (int) n->output_zero_point, (int) n->input,
                       xqt_tensor_at(b, n->input)->name, (double) a, (int) n->input_zero_point);
  }
  return true;
}

// Element i of a constant INT32 or INT64 tensor (checked by the caller).
int64_t xqt_integer_element(const struct xqt_tensor* t, size_t i) {
  if (t->type == XQT_TYPE_INT32) {
    int32_t v;
    memcpy(&v, t->data + 4 * i, sizeof(v));
    return v;
  }
  int64_t v;
  memcpy(&v, t->data + 8 * i, sizeof(v));
  return v;
}
