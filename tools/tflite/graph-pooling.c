// Graph builders of the spatial ops: AVERAGE_POOL_2D, MAX_POOL_2D, MEAN (as
// global average pooling or TFLite's reference reduction), RESIZE_BILINEAR,
// RESIZE_NEAREST_NEIGHBOR, and PAD, PADV2, MIRROR_PAD.
#include "graph-internal.h"

#include <math.h>
#include <string.h>

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

bool xqt_build_global_average_pooling(struct builder* b, struct xqt_node* n) {
  const bool is_mean = b->op->opcode == XQT_OP_MEAN;
  if (!xqt_expect_io_counts(b, is_mean ? 2 : 1, is_mean ? 2 : 1) || !xqt_get_input(b, 0, false, &n->input)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!xqt_expect_rank(b, n->input, "input", 4) || !xqt_io_quantization(b, n)) {
    return false;
  }
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  const struct xqt_tensor* out = xqt_tensor_at(b, n->output);
  int activation = XQT_ACTIVATION_NONE;
  if (is_mean) {
    int32_t axes;
    if (!xqt_get_input(b, 1, false, &axes) || !xqt_expect_constant(b, axes, "axis")) {
      return false;
    }
    const struct xqt_tensor* at = xqt_tensor_at(b, axes);
    bool seen[4] = {false, false, false, false};
    if (at->type != XQT_TYPE_INT32) {
      return xqt_op_fail(b, "axis tensor %d '%s' must be INT32", (int) axes, at->name);
    }
    for (size_t i = 0; i < at->num_elements; i++) {
      int32_t axis;
      memcpy(&axis, at->data + 4 * i, sizeof(axis));
      if (axis < 0) {
        axis += 4;
      }
      if (axis < 0 || axis > 3) {
        return xqt_op_fail(b, "axis %d out of range for rank 4", (int) axis);
      }
      seen[axis] = true;
    }
    if (seen[0] || !seen[1] || !seen[2] || seen[3]) {
      return xqt_op_fail(b, "only MEAN over H and W (axes 1, 2) is supported (axis tensor %d '%s')",
                         (int) axes, at->name);
    }
  } else {
    const struct xqt_op_options* o = &b->op->options;
    activation = o->activation;
    if ((size_t) o->filter_h != in->dims[1] || (size_t) o->filter_w != in->dims[2] ||
        out->num_dims != 4 || out->dims[1] != 1 || out->dims[2] != 1) {
      return xqt_op_fail(b, "only pooling over the whole image is supported (filter %dx%d, input "
                         "tensor %d '%s' %zux%zu)", (int) o->filter_h, (int) o->filter_w,
                         (int) n->input, in->name, in->dims[1], in->dims[2]);
    }
  }
  n->batch = in->dims[0];
  n->rows = in->dims[1] * in->dims[2];  // pixels averaged
  n->channels = in->dims[3];
  if (out->num_elements != n->batch * n->channels || out->dims[out->num_dims - 1] != n->channels) {
    return xqt_op_fail(b, "output tensor %d '%s' does not hold %zu x %zu values", (int) n->output,
                       out->name, n->batch, n->channels);
  }
  return xqt_output_range(b, activation, n);
}

// TFLite 2.9 (reduce.cc EvalMean) has a special kernel for MEAN of a rank-4
// tensor with keep_dims over exactly the two axes 1 and 2 (written so, not as
// negative axes): that case maps onto global average pooling. Every other
// MEAN goes through its reference path (xqt_build_mean). False also when the
// axis tensor is not what that test reads; xqt_build_mean then reports it.
bool xqt_mean_is_global_pooling(struct builder* b) {
  const struct xqt_op* op = b->op;
  if (op->num_inputs != 2 || op->inputs[0] < 0 || op->inputs[1] < 0 || !op->options.keep_dims) {
    return false;
  }
  const struct xqt_tensor* in = xqt_tensor_at(b, op->inputs[0]);
  const struct xqt_tensor* at = xqt_tensor_at(b, op->inputs[1]);
  if (in->num_dims != 4 || at->type != XQT_TYPE_INT32 || at->data == NULL || at->num_elements != 2) {
    return false;
  }
  int32_t axes[2];
  memcpy(axes, at->data, sizeof(axes));
  return (axes[0] == 1 && axes[1] == 2) || (axes[0] == 2 && axes[1] == 1);
}

// MEAN over any axes (TFLite's ResolveAxis: negative axes count from the end,
// repeated axes count once), keep_dims or not.
bool xqt_build_mean(struct builder* b, struct xqt_node* n) {
  int32_t axes;
  if (!xqt_expect_io_counts(b, 2, 2) || !xqt_get_input(b, 0, false, &n->input) || !xqt_get_input(b, 1, false, &axes)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!xqt_io_quantization(b, n) || !xqt_expect_constant(b, axes, "axis")) {
    return false;
  }
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  const struct xqt_tensor* at = xqt_tensor_at(b, axes);
  const struct xqt_tensor* out = xqt_tensor_at(b, n->output);
  if (at->type != XQT_TYPE_INT32) {
    return xqt_op_fail(b, "axis tensor %d '%s' must be INT32", (int) axes, at->name);
  }
  n->num_dims1 = in->num_dims;
  memcpy(n->dims1, in->dims, sizeof(n->dims1));
  memset(n->reduced, 0, sizeof(n->reduced));
  for (size_t i = 0; i < at->num_elements; i++) {
    int32_t axis;
    memcpy(&axis, at->data + 4 * i, sizeof(axis));
    const int64_t resolved = axis < 0 ? (int64_t) axis + (int64_t) in->num_dims : axis;
    if (resolved < 0 || resolved >= (int64_t) in->num_dims) {
      return xqt_op_fail(b, "axis %d out of range for rank %zu (axis tensor %d '%s')", (int) axis,
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
    return xqt_op_fail(b, "output tensor %d '%s' does not have the shape of MEAN over the axes of tensor %d '%s'",
                       (int) n->output, out->name, (int) axes, at->name);
  }
  // TFLite sums raw values in int32: at most 255 * count.
  if (count > (size_t) (INT32_MAX / 255)) {
    return xqt_op_fail(b, "MEAN over %zu elements would overflow TFLite's int32 sum", count);
  }
  n->rows = in->num_elements / count;  // outputs
  n->channels = count;                 // elements averaged per output
  n->is_signed = in->type == XQT_TYPE_INT8;
  n->mean_integer = n->input_scale == n->output_scale && n->input_zero_point == n->output_zero_point;
  return true;
}

// The window of MAX_POOL_2D / AVERAGE_POOL_2D (SAME / VALID, strides,
// filter), the input and output shapes; the caller checked ranks and quantization.
static bool pooling_geometry(struct builder* b, struct xqt_node* n) {
  const struct xqt_op_options* o = &b->op->options;
  if (!xqt_check_window(b, "stride_h", o->stride_h) || !xqt_check_window(b, "stride_w", o->stride_w) ||
      !xqt_check_window(b, "filter_height", o->filter_h) || !xqt_check_window(b, "filter_width", o->filter_w)) {
    return false;
  }
  if (o->padding != XQT_PADDING_SAME && o->padding != XQT_PADDING_VALID) {
    return xqt_op_fail(b, "padding %d is not supported", o->padding);
  }
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  const struct xqt_tensor* out = xqt_tensor_at(b, n->output);
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
  n->output_height = xqt_conv_output_size(o->padding, in->dims[1], n->kernel_height, n->stride_height, 1);
  n->output_width = xqt_conv_output_size(o->padding, in->dims[2], n->kernel_width, n->stride_width, 1);
  if (n->output_height == 0 || n->output_width == 0) {
    return xqt_op_fail(b, "filter %ux%u larger than input tensor %d '%s' (%zux%zu) with VALID padding",
                       n->kernel_height, n->kernel_width, (int) n->input, in->name, in->dims[1], in->dims[2]);
  }
  if (out->dims[0] != n->batch || out->dims[1] != n->output_height ||
      out->dims[2] != n->output_width || out->dims[3] != n->channels) {
    return xqt_op_fail(b, "output tensor %d '%s' is [%zu,%zu,%zu,%zu], expected [%zu,%zu,%zu,%zu]",
                       (int) n->output, out->name, out->dims[0], out->dims[1], out->dims[2],
                       out->dims[3], n->batch, n->output_height, n->output_width, n->channels);
  }
  const uint64_t taps = (uint64_t) n->output_height * n->output_width *
                        (uint64_t) (n->kernel_height < in->dims[1] ? n->kernel_height : in->dims[1]) *
                        (uint64_t) (n->kernel_width < in->dims[2] ? n->kernel_width : in->dims[2]);
  if (taps > XQT_MAX_POOLING_TAPS) {
    return xqt_op_fail(b, "filter %ux%u over a %zux%zu output needs %llu window taps (the runner's limit is %llu)",
                       n->kernel_height, n->kernel_width, n->output_height, n->output_width,
                       (unsigned long long) taps, (unsigned long long) XQT_MAX_POOLING_TAPS);
  }
  return true;
}

bool xqt_build_max_pooling(struct builder* b, struct xqt_node* n) {
  if (!xqt_expect_io_counts(b, 1, 1) || !xqt_get_input(b, 0, false, &n->input)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!xqt_expect_rank(b, n->input, "input", 4) || !xqt_expect_rank(b, n->output, "output", 4) ||
      !xqt_io_quantization(b, n) || !xqt_same_quantization(b, n) || !pooling_geometry(b, n)) {
    return false;
  }
  return xqt_output_range(b, b->op->options.activation, n);
}

// AVERAGE_POOL_2D: TFLite averages the stored values of the window's taps
// inside the input, rounding (sum +- count / 2) / count, and requires the
// output quantized as the input: average_pooling2d with
// XQNN_FLAG_TFLITE_REQUANTIZATION, exact for windows of up to 4096 taps. A
// whole-image pooling whose output is quantized differently (which TFLite
// would compute as if it were not) keeps the requantizing global average
// pooling it always had here.
bool xqt_build_average_pooling(struct builder* b, struct xqt_node* n) {
  if (!xqt_expect_io_counts(b, 1, 1) || !xqt_get_input(b, 0, false, &n->input)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!xqt_expect_rank(b, n->input, "input", 4) || !xqt_expect_rank(b, n->output, "output", 4) ||
      !xqt_io_quantization(b, n)) {
    return false;
  }
  const float a = n->input_scale, c = n->output_scale;
  if (fabsf(a - c) > 1e-6f * fmaxf(a, c) || n->input_zero_point != n->output_zero_point) {
    n->kind = XQT_NODE_GLOBAL_AVERAGE_POOLING;
    return xqt_build_global_average_pooling(b, n);
  }
  if (!pooling_geometry(b, n)) {
    return false;
  }
  const uint64_t count = (uint64_t) (n->kernel_height < n->input_height ? n->kernel_height : n->input_height) *
                         (n->kernel_width < n->input_width ? n->kernel_width : n->input_width);
  if (count > XQT_MAX_AVERAGE_POOLING_WINDOW) {
    return xqt_op_fail(b, "filter %ux%u averages up to %llu pixels; TFLite's rounding is reproduced up to %d",
                       n->kernel_height, n->kernel_width, (unsigned long long) count, XQT_MAX_AVERAGE_POOLING_WINDOW);
  }
  return xqt_output_range(b, b->op->options.activation, n);
}

// RESIZE_BILINEAR, RESIZE_NEAREST_NEIGHBOR: a constant INT32 size [2]; the
// output [N, size[0], size[1], C] quantized as the input.
bool xqt_build_resize(struct builder* b, struct xqt_node* n) {
  const struct xqt_op_options* o = &b->op->options;
  const bool bilinear = b->op->opcode == XQT_OP_RESIZE_BILINEAR;
  int32_t size;
  if (!xqt_expect_io_counts(b, 2, 2) || !xqt_get_input(b, 0, false, &n->input) || !xqt_get_input(b, 1, false, &size)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!xqt_expect_rank(b, n->input, "input", 4) || !xqt_expect_rank(b, n->output, "output", 4) ||
      !xqt_io_quantization(b, n) || !xqt_same_quantization(b, n) || !xqt_expect_constant(b, size, "size")) {
    return false;
  }
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  const struct xqt_tensor* out = xqt_tensor_at(b, n->output);
  const struct xqt_tensor* st = xqt_tensor_at(b, size);
  if (st->type != XQT_TYPE_INT32 || st->num_dims != 1 || st->dims[0] != 2) {
    return xqt_op_fail(b, "size tensor %d '%s' must be INT32 of shape [2] (is %s of rank %zu)", (int) size, st->name,
                       xqt_type_name(st->type), st->num_dims);
  }
  int32_t hw[2];
  memcpy(hw, st->data, sizeof(hw));
  if (hw[0] < 1 || hw[1] < 1 || hw[0] > XQT_MAX_RESIZE || hw[1] > XQT_MAX_RESIZE) {
    return xqt_op_fail(b, "size %d x %d out of range [1, %d]", (int) hw[0], (int) hw[1], XQT_MAX_RESIZE);
  }
  if (in->dims[1] > XQT_MAX_RESIZE || in->dims[2] > XQT_MAX_RESIZE) {
    return xqt_op_fail(b, "input tensor %d '%s' of %zux%zu pixels exceeds %d", (int) n->input, in->name, in->dims[1],
                       in->dims[2], XQT_MAX_RESIZE);
  }
  if (o->align_corners && o->half_pixel_centers) {
    return xqt_op_fail(b, "align_corners and half_pixel_centers are both set (TFLite's kernels allow one)");
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
    return xqt_op_fail(b, "output tensor %d '%s' is [%zu,%zu,%zu,%zu], expected [%zu,%zu,%zu,%zu]", (int) n->output,
                       out->name, out->dims[0], out->dims[1], out->dims[2], out->dims[3], n->batch, n->output_height,
                       n->output_width, n->channels);
  }
  n->flags = (o->align_corners ? 0x00000020 : 0) |     // XQNN_FLAG_ALIGN_CORNERS
             (o->half_pixel_centers ? 0x00000040 : 0);  // XQNN_FLAG_HALF_PIXEL_CENTERS
  if (!n->is_signed && bilinear && !o->align_corners && o->half_pixel_centers && n->channels % 8 == 0 &&
      n->output_height >= 8 && n->output_width >= 8 && n->output_height / n->input_height == 8 &&
      n->input_height * 8 == n->output_height && n->input_width * 8 == n->output_width) {
    // TFLite's optimized uint8 kernel takes its own 8.8 fixed-point path here.
    return xqt_op_fail(b, "uint8 x8 upsampling with half_pixel_centers and channels a multiple of 8 runs "
                       "TFLite's ResizeBilinear888Uint8, which is not reproduced");
  }
  if (!n->is_signed && !bilinear && !o->align_corners && !o->half_pixel_centers &&
      (!xqt_nearest_rules_agree(n->input_height, n->output_height) ||
       !xqt_nearest_rules_agree(n->input_width, n->output_width))) {
    return xqt_op_fail(b, "TFLite's optimized uint8 nearest-neighbour kernel (16.16 fixed-point scale) picks other "
                       "pixels than its reference for %zux%zu -> %zux%zu; not reproduced", n->input_height,
                       n->input_width, n->output_height, n->output_width);
  }
  return true;
}

// PAD, PADV2, MIRROR_PAD: constant [rank, 2] paddings; the output shape must
// be the padded input's.
bool xqt_build_pad(struct builder* b, struct xqt_node* n) {
  const int32_t opcode = b->op->opcode;
  const bool v2 = opcode == XQT_OP_PADV2;
  int32_t paddings, value = -1;
  if (!xqt_expect_io_counts(b, 2, v2 ? 3 : 2) || !xqt_get_input(b, 0, false, &n->input) ||
      !xqt_get_input(b, 1, false, &paddings) || (v2 && !xqt_get_input(b, 2, true, &value))) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!xqt_io_quantization(b, n) || !xqt_same_quantization(b, n) || !xqt_expect_constant(b, paddings, "paddings")) {
    return false;
  }
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  const struct xqt_tensor* out = xqt_tensor_at(b, n->output);
  const struct xqt_tensor* pt = xqt_tensor_at(b, paddings);
  const size_t rank = in->num_dims;
  if (rank == 0 || out->num_dims != rank) {
    return xqt_op_fail(b, "input tensor %d '%s' has rank %zu and output tensor %d '%s' rank %zu (need equal, "
                       "at least 1)", (int) n->input, in->name, rank, (int) n->output, out->name, out->num_dims);
  }
  if ((pt->type != XQT_TYPE_INT32 && pt->type != XQT_TYPE_INT64) || pt->num_dims != 2 ||
      pt->dims[0] != rank || pt->dims[1] != 2) {
    return xqt_op_fail(b, "paddings tensor %d '%s' must be INT32 or INT64 of shape [%zu, 2] (is %s of rank %zu)",
                       (int) paddings, pt->name, rank, xqt_type_name(pt->type), pt->num_dims);
  }
  n->reflect = opcode == XQT_OP_MIRROR_PAD;
  if (n->reflect) {
    const int mode = b->op->options.mirror_pad_mode;
    if (mode != XQT_MIRROR_PAD_REFLECT && mode != XQT_MIRROR_PAD_SYMMETRIC) {
      return xqt_op_fail(b, "mirror pad mode %d is not supported (REFLECT, SYMMETRIC are)", mode);
    }
    n->symmetric = mode == XQT_MIRROR_PAD_SYMMETRIC;
  }
  n->num_dims1 = rank;
  for (size_t d = 0; d < rank; d++) {
    const int64_t before = xqt_integer_element(pt, 2 * d), after = xqt_integer_element(pt, 2 * d + 1);
    const uint64_t out_dim = out->dims[d];
    if (before < 0 || after < 0 || (uint64_t) before > out_dim || (uint64_t) after > out_dim - (uint64_t) before ||
        out_dim - (uint64_t) before - (uint64_t) after != in->dims[d]) {
      return xqt_op_fail(b, "paddings (%lld, %lld) of dimension %zu do not turn input size %zu into output tensor "
                         "%d '%s' size %zu", (long long) before, (long long) after, d, in->dims[d],
                         (int) n->output, out->name, out->dims[d]);
    }
    // MIRROR_PAD mirrors once: REFLECT skips the edge element, SYMMETRIC repeats it.
    const uint64_t limit = n->symmetric ? in->dims[d] : in->dims[d] - 1;
    if (n->reflect && ((uint64_t) before > limit || (uint64_t) after > limit)) {
      return xqt_op_fail(b, "paddings (%lld, %lld) of dimension %zu exceed %llu, the most %s mirroring of size "
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
    const struct xqt_tensor* vt = xqt_tensor_at(b, value);
    if (!xqt_expect_constant(b, value, "constant value") || !xqt_same_type(b, n->input, value, "constant value") ||
        !xqt_quantized_tensor(b, value, "constant value", &scale, &zero_point)) {
      return false;
    }
    if (vt->num_elements != 1 || scale != n->output_scale || zero_point != n->output_zero_point) {
      return xqt_op_fail(b, "constant value tensor %d '%s' must hold one value quantized as the output "
                         "(has %zu values, scale %g, zero point %d)", (int) value, vt->name, vt->num_elements,
                         (double) scale, (int) zero_point);
    }
    n->pad_value = vt->data[0];
  }
  return true;
}
