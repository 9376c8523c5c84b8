// The operator object behind xqnn_operator_t and helpers shared by operators.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn.h"
#include "xqnn/compute.h"
#include "xqnn/config.h"

#ifdef __cplusplus
extern "C" {
#endif

#define XQNN_MAX_COMPUTES 4

enum xqnn_operator_type {
  xqnn_operator_type_invalid = 0,
  xqnn_operator_type_fully_connected_nc_qs8,
  xqnn_operator_type_fully_connected_nc_qs8_qc8w,
  xqnn_operator_type_fully_connected_nc_qu8,
  xqnn_operator_type_fully_connected_nc_qd8_f32_qc8w,
  xqnn_operator_type_fully_connected_nc_qd8_f16_qc8w,
  xqnn_operator_type_fully_connected_nc_qs16_qc8w,
  xqnn_operator_type_convolution_nhwc_qs8,
  xqnn_operator_type_convolution_nhwc_qs8_qc8w,
  xqnn_operator_type_convolution_nhwc_qu8,
  xqnn_operator_type_convolution_nhwc_qd8_f32_qc8w,
  xqnn_operator_type_convolution_nhwc_qd8_f16_qc8w,
  xqnn_operator_type_convolution_nhwc_qs16_qc8w,
  xqnn_operator_type_deconvolution_nhwc_qs8,
  xqnn_operator_type_deconvolution_nhwc_qs8_qc8w,
  xqnn_operator_type_deconvolution_nhwc_qu8,
  xqnn_operator_type_deconvolution_nhwc_qd8_f32_qc8w,
  xqnn_operator_type_deconvolution_nhwc_qd8_f16_qc8w,
  xqnn_operator_type_deconvolution_nhwc_qs16_qc8w,
  xqnn_operator_type_add_nd_qs8,
  xqnn_operator_type_add_nd_qu8,
  xqnn_operator_type_multiply_nd_qs8,
  xqnn_operator_type_multiply_nd_qu8,
  xqnn_operator_type_subtract_nd_qs8,
  xqnn_operator_type_subtract_nd_qu8,
  xqnn_operator_type_maximum_nd_s8,
  xqnn_operator_type_maximum_nd_u8,
  xqnn_operator_type_minimum_nd_s8,
  xqnn_operator_type_minimum_nd_u8,
  xqnn_operator_type_add_nd_qs16,
  xqnn_operator_type_multiply_nd_qs16,
  xqnn_operator_type_global_average_pooling_nwc_qs8,
  xqnn_operator_type_global_average_pooling_nwc_qu8,
  xqnn_operator_type_convert_nc_f32_qs8,
  xqnn_operator_type_convert_nc_f32_qu8,
  xqnn_operator_type_convert_nc_qs8_f32,
  xqnn_operator_type_convert_nc_qu8_f32,
  xqnn_operator_type_convert_nc_f32_qd8,
  xqnn_operator_type_convert_nc_f16_qd8,
  xqnn_operator_type_max_pooling_nhwc_s8,
  xqnn_operator_type_max_pooling_nhwc_u8,
  xqnn_operator_type_average_pooling_nhwc_qs8,
  xqnn_operator_type_average_pooling_nhwc_qu8,
  xqnn_operator_type_resize_bilinear_nhwc_s8,
  xqnn_operator_type_resize_bilinear_nhwc_u8,
  xqnn_operator_type_resize_nearest_neighbor_nhwc_x8,
  xqnn_operator_type_constant_pad_nd_x8,
  xqnn_operator_type_reflect_pad_nd_x8,
  xqnn_operator_type_sigmoid_nc_qs8,
  xqnn_operator_type_sigmoid_nc_qu8,
  xqnn_operator_type_tanh_nc_qs8,
  xqnn_operator_type_tanh_nc_qu8,
  xqnn_operator_type_hardswish_nc_qs8,
  xqnn_operator_type_hardswish_nc_qu8,
  xqnn_operator_type_leaky_relu_nc_qs8,
  xqnn_operator_type_leaky_relu_nc_qu8,
  xqnn_operator_type_lut_elementwise_nc_x8,
  xqnn_operator_type_slice_nd_x8,
  xqnn_operator_type_transpose_nd_x8,
  xqnn_operator_type_concatenate_nd_x8,
  xqnn_operator_type_split_nd_x8,
};

// "convolution2d_nhwc_qs8" etc., for messages.
const char* xqnn_operator_type_name(enum xqnn_operator_type type);

enum xqnn_operator_state {
  xqnn_operator_state_created = 0,  // needs reshape
  xqnn_operator_state_needs_setup,
  xqnn_operator_state_ready,
  xqnn_operator_state_skip,  // ready, nothing to compute (e.g. batch 0)
};

// Which kernel family computes a convolution-like operator.
enum xqnn_microkernel_type {
  xqnn_microkernel_type_none = 0,
  xqnn_microkernel_type_gemm,
  xqnn_microkernel_type_igemm,
  xqnn_microkernel_type_dwconv,
};

// The geometry arguments of the convolution and deconvolution create
// functions (deconvolution: padding of the output, stride for subsampling);
// fully connected is the 1x1 case with one group. Checked by
// xqnn_check_convolution_geometry (src/xqnn/convolution.h).
struct xqnn_convolution_geometry {
  uint32_t padding_top, padding_right, padding_bottom, padding_left;
  uint32_t kernel_height, kernel_width;
  uint32_t stride_height, stride_width;
  uint32_t dilation_height, dilation_width;
  uint32_t groups;
  size_t group_input_channels, group_output_channels;
  size_t input_pixel_stride, output_pixel_stride;  // elements
  uint32_t flags;
};

struct xqnn_datatype_variant;  // src/xqnn/operator-variants.h

struct xqnn_operator {
  enum xqnn_operator_type type;
  enum xqnn_operator_state state;
  enum xqnn_microkernel_type ukernel_type;
  uint32_t flags;
  // Fully connected, convolution, deconvolution: the data type's facts
  // (src/xqnn/operator-variants.h), looked up once at create; NULL otherwise.
  const struct xqnn_datatype_variant* variant;

  // Fully connected, convolution, deconvolution: as given at create.
  struct xqnn_convolution_geometry geometry;

  // Sizes bound at reshape.
  size_t batch_size;
  size_t input_height, input_width;
  size_t output_height, output_width;
  // Padding in effect for the current reshape (SAME padding depends on the input size).
  uint32_t active_padding_top, active_padding_left;

  int32_t input_zero_point;
  int32_t kernel_zero_point;
  // Int8 weights (QS8, QS8-QC8W, QD8) that hold -128: kernels are chosen
  // among those exact over the full int8 range (DESIGN.md section 1).
  bool full_range_weights;

  // Owned buffers (xqnn_allocate / xqnn_release).
  void* packed_weights;
  size_t packed_weights_group_stride;  // bytes per group
  // Convolution on int16-weight kernels: a byte copy of packed_weights for
  // single-pixel reshapes (xqnn_narrow_packed_gemm_weights), made at the first.
  void* byte_packed_weights;
  size_t byte_packed_weights_group_stride;
  void* zero_buffer;
  size_t zero_buffer_size;
  const void** indirection_buffer;
  size_t indirection_buffer_size;  // bytes allocated
  void* extra_buffer;  // operator-specific owned allocation, released at delete

  const struct xqnn_gemm_config* gemm_config;
  union xqnn_gemm_params gemm_params;
  // Convolution through dwconv: the micro-kernel chosen at create.
  const struct xqnn_dwconv_ukernel* dwconv_ukernel;

  size_t num_computes;
  struct xqnn_compute compute[XQNN_MAX_COMPUTES];
  union {
    struct xqnn_gemm_context gemm;
    struct xqnn_igemm_context igemm;
    // Elementwise, pooling and conversion operators.
    struct xqnn_elementwise_binary_context elementwise_binary;
    struct xqnn_global_average_pooling_context global_average_pooling;
    struct xqnn_univector_strided_context univector;
    struct xqnn_dwconv_context dwconv;
    struct xqnn_qd8_convert_context qd8_convert;
    struct xqnn_subconv_context subconv;  // deconvolution
    struct xqnn_max_pooling_context max_pooling;
    struct xqnn_average_pooling_context average_pooling;
    struct xqnn_resize_context resize;
    struct xqnn_pad_context pad;
    struct xqnn_copy_nd_context copy_nd;  // slice, transpose
    struct xqnn_concatenate_context concatenate;  // concatenate, split
  } context;

  // Elementwise, pooling and conversion operators: quantization from create
  // (input2_* for add / multiply only), turned into kernel params at reshape.
  struct {
    float input1_scale, input2_scale, output_scale;
    int32_t input1_zero_point, input2_zero_point, output_zero_point;
    int32_t output_min, output_max;
    bool swap_inputs;  // binary: input2 is the kernels' `a` (set at reshape)
    size_t workspace_size;  // bytes of extra_buffer (global average pooling scratch)
  } elementwise;
};

// True once xqnn_initialize has succeeded.
bool xqnn_is_initialized(void);

// Zeroed, XQNN_ALLOCATION_ALIGNMENT-aligned memory; NULL on failure or size 0.
void* xqnn_allocate_zero(size_t size);
void xqnn_release(void* ptr);

// Grow-only operator buffers, kept across reshapes: op->zero_buffer to at
// least `size` bytes, then all of it set to `fill`; op->indirection_buffer to
// at least `count` pointers (count * sizeof(void*) checked by the caller).
// False when out of memory (the buffer is then released).
bool xqnn_reserve_zero_buffer(xqnn_operator_t op, size_t size, uint8_t fill);
bool xqnn_reserve_indirection_buffer(xqnn_operator_t op, size_t count);

// Checks initialisation and the caller's output pointer `op_out` (not
// written), then allocates a zeroed operator of `type` into *op. Create
// functions build the operator in *op and store it in *op_out only on success.
enum xqnn_status xqnn_create_operator(
    enum xqnn_operator_type type, const xqnn_operator_t* op_out, xqnn_operator_t* op);

// Common checks of create parameters. Each logs one line naming the operator,
// the parameter, its value and the rule, and returns invalid_parameter on failure.
enum xqnn_status xqnn_check_positive_finite_scale(
    enum xqnn_operator_type type, const char* what, float scale);
enum xqnn_status xqnn_check_output_range(
    enum xqnn_operator_type type, int32_t output_min, int32_t output_max);
enum xqnn_status xqnn_check_operator(
    xqnn_operator_t op, enum xqnn_operator_type expected, const char* function);

// Checks shared by every setup function: initialisation, operator type, that
// reshape came first, and (unless reshape found nothing to compute, state
// skip) that none of the `count` data pointers is NULL. Callers return early
// on failure and when op->state is xqnn_operator_state_skip.
enum xqnn_status xqnn_check_setup(
    xqnn_operator_t op, enum xqnn_operator_type expected, const void* const* pointers, size_t count);

// Thread count of a (possibly NULL) pool.
size_t xqnn_threadpool_size(pthreadpool_t threadpool);

// pthreadpool flags for running on `threadpool`. Its workers spin for a while
// after each call so that the next starts without a wake-up; in a pool with more
// threads than the processors this process may use, the spinning takes the
// processors the working threads need (a test's 3-thread pool on 2 vCPUs ran an
// operator test 19x slower), so there they sleep at once
// (PTHREADPOOL_FLAG_YIELD_WORKERS).
uint32_t xqnn_threadpool_flags(pthreadpool_t threadpool);

// Tile sizes for a parallel loop over M x N (design section 6): with one
// thread, the whole range (rows rounded to mr); with T threads, columns are cut
// (multiples of nr) until there are about 5 tiles per thread.
void xqnn_choose_gemm_tiles(
    size_t m, size_t n, size_t mr, size_t nr, size_t other_parallel, size_t num_threads,
    size_t* m_tile, size_t* n_tile);


// Tiles per thread that reshape aims for (with more than one thread), so
// pthreadpool's work stealing can even out cores of unequal speed: on the
// 2-vCPU test VMs one vCPU runs MobileNet v2 20-25% slower than the other
// (taskset), and 8 tiles per thread instead of 5 made 2-thread v2 5% faster.
#define XQNN_TARGET_TILES_PER_THREAD 8

// Smallest tile (elements) worth handing to another thread in an elementwise
// operator. A pthreadpool call costs 2-5 us on these VMs (the time of ~50000
// elements; with 1024-element tiles MobileNet v2's 7x7 adds ran 3x slower on
// 2 threads than on one), but inside xqnn_run_operators the threads only meet
// at a barrier (~0.3 us), and an add split between them reads the halves each
// produced: 8192 made 2-thread MobileNet v2 1.5% faster there, and changed
// nothing with one xqnn_run_operator call per layer (bench/README.md).
#define XQNN_MIN_ELEMENTWISE_TILE 8192

// Tiles for a 2D parallel loop over rows x elements of an elementwise
// operator: one tile with one thread; otherwise about 5 tiles per thread, none
// smaller than min_tile_elements (when the range allows), element tiles a
// multiple of element_align.
void xqnn_choose_elementwise_tiles(
    size_t rows, size_t elements, size_t element_align, size_t min_tile_elements,
    size_t num_threads, size_t* row_tile, size_t* element_tile);

// The one compute of a strided univector operator (converters, table lookups;
// context in op->context.univector) over batch_size rows of `channels`
// elements, tiled for the threadpool; leaves the operator needing setup.
void xqnn_set_univector_compute(
    xqnn_operator_t op, size_t batch_size, size_t channels, size_t input_stride, size_t output_stride,
    size_t element_tile, pthreadpool_t threadpool);

#ifdef __cplusplus
}  // extern "C"
#endif
