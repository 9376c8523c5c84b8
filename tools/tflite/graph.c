#include "graph.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activation-table.h"
#include "quantization.h"
#include "schema.h"

// Largest stride, dilation or kernel side accepted (xqnn takes uint32_t; real
// models are far below).
#define XQT_MAX_WINDOW 65536
// Largest max pooling accepted, in window taps inside the input over all
// output pixels of an image (xqnn builds one indirection pointer per tap: 512
// MiB here; a 3x3 pooling of a 1024x1024 image needs 9.4M taps).
#define XQT_MAX_POOLING_TAPS ((uint64_t) 1 << 26)
// average_pooling2d's exact TFLite rounding bound (include/xqnn.h).
#define XQT_MAX_AVERAGE_POOLING_WINDOW 4096
// Resize sizes: below the library's 2^20 (TFLite's fixed point needs 1024 * size in int32).
#define XQT_MAX_RESIZE 65536

// TFLite's optimized uint8 RESIZE_NEAREST_NEIGHBOR (no flags) picks index
// min((o * ((in << 16) / out + 1)) >> 16, in - 1); its reference (and
// xqnn's) min(floor(o * (float) in / out), in - 1). True when both agree for
// every output index.
static bool xqt_nearest_rules_agree(size_t in, size_t out) {
  const int64_t scale_16 = (int64_t) ((in << 16) / out) + 1;
  const float scale = (float) in / (float) out;
  for (size_t o = 0; o < out; o++) {
    int64_t fixed = ((int64_t) o * scale_16) >> 16;
    int64_t reference = (int64_t) floorf((float) o * scale);
    if (fixed > (int64_t) in - 1) fixed = (int64_t) in - 1;
    if (reference > (int64_t) in - 1) reference = (int64_t) in - 1;
    if (fixed != reference) return false;
  }
  return true;
}

struct builder {
  const struct xqt_model* model;
  struct xqt_graph* graph;
  struct xqt_error* err;
  size_t op_index;
  const struct xqt_op* op;
  // The op takes int16 activations (TFLite's 16x8 scheme): set by the ops
  // that have xqnn operators for them, reset before each op.
  bool allow_int16;
};

// Fails with "op N NAME: <message>".
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static bool op_fail(struct builder* b, const char* format, ...) {
  char message[400];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof(message), format, args);
  va_end(args);
  return xqt_fail(b->err, "op %zu %s: %s", b->op_index, xqt_op_name(b->op->opcode), message);
}

static const struct xqt_tensor* tensor(struct builder* b, int32_t index) {
  return &b->model->tensors[index];
}

static bool is_quantized_type(int type) {
  return type == XQT_TYPE_INT8 || type == XQT_TYPE_UINT8;
}

// Input `i` of the op; fails when absent (or omitted) and not `optional`.
static bool get_input(struct builder* b, size_t i, bool optional, int32_t* index) {
  *index = -1;
  if (i < b->op->num_inputs) {
    *index = b->op->inputs[i];
  }
  if (*index < 0 && !optional) {
    return op_fail(b, "missing input %zu", i);
  }
  return true;
}

static bool expect_io_counts(struct builder* b, size_t min_inputs, size_t max_inputs) {
  if (b->op->num_inputs < min_inputs || b->op->num_inputs > max_inputs) {
    return op_fail(b, "%zu inputs (expected %zu to %zu)", b->op->num_inputs, min_inputs, max_inputs);
  }
  if (b->op->num_outputs != 1) {
    return op_fail(b, "%zu outputs (expected 1)", b->op->num_outputs);
  }
  return true;
}

static bool expect_rank(struct builder* b, int32_t index, const char* role, size_t rank) {
  const struct xqt_tensor* t = tensor(b, index);
  if (t->num_dims != rank) {
    return op_fail(b, "%s tensor %d '%s' has rank %zu, expected %zu", role, (int) index, t->name,
                   t->num_dims, rank);
  }
  return true;
}

// Checks an int8/uint8 per-tensor quantized tensor; returns its parameters.
static bool quantized_tensor(struct builder* b, int32_t index, const char* role, float* scale,
                             int32_t* zero_point) {
  const struct xqt_tensor* t = tensor(b, index);
  const bool int16 = b->allow_int16 && t->type == XQT_TYPE_INT16;
  if (!is_quantized_type(t->type) && !int16) {
    return op_fail(b, "%s tensor %d '%s' has type %s (supported: INT8, UINT8%s)", role, (int) index,
                   t->name, xqt_type_name(t->type), b->allow_int16 ? ", INT16" : "");
  }
  if (t->num_scales != 1) {
    return op_fail(b, "%s tensor %d '%s' needs per-tensor quantization (has %zu scales)", role,
                   (int) index, t->name, t->num_scales);
  }
  const float s = t->scales[0];
  const int64_t zp = t->zero_points[0];
  if (!(s > 0.0f) || !isfinite(s)) {
    return op_fail(b, "%s tensor %d '%s' has invalid scale %g", role, (int) index, t->name, (double) s);
  }
  // int16 activations are symmetric (TFLite requires zero point 0).
  const int64_t qmin = int16 ? 0 : t->type == XQT_TYPE_INT8 ? -128 : 0;
  const int64_t qmax = int16 ? 0 : t->type == XQT_TYPE_INT8 ? 127 : 255;
  if (zp < qmin || zp > qmax) {
    return op_fail(b, "%s tensor %d '%s' has zero point %lld outside [%lld, %lld]", role,
                   (int) index, t->name, (long long) zp, (long long) qmin, (long long) qmax);
  }
  *scale = s;
  *zero_point = (int32_t) zp;
  return true;
}

static bool expect_constant(struct builder* b, int32_t index, const char* role) {
  const struct xqt_tensor* t = tensor(b, index);
  if (t->data == NULL) {
    return op_fail(b, "%s tensor %d '%s' must be constant", role, (int) index, t->name);
  }
  return true;
}

static bool expect_activation_tensor(struct builder* b, int32_t index, const char* role) {
  const struct xqt_tensor* t = tensor(b, index);
  if (t->data != NULL) {
    return op_fail(b, "%s tensor %d '%s' is constant (only computed tensors are supported here)",
                   role, (int) index, t->name);
  }
  return true;
}

static bool same_type(struct builder* b, int32_t a, int32_t c, const char* role) {
  if (tensor(b, a)->type != tensor(b, c)->type) {
    return op_fail(b, "%s tensor %d '%s' has type %s, expected %s like tensor %d", role, (int) c,
                   tensor(b, c)->name, xqt_type_name(tensor(b, c)->type),
                   xqt_type_name(tensor(b, a)->type), (int) a);
  }
  return true;
}

static bool output_range(struct builder* b, int activation, struct xqt_node* n) {
  const int type = tensor(b, n->output)->type;
  const bool valid = type == XQT_TYPE_INT16
      ? xqt_activation_range_int16(activation, n->output_scale, &n->output_min, &n->output_max)
      : xqt_activation_range(activation, type == XQT_TYPE_INT8, n->output_scale,
                             n->output_zero_point, &n->output_min, &n->output_max);
  if (!valid) {
    return op_fail(b, "fused activation %d is not supported (NONE, RELU, RELU6, RELU_N1_TO_1 are)",
                   activation);
  }
  if (n->output_min > n->output_max) {
    return op_fail(b, "fused activation range [%d, %d] of output tensor %d is empty",
                   (int) n->output_min, (int) n->output_max, (int) n->output);
  }
  return true;
}

static bool check_window(struct builder* b, const char* what, int32_t v) {
  if (v < 1 || v > XQT_MAX_WINDOW) {
    return op_fail(b, "%s %d out of range [1, %d]", what, (int) v, XQT_MAX_WINDOW);
  }
  return true;
}

// Output size of a TFLite convolution window (SAME / VALID); 0 when invalid.
static size_t conv_output_size(int padding, size_t in, size_t kernel, size_t stride, size_t dilation) {
  const size_t ek = (kernel - 1) * dilation + 1;
  if (padding == XQT_PADDING_SAME) {
    return (in + stride - 1) / stride;
  }
  return in >= ek ? (in - ek) / stride + 1 : 0;
}

// Weights of a convolution / deconvolution / fully connected; `channels` is the
// output channel count and `channel_dim` the dimension per-channel scales run along.
static bool weights(struct builder* b, struct xqt_node* n, int32_t w, size_t channels,
                    size_t channel_dim, int input_type) {
  const struct xqt_tensor* t = tensor(b, w);
  if (!expect_constant(b, w, "weight")) {
    return false;
  }
  const bool int16 = input_type == XQT_TYPE_INT16;
  if (int16 ? t->type != XQT_TYPE_INT8 : t->type != input_type) {
    return op_fail(b, "weight tensor %d '%s' has type %s with %s activations (unsupported mix)",
                   (int) w, t->name, xqt_type_name(t->type), xqt_type_name(input_type));
  }
  n->kernel = t->data;
  if (t->num_scales == 0) {
    return op_fail(b, "weight tensor %d '%s' is not quantized", (int) w, t->name);
  }
  for (size_t i = 0; i < t->num_scales; i++) {
    if (!(t->scales[i] > 0.0f) || !isfinite(t->scales[i])) {
      return op_fail(b, "weight tensor %d '%s' has invalid scale %g at channel %zu", (int) w,
                     t->name, (double) t->scales[i], i);
    }
  }
  if (t->type == XQT_TYPE_UINT8) {
    if (t->num_scales != 1) {
      return op_fail(b, "weight tensor %d '%s': per-channel UINT8 weights are not supported",
                     (int) w, t->name);
    }
    if (t->zero_points[0] < 0 || t->zero_points[0] > 255) {
      return op_fail(b, "weight tensor %d '%s' has zero point %lld outside [0, 255]", (int) w,
                     t->name, (long long) t->zero_points[0]);
    }
    n->scheme = XQT_SCHEME_QU8;
    n->kernel_scale = t->scales[0];
    n->kernel_zero_point = (int32_t) t->zero_points[0];
    return true;
  }
  for (size_t i = 0; i < t->num_scales; i++) {
    if (t->zero_points[i] != 0) {
      return op_fail(b, "weight tensor %d '%s' has zero point %lld (INT8 weights must be symmetric)",
                     (int) w, t->name, (long long) t->zero_points[i]);
    }
  }
  if (int16 && t->num_scales == 1) {
    // The xqnn operators take one scale per channel.
    n->scheme = XQT_SCHEME_QS16_QC8W;
    n->owned_kernel_scales = malloc(channels * sizeof(float));
    if (n->owned_kernel_scales == NULL) {
      return op_fail(b, "out of memory");
    }
    for (size_t c = 0; c < channels; c++) {
      n->owned_kernel_scales[c] = t->scales[0];
    }
    n->kernel_scales = n->owned_kernel_scales;
  } else if (t->num_scales == 1) {
    n->scheme = XQT_SCHEME_QS8;
    n->kernel_scale = t->scales[0];
  } else {
    if (t->num_scales != channels || (size_t) t->quantized_dimension != channel_dim) {
      return op_fail(b, "weight tensor %d '%s': %zu scales along dimension %d, expected %zu along %zu",
                     (int) w, t->name, t->num_scales, (int) t->quantized_dimension, channels,
                     channel_dim);
    }
    n->scheme = int16 ? XQT_SCHEME_QS16_QC8W : XQT_SCHEME_QS8_QC8W;
    n->kernel_scales = t->scales;
  }
  return true;
}

static bool bias(struct builder* b, struct xqt_node* n, int32_t index, size_t channels) {
  if (index < 0) {
    return true;
  }
  const struct xqt_tensor* t = tensor(b, index);
  if (!expect_constant(b, index, "bias")) {
    return false;
  }
  if (n->scheme == XQT_SCHEME_QS16_QC8W) {
    // TFLite 2.9's 16x8 kernels take INT64 biases (and accumulate in 64 bits).
    if (t->type != XQT_TYPE_INT64 || t->num_elements != channels) {
      return op_fail(b, "bias tensor %d '%s' of an INT16 op must be INT64 with %zu elements (is %s "
                     "with %zu)", (int) index, t->name, channels, xqt_type_name(t->type),
                     t->num_elements);
    }
    n->bias64 = malloc(channels * sizeof(int64_t));  // aligned copy
    if (n->bias64 == NULL) {
      return op_fail(b, "out of memory");
    }
    memcpy(n->bias64, t->data, channels * sizeof(int64_t));
    return true;
  }
  if (t->type != XQT_TYPE_INT32 || t->num_elements != channels) {
    return op_fail(b, "bias tensor %d '%s' must be INT32 with %zu elements (is %s with %zu)",
                   (int) index, t->name, channels, xqt_type_name(t->type), t->num_elements);
  }
  n->bias = malloc(channels * sizeof(int32_t));  // aligned copy: file data may be unaligned
  if (n->bias == NULL) {
    return op_fail(b, "out of memory");
  }
  memcpy(n->bias, t->data, channels * sizeof(int32_t));
  return true;
}

// Input and output quantization shared by most ops.
static bool io_quantization(struct builder* b, struct xqt_node* n) {
  return quantized_tensor(b, n->input, "input", &n->input_scale, &n->input_zero_point) &&
         quantized_tensor(b, n->output, "output", &n->output_scale, &n->output_zero_point) &&
         same_type(b, n->input, n->output, "output");
}

static bool build_convolution(struct builder* b, struct xqt_node* n, bool depthwise) {
  b->allow_int16 = true;  // TFLite's 16x8 scheme (qs16_qc8w operators)
  const struct xqt_op_options* o = &b->op->options;
  int32_t w, bias_index;
  if (!expect_io_counts(b, 2, 3) || !get_input(b, 0, false, &n->input) ||
      !get_input(b, 1, false, &w) || !get_input(b, 2, true, &bias_index)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!expect_rank(b, n->input, "input", 4) || !expect_rank(b, w, "weight", 4) ||
      !expect_rank(b, n->output, "output", 4) || !io_quantization(b, n) ||
      !check_window(b, "stride_h", o->stride_h) || !check_window(b, "stride_w", o->stride_w) ||
      !check_window(b, "dilation_h", o->dilation_h) || !check_window(b, "dilation_w", o->dilation_w)) {
    return false;
  }
  if (o->padding != XQT_PADDING_SAME && o->padding != XQT_PADDING_VALID) {
    return op_fail(b, "padding %d is not supported", o->padding);
  }
  const struct xqt_tensor* in = tensor(b, n->input);
  const struct xqt_tensor* wt = tensor(b, w);
  const struct xqt_tensor* out = tensor(b, n->output);
  const size_t channels = in->dims[3];
  size_t output_channels;
  if (depthwise) {
    // Weights 1HW(I*M).
    output_channels = wt->dims[3];
    if (wt->dims[0] != 1 || output_channels % channels != 0) {
      return op_fail(b, "weight tensor %d '%s' [%zu,%zu,%zu,%zu] is not 1HW(I*M) for %zu input channels",
                     (int) w, wt->name, wt->dims[0], wt->dims[1], wt->dims[2], wt->dims[3], channels);
    }
    n->groups = (uint32_t) channels;
    n->group_input_channels = 1;
    n->group_output_channels = output_channels / channels;
    n->flags = 0x00000001;  // XQNN_FLAG_DEPTHWISE_CONVOLUTION (runtime.c checks the value)
    if (!weights(b, n, w, output_channels, 3, in->type)) {
      return false;
    }
  } else {
    // Weights OHWI; grouped when I divides the input channels.
    output_channels = wt->dims[0];
    const size_t group_input_channels = wt->dims[3];
    if (channels % group_input_channels != 0 ||
        output_channels % (channels / group_input_channels) != 0) {
      return op_fail(b, "weight tensor %d '%s' [%zu,%zu,%zu,%zu] does not match %zu input channels",
                     (int) w, wt->name, wt->dims[0], wt->dims[1], wt->dims[2], wt->dims[3], channels);
    }
    n->groups = (uint32_t) (channels / group_input_channels);
    n->group_input_channels = group_input_channels;
    n->group_output_channels = output_channels / n->groups;
    n->flags = 0;
    if (!weights(b, n, w, output_channels, 0, in->type)) {
      return false;
    }
  }
  if (wt->dims[1] > XQT_MAX_WINDOW || wt->dims[2] > XQT_MAX_WINDOW) {
    return op_fail(b, "kernel %zux%zu too large", wt->dims[1], wt->dims[2]);
  }
  n->kernel_height = (uint32_t) wt->dims[1];
  n->kernel_width = (uint32_t) wt->dims[2];
  n->stride_height = (uint32_t) o->stride_h;
  n->stride_width = (uint32_t) o->stride_w;
  n->dilation_height = (uint32_t) o->dilation_h;
  n->dilation_width = (uint32_t) o->dilation_w;
  if (o->padding == XQT_PADDING_SAME) {
    n->flags |= 0x00000004;  // XQNN_FLAG_TENSORFLOW_SAME_PADDING
  }
  n->batch = in->dims[0];
  n->input_height = in->dims[1];
  n->input_width = in->dims[2];
  n->output_height = conv_output_size(o->padding, in->dims[1], n->kernel_height, n->stride_height,
                                      n->dilation_height);
  n->output_width = conv_output_size(o->padding, in->dims[2], n->kernel_width, n->stride_width,
                                     n->dilation_width);
  if (n->output_height == 0 || n->output_width == 0) {
    return op_fail(b, "kernel %ux%u (dilation %ux%u) larger than input tensor %d '%s' (%zux%zu)",
                   n->kernel_height, n->kernel_width, n->dilation_height, n->dilation_width,
                   (int) n->input, in->name, in->dims[1], in->dims[2]);
  }
  if (out->dims[0] != n->batch || out->dims[1] != n->output_height ||
      out->dims[2] != n->output_width || out->dims[3] != output_channels) {
    return op_fail(b, "output tensor %d '%s' is [%zu,%zu,%zu,%zu], expected [%zu,%zu,%zu,%zu]",
                   (int) n->output, out->name, out->dims[0], out->dims[1], out->dims[2],
                   out->dims[3], n->batch, n->output_height, n->output_width, output_channels);
  }
  return bias(b, n, bias_index, output_channels) &&
         output_range(b, depthwise ? b->op->options.activation : o->activation, n);
}

static bool build_transpose_conv(struct builder* b, struct xqt_node* n) {
  b->allow_int16 = true;  // TFLite's 16x8 scheme (qs16_qc8w operators)
  const struct xqt_op_options* o = &b->op->options;
  int32_t shape, w, bias_index;
  if (!expect_io_counts(b, 3, 4) || !get_input(b, 0, false, &shape) ||
      !get_input(b, 1, false, &w) || !get_input(b, 2, false, &n->input) ||
      !get_input(b, 3, true, &bias_index)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!expect_rank(b, n->input, "input", 4) || !expect_rank(b, w, "weight", 4) ||
      !expect_rank(b, n->output, "output", 4) || !io_quantization(b, n) ||
      !check_window(b, "stride_h", o->stride_h) || !check_window(b, "stride_w", o->stride_w) ||
      !expect_constant(b, shape, "output shape")) {
    return false;
  }
  const struct xqt_tensor* st = tensor(b, shape);
  const struct xqt_tensor* in = tensor(b, n->input);
  const struct xqt_tensor* wt = tensor(b, w);
  const struct xqt_tensor* out = tensor(b, n->output);
  if (st->type != XQT_TYPE_INT32 || st->num_elements != 4) {
    return op_fail(b, "output shape tensor %d '%s' must be INT32 with 4 elements", (int) shape, st->name);
  }
  for (size_t d = 0; d < 4; d++) {
    int32_t v;
    memcpy(&v, st->data + 4 * d, sizeof(v));
    if (v < 0 || (size_t) v != out->dims[d]) {
      return op_fail(b, "output shape tensor %d '%s' does not match output tensor %d '%s'",
                     (int) shape, st->name, (int) n->output, out->name);
    }
  }
  const size_t output_channels = wt->dims[0];
  if (wt->dims[3] != in->dims[3] || out->dims[3] != output_channels || out->dims[0] != in->dims[0]) {
    return op_fail(b, "weight tensor %d '%s' [%zu,%zu,%zu,%zu] does not match input %zu / output %zu channels",
                   (int) w, wt->name, wt->dims[0], wt->dims[1], wt->dims[2], wt->dims[3],
                   in->dims[3], out->dims[3]);
  }
  if (wt->dims[1] > XQT_MAX_WINDOW || wt->dims[2] > XQT_MAX_WINDOW) {
    return op_fail(b, "kernel %zux%zu too large", wt->dims[1], wt->dims[2]);
  }
  if (!weights(b, n, w, output_channels, 0, in->type)) {
    return false;
  }
  n->groups = 1;
  n->group_input_channels = in->dims[3];
  n->group_output_channels = output_channels;
  n->kernel_height = (uint32_t) wt->dims[1];
  n->kernel_width = (uint32_t) wt->dims[2];
  n->stride_height = (uint32_t) o->stride_h;
  n->stride_width = (uint32_t) o->stride_w;
  n->dilation_height = n->dilation_width = 1;
  n->batch = in->dims[0];
  n->input_height = in->dims[1];
  n->input_width = in->dims[2];
  n->output_height = out->dims[1];
  n->output_width = out->dims[2];
  // TFLite pads as the convolution whose input is this op's output would be
  // padded, and crops the scattered result to the requested output size.
  const size_t sizes_in[2] = {in->dims[1], in->dims[2]};
  const size_t sizes_out[2] = {out->dims[1], out->dims[2]};
  const size_t kernels[2] = {n->kernel_height, n->kernel_width};
  const size_t strides[2] = {n->stride_height, n->stride_width};
  uint32_t before[2], after[2], adjustment[2];
  for (int i = 0; i < 2; i++) {
    size_t total = 0;
    if (o->padding == XQT_PADDING_SAME) {
      const size_t conv_out = (sizes_out[i] + strides[i] - 1) / strides[i];
      const size_t span = (conv_out - 1) * strides[i] + kernels[i];
      total = span > sizes_out[i] ? span - sizes_out[i] : 0;
    } else if (o->padding != XQT_PADDING_VALID) {
      return op_fail(b, "padding %d is not supported", o->padding);
    }
    const size_t pad_before = total / 2;
    const size_t full = strides[i] * (sizes_in[i] - 1) + kernels[i];
    if (full < pad_before) {
      return op_fail(b, "output size %zu inconsistent with input size %zu", sizes_out[i], sizes_in[i]);
    }
    if (full - pad_before >= sizes_out[i]) {
      before[i] = (uint32_t) pad_before;
      after[i] = (uint32_t) (full - pad_before - sizes_out[i]);
      adjustment[i] = 0;
    } else {
      const size_t extra = sizes_out[i] - (full - pad_before);
      if (extra >= strides[i] || pad_before > XQT_MAX_WINDOW) {
        return op_fail(b, "output size %zu too large for input size %zu, stride %zu and kernel %zu",
                       sizes_out[i], sizes_in[i], strides[i], kernels[i]);
      }
      before[i] = (uint32_t) pad_before;
      after[i] = 0;
      adjustment[i] = (uint32_t) extra;
    }
    if (after[i] > (uint32_t) XQT_MAX_WINDOW * 4) {
      return op_fail(b, "output size %zu too small for input size %zu", sizes_out[i], sizes_in[i]);
    }
  }
  n->padding_top = before[0];
  n->padding_bottom = after[0];
  n->padding_left = before[1];
  n->padding_right = after[1];
  n->adjustment_height = adjustment[0];
  n->adjustment_width = adjustment[1];
  return bias(b, n, bias_index, output_channels) && output_range(b, o->activation, n);
}

static bool build_fully_connected(struct builder* b, struct xqt_node* n) {
  b->allow_int16 = true;  // TFLite's 16x8 scheme (qs16_qc8w operators)
  const struct xqt_op_options* o = &b->op->options;
  int32_t w, bias_index;
  if (!expect_io_counts(b, 2, 3) || !get_input(b, 0, false, &n->input) ||
      !get_input(b, 1, false, &w) || !get_input(b, 2, true, &bias_index)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!expect_rank(b, w, "weight", 2) || !io_quantization(b, n)) {
    return false;
  }
  if (o->weights_format != 0) {
    return op_fail(b, "weights_format %d is not supported (only DEFAULT)", o->weights_format);
  }
  const struct xqt_tensor* in = tensor(b, n->input);
  const struct xqt_tensor* wt = tensor(b, w);
  const struct xqt_tensor* out = tensor(b, n->output);
  n->output_channels = wt->dims[0];
  n->input_channels = wt->dims[1];
  if (in->num_elements % n->input_channels != 0) {
    return op_fail(b, "input tensor %d '%s' (%zu elements) is not a multiple of %zu input channels",
                   (int) n->input, in->name, in->num_elements, n->input_channels);
  }
  n->rows = in->num_elements / n->input_channels;
  if (out->num_elements != n->rows * n->output_channels || out->num_dims == 0 ||
      out->dims[out->num_dims - 1] != n->output_channels) {
    return op_fail(b, "output tensor %d '%s' does not hold %zu rows of %zu channels",
                   (int) n->output, out->name, n->rows, n->output_channels);
  }
  return weights(b, n, w, n->output_channels, 0, in->type) &&
         bias(b, n, bias_index, n->output_channels) && output_range(b, o->activation, n);
}

// A scale TFLite's CheckedLog2 accepts: |log2(scale) - round(log2(scale))| < 1e-3.
static bool is_power_of_two(float scale) {
  const double log2_scale = log2((double) scale);
  return fabs(log2_scale - round(log2_scale)) < 1e-3;
}

static bool build_binary(struct builder* b, struct xqt_node* n) {
  // 16x8 models: TFLite's int16 ADD and MUL (qs16 operators); SUB, MAXIMUM and MINIMUM are int8 / uint8 only.
  b->allow_int16 = b->op->opcode == XQT_OP_ADD || b->op->opcode == XQT_OP_MUL;
  if (!expect_io_counts(b, 2, 2) || !get_input(b, 0, false, &n->input) ||
      !get_input(b, 1, false, &n->input2)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!io_quantization(b, n) ||
      !quantized_tensor(b, n->input2, "input 2", &n->input2_scale, &n->input2_zero_point) ||
      !same_type(b, n->input, n->input2, "input 2")) {
    return false;
  }
  const struct xqt_tensor* a = tensor(b, n->input);
  const struct xqt_tensor* c = tensor(b, n->input2);
  const struct xqt_tensor* out = tensor(b, n->output);
  n->num_dims1 = a->num_dims;
  n->num_dims2 = c->num_dims;
  memcpy(n->dims1, a->dims, sizeof(n->dims1));
  memcpy(n->dims2, c->dims, sizeof(n->dims2));
  // Numpy broadcasting, aligned on the last dimension.
  const size_t rank = a->num_dims > c->num_dims ? a->num_dims : c->num_dims;
  if (out->num_dims != rank) {
    return op_fail(b, "output tensor %d '%s' has rank %zu, broadcasting gives %zu", (int) n->output,
                   out->name, out->num_dims, rank);
  }
  for (size_t i = 0; i < rank; i++) {
    const size_t da = i < rank - a->num_dims ? 1 : a->dims[i - (rank - a->num_dims)];
    const size_t dc = i < rank - c->num_dims ? 1 : c->dims[i - (rank - c->num_dims)];
    if (da != dc && da != 1 && dc != 1) {
      return op_fail(b, "input tensors %d and %d cannot be broadcast (dimension %zu: %zu vs %zu)",
                     (int) n->input, (int) n->input2, i, da, dc);
    }
    const size_t expected = da == 1 ? dc : da;
    if (out->dims[i] != expected) {
      return op_fail(b, "output tensor %d '%s' dimension %zu is %zu, broadcasting gives %zu",
                     (int) n->output, out->name, i, out->dims[i], expected);
    }
  }
  if (out->type == XQT_TYPE_INT16 && b->op->opcode == XQT_OP_ADD && b->op->options.pot_scale_int16 &&
      is_power_of_two(n->input_scale) && is_power_of_two(n->input2_scale) &&
      is_power_of_two(n->output_scale)) {
    // TFLite then takes its fixed-point LSTM path (saturating int16 adds of
    // shifted inputs), which xqnn does not implement; converters write
    // pot_scale_int16 = false for 16x8 models.
    return op_fail(b, "int16 ADD with pot_scale_int16 and power-of-two scales is not supported");
  }
  return output_range(b, b->op->options.activation, n);
}

static bool build_global_average_pooling(struct builder* b, struct xqt_node* n) {
  const bool is_mean = b->op->opcode == XQT_OP_MEAN;
  if (!expect_io_counts(b, is_mean ? 2 : 1, is_mean ? 2 : 1) || !get_input(b, 0, false, &n->input)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!expect_rank(b, n->input, "input", 4) || !io_quantization(b, n)) {
    return false;
  }
  const struct xqt_tensor* in = tensor(b, n->input);
  const struct xqt_tensor* out = tensor(b, n->output);
  int activation = XQT_ACTIVATION_NONE;
  if (is_mean) {
    int32_t axes;
    if (!get_input(b, 1, false, &axes) || !expect_constant(b, axes, "axis")) {
      return false;
    }
    const struct xqt_tensor* at = tensor(b, axes);
    bool seen[4] = {false, false, false, false};
    if (at->type != XQT_TYPE_INT32) {
      return op_fail(b, "axis tensor %d '%s' must be INT32", (int) axes, at->name);
    }
    for (size_t i = 0; i < at->num_elements; i++) {
      int32_t axis;
      memcpy(&axis, at->data + 4 * i, sizeof(axis));
      if (axis < 0) {
        axis += 4;
      }
      if (axis < 0 || axis > 3) {
        return op_fail(b, "axis %d out of range for rank 4", (int) axis);
      }
      seen[axis] = true;
    }
    if (seen[0] || !seen[1] || !seen[2] || seen[3]) {
      return op_fail(b, "only MEAN over H and W (axes 1, 2) is supported (axis tensor %d '%s')",
                     (int) axes, at->name);
    }
  } else {
    const struct xqt_op_options* o = &b->op->options;
    activation = o->activation;
    if ((size_t) o->filter_h != in->dims[1] || (size_t) o->filter_w != in->dims[2] ||
        out->num_dims != 4 || out->dims[1] != 1 || out->dims[2] != 1) {
      return op_fail(b, "only pooling over the whole image is supported (filter %dx%d, input "
                     "tensor %d '%s' %zux%zu)", (int) o->filter_h, (int) o->filter_w,
                     (int) n->input, in->name, in->dims[1], in->dims[2]);
    }
  }
  n->batch = in->dims[0];
  n->rows = in->dims[1] * in->dims[2];  // pixels averaged
  n->channels = in->dims[3];
  if (out->num_elements != n->batch * n->channels || out->dims[out->num_dims - 1] != n->channels) {
    return op_fail(b, "output tensor %d '%s' does not hold %zu x %zu values", (int) n->output,
                   out->name, n->batch, n->channels);
  }
  return output_range(b, activation, n);
}

// TFLite 2.9 (reduce.cc EvalMean) has a special kernel for MEAN of a rank-4
// tensor with keep_dims over exactly the two axes 1 and 2 (written so, not as
// negative axes): that case maps onto global average pooling. Every other
// MEAN goes through its reference path (build_mean). False also when the
// axis tensor is not what that test reads; build_mean then reports it.
static bool mean_is_global_pooling(struct builder* b) {
  const struct xqt_op* op = b->op;
  if (op->num_inputs != 2 || op->inputs[0] < 0 || op->inputs[1] < 0 || !op->options.keep_dims) {
    return false;
  }
  const struct xqt_tensor* in = tensor(b, op->inputs[0]);
  const struct xqt_tensor* at = tensor(b, op->inputs[1]);
  if (in->num_dims != 4 || at->type != XQT_TYPE_INT32 || at->data == NULL || at->num_elements != 2) {
    return false;
  }
  int32_t axes[2];
  memcpy(axes, at->data, sizeof(axes));
  return (axes[0] == 1 && axes[1] == 2) || (axes[0] == 2 && axes[1] == 1);
}

// MEAN over any axes (TFLite's ResolveAxis: negative axes count from the end,
// repeated axes count once), keep_dims or not.
static bool build_mean(struct builder* b, struct xqt_node* n) {
  int32_t axes;
  if (!expect_io_counts(b, 2, 2) || !get_input(b, 0, false, &n->input) || !get_input(b, 1, false, &axes)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!io_quantization(b, n) || !expect_constant(b, axes, "axis")) {
    return false;
  }
  const struct xqt_tensor* in = tensor(b, n->input);
  const struct xqt_tensor* at = tensor(b, axes);
  const struct xqt_tensor* out = tensor(b, n->output);
  if (at->type != XQT_TYPE_INT32) {
    return op_fail(b, "axis tensor %d '%s' must be INT32", (int) axes, at->name);
  }
  n->num_dims1 = in->num_dims;
  memcpy(n->dims1, in->dims, sizeof(n->dims1));
  memset(n->reduced, 0, sizeof(n->reduced));
  for (size_t i = 0; i < at->num_elements; i++) {
    int32_t axis;
    memcpy(&axis, at->data + 4 * i, sizeof(axis));
    const int64_t resolved = axis < 0 ? (int64_t) axis + (int64_t) in->num_dims : axis;
    if (resolved < 0 || resolved >= (int64_t) in->num_dims) {
      return op_fail(b, "axis %d out of range for rank %zu (axis tensor %d '%s')", (int) axis,
                     in->num_dims, (int) axes, at->name);
    }
    n->reduced[resolved] = true;
  }
  // The output shape TFLite computes (ResizeOutputTensor).
  size_t rank = 0, count = 1;
  size_t dims[XQT_MAX_DIMS];
  for (size_t d = 0; d < in->num_dims; d++) {
    if (n->reduced[d]) {
      count *= in->dims[d];
      if (b->op->options.keep_dims) dims[rank++] = 1;
    } else {
      dims[rank++] = in->dims[d];
    }
  }
  bool same = out->num_dims == rank;
  for (size_t d = 0; same && d < rank; d++) {
    same = out->dims[d] == dims[d];
  }
  if (!same) {
    return op_fail(b, "output tensor %d '%s' does not have the shape of MEAN over the axes of tensor %d '%s'",
                   (int) n->output, out->name, (int) axes, at->name);
  }
  // TFLite sums raw values in int32: at most 255 * count.
  if (count > (size_t) (INT32_MAX / 255)) {
    return op_fail(b, "MEAN over %zu elements would overflow TFLite's int32 sum", count);
  }
  n->rows = in->num_elements / count;  // outputs
  n->channels = count;                 // elements averaged per output
  n->is_signed = in->type == XQT_TYPE_INT8;
  n->mean_integer = n->input_scale == n->output_scale && n->input_zero_point == n->output_zero_point;
  return true;
}

// An input of TFLite_Detection_PostProcess: UINT8 (per-tensor quantized) or FLOAT32.
static bool detection_input(struct builder* b, int32_t index, const char* role, size_t rank, bool* quantized) {
  const struct xqt_tensor* t = tensor(b, index);
  if (t->num_dims != rank) {
    return op_fail(b, "%s tensor %d '%s' has rank %zu, expected %zu", role, (int) index, t->name, t->num_dims, rank);
  }
  if (t->type == XQT_TYPE_FLOAT32) {
    *quantized = false;
    return true;
  }
  float scale;
  int32_t zero_point;
  if (t->type != XQT_TYPE_UINT8) {
    return op_fail(b, "%s tensor %d '%s' has type %s (TFLite 2.9 takes UINT8 or FLOAT32)", role, (int) index,
                   t->name, xqt_type_name(t->type));
  }
  *quantized = true;
  return quantized_tensor(b, index, role, &scale, &zero_point);
}

static bool detection_output(struct builder* b, size_t k, const char* role, size_t rank, const size_t* dims) {
  const int32_t index = b->op->outputs[k];
  const struct xqt_tensor* t = tensor(b, index);
  bool same = t->type == XQT_TYPE_FLOAT32 && t->num_dims == rank;
  for (size_t d = 0; same && d < rank; d++) same = t->dims[d] == dims[d];
  if (!same) {
    return op_fail(b, "%s output tensor %d '%s' must be FLOAT32 of the shape TFLite gives it", role, (int) index,
                   t->name);
  }
  return true;
}

// TFLite_Detection_PostProcess: inputs box encodings [1, boxes, >= 4], class
// scores [1, boxes, classes], anchors [boxes, 4] (constant or not); four
// FLOAT32 outputs with the shapes TFLite's Prepare sets.
static bool build_detection(struct builder* b, struct xqt_node* n) {
  const struct xqt_op* op = b->op;
  if (op->num_inputs != 3 || op->num_outputs != 4) {
    return op_fail(b, "has %zu inputs and %zu outputs, expected 3 and 4", op->num_inputs, op->num_outputs);
  }
  char what[96];
  snprintf(what, sizeof(what), "op %zu TFLite_Detection_PostProcess", b->op_index);
  if (!xqt_detection_parse_options(op->custom_options, op->custom_options_size, &n->detection, what, b->err)) {
    return false;
  }
  int32_t box_index, score_index, anchor_index;
  bool box_q, score_q, anchor_q;
  if (!get_input(b, 0, false, &box_index) || !get_input(b, 1, false, &score_index) ||
      !get_input(b, 2, false, &anchor_index) || !detection_input(b, box_index, "box encodings", 3, &box_q) ||
      !detection_input(b, score_index, "class scores", 3, &score_q) ||
      !detection_input(b, anchor_index, "anchors", 2, &anchor_q)) {
    return false;
  }
  const struct xqt_tensor* boxes = tensor(b, box_index);
  const struct xqt_tensor* scores = tensor(b, score_index);
  const struct xqt_tensor* anchors = tensor(b, anchor_index);
  if (box_q != anchor_q) {
    return op_fail(b, "box encodings and anchors must both be UINT8 or both FLOAT32 (as TFLite 2.9 reads them)");
  }
  const size_t num_boxes = boxes->dims[1];
  const size_t classes = scores->dims[2];
  if (boxes->dims[0] != 1 || boxes->dims[2] < 4 || scores->dims[0] != 1 || scores->dims[1] != num_boxes ||
      anchors->dims[0] != num_boxes || anchors->dims[1] != 4) {
    return op_fail(b, "inputs must be box encodings [1, boxes, >= 4], scores [1, boxes, classes] and anchors "
                   "[boxes, 4] (tensors %d, %d, %d)", (int) box_index, (int) score_index, (int) anchor_index);
  }
  if (classes < (size_t) n->detection.num_classes || classes - (size_t) n->detection.num_classes > 1) {
    return op_fail(b, "class scores tensor %d has %zu classes, num_classes is %d (one background class at most)",
                   (int) score_index, classes, (int) n->detection.num_classes);
  }
  const size_t max_detections = (size_t) n->detection.max_detections;
  const size_t box_dims[3] = {1, max_detections, 4}, row_dims[2] = {1, max_detections}, one[1] = {1};
  if (!detection_output(b, 0, "boxes", 3, box_dims) || !detection_output(b, 1, "classes", 2, row_dims) ||
      !detection_output(b, 2, "scores", 2, row_dims) || !detection_output(b, 3, "num_detections", 1, one)) {
    return false;
  }
  n->input = box_index;
  n->input2 = score_index;
  n->output = op->outputs[0];
  n->detection_shape = (struct xqt_detection_shape){num_boxes, boxes->dims[2], classes};
  (void) score_q;
  return true;
}

// Ops that move stored values without requantizing (MAX_POOL_2D, PAD,
// PADV2, MIRROR_PAD) need the output quantized as the input. TFLite checks
// this only in debug builds (|scale difference| <= 1e-6, equal zero points)
// and otherwise copies the values as if it held: a model that breaks it is
// rejected here rather than computed with the wrong scale.
static bool same_quantization(struct builder* b, const struct xqt_node* n) {
  const float a = n->input_scale, c = n->output_scale;
  if (fabsf(a - c) > 1e-6f * fmaxf(a, c) || n->input_zero_point != n->output_zero_point) {
    return op_fail(b, "output tensor %d '%s' (scale %g, zero point %d) must be quantized as input tensor "
                   "%d '%s' (scale %g, zero point %d): the op does not requantize", (int) n->output,
                   tensor(b, n->output)->name, (double) c, (int) n->output_zero_point, (int) n->input,
                   tensor(b, n->input)->name, (double) a, (int) n->input_zero_point);
  }
  return true;
}

// The window of MAX_POOL_2D / AVERAGE_POOL_2D (SAME / VALID, strides,
// filter), the input and output shapes; the caller checked ranks and quantization.
static bool pooling_geometry(struct builder* b, struct xqt_node* n) {
  const struct xqt_op_options* o = &b->op->options;
  if (!check_window(b, "stride_h", o->stride_h) || !check_window(b, "stride_w", o->stride_w) ||
      !check_window(b, "filter_height", o->filter_h) || !check_window(b, "filter_width", o->filter_w)) {
    return false;
  }
  if (o->padding != XQT_PADDING_SAME && o->padding != XQT_PADDING_VALID) {
    return op_fail(b, "padding %d is not supported", o->padding);
  }
  const struct xqt_tensor* in = tensor(b, n->input);
  const struct xqt_tensor* out = tensor(b, n->output);
  n->is_signed = in->type == XQT_TYPE_INT8;
  n->batch = in->dims[0];
  n->input_height = in->dims[1];
  n->input_width = in->dims[2];
  n->channels = in->dims[3];
  n->kernel_height = (uint32_t) o->filter_h;
  n->kernel_width = (uint32_t) o->filter_w;
  n->stride_height = (uint32_t) o->stride_h;
  n->stride_width = (uint32_t) o->stride_w;
  n->dilation_height = n->dilation_width = 1;
  n->flags = o->padding == XQT_PADDING_SAME ? 0x00000004 : 0;  // XQNN_FLAG_TENSORFLOW_SAME_PADDING
  n->output_height = conv_output_size(o->padding, in->dims[1], n->kernel_height, n->stride_height, 1);
  n->output_width = conv_output_size(o->padding, in->dims[2], n->kernel_width, n->stride_width, 1);
  if (n->output_height == 0 || n->output_width == 0) {
    return op_fail(b, "filter %ux%u larger than input tensor %d '%s' (%zux%zu) with VALID padding",
                   n->kernel_height, n->kernel_width, (int) n->input, in->name, in->dims[1], in->dims[2]);
  }
  if (out->dims[0] != n->batch || out->dims[1] != n->output_height ||
      out->dims[2] != n->output_width || out->dims[3] != n->channels) {
    return op_fail(b, "output tensor %d '%s' is [%zu,%zu,%zu,%zu], expected [%zu,%zu,%zu,%zu]",
                   (int) n->output, out->name, out->dims[0], out->dims[1], out->dims[2],
                   out->dims[3], n->batch, n->output_height, n->output_width, n->channels);
  }
  const uint64_t taps = (uint64_t) n->output_height * n->output_width *
                        (uint64_t) (n->kernel_height < in->dims[1] ? n->kernel_height : in->dims[1]) *
                        (uint64_t) (n->kernel_width < in->dims[2] ? n->kernel_width : in->dims[2]);
  if (taps > XQT_MAX_POOLING_TAPS) {
    return op_fail(b, "filter %ux%u over a %zux%zu output needs %llu window taps (the runner's limit is %llu)",
                   n->kernel_height, n->kernel_width, n->output_height, n->output_width,
                   (unsigned long long) taps, (unsigned long long) XQT_MAX_POOLING_TAPS);
  }
  return true;
}

static bool build_max_pooling(struct builder* b, struct xqt_node* n) {
  if (!expect_io_counts(b, 1, 1) || !get_input(b, 0, false, &n->input)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!expect_rank(b, n->input, "input", 4) || !expect_rank(b, n->output, "output", 4) ||
      !io_quantization(b, n) || !same_quantization(b, n) || !pooling_geometry(b, n)) {
    return false;
  }
  return output_range(b, b->op->options.activation, n);
}

// AVERAGE_POOL_2D: TFLite averages the stored values of the window's taps
// inside the input, rounding (sum +- count / 2) / count, and requires the
// output quantized as the input: average_pooling2d with
// XQNN_FLAG_TFLITE_REQUANTIZATION, exact for windows of up to 4096 taps. A
// whole-image pooling whose output is quantized differently (which TFLite
// would compute as if it were not) keeps the requantizing global average
// pooling it always had here.
static bool build_average_pooling(struct builder* b, struct xqt_node* n) {
  if (!expect_io_counts(b, 1, 1) || !get_input(b, 0, false, &n->input)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!expect_rank(b, n->input, "input", 4) || !expect_rank(b, n->output, "output", 4) ||
      !io_quantization(b, n)) {
    return false;
  }
  const float a = n->input_scale, c = n->output_scale;
  if (fabsf(a - c) > 1e-6f * fmaxf(a, c) || n->input_zero_point != n->output_zero_point) {
    n->kind = XQT_NODE_GLOBAL_AVERAGE_POOLING;
    return build_global_average_pooling(b, n);
  }
  if (!pooling_geometry(b, n)) {
    return false;
  }
  const uint64_t count = (uint64_t) (n->kernel_height < n->input_height ? n->kernel_height : n->input_height) *
                         (n->kernel_width < n->input_width ? n->kernel_width : n->input_width);
  if (count > XQT_MAX_AVERAGE_POOLING_WINDOW) {
    return op_fail(b, "filter %ux%u averages up to %llu pixels; TFLite's rounding is reproduced up to %d",
                   n->kernel_height, n->kernel_width, (unsigned long long) count, XQT_MAX_AVERAGE_POOLING_WINDOW);
  }
  return output_range(b, b->op->options.activation, n);
}

// RESIZE_BILINEAR, RESIZE_NEAREST_NEIGHBOR: a constant INT32 size [2]; the
// output [N, size[0], size[1], C] quantized as the input.
static bool build_resize(struct builder* b, struct xqt_node* n) {
  const struct xqt_op_options* o = &b->op->options;
  const bool bilinear = b->op->opcode == XQT_OP_RESIZE_BILINEAR;
  int32_t size;
  if (!expect_io_counts(b, 2, 2) || !get_input(b, 0, false, &n->input) || !get_input(b, 1, false, &size)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!expect_rank(b, n->input, "input", 4) || !expect_rank(b, n->output, "output", 4) ||
      !io_quantization(b, n) || !same_quantization(b, n) || !expect_constant(b, size, "size")) {
    return false;
  }
  const struct xqt_tensor* in = tensor(b, n->input);
  const struct xqt_tensor* out = tensor(b, n->output);
  const struct xqt_tensor* st = tensor(b, size);
  if (st->type != XQT_TYPE_INT32 || st->num_dims != 1 || st->dims[0] != 2) {
    return op_fail(b, "size tensor %d '%s' must be INT32 of shape [2] (is %s of rank %zu)", (int) size, st->name,
                   xqt_type_name(st->type), st->num_dims);
  }
  int32_t hw[2];
  memcpy(hw, st->data, sizeof(hw));
  if (hw[0] < 1 || hw[1] < 1 || hw[0] > XQT_MAX_RESIZE || hw[1] > XQT_MAX_RESIZE) {
    return op_fail(b, "size %d x %d out of range [1, %d]", (int) hw[0], (int) hw[1], XQT_MAX_RESIZE);
  }
  if (in->dims[1] > XQT_MAX_RESIZE || in->dims[2] > XQT_MAX_RESIZE) {
    return op_fail(b, "input tensor %d '%s' of %zux%zu pixels exceeds %d", (int) n->input, in->name, in->dims[1],
                   in->dims[2], XQT_MAX_RESIZE);
  }
  if (o->align_corners && o->half_pixel_centers) {
    return op_fail(b, "align_corners and half_pixel_centers are both set (TFLite's kernels allow one)");
  }
  n->is_signed = in->type == XQT_TYPE_INT8;
  n->batch = in->dims[0];
  n->input_height = in->dims[1];
  n->input_width = in->dims[2];
  n->channels = in->dims[3];
  n->output_height = (size_t) hw[0];
  n->output_width = (size_t) hw[1];
  if (out->dims[0] != n->batch || out->dims[1] != n->output_height || out->dims[2] != n->output_width ||
      out->dims[3] != n->channels) {
    return op_fail(b, "output tensor %d '%s' is [%zu,%zu,%zu,%zu], expected [%zu,%zu,%zu,%zu]", (int) n->output,
                   out->name, out->dims[0], out->dims[1], out->dims[2], out->dims[3], n->batch, n->output_height,
                   n->output_width, n->channels);
  }
  n->flags = (o->align_corners ? 0x00000020 : 0) |     // XQNN_FLAG_ALIGN_CORNERS
             (o->half_pixel_centers ? 0x00000040 : 0);  // XQNN_FLAG_HALF_PIXEL_CENTERS
  if (!n->is_signed && bilinear && !o->align_corners && o->half_pixel_centers && n->channels % 8 == 0 &&
      n->output_height >= 8 && n->output_width >= 8 && n->output_height / n->input_height == 8 &&
      n->input_height * 8 == n->output_height && n->input_width * 8 == n->output_width) {
    // TFLite's optimized uint8 kernel takes its own 8.8 fixed-point path here.
    return op_fail(b, "uint8 x8 upsampling with half_pixel_centers and channels a multiple of 8 runs "
                   "TFLite's ResizeBilinear888Uint8, which is not reproduced");
  }
  if (!n->is_signed && !bilinear && !o->align_corners && !o->half_pixel_centers &&
      (!xqt_nearest_rules_agree(n->input_height, n->output_height) ||
       !xqt_nearest_rules_agree(n->input_width, n->output_width))) {
    return op_fail(b, "TFLite's optimized uint8 nearest-neighbour kernel (16.16 fixed-point scale) picks other "
                   "pixels than its reference for %zux%zu -> %zux%zu; not reproduced", n->input_height,
                   n->input_width, n->output_height, n->output_width);
  }
  return true;
}

// Element i of a constant INT32 or INT64 tensor (checked by the caller).
static int64_t integer_element(const struct xqt_tensor* t, size_t i) {
  if (t->type == XQT_TYPE_INT32) {
    int32_t v;
    memcpy(&v, t->data + 4 * i, sizeof(v));
    return v;
  }
  int64_t v;
  memcpy(&v, t->data + 8 * i, sizeof(v));
  return v;
}

// PAD, PADV2, MIRROR_PAD: constant [rank, 2] paddings; the output shape must
// be the padded input's.
static bool build_pad(struct builder* b, struct xqt_node* n) {
  const int32_t opcode = b->op->opcode;
  const bool v2 = opcode == XQT_OP_PADV2;
  int32_t paddings, value = -1;
  if (!expect_io_counts(b, 2, v2 ? 3 : 2) || !get_input(b, 0, false, &n->input) ||
      !get_input(b, 1, false, &paddings) || (v2 && !get_input(b, 2, true, &value))) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!io_quantization(b, n) || !same_quantization(b, n) || !expect_constant(b, paddings, "paddings")) {
    return false;
  }
  const struct xqt_tensor* in = tensor(b, n->input);
  const struct xqt_tensor* out = tensor(b, n->output);
  const struct xqt_tensor* pt = tensor(b, paddings);
  const size_t rank = in->num_dims;
  if (rank == 0 || out->num_dims != rank) {
    return op_fail(b, "input tensor %d '%s' has rank %zu and output tensor %d '%s' rank %zu (need equal, "
                   "at least 1)", (int) n->input, in->name, rank, (int) n->output, out->name, out->num_dims);
  }
  if ((pt->type != XQT_TYPE_INT32 && pt->type != XQT_TYPE_INT64) || pt->num_dims != 2 ||
      pt->dims[0] != rank || pt->dims[1] != 2) {
    return op_fail(b, "paddings tensor %d '%s' must be INT32 or INT64 of shape [%zu, 2] (is %s of rank %zu)",
                   (int) paddings, pt->name, rank, xqt_type_name(pt->type), pt->num_dims);
  }
  n->reflect = opcode == XQT_OP_MIRROR_PAD;
  if (n->reflect) {
    const int mode = b->op->options.mirror_pad_mode;
    if (mode != XQT_MIRROR_PAD_REFLECT && mode != XQT_MIRROR_PAD_SYMMETRIC) {
      return op_fail(b, "mirror pad mode %d is not supported (REFLECT, SYMMETRIC are)", mode);
    }
    n->symmetric = mode == XQT_MIRROR_PAD_SYMMETRIC;
  }
  n->num_dims1 = rank;
  for (size_t d = 0; d < rank; d++) {
    const int64_t before = integer_element(pt, 2 * d), after = integer_element(pt, 2 * d + 1);
    const uint64_t out_dim = out->dims[d];
    if (before < 0 || after < 0 || (uint64_t) before > out_dim || (uint64_t) after > out_dim - (uint64_t) before ||
        out_dim - (uint64_t) before - (uint64_t) after != in->dims[d]) {
      return op_fail(b, "paddings (%lld, %lld) of dimension %zu do not turn input size %zu into output tensor "
                     "%d '%s' size %zu", (long long) before, (long long) after, d, in->dims[d],
                     (int) n->output, out->name, out->dims[d]);
    }
    // MIRROR_PAD mirrors once: REFLECT skips the edge element, SYMMETRIC repeats it.
    const uint64_t limit = n->symmetric ? in->dims[d] : in->dims[d] - 1;
    if (n->reflect && ((uint64_t) before > limit || (uint64_t) after > limit)) {
      return op_fail(b, "paddings (%lld, %lld) of dimension %zu exceed %llu, the most %s mirroring of size "
                     "%zu allows", (long long) before, (long long) after, d, (unsigned long long) limit,
                     n->symmetric ? "SYMMETRIC" : "REFLECT", in->dims[d]);
    }
    n->dims1[d] = in->dims[d];
    n->pre_paddings[d] = (size_t) before;
    n->post_paddings[d] = (size_t) after;
  }
  n->is_signed = in->type == XQT_TYPE_INT8;
  n->pad_value = (uint8_t) n->output_zero_point;  // PAD: the real value 0
  if (value >= 0) {
    // TFLite requires the PADV2 constant quantized as the output.
    float scale;
    int32_t zero_point;
    const struct xqt_tensor* vt = tensor(b, value);
    if (!expect_constant(b, value, "constant value") || !same_type(b, n->input, value, "constant value") ||
        !quantized_tensor(b, value, "constant value", &scale, &zero_point)) {
      return false;
    }
    if (vt->num_elements != 1 || scale != n->output_scale || zero_point != n->output_zero_point) {
      return op_fail(b, "constant value tensor %d '%s' must hold one value quantized as the output "
                     "(has %zu values, scale %g, zero point %d)", (int) value, vt->name, vt->num_elements,
                     (double) scale, (int) zero_point);
    }
    n->pad_value = vt->data[0];
  }
  return true;
}

// LOGISTIC, TANH, HARD_SWISH, LEAKY_RELU on int8 / uint8: one input, one
// output of the same type and shape; the table reproduces TFLite's arithmetic.
static bool build_lut(struct builder* b, struct xqt_node* n) {
  if (!expect_io_counts(b, 1, 1) || !get_input(b, 0, false, &n->input)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!io_quantization(b, n)) {
    return false;
  }
  const struct xqt_tensor* in = tensor(b, n->input);
  const struct xqt_tensor* out = tensor(b, n->output);
  if (in->num_dims != out->num_dims || in->num_elements != out->num_elements) {
    return op_fail(b, "output tensor %d '%s' must have the shape of input tensor %d '%s'", (int) n->output,
                   out->name, (int) n->input, in->name);
  }
  for (size_t d = 0; d < in->num_dims; d++) {
    if (in->dims[d] != out->dims[d]) {
      return op_fail(b, "output tensor %d '%s' dimension %zu is %zu, input's is %zu", (int) n->output,
                     out->name, d, out->dims[d], in->dims[d]);
    }
  }
  n->is_signed = in->type == XQT_TYPE_INT8;
  n->channels = in->num_dims == 0 ? 1 : in->dims[in->num_dims - 1];
  n->rows = n->channels == 0 ? 0 : in->num_elements / n->channels;
  if (n->channels == 0) {
    return op_fail(b, "input tensor %d '%s' has no elements", (int) n->input, in->name);
  }
  const struct xqt_activation_params params = {
      .opcode = b->op->opcode, .is_signed = n->is_signed,
      .input_scale = n->input_scale, .output_scale = n->output_scale,
      .input_zero_point = n->input_zero_point, .output_zero_point = n->output_zero_point,
      .alpha = b->op->options.alpha,
  };
  struct xqt_error table_err;
  if (!xqt_activation_table(&params, n->table, &table_err)) {
    return op_fail(b, "%s", table_err.message);
  }
  return true;
}

static bool build_quantize(struct builder* b, struct xqt_node* n) {
  if (!expect_io_counts(b, 1, 1) || !get_input(b, 0, false, &n->input)) {
    return false;
  }
  n->output = b->op->outputs[0];
  const struct xqt_tensor* in = tensor(b, n->input);
  const struct xqt_tensor* out = tensor(b, n->output);
  if (in->num_elements != out->num_elements) {
    return op_fail(b, "input tensor %d and output tensor %d differ in size", (int) n->input,
                   (int) n->output);
  }
  n->channels = in->num_dims == 0 ? 1 : in->dims[in->num_dims - 1];
  n->rows = in->num_elements / n->channels;
  // float <-> int16 (the ends of a 16x8 model) run in the runner.
  b->allow_int16 = in->type == XQT_TYPE_FLOAT32 || out->type == XQT_TYPE_FLOAT32;
  if (b->op->opcode == XQT_OP_DEQUANTIZE) {
    n->kind = XQT_NODE_CONVERT_Q_TO_F32;
    if (out->type != XQT_TYPE_FLOAT32) {
      return op_fail(b, "output tensor %d '%s' has type %s (supported: FLOAT32)", (int) n->output,
                     out->name, xqt_type_name(out->type));
    }
    n->is_signed = in->type == XQT_TYPE_INT8;
    n->int16 = in->type == XQT_TYPE_INT16;
    return quantized_tensor(b, n->input, "input", &n->input_scale, &n->input_zero_point);
  }
  if (!quantized_tensor(b, n->output, "output", &n->output_scale, &n->output_zero_point)) {
    return false;
  }
  n->int16 = out->type == XQT_TYPE_INT16;
  n->output_signed = out->type == XQT_TYPE_INT8;
  if (!xqt_activation_range(XQT_ACTIVATION_NONE, n->output_signed, n->output_scale,
                            n->output_zero_point, &n->output_min, &n->output_max)) {
    return false;
  }
  if (in->type == XQT_TYPE_FLOAT32) {
    n->kind = XQT_NODE_CONVERT_F32_TO_Q;
    return true;
  }
  n->kind = XQT_NODE_REQUANTIZE;
  n->is_signed = in->type == XQT_TYPE_INT8;
  if (!is_quantized_type(in->type)) {
    return op_fail(b, "input tensor %d '%s' has type %s (supported: FLOAT32, INT8, UINT8)",
                   (int) n->input, in->name, xqt_type_name(in->type));
  }
  return quantized_tensor(b, n->input, "input", &n->input_scale, &n->input_zero_point);
}

static bool build_softmax(struct builder* b, struct xqt_node* n) {
  if (!expect_io_counts(b, 1, 1) || !get_input(b, 0, false, &n->input)) {
    return false;
  }
  n->output = b->op->outputs[0];
  const struct xqt_tensor* in = tensor(b, n->input);
  const struct xqt_tensor* out = tensor(b, n->output);
  if (in->num_elements != out->num_elements || in->num_dims == 0 ||
      out->num_dims != in->num_dims) {
    return op_fail(b, "input tensor %d and output tensor %d differ in shape", (int) n->input,
                   (int) n->output);
  }
  n->beta = b->op->options.beta;
  if (!isfinite(n->beta)) {
    return op_fail(b, "beta %g is not finite", (double) n->beta);
  }
  n->channels = in->dims[in->num_dims - 1];
  n->rows = in->num_elements / n->channels;
  if (in->type == XQT_TYPE_FLOAT32) {
    n->scheme = XQT_SCHEME_F32;
    return same_type(b, n->input, n->output, "output");
  }
  n->is_signed = in->type == XQT_TYPE_INT8;
  n->output_signed = out->type == XQT_TYPE_INT8;
  return quantized_tensor(b, n->input, "input", &n->input_scale, &n->input_zero_point) &&
         quantized_tensor(b, n->output, "output", &n->output_scale, &n->output_zero_point);
}

static bool build_concatenation(struct builder* b, struct xqt_node* n) {
  const struct xqt_op* op = b->op;
  if (op->num_inputs < 1 || op->num_outputs != 1) {
    return op_fail(b, "%zu inputs, %zu outputs (expected >= 1, 1)", op->num_inputs, op->num_outputs);
  }
  n->output = op->outputs[0];
  if (!quantized_tensor(b, n->output, "output", &n->output_scale, &n->output_zero_point)) {
    return false;
  }
  const struct xqt_tensor* out = tensor(b, n->output);
  int32_t axis = op->options.axis;
  if (axis < 0) {
    axis += (int32_t) out->num_dims;
  }
  if (axis < 0 || (size_t) axis >= out->num_dims) {
    return op_fail(b, "axis %d out of range for rank %zu", (int) op->options.axis, out->num_dims);
  }
  n->axis = (size_t) axis;
  size_t total = 0;
  for (size_t i = 0; i < op->num_inputs; i++) {
    int32_t index;
    float scale;
    int32_t zero_point;
    if (!get_input(b, i, false, &index) ||
        !quantized_tensor(b, index, "input", &scale, &zero_point) ||
        !same_type(b, n->output, index, "input")) {
      return false;
    }
    const struct xqt_tensor* t = tensor(b, index);
    if (t->num_dims != out->num_dims) {
      return op_fail(b, "input tensor %d '%s' has rank %zu, output has %zu", (int) index, t->name,
                     t->num_dims, out->num_dims);
    }
    for (size_t d = 0; d < out->num_dims; d++) {
      if (d != n->axis && t->dims[d] != out->dims[d]) {
        return op_fail(b, "input tensor %d '%s' dimension %zu is %zu, output's is %zu", (int) index,
                       t->name, d, t->dims[d], out->dims[d]);
      }
    }
    total += t->dims[n->axis];
  }
  if (total != out->dims[n->axis]) {
    return op_fail(b, "inputs add up to %zu along axis %zu, output tensor %d '%s' has %zu", total,
                   n->axis, (int) n->output, out->name, out->dims[n->axis]);
  }
  n->input = op->inputs[0];
  n->is_signed = out->type == XQT_TYPE_INT8;
  if (!output_range(b, op->options.activation, n)) {
    return false;
  }
  // Every input quantized exactly as the output (TFLite then copies bytes
  // too) and no clamp: concatenate_nd_x8 instead of the requantizing copy.
  n->copy_only = n->output_min == (n->is_signed ? -128 : 0) && n->output_max == (n->is_signed ? 127 : 255);
  for (size_t i = 0; i < op->num_inputs; i++) {
    const struct xqt_tensor* t = tensor(b, op->inputs[i]);
    n->copy_only = n->copy_only && t->scales[0] == n->output_scale && t->zero_points[0] == n->output_zero_point;
  }
  return true;
}

// ---- copies: SLICE, STRIDED_SLICE, TRANSPOSE, SPLIT, SPLIT_V ----

// Bytes per element of a tensor the copies move (any 1-, 4- or 8-byte type).
static bool copy_element_size(struct builder* b, int32_t index, const char* role, size_t* size) {
  const struct xqt_tensor* t = tensor(b, index);
  switch (t->type) {
    case XQT_TYPE_INT8:
    case XQT_TYPE_UINT8: *size = 1; return true;
    case XQT_TYPE_INT32:
    case XQT_TYPE_FLOAT32: *size = 4; return true;
    case XQT_TYPE_INT64: *size = 8; return true;
    default:
      return op_fail(b, "%s tensor %d '%s' has type %s (supported: INT8, UINT8, INT32, FLOAT32, INT64)", role,
                     (int) index, t->name, xqt_type_name(t->type));
  }
}

// Copies move values: an output of the input's type, and for int8 / uint8
// the same quantization (TFLite copies the bytes and assumes it).
static bool copy_output(struct builder* b, int32_t input, int32_t output) {
  if (!same_type(b, input, output, "output")) {
    return false;
  }
  const struct xqt_tensor* in = tensor(b, input);
  const struct xqt_tensor* out = tensor(b, output);
  if (!is_quantized_type(in->type) || (in->num_scales == 0 && out->num_scales == 0)) {
    return true;
  }
  struct xqt_node q = {.input = input, .output = output};
  return quantized_tensor(b, input, "input", &q.input_scale, &q.input_zero_point) &&
         quantized_tensor(b, output, "output", &q.output_scale, &q.output_zero_point) && same_quantization(b, &q);
}

// n->copy_dims: the input shape, plus the element's bytes as an innermost
// dimension for wider types.
static bool copy_shape(struct builder* b, struct xqt_node* n) {
  const struct xqt_tensor* in = tensor(b, n->input);
  if (!copy_element_size(b, n->input, "input", &n->element_size)) {
    return false;
  }
  const size_t extra = n->element_size > 1 ? 1 : 0;
  if (in->num_dims == 0 || in->num_dims + extra > XQT_MAX_DIMS) {
    return op_fail(b, "input tensor %d '%s' has rank %zu (supported: 1 to %d%s)", (int) n->input, in->name,
                   in->num_dims, XQT_MAX_DIMS - (int) extra, extra ? " for elements of more than one byte" : "");
  }
  n->num_copy_dims = in->num_dims + extra;
  for (size_t d = 0; d < in->num_dims; d++) n->copy_dims[d] = in->dims[d];
  if (extra) n->copy_dims[in->num_dims] = n->element_size;
  return true;
}

// A constant INT32 / INT64 vector of `count` elements (rank 1; rank 0 too when count is 1).
static bool constant_indices(struct builder* b, int32_t index, const char* role, size_t count) {
  if (!expect_constant(b, index, role)) {
    return false;
  }
  const struct xqt_tensor* t = tensor(b, index);
  if ((t->type != XQT_TYPE_INT32 && t->type != XQT_TYPE_INT64) || t->num_dims > 1 || t->num_elements != count) {
    return op_fail(b, "%s tensor %d '%s' must be a constant INT32 or INT64 vector of %zu elements (is %s, rank %zu, "
                   "%zu elements)", role, (int) index, t->name, count, xqt_type_name(t->type), t->num_dims,
                   t->num_elements);
  }
  return true;
}

// A constant axis (one INT32 / INT64 element), made non-negative for `rank`.
static bool constant_axis(struct builder* b, int32_t index, size_t rank, size_t* axis) {
  if (!constant_indices(b, index, "axis", 1)) {
    return false;
  }
  int64_t a = integer_element(tensor(b, index), 0);
  if (a < 0) a += (int64_t) rank;
  if (a < 0 || (uint64_t) a >= rank) {
    return op_fail(b, "axis %lld out of range for rank %zu", (long long) integer_element(tensor(b, index), 0), rank);
  }
  *axis = (size_t) a;
  return true;
}

// The output tensor must have `rank` dimensions `dims`.
static bool expect_output_shape(struct builder* b, int32_t output, size_t rank, const size_t* dims) {
  const struct xqt_tensor* out = tensor(b, output);
  bool same = out->num_dims == rank;
  for (size_t d = 0; same && d < rank; d++) same = out->dims[d] == dims[d];
  if (!same) {
    char expected[128] = "", *p = expected;
    for (size_t d = 0; d < rank && p < expected + sizeof(expected) - 24; d++) {
      p += snprintf(p, 24, "%s%zu", d ? "," : "", dims[d]);
    }
    return op_fail(b, "output tensor %d '%s' has rank %zu, shape expected [%s]", (int) output, out->name,
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
static bool build_slice(struct builder* b, struct xqt_node* n) {
  const bool strided = b->op->opcode == XQT_OP_STRIDED_SLICE;
  const struct xqt_op_options* o = &b->op->options;
  int32_t begin, end = -1, strides = -1, size = -1;
  if (!expect_io_counts(b, strided ? 4 : 3, strided ? 4 : 3) || !get_input(b, 0, false, &n->input) ||
      !get_input(b, 1, false, &begin) ||
      (strided ? !get_input(b, 2, false, &end) || !get_input(b, 3, false, &strides)
               : !get_input(b, 2, false, &size))) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!copy_output(b, n->input, n->output) || !copy_shape(b, n)) {
    return false;
  }
  const struct xqt_tensor* in = tensor(b, n->input);
  const size_t rank = in->num_dims;
  if (!constant_indices(b, begin, "begin", rank) ||
      (strided ? !constant_indices(b, end, "end", rank) || !constant_indices(b, strides, "strides", rank)
               : !constant_indices(b, size, "size", rank))) {
    return false;
  }
  if (strided && (o->ellipsis_mask != 0 || o->new_axis_mask != 0 || o->slice_offset)) {
    return op_fail(b, "ellipsis_mask %d, new_axis_mask %d, offset %d are not supported (only 0)",
                   (int) o->ellipsis_mask, (int) o->new_axis_mask, (int) o->slice_offset);
  }
  size_t out_dims[XQT_MAX_DIMS], out_rank = 0;
  for (size_t d = 0; d < rank; d++) {
    const int64_t n_d = (int64_t) in->dims[d];
    int64_t start = integer_element(tensor(b, begin), d), count, stride = 1;
    const bool shrink = strided && (o->shrink_axis_mask >> d & 1) != 0;
    if (strided) {
      int64_t stop = integer_element(tensor(b, end), d);
      stride = integer_element(tensor(b, strides), d);
      if (stride == 0 || stride < INT32_MIN || stride > INT32_MAX || start < INT32_MIN || start > INT32_MAX ||
          stop < INT32_MIN || stop > INT32_MAX) {
        return op_fail(b, "dimension %zu: begin %lld, end %lld, stride %lld (stride must be non-zero, all within "
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
      count = integer_element(tensor(b, size), d);
      if (count == -1 && start >= 0 && start <= n_d) count = n_d - start;
    }
    // Every element read must lie in the input (TFLite does not check a
    // shrunk axis beyond the end, nor SLICE's bounds, before reading).
    // (count <= n_d and |stride| <= 2^31 keep the product far from overflow.)
    const bool bounded = count >= 1 && count <= n_d && start >= 0 && start < n_d;
    const int64_t last = bounded ? start + (count - 1) * stride : -1;
    if (!bounded || last < 0 || last >= n_d || (shrink && count != 1)) {
      return op_fail(b, "dimension %zu (size %lld): %lld elements from %lld with stride %lld leave the input or "
                     "select nothing", d, (long long) n_d, (long long) count, (long long) start, (long long) stride);
    }
    n->slice_offsets[d] = (size_t) start;
    n->slice_strides[d] = stride;
    n->slice_sizes[d] = (size_t) count;
    if (!shrink) out_dims[out_rank++] = (size_t) count;
  }
  slice_element_bytes(n, rank);
  return expect_output_shape(b, n->output, out_rank, out_dims);
}

static bool build_transpose(struct builder* b, struct xqt_node* n) {
  int32_t perm;
  if (!expect_io_counts(b, 2, 2) || !get_input(b, 0, false, &n->input) || !get_input(b, 1, false, &perm)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!copy_output(b, n->input, n->output) || !copy_shape(b, n)) {
    return false;
  }
  const struct xqt_tensor* in = tensor(b, n->input);
  const size_t rank = in->num_dims;
  if (!constant_indices(b, perm, "perm", rank)) {
    return false;
  }
  bool seen[XQT_MAX_DIMS] = {false};
  size_t out_dims[XQT_MAX_DIMS];
  for (size_t d = 0; d < rank; d++) {
    const int64_t p = integer_element(tensor(b, perm), d);
    if (p < 0 || (uint64_t) p >= rank || seen[p]) {
      return op_fail(b, "perm[%zu] = %lld: not a permutation of %zu dimensions", d, (long long) p, rank);
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
static bool build_split(struct builder* b, struct xqt_node* n) {
  const struct xqt_op* op = b->op;
  const bool v = op->opcode == XQT_OP_SPLIT_V;
  int32_t axis, sizes = -1;
  if (op->num_inputs != (v ? 3u : 2u) || op->num_outputs < 1) {
    return op_fail(b, "%zu inputs, %zu outputs (expected %d, at least 1)", op->num_inputs, op->num_outputs,
                   v ? 3 : 2);
  }
  if (!get_input(b, v ? 0 : 1, false, &n->input) || !get_input(b, v ? 2 : 0, false, &axis) ||
      (v && !get_input(b, 1, false, &sizes))) {
    return false;
  }
  n->output = op->outputs[0];
  if (op->options.num_splits != (int32_t) op->num_outputs) {
    return op_fail(b, "num_splits %d, but %zu outputs", (int) op->options.num_splits, op->num_outputs);
  }
  if (!copy_shape(b, n)) {
    return false;
  }
  const struct xqt_tensor* in = tensor(b, n->input);
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
      const int64_t s = integer_element(tensor(b, sizes), i);
      if (s == -1 && inferred == SIZE_MAX) {
        inferred = i;
        continue;
      }
      if (s < 0 || (uint64_t) s > length - known) {
        return op_fail(b, "size_splits[%zu] = %lld: sizes must be non-negative (one may be -1) and sum to %zu", i,
                       (long long) s, length);
      }
      part[i] = (size_t) s;
      known += part[i];
    }
    if (inferred != SIZE_MAX) {
      part[inferred] = length - known;
    } else if (known != length) {
      return op_fail(b, "size_splits sum to %zu, the axis has %zu", known, length);
    }
  } else {
    if (length % op->num_outputs != 0) {
      return op_fail(b, "axis %zu of size %zu does not split into %zu equal parts", n->axis, length,
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
static bool build_cast(struct builder* b, struct xqt_node* n) {
  if (!expect_io_counts(b, 1, 1) || !get_input(b, 0, false, &n->input)) {
    return false;
  }
  n->output = b->op->outputs[0];
  const struct xqt_op_options* o = &b->op->options;
  const int32_t tensors[2] = {n->input, n->output};
  const int declared[2] = {o->in_data_type, o->out_data_type};
  for (int i = 0; i < 2; i++) {
    const struct xqt_tensor* t = tensor(b, tensors[i]);
    if (t->type != XQT_TYPE_UINT8 && t->type != XQT_TYPE_INT8 && t->type != XQT_TYPE_INT32 &&
        t->type != XQT_TYPE_FLOAT32) {
      return op_fail(b, "%s tensor %d '%s' has type %s (supported: UINT8, INT8, INT32, FLOAT32)",
                     i == 0 ? "input" : "output", (int) tensors[i], t->name, xqt_type_name(t->type));
    }
    // TFLite reads the tensors' types and ignores these fields; a declared
    // type that contradicts a tensor is still rejected as a corrupt file.
    // 0 (FLOAT32) is the schema default that writers omit: unspecified.
    if (declared[i] > 0 && declared[i] != t->type) {
      return op_fail(b, "options declare %s type %d, tensor %d '%s' is %s", i == 0 ? "input" : "output",
                     declared[i], (int) tensors[i], t->name, xqt_type_name(t->type));
    }
  }
  const struct xqt_tensor* in = tensor(b, n->input);
  return expect_output_shape(b, n->output, in->num_dims, in->dims);
}

// ARG_MAX: index of the first maximum along a constant axis; INT8, UINT8,
// INT32 or FLOAT32 input, INT32 or INT64 output as the options declare.
static bool build_arg_max(struct builder* b, struct xqt_node* n) {
  int32_t axis;
  if (!expect_io_counts(b, 2, 2) || !get_input(b, 0, false, &n->input) || !get_input(b, 1, false, &axis)) {
    return false;
  }
  n->output = b->op->outputs[0];
  const struct xqt_tensor* in = tensor(b, n->input);
  const struct xqt_tensor* out = tensor(b, n->output);
  if (in->type != XQT_TYPE_INT8 && in->type != XQT_TYPE_UINT8 && in->type != XQT_TYPE_INT32 &&
      in->type != XQT_TYPE_FLOAT32) {
    return op_fail(b, "input tensor %d '%s' has type %s (supported: INT8, UINT8, INT32, FLOAT32)", (int) n->input,
                   in->name, xqt_type_name(in->type));
  }
  const int output_type = b->op->options.output_type;
  if ((output_type != XQT_TYPE_INT32 && output_type != XQT_TYPE_INT64) || out->type != output_type) {
    return op_fail(b, "output_type %d with output tensor %d '%s' of type %s (supported: INT32 or INT64, equal)",
                   output_type, (int) n->output, out->name, xqt_type_name(out->type));
  }
  if (in->num_dims == 0 || !constant_axis(b, axis, in->num_dims, &n->axis)) {
    return in->num_dims == 0 ? op_fail(b, "input tensor %d '%s' is a scalar", (int) n->input, in->name) : false;
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

static bool build_alias(struct builder* b, struct xqt_node* n) {
  if (b->op->num_inputs < 1 || b->op->num_inputs > 2 || b->op->num_outputs != 1 ||
      !get_input(b, 0, false, &n->input)) {
    return op_fail(b, "expected 1 or 2 inputs and 1 output");
  }
  n->output = b->op->outputs[0];
  const struct xqt_tensor* in = tensor(b, n->input);
  const struct xqt_tensor* out = tensor(b, n->output);
  if (!expect_activation_tensor(b, n->input, "input") || !same_type(b, n->input, n->output, "output")) {
    return false;
  }
  if (in->num_elements != out->num_elements) {
    return op_fail(b, "input tensor %d '%s' has %zu elements, output tensor %d '%s' %zu",
                   (int) n->input, in->name, in->num_elements, (int) n->output, out->name,
                   out->num_elements);
  }
  b->graph->storage[n->output] = b->graph->storage[n->input];
  return true;
}

static bool build_node(struct builder* b, struct xqt_node* n) {
  n->op_index = b->op_index;
  n->input = n->input2 = n->output = -1;
  switch (b->op->opcode) {
    case XQT_OP_CONV_2D:
      n->kind = XQT_NODE_CONVOLUTION;
      return build_convolution(b, n, false);
    case XQT_OP_DEPTHWISE_CONV_2D:
      n->kind = XQT_NODE_CONVOLUTION;
      return build_convolution(b, n, true);
    case XQT_OP_TRANSPOSE_CONV:
      n->kind = XQT_NODE_DECONVOLUTION;
      return build_transpose_conv(b, n);
    case XQT_OP_FULLY_CONNECTED:
      n->kind = XQT_NODE_FULLY_CONNECTED;
      return build_fully_connected(b, n);
    case XQT_OP_ADD:
      n->kind = XQT_NODE_ADD;
      return build_binary(b, n);
    case XQT_OP_MUL:
      n->kind = XQT_NODE_MULTIPLY;
      return build_binary(b, n);
    case XQT_OP_SUB:
      n->kind = XQT_NODE_SUBTRACT;
      return build_binary(b, n);
    case XQT_OP_MAXIMUM:
    case XQT_OP_MINIMUM:
      n->kind = b->op->opcode == XQT_OP_MAXIMUM ? XQT_NODE_MAXIMUM : XQT_NODE_MINIMUM;
      return build_binary(b, n);
    case XQT_OP_MEAN:
      if (!mean_is_global_pooling(b)) {
        n->kind = XQT_NODE_MEAN;
        return build_mean(b, n);
      }
      n->kind = XQT_NODE_GLOBAL_AVERAGE_POOLING;
      return build_global_average_pooling(b, n);
    case XQT_OP_AVERAGE_POOL_2D:
      n->kind = XQT_NODE_AVERAGE_POOLING;
      return build_average_pooling(b, n);
    case XQT_OP_RESIZE_BILINEAR:
    case XQT_OP_RESIZE_NEAREST_NEIGHBOR:
      n->kind = b->op->opcode == XQT_OP_RESIZE_BILINEAR ? XQT_NODE_RESIZE_BILINEAR : XQT_NODE_RESIZE_NEAREST;
      return build_resize(b, n);
    case XQT_OP_MAX_POOL_2D:
      n->kind = XQT_NODE_MAX_POOLING;
      return build_max_pooling(b, n);
    case XQT_OP_PAD:
    case XQT_OP_PADV2:
    case XQT_OP_MIRROR_PAD:
      n->kind = XQT_NODE_PAD;
      return build_pad(b, n);
    case XQT_OP_LOGISTIC:
    case XQT_OP_TANH:
    case XQT_OP_HARD_SWISH:
    case XQT_OP_LEAKY_RELU:
      n->kind = XQT_NODE_LUT;
      return build_lut(b, n);
    case XQT_OP_QUANTIZE:
    case XQT_OP_DEQUANTIZE:
      return build_quantize(b, n);
    case XQT_OP_SOFTMAX:
      n->kind = XQT_NODE_SOFTMAX;
      return build_softmax(b, n);
    case XQT_OP_CONCATENATION:
      n->kind = XQT_NODE_CONCATENATION;
      return build_concatenation(b, n);
    case XQT_OP_SLICE:
    case XQT_OP_STRIDED_SLICE:
      n->kind = XQT_NODE_SLICE;
      return build_slice(b, n);
    case XQT_OP_TRANSPOSE:
      n->kind = XQT_NODE_TRANSPOSE;
      return build_transpose(b, n);
    case XQT_OP_SPLIT:
    case XQT_OP_SPLIT_V:
      n->kind = XQT_NODE_SPLIT;
      return build_split(b, n);
    case XQT_OP_CAST:
      n->kind = XQT_NODE_CAST;
      return build_cast(b, n);
    case XQT_OP_ARG_MAX:
      n->kind = XQT_NODE_ARG_MAX;
      return build_arg_max(b, n);
    case XQT_OP_RESHAPE:
    case XQT_OP_SQUEEZE:
      n->kind = XQT_NODE_ALIAS;
      return build_alias(b, n);
    case XQT_OP_CUSTOM:
      if (strcmp(b->op->custom_code, "TFLite_Detection_PostProcess") == 0) {
        n->kind = XQT_NODE_DETECTION;
        return build_detection(b, n);
      }
      return xqt_fail(b->err, "op %zu: custom op '%s' is not supported", b->op_index,
                      b->op->custom_code);
    default:
      return xqt_fail(b->err, "op %zu: builtin operator %d %s is not supported", b->op_index,
                      (int) b->op->opcode, xqt_op_name(b->op->opcode));
  }
}

// Dataflow checks: every input is constant, a graph input or produced
// earlier; every output is produced once and is not constant.
static bool check_dataflow(struct builder* b, bool* produced) {
  const struct xqt_op* op = b->op;
  for (size_t i = 0; i < op->num_inputs; i++) {
    const int32_t t = op->inputs[i];
    if (t >= 0 && tensor(b, t)->data == NULL && !produced[t]) {
      return op_fail(b, "input tensor %d '%s' is used before it is computed", (int) t,
                     tensor(b, t)->name);
    }
  }
  for (size_t i = 0; i < op->num_outputs; i++) {
    const int32_t t = op->outputs[i];
    if (tensor(b, t)->data != NULL || produced[t]) {
      return op_fail(b, "output tensor %d '%s' is constant or computed twice", (int) t,
                     tensor(b, t)->name);
    }
    if (tensor(b, t)->is_variable) {
      return op_fail(b, "output tensor %d '%s' is a variable (unsupported)", (int) t,
                     tensor(b, t)->name);
    }
    produced[t] = true;
  }
  return true;
}

void xqt_graph_free(struct xqt_graph* graph) {
  if (graph == NULL) {
    return;
  }
  if (graph->nodes != NULL) {
    for (size_t i = 0; i < graph->num_nodes; i++) {
      free(graph->nodes[i].bias);
      free(graph->nodes[i].bias64);
      free(graph->nodes[i].owned_kernel_scales);
    }
  }
  free(graph->nodes);
  free(graph->storage);
  free(graph);
}

struct xqt_graph* xqt_graph_build(const struct xqt_model* model, struct xqt_error* err) {
  struct xqt_graph* graph = calloc(1, sizeof(struct xqt_graph));
  bool* produced = calloc(model->num_tensors + 1, sizeof(bool));
  if (graph == NULL || produced == NULL) {
    free(graph);
    free(produced);
    xqt_fail(err, "graph: out of memory");
    return NULL;
  }
  graph->model = model;
  graph->nodes = calloc(model->num_ops + 1, sizeof(struct xqt_node));
  graph->storage = calloc(model->num_tensors + 1, sizeof(int32_t));
  bool ok = graph->nodes != NULL && graph->storage != NULL;
  if (!ok) {
    xqt_fail(err, "graph: out of memory");
  }
  if (ok) {
    graph->num_nodes = model->num_ops;
    for (size_t t = 0; t < model->num_tensors; t++) {
      graph->storage[t] = model->tensors[t].data != NULL ? -1 : (int32_t) t;
    }
    if (model->num_inputs == 0 || model->num_outputs == 0) {
      ok = xqt_fail(err, "model: subgraph 0 has no inputs or no outputs");
    }
  }
  for (size_t i = 0; ok && i < model->num_inputs; i++) {
    const struct xqt_tensor* t = &model->tensors[model->inputs[i]];
    if (t->data != NULL) {
      ok = xqt_fail(err, "model input tensor %d '%s' is constant", (int) model->inputs[i], t->name);
    } else if (!is_quantized_type(t->type) && t->type != XQT_TYPE_FLOAT32 && t->type != XQT_TYPE_INT16 &&
               t->type != XQT_TYPE_INT32) {
      ok = xqt_fail(err, "model input tensor %d '%s' has type %s (supported: INT8, UINT8, INT16, INT32, FLOAT32)",
                    (int) model->inputs[i], t->name, xqt_type_name(t->type));
    }
    produced[model->inputs[i]] = true;
  }
  struct builder b = {model, graph, err, 0, NULL, false};
  for (size_t i = 0; ok && i < model->num_ops; i++) {
    b.op_index = i;
    b.op = &model->ops[i];
    b.allow_int16 = false;
    ok = check_dataflow(&b, produced) && build_node(&b, &graph->nodes[i]);
  }
  for (size_t i = 0; ok && i < model->num_outputs; i++) {
    const int32_t t = model->outputs[i];
    if (!produced[t] && model->tensors[t].data == NULL) {
      ok = xqt_fail(err, "model output tensor %d '%s' is never computed", (int) t,
                    model->tensors[t].name);
    }
  }
  free(produced);
  if (!ok) {
    xqt_graph_free(graph);
    return NULL;
  }
  return graph;
}
