// A TensorFlow Lite model parsed into plain C structs (subgraph 0 only).
//
// xqt_model_parse checks everything it reads: the flatbuffer structure, tensor
// and buffer indices, shapes (rank <= XQT_MAX_DIMS, every dimension >= 1, sizes
// that cannot overflow), constant data sizes against shapes, and quantization
// parameter counts. It does not judge whether the runner supports an op: that
// is xqt_graph_check's job (graph.h).
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define XQT_MAX_DIMS 6
// Sanity bounds against hostile files.
#define XQT_MAX_TENSOR_BYTES ((size_t) 1 << 31)
#define XQT_MAX_TENSORS 100000
#define XQT_MAX_OPS 100000
#define XQT_MAX_OP_INPUTS 1024

struct xqt_tensor {
  char name[96];            // NUL-terminated, truncated
  int type;                 // enum xqt_type
  size_t num_dims;
  size_t dims[XQT_MAX_DIMS];
  size_t num_elements;
  size_t size_bytes;        // num_elements * element size
  const uint8_t* data;      // constant data inside the model file, NULL for activations
  // Quantization: num_scales == 0 when the tensor has none.
  size_t num_scales;
  float* scales;            // num_scales entries
  int64_t* zero_points;     // num_scales entries
  int32_t quantized_dimension;
  bool is_variable;
};

struct xqt_op_options {
  int padding;              // XQT_PADDING_*
  int32_t stride_w, stride_h;
  int32_t dilation_w, dilation_h;
  int32_t depth_multiplier;
  int32_t filter_w, filter_h;
  int activation;           // enum xqt_activation
  int32_t axis;
  bool keep_dims;
  int weights_format;
  float beta;
  int mirror_pad_mode;      // MIRROR_PAD: XQT_MIRROR_PAD_*
  float alpha;              // LEAKY_RELU
  // STRIDED_SLICE masks (bit d for dimension d) and its `offset` flag.
  int32_t begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask;
  bool slice_offset;
  int32_t num_splits;       // SPLIT, SPLIT_V
  int in_data_type, out_data_type;  // CAST (enum xqt_type; -1 when absent)
  int output_type;          // ARG_MAX (enum xqt_type)
  bool pot_scale_int16;     // ADD: TFLite's power-of-two int16 path (schema default true)
  bool align_corners, half_pixel_centers;  // RESIZE_BILINEAR, RESIZE_NEAREST_NEIGHBOR
};

struct xqt_op {
  int32_t opcode;           // enum xqt_builtin (or any other BuiltinOperator value)
  int32_t version;
  char custom_code[64];     // for CUSTOM ops
  const uint8_t* custom_options;  // CUSTOM ops: the custom_options bytes (in `file`), NULL if absent
  size_t custom_options_size;
  size_t num_inputs;
  int32_t* inputs;          // tensor indices, -1 for an omitted optional input
  size_t num_outputs;
  int32_t* outputs;
  struct xqt_op_options options;
};

// Zero bytes after the owned copy of the file (runtime.c checks that this
// covers XQNN_EXTRA_BYTES, the over-read xqnn kernels may do past an operand).
#define XQT_FILE_PADDING 64

struct xqt_model {
  uint8_t* file;            // owned copy of the file, XQT_FILE_PADDING zero bytes after it
  size_t file_size;
  size_t num_tensors;
  struct xqt_tensor* tensors;
  size_t num_ops;
  struct xqt_op* ops;
  size_t num_inputs;
  int32_t* inputs;
  size_t num_outputs;
  int32_t* outputs;
};

// Parses `size` bytes (copied). Returns NULL and fills `err` on any problem.
struct xqt_model* xqt_model_parse(const void* data, size_t size, struct xqt_error* err);
// Reads and parses a file.
struct xqt_model* xqt_model_load(const char* path, struct xqt_error* err);
void xqt_model_free(struct xqt_model* model);

size_t xqt_type_size(int type);        // 0 for unsupported types
const char* xqt_type_name(int type);
const char* xqt_op_name(int32_t opcode);

#ifdef __cplusplus
}  // extern "C"
#endif
