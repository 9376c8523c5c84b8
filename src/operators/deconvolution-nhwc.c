// Deconvolution (transposed convolution), NHWC: QS8, QS8-QC8W, QU8, and
// QD8-F32-QC8W / QD8-F16-QC8W (dynamically quantized input, see "QD8" below).
//
// Definition. With x the input [batch][IH][IW][groups * gic] and w the kernel
// [groups][goc][KH][KW][gic], every input pixel scatters into the output:
//   out[oy][ox][g][n] = requantize(bias[g][n] + sum over (iy, ix, ky, kx, c) with
//        oy = iy * SH + ky * DH - pad_top,  ox = ix * SW + kx * DW - pad_left
//      of (x[iy][ix][g][c] - x_zp) * (w[g][n][ky][kx][c] - w_zp))
//   OH = SH * (IH - 1) + adjustment_h + (KH - 1) * DH + 1 - pad_top - pad_bottom   (likewise OW)
//
// Decomposition (XNNPACK's indirect deconvolution). Output row oy only receives
// kernel rows ky with ky * DH = oy + pad_top (mod SH), i.e. the rows whose
// "phase" (ky * DH - pad_top) mod SH equals oy mod SH. So the output splits
// into SH * SW sub-convolutions, one per stride phase (py, px) = (oy mod SH,
// ox mod SW), each a plain (stride-1 in its own coordinates) convolution over
// the input with only that phase's taps:
//   - create: kernel rows and columns are grouped by phase; each phase's taps
//     are gathered into a temporary [groups][goc][taps][gic] array and packed
//     with xqnn_pack_gemm_weights into the phase's own packed block (the input
//     zero point folded into its bias with the phase's own weight sums).
//   - reshape: each phase gets its own indirection buffer (src/indirection.c):
//     for every output pixel of the phase and every tap, the input pixel
//     iy = (oy + pad_top - ky * DH) / SH (exact), or the zero buffer (a row of
//     the input zero point, which contributes exactly 0) when it lies outside
//     the input. The igemm micro-kernels compute each phase's pixels, writing
//     straight into the output with a pixel stride of SW output pixels.
//   - phases without taps (kernel or dilation smaller than the stride) still
//     have outputs: bias only. They share one packed block of neutral weights
//     (0, or the kernel zero point for QU8: contributes 0, folds nothing)
//     read through one zero-buffer tap per pixel, so they go through the same
//     igemm path and requantization and are exact.
//   - kernel == stride, no padding, no adjustment (dilation irrelevant or 1):
//     every phase has exactly one tap and phase row y / column x is input
//     pixel (y, x), so each phase is a plain gemm on the input rows (no
//     indirection) with outputs written SW pixels apart.
// Each output element is computed once by one kernel call (no scatter-add of
// partial sums, no im2col, no zero-stuffed input). Tiles are pieces of one
// phase row, so results do not depend on the tiling or the thread count.
//
// Data-type specifics (zero-point folding, requantization parameters, output
// element size, zero-buffer contents, QD8 policy) come from op->variant
// (src/xqnn/operator-variants.h); the geometry, its validation and the create
// steps are convolution's (src/xqnn/convolution.h); packing by phase,
// indirection and tiling below serve every data type.
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xqnn/convolution.h"
#include "xqnn/indirection.h"
#include "xqnn/math.h"
#include "xqnn/operator.h"
#include "xqnn/packing.h"
#include "xqnn/quantized-weights.h"

// ---- operator state ----

// Owned by the operator (op->extra_buffer, one allocation).
struct deconvolution_state {
  size_t num_subconv;                   // stride_height * stride_width
  struct xqnn_subconv_params* subconv;  // phase (py, px) at py * stride_width + px
  size_t* taps_y_start;  // [stride_height + 1]: phase py's kernel rows are
  size_t* taps_x_start;  //   taps_y[taps_y_start[py] .. taps_y_start[py + 1]]
  uint32_t* taps_y;      // [kernel_height]: kernel rows grouped by phase, ascending
  uint32_t* taps_x;      // [kernel_width]
  // The indirection buffer was built for these (it holds offsets, not addresses).
  bool indirection_valid;
  size_t indirection_input_height, indirection_input_width;
  uint32_t indirection_adjustment_height, indirection_adjustment_width;
  size_t indirection_mr;
};

// What deconvolution adds to convolution's geometry check (which bounds the
// dilated kernel): the sub-convolutions, one per stride phase, must fit.
static enum xqnn_status check_subconvolutions(
    enum xqnn_operator_type type, const struct xqnn_convolution_geometry* g) {
  size_t subconv;
  if (!xqnn_mul_sz(g->stride_height, g->stride_width, &subconv) || subconv > SIZE_MAX / 256) {
    xqnn_log_error("create %s: stride %ux%u overflows",
                   xqnn_operator_type_name(type), (unsigned) g->stride_height,
                   (unsigned) g->stride_width);
    return xqnn_status_invalid_parameter;
  }
  return xqnn_status_success;
}

// Groups kernel positions 0..kernel-1 by phase (k * dilation - padding) mod stride.
static void group_taps_by_phase(
    uint32_t kernel, uint32_t stride, uint32_t dilation, uint32_t padding, size_t* start,
    uint32_t* taps) {
  const uint64_t padding_mod = (uint64_t) padding % stride;
  for (size_t p = 0; p <= stride; p++) start[p] = 0;
  for (uint32_t k = 0; k < kernel; k++) {
    const uint64_t phase = ((uint64_t) k * dilation % stride + stride - padding_mod) % stride;
    start[phase + 1]++;
  }
  for (size_t p = 0; p < stride; p++) start[p + 1] += start[p];
  // Place in ascending k within each phase (start[p] is advanced, then restored).
  for (uint32_t k = 0; k < kernel; k++) {
    const uint64_t phase = ((uint64_t) k * dilation % stride + stride - padding_mod) % stride;
    taps[start[phase]++] = k;
  }
  for (size_t p = stride; p > 0; p--) start[p] = start[p - 1];
  start[0] = 0;
}

// Groups taps by phase (geometry in op->geometry), packs each phase's weights
// and fills the zero buffer. `base` describes the whole kernel ([groups][goc][KH *
// KW][gic], nr/kr/sr of op->gemm_config, bias, scales, zero points); the
// per-phase ks and kernel are filled in here. Every data type comes through
// this function.
static enum xqnn_status init_deconvolution(
    xqnn_operator_t op, const struct xqnn_gemm_packing* base, uint8_t zero_fill) {
  const char* name = xqnn_operator_type_name(op->type);
  const struct xqnn_convolution_geometry* g = &op->geometry;

  // State: header, subconv[], taps_y_start[], taps_x_start[], taps_y[], taps_x[].
  const size_t sh = g->stride_height, sw = g->stride_width;
  const size_t num_subconv = sh * sw;  // checked by check_subconvolutions
  const size_t state_size = sizeof(struct deconvolution_state) +
                            num_subconv * sizeof(struct xqnn_subconv_params) +
                            (sh + 1 + sw + 1) * sizeof(size_t) +
                            ((size_t) g->kernel_height + g->kernel_width) * sizeof(uint32_t);
  struct deconvolution_state* state = xqnn_allocate_zero(state_size);
  if (state == NULL) {
    xqnn_log_error("create %s: cannot allocate %zu bytes of sub-convolution state", name, state_size);
    return xqnn_status_out_of_memory;
  }
  op->extra_buffer = state;
  state->num_subconv = num_subconv;
  state->subconv = (struct xqnn_subconv_params*) (state + 1);
  state->taps_y_start = (size_t*) (state->subconv + num_subconv);
  state->taps_x_start = state->taps_y_start + sh + 1;
  state->taps_y = (uint32_t*) (state->taps_x_start + sw + 1);
  state->taps_x = state->taps_y + g->kernel_height;
  group_taps_by_phase(g->kernel_height, g->stride_height, g->dilation_height, g->padding_top,
                      state->taps_y_start, state->taps_y);
  group_taps_by_phase(g->kernel_width, g->stride_width, g->dilation_width, g->padding_left,
                      state->taps_x_start, state->taps_x);

  // Packed weights: one block per phase with taps (aligned), plus one shared
  // bias-only block (ks = 1, neutral weights) for the phases without taps.
  struct xqnn_gemm_packing packing = *base;
  const size_t groups = g->groups;
  const size_t kc = g->group_input_channels;
  const size_t nc = g->group_output_channels;
  size_t total = 0, max_ks = 1;
  bool any_bias_only = false;
  for (size_t s = 0; s < num_subconv; s++) {
    const size_t py = s / sw, px = s % sw;
    const size_t ks = (state->taps_y_start[py + 1] - state->taps_y_start[py]) *
                      (state->taps_x_start[px + 1] - state->taps_x_start[px]);
    if (ks == 0) {
      any_bias_only = true;
      continue;
    }
    packing.ks = ks;
    max_ks = xqnn_max_sz(max_ks, ks);
    total = xqnn_round_up(total, XQNN_ALLOCATION_ALIGNMENT) + groups * xqnn_packed_gemm_group_size(&packing);
  }
  size_t bias_only_offset = 0;
  if (any_bias_only) {
    packing.ks = 1;
    bias_only_offset = xqnn_round_up(total, XQNN_ALLOCATION_ALIGNMENT);
    total = bias_only_offset + groups * xqnn_packed_gemm_group_size(&packing);
  }
  op->packed_weights = xqnn_allocate_zero(total);
  uint8_t* gathered = malloc(groups * nc * max_ks * kc);
  if (op->packed_weights == NULL || gathered == NULL) {
    free(gathered);
    xqnn_log_error("create %s: cannot allocate %zu bytes of packed weights", name, total);
    return xqnn_status_out_of_memory;
  }

  const uint8_t* kernel = base->kernel;
  const size_t kernel_size = (size_t) g->kernel_height * g->kernel_width;
  size_t offset = 0;
  for (size_t s = 0; s < num_subconv; s++) {
    const size_t py = s / sw, px = s % sw;
    const uint32_t* taps_y = state->taps_y + state->taps_y_start[py];
    const uint32_t* taps_x = state->taps_x + state->taps_x_start[px];
    const size_t num_taps_y = state->taps_y_start[py + 1] - state->taps_y_start[py];
    const size_t num_taps_x = state->taps_x_start[px + 1] - state->taps_x_start[px];
    const size_t ks = num_taps_y * num_taps_x;
    struct xqnn_subconv_params* sc = &state->subconv[s];
    packing.ks = ks != 0 ? ks : 1;
    sc->ks = packing.ks;
    sc->w_stride = xqnn_packed_gemm_block_size(&packing);
    sc->gw_stride = xqnn_packed_gemm_group_size(&packing);
    if (ks == 0) {
      sc->packed_w = (const uint8_t*) op->packed_weights + bias_only_offset;
      continue;
    }
    // [groups][nc][ks][kc] <- kernel[groups][nc][KH][KW][kc] at this phase's taps.
    for (size_t channel = 0; channel < groups * nc; channel++) {
      for (size_t t = 0; t < ks; t++) {
        const size_t position = (size_t) taps_y[t / num_taps_x] * g->kernel_width + taps_x[t % num_taps_x];
        memcpy(gathered + (channel * ks + t) * kc, kernel + (channel * kernel_size + position) * kc, kc);
      }
    }
    offset = xqnn_round_up(offset, XQNN_ALLOCATION_ALIGNMENT);
    packing.kernel = gathered;
    xqnn_pack_gemm_weights(&packing, (uint8_t*) op->packed_weights + offset);
    sc->packed_w = (const uint8_t*) op->packed_weights + offset;
    offset += groups * sc->gw_stride;
  }
  if (any_bias_only) {
    memset(gathered, base->type == xqnn_packed_weights_qu8 ? (uint8_t) base->kernel_zero_point : 0,
           groups * nc * kc);
    packing.ks = 1;
    packing.kernel = gathered;
    xqnn_pack_gemm_weights(&packing, (uint8_t*) op->packed_weights + bias_only_offset);
  }
  free(gathered);

  // Zero buffer: one row of kc input zero points (+ the kernels' over-read).
  if (!xqnn_reserve_zero_buffer(op, (kc << op->variant->log2_input_size) + XQNN_EXTRA_BYTES, zero_fill)) {
    xqnn_log_error("create %s: cannot allocate the zero buffer", name);
    return xqnn_status_out_of_memory;
  }
  return xqnn_status_success;
}

// ---- create ----

static enum xqnn_status create(
    enum xqnn_operator_type type, const struct xqnn_convolution_geometry geometry,
    const struct xqnn_quantized_weights weights, xqnn_operator_t* op_out) {
  xqnn_operator_t op = NULL;
  struct xqnn_channel_requantization requantization;
  enum xqnn_status status = xqnn_create_weighted_operator(
      type, &geometry, /*operator_flags=*/0, &weights, op_out, &op, &requantization);
  if (status == xqnn_status_success) status = check_subconvolutions(type, &geometry);
  if (status != xqnn_status_success) goto error;
  const struct xqnn_gemm_packing packing = xqnn_quantized_gemm_packing(
      op, &weights, &requantization, op->gemm_config, weights.kernel);
  // QD8: the zero row filled here is replaced at reshape by one row per image.
  status = init_deconvolution(op, &packing, op->variant->qd8 ? 0 : (uint8_t) weights.input_zero_point);
  if (status != xqnn_status_success) goto error;
  xqnn_release_channel_requantization(&requantization);
  *op_out = op;
  return xqnn_status_success;

error:
  xqnn_release_channel_requantization(&requantization);
  xqnn_delete_operator(op);
  return status;
}

// ---- reshape / setup (every data type) ----

// full = stride * (input - 1) + adjustment + (kernel - 1) * dilation + 1, the
// output before padding is removed; false on overflow.
static bool unpadded_output_size(
    size_t input, uint32_t stride, uint32_t adjustment, uint32_t kernel, uint32_t dilation,
    size_t* full) {
  size_t upsampled, dilated;
  return xqnn_mul_sz(stride, input - 1, &upsampled) &&
         xqnn_mul_sz(kernel - 1, dilation, &dilated) &&
         xqnn_add_sz(upsampled, dilated, &upsampled) &&
         xqnn_add_sz(upsampled, (size_t) adjustment + 1, full);
}

static enum xqnn_status reshape_deconvolution(
    xqnn_operator_t op, enum xqnn_operator_type type, size_t batch_size, size_t input_height,
    size_t input_width, uint32_t adjustment_height, uint32_t adjustment_width,
    size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool) {
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape deconvolution2d_nhwc");
  if (status != xqnn_status_success) return status;
  const char* name = xqnn_operator_type_name(type);
  const struct xqnn_datatype_variant* variant = op->variant;
  const struct xqnn_convolution_geometry* g = &op->geometry;
  struct deconvolution_state* state = op->extra_buffer;
  op->state = xqnn_operator_state_created;

  if (input_height == 0 || input_width == 0) {
    xqnn_log_error("reshape %s: input size %zux%zu must be non-zero", name, input_height, input_width);
    return xqnn_status_invalid_parameter;
  }
  if (adjustment_height >= g->stride_height || adjustment_width >= g->stride_width) {
    xqnn_log_error("reshape %s: adjustment %ux%u must be smaller than the stride %ux%u", name,
                   (unsigned) adjustment_height, (unsigned) adjustment_width,
                   (unsigned) g->stride_height, (unsigned) g->stride_width);
    return xqnn_status_invalid_parameter;
  }
  size_t full_height, full_width;
  if (!unpadded_output_size(input_height, g->stride_height, adjustment_height, g->kernel_height,
                            g->dilation_height, &full_height) ||
      !unpadded_output_size(input_width, g->stride_width, adjustment_width, g->kernel_width,
                            g->dilation_width, &full_width)) {
    xqnn_log_error("reshape %s: output size of a %zux%zu input overflows", name, input_height, input_width);
    return xqnn_status_invalid_parameter;
  }
  const size_t padding_height = (size_t) g->padding_top + g->padding_bottom;
  const size_t padding_width = (size_t) g->padding_left + g->padding_right;
  if (full_height <= padding_height || full_width <= padding_width) {
    xqnn_log_error("reshape %s: padding %zu (height) / %zu (width) leaves no output of the %zux%zu "
                   "unpadded output (stride * (input - 1) + adjustment + dilated kernel)",
                   name, padding_height, padding_width, full_height, full_width);
    return xqnn_status_invalid_parameter;
  }
  const size_t output_height = full_height - padding_height;
  const size_t output_width = full_width - padding_width;
  const size_t log2_csize = variant->log2_output_size;
  const size_t in_factors[4] = {batch_size, input_height, input_width, g->input_pixel_stride};
  const size_t out_factors[5] = {batch_size, output_height, output_width, g->output_pixel_stride,
                                 (size_t) 1 << log2_csize};
  const size_t sh = g->stride_height, sw = g->stride_width;
  const size_t max_rows = xqnn_divide_round_up(output_height, sh);
  const size_t max_width = xqnn_divide_round_up(output_width, sw);
  size_t elements, batch_groups, subconv_rows;
  if (!xqnn_mul_sz_n(4, in_factors, &elements) || !xqnn_mul_sz_n(5, out_factors, &elements) ||
      !xqnn_mul_sz(batch_size, g->groups, &batch_groups) ||
      !xqnn_mul_sz(state->num_subconv, max_rows, &subconv_rows)) {
    xqnn_log_error("reshape %s: batch %zu of %zux%zu inputs / %zux%zu outputs overflows", name,
                   batch_size, input_height, input_width, output_height, output_width);
    return xqnn_status_invalid_parameter;
  }
  if (output_height_out != NULL) *output_height_out = output_height;
  if (output_width_out != NULL) *output_width_out = output_width;
  op->batch_size = batch_size;
  op->input_height = input_height;
  op->input_width = input_width;
  op->output_height = output_height;
  op->output_width = output_width;
  if (batch_size == 0) {
    op->state = xqnn_operator_state_skip;
    return xqnn_status_success;
  }

  // Rows of one phase are tiled separately: when they are a single pixel, the
  // 1-row igemm kernel (indirection laid out for mr = 1) wastes nothing.
  struct xqnn_kernel_query query = xqnn_operator_kernel_query(op);
  query.m = max_width;
  query.adjustment = adjustment_height != 0 || adjustment_width != 0;
  const struct xqnn_kernel_choice kernels = xqnn_choose_kernel(&query);
  const struct xqnn_gemm_config* config = kernels.gemm_config;
  const bool direct = kernels.type == xqnn_microkernel_type_gemm;
  const size_t mr = kernels.mr;

  const size_t input_pixel_bytes = g->input_pixel_stride << variant->log2_input_size;
  // Per-phase output extent (phases past the output are empty).
  for (size_t s = 0; s < state->num_subconv; s++) {
    const size_t py = s / sw, px = s % sw;
    struct xqnn_subconv_params* sc = &state->subconv[s];
    sc->rows = py < output_height ? xqnn_divide_round_up(output_height - py, sh) : 0;
    sc->width = px < output_width ? xqnn_divide_round_up(output_width - px, sw) : 0;
    sc->c_offset = ((py * output_width + px) * g->output_pixel_stride) << log2_csize;
  }

  // QD8: zero rows per image (the buffer grows with the batch) and one
  // indirection copy per image; rebuilt at every reshape.
  const size_t copies = variant->qd8 ? batch_size : 1;
  size_t zero_row_bytes = 0;
  if (variant->qd8) {
    size_t zero_bytes;
    zero_row_bytes = g->group_input_channels + XQNN_EXTRA_BYTES;
    if (!xqnn_mul_sz(zero_row_bytes, batch_size, &zero_bytes)) {
      xqnn_log_error("reshape %s: zero rows of a batch of %zu overflow", name, batch_size);
      return xqnn_status_invalid_parameter;
    }
    // Filled from each image's zero point at run time.
    if (!xqnn_reserve_zero_buffer(op, zero_bytes, 0)) {
      xqnn_log_error("reshape %s: cannot allocate %zu bytes of zero rows", name, zero_bytes);
      return xqnn_status_out_of_memory;
    }
    state->indirection_valid = false;
  }
  size_t total = 0;  // indirection pointers of one copy
  if (!direct && !(state->indirection_valid && state->indirection_input_height == input_height &&
                   state->indirection_input_width == input_width &&
                   state->indirection_adjustment_height == adjustment_height &&
                   state->indirection_adjustment_width == adjustment_width &&
                   state->indirection_mr == mr)) {
    state->indirection_valid = false;
    struct xqnn_subconv2d_indirection params[1];
    for (size_t pass = 0; pass < 1 + copies; pass++) {  // 0: size, 1 + b: fill copy b
      const size_t copy = pass == 0 ? 0 : pass - 1;
      const void** next = op->indirection_buffer + copy * total;
      for (size_t s = 0; s < state->num_subconv; s++) {
        const size_t py = s / sw, px = s % sw;
        struct xqnn_subconv_params* sc = &state->subconv[s];
        if (sc->rows == 0 || sc->width == 0) {
          sc->indirect_a = NULL;
          sc->indirect_row_stride = 0;
          continue;
        }
        *params = (struct xqnn_subconv2d_indirection){
            .input_height = input_height,
            .input_width = input_width,
            .input_pixel_stride = input_pixel_bytes,
            .stride_height = sh,
            .stride_width = sw,
            .dilation_height = g->dilation_height,
            .dilation_width = g->dilation_width,
            .padding_top = g->padding_top,
            .padding_left = g->padding_left,
            .phase_y = py,
            .phase_x = px,
            .rows = sc->rows,
            .width = sc->width,
            .mr = mr,
            .taps_y = state->taps_y + state->taps_y_start[py],
            .num_taps_y = state->taps_y_start[py + 1] - state->taps_y_start[py],
            .taps_x = state->taps_x + state->taps_x_start[px],
            .num_taps_x = state->taps_x_start[px + 1] - state->taps_x_start[px],
            .zero = (const uint8_t*) op->zero_buffer + copy * zero_row_bytes,
        };
        size_t pointers;
        if (pass == 0) {
          if (!xqnn_indirection_subconv2d_size(params, &pointers) ||
              !xqnn_add_sz(total, pointers, &total)) {
            xqnn_log_error("reshape %s: indirection buffer size overflows", name);
            return xqnn_status_invalid_parameter;
          }
          continue;
        }
        xqnn_indirection_subconv2d_size(params, &pointers);
        xqnn_indirection_init_subconv2d(params, next);
        if (copy == 0) {
          sc->indirect_a = next;
          sc->indirect_row_stride = sc->ks * xqnn_round_up(sc->width, mr);
        }
        next += pointers;
      }
      if (pass == 0) {
        size_t bytes;
        if (!xqnn_mul_sz(total, copies, &bytes) || !xqnn_mul_sz(bytes, sizeof(void*), &bytes)) {
          xqnn_log_error("reshape %s: indirection buffer size overflows", name);
          return xqnn_status_invalid_parameter;
        }
        if (!xqnn_reserve_indirection_buffer(op, total * copies)) {
          xqnn_log_error("reshape %s: cannot allocate %zu bytes of indirection buffer", name, bytes);
          return xqnn_status_out_of_memory;
        }
      }
    }
    state->indirection_valid = true;
    state->indirection_input_height = input_height;
    state->indirection_input_width = input_width;
    state->indirection_adjustment_height = adjustment_height;
    state->indirection_adjustment_width = adjustment_width;
    state->indirection_mr = mr;
  }

  const size_t output_pixel_bytes = g->output_pixel_stride << log2_csize;
  struct xqnn_subconv_context* ctx = &op->context.subconv;
  *ctx = (struct xqnn_subconv_context){
      .kc = g->group_input_channels,
      .groups = g->groups,
      .max_rows = max_rows,
      .subconv = state->subconv,
      .ba_stride = input_height * input_width * input_pixel_bytes,
      .ga_stride = g->group_input_channels << variant->log2_input_size,
      .a_row_stride = input_width * input_pixel_bytes,
      .a_pixel_stride = input_pixel_bytes,
      .zero = op->zero_buffer,
      .bc_stride = output_height * output_width * output_pixel_bytes,
      .gc_stride = g->group_output_channels << log2_csize,
      .cy_stride = sh * output_width * output_pixel_bytes,
      .cx_stride = sw * output_pixel_bytes,
      .cn_stride = (size_t) config->nr << log2_csize,
      .log2_csize = (uint32_t) log2_csize,
      .mr = (uint32_t) mr,
      .nr = config->nr,
      .gemm = direct ? kernels.gemm : NULL,
      .gemm1 = kernels.gemm1,
      .igemm = kernels.igemm,
      .params = op->gemm_params,
      .zero_batch_stride = zero_row_bytes,
      .indirect_batch_stride = variant->qd8 ? total : 0,
  };
  size_t other_parallel;
  if (!xqnn_mul_sz(batch_groups, subconv_rows, &other_parallel)) other_parallel = SIZE_MAX;
  size_t x_tile, n_tile;
  xqnn_choose_gemm_tiles(max_width, g->group_output_channels, mr, config->nr, other_parallel,
                         xqnn_threadpool_size(threadpool), &x_tile, &n_tile);
  op->num_computes = 1;
  op->compute[0] = (struct xqnn_compute){
      .type = xqnn_parallelization_4d_tile_2d,
      .task_4d_tile_2d = xqnn_compute_subconv2d,
      .context = ctx,
      .range = {batch_groups, subconv_rows, max_width, g->group_output_channels},
      .tile = {x_tile, n_tile},
  };
  if (variant->qd8) {
    xqnn_prepend_qd8_zero_fill(op, xqnn_compute_qd8_fill_zero_subconv, ctx, batch_size);
  }
  op->state = xqnn_operator_state_needs_setup;
  return xqnn_status_success;
}

static enum xqnn_status setup_deconvolution(
    xqnn_operator_t op, enum xqnn_operator_type type, const void* input, void* output,
    const struct xqnn_quantization_params* quantization_params) {
  const enum xqnn_status status =
      xqnn_check_weighted_setup(op, type, input, output, quantization_params);
  if (status != xqnn_status_success || op->state == xqnn_operator_state_skip) return status;
  op->context.subconv.a = input;
  op->context.subconv.c = output;
  op->context.subconv.quantization_params = quantization_params;
  op->state = xqnn_operator_state_ready;
  return xqnn_status_success;
}

// ---- public entry points ----

XQNN_DEFINE_WEIGHTED_CREATE(deconvolution2d_nhwc, deconvolution_nhwc,
                            XQNN_CONVOLUTION_GEOMETRY_PARAMETERS, XQNN_CONVOLUTION_GEOMETRY,
                            create)
XQNN_DEFINE_WEIGHTED_SETUP(deconvolution2d_nhwc, deconvolution_nhwc, setup_deconvolution)

#define DEFINE_RESHAPE(suffix, type)                                                            \
  enum xqnn_status xqnn_reshape_deconvolution2d_nhwc_##suffix(                                  \
      xqnn_operator_t deconvolution_op, size_t batch_size, size_t input_height,                 \
      size_t input_width, uint32_t adjustment_height, uint32_t adjustment_width,                \
      size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool) {          \
    return reshape_deconvolution(deconvolution_op, type, batch_size, input_height, input_width, \
                                 adjustment_height, adjustment_width, output_height_out,        \
                                 output_width_out, threadpool);                                 \
  }

DEFINE_RESHAPE(qs8, xqnn_operator_type_deconvolution_nhwc_qs8)
DEFINE_RESHAPE(qs8_qc8w, xqnn_operator_type_deconvolution_nhwc_qs8_qc8w)
DEFINE_RESHAPE(qu8, xqnn_operator_type_deconvolution_nhwc_qu8)
DEFINE_RESHAPE(qd8_f32_qc8w, xqnn_operator_type_deconvolution_nhwc_qd8_f32_qc8w)
DEFINE_RESHAPE(qd8_f16_qc8w, xqnn_operator_type_deconvolution_nhwc_qd8_f16_qc8w)
DEFINE_RESHAPE(qs16_qc8w, xqnn_operator_type_deconvolution_nhwc_qs16_qc8w)
