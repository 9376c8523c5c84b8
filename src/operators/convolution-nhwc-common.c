// Data-type-independent parts of the convolution-like operators: validation
// of the geometry, the common create steps, weight reordering and packing,
// reshape and setup (declarations and contracts in src/xqnn/convolution.h).
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "xqnn/convolution.h"
#include "xqnn/indirection.h"
#include "xqnn/math.h"
#include "xqnn/packing.h"

static uint64_t effective_kernel(uint32_t kernel, uint32_t dilation) {
  return ((uint64_t) kernel - 1) * (uint64_t) dilation + 1;
}

enum xqnn_status xqnn_check_convolution_geometry(
    enum xqnn_operator_type type, const struct xqnn_convolution_geometry* p,
    uint32_t operator_flags, size_t* kernel_elements) {
  const char* name = xqnn_operator_type_name(type);
  if (p->kernel_height == 0 || p->kernel_width == 0) {
    xqnn_log_error("create %s: kernel size %ux%u must be non-zero", name,
                   (unsigned) p->kernel_height, (unsigned) p->kernel_width);
    return xqnn_status_invalid_parameter;
  }
  if (p->stride_height == 0 || p->stride_width == 0) {
    xqnn_log_error("create %s: subsampling %ux%u must be non-zero", name,
                   (unsigned) p->stride_height, (unsigned) p->stride_width);
    return xqnn_status_invalid_parameter;
  }
  if (p->dilation_height == 0 || p->dilation_width == 0) {
    xqnn_log_error("create %s: dilation %ux%u must be non-zero", name,
                   (unsigned) p->dilation_height, (unsigned) p->dilation_width);
    return xqnn_status_invalid_parameter;
  }
  if (p->groups == 0 || p->group_input_channels == 0 || p->group_output_channels == 0) {
    xqnn_log_error("create %s: groups (%u), group input channels (%zu) and group output channels "
                   "(%zu) must be non-zero", name, (unsigned) p->groups, p->group_input_channels,
                   p->group_output_channels);
    return xqnn_status_invalid_parameter;
  }
  if ((p->flags & ~(operator_flags | xqnn_datatype_variant(type)->flags)) != 0) {
    xqnn_log_error("create %s: unsupported flags 0x%08x", name, (unsigned) p->flags);
    return xqnn_status_invalid_parameter;
  }
  if ((p->flags & XQNN_FLAG_TENSORFLOW_SAME_PADDING) &&
      (p->padding_top | p->padding_right | p->padding_bottom | p->padding_left) != 0) {
    xqnn_log_error("create %s: explicit padding (%u, %u, %u, %u) must be zero with TensorFlow "
                   "SAME padding", name, (unsigned) p->padding_top, (unsigned) p->padding_right,
                   (unsigned) p->padding_bottom, (unsigned) p->padding_left);
    return xqnn_status_invalid_parameter;
  }
  if ((p->flags & XQNN_FLAG_DEPTHWISE_CONVOLUTION) && p->group_input_channels != 1) {
    xqnn_log_error("create %s: depthwise convolution needs group input channels 1, not %zu", name,
                   p->group_input_channels);
    return xqnn_status_invalid_parameter;
  }
  if (effective_kernel(p->kernel_height, p->dilation_height) > UINT32_MAX ||
      effective_kernel(p->kernel_width, p->dilation_width) > UINT32_MAX) {
    xqnn_log_error("create %s: effective kernel (%u - 1) * %u + 1 x (%u - 1) * %u + 1 must not "
                   "exceed 2^32 - 1", name, (unsigned) p->kernel_height,
                   (unsigned) p->dilation_height, (unsigned) p->kernel_width,
                   (unsigned) p->dilation_width);
    return xqnn_status_invalid_parameter;
  }
  size_t input_channels, output_channels, kernel_size, elements;
  const size_t factors[] = {p->groups, p->group_output_channels, p->kernel_height, p->kernel_width,
                            p->group_input_channels};
  if (!xqnn_mul_sz(p->groups, p->group_input_channels, &input_channels) ||
      !xqnn_mul_sz(p->groups, p->group_output_channels, &output_channels) ||
      !xqnn_mul_sz(p->kernel_height, p->kernel_width, &kernel_size) ||
      !xqnn_mul_sz_n(XQNN_COUNT_OF(factors), factors, &elements) || elements > SIZE_MAX / 16) {
    xqnn_log_error("create %s: %u groups x %zu x %zu channels x %ux%u kernel overflows", name,
                   (unsigned) p->groups, p->group_input_channels, p->group_output_channels,
                   (unsigned) p->kernel_height, (unsigned) p->kernel_width);
    return xqnn_status_invalid_parameter;
  }
  if (p->input_pixel_stride < input_channels) {
    xqnn_log_error("create %s: input pixel stride %zu must be at least groups * group input "
                   "channels = %zu", name, p->input_pixel_stride, input_channels);
    return xqnn_status_invalid_parameter;
  }
  if (p->output_pixel_stride < output_channels) {
    xqnn_log_error("create %s: output pixel stride %zu must be at least groups * group output "
                   "channels = %zu", name, p->output_pixel_stride, output_channels);
    return xqnn_status_invalid_parameter;
  }
  *kernel_elements = elements;
  return xqnn_status_success;
}

enum xqnn_status xqnn_create_weighted_operator(
    enum xqnn_operator_type type, const struct xqnn_convolution_geometry* geometry,
    uint32_t operator_flags, const struct xqnn_quantized_weights* weights_in,
    const xqnn_operator_t* op_out, xqnn_operator_t* op_ptr,
    struct xqnn_channel_requantization* requantization) {
  *requantization = (struct xqnn_channel_requantization){NULL, NULL};
  *op_ptr = NULL;
  enum xqnn_status status = xqnn_create_operator(type, op_out, op_ptr);
  if (status != xqnn_status_success) return status;
  xqnn_operator_t op = *op_ptr;
  op->variant = xqnn_datatype_variant(type);
  size_t kernel_elements;
  status = xqnn_check_convolution_geometry(type, geometry, operator_flags, &kernel_elements);
  if (status != xqnn_status_success) return status;
  op->geometry = *geometry;
  op->flags = geometry->flags;
  struct xqnn_quantized_weights weights = *weights_in;
  // QS16-QC8W has TFLite's 16x8 requantization only.
  weights.tflite_requantization = (geometry->flags & XQNN_FLAG_TFLITE_REQUANTIZATION) != 0 ||
                                  op->variant->packed_weights == xqnn_packed_weights_qs16_qc8w;
  const size_t channels = (size_t) geometry->groups * geometry->group_output_channels;
  status = xqnn_prepare_quantized_weights(op, &weights, channels, kernel_elements, requantization);
  if (status != xqnn_status_success) return status;
  const struct xqnn_kernel_query query = xqnn_operator_kernel_query(op);
  const struct xqnn_kernel_choice kernels = xqnn_choose_kernel(&query);
  op->ukernel_type = kernels.type;
  op->gemm_config = kernels.gemm_config;
  op->dwconv_ukernel = kernels.dwconv;
  return xqnn_status_success;
}

struct xqnn_kernel_query xqnn_operator_kernel_query(const struct xqnn_operator* op) {
  enum xqnn_operator_kind kind = xqnn_operator_kind_fully_connected;
  xqnn_operator_kind(op->type, &kind);
  return (struct xqnn_kernel_query){.kind = kind, .variant = op->variant, .geometry = &op->geometry,
                                    .full_range_weights = op->full_range_weights};
}

enum xqnn_status xqnn_pack_operator_gemm_weights(
    xqnn_operator_t op, const struct xqnn_quantized_weights* weights,
    const struct xqnn_channel_requantization* requantization, const void* kernel) {
  const struct xqnn_gemm_packing packing =
      xqnn_quantized_gemm_packing(op, weights, requantization, op->gemm_config, kernel);
  op->packed_weights_group_stride = xqnn_packed_gemm_group_size(&packing);
  size_t packed_size;
  if (!xqnn_mul_sz(packing.groups, op->packed_weights_group_stride, &packed_size)) {
    xqnn_log_error("create %s: packed weights size overflows", xqnn_operator_type_name(op->type));
    return xqnn_status_invalid_parameter;
  }
  op->packed_weights = xqnn_allocate_zero(packed_size);
  if (op->packed_weights == NULL) return xqnn_status_out_of_memory;
  xqnn_pack_gemm_weights(&packing, op->packed_weights);
  return xqnn_status_success;
}

const void* xqnn_convolution_gemm_kernel(
    const struct xqnn_convolution_geometry* p, const void* kernel, size_t element_size,
    void** reordered) {
  *reordered = NULL;
  if (!(p->flags & XQNN_FLAG_DEPTHWISE_CONVOLUTION)) return kernel;
  // [kh][kw][groups][goc] -> [groups][goc][kh][kw] (group_input_channels == 1).
  const size_t groups = p->groups;
  const size_t goc = p->group_output_channels;
  const size_t ks = (size_t) p->kernel_height * p->kernel_width;
  uint8_t* out = malloc(groups * goc * ks * element_size);
  if (out == NULL) return NULL;
  const uint8_t* in = kernel;
  for (size_t g = 0; g < groups; g++) {
    for (size_t m = 0; m < goc; m++) {
      for (size_t t = 0; t < ks; t++) {
        memcpy(out + ((g * goc + m) * ks + t) * element_size,
               in + (t * groups * goc + g * goc + m) * element_size, element_size);
      }
    }
  }
  *reordered = out;
  return out;
}

// ---- reshape ----

// One dimension: false when the padded input is smaller than the effective kernel.
static bool window_output_dimension(size_t input, uint32_t kernel, uint32_t stride, uint32_t dilation,
                                    bool same, uint32_t pad_before, uint32_t pad_after,
                                    size_t* pad_before_out, size_t* output) {
  const size_t ek = (size_t) effective_kernel(kernel, dilation);  // <= 2^32 - 1 (create)
  size_t padded;
  if (same) {
    // out = ceil(in / stride); total = max((out - 1) * stride + ek - in, 0), without
    // ever forming a negative size_t (ek may be smaller than the stride).
    const size_t out = (input - 1) / stride + 1;
    const size_t covered = (out - 1) * stride;  // <= input - 1
    size_t needed;
    if (!xqnn_add_sz(covered, ek, &needed)) return false;
    const size_t total = needed > input ? needed - input : 0;  // < ek
    *pad_before_out = total / 2;
    padded = input + total;  // = max(needed, input): no overflow
  } else {
    *pad_before_out = pad_before;
    if (!xqnn_add_sz(input, (size_t) pad_before + (size_t) pad_after, &padded)) return false;
  }
  if (padded < ek) return false;
  *output = (padded - ek) / stride + 1;
  return true;
}

bool xqnn_window_output_size(const char* name, const struct xqnn_convolution_geometry* g, size_t input_height,
                             size_t input_width, size_t* pad_top, size_t* pad_left, size_t* output_height,
                             size_t* output_width) {
  const bool same = (g->flags & XQNN_FLAG_TENSORFLOW_SAME_PADDING) != 0;
  if (window_output_dimension(input_height, g->kernel_height, g->stride_height, g->dilation_height, same,
                              g->padding_top, g->padding_bottom, pad_top, output_height) &&
      window_output_dimension(input_width, g->kernel_width, g->stride_width, g->dilation_width, same,
                              g->padding_left, g->padding_right, pad_left, output_width)) {
    return true;
  }
  xqnn_log_error("reshape %s: padded input %zux%zu (padding %u, %u, %u, %u) is smaller than the "
                 "effective window (%u - 1) * %u + 1 x (%u - 1) * %u + 1", name, input_height,
                 input_width, (unsigned) g->padding_top, (unsigned) g->padding_right,
                 (unsigned) g->padding_bottom, (unsigned) g->padding_left, (unsigned) g->kernel_height,
                 (unsigned) g->dilation_height, (unsigned) g->kernel_width, (unsigned) g->dilation_width);
  return false;
}

static enum xqnn_status reshape_fail(xqnn_operator_t op, enum xqnn_status status) {
  op->state = xqnn_operator_state_created;
  return status;
}

// Rows rounded up, so that the tile count does not overshoot the target into
// a count the threads cannot share evenly (56 rows: 14 tiles of 4, not 19 of
// 3), which xqnn_run_operators' static shares would feel.
static size_t dwconv_rows_per_tile(size_t batch, size_t rows, size_t threads) {
  if (threads <= 1) return rows;
  const size_t target_tiles = threads * XQNN_TARGET_TILES_PER_THREAD;
  const size_t tiles_per_image = xqnn_divide_round_up(target_tiles, batch);
  return xqnn_divide_round_up(rows, xqnn_max_sz(tiles_per_image, 1));
}

// A convolution on single pixels (a classifier after global pooling) reads
// each weight once per image: xqnn_choose_kernel then gives it kernels on
// byte weights where create's packed int16 ones (which would double the bytes
// it streams: MobileNet v2's 1x1 classifier at the AVX2 tier 0.053 -> 0.13
// ms). Their weights: a byte copy of the packed ones, made at the first such
// reshape and kept until delete.
static enum xqnn_status byte_copy_of_weights(xqnn_operator_t op, const struct xqnn_gemm_config* byte_config,
                                             const void** weights, size_t* group_stride) {
  if (op->byte_packed_weights == NULL) {
    // The copy keeps the headers as packed, and reads int16 pairs (kr = 2).
    assert(byte_config->input_offset == op->gemm_config->input_offset && op->gemm_config->log2_kr == 1);
    const struct xqnn_convolution_geometry* g = &op->geometry;
    const struct xqnn_gemm_narrowing narrowing = {
        .groups = g->groups,
        .nc = g->group_output_channels,
        .ks = (size_t) g->kernel_height * g->kernel_width,
        .kc = g->group_input_channels,
        .nr = op->gemm_config->nr,
        .wide_group_stride = op->packed_weights_group_stride,
        .narrow_kr = (size_t) 1 << byte_config->log2_kr,
        .weight_offset = op->variant->packed_weights == xqnn_packed_weights_qu8 ? op->kernel_zero_point : 0,
    };
    const size_t group_size = xqnn_narrowed_gemm_group_size(&narrowing);
    size_t size;
    if (!xqnn_mul_sz(g->groups, group_size, &size)) return xqnn_status_invalid_parameter;  // unreachable: smaller than the int16 packing
    op->byte_packed_weights = xqnn_allocate_zero(size);
    if (op->byte_packed_weights == NULL) return xqnn_status_out_of_memory;
    xqnn_narrow_packed_gemm_weights(&narrowing, op->packed_weights, op->byte_packed_weights);
    op->byte_packed_weights_group_stride = group_size;
  }
  *weights = op->byte_packed_weights;
  *group_stride = op->byte_packed_weights_group_stride;
  return xqnn_status_success;
}

enum xqnn_status xqnn_reshape_convolution2d_nhwc(
    xqnn_operator_t op, enum xqnn_operator_type type, size_t batch_size, size_t input_height,
    size_t input_width, size_t* output_height_out, size_t* output_width_out,
    pthreadpool_t threadpool) {
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape convolution2d_nhwc");
  if (status != xqnn_status_success) return status;
  const char* name = xqnn_operator_type_name(type);
  const struct xqnn_convolution_geometry* g = &op->geometry;
  const struct xqnn_datatype_variant* variant = op->variant;
  const uint32_t log2_input_size = variant->log2_input_size;
  const uint32_t log2_output_size = variant->log2_output_size;
  // QD8: one zero row per image, filled with its zero point at run time.
  const bool zero_per_image = variant->qd8;
  const uint8_t zero_fill = zero_per_image ? 0 : (uint8_t) op->input_zero_point;
  if (input_height == 0 || input_width == 0) {
    xqnn_log_error("reshape %s: input size %zux%zu must be non-zero", name, input_height, input_width);
    return reshape_fail(op, xqnn_status_invalid_parameter);
  }
  size_t pad_top, pad_left, output_height, output_width;
  if (!xqnn_window_output_size(name, g, input_height, input_width, &pad_top, &pad_left, &output_height,
                               &output_width)) {
    return reshape_fail(op, xqnn_status_invalid_parameter);
  }
  // Tensor sizes in bytes must fit size_t.
  const size_t in_factors[] = {batch_size, input_height, input_width, g->input_pixel_stride,
                               (size_t) 1 << log2_input_size};
  const size_t out_factors[] = {batch_size, output_height, output_width, g->output_pixel_stride,
                                (size_t) 1 << log2_output_size};
  size_t input_bytes, output_bytes;
  if (!xqnn_mul_sz_n(XQNN_COUNT_OF(in_factors), in_factors, &input_bytes) ||
      !xqnn_mul_sz_n(XQNN_COUNT_OF(out_factors), out_factors, &output_bytes) ||
      !xqnn_mul_sz_n(XQNN_COUNT_OF(in_factors) - 1, in_factors + 1, &input_bytes) ||
      !xqnn_mul_sz_n(XQNN_COUNT_OF(out_factors) - 1, out_factors + 1, &output_bytes)) {
    xqnn_log_error("reshape %s: batch %zu x %zux%zu pixels overflows the tensor size", name,
                   batch_size, input_height, input_width);
    return reshape_fail(op, xqnn_status_invalid_parameter);
  }
  op->batch_size = batch_size;
  op->input_height = input_height;
  op->input_width = input_width;
  op->output_height = output_height;
  op->output_width = output_width;
  op->active_padding_top = (uint32_t) pad_top;
  op->active_padding_left = (uint32_t) pad_left;
  if (output_height_out != NULL) *output_height_out = output_height;
  if (output_width_out != NULL) *output_width_out = output_width;
  if (batch_size == 0) {
    op->state = xqnn_operator_state_skip;
    return xqnn_status_success;
  }

  const size_t input_image_bytes = input_bytes;     // one image
  const size_t output_image_bytes = output_bytes;   // one image
  const size_t in_pixel_bytes = g->input_pixel_stride << log2_input_size;
  const size_t out_pixel_bytes = g->output_pixel_stride << log2_output_size;
  const size_t threads = xqnn_threadpool_size(threadpool);
  const size_t groups = g->groups;
  const size_t gic = g->group_input_channels;
  const size_t goc = g->group_output_channels;
  const struct xqnn_conv2d_geometry geometry = {
      .input_height = input_height, .input_width = input_width,
      .output_height = output_height, .output_width = output_width,
      .kernel_height = g->kernel_height, .kernel_width = g->kernel_width,
      .stride_height = g->stride_height, .stride_width = g->stride_width,
      .dilation_height = g->dilation_height, .dilation_width = g->dilation_width,
      .padding_top = pad_top, .padding_left = pad_left,
      .input_pixel_stride_bytes = in_pixel_bytes,
  };
  const size_t output_size = output_height * output_width;  // fits: output_bytes did
  const size_t kernel_size = (size_t) g->kernel_height * g->kernel_width;
  struct xqnn_kernel_query query = xqnn_operator_kernel_query(op);
  query.m = output_size;
  const struct xqnn_kernel_choice kernels = xqnn_choose_kernel(&query);
  const void* weights = op->packed_weights;
  size_t weights_group_stride = op->packed_weights_group_stride;
  if (kernels.type != xqnn_microkernel_type_dwconv && op->gemm_config->int16_weights &&
      !kernels.gemm_config->int16_weights) {
    const enum xqnn_status status = byte_copy_of_weights(op, kernels.gemm_config, &weights, &weights_group_stride);
    if (status != xqnn_status_success) return reshape_fail(op, status);
  }

  switch (kernels.type) {
    case xqnn_microkernel_type_gemm:
      xqnn_init_gemm_compute(op, &kernels, weights, weights_group_stride, groups, batch_size * output_size,
                             in_pixel_bytes, out_pixel_bytes, threads);
      break;
    case xqnn_microkernel_type_igemm: {
      const struct xqnn_gemm_config* config = kernels.gemm_config;
      const size_t mr = kernels.mr;
      size_t zero_bytes, count;
      if (!xqnn_add_sz(gic << log2_input_size, XQNN_EXTRA_BYTES, &zero_bytes) ||
          (zero_per_image && !xqnn_mul_sz(zero_bytes, batch_size, &zero_bytes)) ||
          !xqnn_conv2d_indirection_size(&geometry, mr, &count)) {
        xqnn_log_error("reshape %s: indirection buffer size overflows", name);
        return reshape_fail(op, xqnn_status_invalid_parameter);
      }
      // QD8: one indirection copy per image, whose padding entries point at
      // that image's zero row (filled from its zero point at run time).
      const size_t copies = zero_per_image ? batch_size : 1;
      size_t total_count;
      if (!xqnn_mul_sz(count, copies, &total_count) || total_count > SIZE_MAX / sizeof(void*)) {
        xqnn_log_error("reshape %s: indirection buffer size overflows", name);
        return reshape_fail(op, xqnn_status_invalid_parameter);
      }
      if (!xqnn_reserve_zero_buffer(op, zero_bytes, zero_fill) ||
          !xqnn_reserve_indirection_buffer(op, total_count)) {
        xqnn_log_error("reshape %s: cannot allocate %zu indirection pointers", name, total_count);
        return reshape_fail(op, xqnn_status_out_of_memory);
      }
      for (size_t b = 0; b < copies; b++) {
        xqnn_init_conv2d_indirection(&geometry, mr, (const uint8_t*) op->zero_buffer + b * (zero_bytes / copies),
                                     op->indirection_buffer + b * count);
      }
      struct xqnn_igemm_context* ctx = &op->context.igemm;
      *ctx = (struct xqnn_igemm_context){
          .kc = gic,
          .ks = kernel_size,
          .indirect_a = op->indirection_buffer,
          .ba_stride = input_image_bytes,
          .ga_stride = gic << log2_input_size,
          .zero = op->zero_buffer,
          .zero_batch_stride = zero_per_image ? zero_bytes / batch_size : 0,
          .indirect_batch_stride = zero_per_image ? count : 0,
          .packed_w = weights,
          .w_stride = weights_group_stride / xqnn_divide_round_up(goc, config->nr),
          .gw_stride = weights_group_stride,
          .cm_stride = out_pixel_bytes,
          .cn_stride = (size_t) config->nr << log2_output_size,
          .gc_stride = goc << log2_output_size,
          .bc_stride = output_image_bytes,
          .log2_csize = log2_output_size,
          .mr = (uint32_t) mr,
          .nr = config->nr,
          .ukernel = kernels.igemm,
          .params = op->gemm_params,
      };
      size_t m_tile, n_tile;
      xqnn_choose_gemm_tiles(output_size, goc, mr, config->nr, batch_size * groups, threads,
                             &m_tile, &n_tile);
      op->num_computes = 1;
      op->compute[0] = (struct xqnn_compute){
          .type = xqnn_parallelization_4d_tile_2d,
          .task_4d_tile_2d = xqnn_compute_grouped_batch_igemm,
          .context = ctx,
          .range = {batch_size, groups, output_size, goc},
          .tile = {m_tile, n_tile},
      };
      break;
    }
    case xqnn_microkernel_type_dwconv: {
      const struct xqnn_dwconv_ukernel* ukernel = kernels.dwconv;
      const bool multipass = ukernel->middle_pass_tile != 0;
      const size_t channels = groups;  // one input and one output channel per group
      const size_t chunk = multipass ? xqnn_min_sz(channels, XQNN_DWCONV_CHANNEL_CHUNK) : channels;
      struct xqnn_dwconv_indirection_layout layout;
      size_t zero_bytes;
      if (!xqnn_add_sz(chunk << log2_input_size, XQNN_EXTRA_BYTES, &zero_bytes) ||
          !xqnn_dwconv_indirection_layout(&geometry, &layout)) {
        xqnn_log_error("reshape %s: indirection buffer size overflows", name);
        return reshape_fail(op, xqnn_status_invalid_parameter);
      }
      if (!xqnn_reserve_zero_buffer(op, zero_bytes, zero_fill) ||
          !xqnn_reserve_indirection_buffer(op, layout.count)) {
        xqnn_log_error("reshape %s: cannot allocate %zu indirection pointers", name, layout.count);
        return reshape_fail(op, xqnn_status_out_of_memory);
      }
      xqnn_init_dwconv_indirection(&geometry, &layout, op->zero_buffer, op->indirection_buffer);
      struct xqnn_dwconv_context* ctx = &op->context.dwconv;
      *ctx = (struct xqnn_dwconv_context){
          .indirect_input = op->indirection_buffer,
          .indirect_input_height_stride = layout.step_height * sizeof(void*),
          .indirect_input_width_stride = layout.step_width * g->kernel_height * sizeof(void*),
          .input_batch_stride = input_image_bytes,
          .zero = op->zero_buffer,
          .packed_weights = op->packed_weights,
          .weights_tile_stride = op->packed_weights_group_stride,
          .output_batch_stride = output_image_bytes,
          .output_height_stride = output_width * out_pixel_bytes,
          .output_pixel_stride = g->output_pixel_stride,
          .output_width = output_width,
          .channels = channels,
          .kernel_size = kernel_size,
          .channel_tile = ukernel->channel_tile,
          .log2_input_size = log2_input_size,
          .log2_output_size = log2_output_size,
          .multipass = multipass,
          .ukernel = ukernel->fn,
          .params = op->gemm_params,
      };
      op->num_computes = 1;
      op->compute[0] = (struct xqnn_compute){
          .type = xqnn_parallelization_2d_tile_1d,
          .task_2d_tile_1d = xqnn_compute_dwconv,
          .context = ctx,
          .range = {batch_size, output_height},
          .tile = {dwconv_rows_per_tile(batch_size, output_height, threads)},
      };
      break;
    }
    default:
      return reshape_fail(op, xqnn_status_invalid_state);
  }
  if (zero_per_image) {
    xqnn_prepend_qd8_zero_fill(op, xqnn_compute_qd8_fill_zero, &op->context.igemm, batch_size);
  }
  op->state = xqnn_operator_state_needs_setup;
  return xqnn_status_success;
}

enum xqnn_status xqnn_setup_convolution2d_nhwc(
    xqnn_operator_t op, enum xqnn_operator_type type, const void* input, void* output,
    const struct xqnn_quantization_params* quantization_params) {
  const enum xqnn_status status =
      xqnn_check_weighted_setup(op, type, input, output, quantization_params);
  if (status != xqnn_status_success || op->state == xqnn_operator_state_skip) return status;
  switch (op->ukernel_type) {
    case xqnn_microkernel_type_gemm:
      op->context.gemm.a = input;
      op->context.gemm.c = output;
      op->context.gemm.quantization_params = quantization_params;
      break;
    case xqnn_microkernel_type_igemm:
      op->context.igemm.a = input;
      op->context.igemm.c = output;
      op->context.igemm.quantization_params = quantization_params;
      break;
    case xqnn_microkernel_type_dwconv:
      op->context.dwconv.input = input;
      op->context.dwconv.output = output;
      break;
    default:
      return xqnn_status_invalid_state;
  }
  op->state = xqnn_operator_state_ready;
  return xqnn_status_success;
}

enum xqnn_status xqnn_check_weighted_setup(
    xqnn_operator_t op, enum xqnn_operator_type type, const void* input, const void* output,
    const struct xqnn_quantization_params* quantization_params) {
  const enum xqnn_status status = xqnn_check_operator(op, type, "setup");
  if (status != xqnn_status_success) return status;
  // QD8 also needs its quantization parameters.
  const size_t count = op->variant->qd8 ? 3 : 2;
  return xqnn_check_setup(op, type, (const void* const[]){input, output, quantization_params}, count);
}

void xqnn_init_gemm_compute(
    xqnn_operator_t op, const struct xqnn_kernel_choice* kernels, const void* w, size_t group_stride,
    size_t groups, size_t m, size_t a_stride, size_t cm_stride, size_t num_threads) {
  const struct xqnn_convolution_geometry* g = &op->geometry;
  const uint32_t log2_input_size = op->variant->log2_input_size;
  const uint32_t log2_output_size = op->variant->log2_output_size;
  const size_t goc = g->group_output_channels;
  struct xqnn_gemm_context* ctx = &op->context.gemm;
  *ctx = (struct xqnn_gemm_context){
      .kc = g->group_input_channels,
      .a_stride = a_stride,
      .ga_stride = g->group_input_channels << log2_input_size,
      .packed_w = w,
      .w_stride = group_stride / xqnn_divide_round_up(goc, kernels->gemm_config->nr),
      .gw_stride = group_stride,
      .cm_stride = cm_stride,
      .cn_stride = (size_t) kernels->gemm_config->nr << log2_output_size,
      .gc_stride = goc << log2_output_size,
      .log2_csize = log2_output_size,
      .mr = kernels->mr,
      .nr = kernels->gemm_config->nr,
      .ukernel = kernels->gemm,
      .ukernel1 = kernels->gemm1,
      .params = op->gemm_params,
  };
  size_t m_tile, n_tile;
  xqnn_choose_gemm_tiles(m, goc, kernels->mr, kernels->gemm_config->nr, groups, num_threads,
                         &m_tile, &n_tile);
  op->num_computes = 1;
  op->compute[0] = (struct xqnn_compute){
      .type = xqnn_parallelization_3d_tile_2d,
      .task_3d_tile_2d = xqnn_compute_grouped_gemm,
      .context = ctx,
      .range = {groups, m, goc},
      .tile = {m_tile, n_tile},
  };
}

void xqnn_prepend_qd8_zero_fill(
    xqnn_operator_t op, pthreadpool_task_1d_tile_1d_t fill_zero, void* context, size_t batch_size) {
  assert(op->num_computes == 1);
  op->compute[1] = op->compute[0];
  op->compute[0] = (struct xqnn_compute){
      .type = xqnn_parallelization_1d_tile_1d,
      .task_1d_tile_1d = fill_zero,
      .context = context,
      .range = {batch_size},
      .tile = {1},
  };
  op->num_computes = 2;
}
