// Internals of the graph builder (graph.h), shared by its files:
//   graph.c              xqt_graph_build: dataflow checks, dispatch by op code
//   graph-common.c       the validation helpers declared below
//   graph-weighted.c     CONV_2D, DEPTHWISE_CONV_2D, TRANSPOSE_CONV, FULLY_CONNECTED
//   graph-pooling.c      AVERAGE_POOL_2D, MAX_POOL_2D, MEAN, RESIZE_*, PAD, PADV2, MIRROR_PAD
//   graph-elementwise.c  ADD, MUL, SUB, MAXIMUM, MINIMUM, lookup-table activations,
//                        QUANTIZE, DEQUANTIZE, SOFTMAX
//   graph-copy.c         CONCATENATION, SLICE, STRIDED_SLICE, TRANSPOSE, SPLIT, SPLIT_V,
//                        CAST, ARG_MAX, RESHAPE / SQUEEZE (alias)
//   graph-detection.c    the custom TFLite_Detection_PostProcess
// A builder validates op b->op and fills node n; on the first problem it
// returns false with b->err set ("op N NAME: ...", xqt_op_fail).
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "graph.h"
#include "model.h"
#include "schema.h"

#ifdef __cplusplus
extern "C" {
#endif

// Largest stride, dilation or kernel side accepted (xqnn takes uint32_t; real
// models are far below).
#define XQT_MAX_WINDOW 65536

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

static inline const struct xqt_tensor* xqt_tensor_at(struct builder* b, int32_t index) {
  return &b->model->tensors[index];
}

static inline bool xqt_is_quantized_type(int type) {
  return type == XQT_TYPE_INT8 || type == XQT_TYPE_UINT8;
}

// Validation helpers (graph-common.c, documented there).
bool xqt_op_fail(struct builder* b, const char* format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
bool xqt_get_input(struct builder* b, size_t i, bool optional, int32_t* index);
bool xqt_expect_io_counts(struct builder* b, size_t min_inputs, size_t max_inputs);
bool xqt_expect_rank(struct builder* b, int32_t index, const char* role, size_t rank);
bool xqt_quantized_tensor(struct builder* b, int32_t index, const char* role, float* scale, int32_t* zero_point);
bool xqt_expect_constant(struct builder* b, int32_t index, const char* role);
bool xqt_same_type(struct builder* b, int32_t a, int32_t c, const char* role);
bool xqt_output_range(struct builder* b, int activation, struct xqt_node* n);
bool xqt_check_window(struct builder* b, const char* what, int32_t v);
size_t xqt_conv_output_size(int padding, size_t in, size_t kernel, size_t stride, size_t dilation);
bool xqt_io_quantization(struct builder* b, struct xqt_node* n);
bool xqt_same_quantization(struct builder* b, const struct xqt_node* n);
int64_t xqt_integer_element(const struct xqt_tensor* t, size_t i);

// graph-weighted.c
bool xqt_build_convolution(struct builder* b, struct xqt_node* n, bool depthwise);
bool xqt_build_transpose_conv(struct builder* b, struct xqt_node* n);
bool xqt_build_fully_connected(struct builder* b, struct xqt_node* n);

// graph-pooling.c
bool xqt_build_global_average_pooling(struct builder* b, struct xqt_node* n);
bool xqt_mean_is_global_pooling(struct builder* b);
bool xqt_build_mean(struct builder* b, struct xqt_node* n);
bool xqt_build_max_pooling(struct builder* b, struct xqt_node* n);
bool xqt_build_average_pooling(struct builder* b, struct xqt_node* n);
bool xqt_build_resize(struct builder* b, struct xqt_node* n);
bool xqt_build_pad(struct builder* b, struct xqt_node* n);

// graph-elementwise.c
bool xqt_build_binary(struct builder* b, struct xqt_node* n);
bool xqt_build_lut(struct builder* b, struct xqt_node* n);
bool xqt_build_quantize(struct builder* b, struct xqt_node* n);
bool xqt_build_softmax(struct builder* b, struct xqt_node* n);

// graph-copy.c
bool xqt_build_concatenation(struct builder* b, struct xqt_node* n);
bool xqt_build_slice(struct builder* b, struct xqt_node* n);
bool xqt_build_transpose(struct builder* b, struct xqt_node* n);
bool xqt_build_split(struct builder* b, struct xqt_node* n);
bool xqt_build_cast(struct builder* b, struct xqt_node* n);
bool xqt_build_arg_max(struct builder* b, struct xqt_node* n);
bool xqt_build_alias(struct builder* b, struct xqt_node* n);

// graph-detection.c
bool xqt_build_detection(struct builder* b, struct xqt_node* n);

#ifdef __cplusplus
}  // extern "C"
#endif
