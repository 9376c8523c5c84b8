#include "model.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flatbuffer.h"
#include "schema.h"

size_t xqt_type_size(int type) {
  switch (type) {
    case XQT_TYPE_FLOAT32:
    case XQT_TYPE_INT32:
      return 4;
    case XQT_TYPE_UINT8:
    case XQT_TYPE_INT8:
    case XQT_TYPE_BOOL:
      return 1;
    case XQT_TYPE_INT64:
    case XQT_TYPE_FLOAT64:
      return 8;
    case XQT_TYPE_FLOAT16:
    case XQT_TYPE_INT16:
      return 2;
    default:
      return 0;
  }
}

const char* xqt_type_name(int type) {
  switch (type) {
    case XQT_TYPE_FLOAT32: return "FLOAT32";
    case XQT_TYPE_FLOAT16: return "FLOAT16";
    case XQT_TYPE_INT32: return "INT32";
    case XQT_TYPE_UINT8: return "UINT8";
    case XQT_TYPE_INT64: return "INT64";
    case XQT_TYPE_STRING: return "STRING";
    case XQT_TYPE_BOOL: return "BOOL";
    case XQT_TYPE_INT16: return "INT16";
    case XQT_TYPE_COMPLEX64: return "COMPLEX64";
    case XQT_TYPE_INT8: return "INT8";
    case XQT_TYPE_FLOAT64: return "FLOAT64";
    default: return "unknown type";
  }
}

const char* xqt_op_name(int32_t opcode) {
  switch (opcode) {
    case XQT_OP_ADD: return "ADD";
    case XQT_OP_AVERAGE_POOL_2D: return "AVERAGE_POOL_2D";
    case XQT_OP_CONCATENATION: return "CONCATENATION";
    case XQT_OP_CONV_2D: return "CONV_2D";
    case XQT_OP_DEPTHWISE_CONV_2D: return "DEPTHWISE_CONV_2D";
    case XQT_OP_DEQUANTIZE: return "DEQUANTIZE";
    case XQT_OP_FULLY_CONNECTED: return "FULLY_CONNECTED";
    case XQT_OP_MUL: return "MUL";
    case XQT_OP_RESHAPE: return "RESHAPE";
    case XQT_OP_SOFTMAX: return "SOFTMAX";
    case XQT_OP_MEAN: return "MEAN";
    case XQT_OP_SQUEEZE: return "SQUEEZE";
    case XQT_OP_TRANSPOSE_CONV: return "TRANSPOSE_CONV";
    case XQT_OP_QUANTIZE: return "QUANTIZE";
    case XQT_OP_CUSTOM: return "CUSTOM";
    case XQT_OP_MAX_POOL_2D: return "MAX_POOL_2D";
    case 12: return "L2_POOL_2D";
    case 19: return "RELU";
    case 21: return "RELU6";
    case XQT_OP_PAD: return "PAD";
    case XQT_OP_PADV2: return "PADV2";
    case XQT_OP_MIRROR_PAD: return "MIRROR_PAD";
    case XQT_OP_SUB: return "SUB";
    case XQT_OP_MAXIMUM: return "MAXIMUM";
    case XQT_OP_MINIMUM: return "MINIMUM";
    case XQT_OP_LOGISTIC: return "LOGISTIC";
    case XQT_OP_TANH: return "TANH";
    case XQT_OP_LEAKY_RELU: return "LEAKY_RELU";
    case XQT_OP_HARD_SWISH: return "HARD_SWISH";
    case XQT_OP_RESIZE_BILINEAR: return "RESIZE_BILINEAR";
    case XQT_OP_RESIZE_NEAREST_NEIGHBOR: return "RESIZE_NEAREST_NEIGHBOR";
    case XQT_OP_TRANSPOSE: return "TRANSPOSE";
    case XQT_OP_STRIDED_SLICE: return "STRIDED_SLICE";
    case XQT_OP_SPLIT: return "SPLIT";
    case XQT_OP_CAST: return "CAST";
    case XQT_OP_ARG_MAX: return "ARG_MAX";
    case XQT_OP_SLICE: return "SLICE";
    case XQT_OP_SPLIT_V: return "SPLIT_V";
    default: return "(unsupported builtin)";
  }
}

static void copy_name(char* dst, size_t dst_size, const char* src, size_t length) {
  if (length >= dst_size) {
    length = dst_size - 1;
  }
  size_t i;
  for (i = 0; i < length; i++) {
    const char c = src[i];
    dst[i] = (c >= 0x20 && c < 0x7f) ? c : '?';  // printable only: names go to stderr
  }
  dst[i] = '\0';
}

// Reads a vector of int32 indices into a new array; every index must be in
// [-1, limit) (or [0, limit) when !allow_omitted).
static bool read_indices(struct xqt_fb_table table, unsigned id, size_t limit, bool allow_omitted,
                         size_t max_count, const char* what, size_t* count, int32_t** out,
                         struct xqt_error* err) {
  bool present;
  struct xqt_fb_vector v = xqt_fb_get_vector(table, id, 4, &present);
  *count = 0;
  *out = NULL;
  if (!v.valid) {
    return xqt_fail(err, "%s: malformed index vector", what);
  }
  if (v.length > max_count) {
    return xqt_fail(err, "%s: %zu indices (at most %zu supported)", what, v.length, max_count);
  }
  *out = calloc(v.length + 1, sizeof(int32_t));
  if (*out == NULL) {
    return xqt_fail(err, "%s: out of memory", what);
  }
  for (size_t i = 0; i < v.length; i++) {
    const int32_t index = xqt_fb_vector_i32(v, i);
    if (index < (allow_omitted ? -1 : 0) || (int64_t) index >= (int64_t) limit) {
      return xqt_fail(err, "%s: tensor index %d out of range [0, %zu)", what, (int) index, limit);
    }
    (*out)[i] = index;
  }
  *count = v.length;
  return true;
}

static bool parse_tensor(const struct xqt_fb* fb, struct xqt_fb_table t, size_t index,
                         struct xqt_fb_vector buffers, struct xqt_tensor* tensor,
                         struct xqt_error* err) {
  if (!t.valid) {
    return xqt_fail(err, "tensor %zu: malformed table", index);
  }
  const char* name;
  size_t name_length;
  xqt_fb_get_string(t, XQT_TENSOR_NAME, &name, &name_length);
  copy_name(tensor->name, sizeof(tensor->name), name, name_length);

  int8_t type;
  uint32_t buffer_index;
  uint8_t is_variable;
  if (!xqt_fb_get_i8(t, XQT_TENSOR_TYPE, XQT_TYPE_FLOAT32, &type) ||
      !xqt_fb_get_u32(t, XQT_TENSOR_BUFFER, 0, &buffer_index) ||
      !xqt_fb_get_u8(t, XQT_TENSOR_IS_VARIABLE, 0, &is_variable)) {
    return xqt_fail(err, "tensor %zu '%s': malformed fields", index, tensor->name);
  }
  tensor->type = type;
  tensor->is_variable = is_variable != 0;
  if (xqt_fb_has_field(t, XQT_TENSOR_SPARSITY)) {
    return xqt_fail(err, "tensor %zu '%s': sparse tensors are not supported", index, tensor->name);
  }

  bool present;
  struct xqt_fb_vector shape = xqt_fb_get_vector(t, XQT_TENSOR_SHAPE, 4, &present);
  if (!shape.valid) {
    return xqt_fail(err, "tensor %zu '%s': malformed shape", index, tensor->name);
  }
  if (shape.length > XQT_MAX_DIMS) {
    return xqt_fail(err, "tensor %zu '%s': rank %zu (at most %d supported)", index, tensor->name,
                    shape.length, XQT_MAX_DIMS);
  }
  const size_t element_size = xqt_type_size(tensor->type);
  tensor->num_dims = shape.length;
  size_t elements = 1;
  for (size_t d = 0; d < shape.length; d++) {
    const int32_t dim = xqt_fb_vector_i32(shape, d);
    if (dim <= 0) {
      return xqt_fail(err, "tensor %zu '%s': dimension %zu is %d (must be >= 1)", index,
                      tensor->name, d, (int) dim);
    }
    tensor->dims[d] = (size_t) dim;
    if ((size_t) dim > XQT_MAX_TENSOR_BYTES / elements) {
      return xqt_fail(err, "tensor %zu '%s': shape too large", index, tensor->name);
    }
    elements *= (size_t) dim;
  }
  tensor->num_elements = elements;
  if (element_size != 0 && elements > XQT_MAX_TENSOR_BYTES / element_size) {
    return xqt_fail(err, "tensor %zu '%s': shape too large", index, tensor->name);
  }
  tensor->size_bytes = elements * element_size;

  // Constant data.
  if ((size_t) buffer_index >= buffers.length) {
    return xqt_fail(err, "tensor %zu '%s': buffer index %u out of range [0, %zu)", index,
                    tensor->name, buffer_index, buffers.length);
  }
  struct xqt_fb_table b = xqt_fb_vector_table(buffers, buffer_index);
  if (!b.valid) {
    return xqt_fail(err, "tensor %zu '%s': malformed buffer %u", index, tensor->name, buffer_index);
  }
  struct xqt_fb_vector data = xqt_fb_get_vector(b, XQT_BUFFER_DATA, 1, &present);
  if (!data.valid) {
    return xqt_fail(err, "tensor %zu '%s': buffer %u has malformed data", index, tensor->name,
                    buffer_index);
  }
  uint64_t offset, size;
  if (!xqt_fb_get_u64(b, XQT_BUFFER_OFFSET, 0, &offset) ||
      !xqt_fb_get_u64(b, XQT_BUFFER_SIZE, 0, &size)) {
    return xqt_fail(err, "tensor %zu '%s': buffer %u malformed", index, tensor->name, buffer_index);
  }
  const uint8_t* bytes = NULL;
  size_t num_bytes = 0;
  if (data.length != 0) {
    bytes = fb->data + data.pos;
    num_bytes = data.length;
  } else if (offset > 1) {
    // Data stored after the flatbuffer (models over 2 GB); offset from file start.
    if (offset > fb->size || size > fb->size - offset) {
      return xqt_fail(err, "tensor %zu '%s': buffer %u offset/size out of the file", index,
                      tensor->name, buffer_index);
    }
    bytes = fb->data + offset;
    num_bytes = (size_t) size;
  }
  if (bytes != NULL) {
    if (element_size == 0) {
      return xqt_fail(err, "tensor %zu '%s': constant of unsupported type %s", index,
                      tensor->name, xqt_type_name(tensor->type));
    }
    if (num_bytes != tensor->size_bytes) {
      return xqt_fail(err, "tensor %zu '%s': buffer has %zu bytes, shape needs %zu", index,
                      tensor->name, num_bytes, tensor->size_bytes);
    }
    tensor->data = bytes;
  }

  // Quantization.
  struct xqt_fb_table q = xqt_fb_get_table(t, XQT_TENSOR_QUANTIZATION, &present);
  if (present) {
    if (!q.valid) {
      return xqt_fail(err, "tensor %zu '%s': malformed quantization", index, tensor->name);
    }
    uint8_t details_type;
    int32_t quantized_dimension;
    if (!xqt_fb_get_u8(q, XQT_QUANT_DETAILS_TYPE, 0, &details_type) ||
        !xqt_fb_get_i32(q, XQT_QUANT_QUANTIZED_DIMENSION, 0, &quantized_dimension)) {
      return xqt_fail(err, "tensor %zu '%s': malformed quantization", index, tensor->name);
    }
    if (details_type != 0) {
      return xqt_fail(err, "tensor %zu '%s': custom quantization details are not supported", index,
                      tensor->name);
    }
    struct xqt_fb_vector scales = xqt_fb_get_vector(q, XQT_QUANT_SCALE, 4, &present);
    struct xqt_fb_vector zero_points = xqt_fb_get_vector(q, XQT_QUANT_ZERO_POINT, 8, &present);
    if (!scales.valid || !zero_points.valid) {
      return xqt_fail(err, "tensor %zu '%s': malformed quantization vectors", index, tensor->name);
    }
    if (scales.length != 0) {
      if (zero_points.length != scales.length && zero_points.length != 0) {
        return xqt_fail(err, "tensor %zu '%s': %zu scales but %zu zero points", index,
                        tensor->name, scales.length, zero_points.length);
      }
      if (scales.length > 1) {
        if (quantized_dimension < 0 || (size_t) quantized_dimension >= tensor->num_dims ||
            tensor->dims[quantized_dimension] != scales.length) {
          return xqt_fail(err,
                          "tensor %zu '%s': %zu scales do not match quantized dimension %d",
                          index, tensor->name, scales.length, (int) quantized_dimension);
        }
      }
      tensor->num_scales = scales.length;
      tensor->quantized_dimension = quantized_dimension;
      tensor->scales = malloc(scales.length * sizeof(float));
      tensor->zero_points = calloc(scales.length, sizeof(int64_t));
      if (tensor->scales == NULL || tensor->zero_points == NULL) {
        return xqt_fail(err, "tensor %zu '%s': out of memory", index, tensor->name);
      }
      for (size_t i = 0; i < scales.length; i++) {
        tensor->scales[i] = xqt_fb_vector_f32(scales, i);
        if (zero_points.length != 0) {
          tensor->zero_points[i] = xqt_fb_vector_i64(zero_points, i);
        }
      }
    }
  }
  return true;
}

static bool read_options(struct xqt_fb_table op_table, size_t index, struct xqt_op* op,
                         struct xqt_error* err) {
  struct xqt_op_options* o = &op->options;
  o->padding = XQT_PADDING_SAME;
  o->stride_w = o->stride_h = 1;
  o->dilation_w = o->dilation_h = 1;
  o->depth_multiplier = 1;
  o->activation = XQT_ACTIVATION_NONE;
  o->beta = 1.0f;
  o->mirror_pad_mode = XQT_MIRROR_PAD_REFLECT;
  o->alpha = 0.0f;  // schema.fbs: LeakyReluOptions.alpha has no default
  o->in_data_type = o->out_data_type = -1;
  // ArgMaxOptions.output_type defaults to the enum's first value, FLOAT32,
  // which TFLite rejects (INT32 / INT64 only): absent options are an error.
  o->output_type = XQT_TYPE_FLOAT32;
  o->pot_scale_int16 = true;  // schema.fbs default

  uint8_t type;
  if (!xqt_fb_get_u8(op_table, XQT_OPERATOR_BUILTIN_OPTIONS_TYPE, 0, &type)) {
    return xqt_fail(err, "op %zu %s: malformed options type", index, xqt_op_name(op->opcode));
  }
  bool present;
  struct xqt_fb_table t = xqt_fb_get_table(op_table, XQT_OPERATOR_BUILTIN_OPTIONS, &present);
  if (present && !t.valid) {
    return xqt_fail(err, "op %zu %s: malformed options", index, xqt_op_name(op->opcode));
  }
  int expected = -1;
  switch (op->opcode) {
    case XQT_OP_CONV_2D: expected = XQT_OPTIONS_CONV_2D; break;
    case XQT_OP_DEPTHWISE_CONV_2D: expected = XQT_OPTIONS_DEPTHWISE_CONV_2D; break;
    case XQT_OP_AVERAGE_POOL_2D:
    case XQT_OP_MAX_POOL_2D: expected = XQT_OPTIONS_POOL_2D; break;
    case XQT_OP_MIRROR_PAD: expected = XQT_OPTIONS_MIRROR_PAD; break;
    case XQT_OP_LEAKY_RELU: expected = XQT_OPTIONS_LEAKY_RELU; break;
    case XQT_OP_FULLY_CONNECTED: expected = XQT_OPTIONS_FULLY_CONNECTED; break;
    case XQT_OP_SOFTMAX: expected = XQT_OPTIONS_SOFTMAX; break;
    case XQT_OP_CONCATENATION: expected = XQT_OPTIONS_CONCATENATION; break;
    case XQT_OP_ADD: expected = XQT_OPTIONS_ADD; break;
    case XQT_OP_MUL: expected = XQT_OPTIONS_MUL; break;
    case XQT_OP_SUB: expected = XQT_OPTIONS_SUB; break;
    case XQT_OP_MAXIMUM:
    case XQT_OP_MINIMUM: expected = XQT_OPTIONS_MAXIMUM_MINIMUM; break;
    case XQT_OP_MEAN: expected = XQT_OPTIONS_REDUCER; break;
    case XQT_OP_TRANSPOSE_CONV: expected = XQT_OPTIONS_TRANSPOSE_CONV; break;
    case XQT_OP_RESIZE_BILINEAR: expected = XQT_OPTIONS_RESIZE_BILINEAR; break;
    case XQT_OP_RESIZE_NEAREST_NEIGHBOR: expected = XQT_OPTIONS_RESIZE_NEAREST_NEIGHBOR; break;
    case XQT_OP_STRIDED_SLICE: expected = XQT_OPTIONS_STRIDED_SLICE; break;
    case XQT_OP_SPLIT: expected = XQT_OPTIONS_SPLIT; break;
    case XQT_OP_SPLIT_V: expected = XQT_OPTIONS_SPLIT_V; break;
    case XQT_OP_CAST: expected = XQT_OPTIONS_CAST; break;
    case XQT_OP_ARG_MAX: expected = XQT_OPTIONS_ARG_MAX; break;
    default: return true;  // no options read for other ops
  }
  if (!present) {
    return true;  // defaults
  }
  if (type != expected) {
    return xqt_fail(err, "op %zu %s: options of type %u, expected %d", index,
                    xqt_op_name(op->opcode), type, expected);
  }
  int8_t padding = XQT_PADDING_SAME, activation = XQT_ACTIVATION_NONE;
  uint8_t keep_dims = 0;
  int8_t weights_format = 0;
  int8_t mirror_mode = XQT_MIRROR_PAD_REFLECT;
  uint8_t align_corners = 0, half_pixel_centers = 0;
  bool ok = true;
  switch (op->opcode) {
    case XQT_OP_CONV_2D:
      ok = xqt_fb_get_i8(t, XQT_CONV_PADDING, XQT_PADDING_SAME, &padding) &&
           xqt_fb_get_i32(t, XQT_CONV_STRIDE_W, 1, &o->stride_w) &&
           xqt_fb_get_i32(t, XQT_CONV_STRIDE_H, 1, &o->stride_h) &&
           xqt_fb_get_i8(t, XQT_CONV_ACTIVATION, 0, &activation) &&
           xqt_fb_get_i32(t, XQT_CONV_DILATION_W, 1, &o->dilation_w) &&
           xqt_fb_get_i32(t, XQT_CONV_DILATION_H, 1, &o->dilation_h);
      break;
    case XQT_OP_DEPTHWISE_CONV_2D:
      ok = xqt_fb_get_i8(t, XQT_DWCONV_PADDING, XQT_PADDING_SAME, &padding) &&
           xqt_fb_get_i32(t, XQT_DWCONV_STRIDE_W, 1, &o->stride_w) &&
           xqt_fb_get_i32(t, XQT_DWCONV_STRIDE_H, 1, &o->stride_h) &&
           xqt_fb_get_i32(t, XQT_DWCONV_DEPTH_MULTIPLIER, 1, &o->depth_multiplier) &&
           xqt_fb_get_i8(t, XQT_DWCONV_ACTIVATION, 0, &activation) &&
           xqt_fb_get_i32(t, XQT_DWCONV_DILATION_W, 1, &o->dilation_w) &&
           xqt_fb_get_i32(t, XQT_DWCONV_DILATION_H, 1, &o->dilation_h);
      break;
    case XQT_OP_AVERAGE_POOL_2D:
    case XQT_OP_MAX_POOL_2D:
      ok = xqt_fb_get_i8(t, XQT_POOL_PADDING, XQT_PADDING_SAME, &padding) &&
           xqt_fb_get_i32(t, XQT_POOL_STRIDE_W, 1, &o->stride_w) &&
           xqt_fb_get_i32(t, XQT_POOL_STRIDE_H, 1, &o->stride_h) &&
           xqt_fb_get_i32(t, XQT_POOL_FILTER_W, 0, &o->filter_w) &&
           xqt_fb_get_i32(t, XQT_POOL_FILTER_H, 0, &o->filter_h) &&
           xqt_fb_get_i8(t, XQT_POOL_ACTIVATION, 0, &activation);
      break;
    case XQT_OP_FULLY_CONNECTED:
      ok = xqt_fb_get_i8(t, XQT_FC_ACTIVATION, 0, &activation) &&
           xqt_fb_get_i8(t, XQT_FC_WEIGHTS_FORMAT, 0, &weights_format);
      break;
    case XQT_OP_SOFTMAX:
      ok = xqt_fb_get_f32(t, XQT_SOFTMAX_BETA, 1.0f, &o->beta);
      break;
    case XQT_OP_CONCATENATION:
      ok = xqt_fb_get_i32(t, XQT_CONCAT_AXIS, 0, &o->axis) &&
           xqt_fb_get_i8(t, XQT_CONCAT_ACTIVATION, 0, &activation);
      break;
    case XQT_OP_ADD: {
      uint8_t pot_scale_int16 = 1;
      ok = xqt_fb_get_i8(t, XQT_ADD_ACTIVATION, 0, &activation) &&
           xqt_fb_get_u8(t, XQT_ADD_POT_SCALE_INT16, 1, &pot_scale_int16);
      o->pot_scale_int16 = pot_scale_int16 != 0;
      break;
    }
    case XQT_OP_MUL:
      ok = xqt_fb_get_i8(t, XQT_MUL_ACTIVATION, 0, &activation);
      break;
    case XQT_OP_SUB:
      ok = xqt_fb_get_i8(t, XQT_SUB_ACTIVATION, 0, &activation);
      break;
    case XQT_OP_MEAN:
      ok = xqt_fb_get_u8(t, XQT_REDUCER_KEEP_DIMS, 0, &keep_dims);
      break;
    case XQT_OP_MIRROR_PAD:
      ok = xqt_fb_get_i8(t, XQT_MIRROR_PAD_MODE, XQT_MIRROR_PAD_REFLECT, &mirror_mode);
      break;
    case XQT_OP_LEAKY_RELU:
      ok = xqt_fb_get_f32(t, XQT_LEAKY_RELU_ALPHA, 0.0f, &o->alpha);
      break;
    case XQT_OP_STRIDED_SLICE: {
      uint8_t offset = 0;
      ok = xqt_fb_get_i32(t, XQT_STRIDED_SLICE_BEGIN_MASK, 0, &o->begin_mask) &&
           xqt_fb_get_i32(t, XQT_STRIDED_SLICE_END_MASK, 0, &o->end_mask) &&
           xqt_fb_get_i32(t, XQT_STRIDED_SLICE_ELLIPSIS_MASK, 0, &o->ellipsis_mask) &&
           xqt_fb_get_i32(t, XQT_STRIDED_SLICE_NEW_AXIS_MASK, 0, &o->new_axis_mask) &&
           xqt_fb_get_i32(t, XQT_STRIDED_SLICE_SHRINK_AXIS_MASK, 0, &o->shrink_axis_mask) &&
           xqt_fb_get_u8(t, XQT_STRIDED_SLICE_OFFSET, 0, &offset);
      o->slice_offset = offset != 0;
      break;
    }
    case XQT_OP_SPLIT:
    case XQT_OP_SPLIT_V:
      ok = xqt_fb_get_i32(t, XQT_SPLIT_NUM_SPLITS, 0, &o->num_splits);
      break;
    case XQT_OP_CAST: {
      int8_t in_type = -1, out_type = -1;
      ok = xqt_fb_get_i8(t, XQT_CAST_IN_DATA_TYPE, -1, &in_type) &&
           xqt_fb_get_i8(t, XQT_CAST_OUT_DATA_TYPE, -1, &out_type);
      o->in_data_type = in_type;
      o->out_data_type = out_type;
      break;
    }
    case XQT_OP_ARG_MAX: {
      int8_t output_type = XQT_TYPE_FLOAT32;
      ok = xqt_fb_get_i8(t, XQT_ARG_MAX_OUTPUT_TYPE, XQT_TYPE_FLOAT32, &output_type);
      o->output_type = output_type;
      break;
    }
    case XQT_OP_TRANSPOSE_CONV:
      ok = xqt_fb_get_i8(t, XQT_TCONV_PADDING, XQT_PADDING_SAME, &padding) &&
           xqt_fb_get_i32(t, XQT_TCONV_STRIDE_W, 1, &o->stride_w) &&
           xqt_fb_get_i32(t, XQT_TCONV_STRIDE_H, 1, &o->stride_h) &&
           xqt_fb_get_i8(t, XQT_TCONV_ACTIVATION, 0, &activation);
      break;
    case XQT_OP_RESIZE_BILINEAR:
      ok = xqt_fb_get_u8(t, XQT_RESIZE_BILINEAR_ALIGN_CORNERS, 0, &align_corners) &&
           xqt_fb_get_u8(t, XQT_RESIZE_BILINEAR_HALF_PIXEL_CENTERS, 0, &half_pixel_centers);
      break;
    case XQT_OP_RESIZE_NEAREST_NEIGHBOR:
      ok = xqt_fb_get_u8(t, XQT_RESIZE_NEAREST_ALIGN_CORNERS, 0, &align_corners) &&
           xqt_fb_get_u8(t, XQT_RESIZE_NEAREST_HALF_PIXEL_CENTERS, 0, &half_pixel_centers);
      break;
  }
  if (!ok) {
    return xqt_fail(err, "op %zu %s: malformed options", index, xqt_op_name(op->opcode));
  }
  o->padding = padding;
  o->activation = activation;
  o->keep_dims = keep_dims != 0;
  o->weights_format = weights_format;
  o->mirror_pad_mode = mirror_mode;
  o->align_corners = align_corners != 0;
  o->half_pixel_centers = half_pixel_centers != 0;
  return true;
}

void xqt_model_free(struct xqt_model* model) {
  if (model == NULL) {
    return;
  }
  if (model->tensors != NULL) {
    for (size_t i = 0; i < model->num_tensors; i++) {
      free(model->tensors[i].scales);
      free(model->tensors[i].zero_points);
    }
  }
  if (model->ops != NULL) {
    for (size_t i = 0; i < model->num_ops; i++) {
      free(model->ops[i].inputs);
      free(model->ops[i].outputs);
    }
  }
  free(model->tensors);
  free(model->ops);
  free(model->inputs);
  free(model->outputs);
  free(model->file);
  free(model);
}

static bool parse(struct xqt_model* model, struct xqt_error* err) {
  const struct xqt_fb fb = {model->file, model->file_size};
  struct xqt_fb_table root = xqt_fb_root(&fb, "TFL3");
  if (!root.valid) {
    return xqt_fail(err, "not a TensorFlow Lite model (bad header or root table)");
  }
  bool present;
  struct xqt_fb_vector codes = xqt_fb_get_vector(root, XQT_MODEL_OPERATOR_CODES, 4, &present);
  struct xqt_fb_vector subgraphs = xqt_fb_get_vector(root, XQT_MODEL_SUBGRAPHS, 4, &present);
  struct xqt_fb_vector buffers = xqt_fb_get_vector(root, XQT_MODEL_BUFFERS, 4, &present);
  if (!codes.valid || !subgraphs.valid || !buffers.valid) {
    return xqt_fail(err, "model: malformed operator codes, subgraphs or buffers");
  }
  if (subgraphs.length == 0) {
    return xqt_fail(err, "model: no subgraph");
  }
  struct xqt_fb_table sg = xqt_fb_vector_table(subgraphs, 0);
  if (!sg.valid) {
    return xqt_fail(err, "subgraph 0: malformed table");
  }
  struct xqt_fb_vector tensors = xqt_fb_get_vector(sg, XQT_SUBGRAPH_TENSORS, 4, &present);
  struct xqt_fb_vector ops = xqt_fb_get_vector(sg, XQT_SUBGRAPH_OPERATORS, 4, &present);
  if (!tensors.valid || !ops.valid) {
    return xqt_fail(err, "subgraph 0: malformed tensors or operators");
  }
  if (tensors.length > XQT_MAX_TENSORS || ops.length > XQT_MAX_OPS) {
    return xqt_fail(err, "subgraph 0: %zu tensors and %zu operators (limits %d, %d)",
                    tensors.length, ops.length, XQT_MAX_TENSORS, XQT_MAX_OPS);
  }

  model->tensors = calloc(tensors.length + 1, sizeof(struct xqt_tensor));
  model->ops = calloc(ops.length + 1, sizeof(struct xqt_op));
  if (model->tensors == NULL || model->ops == NULL) {
    return xqt_fail(err, "model: out of memory");
  }
  model->num_tensors = tensors.length;
  model->num_ops = ops.length;
  for (size_t i = 0; i < tensors.length; i++) {
    if (!parse_tensor(&fb, xqt_fb_vector_table(tensors, i), i, buffers, &model->tensors[i], err)) {
      return false;
    }
  }
  if (!read_indices(sg, XQT_SUBGRAPH_INPUTS, tensors.length, false, XQT_MAX_OP_INPUTS,
                    "subgraph inputs", &model->num_inputs, &model->inputs, err) ||
      !read_indices(sg, XQT_SUBGRAPH_OUTPUTS, tensors.length, false, XQT_MAX_OP_INPUTS,
                    "subgraph outputs", &model->num_outputs, &model->outputs, err)) {
    return false;
  }

  for (size_t i = 0; i < ops.length; i++) {
    struct xqt_op* op = &model->ops[i];
    struct xqt_fb_table t = xqt_fb_vector_table(ops, i);
    if (!t.valid) {
      return xqt_fail(err, "op %zu: malformed table", i);
    }
    uint32_t opcode_index;
    if (!xqt_fb_get_u32(t, XQT_OPERATOR_OPCODE_INDEX, 0, &opcode_index)) {
      return xqt_fail(err, "op %zu: malformed opcode index", i);
    }
    if ((size_t) opcode_index >= codes.length) {
      return xqt_fail(err, "op %zu: opcode index %u out of range [0, %zu)", i, opcode_index,
                      codes.length);
    }
    struct xqt_fb_table code = xqt_fb_vector_table(codes, opcode_index);
    int8_t deprecated_code;
    int32_t builtin_code;
    if (!code.valid || !xqt_fb_get_i8(code, XQT_OPCODE_DEPRECATED_BUILTIN_CODE, 0, &deprecated_code) ||
        !xqt_fb_get_i32(code, XQT_OPCODE_BUILTIN_CODE, 0, &builtin_code) ||
        !xqt_fb_get_i32(code, XQT_OPCODE_VERSION, 1, &op->version)) {
      return xqt_fail(err, "op %zu: malformed operator code %u", i, opcode_index);
    }
    // Schema >= 2.4: the real code is the larger of the two fields.
    op->opcode = builtin_code > deprecated_code ? builtin_code : deprecated_code;
    if (op->opcode == XQT_OP_CUSTOM) {
      const char* name;
      size_t length;
      xqt_fb_get_string(code, XQT_OPCODE_CUSTOM_CODE, &name, &length);
      copy_name(op->custom_code, sizeof(op->custom_code), name, length);
      bool present;
      int8_t format;
      const struct xqt_fb_vector options = xqt_fb_get_vector(t, XQT_OPERATOR_CUSTOM_OPTIONS, 1, &present);
      if ((present && !options.valid) || !xqt_fb_get_i8(t, XQT_OPERATOR_CUSTOM_OPTIONS_FORMAT, 0, &format)) {
        return xqt_fail(err, "op %zu: malformed custom options", i);
      }
      if (format != 0) {
        return xqt_fail(err, "op %zu: custom options format %d is not supported (only FLEXBUFFERS)", i, format);
      }
      if (present && options.length != 0) {
        op->custom_options = options.fb->data + options.pos;
        op->custom_options_size = options.length;
      }
    }
    char what[64];
    snprintf(what, sizeof(what), "op %zu %s inputs", i, xqt_op_name(op->opcode));
    if (!read_indices(t, XQT_OPERATOR_INPUTS, tensors.length, true, XQT_MAX_OP_INPUTS, what,
                      &op->num_inputs, &op->inputs, err)) {
      return false;
    }
    snprintf(what, sizeof(what), "op %zu %s outputs", i, xqt_op_name(op->opcode));
    if (!read_indices(t, XQT_OPERATOR_OUTPUTS, tensors.length, false, XQT_MAX_OP_INPUTS, what,
                      &op->num_outputs, &op->outputs, err)) {
      return false;
    }
    if (!read_options(t, i, op, err)) {
      return false;
    }
  }
  return true;
}

struct xqt_model* xqt_model_parse(const void* data, size_t size, struct xqt_error* err) {
  struct xqt_model* model = calloc(1, sizeof(struct xqt_model));
  if (model == NULL) {
    xqt_fail(err, "model: out of memory");
    return NULL;
  }
  // Constant tensors (weights, a constant ADD / SUB operand, ...) point into
  // this copy and xqnn kernels may read XQNN_EXTRA_BYTES past an operand: pad it
  // (zeroed, so the padding is deterministic).
  model->file = size <= SIZE_MAX - XQT_FILE_PADDING ? calloc(size + XQT_FILE_PADDING, 1) : NULL;
  if (model->file == NULL) {
    xqt_fail(err, "model: out of memory (%zu bytes)", size);
    free(model);
    return NULL;
  }
  if (size != 0) {
    memcpy(model->file, data, size);
  }
  model->file_size = size;
  if (!parse(model, err)) {
    xqt_model_free(model);
    return NULL;
  }
  return model;
}

struct xqt_model* xqt_model_load(const char* path, struct xqt_error* err) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) {
    xqt_fail(err, "%s: %s", path, strerror(errno));
    return NULL;
  }
  uint8_t* bytes = NULL;
  size_t size = 0, capacity = 0;
  for (;;) {
    if (size == capacity) {
      // At most 4 GiB, and never past what size_t holds (32-bit targets).
      if (capacity > SIZE_MAX / 2 || (uint64_t) capacity * 2 > (UINT64_C(1) << 32)) {
        xqt_fail(err, "%s: file too large", path);
        free(bytes);
        fclose(f);
        return NULL;
      }
      capacity = capacity == 0 ? (1 << 20) : capacity * 2;
      uint8_t* grown = realloc(bytes, capacity);
      if (grown == NULL) {
        xqt_fail(err, "%s: out of memory", path);
        free(bytes);
        fclose(f);
        return NULL;
      }
      bytes = grown;
    }
    const size_t n = fread(bytes + size, 1, capacity - size, f);
    size += n;
    if (n == 0) {
      break;
    }
  }
  const bool read_error = ferror(f) != 0;
  fclose(f);
  if (read_error) {
    xqt_fail(err, "%s: read error", path);
    free(bytes);
    return NULL;
  }
  struct xqt_model* model = xqt_model_parse(bytes, size, err);
  free(bytes);
  return model;
}
