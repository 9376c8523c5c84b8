// Operator creation, deletion, validation helpers and tile selection.
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "xqnn/config.h"
#include "xqnn/math.h"
#include "xqnn/operator.h"

const char* xqnn_operator_type_name(enum xqnn_operator_type type) {
  switch (type) {
    case xqnn_operator_type_invalid: return "invalid";
    case xqnn_operator_type_fully_connected_nc_qs8: return "fully_connected_nc_qs8";
    case xqnn_operator_type_fully_connected_nc_qs8_qc8w: return "fully_connected_nc_qs8_qc8w";
    case xqnn_operator_type_fully_connected_nc_qu8: return "fully_connected_nc_qu8";
    case xqnn_operator_type_fully_connected_nc_qd8_f32_qc8w: return "fully_connected_nc_qd8_f32_qc8w";
    case xqnn_operator_type_fully_connected_nc_qd8_f16_qc8w: return "fully_connected_nc_qd8_f16_qc8w";
    case xqnn_operator_type_fully_connected_nc_qs16_qc8w: return "fully_connected_nc_qs16_qc8w";
    case xqnn_operator_type_convolution_nhwc_qs8: return "convolution2d_nhwc_qs8";
    case xqnn_operator_type_convolution_nhwc_qs8_qc8w: return "convolution2d_nhwc_qs8_qc8w";
    case xqnn_operator_type_convolution_nhwc_qu8: return "convolution2d_nhwc_qu8";
    case xqnn_operator_type_convolution_nhwc_qd8_f32_qc8w: return "convolution2d_nhwc_qd8_f32_qc8w";
    case xqnn_operator_type_convolution_nhwc_qd8_f16_qc8w: return "convolution2d_nhwc_qd8_f16_qc8w";
    case xqnn_operator_type_convolution_nhwc_qs16_qc8w: return "convolution2d_nhwc_qs16_qc8w";
    case xqnn_operator_type_deconvolution_nhwc_qs8: return "deconvolution2d_nhwc_qs8";
    case xqnn_operator_type_deconvolution_nhwc_qs8_qc8w: return "deconvolution2d_nhwc_qs8_qc8w";
    case xqnn_operator_type_deconvolution_nhwc_qu8: return "deconvolution2d_nhwc_qu8";
    case xqnn_operator_type_deconvolution_nhwc_qd8_f32_qc8w: return "deconvolution2d_nhwc_qd8_f32_qc8w";
    case xqnn_operator_type_deconvolution_nhwc_qd8_f16_qc8w: return "deconvolution2d_nhwc_qd8_f16_qc8w";
    case xqnn_operator_type_deconvolution_nhwc_qs16_qc8w: return "deconvolution2d_nhwc_qs16_qc8w";
    case xqnn_operator_type_add_nd_qs8: return "add_nd_qs8";
    case xqnn_operator_type_add_nd_qu8: return "add_nd_qu8";
    case xqnn_operator_type_multiply_nd_qs8: return "multiply_nd_qs8";
    case xqnn_operator_type_multiply_nd_qu8: return "multiply_nd_qu8";
    case xqnn_operator_type_subtract_nd_qs8: return "subtract_nd_qs8";
    case xqnn_operator_type_subtract_nd_qu8: return "subtract_nd_qu8";
    case xqnn_operator_type_maximum_nd_s8: return "maximum_nd_s8";
    case xqnn_operator_type_maximum_nd_u8: return "maximum_nd_u8";
    case xqnn_operator_type_minimum_nd_s8: return "minimum_nd_s8";
    case xqnn_operator_type_minimum_nd_u8: return "minimum_nd_u8";
    case xqnn_operator_type_add_nd_qs16: return "add_nd_qs16";
    case xqnn_operator_type_multiply_nd_qs16: return "multiply_nd_qs16";
    case xqnn_operator_type_global_average_pooling_nwc_qs8: return "global_average_pooling_nwc_qs8";
    case xqnn_operator_type_global_average_pooling_nwc_qu8: return "global_average_pooling_nwc_qu8";
    case xqnn_operator_type_convert_nc_f32_qs8: return "convert_nc_f32_qs8";
    case xqnn_operator_type_convert_nc_f32_qu8: return "convert_nc_f32_qu8";
    case xqnn_operator_type_convert_nc_qs8_f32: return "convert_nc_qs8_f32";
    case xqnn_operator_type_convert_nc_qu8_f32: return "convert_nc_qu8_f32";
    case xqnn_operator_type_convert_nc_f32_qd8: return "convert_nc_f32_qd8";
    case xqnn_operator_type_convert_nc_f16_qd8: return "convert_nc_f16_qd8";
    case xqnn_operator_type_max_pooling_nhwc_s8: return "max_pooling2d_nhwc_s8";
    case xqnn_operator_type_max_pooling_nhwc_u8: return "max_pooling2d_nhwc_u8";
    case xqnn_operator_type_average_pooling_nhwc_qs8: return "average_pooling2d_nhwc_qs8";
    case xqnn_operator_type_average_pooling_nhwc_qu8: return "average_pooling2d_nhwc_qu8";
    case xqnn_operator_type_resize_bilinear_nhwc_s8: return "resize_bilinear2d_nhwc_s8";
    case xqnn_operator_type_resize_bilinear_nhwc_u8: return "resize_bilinear2d_nhwc_u8";
    case xqnn_operator_type_resize_nearest_neighbor_nhwc_x8: return "resize_nearest_neighbor2d_nhwc_x8";
    case xqnn_operator_type_constant_pad_nd_x8: return "constant_pad_nd_x8";
    case xqnn_operator_type_reflect_pad_nd_x8: return "reflect_pad_nd_x8";
    case xqnn_operator_type_sigmoid_nc_qs8: return "sigmoid_nc_qs8";
    case xqnn_operator_type_sigmoid_nc_qu8: return "sigmoid_nc_qu8";
    case xqnn_operator_type_tanh_nc_qs8: return "tanh_nc_qs8";
    case xqnn_operator_type_tanh_nc_qu8: return "tanh_nc_qu8";
    case xqnn_operator_type_hardswish_nc_qs8: return "hardswish_nc_qs8";
    case xqnn_operator_type_hardswish_nc_qu8: return "hardswish_nc_qu8";
    case xqnn_operator_type_leaky_relu_nc_qs8: return "leaky_relu_nc_qs8";
    case xqnn_operator_type_leaky_relu_nc_qu8: return "leaky_relu_nc_qu8";
    case xqnn_operator_type_lut_elementwise_nc_x8: return "lut_elementwise_nc_x8";
    case xqnn_operator_type_slice_nd_x8: return "slice_nd_x8";
    case xqnn_operator_type_transpose_nd_x8: return "transpose_nd_x8";
    case xqnn_operator_type_concatenate_nd_x8: return "concatenate_nd_x8";
    case xqnn_operator_type_split_nd_x8: return "split_nd_x8";
  }
  return "unknown";
}

enum xqnn_status xqnn_create_operator(
    enum xqnn_operator_type type, const xqnn_operator_t* op_out, xqnn_operator_t* op_ptr) {
  if (!xqnn_is_initialized()) {
    xqnn_log_error("create %s: xqnn_initialize has not been called", xqnn_operator_type_name(type));
    return xqnn_status_uninitialized;
  }
  if (op_out == NULL) {
    xqnn_log_error("create %s: output operator pointer is NULL", xqnn_operator_type_name(type));
    return xqnn_status_invalid_parameter;
  }
  xqnn_operator_t op = xqnn_allocate_zero(sizeof(struct xqnn_operator));
  if (op == NULL) {
    xqnn_log_error("create %s: cannot allocate the operator", xqnn_operator_type_name(type));
    return xqnn_status_out_of_memory;
  }
  op->type = type;
  op->state = xqnn_operator_state_created;
  *op_ptr = op;
  return xqnn_status_success;
}

enum xqnn_status xqnn_delete_operator(xqnn_operator_t op) {
  if (op == NULL) return xqnn_status_success;
  xqnn_release(op->packed_weights);
  xqnn_release(op->byte_packed_weights);
  xqnn_release(op->zero_buffer);
  xqnn_release((void*) op->indirection_buffer);
  xqnn_release(op->extra_buffer);
  xqnn_release(op);
  return xqnn_status_success;
}

enum xqnn_status xqnn_check_positive_finite_scale(
    enum xqnn_operator_type type, const char* what, float scale) {
  if (!(scale > 0.0f) || !xqnn_is_finite_f32(scale)) {
    xqnn_log_error("create %s: %s %g must be finite and positive", xqnn_operator_type_name(type),
                   what, (double) scale);
    return xqnn_status_invalid_parameter;
  }
  return xqnn_status_success;
}

enum xqnn_status xqnn_check_output_range(
    enum xqnn_operator_type type, int32_t output_min, int32_t output_max) {
  if (output_min > output_max) {
    xqnn_log_error("create %s: output_min %d must not exceed output_max %d",
                   xqnn_operator_type_name(type), (int) output_min, (int) output_max);
    return xqnn_status_invalid_parameter;
  }
  return xqnn_status_success;
}

enum xqnn_status xqnn_check_operator(
    xqnn_operator_t op, enum xqnn_operator_type expected, const char* function) {
  if (!xqnn_is_initialized()) {
    xqnn_log_error("%s: xqnn_initialize has not been called", function);
    return xqnn_status_uninitialized;
  }
  if (op == NULL) {
    xqnn_log_error("%s: operator is NULL", function);
    return xqnn_status_invalid_parameter;
  }
  if (op->type != expected) {
    xqnn_log_error("%s: operator is %s, expected %s", function, xqnn_operator_type_name(op->type),
                   xqnn_operator_type_name(expected));
    return xqnn_status_invalid_parameter;
  }
  return xqnn_status_success;
}

enum xqnn_status xqnn_check_setup(
    xqnn_operator_t op, enum xqnn_operator_type expected, const void* const* pointers, size_t count) {
  const enum xqnn_status status = xqnn_check_operator(op, expected, "setup");
  if (status != xqnn_status_success) return status;
  const char* name = xqnn_operator_type_name(expected);
  if (op->state == xqnn_operator_state_created) {
    xqnn_log_error("setup %s: reshape must come first", name);
    return xqnn_status_invalid_state;
  }
  if (op->state == xqnn_operator_state_skip) return xqnn_status_success;
  for (size_t i = 0; i < count; i++) {
    if (pointers[i] == NULL) {
      xqnn_log_error("setup %s: data pointer %zu (inputs first, then outputs) is NULL", name, i);
      return xqnn_status_invalid_parameter;
    }
  }
  return xqnn_status_success;
}

size_t xqnn_threadpool_size(pthreadpool_t threadpool) {
  return threadpool == NULL ? 1 : pthreadpool_get_threads_count(threadpool);
}

uint32_t xqnn_threadpool_flags(pthreadpool_t threadpool) {
  const struct xqnn_hardware_config* hardware = xqnn_get_hardware_config();
  const bool oversubscribed = hardware != NULL && xqnn_threadpool_size(threadpool) > hardware->processor_count;
  return oversubscribed ? PTHREADPOOL_FLAG_YIELD_WORKERS : 0;
}

void xqnn_choose_gemm_tiles(
    size_t m, size_t n, size_t mr, size_t nr, size_t other_parallel, size_t num_threads,
    size_t* m_tile, size_t* n_tile) {
  assert(mr != 0 && nr != 0);
  if (num_threads <= 1) {
    // One call covers everything; the tile function loops over mr rows.
    *m_tile = xqnn_max_sz(m, 1);
    *n_tile = xqnn_max_sz(n, 1);
    return;
  }
  // Among nearby tilings, one whose tile count is a multiple of the thread
  // count: xqnn_run_operators hands each thread one contiguous run of tiles
  // (pthreadpool would even out the rest by stealing).
  const size_t target_tiles = num_threads * XQNN_TARGET_TILES_PER_THREAD;
  const size_t m_blocks = xqnn_divide_round_up(xqnn_max_sz(m, 1), mr);
  const size_t outer = xqnn_max_sz(other_parallel, 1);
  const size_t columns = xqnn_max_sz(n, 1);
  const size_t tiles = m_blocks * outer;
  if (tiles >= target_tiles) {
    // Enough row blocks: group several per tile, keep all columns.
    const size_t blocks_per_tile = xqnn_max_sz(tiles / target_tiles, 1);
    *m_tile = mr * blocks_per_tile;
    for (size_t b = blocks_per_tile; b <= blocks_per_tile + 1; b++) {
      if (xqnn_divide_round_up(m_blocks, b) * outer % num_threads == 0) {
        *m_tile = mr * b;
        break;
      }
    }
    *n_tile = columns;
    return;
  }
  *m_tile = mr;
  const size_t n_splits = xqnn_divide_round_up(target_tiles, tiles);
  *n_tile = xqnn_min_sz(columns, xqnn_round_up(xqnn_divide_round_up(columns, n_splits), nr));
  for (size_t splits = n_splits; splits < n_splits + num_threads; splits++) {
    const size_t cols = xqnn_min_sz(columns, xqnn_round_up(xqnn_divide_round_up(columns, splits), nr));
    if (tiles * xqnn_divide_round_up(columns, cols) % num_threads == 0) {
      *n_tile = cols;
      break;
    }
  }
}

void xqnn_choose_elementwise_tiles(
    size_t rows, size_t elements, size_t element_align, size_t min_tile_elements,
    size_t num_threads, size_t* row_tile, size_t* element_tile) {
  assert(element_align != 0);
  rows = xqnn_max_sz(rows, 1);
  elements = xqnn_max_sz(elements, 1);
  *row_tile = rows;
  *element_tile = elements;
  if (num_threads <= 1) return;
  size_t total;
  if (!xqnn_mul_sz(rows, elements, &total)) total = SIZE_MAX;
  const size_t max_tiles = xqnn_max_sz(total / xqnn_max_sz(min_tile_elements, 1), 1);
  const size_t tiles = xqnn_min_sz(num_threads * XQNN_TARGET_TILES_PER_THREAD, max_tiles);
  if (tiles <= 1) return;
  if (rows >= tiles) {
    *row_tile = xqnn_divide_round_up(rows, tiles);
    return;
  }
  *row_tile = 1;
  const size_t splits = xqnn_divide_round_up(tiles, rows);
  const size_t chunk = xqnn_round_up(xqnn_divide_round_up(elements, splits), element_align);
  *element_tile = xqnn_min_sz(chunk, elements);
}

void xqnn_set_univector_compute(
    xqnn_operator_t op, size_t batch_size, size_t channels, size_t input_stride, size_t output_stride,
    size_t element_tile, pthreadpool_t threadpool) {
  // Dense rows merge into one long row: fewer kernel calls, better tiles.
  size_t rows = batch_size, row_elements = channels;
  if (batch_size == 1 || (input_stride == channels && output_stride == channels)) {
    rows = 1;
    row_elements = batch_size * channels;
  }
  size_t row_tile, tile;
  xqnn_choose_elementwise_tiles(rows, row_elements, element_tile, XQNN_MIN_ELEMENTWISE_TILE,
                                xqnn_threadpool_size(threadpool), &row_tile, &tile);
  op->num_computes = 1;
  op->compute[0] = (struct xqnn_compute){
      .type = xqnn_parallelization_2d_tile_2d,
      .task_2d_tile_2d = xqnn_compute_univector_strided,
      .context = &op->context.univector,
      .range = {rows, row_elements},
      .tile = {row_tile, tile},
  };
  op->state = xqnn_operator_state_needs_setup;
}

bool xqnn_reserve_zero_buffer(xqnn_operator_t op, size_t size, uint8_t fill) {
  if (op->zero_buffer == NULL || op->zero_buffer_size < size) {
    xqnn_release(op->zero_buffer);
    op->zero_buffer_size = 0;
    op->zero_buffer = xqnn_allocate_zero(size);
    if (op->zero_buffer == NULL) return false;
    op->zero_buffer_size = size;
  }
  memset(op->zero_buffer, fill, op->zero_buffer_size);
  return true;
}

bool xqnn_reserve_indirection_buffer(xqnn_operator_t op, size_t count) {
  const size_t bytes = count * sizeof(void*);  // checked by the callers
  if (op->indirection_buffer == NULL || op->indirection_buffer_size < bytes) {
    xqnn_release((void*) op->indirection_buffer);
    op->indirection_buffer_size = 0;
    op->indirection_buffer = xqnn_allocate_zero(bytes);
    if (op->indirection_buffer == NULL) return false;
    op->indirection_buffer_size = bytes;
  }
  return true;
}
