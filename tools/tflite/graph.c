// xqt_graph_build: checks the dataflow of subgraph 0 and hands every op, by
// its op code, to the builder of its family (graph-internal.h); xqt_graph_free.
#include "graph.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "graph-internal.h"

static bool build_node(struct builder* b, struct xqt_node* n) {
  n->op_index = b->op_index;
  n->input = n->input2 = n->output = -1;
  switch (b->op->opcode) {
    case XQT_OP_CONV_2D:
      n->kind = XQT_NODE_CONVOLUTION;
      return xqt_build_convolution(b, n, false);
    case XQT_OP_DEPTHWISE_CONV_2D:
      n->kind = XQT_NODE_CONVOLUTION;
      return xqt_build_convolution(b, n, true);
    case XQT_OP_TRANSPOSE_CONV:
      n->kind = XQT_NODE_DECONVOLUTION;
      return xqt_build_transpose_conv(b, n);
    case XQT_OP_FULLY_CONNECTED:
      n->kind = XQT_NODE_FULLY_CONNECTED;
      return xqt_build_fully_connected(b, n);
    case XQT_OP_ADD:
      n->kind = XQT_NODE_ADD;
      return xqt_build_binary(b, n);
    case XQT_OP_MUL:
      n->kind = XQT_NODE_MULTIPLY;
      return xqt_build_binary(b, n);
    case XQT_OP_SUB:
      n->kind = XQT_NODE_SUBTRACT;
      return xqt_build_binary(b, n);
    case XQT_OP_MAXIMUM:
    case XQT_OP_MINIMUM:
      n->kind = b->op->opcode == XQT_OP_MAXIMUM ? XQT_NODE_MAXIMUM : XQT_NODE_MINIMUM;
      return xqt_build_binary(b, n);
    case XQT_OP_MEAN:
      if (!xqt_mean_is_global_pooling(b)) {
        n->kind = XQT_NODE_MEAN;
        return xqt_build_mean(b, n);
      }
      n->kind = XQT_NODE_GLOBAL_AVERAGE_POOLING;
      return xqt_build_global_average_pooling(b, n);
    case XQT_OP_AVERAGE_POOL_2D:
      n->kind = XQT_NODE_AVERAGE_POOLING;
      return xqt_build_average_pooling(b, n);
    case XQT_OP_RESIZE_BILINEAR:
    case XQT_OP_RESIZE_NEAREST_NEIGHBOR:
      n->kind = b->op->opcode == XQT_OP_RESIZE_BILINEAR ? XQT_NODE_RESIZE_BILINEAR : XQT_NODE_RESIZE_NEAREST;
      return xqt_build_resize(b, n);
    case XQT_OP_MAX_POOL_2D:
      n->kind = XQT_NODE_MAX_POOLING;
      return xqt_build_max_pooling(b, n);
    case XQT_OP_PAD:
    case XQT_OP_PADV2:
    case XQT_OP_MIRROR_PAD:
      n->kind = XQT_NODE_PAD;
      return xqt_build_pad(b, n);
    case XQT_OP_LOGISTIC:
    case XQT_OP_TANH:
    case XQT_OP_HARD_SWISH:
    case XQT_OP_LEAKY_RELU:
      n->kind = XQT_NODE_LUT;
      return xqt_build_lut(b, n);
    case XQT_OP_QUANTIZE:
    case XQT_OP_DEQUANTIZE:
      return xqt_build_quantize(b, n);
    case XQT_OP_SOFTMAX:
      n->kind = XQT_NODE_SOFTMAX;
      return xqt_build_softmax(b, n);
    case XQT_OP_CONCATENATION:
      n->kind = XQT_NODE_CONCATENATION;
      return xqt_build_concatenation(b, n);
    case XQT_OP_SLICE:
    case XQT_OP_STRIDED_SLICE:
      n->kind = XQT_NODE_SLICE;
      return xqt_build_slice(b, n);
    case XQT_OP_TRANSPOSE:
      n->kind = XQT_NODE_TRANSPOSE;
      return xqt_build_transpose(b, n);
    case XQT_OP_SPLIT:
    case XQT_OP_SPLIT_V:
      n->kind = XQT_NODE_SPLIT;
      return xqt_build_split(b, n);
    case XQT_OP_CAST:
      n->kind = XQT_NODE_CAST;
      return xqt_build_cast(b, n);
    case XQT_OP_ARG_MAX:
      n->kind = XQT_NODE_ARG_MAX;
      return xqt_build_arg_max(b, n);
    case XQT_OP_RESHAPE:
    case XQT_OP_SQUEEZE:
      n->kind = XQT_NODE_ALIAS;
      return xqt_build_alias(b, n);
    case XQT_OP_CUSTOM:
      if (strcmp(b->op->custom_code, "TFLite_Detection_PostProcess") == 0) {
        n->kind = XQT_NODE_DETECTION;
        return xqt_build_detection(b, n);
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
    if (t >= 0 && xqt_tensor_at(b, t)->data == NULL && !produced[t]) {
      return xqt_op_fail(b, "input tensor %d '%s' is used before it is computed", (int) t,
                         xqt_tensor_at(b, t)->name);
    }
  }
  for (size_t i = 0; i < op->num_outputs; i++) {
    const int32_t t = op->outputs[i];
    if (xqt_tensor_at(b, t)->data != NULL || produced[t]) {
      return xqt_op_fail(b, "output tensor %d '%s' is constant or computed twice", (int) t,
                         xqt_tensor_at(b, t)->name);
    }
    if (xqt_tensor_at(b, t)->is_variable) {
      return xqt_op_fail(b, "output tensor %d '%s' is a variable (unsupported)", (int) t,
                         xqt_tensor_at(b, t)->name);
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
    } else if (!xqt_is_quantized_type(t->type) && t->type != XQT_TYPE_FLOAT32 && t->type != XQT_TYPE_INT16 &&
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
