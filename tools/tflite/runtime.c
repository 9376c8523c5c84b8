#include "runtime.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cast-argmax.h"
#include "planner.h"
#include "quantization.h"
#include "schema.h"

// graph-*.c set these flag values without including xqnn.h (the graph
// builder stays xqnn-free for the fuzzer); keep them in sync.
_Static_assert(XQNN_FLAG_DEPTHWISE_CONVOLUTION == 0x00000001, "graph-weighted.c flag value");
_Static_assert(XQNN_FLAG_TENSORFLOW_SAME_PADDING == 0x00000004, "graph-weighted.c / graph-pooling.c flag value");
// Constant operands point into the model file's copy (model.h).
_Static_assert(XQT_FILE_PADDING >= XQNN_EXTRA_BYTES, "constant tensors need the kernels' over-read");

struct xqt_runtime {
  const struct xqt_model* model;
  struct xqt_graph* graph;
  pthreadpool_t threadpool;
  xqnn_operator_t* ops;     // per node; NULL for nodes the runner computes itself
  void** tensor_data;       // per tensor
  uint8_t* arena;
  size_t arena_size;
  size_t unplanned_size;
  uint32_t requantization_flags;  // XQNN_FLAG_TFLITE_REQUANTIZATION unless options ask for fp32
};

static const char* node_op_name(const struct xqt_runtime* rt, const struct xqt_node* n) {
  return xqt_op_name(rt->model->ops[n->op_index].opcode);
}

static bool status_fail(const struct xqt_runtime* rt, const struct xqt_node* n, const char* call,
                        enum xqnn_status status, struct xqt_error* err) {
  return xqt_fail(err, "op %zu %s (output tensor %d '%s'): %s failed: %s", n->op_index,
                  node_op_name(rt, n), (int) n->output, rt->model->tensors[n->output].name, call,
                  xqnn_status_string(status));
}

#define CALL(expr, name)                                              \
  do {                                                                \
    const enum xqnn_status status_ = (expr);                          \
    if (status_ != xqnn_status_success) {                             \
      return status_fail(rt, n, name, status_, err);                  \
    }                                                                 \
  } while (0)

static bool check_output_size(const struct xqt_runtime* rt, const struct xqt_node* n, size_t h,
                              size_t w, struct xqt_error* err) {
  if (h != n->output_height || w != n->output_width) {
    return xqt_fail(err, "op %zu %s: xqnn computes a %zux%zu output, the model expects %zux%zu",
                    n->op_index, node_op_name(rt, n), h, w, n->output_height, n->output_width);
  }
  return true;
}

static bool create_convolution(struct xqt_runtime* rt, const struct xqt_node* n, xqnn_operator_t* op,
                               struct xqt_error* err) {
  const size_t in_stride = n->groups * n->group_input_channels;
  const size_t out_stride = n->groups * n->group_output_channels;
  size_t h = 0, w = 0;
  switch (n->scheme) {
    case XQT_SCHEME_QS8:
      CALL(xqnn_create_convolution2d_nhwc_qs8(
               0, 0, 0, 0, n->kernel_height, n->kernel_width, n->stride_height, n->stride_width,
               n->dilation_height, n->dilation_width, n->groups, n->group_input_channels,
               n->group_output_channels, in_stride, out_stride, (int8_t) n->input_zero_point,
               n->input_scale, n->kernel_scale, n->kernel, n->bias, (int8_t) n->output_zero_point,
               n->output_scale, (int8_t) n->output_min, (int8_t) n->output_max, n->flags | rt->requantization_flags, op),
           "xqnn_create_convolution2d_nhwc_qs8");
      CALL(xqnn_reshape_convolution2d_nhwc_qs8(*op, n->batch, n->input_height, n->input_width, &h,
                                               &w, rt->threadpool),
           "xqnn_reshape_convolution2d_nhwc_qs8");
      break;
    case XQT_SCHEME_QS8_QC8W:
      CALL(xqnn_create_convolution2d_nhwc_qs8_qc8w(
               0, 0, 0, 0, n->kernel_height, n->kernel_width, n->stride_height, n->stride_width,
               n->dilation_height, n->dilation_width, n->groups, n->group_input_channels,
               n->group_output_channels, in_stride, out_stride, (int8_t) n->input_zero_point,
               n->input_scale, n->kernel_scales, n->kernel, n->bias, (int8_t) n->output_zero_point,
               n->output_scale, (int8_t) n->output_min, (int8_t) n->output_max, n->flags | rt->requantization_flags, op),
           "xqnn_create_convolution2d_nhwc_qs8_qc8w");
      CALL(xqnn_reshape_convolution2d_nhwc_qs8_qc8w(*op, n->batch, n->input_height, n->input_width,
                                                    &h, &w, rt->threadpool),
           "xqnn_reshape_convolution2d_nhwc_qs8_qc8w");
      break;
    case XQT_SCHEME_QU8:
      CALL(xqnn_create_convolution2d_nhwc_qu8(
               0, 0, 0, 0, n->kernel_height, n->kernel_width, n->stride_height, n->stride_width,
               n->dilation_height, n->dilation_width, n->groups, n->group_input_channels,
               n->group_output_channels, in_stride, out_stride, (uint8_t) n->input_zero_point,
               n->input_scale, (uint8_t) n->kernel_zero_point, n->kernel_scale, n->kernel, n->bias,
               (uint8_t) n->output_zero_point, n->output_scale, (uint8_t) n->output_min,
               (uint8_t) n->output_max, n->flags | rt->requantization_flags, op),
           "xqnn_create_convolution2d_nhwc_qu8");
      CALL(xqnn_reshape_convolution2d_nhwc_qu8(*op, n->batch, n->input_height, n->input_width, &h,
                                               &w, rt->threadpool),
           "xqnn_reshape_convolution2d_nhwc_qu8");
      break;
    case XQT_SCHEME_QS16_QC8W:
      CALL(xqnn_create_convolution2d_nhwc_qs16_qc8w(
               0, 0, 0, 0, n->kernel_height, n->kernel_width, n->stride_height, n->stride_width,
               n->dilation_height, n->dilation_width, n->groups, n->group_input_channels,
               n->group_output_channels, in_stride, out_stride, n->input_scale, n->kernel_scales,
               n->kernel, n->bias64, n->output_scale, (int16_t) n->output_min,
               (int16_t) n->output_max, n->flags, op),
           "xqnn_create_convolution2d_nhwc_qs16_qc8w");
      CALL(xqnn_reshape_convolution2d_nhwc_qs16_qc8w(*op, n->batch, n->input_height,
                                                     n->input_width, &h, &w, rt->threadpool),
           "xqnn_reshape_convolution2d_nhwc_qs16_qc8w");
      break;
    default:
      return xqt_fail(err, "op %zu: unexpected scheme", n->op_index);
  }
  return check_output_size(rt, n, h, w, err);
}

static bool create_deconvolution(struct xqt_runtime* rt, const struct xqt_node* n,
                                 xqnn_operator_t* op, struct xqt_error* err) {
  const size_t in_stride = n->group_input_channels;
  const size_t out_stride = n->group_output_channels;
  size_t h = 0, w = 0;
  switch (n->scheme) {
    case XQT_SCHEME_QS8:
      CALL(xqnn_create_deconvolution2d_nhwc_qs8(
               n->padding_top, n->padding_right, n->padding_bottom, n->padding_left,
               n->kernel_height, n->kernel_width, n->stride_height, n->stride_width, 1, 1, 1,
               n->group_input_channels, n->group_output_channels, in_stride, out_stride,
               (int8_t) n->input_zero_point, n->input_scale, n->kernel_scale, n->kernel, n->bias,
               (int8_t) n->output_zero_point, n->output_scale, (int8_t) n->output_min,
               (int8_t) n->output_max, rt->requantization_flags, op),
           "xqnn_create_deconvolution2d_nhwc_qs8");
      CALL(xqnn_reshape_deconvolution2d_nhwc_qs8(*op, n->batch, n->input_height, n->input_width,
                                                 n->adjustment_height, n->adjustment_width, &h, &w,
                                                 rt->threadpool),
           "xqnn_reshape_deconvolution2d_nhwc_qs8");
      break;
    case XQT_SCHEME_QS8_QC8W:
      CALL(xqnn_create_deconvolution2d_nhwc_qs8_qc8w(
               n->padding_top, n->padding_right, n->padding_bottom, n->padding_left,
               n->kernel_height, n->kernel_width, n->stride_height, n->stride_width, 1, 1, 1,
               n->group_input_channels, n->group_output_channels, in_stride, out_stride,
               (int8_t) n->input_zero_point, n->input_scale, n->kernel_scales, n->kernel, n->bias,
               (int8_t) n->output_zero_point, n->output_scale, (int8_t) n->output_min,
               (int8_t) n->output_max, rt->requantization_flags, op),
           "xqnn_create_deconvolution2d_nhwc_qs8_qc8w");
      CALL(xqnn_reshape_deconvolution2d_nhwc_qs8_qc8w(*op, n->batch, n->input_height,
                                                      n->input_width, n->adjustment_height,
                                                      n->adjustment_width, &h, &w, rt->threadpool),
           "xqnn_reshape_deconvolution2d_nhwc_qs8_qc8w");
      break;
    case XQT_SCHEME_QU8:
      CALL(xqnn_create_deconvolution2d_nhwc_qu8(
               n->padding_top, n->padding_right, n->padding_bottom, n->padding_left,
               n->kernel_height, n->kernel_width, n->stride_height, n->stride_width, 1, 1, 1,
               n->group_input_channels, n->group_output_channels, in_stride, out_stride,
               (uint8_t) n->input_zero_point, n->input_scale, (uint8_t) n->kernel_zero_point,
               n->kernel_scale, n->kernel, n->bias, (uint8_t) n->output_zero_point,
               n->output_scale, (uint8_t) n->output_min, (uint8_t) n->output_max, rt->requantization_flags, op),
           "xqnn_create_deconvolution2d_nhwc_qu8");
      CALL(xqnn_reshape_deconvolution2d_nhwc_qu8(*op, n->batch, n->input_height, n->input_width,
                                                 n->adjustment_height, n->adjustment_width, &h, &w,
                                                 rt->threadpool),
           "xqnn_reshape_deconvolution2d_nhwc_qu8");
      break;
    case XQT_SCHEME_QS16_QC8W:
      CALL(xqnn_create_deconvolution2d_nhwc_qs16_qc8w(
               n->padding_top, n->padding_right, n->padding_bottom, n->padding_left,
               n->kernel_height, n->kernel_width, n->stride_height, n->stride_width, 1, 1, 1,
               n->group_input_channels, n->group_output_channels, in_stride, out_stride,
               n->input_scale, n->kernel_scales, n->kernel, n->bias64, n->output_scale,
               (int16_t) n->output_min, (int16_t) n->output_max, 0, op),
           "xqnn_create_deconvolution2d_nhwc_qs16_qc8w");
      CALL(xqnn_reshape_deconvolution2d_nhwc_qs16_qc8w(*op, n->batch, n->input_height,
                                                       n->input_width, n->adjustment_height,
                                                       n->adjustment_width, &h, &w, rt->threadpool),
           "xqnn_reshape_deconvolution2d_nhwc_qs16_qc8w");
      break;
    default:
      return xqt_fail(err, "op %zu: unexpected scheme", n->op_index);
  }
  return check_output_size(rt, n, h, w, err);
}

static bool create_fully_connected(struct xqt_runtime* rt, const struct xqt_node* n,
                                   xqnn_operator_t* op, struct xqt_error* err) {
  const size_t ic = n->input_channels, oc = n->output_channels;
  switch (n->scheme) {
    case XQT_SCHEME_QS8:
      CALL(xqnn_create_fully_connected_nc_qs8(
               ic, oc, ic, oc, (int8_t) n->input_zero_point, n->input_scale, n->kernel_scale,
               n->kernel, n->bias, (int8_t) n->output_zero_point, n->output_scale,
               (int8_t) n->output_min, (int8_t) n->output_max, rt->requantization_flags, op),
           "xqnn_create_fully_connected_nc_qs8");
      CALL(xqnn_reshape_fully_connected_nc_qs8(*op, n->rows, rt->threadpool),
           "xqnn_reshape_fully_connected_nc_qs8");
      return true;
    case XQT_SCHEME_QS8_QC8W:
      CALL(xqnn_create_fully_connected_nc_qs8_qc8w(
               ic, oc, ic, oc, (int8_t) n->input_zero_point, n->input_scale, n->kernel_scales,
               n->kernel, n->bias, (int8_t) n->output_zero_point, n->output_scale,
               (int8_t) n->output_min, (int8_t) n->output_max, rt->requantization_flags, op),
           "xqnn_create_fully_connected_nc_qs8_qc8w");
      CALL(xqnn_reshape_fully_connected_nc_qs8_qc8w(*op, n->rows, rt->threadpool),
           "xqnn_reshape_fully_connected_nc_qs8_qc8w");
      return true;
    case XQT_SCHEME_QU8:
      CALL(xqnn_create_fully_connected_nc_qu8(
               ic, oc, ic, oc, (uint8_t) n->input_zero_point, n->input_scale,
               (uint8_t) n->kernel_zero_point, n->kernel_scale, n->kernel, n->bias,
               (uint8_t) n->output_zero_point, n->output_scale, (uint8_t) n->output_min,
               (uint8_t) n->output_max, rt->requantization_flags, op),
           "xqnn_create_fully_connected_nc_qu8");
      CALL(xqnn_reshape_fully_connected_nc_qu8(*op, n->rows, rt->threadpool),
           "xqnn_reshape_fully_connected_nc_qu8");
      return true;
    case XQT_SCHEME_QS16_QC8W:
      CALL(xqnn_create_fully_connected_nc_qs16_qc8w(
               ic, oc, ic, oc, n->input_scale, n->kernel_scales, n->kernel, n->bias64,
               n->output_scale, (int16_t) n->output_min, (int16_t) n->output_max, 0, op),
           "xqnn_create_fully_connected_nc_qs16_qc8w");
      CALL(xqnn_reshape_fully_connected_nc_qs16_qc8w(*op, n->rows, rt->threadpool),
           "xqnn_reshape_fully_connected_nc_qs16_qc8w");
      return true;
    default:
      return xqt_fail(err, "op %zu: unexpected scheme", n->op_index);
  }
}

static bool create_binary(struct xqt_runtime* rt, const struct xqt_node* n, xqnn_operator_t* op,
                          struct xqt_error* err) {
  const bool add = n->kind == XQT_NODE_ADD;
  if (rt->model->tensors[n->output].type == XQT_TYPE_INT16) {
    if (add) {
      CALL(xqnn_create_add_nd_qs16(n->input_scale, n->input2_scale, n->output_scale,
                                   (int16_t) n->output_min, (int16_t) n->output_max, 0, op),
           "xqnn_create_add_nd_qs16");
      CALL(xqnn_reshape_add_nd_qs16(*op, n->num_dims1, n->dims1, n->num_dims2, n->dims2,
                                    rt->threadpool),
           "xqnn_reshape_add_nd_qs16");
    } else {
      CALL(xqnn_create_multiply_nd_qs16(n->input_scale, n->input2_scale, n->output_scale,
                                        (int16_t) n->output_min, (int16_t) n->output_max, 0, op),
           "xqnn_create_multiply_nd_qs16");
      CALL(xqnn_reshape_multiply_nd_qs16(*op, n->num_dims1, n->dims1, n->num_dims2, n->dims2,
                                         rt->threadpool),
           "xqnn_reshape_multiply_nd_qs16");
    }
  } else if (n->is_signed || rt->model->tensors[n->output].type == XQT_TYPE_INT8) {
    if (add) {
      CALL(xqnn_create_add_nd_qs8((int8_t) n->input_zero_point, n->input_scale,
                                  (int8_t) n->input2_zero_point, n->input2_scale,
                                  (int8_t) n->output_zero_point, n->output_scale,
                                  (int8_t) n->output_min, (int8_t) n->output_max,
                                  rt->requantization_flags, op),
           "xqnn_create_add_nd_qs8");
      CALL(xqnn_reshape_add_nd_qs8(*op, n->num_dims1, n->dims1, n->num_dims2, n->dims2,
                                   rt->threadpool),
           "xqnn_reshape_add_nd_qs8");
    } else {
      CALL(xqnn_create_multiply_nd_qs8((int8_t) n->input_zero_point, n->input_scale,
                                       (int8_t) n->input2_zero_point, n->input2_scale,
                                       (int8_t) n->output_zero_point, n->output_scale,
                                       (int8_t) n->output_min, (int8_t) n->output_max, 0, op),
           "xqnn_create_multiply_nd_qs8");
      CALL(xqnn_reshape_multiply_nd_qs8(*op, n->num_dims1, n->dims1, n->num_dims2, n->dims2,
                                        rt->threadpool),
           "xqnn_reshape_multiply_nd_qs8");
    }
  } else {
    if (add) {
      CALL(xqnn_create_add_nd_qu8((uint8_t) n->input_zero_point, n->input_scale,
                                  (uint8_t) n->input2_zero_point, n->input2_scale,
                                  (uint8_t) n->output_zero_point, n->output_scale,
                                  (uint8_t) n->output_min, (uint8_t) n->output_max,
                                  rt->requantization_flags, op),
           "xqnn_create_add_nd_qu8");
      CALL(xqnn_reshape_add_nd_qu8(*op, n->num_dims1, n->dims1, n->num_dims2, n->dims2,
                                   rt->threadpool),
           "xqnn_reshape_add_nd_qu8");
    } else {
      CALL(xqnn_create_multiply_nd_qu8((uint8_t) n->input_zero_point, n->input_scale,
                                       (uint8_t) n->input2_zero_point, n->input2_scale,
                                       (uint8_t) n->output_zero_point, n->output_scale,
                                       (uint8_t) n->output_min, (uint8_t) n->output_max, 0, op),
           "xqnn_create_multiply_nd_qu8");
      CALL(xqnn_reshape_multiply_nd_qu8(*op, n->num_dims1, n->dims1, n->num_dims2, n->dims2,
                                        rt->threadpool),
           "xqnn_reshape_multiply_nd_qu8");
    }
  }
  return true;
}

// SUB: subtract_nd with the runner's requantization scheme (TFLite's SUB by default).
static bool create_subtract(struct xqt_runtime* rt, const struct xqt_node* n, xqnn_operator_t* op,
                            struct xqt_error* err) {
  if (rt->model->tensors[n->input].type == XQT_TYPE_INT8) {
    CALL(xqnn_create_subtract_nd_qs8((int8_t) n->input_zero_point, n->input_scale,
                                     (int8_t) n->input2_zero_point, n->input2_scale,
                                     (int8_t) n->output_zero_point, n->output_scale,
                                     (int8_t) n->output_min, (int8_t) n->output_max,
                                     rt->requantization_flags, op),
         "xqnn_create_subtract_nd_qs8");
    CALL(xqnn_reshape_subtract_nd_qs8(*op, n->num_dims1, n->dims1, n->num_dims2, n->dims2, rt->threadpool),
         "xqnn_reshape_subtract_nd_qs8");
  } else {
    CALL(xqnn_create_subtract_nd_qu8((uint8_t) n->input_zero_point, n->input_scale,
                                     (uint8_t) n->input2_zero_point, n->input2_scale,
                                     (uint8_t) n->output_zero_point, n->output_scale,
                                     (uint8_t) n->output_min, (uint8_t) n->output_max,
                                     rt->requantization_flags, op),
         "xqnn_create_subtract_nd_qu8");
    CALL(xqnn_reshape_subtract_nd_qu8(*op, n->num_dims1, n->dims1, n->num_dims2, n->dims2, rt->threadpool),
         "xqnn_reshape_subtract_nd_qu8");
  }
  return true;
}

// MAXIMUM / MINIMUM: TFLite compares the stored values (whatever the
// tensors' quantization), and so do maximum_nd / minimum_nd.
static bool create_minmax(struct xqt_runtime* rt, const struct xqt_node* n, xqnn_operator_t* op,
                          struct xqt_error* err) {
  const bool s8 = rt->model->tensors[n->input].type == XQT_TYPE_INT8;
  if (n->kind == XQT_NODE_MAXIMUM) {
    if (s8) {
      CALL(xqnn_create_maximum_nd_s8(0, op), "xqnn_create_maximum_nd_s8");
      CALL(xqnn_reshape_maximum_nd_s8(*op, n->num_dims1, n->dims1, n->num_dims2, n->dims2, rt->threadpool),
           "xqnn_reshape_maximum_nd_s8");
    } else {
      CALL(xqnn_create_maximum_nd_u8(0, op), "xqnn_create_maximum_nd_u8");
      CALL(xqnn_reshape_maximum_nd_u8(*op, n->num_dims1, n->dims1, n->num_dims2, n->dims2, rt->threadpool),
           "xqnn_reshape_maximum_nd_u8");
    }
  } else {
    if (s8) {
      CALL(xqnn_create_minimum_nd_s8(0, op), "xqnn_create_minimum_nd_s8");
      CALL(xqnn_reshape_minimum_nd_s8(*op, n->num_dims1, n->dims1, n->num_dims2, n->dims2, rt->threadpool),
           "xqnn_reshape_minimum_nd_s8");
    } else {
      CALL(xqnn_create_minimum_nd_u8(0, op), "xqnn_create_minimum_nd_u8");
      CALL(xqnn_reshape_minimum_nd_u8(*op, n->num_dims1, n->dims1, n->num_dims2, n->dims2, rt->threadpool),
           "xqnn_reshape_minimum_nd_u8");
    }
  }
  return true;
}

static bool create_global_average_pooling(struct xqt_runtime* rt, const struct xqt_node* n,
                                          xqnn_operator_t* op, struct xqt_error* err) {
  if (rt->model->tensors[n->input].type == XQT_TYPE_INT8) {
    CALL(xqnn_create_global_average_pooling_nwc_qs8(
             (int8_t) n->input_zero_point, n->input_scale, (int8_t) n->output_zero_point,
             n->output_scale, (int8_t) n->output_min, (int8_t) n->output_max, 0, op),
         "xqnn_create_global_average_pooling_nwc_qs8");
    CALL(xqnn_reshape_global_average_pooling_nwc_qs8(*op, n->batch, n->rows, n->channels,
                                                     n->channels, n->channels, rt->threadpool),
         "xqnn_reshape_global_average_pooling_nwc_qs8");
  } else {
    CALL(xqnn_create_global_average_pooling_nwc_qu8(
             (uint8_t) n->input_zero_point, n->input_scale, (uint8_t) n->output_zero_point,
             n->output_scale, (uint8_t) n->output_min, (uint8_t) n->output_max, 0, op),
         "xqnn_create_global_average_pooling_nwc_qu8");
    CALL(xqnn_reshape_global_average_pooling_nwc_qu8(*op, n->batch, n->rows, n->channels,
                                                     n->channels, n->channels, rt->threadpool),
         "xqnn_reshape_global_average_pooling_nwc_qu8");
  }
  return true;
}

static bool create_max_pooling(struct xqt_runtime* rt, const struct xqt_node* n, xqnn_operator_t* op,
                               struct xqt_error* err) {
  const size_t c = n->channels;
  size_t h = 0, w = 0;
  if (n->is_signed) {
    CALL(xqnn_create_max_pooling2d_nhwc_s8(0, 0, 0, 0, n->kernel_height, n->kernel_width, n->stride_height,
                                           n->stride_width, 1, 1, c, c, c, (int8_t) n->output_min,
                                           (int8_t) n->output_max, n->flags, op),
         "xqnn_create_max_pooling2d_nhwc_s8");
    CALL(xqnn_reshape_max_pooling2d_nhwc_s8(*op, n->batch, n->input_height, n->input_width, &h, &w,
                                            rt->threadpool),
         "xqnn_reshape_max_pooling2d_nhwc_s8");
  } else {
    CALL(xqnn_create_max_pooling2d_nhwc_u8(0, 0, 0, 0, n->kernel_height, n->kernel_width, n->stride_height,
                                           n->stride_width, 1, 1, c, c, c, (uint8_t) n->output_min,
                                           (uint8_t) n->output_max, n->flags, op),
         "xqnn_create_max_pooling2d_nhwc_u8");
    CALL(xqnn_reshape_max_pooling2d_nhwc_u8(*op, n->batch, n->input_height, n->input_width, &h, &w,
                                            rt->threadpool),
         "xqnn_reshape_max_pooling2d_nhwc_u8");
  }
  return check_output_size(rt, n, h, w, err);
}

// AVERAGE_POOL_2D with TFLite's rounding on stored values: the output is
// quantized as the input (graph-pooling.c), so the input's scale and zero point serve both.
static bool create_average_pooling(struct xqt_runtime* rt, const struct xqt_node* n, xqnn_operator_t* op,
                                   struct xqt_error* err) {
  const size_t c = n->channels;
  const uint32_t flags = n->flags | XQNN_FLAG_TFLITE_REQUANTIZATION;
  size_t h = 0, w = 0;
  if (n->is_signed) {
    CALL(xqnn_create_average_pooling2d_nhwc_qs8(
             0, 0, 0, 0, n->kernel_height, n->kernel_width, n->stride_height, n->stride_width, c, c, c,
             (int8_t) n->input_zero_point, n->input_scale, (int8_t) n->input_zero_point, n->input_scale,
             (int8_t) n->output_min, (int8_t) n->output_max, flags, op),
         "xqnn_create_average_pooling2d_nhwc_qs8");
    CALL(xqnn_reshape_average_pooling2d_nhwc_qs8(*op, n->batch, n->input_height, n->input_width, &h, &w,
                                                 rt->threadpool),
         "xqnn_reshape_average_pooling2d_nhwc_qs8");
  } else {
    CALL(xqnn_create_average_pooling2d_nhwc_qu8(
             0, 0, 0, 0, n->kernel_height, n->kernel_width, n->stride_height, n->stride_width, c, c, c,
             (uint8_t) n->input_zero_point, n->input_scale, (uint8_t) n->input_zero_point, n->input_scale,
             (uint8_t) n->output_min, (uint8_t) n->output_max, flags, op),
         "xqnn_create_average_pooling2d_nhwc_qu8");
    CALL(xqnn_reshape_average_pooling2d_nhwc_qu8(*op, n->batch, n->input_height, n->input_width, &h, &w,
                                                 rt->threadpool),
         "xqnn_reshape_average_pooling2d_nhwc_qu8");
  }
  return check_output_size(rt, n, h, w, err);
}

static bool create_resize(struct xqt_runtime* rt, const struct xqt_node* n, xqnn_operator_t* op,
                          struct xqt_error* err) {
  const size_t c = n->channels;
  if (n->kind == XQT_NODE_RESIZE_NEAREST) {
    CALL(xqnn_create_resize_nearest_neighbor2d_nhwc_x8(n->output_height, n->output_width, c, c, c, n->flags, op),
         "xqnn_create_resize_nearest_neighbor2d_nhwc_x8");
    CALL(xqnn_reshape_resize_nearest_neighbor2d_nhwc_x8(*op, n->batch, n->input_height, n->input_width,
                                                        rt->threadpool),
         "xqnn_reshape_resize_nearest_neighbor2d_nhwc_x8");
  } else if (n->is_signed) {
    CALL(xqnn_create_resize_bilinear2d_nhwc_s8(n->output_height, n->output_width, c, c, c, n->flags, op),
         "xqnn_create_resize_bilinear2d_nhwc_s8");
    CALL(xqnn_reshape_resize_bilinear2d_nhwc_s8(*op, n->batch, n->input_height, n->input_width, rt->threadpool),
         "xqnn_reshape_resize_bilinear2d_nhwc_s8");
  } else {
    CALL(xqnn_create_resize_bilinear2d_nhwc_u8(n->output_height, n->output_width, c, c, c, n->flags, op),
         "xqnn_create_resize_bilinear2d_nhwc_u8");
    CALL(xqnn_reshape_resize_bilinear2d_nhwc_u8(*op, n->batch, n->input_height, n->input_width, rt->threadpool),
         "xqnn_reshape_resize_bilinear2d_nhwc_u8");
  }
  return true;
}

static bool create_pad(struct xqt_runtime* rt, const struct xqt_node* n, xqnn_operator_t* op,
                       struct xqt_error* err) {
  if (n->reflect) {
    CALL(xqnn_create_reflect_pad_nd_x8(n->symmetric ? XQNN_FLAG_SYMMETRIC_PADDING : 0, op),
         "xqnn_create_reflect_pad_nd_x8");
    CALL(xqnn_reshape_reflect_pad_nd_x8(*op, n->num_dims1, n->dims1, n->pre_paddings, n->post_paddings,
                                        rt->threadpool),
         "xqnn_reshape_reflect_pad_nd_x8");
  } else {
    CALL(xqnn_create_constant_pad_nd_x8(&n->pad_value, 0, op), "xqnn_create_constant_pad_nd_x8");
    CALL(xqnn_reshape_constant_pad_nd_x8(*op, n->num_dims1, n->dims1, n->pre_paddings, n->post_paddings,
                                         rt->threadpool),
         "xqnn_reshape_constant_pad_nd_x8");
  }
  return true;
}

// LOGISTIC, TANH, HARD_SWISH, LEAKY_RELU: the table graph-elementwise.c computed.
static bool create_lut(struct xqt_runtime* rt, const struct xqt_node* n, xqnn_operator_t* op,
                       struct xqt_error* err) {
  const size_t c = n->channels;
  CALL(xqnn_create_lut_elementwise_nc_x8(c, c, c, n->table, 0, op), "xqnn_create_lut_elementwise_nc_x8");
  CALL(xqnn_reshape_lut_elementwise_nc_x8(*op, n->rows, rt->threadpool), "xqnn_reshape_lut_elementwise_nc_x8");
  return true;
}

static bool create_convert(struct xqt_runtime* rt, const struct xqt_node* n, xqnn_operator_t* op,
                           struct xqt_error* err) {
  const size_t c = n->channels;
  if (n->int16) {
    return true;  // the runner converts (run_node)
  }
  if (n->kind == XQT_NODE_CONVERT_F32_TO_Q) {
    if (n->output_signed) {
      CALL(xqnn_create_convert_nc_f32_qs8(n->output_scale, (int8_t) n->output_zero_point,
                                          (int8_t) n->output_min, (int8_t) n->output_max, 0, op),
           "xqnn_create_convert_nc_f32_qs8");
      CALL(xqnn_reshape_convert_nc_f32_qs8(*op, n->rows, c, c, c, rt->threadpool),
           "xqnn_reshape_convert_nc_f32_qs8");
    } else {
      CALL(xqnn_create_convert_nc_f32_qu8(n->output_scale, (uint8_t) n->output_zero_point,
                                          (uint8_t) n->output_min, (uint8_t) n->output_max, 0, op),
           "xqnn_create_convert_nc_f32_qu8");
      CALL(xqnn_reshape_convert_nc_f32_qu8(*op, n->rows, c, c, c, rt->threadpool),
           "xqnn_reshape_convert_nc_f32_qu8");
    }
  } else if (n->is_signed) {
    CALL(xqnn_create_convert_nc_qs8_f32(n->input_scale, (int8_t) n->input_zero_point, 0, op),
         "xqnn_create_convert_nc_qs8_f32");
    CALL(xqnn_reshape_convert_nc_qs8_f32(*op, n->rows, c, c, c, rt->threadpool),
         "xqnn_reshape_convert_nc_qs8_f32");
  } else {
    CALL(xqnn_create_convert_nc_qu8_f32(n->input_scale, (uint8_t) n->input_zero_point, 0, op),
         "xqnn_create_convert_nc_qu8_f32");
    CALL(xqnn_reshape_convert_nc_qu8_f32(*op, n->rows, c, c, c, rt->threadpool),
         "xqnn_reshape_convert_nc_qu8_f32");
  }
  return true;
}

// SLICE / STRIDED_SLICE, TRANSPOSE, SPLIT / SPLIT_V and CONCATENATION of
// equally quantized inputs: the byte copies (graph-copy.c put wider elements'
// bytes in an innermost dimension).
static bool create_copy(struct xqt_runtime* rt, const struct xqt_node* n, xqnn_operator_t* op,
                        struct xqt_error* err) {
  const struct xqt_model* m = rt->model;
  const struct xqt_op* model_op = &m->ops[n->op_index];
  switch (n->kind) {
    case XQT_NODE_SLICE:
      CALL(xqnn_create_slice_nd_x8(0, op), "xqnn_create_slice_nd_x8");
      CALL(xqnn_reshape_strided_slice_nd_x8(*op, n->num_copy_dims, n->copy_dims, n->slice_offsets, n->slice_strides,
                                            n->slice_sizes, rt->threadpool),
           "xqnn_reshape_strided_slice_nd_x8");
      return true;
    case XQT_NODE_TRANSPOSE:
      CALL(xqnn_create_transpose_nd_x8(0, op), "xqnn_create_transpose_nd_x8");
      CALL(xqnn_reshape_transpose_nd_x8(*op, n->num_copy_dims, n->copy_dims, n->perm, rt->threadpool),
           "xqnn_reshape_transpose_nd_x8");
      return true;
    case XQT_NODE_SPLIT: {
      size_t* sizes = calloc(model_op->num_outputs, sizeof(size_t));
      if (sizes == NULL) {
        return xqt_fail(err, "op %zu: out of memory", n->op_index);
      }
      for (size_t i = 0; i < model_op->num_outputs; i++) sizes[i] = m->tensors[model_op->outputs[i]].dims[n->axis];
      const enum xqnn_status created = xqnn_create_split_nd_x8(0, op);
      const enum xqnn_status status =
          created != xqnn_status_success
              ? created
              : xqnn_reshape_split_nd_x8(*op, model_op->num_outputs, n->num_copy_dims, n->copy_dims, n->axis, sizes,
                                         rt->threadpool);
      free(sizes);
      CALL(status, "xqnn_create / reshape_split_nd_x8");
      return true;
    }
    default: {  // XQT_NODE_CONCATENATION with copy_only
      const size_t** shapes = calloc(model_op->num_inputs, sizeof(size_t*));
      if (shapes == NULL) {
        return xqt_fail(err, "op %zu: out of memory", n->op_index);
      }
      for (size_t i = 0; i < model_op->num_inputs; i++) shapes[i] = m->tensors[model_op->inputs[i]].dims;
      const enum xqnn_status created = xqnn_create_concatenate_nd_x8(0, op);
      const enum xqnn_status status =
          created != xqnn_status_success
              ? created
              : xqnn_reshape_concatenate_nd_x8(*op, model_op->num_inputs, m->tensors[n->output].num_dims, shapes,
                                               n->axis, rt->threadpool);
      free(shapes);
      CALL(status, "xqnn_create / reshape_concatenate_nd_x8");
      return true;
    }
  }
}

// QUANTIZE int8/uint8 -> int8/uint8: a function of the input byte, so its 256
// values (xqt_requantize's arithmetic) become a lookup table.
static bool create_requantize(struct xqt_runtime* rt, const struct xqt_node* n, xqnn_operator_t* op,
                              struct xqt_error* err) {
  const struct xqt_requantization r = {
      .input_signed = n->is_signed,
      .output_signed = n->output_signed,
      .input_zero_point = n->input_zero_point,
      .output_zero_point = n->output_zero_point,
      .multiplier = (double) n->input_scale / (double) n->output_scale,
      .identity_scale = n->input_scale == n->output_scale,
      .output_min = n->output_min,
      .output_max = n->output_max,
  };
  uint8_t bytes[256], table[256];
  for (size_t i = 0; i < 256; i++) bytes[i] = (uint8_t) i;
  xqt_requantize(&r, 256, bytes, table);
  const size_t c = n->channels;
  CALL(xqnn_create_lut_elementwise_nc_x8(c, c, c, table, 0, op), "xqnn_create_lut_elementwise_nc_x8");
  CALL(xqnn_reshape_lut_elementwise_nc_x8(*op, n->rows, rt->threadpool), "xqnn_reshape_lut_elementwise_nc_x8");
  return true;
}

static bool create_node(struct xqt_runtime* rt, const struct xqt_node* n, xqnn_operator_t* op,
                        struct xqt_error* err) {
  switch (n->kind) {
    case XQT_NODE_CONVOLUTION: return create_convolution(rt, n, op, err);
    case XQT_NODE_DECONVOLUTION: return create_deconvolution(rt, n, op, err);
    case XQT_NODE_FULLY_CONNECTED: return create_fully_connected(rt, n, op, err);
    case XQT_NODE_ADD:
    case XQT_NODE_MULTIPLY: return create_binary(rt, n, op, err);
    case XQT_NODE_SUBTRACT: return create_subtract(rt, n, op, err);
    case XQT_NODE_MAXIMUM:
    case XQT_NODE_MINIMUM: return create_minmax(rt, n, op, err);
    case XQT_NODE_GLOBAL_AVERAGE_POOLING: return create_global_average_pooling(rt, n, op, err);
    case XQT_NODE_MAX_POOLING: return create_max_pooling(rt, n, op, err);
    case XQT_NODE_AVERAGE_POOLING: return create_average_pooling(rt, n, op, err);
    case XQT_NODE_RESIZE_BILINEAR:
    case XQT_NODE_RESIZE_NEAREST: return create_resize(rt, n, op, err);
    case XQT_NODE_PAD: return create_pad(rt, n, op, err);
    case XQT_NODE_LUT: return create_lut(rt, n, op, err);
    case XQT_NODE_REQUANTIZE: return create_requantize(rt, n, op, err);
    case XQT_NODE_CONVERT_F32_TO_Q:
    case XQT_NODE_CONVERT_Q_TO_F32: return create_convert(rt, n, op, err);
    case XQT_NODE_SLICE:
    case XQT_NODE_TRANSPOSE:
    case XQT_NODE_SPLIT: return create_copy(rt, n, op, err);
    case XQT_NODE_CONCATENATION: return n->copy_only ? create_copy(rt, n, op, err) : true;
    default: return true;  // computed by the runner
  }
}

static bool setup_node(struct xqt_runtime* rt, const struct xqt_node* n, xqnn_operator_t op,
                       struct xqt_error* err) {
  if (op == NULL) {
    return true;
  }
  const void* in = rt->tensor_data[n->input];
  const void* in2 = n->input2 >= 0 ? rt->tensor_data[n->input2] : NULL;
  void* out = rt->tensor_data[n->output];
  const bool s8 = rt->model->tensors[n->input].type == XQT_TYPE_INT8;
  const bool s16 = rt->model->tensors[n->input].type == XQT_TYPE_INT16;
  switch (n->kind) {
    case XQT_NODE_CONVOLUTION:
      if (n->scheme == XQT_SCHEME_QS16_QC8W) {
        CALL(xqnn_setup_convolution2d_nhwc_qs16_qc8w(op, in, out), "xqnn_setup_convolution2d_nhwc_qs16_qc8w");
      } else if (n->scheme == XQT_SCHEME_QS8) {
        CALL(xqnn_setup_convolution2d_nhwc_qs8(op, in, out), "xqnn_setup_convolution2d_nhwc_qs8");
      } else if (n->scheme == XQT_SCHEME_QS8_QC8W) {
        CALL(xqnn_setup_convolution2d_nhwc_qs8_qc8w(op, in, out),
             "xqnn_setup_convolution2d_nhwc_qs8_qc8w");
      } else {
        CALL(xqnn_setup_convolution2d_nhwc_qu8(op, in, out), "xqnn_setup_convolution2d_nhwc_qu8");
      }
      return true;
    case XQT_NODE_DECONVOLUTION:
      if (n->scheme == XQT_SCHEME_QS16_QC8W) {
        CALL(xqnn_setup_deconvolution2d_nhwc_qs16_qc8w(op, in, out), "xqnn_setup_deconvolution2d_nhwc_qs16_qc8w");
      } else if (n->scheme == XQT_SCHEME_QS8) {
        CALL(xqnn_setup_deconvolution2d_nhwc_qs8(op, in, out), "xqnn_setup_deconvolution2d_nhwc_qs8");
      } else if (n->scheme == XQT_SCHEME_QS8_QC8W) {
        CALL(xqnn_setup_deconvolution2d_nhwc_qs8_qc8w(op, in, out),
             "xqnn_setup_deconvolution2d_nhwc_qs8_qc8w");
      } else {
        CALL(xqnn_setup_deconvolution2d_nhwc_qu8(op, in, out), "xqnn_setup_deconvolution2d_nhwc_qu8");
      }
      return true;
    case XQT_NODE_FULLY_CONNECTED:
      if (n->scheme == XQT_SCHEME_QS16_QC8W) {
        CALL(xqnn_setup_fully_connected_nc_qs16_qc8w(op, in, out), "xqnn_setup_fully_connected_nc_qs16_qc8w");
      } else if (n->scheme == XQT_SCHEME_QS8) {
        CALL(xqnn_setup_fully_connected_nc_qs8(op, in, out), "xqnn_setup_fully_connected_nc_qs8");
      } else if (n->scheme == XQT_SCHEME_QS8_QC8W) {
        CALL(xqnn_setup_fully_connected_nc_qs8_qc8w(op, in, out),
             "xqnn_setup_fully_connected_nc_qs8_qc8w");
      } else {
        CALL(xqnn_setup_fully_connected_nc_qu8(op, in, out), "xqnn_setup_fully_connected_nc_qu8");
      }
      return true;
    case XQT_NODE_ADD:
      if (s16) {
        CALL(xqnn_setup_add_nd_qs16(op, in, in2, out), "xqnn_setup_add_nd_qs16");
      } else if (s8) {
        CALL(xqnn_setup_add_nd_qs8(op, in, in2, out), "xqnn_setup_add_nd_qs8");
      } else {
        CALL(xqnn_setup_add_nd_qu8(op, in, in2, out), "xqnn_setup_add_nd_qu8");
      }
      return true;
    case XQT_NODE_MULTIPLY:
      if (s16) {
        CALL(xqnn_setup_multiply_nd_qs16(op, in, in2, out), "xqnn_setup_multiply_nd_qs16");
      } else if (s8) {
        CALL(xqnn_setup_multiply_nd_qs8(op, in, in2, out), "xqnn_setup_multiply_nd_qs8");
      } else {
        CALL(xqnn_setup_multiply_nd_qu8(op, in, in2, out), "xqnn_setup_multiply_nd_qu8");
      }
      return true;
    case XQT_NODE_SUBTRACT:
      if (s8) {
        CALL(xqnn_setup_subtract_nd_qs8(op, in, in2, out), "xqnn_setup_subtract_nd_qs8");
      } else {
        CALL(xqnn_setup_subtract_nd_qu8(op, in, in2, out), "xqnn_setup_subtract_nd_qu8");
      }
      return true;
    case XQT_NODE_MAXIMUM:
      if (s8) {
        CALL(xqnn_setup_maximum_nd_s8(op, in, in2, out), "xqnn_setup_maximum_nd_s8");
      } else {
        CALL(xqnn_setup_maximum_nd_u8(op, in, in2, out), "xqnn_setup_maximum_nd_u8");
      }
      return true;
    case XQT_NODE_MINIMUM:
      if (s8) {
        CALL(xqnn_setup_minimum_nd_s8(op, in, in2, out), "xqnn_setup_minimum_nd_s8");
      } else {
        CALL(xqnn_setup_minimum_nd_u8(op, in, in2, out), "xqnn_setup_minimum_nd_u8");
      }
      return true;
    case XQT_NODE_GLOBAL_AVERAGE_POOLING:
      if (s8) {
        CALL(xqnn_setup_global_average_pooling_nwc_qs8(op, in, out),
             "xqnn_setup_global_average_pooling_nwc_qs8");
      } else {
        CALL(xqnn_setup_global_average_pooling_nwc_qu8(op, in, out),
             "xqnn_setup_global_average_pooling_nwc_qu8");
      }
      return true;
    case XQT_NODE_MAX_POOLING:
      if (s8) {
        CALL(xqnn_setup_max_pooling2d_nhwc_s8(op, in, out), "xqnn_setup_max_pooling2d_nhwc_s8");
      } else {
        CALL(xqnn_setup_max_pooling2d_nhwc_u8(op, in, out), "xqnn_setup_max_pooling2d_nhwc_u8");
      }
      return true;
    case XQT_NODE_AVERAGE_POOLING:
      if (s8) {
        CALL(xqnn_setup_average_pooling2d_nhwc_qs8(op, in, out), "xqnn_setup_average_pooling2d_nhwc_qs8");
      } else {
        CALL(xqnn_setup_average_pooling2d_nhwc_qu8(op, in, out), "xqnn_setup_average_pooling2d_nhwc_qu8");
      }
      return true;
    case XQT_NODE_RESIZE_BILINEAR:
      if (s8) {
        CALL(xqnn_setup_resize_bilinear2d_nhwc_s8(op, in, out), "xqnn_setup_resize_bilinear2d_nhwc_s8");
      } else {
        CALL(xqnn_setup_resize_bilinear2d_nhwc_u8(op, in, out), "xqnn_setup_resize_bilinear2d_nhwc_u8");
      }
      return true;
    case XQT_NODE_RESIZE_NEAREST:
      CALL(xqnn_setup_resize_nearest_neighbor2d_nhwc_x8(op, in, out), "xqnn_setup_resize_nearest_neighbor2d_nhwc_x8");
      return true;
    case XQT_NODE_PAD:
      if (n->reflect) {
        CALL(xqnn_setup_reflect_pad_nd_x8(op, in, out), "xqnn_setup_reflect_pad_nd_x8");
      } else {
        CALL(xqnn_setup_constant_pad_nd_x8(op, in, out), "xqnn_setup_constant_pad_nd_x8");
      }
      return true;
    case XQT_NODE_LUT:
    case XQT_NODE_REQUANTIZE:
      CALL(xqnn_setup_lut_elementwise_nc_x8(op, in, out), "xqnn_setup_lut_elementwise_nc_x8");
      return true;
    case XQT_NODE_SLICE:
      CALL(xqnn_setup_slice_nd_x8(op, in, out), "xqnn_setup_slice_nd_x8");
      return true;
    case XQT_NODE_TRANSPOSE:
      CALL(xqnn_setup_transpose_nd_x8(op, in, out), "xqnn_setup_transpose_nd_x8");
      return true;
    case XQT_NODE_SPLIT:
    case XQT_NODE_CONCATENATION: {
      // The operator keeps its own copy of the pointers: a temporary list.
      const struct xqt_op* model_op = &rt->model->ops[n->op_index];
      const bool split = n->kind == XQT_NODE_SPLIT;
      const size_t count = split ? model_op->num_outputs : model_op->num_inputs;
      const int32_t* tensors = split ? model_op->outputs : model_op->inputs;
      void** parts = calloc(count, sizeof(void*));
      if (parts == NULL) {
        return xqt_fail(err, "op %zu: out of memory", n->op_index);
      }
      for (size_t i = 0; i < count; i++) parts[i] = rt->tensor_data[tensors[i]];
      const enum xqnn_status status = split ? xqnn_setup_split_nd_x8(op, in, parts)
                                            : xqnn_setup_concatenate_nd_x8(op, (const void* const*) parts, out);
      free(parts);
      CALL(status, split ? "xqnn_setup_split_nd_x8" : "xqnn_setup_concatenate_nd_x8");
      return true;
    }
    case XQT_NODE_CONVERT_F32_TO_Q:
      if (n->output_signed) {
        CALL(xqnn_setup_convert_nc_f32_qs8(op, in, out), "xqnn_setup_convert_nc_f32_qs8");
      } else {
        CALL(xqnn_setup_convert_nc_f32_qu8(op, in, out), "xqnn_setup_convert_nc_f32_qu8");
      }
      return true;
    case XQT_NODE_CONVERT_Q_TO_F32:
      if (n->is_signed) {
        CALL(xqnn_setup_convert_nc_qs8_f32(op, in, out), "xqnn_setup_convert_nc_qs8_f32");
      } else {
        CALL(xqnn_setup_convert_nc_qu8_f32(op, in, out), "xqnn_setup_convert_nc_qu8_f32");
      }
      return true;
    default:
      return true;
  }
}

// Extends the lifetime of the buffer holding tensor `t` to op `op_index`.
static void touch(const struct xqt_graph* g, const struct xqt_model* m,
                  struct xqt_buffer_request* requests, bool* used, int32_t t, size_t op_index) {
  const int32_t root = g->storage[t];
  if (root < 0) {
    return;  // constant
  }
  struct xqt_buffer_request* r = &requests[root];
  used[root] = true;
  r->size = m->tensors[root].size_bytes;
  if (op_index < r->first) {
    r->first = op_index;
  }
  if (op_index > r->last) {
    r->last = op_index;
  }
}

// Plans the arena: one buffer per storage root (RESHAPE/SQUEEZE outputs share
// their input's root), alive from the op producing it (0 for model inputs) to
// the last op reading it (the end for model outputs).
static bool plan(struct xqt_runtime* rt, bool no_reuse, struct xqt_error* err) {
  const struct xqt_model* m = rt->model;
  const struct xqt_graph* g = rt->graph;
  const size_t nt = m->num_tensors;
  const size_t end = m->num_ops;  // "after the last op"
  struct xqt_buffer_request* requests = calloc(nt + 1, sizeof(*requests));
  bool* used = calloc(nt + 1, sizeof(bool));
  size_t* offsets = calloc(nt + 1, sizeof(size_t));
  bool ok = requests != NULL && used != NULL && offsets != NULL;
  if (!ok) {
    xqt_fail(err, "runtime: out of memory");
  }
  for (size_t t = 0; ok && t < nt; t++) {
    requests[t].first = SIZE_MAX;
    requests[t].last = 0;
  }
  for (size_t i = 0; ok && i < m->num_inputs; i++) {
    touch(g, m, requests, used, m->inputs[i], 0);
  }
  for (size_t i = 0; ok && i < m->num_ops; i++) {
    const struct xqt_op* op = &m->ops[i];
    for (size_t j = 0; j < op->num_inputs; j++) {
      if (op->inputs[j] >= 0) {
        touch(g, m, requests, used, op->inputs[j], i);
      }
    }
    for (size_t j = 0; j < op->num_outputs; j++) {
      touch(g, m, requests, used, op->outputs[j], i);
    }
  }
  for (size_t i = 0; ok && i < m->num_outputs; i++) {
    touch(g, m, requests, used, m->outputs[i], end);
  }
  // Compact the used roots into a request list.
  size_t count = 0;
  size_t* roots = ok ? calloc(nt + 1, sizeof(size_t)) : NULL;
  struct xqt_buffer_request* list = ok ? calloc(nt + 1, sizeof(*list)) : NULL;
  if (ok && (roots == NULL || list == NULL)) {
    ok = xqt_fail(err, "runtime: out of memory");
  }
  for (size_t t = 0; ok && t < nt; t++) {
    if (used[t]) {
      list[count] = requests[t];
      if (no_reuse) {
        list[count].first = 0;
        list[count].last = end;
      }
      rt->unplanned_size += requests[t].size;
      roots[count++] = t;
    }
  }
  if (ok && !xqt_plan_memory(count, list, 64, offsets, &rt->arena_size)) {
    ok = xqt_fail(err, "runtime: memory plan failed (out of memory)");
  }
  if (ok) {
    // Operators may read XQNN_EXTRA_BYTES past an input's end.
    const size_t bytes = (rt->arena_size + XQNN_EXTRA_BYTES + 63) & ~(size_t) 63;
    rt->arena = aligned_alloc(64, bytes);
    if (rt->arena == NULL) {
      ok = xqt_fail(err, "runtime: cannot allocate the %zu-byte arena", bytes);
    } else {
      memset(rt->arena, 0, bytes);
    }
  }
  for (size_t k = 0; ok && k < count; k++) {
    rt->tensor_data[roots[k]] = rt->arena + offsets[k];
  }
  for (size_t t = 0; ok && t < nt; t++) {
    if (m->tensors[t].data != NULL) {
      rt->tensor_data[t] = (void*) m->tensors[t].data;  // never written: ops only read constants
    } else if (g->storage[t] >= 0 && used[g->storage[t]]) {
      rt->tensor_data[t] = rt->tensor_data[g->storage[t]];
    }
  }
  free(requests);
  free(used);
  free(offsets);
  free(roots);
  free(list);
  return ok;
}

void xqt_runtime_free(struct xqt_runtime* rt) {
  if (rt == NULL) {
    return;
  }
  if (rt->ops != NULL) {
    for (size_t i = 0; i < rt->graph->num_nodes; i++) {
      xqnn_delete_operator(rt->ops[i]);
    }
  }
  free(rt->ops);
  free(rt->tensor_data);
  free(rt->arena);
  xqt_graph_free(rt->graph);
  free(rt);
}

struct xqt_runtime* xqt_runtime_create(const struct xqt_model* model, pthreadpool_t threadpool,
                                       const struct xqt_runtime_options* options,
                                       struct xqt_error* err) {
  struct xqt_graph* graph = xqt_graph_build(model, err);
  if (graph == NULL) {
    return NULL;
  }
  struct xqt_runtime* rt = calloc(1, sizeof(struct xqt_runtime));
  if (rt == NULL) {
    xqt_graph_free(graph);
    xqt_fail(err, "runtime: out of memory");
    return NULL;
  }
  rt->model = model;
  rt->graph = graph;
  rt->threadpool = threadpool;
  rt->requantization_flags =
      options != NULL && options->fp32_requantization ? 0 : XQNN_FLAG_TFLITE_REQUANTIZATION;
  rt->ops = calloc(graph->num_nodes + 1, sizeof(xqnn_operator_t));
  rt->tensor_data = calloc(model->num_tensors + 1, sizeof(void*));
  bool ok = rt->ops != NULL && rt->tensor_data != NULL;
  if (!ok) {
    xqt_fail(err, "runtime: out of memory");
  }
  if (ok) {
    const enum xqnn_status status = xqnn_initialize();
    if (status != xqnn_status_success) {
      ok = xqt_fail(err, "xqnn_initialize failed: %s", xqnn_status_string(status));
    }
  }
  for (size_t i = 0; ok && i < graph->num_nodes; i++) {
    ok = create_node(rt, &graph->nodes[i], &rt->ops[i], err);
  }
  ok = ok && plan(rt, options != NULL && options->no_memory_reuse, err);
  for (size_t i = 0; ok && i < graph->num_nodes; i++) {
    ok = setup_node(rt, &graph->nodes[i], rt->ops[i], err);
  }
  if (!ok) {
    xqt_runtime_free(rt);
    return NULL;
  }
  return rt;
}

void* xqt_runtime_tensor(struct xqt_runtime* rt, size_t index) {
  return index < rt->model->num_tensors ? rt->tensor_data[index] : NULL;
}

size_t xqt_runtime_arena_size(const struct xqt_runtime* rt) { return rt->arena_size; }
size_t xqt_runtime_unplanned_size(const struct xqt_runtime* rt) { return rt->unplanned_size; }

static void run_concatenation(struct xqt_runtime* rt, const struct xqt_node* n) {
  const struct xqt_model* m = rt->model;
  const struct xqt_op* op = &m->ops[n->op_index];
  const struct xqt_tensor* out = &m->tensors[n->output];
  size_t outer = 1, inner = 1;
  for (size_t d = 0; d < n->axis; d++) {
    outer *= out->dims[d];
  }
  for (size_t d = n->axis + 1; d < out->num_dims; d++) {
    inner *= out->dims[d];
  }
  const size_t out_row = out->dims[n->axis] * inner;
  uint8_t* out_data = rt->tensor_data[n->output];
  size_t offset = 0;  // elements (= bytes: int8 / uint8) into an output row
  for (size_t i = 0; i < op->num_inputs; i++) {
    const struct xqt_tensor* t = &m->tensors[op->inputs[i]];
    const uint8_t* in_data = rt->tensor_data[op->inputs[i]];
    const size_t chunk = t->dims[n->axis] * inner;
    struct xqt_requantization r = {
        .input_signed = n->is_signed,
        .output_signed = n->is_signed,
        .input_zero_point = (int32_t) t->zero_points[0],
        .output_zero_point = n->output_zero_point,
        .multiplier = (double) t->scales[0] / (double) n->output_scale,
        .identity_scale = t->scales[0] == n->output_scale,
        .output_min = n->output_min,
        .output_max = n->output_max,
    };
    for (size_t o = 0; o < outer; o++) {
      xqt_requantize(&r, chunk, in_data + o * chunk, out_data + o * out_row + offset);
    }
    offset += chunk;
  }
}

static struct xqt_detection_input detection_input(const struct xqt_runtime* rt, int32_t index) {
  const struct xqt_tensor* t = &rt->model->tensors[index];
  const bool quantized = t->type == XQT_TYPE_UINT8;
  return (struct xqt_detection_input){
      .data = rt->tensor_data[index],
      .quantized = quantized,
      .scale = quantized ? t->scales[0] : 0.0f,
      .zero_point = quantized ? (int32_t) t->zero_points[0] : 0,
  };
}

static bool run_detection(struct xqt_runtime* rt, const struct xqt_node* n, struct xqt_error* err) {
  const struct xqt_op* op = &rt->model->ops[n->op_index];
  const struct xqt_detection_input boxes = detection_input(rt, op->inputs[0]);
  const struct xqt_detection_input scores = detection_input(rt, op->inputs[1]);
  const struct xqt_detection_input anchors = detection_input(rt, op->inputs[2]);
  void* scratch = malloc(xqt_detection_scratch_size(&n->detection_shape));
  if (scratch == NULL) {
    return xqt_fail(err, "op %zu: out of memory", n->op_index);
  }
  xqt_detection_run(&n->detection, &n->detection_shape, &boxes, &scores, &anchors, scratch,
                    rt->tensor_data[op->outputs[0]], rt->tensor_data[op->outputs[1]],
                    rt->tensor_data[op->outputs[2]], rt->tensor_data[op->outputs[3]]);
  free(scratch);
  return true;
}

static bool run_node(struct xqt_runtime* rt, size_t i, struct xqt_error* err) {
  const struct xqt_node* n = &rt->graph->nodes[i];
  if (rt->ops[i] != NULL) {
    const enum xqnn_status status = xqnn_run_operator(rt->ops[i], rt->threadpool);
    if (status != xqnn_status_success) {
      return status_fail(rt, n, "xqnn_run_operator", status, err);
    }
    return true;
  }
  const void* in = rt->tensor_data[n->input];
  void* out = rt->tensor_data[n->output];
  switch (n->kind) {
    case XQT_NODE_SOFTMAX:
      if (n->scheme == XQT_SCHEME_F32) {
        xqt_softmax_f32(n->rows, n->channels, n->beta, in, out);
      } else {
        xqt_softmax_q(n->rows, n->channels, n->beta, n->is_signed, n->input_scale,
                      n->input_zero_point, n->output_signed, n->output_scale,
                      n->output_zero_point, in, out);
      }
      return true;
    case XQT_NODE_CONCATENATION:
      run_concatenation(rt, n);
      return true;
    case XQT_NODE_CAST: {
      const struct xqt_tensor* t = &rt->model->tensors[n->input];
      xqt_cast(t->type, rt->model->tensors[n->output].type, t->num_elements, in, out);
      return true;
    }
    case XQT_NODE_ARG_MAX:
      xqt_arg_max(rt->model->tensors[n->input].type, n->rows, n->channels, n->inner, in,
                  rt->model->tensors[n->output].type == XQT_TYPE_INT64, out);
      return true;
    case XQT_NODE_DETECTION:
      return run_detection(rt, n, err);
    case XQT_NODE_MEAN: {
      const struct xqt_mean m = {
          .rank = n->num_dims1,
          .shape = n->dims1,
          .reduced = n->reduced,
          .is_signed = n->is_signed,
          .integer = n->mean_integer,
          .input_scale = n->input_scale,
          .output_scale = n->output_scale,
          .input_zero_point = n->input_zero_point,
          .output_zero_point = n->output_zero_point,
      };
      xqt_mean_q(&m, in, out);
      return true;
    }
    case XQT_NODE_ALIAS:
      return true;
    case XQT_NODE_CONVERT_F32_TO_Q:  // float -> int16 (n->int16)
      xqt_quantize_int16(n->rows * n->channels, n->output_scale, n->output_zero_point, in, out);
      return true;
    case XQT_NODE_CONVERT_Q_TO_F32:  // int16 -> float
      xqt_dequantize_int16(n->rows * n->channels, n->input_scale, n->input_zero_point, in, out);
      return true;
    default:
      return xqt_fail(err, "op %zu: node has no operator", n->op_index);
  }
}

bool xqt_runtime_run_ops(struct xqt_runtime* rt, size_t begin, size_t end, struct xqt_error* err) {
  if (begin > end || end > rt->graph->num_nodes) {
    return xqt_fail(err, "runtime: op range [%zu, %zu) out of [0, %zu)", begin, end,
                    rt->graph->num_nodes);
  }
  for (size_t i = begin; i < end;) {
    // Consecutive xqnn operators run in one xqnn_run_operators call (one
    // threadpool call, a barrier between operators); when it fails nothing
    // has run, and the nodes run one by one so the error names the node.
    size_t run_end = i;
    while (run_end < end && rt->ops[run_end] != NULL) run_end++;
    if (run_end - i > 1 && xqnn_run_operators(run_end - i, &rt->ops[i], rt->threadpool) == xqnn_status_success) {
      i = run_end;
      continue;
    }
    if (!run_node(rt, i, err)) {
      return false;
    }
    i++;
  }
  return true;
}

bool xqt_runtime_run(struct xqt_runtime* rt, struct xqt_error* err) {
  return xqt_runtime_run_ops(rt, 0, rt->graph->num_nodes, err);
}
