// Graph builders of the ops with constant weights: CONV_2D, DEPTHWISE_CONV_2D,
// TRANSPOSE_CONV and FULLY_CONNECTED (int8 / uint8 and TFLite's 16x8 scheme):
// geometry, weights' quantization scheme, aligned copies of the biases.
#include "graph-internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

// Weights of a convolution / deconvolution / fully connected; `channels` is the
// output channel count and `channel_dim` the dimension per-channel scales run along.
static bool weights(struct builder* b, struct xqt_node* n, int32_t w, size_t channels,
                    size_t channel_dim, int input_type) {
  const struct xqt_tensor* t = xqt_tensor_at(b, w);
  if (!xqt_expect_constant(b, w, "weight")) {
    return false;
  }
  const bool int16 = input_type == XQT_TYPE_INT16;
  if (int16 ? t->type != XQT_TYPE_INT8 : t->type != input_type) {
    return xqt_op_fail(b, "weight tensor %d '%s' has type %s with %s activations (unsupported mix)",
                       (int) w, t->name, xqt_type_name(t->type), xqt_type_name(input_type));
  }
  n->kernel = t->data;
  if (t->num_scales == 0) {
    return xqt_op_fail(b, "weight tensor %d '%s' is not quantized", (int) w, t->name);
  }
  for (size_t i = 0; i < t->num_scales; i++) {
    if (!(t->scales[i] > 0.0f) || !isfinite(t->scales[i])) {
      return xqt_op_fail(b, "weight tensor %d '%s' has invalid scale %g at channel %zu", (int) w,
                         t->name, (double) t->scales[i], i);
    }
  }
  if (t->type == XQT_TYPE_UINT8) {
    if (t->num_scales != 1) {
      return xqt_op_fail(b, "weight tensor %d '%s': per-channel UINT8 weights are not supported",
                         (int) w, t->name);
    }
    if (t->zero_points[0] < 0 || t->zero_points[0] > 255) {
      return xqt_op_fail(b, "weight tensor %d '%s' has zero point %lld outside [0, 255]", (int) w,
                         t->name, (long long) t->zero_points[0]);
    }
    n->scheme = XQT_SCHEME_QU8;
    n->kernel_scale = t->scales[0];
    n->kernel_zero_point = (int32_t) t->zero_points[0];
    return true;
  }
  for (size_t i = 0; i < t->num_scales; i++) {
    if (t->zero_points[i] != 0) {
      return xqt_op_fail(b, "weight tensor %d '%s' has zero point %lld (INT8 weights must be symmetric)",
                         (int) w, t->name, (long long) t->zero_points[i]);
    }
  }
  if (int16 && t->num_scales == 1) {
    // The xqnn operators take one scale per channel.
    n->scheme = XQT_SCHEME_QS16_QC8W;
    n->owned_kernel_scales = malloc(channels * sizeof(float));
    if (n->owned_kernel_scales == NULL) {
      return xqt_op_fail(b, "out of memory");
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
      return xqt_op_fail(b, "weight tensor %d '%s': %zu scales along dimension %d, expected %zu along %zu",
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
  const struct xqt_tensor* t = xqt_tensor_at(b, index);
  if (!xqt_expect_constant(b, index, "bias")) {
    return false;
  }
  if (n->scheme == XQT_SCHEME_QS16_QC8W) {
    // TFLite 2.9's 16x8 kernels take INT64 biases (and accumulate in 64 bits).
    if (t->type != XQT_TYPE_INT64 || t->num_elements != channels) {
      return xqt_op_fail(b, "bias tensor %d '%s' of an INT16 op must be INT64 with %zu elements (is %s "
                         "with %zu)", (int) index, t->name, channels, xqt_type_name(t->type),
                         t->num_elements);
    }
    n->bias64 = malloc(channels * sizeof(int64_t));  // aligned copy
    if (n->bias64 == NULL) {
      return xqt_op_fail(b, "out of memory");
    }
    memcpy(n->bias64, t->data, channels * sizeof(int64_t));
    return true;
  }
  if (t->type != XQT_TYPE_INT32 || t->num_elements != channels) {
    return xqt_op_fail(b, "bias tensor %d '%s' must be INT32 with %zu elements (is %s with %zu)",
                       (int) index, t->name, channels, xqt_type_name(t->type), t->num_elements);
  }
  n->bias = malloc(channels * sizeof(int32_t));  // aligned copy: file data may be unaligned
  if (n->bias == NULL) {
    return xqt_op_fail(b, "out of memory");
  }
  memcpy(n->bias, t->data, channels * sizeof(int32_t));
  return true;
}

// Inputs (input, weights, optional bias) and output of CONV_2D, DEPTHWISE_CONV_2D
// and FULLY_CONNECTED, which also take TFLite's 16x8 scheme (qs16_qc8w operators).
static bool weighted_op_tensors(struct builder* b, struct xqt_node* n, int32_t* w, int32_t* bias_index) {
  b->allow_int16 = true;
  if (!xqt_expect_io_counts(b, 2, 3) || !xqt_get_input(b, 0, false, &n->input) ||
      !xqt_get_input(b, 1, false, w) || !xqt_get_input(b, 2, true, bias_index)) {
    return false;
  }
  n->output = b->op->outputs[0];
  return true;
}

bool xqt_build_convolution(struct builder* b, struct xqt_node* n, bool depthwise) {
  const struct xqt_op_options* o = &b->op->options;
  int32_t w, bias_index;
  if (!weighted_op_tensors(b, n, &w, &bias_index)) return false;
  if (!xqt_expect_rank(b, n->input, "input", 4) || !xqt_expect_rank(b, w, "weight", 4) ||
      !xqt_expect_rank(b, n->output, "output", 4) || !xqt_io_quantization(b, n) ||
      !xqt_check_window(b, "stride_h", o->stride_h) || !xqt_check_window(b, "stride_w", o->stride_w) ||
      !xqt_check_window(b, "dilation_h", o->dilation_h) || !xqt_check_window(b, "dilation_w", o->dilation_w)) {
    return false;
  }
  if (o->padding != XQT_PADDING_SAME && o->padding != XQT_PADDING_VALID) {
    return xqt_op_fail(b, "padding %d is not supported", o->padding);
  }
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  const struct xqt_tensor* wt = xqt_tensor_at(b, w);
  const struct xqt_tensor* out = xqt_tensor_at(b, n->output);
  const size_t channels = in->dims[3];
  size_t output_channels;
  if (depthwise) {
    // Weights 1HW(I*M).
    output_channels = wt->dims[3];
    if (wt->dims[0] != 1 || output_channels % channels != 0) {
      return xqt_op_fail(b, "weight tensor %d '%s' [%zu,%zu,%zu,%zu] is not 1HW(I*M) for %zu input channels",
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
      return xqt_op_fail(b, "weight tensor %d '%s' [%zu,%zu,%zu,%zu] does not match %zu input channels",
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
    return xqt_op_fail(b, "kernel %zux%zu too large", wt->dims[1], wt->dims[2]);
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
  n->output_height = xqt_conv_output_size(o->padding, in->dims[1], n->kernel_height, n->stride_height,
                                          n->dilation_height);
  n->output_width = xqt_conv_output_size(o->padding, in->dims[2], n->kernel_width, n->stride_width,
                                         n->dilation_width);
  if (n->output_height == 0 || n->output_width == 0) {
    return xqt_op_fail(b, "kernel %ux%u (dilation %ux%u) larger than input tensor %d '%s' (%zux%zu)",
                       n->kernel_height, n->kernel_width, n->dilation_height, n->dilation_width,
                       (int) n->input, in->name, in->dims[1], in->dims[2]);
  }
  if (out->dims[0] != n->batch || out->dims[1] != n->output_height ||
      out->dims[2] != n->output_width || out->dims[3] != output_channels) {
    return xqt_op_fail(b, "output tensor %d '%s' is [%zu,%zu,%zu,%zu], expected [%zu,%zu,%zu,%zu]",
                       (int) n->output, out->name, out->dims[0], out->dims[1], out->dims[2],
                       out->dims[3], n->batch, n->output_height, n->output_width, output_channels);
  }
  return bias(b, n, bias_index, output_channels) &&
         xqt_output_range(b, depthwise ? b->op->options.activation : o->activation, n);
}

bool xqt_build_transpose_conv(struct builder* b, struct xqt_node* n) {
  b->allow_int16 = true;  // TFLite's 16x8 scheme (qs16_qc8w operators)
  const struct xqt_op_options* o = &b->op->options;
  int32_t shape, w, bias_index;
  if (!xqt_expect_io_counts(b, 3, 4) || !xqt_get_input(b, 0, false, &shape) ||
      !xqt_get_input(b, 1, false, &w) || !xqt_get_input(b, 2, false, &n->input) ||
      !xqt_get_input(b, 3, true, &bias_index)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!xqt_expect_rank(b, n->input, "input", 4) || !xqt_expect_rank(b, w, "weight", 4) ||
      !xqt_expect_rank(b, n->output, "output", 4) || !xqt_io_quantization(b, n) ||
      !xqt_check_window(b, "stride_h", o->stride_h) || !xqt_check_window(b, "stride_w", o->stride_w) ||
      !xqt_expect_constant(b, shape, "output shape")) {
    return false;
  }
  const struct xqt_tensor* st = xqt_tensor_at(b, shape);
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  const struct xqt_tensor* wt = xqt_tensor_at(b, w);
  const struct xqt_tensor* out = xqt_tensor_at(b, n->output);
  if (st->type != XQT_TYPE_INT32 || st->num_elements != 4) {
    return xqt_op_fail(b, "output shape tensor %d '%s' must be INT32 with 4 elements", (int) shape, st->name);
  }
  for (size_t d = 0; d < 4; d++) {
    int32_t v;
    memcpy(&v, st->data + 4 * d, sizeof(v));
    if (v < 0 || (size_t) v != out->dims[d]) {
      return xqt_op_fail(b, "output shape tensor %d '%s' does not match output tensor %d '%s'",
                         (int) shape, st->name, (int) n->output, out->name);
    }
  }
  const size_t output_channels = wt->dims[0];
  if (wt->dims[3] != in->dims[3] || out->dims[3] != output_channels || out->dims[0] != in->dims[0]) {
    return xqt_op_fail(b, "weight tensor %d '%s' [%zu,%zu,%zu,%zu] does not match input %zu / output %zu channels",
                       (int) w, wt->name, wt->dims[0], wt->dims[1], wt->dims[2], wt->dims[3],
                       in->dims[3], out->dims[3]);
  }
  if (wt->dims[1] > XQT_MAX_WINDOW || wt->dims[2] > XQT_MAX_WINDOW) {
    return xqt_op_fail(b, "kernel %zux%zu too large", wt->dims[1], wt->dims[2]);
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
      return xqt_op_fail(b, "padding %d is not supported", o->padding);
    }
    const size_t pad_before = total / 2;
    const size_t full = strides[i] * (sizes_in[i] - 1) + kernels[i];
    if (full < pad_before) {
      return xqt_op_fail(b, "output size %zu inconsistent with input size %zu", sizes_out[i], sizes_in[i]);
    }
    if (full - pad_before >= sizes_out[i]) {
      before[i] = (uint32_t) pad_before;
      after[i] = (uint32_t) (full - pad_before - sizes_out[i]);
      adjustment[i] = 0;
    } else {
      const size_t extra = sizes_out[i] - (full - pad_before);
      if (extra >= strides[i] || pad_before > XQT_MAX_WINDOW) {
        return xqt_op_fail(b, "output size %zu too large for input size %zu, stride %zu and kernel %zu",
                           sizes_out[i], sizes_in[i], strides[i], kernels[i]);
      }
      before[i] = (uint32_t) pad_before;
      after[i] = 0;
      adjustment[i] = (uint32_t) extra;
    }
    if (after[i] > (uint32_t) XQT_MAX_WINDOW * 4) {
      return xqt_op_fail(b, "output size %zu too small for input size %zu", sizes_out[i], sizes_in[i]);
    }
  }
  n->padding_top = before[0];
  n->padding_bottom = after[0];
  n->padding_left = before[1];
  n->padding_right = after[1];
  n->adjustment_height = adjustment[0];
  n->adjustment_width = adjustment[1];
  return bias(b, n, bias_index, output_channels) && xqt_output_range(b, o->activation, n);
}

bool xqt_build_fully_connected(struct builder* b, struct xqt_node* n) {
  const struct xqt_op_options* o = &b->op->options;
  int32_t w, bias_index;
  if (!weighted_op_tensors(b, n, &w, &bias_index)) return false;
  if (!xqt_expect_rank(b, w, "weight", 2) || !xqt_io_quantization(b, n)) {
    return false;
  }
  if (o->weights_format != 0) {
    return xqt_op_fail(b, "weights_format %d is not supported (only DEFAULT)", o->weights_format);
  }
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  const struct xqt_tensor* wt = xqt_tensor_at(b, w);
  const struct xqt_tensor* out = xqt_tensor_at(b, n->output);
  n->output_channels = wt->dims[0];
  n->input_channels = wt->dims[1];
  if (in->num_elements % n->input_channels != 0) {
    return xqt_op_fail(b, "input tensor %d '%s' (%zu elements) is not a multiple of %zu input channels",
                       (int) n->input, in->name, in->num_elements, n->input_channels);
  }
  n->rows = in->num_elements / n->input_channels;
  if (out->num_elements != n->rows * n->output_channels || out->num_dims == 0 ||
      out->dims[out->num_dims - 1] != n->output_channels) {
    return xqt_op_fail(b, "output tensor %d '%s' does not hold %zu rows of %zu channels",
                       (int) n->output, out->name, n->rows, n->output_channels);
  }
  return weights(b, n, w, n->output_channels, 0, in->type) &&
         bias(b, n, bias_index, n->output_channels) && xqt_output_range(b, o->activation, n);
}
