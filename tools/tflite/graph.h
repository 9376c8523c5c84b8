// Lowering of a parsed TFLite model onto xqnn operators, without calling xqnn.
//
// xqt_graph_build validates every op of subgraph 0 (op kind, tensor types,
// quantization, shapes, options, constant-ness of weights) and computes every
// parameter of the xqnn operator (or runner computation) that will implement
// it. Anything unsupported is an error naming the op index, the op and the
// tensor, reported before anything runs. runtime.c then instantiates the
// nodes; keeping this part free of xqnn calls lets the fuzzer cover it.
//
// Mapping (TFLite op -> node):
//   CONV_2D (OHWI)                 -> convolution, groups = C_in / I
//   DEPTHWISE_CONV_2D (1HW(I*M))   -> convolution, XQNN_FLAG_DEPTHWISE_CONVOLUTION,
//                                     groups = C_in, 1 input / M outputs per group
//   TRANSPOSE_CONV (OHWI)          -> deconvolution
//   FULLY_CONNECTED ([O, I])       -> fully connected, batch = elements / I
//   ADD, MUL                       -> add_nd / multiply_nd (broadcasting)
//   SUB (fused activation)         -> subtract_nd (broadcasting)
//   MAXIMUM, MINIMUM               -> maximum_nd / minimum_nd _s8 / _u8 (stored values)
//   MEAN over H,W with keep_dims (rank 4); AVERAGE_POOL_2D covering the whole
//                                     image -> global average pooling
//   MEAN over any other axes       -> runner, TFLite 2.9's reference arithmetic
//   CUSTOM TFLite_Detection_PostProcess -> runner (detection.h), fast NMS
//   AVERAGE_POOL_2D (SAME / VALID, output quantized as the input) -> average pooling
//                                     (qs8 / qu8) with TFLite's rounding; whole-image
//                                     pooling with another output quantization ->
//                                     global average pooling
//   RESIZE_BILINEAR, RESIZE_NEAREST_NEIGHBOR (constant size) -> resize bilinear (s8 / u8),
//                                     resize nearest neighbour (x8)
//   MAX_POOL_2D (SAME / VALID, fused activation) -> max pooling (s8 / u8)
//   PAD, PADV2 (constant paddings, INT32 or INT64) -> constant pad: the output
//                                     zero point (PAD, PADV2 without a value) or the
//                                     PADV2 constant
//   MIRROR_PAD (REFLECT / SYMMETRIC) -> reflect pad
//   LOGISTIC, TANH, HARD_SWISH, LEAKY_RELU -> lut_elementwise_nc_x8 with a table
//                                     of TFLite's own arithmetic (activation-table.h)
//   QUANTIZE f32 -> int8/uint8     -> convert f32 -> qs8 / qu8
//   DEQUANTIZE int8/uint8 -> f32   -> convert qs8 / qu8 -> f32
//   QUANTIZE int8/uint8 -> int8/uint8 -> lut_elementwise_nc_x8 with the runner's
//                                     requantization of every byte (quantization.h)
//   QUANTIZE f32 -> int16, DEQUANTIZE int16 -> f32 -> runner (quantization.h)
//   SOFTMAX                        -> runner, in float
//   CONCATENATION                  -> runner copies (requantizing inputs of another scale)
//   CONCATENATION with every input quantized as the output -> concatenate_nd_x8
//   SLICE, STRIDED_SLICE (constant begin / end / strides, masks but ellipsis and new axis)
//                                  -> slice_nd_x8 (strided; negative strides reverse)
//   TRANSPOSE (constant perm)      -> transpose_nd_x8
//   SPLIT, SPLIT_V                 -> split_nd_x8
//   (the copies take any 1-, 4- or 8-byte type: a wider element is copied as
//   an extra innermost dimension of its bytes)
//   CAST between UINT8, INT8, INT32, FLOAT32 -> runner (C conversions, as TFLite)
//   ARG_MAX (INT8, UINT8, INT32, FLOAT32 in; INT32 / INT64 out) -> runner
//   RESHAPE, SQUEEZE               -> alias: the output shares the input's memory
// Schemes: int8 weights with one scale -> qs8; int8 per-channel -> qs8_qc8w;
// uint8 weights (with a zero point) -> qu8.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "detection.h"
#include "error.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

enum xqt_node_kind {
  XQT_NODE_CONVOLUTION,
  XQT_NODE_DECONVOLUTION,
  XQT_NODE_FULLY_CONNECTED,
  XQT_NODE_ADD,
  XQT_NODE_MULTIPLY,
  XQT_NODE_GLOBAL_AVERAGE_POOLING,
  XQT_NODE_CONVERT_F32_TO_Q,
  XQT_NODE_CONVERT_Q_TO_F32,
  XQT_NODE_REQUANTIZE,
  XQT_NODE_SOFTMAX,
  XQT_NODE_CONCATENATION,
  XQT_NODE_ALIAS,
  XQT_NODE_MAX_POOLING,
  XQT_NODE_PAD,
  XQT_NODE_LUT,
  XQT_NODE_AVERAGE_POOLING,
  XQT_NODE_RESIZE_BILINEAR,
  XQT_NODE_RESIZE_NEAREST,
  XQT_NODE_SLICE,        // SLICE, STRIDED_SLICE
  XQT_NODE_TRANSPOSE,
  XQT_NODE_SPLIT,        // SPLIT, SPLIT_V
  XQT_NODE_CAST,
  XQT_NODE_ARG_MAX,
  XQT_NODE_SUBTRACT,
  XQT_NODE_MAXIMUM,
  XQT_NODE_MINIMUM,
  XQT_NODE_MEAN,
  XQT_NODE_DETECTION,
};

enum xqt_scheme {
  XQT_SCHEME_QS8,       // int8 activations, per-tensor int8 weights
  XQT_SCHEME_QS8_QC8W,  // int8 activations, per-channel int8 weights
  XQT_SCHEME_QU8,       // uint8 activations and weights with zero points
  XQT_SCHEME_F32,       // float (softmax / reshape of float tensors)
  XQT_SCHEME_QS16_QC8W, // TFLite's 16x8: int16 activations (zero point 0), int8 weights, int64 bias
};

struct xqt_node {
  enum xqt_node_kind kind;
  enum xqt_scheme scheme;
  size_t op_index;
  int32_t input, input2, output;   // tensor indices (input2 = -1 when unused)

  // Quantization of input(s) and output (per tensor).
  float input_scale, input2_scale, output_scale;
  int32_t input_zero_point, input2_zero_point, output_zero_point;
  int32_t output_min, output_max;  // fused activation range (quantized)

  // Weights (convolution, deconvolution, fully connected).
  const void* kernel;              // points into the model file
  float kernel_scale;              // per-tensor schemes
  const float* kernel_scales;      // qs8_qc8w: one per output channel (model-owned)
  int32_t kernel_zero_point;       // qu8
  int32_t* bias;                   // aligned copy (owned), NULL when absent
  int64_t* bias64;                 // qs16_qc8w: aligned copy (owned), NULL when absent
  float* owned_kernel_scales;      // qs16_qc8w with per-tensor weights: the scale per channel

  // Convolution / deconvolution geometry.
  uint32_t padding_top, padding_right, padding_bottom, padding_left;
  uint32_t kernel_height, kernel_width;
  uint32_t stride_height, stride_width;
  uint32_t dilation_height, dilation_width;
  uint32_t adjustment_height, adjustment_width;
  uint32_t groups;
  size_t group_input_channels, group_output_channels;
  uint32_t flags;
  size_t batch, input_height, input_width, output_height, output_width;

  // Fully connected, global average pooling, converters, softmax: rows x channels.
  size_t input_channels, output_channels, rows, channels;

  // Add / multiply shapes.
  size_t num_dims1, num_dims2;
  size_t dims1[XQT_MAX_DIMS], dims2[XQT_MAX_DIMS];

  // Pad: input shape in num_dims1 / dims1; paddings before and after each dimension.
  size_t pre_paddings[XQT_MAX_DIMS], post_paddings[XQT_MAX_DIMS];
  uint8_t pad_value;               // constant pad (bits of the int8 / uint8 value)
  bool reflect, symmetric;         // MIRROR_PAD

  // Lookup-table activations: rows x channels through table[input byte].
  uint8_t table[256];

  // Copies (slice, transpose, split, concatenation copy): the input shape in
  // num_dims1 / dims1 in bytes: a 4- or 8-byte element type adds an innermost
  // dimension of element_size (a rank-6 tensor of such elements is rejected:
  // xqnn copies up to 6 dimensions).
  size_t element_size;
  size_t copy_dims[XQT_MAX_DIMS];     // the input shape (with the byte dimension)
  size_t num_copy_dims;
  size_t slice_offsets[XQT_MAX_DIMS];
  int64_t slice_strides[XQT_MAX_DIMS];
  size_t slice_sizes[XQT_MAX_DIMS];
  size_t perm[XQT_MAX_DIMS];          // transpose
  bool copy_only;                  // concatenation: inputs quantized as the output, no clamp
  // Arg max over [rows][channels][inner]: index of the first maximum along channels.
  size_t inner;
  // MEAN (runner): input shape in num_dims1 / dims1; reduced[d] for the
  // averaged dimensions; `mean_integer` when input and output share scale and
  // zero point (TFLite then divides the integer sum: reference_ops::Mean).
  bool reduced[XQT_MAX_DIMS];
  bool mean_integer;

  // TFLite_Detection_PostProcess (runner): options and input geometry.
  struct xqt_detection_options detection;
  struct xqt_detection_shape detection_shape;

  float beta;                      // softmax
  size_t axis;                     // concatenation, split, arg max (non-negative)
  bool is_signed;                  // int8 (true) or uint8 activations
  bool output_signed;              // requantize / converters
  bool int16;                      // converters of int16 tensors (run by the runner)
};

struct xqt_graph {
  const struct xqt_model* model;
  size_t num_nodes;
  struct xqt_node* nodes;          // one per model op, same order
  // For each tensor: the tensor whose memory it uses (itself, or the root of
  // a RESHAPE/SQUEEZE alias chain); -1 for constant tensors.
  int32_t* storage;
};

// Builds (validates) the graph; NULL and `err` filled on the first problem.
struct xqt_graph* xqt_graph_build(const struct xqt_model* model, struct xqt_error* err);
void xqt_graph_free(struct xqt_graph* graph);

#ifdef __cplusplus
}  // extern "C"
#endif
