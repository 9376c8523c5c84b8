// Contexts and tile functions that pthreadpool calls (src/operator-run.c).
// A tile function offsets pointers by its tile indices and calls a micro-kernel.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pthreadpool.h>

#include "xqnn.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"

#ifdef __cplusplus
extern "C" {
#endif

// Parameters of any gemm-based operator (one member in use per operator).
union xqnn_gemm_params {
  union xqnn_qs8_qc8w_conv_minmax_params qs8;
  union xqnn_qu8_conv_minmax_params qu8;
  struct xqnn_f32_minmax_params f32;
};

// One parallel loop of an operator's run.
enum xqnn_parallelization {
  xqnn_parallelization_none = 0,
  xqnn_parallelization_1d_tile_1d,
  xqnn_parallelization_2d_tile_1d,
  xqnn_parallelization_3d_tile_2d,
  xqnn_parallelization_4d_tile_2d,
  xqnn_parallelization_2d_tile_2d,  // elementwise / convert
};

struct xqnn_compute {
  enum xqnn_parallelization type;
  union {
    pthreadpool_task_1d_tile_1d_t task_1d_tile_1d;
    pthreadpool_task_2d_tile_1d_t task_2d_tile_1d;
    pthreadpool_task_3d_tile_2d_t task_3d_tile_2d;
    pthreadpool_task_4d_tile_2d_t task_4d_tile_2d;
    pthreadpool_task_2d_tile_2d_t task_2d_tile_2d;
  };
  void* context;  // points into the operator's context union
  size_t range[4];
  size_t tile[2];
};

// gemm over [groups][M][N]: A rows at a + g*ga_stride + m*a_stride, packed
// weights of group g at packed_w + g*gw_stride (w_stride bytes per NR block),
// outputs at c + g*gc_stride + m*cm_stride + n*element size.
struct xqnn_gemm_context {
  size_t kc;  // elements of A per row
  const void* a;
  size_t a_stride;
  size_t ga_stride;
  const void* packed_w;
  size_t w_stride;
  size_t gw_stride;
  void* c;
  size_t cm_stride;
  size_t cn_stride;  // bytes of NR outputs
  size_t gc_stride;
  uint32_t log2_csize;  // log2 of the output element size
  uint32_t mr;
  uint32_t nr;
  xqnn_gemm_ukernel_fn ukernel;
  xqnn_gemm_ukernel_fn ukernel1;  // for single-row remainders
  const struct xqnn_quantization_params* quantization_params;  // per row of A (QD8) or NULL
  union xqnn_gemm_params params;
};

// range = {groups, M, N}, tile = {rows, columns}: rows a multiple of mr
// (except the last tile), columns a multiple of nr.
void xqnn_compute_grouped_gemm(
    void* context, size_t group_index, size_t mr_block_start, size_t nr_block_start,
    size_t mr_block_size, size_t nr_block_size);

// igemm over [batch][groups][M][N] where M = output pixels of one image.
// Indirection: for the tile of pixels starting at m (a multiple of mr), the
// ks * mr pointers at indirect_a + m * ks; input pointers are offsets from
// the image base (see src/indirection.c) and become addresses with
// a_offset = input + batch * ba_stride + group * ga_stride.
struct xqnn_igemm_context {
  size_t kc;
  size_t ks;
  const void** indirect_a;
  const void* a;  // input base, bound at setup
  size_t ba_stride;
  size_t ga_stride;
  const void* zero;
  size_t zero_batch_stride;  // QD8: one zero-point row per image; 0 otherwise
  const void* packed_w;
  size_t w_stride;
  size_t gw_stride;
  void* c;
  size_t cm_stride;
  size_t cn_stride;
  size_t gc_stride;
  size_t bc_stride;
  uint32_t log2_csize;
  uint32_t mr;
  uint32_t nr;
  // Indirection is laid out for `mr` rows per tap, so one kernel serves all
  // tiles (an operator whose M is 1 may choose the 1-row kernel and mr = 1).
  xqnn_igemm_ukernel_fn ukernel;
  const struct xqnn_quantization_params* quantization_params;  // per image (QD8) or NULL
  union xqnn_gemm_params params;
  // QD8 with per-image zero rows: pointers between the per-image copies of the
  // indirection buffer (copy b's padding entries hold zero + b * zero_batch_stride,
  // the pointer the tile function passes as `zero` for image b); 0 otherwise.
  size_t indirect_batch_stride;
};

// range = {batch, groups, M, N}.
void xqnn_compute_grouped_batch_igemm(
    void* context, size_t batch_index, size_t group_index, size_t mr_block_start,
    size_t nr_block_start, size_t mr_block_size, size_t nr_block_size);


// ---- Elementwise, pooling and conversion operators ----

// Number of outer (non-row) dimensions of a normalised binary elementwise shape.
#define XQNN_BINARY_OUTER_DIMS (XQNN_MAX_TENSOR_DIMS - 1)

// Binary elementwise over a normalised shape (src/operators/binary-elementwise-nd.c):
// rows = product of outer[], row-major (outer[0] slowest); each row has
// `elements` elements. Row r with coordinates i[] reads a at
// a + sum(i[k] * a_stride[k]) (bytes; b likewise) and writes the dense output
// at y + r * elements. With broadcast_b, b does not advance along the row.
struct xqnn_elementwise_binary_context {
  const void* a;
  const void* b;
  void* y;
  size_t elements;
  uint32_t log2_element_size;  // 0: int8 / uint8, 1: int16
  size_t outer[XQNN_BINARY_OUTER_DIMS];
  size_t a_stride[XQNN_BINARY_OUTER_DIMS];
  size_t b_stride[XQNN_BINARY_OUTER_DIMS];
  bool broadcast_b;
  xqnn_vbinary_ukernel_fn ukernel;
  union {
    union xqnn_q8_add_minmax_params add;
    union xqnn_q8_mul_minmax_params mul;
  } params;
};

// range = {rows, elements}, tile = {rows, elements}.
void xqnn_compute_elementwise_binary_nd(
    void* context, size_t row_start, size_t element_start, size_t row_tile, size_t element_tile);

// Global average pooling of [batch][rows][channels]: one kernel call per
// (batch, channel tile); strides in bytes. The multipass kernel's scratch for
// batch b, channel c is buffer[b * buffer_batch_stride + c].
struct xqnn_global_average_pooling_context {
  const void* input;
  size_t input_pixel_stride;
  size_t input_batch_stride;
  void* output;
  size_t output_batch_stride;
  const void* zero;
  int32_t* buffer;
  size_t buffer_batch_stride;
  size_t rows;
  size_t row_tile;
  xqnn_gavgpool_unipass_ukernel_fn unipass;
  xqnn_gavgpool_multipass_ukernel_fn multipass;
  union xqnn_q8_avgpool_minmax_params params;
};

// range = {batch, channels}, tile = channels.
void xqnn_compute_global_average_pooling_nwc(
    void* context, size_t batch_index, size_t channel_start, size_t channel_tile);

// Max pooling: one kernel call per output row. The indirection buffer holds,
// per output pixel, kernel_elements offsets from the image base (or `pad`,
// the lowest value of the type, for taps in the padding); it is shared by
// every image of the batch. Strides in bytes.
struct xqnn_max_pooling_context {
  const void** indirection;
  size_t indirection_row_stride;  // bytes per output row
  const void* input;
  size_t input_batch_stride;
  const void* pad;
  void* output;
  size_t output_batch_stride;
  size_t output_row_stride;
  size_t output_pixel_stride;
  size_t output_width;
  size_t kernel_elements;
  size_t channels;
  xqnn_maxpool_ukernel_fn ukernel;
  struct xqnn_x8_minmax_params params;
};

// range = {batch, output_height}, tile = {rows}.
void xqnn_compute_max_pooling(void* context, size_t batch_index, size_t row_start, size_t row_count);

// Constant / reflect padding of a dense tensor of bytes, normalised at
// reshape to `dims` dimensions (<= XQNN_MAX_TENSOR_DIMS) whose last one is
// the innermost padded dimension, in units of `block` bytes (the product of
// the unpadded dimensions inside it). An output row is one index of the
// dims - 1 outer dimensions: out_shape[last] blocks.
struct xqnn_pad_context {
  const void* input;
  void* output;
  size_t dims;
  size_t in_shape[XQNN_MAX_TENSOR_DIMS];
  size_t out_shape[XQNN_MAX_TENSOR_DIMS];
  size_t pre[XQNN_MAX_TENSOR_DIMS];
  size_t in_stride[XQNN_MAX_TENSOR_DIMS];  // bytes per index of each dimension
  size_t block;                            // bytes
  bool reflect;
  bool symmetric;
  uint8_t value;
};

// range = {output rows}, tile = rows.
void xqnn_compute_pad(void* context, size_t row_start, size_t row_count);

// Unary elementwise over [rows][elements] with row strides in bytes; element
// sizes 1 << log2_xsize (input) and 1 << log2_ysize (output).
struct xqnn_univector_strided_context {
  const void* x;
  size_t x_stride;
  void* y;
  size_t y_stride;
  uint32_t log2_xsize;
  uint32_t log2_ysize;
  xqnn_vcvt_ukernel_fn ukernel;
  union {
    union xqnn_f32_q8_cvt_params f32_q8;
    union xqnn_q8_f32_cvt_params q8_f32;
    uint8_t lut[256];  // x8-lut: the table itself
  } params;
};

// range = {rows, elements}, tile = {rows, elements}.
void xqnn_compute_univector_strided(
    void* context, size_t row_start, size_t element_start, size_t row_tile, size_t element_tile);
// ---- dwconv ----
// Depthwise convolution over [batch][output_height] rows. The indirection
// buffer holds offsets from the image base (src/xqnn/indirection.h); output
// row y of image b starts at output + b * output_batch_stride + y * output_height_stride.
// Multipass kernels run over chunks of XQNN_DWCONV_CHANNEL_CHUNK channels with
// an int32 buffer on the stack; unipass kernels see all channels at once.
#define XQNN_DWCONV_CHANNEL_CHUNK 512

struct xqnn_dwconv_context {
  const void** indirect_input;
  size_t indirect_input_height_stride;  // bytes per output row
  size_t indirect_input_width_stride;   // bytes per output pixel (the kernel's input_stride)
  const void* input;                    // image base, bound at setup
  size_t input_batch_stride;            // bytes
  const void* zero;                     // at least min(channels, chunk) elements + XQNN_EXTRA_BYTES
  const void* packed_weights;
  size_t weights_tile_stride;           // bytes per channel tile
  void* output;
  size_t output_batch_stride;           // bytes
  size_t output_height_stride;          // bytes
  size_t output_pixel_stride;           // elements
  size_t output_width;
  size_t channels;
  size_t kernel_size;
  size_t channel_tile;
  uint32_t log2_input_size;
  uint32_t log2_output_size;
  bool multipass;
  xqnn_dwconv_ukernel_fn ukernel;
  union xqnn_gemm_params params;
};

// range = {batch, output_height}, tile = {rows}.
void xqnn_compute_dwconv(
    void* context, size_t batch_index, size_t output_y_start, size_t output_y_count);

// ---- QD8 row converters (convert_nc_f32_qd8 / convert_nc_f16_qd8) ----
// Row r: input + r * input_stride bytes -> output + r * output_stride bytes,
// parameters to quantization_params[r].
struct xqnn_qd8_convert_context {
  size_t channels;
  const void* input;
  size_t input_stride;   // bytes
  int8_t* output;
  size_t output_stride;  // bytes
  struct xqnn_quantization_params* quantization_params;
  xqnn_qd8_vcvt_ukernel_fn ukernel;
};

// 1d_tile_1d over rows.
void xqnn_compute_qd8_convert(void* context, size_t row_start, size_t rows);

// QD8 convolution / deconvolution, run before the igemm: fills the zero row of
// each image b (context: the operator's xqnn_igemm_context) with
// quantization_params[b].zero_point, so that padding taps read a real 0.0.
// 1d_tile_1d over images.
void xqnn_compute_qd8_fill_zero(void* context, size_t batch_start, size_t batch_count);
// The same for deconvolution (context: the operator's xqnn_subconv_context).
void xqnn_compute_qd8_fill_zero_subconv(void* context, size_t batch_start, size_t batch_count);

// ---- deconvolution: one sub-convolution per output stride phase
// (src/operators/deconvolution-nhwc.c). ----

// One sub-convolution: the output pixels (oy, ox) with oy % stride_height ==
// phase_y and ox % stride_width == phase_x, `rows` x `width` of them.
struct xqnn_subconv_params {
  const void* packed_w;        // group 0's packed weights of this phase
  size_t w_stride;             // bytes per nr block
  size_t gw_stride;            // bytes per group
  size_t ks;                   // taps (kernel positions) packed for this phase
  const void** indirect_a;     // igemm: indirection of the phase's row 0
  size_t indirect_row_stride;  // pointers per row: ks * round_up(width, mr)
  size_t rows, width;          // output pixels of this phase (0 when it has none)
  size_t c_offset;             // bytes from an image's output to the phase's first pixel
};

// Tiles are parts of one output row of one phase, so the kernel's output rows
// are evenly spaced (cx_stride). With `gemm` set (kernel == stride, no padding,
// no adjustment), phase row y is input row y and every phase has one tap: A is
// read directly from the input.
struct xqnn_subconv_context {
  size_t kc;
  size_t groups;
  size_t max_rows;  // the row dimension of the range is subconv * max_rows + row
  const struct xqnn_subconv_params* subconv;
  const void* a;  // input, bound at setup
  size_t ba_stride;
  size_t ga_stride;
  size_t a_row_stride;    // gemm: bytes between input rows
  size_t a_pixel_stride;  // gemm: bytes between input pixels
  const void* zero;
  void* c;  // output, bound at setup
  size_t bc_stride;
  size_t gc_stride;
  size_t cy_stride;  // bytes between rows of a phase (stride_height output rows)
  size_t cx_stride;  // bytes between pixels of a phase (stride_width output pixels)
  size_t cn_stride;
  uint32_t log2_csize;
  uint32_t mr;
  uint32_t nr;
  xqnn_gemm_ukernel_fn gemm;   // non-NULL: direct gemm path
  xqnn_gemm_ukernel_fn gemm1;  // gemm path, single-row remainders
  xqnn_igemm_ukernel_fn igemm;
  const struct xqnn_quantization_params* quantization_params;  // per image (QD8) or NULL
  union xqnn_gemm_params params;
  // QD8: one zero row per image (zero + b * zero_batch_stride) and one copy of
  // the indirection per image (pointers from one copy to the next); 0 otherwise.
  size_t zero_batch_stride;
  size_t indirect_batch_stride;
};

// range = {batch * groups, subconvolutions * max_rows, max width, group output
// channels}; tiles past a phase's rows or width are empty.
void xqnn_compute_subconv2d(
    void* context, size_t batch_group_index, size_t subconv_row_index, size_t x_start,
    size_t nr_block_start, size_t x_size, size_t nr_block_size);

#ifdef __cplusplus
}  // extern "C"
#endif
