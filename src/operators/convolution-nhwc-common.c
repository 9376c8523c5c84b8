// Data-type-independent parts of the 2D convolution operators: validation of
// the geometry, kernel-type choice, weight reordering, reshape and setup
// (declarations and contracts in src/xqnn/convolution.h).
#include <stdlib.h>
#include <string.h>

#include "xqnn/convolution.h"
#include "xqnn/indirection.h"
#include "xqnn/math.h"

#define SUPPORTED_FLAGS (XQNN_FLAG_DEPTHWISE_CONVOLUTION | XQNN_FLAG_TENSORFLOW_SAME_PADDING)

static uint64_t effective_kernel(uint32_t kernel, uint32_t dilation) {
  return ((uint64_t) kernel - 1) * (uint64_t) dilation + 1;
}

enum xqnn_status xqnn_check_convolution_params(
    enum xqnn_operator_type type, const struct xqnn_convolution_params* p,
    size_t* kernel_elements) {
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
  if ((p->flags & ~(SUPPORTED_FLAGS | xqnn_requantization_flags(type))) != 0) {
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

enum xqnn_microkernel_type xqnn_choose_convolution_microkernel(
    const struct xqnn_convolution_params* p, bool dwconv_available) {
  const bool any_padding =
      (p->padding_top | p->padding_right | p->padding_bottom | p->padding_left) != 0;
  if (p->group_input_channels == 1 && p->group_output_channels == 1 && dwconv_available) {
    return xqnn_microkernel_type_dwconv;
  }
  if (p->kernel_height == 1 && p->kernel_width == 1 && p->stride_height == 1 &&
      p->stride_width == 1 && !any_padding) {
    return xqnn_microkernel_type_gemm;
  }
  return xqnn_microkernel_type_igemm;
}

void xqnn_store_convolution_params(xqnn_operator_t op, const struct xqnn_convolution_params* p) {
  op->padding_top = p->padding_top;
  op->padding_right = p->padding_right;
  op->padding_bottom = p->padding_bottom;
  op->padding_left = p->padding_left;
  op->kernel_height = p->kernel_height;
  op->kernel_width = p->kernel_width;
  op->stride_height = p->stride_height;
  op->stride_width = p->stride_width;
  op->dilation_height = p->dilation_height;
  op->dilation_width = p->dilation_width;
  op->groups = p->groups;
  op->group_input_channels = p->group_input_channels;
  op->group_output_channels = p->group_output_channels;
  op->input_pixel_stride = p->input_pixel_stride;
  op->output_pixel_stride = p->output_pixel_stride;
  op->flags = p->flags;
}

const void* xqnn_convolution_gemm_kernel(
    const struct xqnn_convolution_params* p, const void* kernel, size_t element_size,
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

// Padding and output size of one dimension (DESIGN.md section 8). False when
// the padded input is smaller than the effective kernel (no output).
static bool output_dimension(size_t input, uint32_t kernel, uint32_t stride, uint32_t dilation,
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

static enum xqnn_status reshape_fail(xqnn_operator_t op, enum xqnn_status status) {
  op->state = xqnn_operator_state_created;
  return status;
}

// Makes op->zero_buffer hold at least `size` bytes of `fill`.
static bool ensure_zero_buffer(xqnn_operator_t op, size_t size, uint8_t fill) {
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

static bool ensure_indirection_buffer(xqnn_operator_t op, size_t count) {
  const size_t bytes = count * sizeof(void*);  // checked by the layout functions
  if (op->indirection_buffer == NULL || op->indirection_buffer_size < bytes) {
    xqnn_release((void*) op->indirection_buffer);
    op->indirection_buffer_size = 0;
    op->indirection_buffer = xqnn_allocate_zero(bytes);
    if (op->indirection_buffer == NULL) return false;
    op->indirection_buffer_size = bytes;
  }
  return true;
}

static size_t dwconv_rows_per_tile(size_t batch, size_t rows, size_t threads) {
  if (threads <= 1) return rows;
  const size_t target_tiles = threads * 5;
  const size_t tiles_per_image = xqnn_divide_round_up(target_tiles, batch);
  return xqnn_max_sz(rows / xqnn_max_sz(tiles_per_image, 1), 1);
}

enum xqnn_status xqnn_reshape_convolution2d_nhwc(
    xqnn_operator_t op, enum xqnn_operator_type type, const struct xqnn_convolution_type_info* info,
    size_t batch_size, size_t input_height, size_t input_width, size_t* output_height_out,
    size_t* output_width_out, pthreadpool_t threadpool) {
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape convolution2d_nhwc");
  if (status != xqnn_status_success) return status;
  const char* name = xqnn_operator_type_name(type);
  if (input_height == 0 || input_width == 0) {
    xqnn_log_error("reshape %s: input size %zux%zu must be non-zero", name, input_height, input_width);
    return reshape_fail(op, xqnn_status_invalid_parameter);
  }
  const bool same = (op->flags & XQNN_FLAG_TENSORFLOW_SAME_PADDING) != 0;
  size_t pad_top, pad_left, output_height, output_width;
  if (!output_dimension(input_height, op->kernel_height, op->stride_height, op->dilation_height,
                        same, op->padding_top, op->padding_bottom, &pad_top, &output_height) ||
      !output_dimension(input_width, op->kernel_width, op->stride_width, op->dilation_width,
                        same, op->padding_left, op->padding_right, &pad_left, &output_width)) {
    xqnn_log_error("reshape %s: padded input %zux%zu (padding %u, %u, %u, %u) is smaller than the "
                   "effective kernel (%u - 1) * %u + 1 x (%u - 1) * %u + 1", name, input_height,
                   input_width, (unsigned) op->padding_top, (unsigned) op->padding_right,
                   (unsigned) op->padding_bottom, (unsigned) op->padding_left,
                   (unsigned) op->kernel_height, (unsigned) op->dilation_height,
                   (unsigned) op->kernel_width, (unsigned) op->dilation_width);
    return reshape_fail(op, xqnn_status_invalid_parameter);
  }
  // Tensor sizes in bytes must fit size_t.
  const size_t in_factors[] = {batch_size, input_height, input_width, op->input_pixel_stride,
                               (size_t) 1 << info->log2_input_size};
  const size_t out_factors[] = {batch_size, output_height, output_width, op->output_pixel_stride,
                                (size_t) 1 << info->log2_output_size};
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
  const size_t in_pixel_bytes = op->input_pixel_stride << info->log2_input_size;
  const size_t out_pixel_bytes = op->output_pixel_stride << info->log2_output_size;
  const size_t threads = xqnn_threadpool_size(threadpool);
  const size_t groups = op->groups;
  const size_t gic = op->group_input_channels;
  const size_t goc = op->group_output_channels;
  const struct xqnn_conv2d_geometry geometry = {
      .input_height = input_height, .input_width = input_width,
      .output_height = output_height, .output_width = output_width,
      .kernel_height = op->kernel_height, .kernel_width = op->kernel_width,
      .stride_height = op->stride_height, .stride_width = op->stride_width,
      .dilation_height = op->dilation_height, .dilation_width = op->dilation_width,
      .padding_top = pad_top, .padding_left = pad_left,
      .input_pixel_stride_bytes = in_pixel_bytes,
  };
  const size_t output_size = output_height * output_width;  // fits: output_bytes did
  const size_t kernel_size = (size_t) op->kernel_height * op->kernel_width;

  switch (op->ukernel_type) {
    case xqnn_microkernel_type_gemm: {
      const struct xqnn_gemm_config* config = op->gemm_config;
      const size_t m = batch_size * output_size;
      struct xqnn_gemm_context* ctx = &op->context.gemm;
      *ctx = (struct xqnn_gemm_context){
          .kc = gic,
          .a_stride = in_pixel_bytes,
          .ga_stride = gic << info->log2_input_size,
          .packed_w = op->packed_weights,
          .w_stride = op->packed_weights_group_stride / xqnn_divide_round_up(goc, config->nr),
          .gw_stride = op->packed_weights_group_stride,
          .cm_stride = out_pixel_bytes,
          .cn_stride = (size_t) config->nr << info->log2_output_size,
          .gc_stride = goc << info->log2_output_size,
          .log2_csize = info->log2_output_size,
          .mr = config->mr,
          .nr = config->nr,
          .ukernel = config->gemm,
          .ukernel1 = config->gemm1,
          .params = op->gemm_params,
      };
      size_t m_tile, n_tile;
      xqnn_choose_gemm_tiles(m, goc, config->mr, config->nr, groups, threads, &m_tile, &n_tile);
      op->num_computes = 1;
      op->compute[0] = (struct xqnn_compute){
          .type = xqnn_parallelization_3d_tile_2d,
          .task_3d_tile_2d = xqnn_compute_grouped_gemm,
          .context = ctx,
          .range = {groups, m, goc},
          .tile = {m_tile, n_tile},
      };
      break;
    }
    case xqnn_microkernel_type_igemm: {
      const struct xqnn_gemm_config* config = op->gemm_config;
      const bool single_row = output_size == 1;
      const size_t mr = single_row ? 1 : config->mr;
      size_t zero_bytes, count;
      if (!xqnn_add_sz(gic << info->log2_input_size, XQNN_EXTRA_BYTES, &zero_bytes) ||
          (info->zero_per_image && !xqnn_mul_sz(zero_bytes, batch_size, &zero_bytes)) ||
          !xqnn_conv2d_indirection_size(&geometry, mr, &count)) {
        xqnn_log_error("reshape %s: indirection buffer size overflows", name);
        return reshape_fail(op, xqnn_status_invalid_parameter);
      }
      // QD8: one indirection copy per image, whose padding entries point at
      // that image's zero row (filled from its zero point at run time).
      const size_t copies = info->zero_per_image ? batch_size : 1;
      size_t total_count;
      if (!xqnn_mul_sz(count, copies, &total_count) || total_count > SIZE_MAX / sizeof(void*)) {
        xqnn_log_error("reshape %s: indirection buffer size overflows", name);
        return reshape_fail(op, xqnn_status_invalid_parameter);
      }
      if (!ensure_zero_buffer(op, zero_bytes, info->zero_fill) ||
          !ensure_indirection_buffer(op, total_count)) {
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
          .ga_stride = gic << info->log2_input_size,
          .zero = op->zero_buffer,
          .zero_batch_stride = info->zero_per_image ? zero_bytes / batch_size : 0,
          .indirect_batch_stride = info->zero_per_image ? count : 0,
          .packed_w = op->packed_weights,
          .w_stride = op->packed_weights_group_stride / xqnn_divide_round_up(goc, config->nr),
          .gw_stride = op->packed_weights_group_stride,
          .cm_stride = out_pixel_bytes,
          .cn_stride = (size_t) config->nr << info->log2_output_size,
          .gc_stride = goc << info->log2_output_size,
          .bc_stride = output_image_bytes,
          .log2_csize = info->log2_output_size,
          .mr = (uint32_t) mr,
          .nr = config->nr,
          .ukernel = single_row ? config->igemm1 : config->igemm,
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
      const struct xqnn_dwconv_ukernel* ukernel = op->dwconv_ukernel;
      const bool multipass = ukernel->middle_pass_tile != 0;
      const size_t channels = groups;  // one input and one output channel per group
      const size_t chunk = multipass ? xqnn_min_sz(channels, XQNN_DWCONV_CHANNEL_CHUNK) : channels;
      struct xqnn_dwconv_indirection_layout layout;
      size_t zero_bytes;
      if (!xqnn_add_sz(chunk << info->log2_input_size, XQNN_EXTRA_BYTES, &zero_bytes) ||
          !xqnn_dwconv_indirection_layout(&geometry, &layout)) {
        xqnn_log_error("reshape %s: indirection buffer size overflows", name);
        return reshape_fail(op, xqnn_status_invalid_parameter);
      }
      if (!ensure_zero_buffer(op, zero_bytes, info->zero_fill) ||
          !ensure_indirection_buffer(op, layout.count)) {
        xqnn_log_error("reshape %s: cannot allocate %zu indirection pointers", name, layout.count);
        return reshape_fail(op, xqnn_status_out_of_memory);
      }
      xqnn_init_dwconv_indirection(&geometry, &layout, op->zero_buffer, op->indirection_buffer);
      struct xqnn_dwconv_context* ctx = &op->context.dwconv;
      *ctx = (struct xqnn_dwconv_context){
          .indirect_input = op->indirection_buffer,
          .indirect_input_height_stride = layout.step_height * sizeof(void*),
          .indirect_input_width_stride = layout.step_width * op->kernel_height * sizeof(void*),
          .input_batch_stride = input_image_bytes,
          .zero = op->zero_buffer,
          .packed_weights = op->packed_weights,
          .weights_tile_stride = op->packed_weights_group_stride,
          .output_batch_stride = output_image_bytes,
          .output_height_stride = output_width * out_pixel_bytes,
          .output_pixel_stride = op->output_pixel_stride,
          .output_width = output_width,
          .channels = channels,
          .kernel_size = kernel_size,
          .channel_tile = ukernel->channel_tile,
          .log2_input_size = info->log2_input_size,
          .log2_output_size = info->log2_output_size,
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
  op->state = xqnn_operator_state_needs_setup;
  return xqnn_status_success;
}

enum xqnn_status xqnn_setup_convolution2d_nhwc(
    xqnn_operator_t op, enum xqnn_operator_type type, const void* input, void* output,
    const struct xqnn_quantization_params* quantization_params) {
  const enum xqnn_status status = xqnn_check_setup(op, type, (const void* const[]){input, output}, 2);
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
