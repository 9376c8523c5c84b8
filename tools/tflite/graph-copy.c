// Graph builders of the ops that move values: CONCATENATION, SLICE,
// STRIDED_SLICE, TRANSPOSE, SPLIT, SPLIT_V, CAST, ARG_MAX, and RESHAPE /
// SQUEEZE (aliases of their input's memory).
#include "graph-internal.h"

#include <stdio.h>

static bool expect_activation_tensor(struct builder* b, int32_t index, const char* role) {
  const struct xqt_tensor* t = xqt_tensor_at(b, index);
  if (t->data != NULL) {
    return xqt_op_fail(b, "%s tensor %d '%s' is constant (only computed tensors are supported here)",
                       role, (int) index, t->name);
  }
  return true;
}

bool xqt_build_concatenation(struct builder* b, struct xqt_node* n) {
  const struct xqt_op* op = b->op;
  if (op->num_inputs < 1 || op->num_outputs != 1) {
    return xqt_op_fail(b, "%zu inputs, %zu outputs (expected >= 1, 1)", op->num_inputs, op->num_outputs);
  }
  n->output = op->outputs[0];
  if (!xqt_quantized_tensor(b, n->output, "output", &n->output_scale, &n->output_zero_point)) {
    return false;
  }
  const struct xqt_tensor* out = xqt_tensor_at(b, n->output);
  int32_t axis = op->options.axis;
  if (axis < 0) {
    axis += (int32_t) out->num_dims;
  }
  if (axis < 0 || (size_t) axis >= out->num_dims) {
    return xqt_op_fail(b, "axis %d out of range for rank %zu", (int) op->options.axis, out->num_dims);
  }
  n->axis = (size_t) axis;
  size_t total = 0;
  for (size_t i = 0; i < op->num_inputs; i++) {
    int32_t index;
    float scale;
    int32_t zero_point;
    if (!xqt_get_input(b, i, false, &index) ||
        !xqt_quantized_tensor(b, index, "input", &scale, &zero_point) ||
        !xqt_same_type(b, n->output, index, "input")) {
      return false;
    }
    const struct xqt_tensor* t = xqt_tensor_at(b, index);
    if (t->num_dims != out->num_dims) {
      return xqt_op_fail(b, "input tensor %d '%s' has rank %zu, output has %zu", (int) index, t->name,
                         t->num_dims, out->num_dims);
    }
    for (size_t d = 0; d < out->num_dims; d++) {
      if (d != n->axis && t->dims[d] != out->dims[d]) {
        return xqt_op_fail(b, "input tensor %d '%s' dimension %zu is %zu, output's is %zu", (int) index,
                           t->name, d, t->dims[d], out->dims[d]);
      }
    }
    total += t->dims[n->axis];
  }
  if (total != out->dims[n->axis]) {
    return xqt_op_fail(b, "inputs add up to %zu along axis %zu, output tensor %d '%s' has %zu", total,
                       n->axis, (int) n->output, out->name, out->dims[n->axis]);
  }
  n->input = op->inputs[0];
  n->is_signed = out->type == XQT_TYPE_INT8;
  if (!xqt_output_range(b, op->options.activation, n)) {
    return false;
  }
  // Every input quantized exactly as the output (TFLite then copies bytes
  // too) and no clamp: concatenate_nd_x8 instead of the requantizing copy.
  n->copy_only = n->output_min == (n->is_signed ? -128 : 0) && n->output_max == (n->is_signed ? 127 : 255);
  for (size_t i = 0; i < op->num_inputs; i++) {
    const struct xqt_tensor* t = xqt_tensor_at(b, op->inputs[i]);
    n->copy_only = n->copy_only && t->scales[0] == n->output_scale && t->zero_points[0] == n->output_zero_point;
  }
  return true;
}

// ---- copies: SLICE, STRIDED_SLICE, TRANSPOSE, SPLIT, SPLIT_V ----

// Bytes per element of a tensor the copies move (any 1-, 4- or 8-byte type).
static bool copy_element_size(struct builder* b, int32_t index, const char* role, size_t* size) {
  const struct xqt_tensor* t = xqt_tensor_at(b, index);
  switch (t->type) {
    case XQT_TYPE_INT8:
    case XQT_TYPE_UINT8: *size = 1; return true;
    case XQT_TYPE_INT32:
    case XQT_TYPE_FLOAT32: *size = 4; return true;
    case XQT_TYPE_INT64: *size = 8; return true;
    default:
      return xqt_op_fail(b, "%s tensor %d '%s' has type %s (supported: INT8, UINT8, INT32, FLOAT32, INT64)", role,
                         (int) index, t->name, xqt_type_name(t->type));
  }
}

// Copies move values: an output of the input's type, and for int8 / uint8
// the same quantization (TFLite copies the bytes and assumes it).
static bool copy_output(struct builder* b, int32_t input, int32_t output) {
  if (!xqt_same_type(b, input, output, "output")) {
    return false;
  }
  const struct xqt_tensor* in = xqt_tensor_at(b, input);
  const struct xqt_tensor* out = xqt_tensor_at(b, output);
  if (!xqt_is_quantized_type(in->type) || (in->num_scales == 0 && out->num_scales == 0)) {
    return true;
  }
  struct xqt_node q = {.input = input, .output = output};
  return xqt_quantized_tensor(b, input, "input", &q.input_scale, &q.input_zero_point) &&
         xqt_quantized_tensor(b, output, "output", &q.output_scale, &q.output_zero_point) &&
         xqt_same_quantization(b, &q);
}

// n->copy_dims: the input shape, plus the element's bytes as an innermost
// dimension for wider types.
static bool copy_shape(struct builder* b, struct xqt_node* n) {
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  if (!copy_element_size(b, n->input, "input", &n->element_size)) {
    return false;
  }
  const size_t extra = n->element_size > 1 ? 1 : 0;
  if (in->num_dims == 0 || in->num_dims + extra > XQT_MAX_DIMS) {
    return xqt_op_fail(b, "input tensor %d '%s' has rank %zu (supported: 1 to %d%s)", (int) n->input, in->name,
                       in->num_dims, XQT_MAX_DIMS - (int) extra, extra ? " for elements of more than one byte" : "");
  }
  n->num_copy_dims = in->num_dims + extra;
  for (size_t d = 0; d < in->num_dims; d++) n->copy_dims[d] = in->dims[d];
  if (extra) n->copy_dims[in->num_dims] = n->element_size;
  return true;
}

// A constant INT32 / INT64 vector of `count` elements (rank 1; rank 0 too when count is 1).
static bool constant_indices(struct builder* b, int32_t index, const char* role, size_t count) {
  if (!xqt_expect_constant(b, index, role)) {
    return false;
  }
  const struct xqt_tensor* t = xqt_tensor_at(b, index);
  if ((t->type != XQT_TYPE_INT32 && t->type != XQT_TYPE_INT64) || t->num_dims > 1 || t->num_elements != count) {
    return xqt_op_fail(b, "%s tensor %d '%s' must be a constant INT32 or INT64 vector of %zu elements (is %s, "
                       "rank %zu, %zu elements)", role, (int) index, t->name, count, xqt_type_name(t->type),
                       t->num_dims, t->num_elements);
  }
  return true;
}

// A constant axis (one INT32 / INT64 element), made non-negative for `rank`.
static bool constant_axis(struct builder* b, int32_t index, size_t rank, size_t* axis) {
  if (!constant_indices(b, index, "axis", 1)) {
    return false;
  }
  int64_t a = xqt_integer_element(xqt_tensor_at(b, index), 0);
  if (a < 0) a += (int64_t) rank;
  if (a < 0 || (uint64_t) a >= rank) {
    return xqt_op_fail(b, "axis %lld out of range for rank %zu",
                       (long long) xqt_integer_element(xqt_tensor_at(b, index), 0), rank);
  }
  *axis = (size_t) a;
  return true;
}

// The output tensor must have `rank` dimensions `dims`.
static bool expect_output_shape(struct builder* b, int32_t output, size_t rank, const size_t* dims) {
  const struct xqt_tensor* out = xqt_tensor_at(b, output);
  bool same = out->num_dims == rank;
  for (size_t d = 0; same && d < rank; d++) same = out->dims[d] == dims[d];
  if (!same) {
    char expected[128] = "", *p = expected;
    for (size_t d = 0; d < rank && p < expected + sizeof(expected) - 24; d++) {
      p += snprintf(p, 24, "%s%zu", d ? "," : "", dims[d]);
    }
    return xqt_op_fail(b, "output tensor %d '%s' has rank %zu, shape expected [%s]", (int) output, out->name,
                       out->num_dims, expected);
  }
  return true;
}

// The byte-level slice of the element dimension (whole) for wider types.
static void slice_element_bytes(struct xqt_node* n, size_t rank) {
  if (n->num_copy_dims > rank) {
    n->slice_offsets[rank] = 0;
    n->slice_strides[rank] = 1;
    n->slice_sizes[rank] = n->element_size;
  }
}

// SLICE: constant begin and size (-1: to the end); STRIDED_SLICE: constant
// begin, end, strides with TFLite 2.9's StartForAxis / StopForAxis (masks,
// negative indices, clamping); shrunk axes are dropped from the output.
bool xqt_build_slice(struct builder* b, struct xqt_node* n) {
  const bool strided = b->op->opcode == XQT_OP_STRIDED_SLICE;
  const struct xqt_op_options* o = &b->op->options;
  int32_t begin, end = -1, strides = -1, size = -1;
  if (!xqt_expect_io_counts(b, strided ? 4 : 3, strided ? 4 : 3) || !xqt_get_input(b, 0, false, &n->input) ||
      !xqt_get_input(b, 1, false, &begin) ||
      (strided ? !xqt_get_input(b, 2, false, &end) || !xqt_get_input(b, 3, false, &strides)
               : !xqt_get_input(b, 2, false, &size))) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!copy_output(b, n->input, n->output) || !copy_shape(b, n)) {
    return false;
  }
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  const size_t rank = in->num_dims;
  if (!constant_indices(b, begin, "begin", rank) ||
      (strided ? !constant_indices(b, end, "end", rank) || !constant_indices(b, strides, "strides", rank)
               : !constant_indices(b, size, "size", rank))) {
    return false;
  }
  if (strided && (o->ellipsis_mask != 0 || o->new_axis_mask != 0 || o->slice_offset)) {
    return xqt_op_fail(b, "ellipsis_mask %d, new_axis_mask %d, offset %d are not supported (only 0)",
                       (int) o->ellipsis_mask, (int) o->new_axis_mask, (int) o->slice_offset);
  }
  size_t out_dims[XQT_MAX_DIMS], out_rank = 0;
  for (size_t d = 0; d < rank; d++) {
    const int64_t n_d = (int64_t) in->dims[d];
    int64_t start = xqt_integer_element(xqt_tensor_at(b, begin), d), count, stride = 1;
    const bool shrink = strided && (o->shrink_axis_mask >> d & 1) != 0;
    if (strided) {
      int64_t stop = xqt_integer_element(xqt_tensor_at(b, end), d);
      stride = xqt_integer_element(xqt_tensor_at(b, strides), d);
      if (stride == 0 || stride < INT32_MIN || stride > INT32_MAX || start < INT32_MIN || start > INT32_MAX ||
          stop < INT32_MIN || stop > INT32_MAX) {
        return xqt_op_fail(b, "dimension %zu: begin %lld, end %lld, stride %lld (stride must be non-zero, all within "
                           "int32)", d, (long long) start, (long long) stop, (long long) stride);
      }
      if (o->begin_mask >> d & 1) start = stride > 0 ? INT32_MIN : INT32_MAX;
      if (start < 0) start += n_d;
      start = stride > 0 ? (start < 0 ? 0 : start > n_d ? n_d : start)
                         : (start < -1 ? -1 : start > n_d - 1 ? n_d - 1 : start);
      if (shrink) {
        stop = start + 1;  // TFLite: one element from the adjusted start, whatever end says
      } else {
        if (o->end_mask >> d & 1) stop = stride > 0 ? INT32_MAX : INT32_MIN;
        if (stop < 0) stop += n_d;
        stop = stride > 0 ? (stop < 0 ? 0 : stop > n_d ? n_d : stop)
                          : (stop < -1 ? -1 : stop > n_d - 1 ? n_d - 1 : stop);
      }
      const int64_t span = stride > 0 ? stop - start : start - stop;
      const int64_t step = stride > 0 ? stride : -stride;
      count = span <= 0 ? 0 : (span + step - 1) / step;
    } else {
      count = xqt_integer_element(xqt_tensor_at(b, size), d);
      if (count == -1 && start >= 0 && start <= n_d) count = n_d - start;
    }
    // Every element read must lie in the input (TFLite does not check a
    // shrunk axis beyond the end, nor SLICE's bounds, before reading).
    // (count <= n_d and |stride| <= 2^31 keep the product far from overflow.)
    const bool bounded = count >= 1 && count <= n_d && start >= 0 && start < n_d;
    const int64_t last = bounded ? start + (count - 1) * stride : -1;
    if (!bounded || last < 0 || last >= n_d || (shrink && count != 1)) {
      return xqt_op_fail(b, "dimension %zu (size %lld): %lld elements from %lld with stride %lld leave the input or "
                         "select nothing", d, (long long) n_d, (long long) count, (long long) start,
                         (long long) stride);
    }
    n->slice_offsets[d] = (size_t) start;
    n->slice_strides[d] = stride;
    n->slice_sizes[d] = (size_t) count;
    if (!shrink) out_dims[out_rank++] = (size_t) count;
  }
  slice_element_bytes(n, rank);
  return expect_output_shape(b, n->output, out_rank, out_dims);
}

bool xqt_build_transpose(struct builder* b, struct xqt_node* n) {
  int32_t perm;
  if (!xqt_expect_io_counts(b, 2, 2) || !xqt_get_input(b, 0, false, &n->input) || !xqt_get_input(b, 1, false, &perm)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!copy_output(b, n->input, n->output) || !copy_shape(b, n)) {
    return false;
  }
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  const size_t rank = in->num_dims;
  if (!constant_indices(b, perm, "perm", rank)) {
    return false;
  }
  bool seen[XQT_MAX_DIMS] = {false};
  size_t out_dims[XQT_MAX_DIMS];
  for (size_t d = 0; d < rank; d++) {
    const int64_t p = xqt_integer_element(xqt_tensor_at(b, perm), d);
    if (p < 0 || (uint64_t) p >= rank || seen[p]) {
      return xqt_op_fail(b, "perm[%zu] = %lld: not a permutation of %zu dimensions", d, (long long) p, rank);
    }
    seen[p] = true;
    n->perm[d] = (size_t) p;
    out_dims[d] = in->dims[p];
  }
  if (n->num_copy_dims > rank) n->perm[rank] = rank;  // the element's bytes stay innermost
  return expect_output_shape(b, n->output, rank, out_dims);
}

// SPLIT (axis, input; num_splits equal parts) and SPLIT_V (input,
// size_splits with at most one -1, axis): outputs in order along the axis.
bool xqt_build_split(struct builder* b, struct xqt_node* n) {
  const struct xqt_op* op = b->op;
  const bool v = op->opcode == XQT_OP_SPLIT_V;
  int32_t axis, sizes = -1;
  if (op->num_inputs != (v ? 3u : 2u) || op->num_outputs < 1) {
    return xqt_op_fail(b, "%zu inputs, %zu outputs (expected %d, at least 1)", op->num_inputs, op->num_outputs,
                       v ? 3 : 2);
  }
  if (!xqt_get_input(b, v ? 0 : 1, false, &n->input) || !xqt_get_input(b, v ? 2 : 0, false, &axis) ||
      (v && !xqt_get_input(b, 1, false, &sizes))) {
    return false;
  }
  n->output = op->outputs[0];
  if (op->options.num_splits != (int32_t) op->num_outputs) {
    return xqt_op_fail(b, "num_splits %d, but %zu outputs", (int) op->options.num_splits, op->num_outputs);
  }
  if (!copy_shape(b, n)) {
    return false;
  }
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  if (!constant_axis(b, axis, in->num_dims, &n->axis)) {
    return false;
  }
  const size_t length = in->dims[n->axis];
  size_t part[XQT_MAX_OP_INPUTS];
  if (v) {
    if (!constant_indices(b, sizes, "size_splits", op->num_outputs)) {
      return false;
    }
    size_t known = 0, inferred = SIZE_MAX;
    for (size_t i = 0; i < op->num_outputs; i++) {
      const int64_t s = xqt_integer_element(xqt_tensor_at(b, sizes), i);
      if (s == -1 && inferred == SIZE_MAX) {
        inferred = i;
        continue;
      }
      if (s < 0 || (uint64_t) s > length - known) {
        return xqt_op_fail(b, "size_splits[%zu] = %lld: sizes must be non-negative (one may be -1) and sum to %zu", i,
                           (long long) s, length);
      }
      part[i] = (size_t) s;
      known += part[i];
    }
    if (inferred != SIZE_MAX) {
      part[inferred] = length - known;
    } else if (known != length) {
      return xqt_op_fail(b, "size_splits sum to %zu, the axis has %zu", known, length);
    }
  } else {
    if (length % op->num_outputs != 0) {
      return xqt_op_fail(b, "axis %zu of size %zu does not split into %zu equal parts", n->axis, length,
                         op->num_outputs);
    }
    for (size_t i = 0; i < op->num_outputs; i++) part[i] = length / op->num_outputs;
  }
  for (size_t i = 0; i < op->num_outputs; i++) {
    size_t dims[XQT_MAX_DIMS];
    for (size_t d = 0; d < in->num_dims; d++) dims[d] = d == n->axis ? part[i] : in->dims[d];
    if (!copy_output(b, n->input, op->outputs[i]) || !expect_output_shape(b, op->outputs[i], in->num_dims, dims)) {
      return false;
    }
  }
  return true;
}

// CAST between UINT8, INT8, INT32 and FLOAT32 (TFLite converts values with
// C++ static_cast; quantization parameters play no part).
bool xqt_build_cast(struct builder* b, struct xqt_node* n) {
  if (!xqt_expect_io_counts(b, 1, 1) || !xqt_get_input(b, 0, false, &n->input)) {
    return false;
  }
  n->output = b->op->outputs[0];
  const struct xqt_op_options* o = &b->op->options;
  const int32_t tensors[2] = {n->input, n->output};
  const int declared[2] = {o->in_data_type, o->out_data_type};
  for (int i = 0; i < 2; i++) {
    const struct xqt_tensor* t = xqt_tensor_at(b, tensors[i]);
    if (t->type != XQT_TYPE_UINT8 && t->type != XQT_TYPE_INT8 && t->type != XQT_TYPE_INT32 &&
        t->type != XQT_TYPE_FLOAT32) {
      return xqt_op_fail(b, "%s tensor %d '%s' has type %s (supported: UINT8, INT8, INT32, FLOAT32)",
                         i == 0 ? "input" : "output", (int) tensors[i], t->name, xqt_type_name(t->type));
    }
    // TFLite reads the tensors' types and ignores these fields; a declared
    // type that contradicts a tensor is still rejected as a corrupt file.
    // 0 (FLOAT32) is the schema default that writers omit: unspecified.
    if (declared[i] > 0 && declared[i] != t->type) {
      return xqt_op_fail(b, "options declare %s type %d, tensor %d '%s' is %s", i == 0 ? "input" : "output",
                         declared[i], (int) tensors[i], t->name, xqt_type_name(t->type));
    }
  }
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  return expect_output_shape(b, n->output, in->num_dims, in->dims);
}

// ARG_MAX: index of the first maximum along a constant axis; INT8, UINT8,
// INT32 or FLOAT32 input, INT32 or INT64 output as the options declare.
bool xqt_build_arg_max(struct builder* b, struct xqt_node* n) {
  int32_t axis;
  if (!xqt_expect_io_counts(b, 2, 2) || !xqt_get_input(b, 0, false, &n->input) || !xqt_get_input(b, 1, false, &axis)) {
    return false;
  }
  n->output = b->op->outputs[0];
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  const struct xqt_tensor* out = xqt_tensor_at(b, n->output);
  if (in->type != XQT_TYPE_INT8 && in->type != XQT_TYPE_UINT8 && in->type != XQT_TYPE_INT32 &&
      in->type != XQT_TYPE_FLOAT32) {
    return xqt_op_fail(b, "input tensor %d '%s' has type %s (supported: INT8, UINT8, INT32, FLOAT32)", (int) n->input,
                       in->name, xqt_type_name(in->type));
  }
  const int output_type = b->op->options.output_type;
  if ((output_type != XQT_TYPE_INT32 && output_type != XQT_TYPE_INT64) || out->type != output_type) {
    return xqt_op_fail(b, "output_type %d with output tensor %d '%s' of type %s (supported: INT32 or INT64, equal)",
                       output_type, (int) n->output, out->name, xqt_type_name(out->type));
  }
  if (in->num_dims == 0 || !constant_axis(b, axis, in->num_dims, &n->axis)) {
    return in->num_dims == 0 ? xqt_op_fail(b, "input tensor %d '%s' is a scalar", (int) n->input, in->name) : false;
  }
  size_t dims[XQT_MAX_DIMS], rank = 0;
  n->rows = n->inner = 1;
  for (size_t d = 0; d < in->num_dims; d++) {
    if (d < n->axis) n->rows *= in->dims[d];
    if (d > n->axis) n->inner *= in->dims[d];
    if (d != n->axis) dims[rank++] = in->dims[d];
  }
  n->channels = in->dims[n->axis];
  return expect_output_shape(b, n->output, rank, dims);
}

bool xqt_build_alias(struct builder* b, struct xqt_node* n) {
  if (b->op->num_inputs < 1 || b->op->num_inputs > 2 || b->op->num_outputs != 1 ||
      !xqt_get_input(b, 0, false, &n->input)) {
    return xqt_op_fail(b, "expected 1 or 2 inputs and 1 output");
  }
  n->output = b->op->outputs[0];
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  const struct xqt_tensor* out = xqt_tensor_at(b, n->output);
  if (!expect_activation_tensor(b, n->input, "input") || !xqt_same_type(b, n->input, n->output, "output")) {
    return false;
  }
  if (in->num_elements != out->num_elements) {
    return xqt_op_fail(b, "input tensor %d '%s' has %zu elements, output tensor %d '%s' %zu",
                       (int) n->input, in->name, in->num_elements, (int) n->output, out->name,
                       out->num_elements);
  }
  b->graph->storage[n->output] = b->graph->storage[n->input];
  return true;
}
