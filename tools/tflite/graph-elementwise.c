// Graph builders of the element-wise ops: ADD, MUL, SUB, MAXIMUM, MINIMUM
// (broadcasting), the lookup-table activations LOGISTIC, TANH, HARD_SWISH,
// LEAKY_RELU, QUANTIZE / DEQUANTIZE, and SOFTMAX (row-wise).
#include "graph-internal.h"

#include <math.h>
#include <string.h>

#include "activation-table.h"
#include "quantization.h"

// A scale TFLite's CheckedLog2 accepts: |log2(scale) - round(log2(scale))| < 1e-3.
static bool is_power_of_two(float scale) {
  const double log2_scale = log2((double) scale);
  return fabs(log2_scale - round(log2_scale)) < 1e-3;
}

bool xqt_build_binary(struct builder* b, struct xqt_node* n) {
  // 16x8 models: TFLite's int16 ADD and MUL (qs16 operators); SUB, MAXIMUM and MINIMUM are int8 / uint8 only.
  b->allow_int16 = b->op->opcode == XQT_OP_ADD || b->op->opcode == XQT_OP_MUL;
  if (!xqt_expect_io_counts(b, 2, 2) || !xqt_get_input(b, 0, false, &n->input) ||
      !xqt_get_input(b, 1, false, &n->input2)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!xqt_io_quantization(b, n) ||
      !xqt_quantized_tensor(b, n->input2, "input 2", &n->input2_scale, &n->input2_zero_point) ||
      !xqt_same_type(b, n->input, n->input2, "input 2")) {
    return false;
  }
  const struct xqt_tensor* a = xqt_tensor_at(b, n->input);
  const struct xqt_tensor* c = xqt_tensor_at(b, n->input2);
  const struct xqt_tensor* out = xqt_tensor_at(b, n->output);
  n->num_dims1 = a->num_dims;
  n->num_dims2 = c->num_dims;
  memcpy(n->dims1, a->dims, sizeof(n->dims1));
  memcpy(n->dims2, c->dims, sizeof(n->dims2));
  // Numpy broadcasting, aligned on the last dimension.
  const size_t rank = a->num_dims > c->num_dims ? a->num_dims : c->num_dims;
  if (out->num_dims != rank) {
    return xqt_op_fail(b, "output tensor %d '%s' has rank %zu, broadcasting gives %zu", (int) n->output,
                       out->name, out->num_dims, rank);
  }
  for (size_t i = 0; i < rank; i++) {
    const size_t da = i < rank - a->num_dims ? 1 : a->dims[i - (rank - a->num_dims)];
    const size_t dc = i < rank - c->num_dims ? 1 : c->dims[i - (rank - c->num_dims)];
    if (da != dc && da != 1 && dc != 1) {
      return xqt_op_fail(b, "input tensors %d and %d cannot be broadcast (dimension %zu: %zu vs %zu)",
                         (int) n->input, (int) n->input2, i, da, dc);
    }
    const size_t expected = da == 1 ? dc : da;
    if (out->dims[i] != expected) {
      return xqt_op_fail(b, "output tensor %d '%s' dimension %zu is %zu, broadcasting gives %zu",
                         (int) n->output, out->name, i, out->dims[i], expected);
    }
  }
  if (out->type == XQT_TYPE_INT16 && b->op->opcode == XQT_OP_ADD && b->op->options.pot_scale_int16 &&
      is_power_of_two(n->input_scale) && is_power_of_two(n->input2_scale) &&
      is_power_of_two(n->output_scale)) {
    // TFLite then takes its fixed-point LSTM path (saturating int16 adds of
    // shifted inputs), which xqnn does not implement; converters write
    // pot_scale_int16 = false for 16x8 models.
    return xqt_op_fail(b, "int16 ADD with pot_scale_int16 and power-of-two scales is not supported");
  }
  return xqt_output_range(b, b->op->options.activation, n);
}

// LOGISTIC, TANH, HARD_SWISH, LEAKY_RELU on int8 / uint8: one input, one
// output of the same type and shape; the table reproduces TFLite's arithmetic.
bool xqt_build_lut(struct builder* b, struct xqt_node* n) {
  if (!xqt_expect_io_counts(b, 1, 1) || !xqt_get_input(b, 0, false, &n->input)) {
    return false;
  }
  n->output = b->op->outputs[0];
  if (!xqt_io_quantization(b, n)) {
    return false;
  }
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  const struct xqt_tensor* out = xqt_tensor_at(b, n->output);
  if (in->num_dims != out->num_dims || in->num_elements != out->num_elements) {
    return xqt_op_fail(b, "output tensor %d '%s' must have the shape of input tensor %d '%s'", (int) n->output,
                       out->name, (int) n->input, in->name);
  }
  for (size_t d = 0; d < in->num_dims; d++) {
    if (in->dims[d] != out->dims[d]) {
      return xqt_op_fail(b, "output tensor %d '%s' dimension %zu is %zu, input's is %zu", (int) n->output,
                         out->name, d, out->dims[d], in->dims[d]);
    }
  }
  n->is_signed = in->type == XQT_TYPE_INT8;
  n->channels = in->num_dims == 0 ? 1 : in->dims[in->num_dims - 1];
  n->rows = n->channels == 0 ? 0 : in->num_elements / n->channels;
  if (n->channels == 0) {
    return xqt_op_fail(b, "input tensor %d '%s' has no elements", (int) n->input, in->name);
  }
  const struct xqt_activation_params params = {
      .opcode = b->op->opcode, .is_signed = n->is_signed,
      .input_scale = n->input_scale, .output_scale = n->output_scale,
      .input_zero_point = n->input_zero_point, .output_zero_point = n->output_zero_point,
      .alpha = b->op->options.alpha,
  };
  struct xqt_error table_err;
  if (!xqt_activation_table(&params, n->table, &table_err)) {
    return xqt_op_fail(b, "%s", table_err.message);
  }
  return true;
}

bool xqt_build_quantize(struct builder* b, struct xqt_node* n) {
  if (!xqt_expect_io_counts(b, 1, 1) || !xqt_get_input(b, 0, false, &n->input)) {
    return false;
  }
  n->output = b->op->outputs[0];
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  const struct xqt_tensor* out = xqt_tensor_at(b, n->output);
  if (in->num_elements != out->num_elements) {
    return xqt_op_fail(b, "input tensor %d and output tensor %d differ in size", (int) n->input,
                       (int) n->output);
  }
  n->channels = in->num_dims == 0 ? 1 : in->dims[in->num_dims - 1];
  n->rows = in->num_elements / n->channels;
  // float <-> int16 (the ends of a 16x8 model) run in the runner.
  b->allow_int16 = in->type == XQT_TYPE_FLOAT32 || out->type == XQT_TYPE_FLOAT32;
  if (b->op->opcode == XQT_OP_DEQUANTIZE) {
    n->kind = XQT_NODE_CONVERT_Q_TO_F32;
    if (out->type != XQT_TYPE_FLOAT32) {
      return xqt_op_fail(b, "output tensor %d '%s' has type %s (supported: FLOAT32)", (int) n->output,
                         out->name, xqt_type_name(out->type));
    }
    n->is_signed = in->type == XQT_TYPE_INT8;
    n->int16 = in->type == XQT_TYPE_INT16;
    return xqt_quantized_tensor(b, n->input, "input", &n->input_scale, &n->input_zero_point);
  }
  if (!xqt_quantized_tensor(b, n->output, "output", &n->output_scale, &n->output_zero_point)) {
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
  if (!xqt_is_quantized_type(in->type)) {
    return xqt_op_fail(b, "input tensor %d '%s' has type %s (supported: FLOAT32, INT8, UINT8)",
                       (int) n->input, in->name, xqt_type_name(in->type));
  }
  return xqt_quantized_tensor(b, n->input, "input", &n->input_scale, &n->input_zero_point);
}

bool xqt_build_softmax(struct builder* b, struct xqt_node* n) {
  if (!xqt_expect_io_counts(b, 1, 1) || !xqt_get_input(b, 0, false, &n->input)) {
    return false;
  }
  n->output = b->op->outputs[0];
  const struct xqt_tensor* in = xqt_tensor_at(b, n->input);
  const struct xqt_tensor* out = xqt_tensor_at(b, n->output);
  if (in->num_elements != out->num_elements || in->num_dims == 0 ||
      out->num_dims != in->num_dims) {
    return xqt_op_fail(b, "input tensor %d and output tensor %d differ in shape", (int) n->input,
                       (int) n->output);
  }
  n->beta = b->op->options.beta;
  if (!isfinite(n->beta)) {
    return xqt_op_fail(b, "beta %g is not finite", (double) n->beta);
  }
  n->channels = in->dims[in->num_dims - 1];
  n->rows = in->num_elements / n->channels;
  if (in->type == XQT_TYPE_FLOAT32) {
    n->scheme = XQT_SCHEME_F32;
    return xqt_same_type(b, n->input, n->output, "output");
  }
  n->is_signed = in->type == XQT_TYPE_INT8;
  n->output_signed = out->type == XQT_TYPE_INT8;
  return xqt_quantized_tensor(b, n->input, "input", &n->input_scale, &n->input_zero_point) &&
         xqt_quantized_tensor(b, n->output, "output", &n->output_scale, &n->output_zero_point);
}
