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
// element size, zero-buffer contents) stay in the create wrappers and the
// variant table; the geometry, packing by phase, indirection and tiling below
// serve every data type, including the QD8 variants.
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xqnn/indirection.h"
#include "xqnn/math.h"
#include "xqnn/operator.h"
#include "xqnn/packing.h"
#include "xqnn/quantized-weights.h"

// ---- data-type variants ----

struct deconvolution_variant {
  enum xqnn_operator_type type;
  uint32_t log2_output_size;  // output element size
  // The direct gemm path is allowed: gemm kernels read quantization params per
  // row of A, which the QD8 variants (params per image) cannot give.
  bool direct_gemm;
  // QD8: quantization parameters per image. Padding must read as a real 0.0
  // whatever the image's zero point, so every image gets its own zero row
  // (filled from its zero point by a first compute step at each run) and its
  // own copy of the indirection whose padding entries point at that row.
  bool qd8;
};

static const struct deconvolution_variant deconvolution_variants[] = {
    {xqnn_operator_type_deconvolution_nhwc_qs8, 0, true, false},
    {xqnn_operator_type_deconvolution_nhwc_qs8_qc8w, 0, true, false},
    {xqnn_operator_type_deconvolution_nhwc_qu8, 0, true, false},
    {xqnn_operator_type_deconvolution_nhwc_qd8_f32_qc8w, 2, false, true},
    {xqnn_operator_type_deconvolution_nhwc_qd8_f16_qc8w, 1, false, true},
};

static const struct deconvolution_variant* find_variant(enum xqnn_operator_type type) {
  for (size_t i = 0; i < XQNN_COUNT_OF(deconvolution_variants); i++) {
    if (deconvolution_variants[i].type == type) return &deconvolution_variants[i];
  }
  return NULL;
}

// ---- geometry and operator state ----

struct deconvolution_geometry {
  uint32_t padding_top, padding_right, padding_bottom, padding_left;
  uint32_t kernel_height, kernel_width;
  uint32_t stride_height, stride_width;
  uint32_t dilation_height, dilation_width;
  uint32_t groups;
  size_t group_input_channels, group_output_channels;
  size_t input_pixel_stride, output_pixel_stride;
  uint32_t flags;
};

// Owned by the operator (op->extra_buffer, one allocation).
struct deconvolution_state {
  size_t num_subconv;                   // stride_height * stride_width
  struct xqnn_subconv_params* subconv;  // phase (py, px) at py * stride_width + px
  size_t* taps_y_start;  // [stride_height + 1]: phase py's kernel rows are
  size_t* taps_x_start;  //   taps_y[taps_y_start[py] .. taps_y_start[py + 1]]
  uint32_t* taps_y;      // [kernel_height]: kernel rows grouped by phase, ascending
  uint32_t* taps_x;      // [kernel_width]
  bool direct_gemm_geometry;  // kernel == stride, no padding
  // The indirection buffer was built for these (it holds offsets, not addresses).
  bool indirection_valid;
  size_t indirection_input_height, indirection_input_width;
  uint32_t indirection_adjustment_height, indirection_adjustment_width;
  size_t indirection_mr;
};

static enum xqnn_status check_geometry(
    enum xqnn_operator_type type, const struct deconvolution_geometry* g, size_t* kernel_elements) {
  const char* name = xqnn_operator_type_name(type);
  if (g->kernel_height == 0 || g->kernel_width == 0) {
    xqnn_log_error("create %s: kernel size %ux%u must be non-zero", name,
                   (unsigned) g->kernel_height, (unsigned) g->kernel_width);
    return xqnn_status_invalid_parameter;
  }
  if (g->stride_height == 0 || g->stride_width == 0) {
    xqnn_log_error("create %s: stride %ux%u must be non-zero", name,
                   (unsigned) g->stride_height, (unsigned) g->stride_width);
    return xqnn_status_invalid_parameter;
  }
  if (g->dilation_height == 0 || g->dilation_width == 0) {
    xqnn_log_error("create %s: dilation %ux%u must be non-zero", name,
                   (unsigned) g->dilation_height, (unsigned) g->dilation_width);
    return xqnn_status_invalid_parameter;
  }
  if (g->groups == 0) {
    xqnn_log_error("create %s: groups must be non-zero", name);
    return xqnn_status_invalid_parameter;
  }
  if (g->group_input_channels == 0 || g->group_output_channels == 0) {
    xqnn_log_error("create %s: group input channels (%zu) and group output channels (%zu) must be "
                   "non-zero", name, g->group_input_channels, g->group_output_channels);
    return xqnn_status_invalid_parameter;
  }
  if ((g->flags & ~xqnn_requantization_flags(type)) != 0) {
    xqnn_log_error("create %s: unsupported flags 0x%08x", name, (unsigned) g->flags);
    return xqnn_status_invalid_parameter;
  }
  size_t input_channels, output_channels;
  if (!xqnn_mul_sz(g->groups, g->group_input_channels, &input_channels) ||
      !xqnn_mul_sz(g->groups, g->group_output_channels, &output_channels)) {
    xqnn_log_error("create %s: %u groups x (%zu input, %zu output) channels overflow", name,
                   (unsigned) g->groups, g->group_input_channels, g->group_output_channels);
    return xqnn_status_invalid_parameter;
  }
  if (g->input_pixel_stride < input_channels) {
    xqnn_log_error("create %s: input pixel stride %zu must be at least groups * group input "
                   "channels = %zu", name, g->input_pixel_stride, input_channels);
    return xqnn_status_invalid_parameter;
  }
  if (g->output_pixel_stride < output_channels) {
    xqnn_log_error("create %s: output pixel stride %zu must be at least groups * group output "
                   "channels = %zu", name, g->output_pixel_stride, output_channels);
    return xqnn_status_invalid_parameter;
  }
  const size_t factors[4] = {output_channels, g->kernel_height, g->kernel_width,
                             g->group_input_channels};
  size_t elements, subconv, effective;
  if (!xqnn_mul_sz_n(4, factors, &elements) || elements > SIZE_MAX / 8) {
    xqnn_log_error("create %s: kernel of %zu x %u x %u x %zu elements overflows", name,
                   output_channels, (unsigned) g->kernel_height, (unsigned) g->kernel_width,
                   g->group_input_channels);
    return xqnn_status_invalid_parameter;
  }
  if (!xqnn_mul_sz(g->stride_height, g->stride_width, &subconv) || subconv > SIZE_MAX / 256 ||
      !xqnn_mul_sz(g->kernel_height - 1, g->dilation_height, &effective) ||
      !xqnn_mul_sz(g->kernel_width - 1, g->dilation_width, &effective)) {
    xqnn_log_error("create %s: stride %ux%u or dilated kernel size overflows", name,
                   (unsigned) g->stride_height, (unsigned) g->stride_width);
    return xqnn_status_invalid_parameter;
  }
  *kernel_elements = elements;
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

// Stores the geometry, groups taps by phase, packs each phase's weights and
// fills the zero buffer. `base` describes the whole kernel ([groups][goc][KH *
// KW][gic], nr/kr/sr of op->gemm_config, bias, scales, zero points); the
// per-phase ks and kernel are filled in here. Every data type comes through
// this function.
static enum xqnn_status init_deconvolution(
    xqnn_operator_t op, const struct deconvolution_geometry* g,
    const struct xqnn_gemm_packing* base, uint8_t zero_fill) {
  const char* name = xqnn_operator_type_name(op->type);
  op->padding_top = g->padding_top;
  op->padding_right = g->padding_right;
  op->padding_bottom = g->padding_bottom;
  op->padding_left = g->padding_left;
  op->kernel_height = g->kernel_height;
  op->kernel_width = g->kernel_width;
  op->stride_height = g->stride_height;
  op->stride_width = g->stride_width;
  op->dilation_height = g->dilation_height;
  op->dilation_width = g->dilation_width;
  op->groups = g->groups;
  op->group_input_channels = g->group_input_channels;
  op->group_output_channels = g->group_output_channels;
  op->input_pixel_stride = g->input_pixel_stride;
  op->output_pixel_stride = g->output_pixel_stride;
  op->flags = g->flags;
  op->ukernel_type = xqnn_microkernel_type_igemm;

  // State: header, subconv[], taps_y_start[], taps_x_start[], taps_y[], taps_x[].
  const size_t sh = g->stride_height, sw = g->stride_width;
  const size_t num_subconv = sh * sw;  // checked by check_geometry
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
  state->direct_gemm_geometry =
      g->kernel_height == g->stride_height && g->kernel_width == g->stride_width &&
      (g->kernel_height == 1 || g->dilation_height == 1) &&
      (g->kernel_width == 1 || g->dilation_width == 1) && g->padding_top == 0 &&
      g->padding_right == 0 && g->padding_bottom == 0 && g->padding_left == 0;

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
  op->zero_buffer_size = kc + XQNN_EXTRA_BYTES;
  op->zero_buffer = xqnn_allocate_zero(op->zero_buffer_size);
  if (op->zero_buffer == NULL) {
    xqnn_log_error("create %s: cannot allocate the zero buffer", name);
    return xqnn_status_out_of_memory;
  }
  memset(op->zero_buffer, zero_fill, op->zero_buffer_size);
  return xqnn_status_success;
}

// ---- create (QS8 / QS8-QC8W / QU8) ----

static enum xqnn_status create_quantized_deconvolution(
    enum xqnn_operator_type type, const struct deconvolution_geometry* geometry,
    const struct xqnn_quantized_weights* weights_in, xqnn_operator_t* op_out) {
  xqnn_operator_t op = NULL;
  struct xqnn_channel_requantization requantization = {NULL, NULL};
  struct xqnn_quantized_weights weights_copy = *weights_in;
  weights_copy.tflite_requantization = (geometry->flags & XQNN_FLAG_TFLITE_REQUANTIZATION) != 0;
  const struct xqnn_quantized_weights* weights = &weights_copy;
  enum xqnn_status status = xqnn_create_operator(type, op_out, &op);
  if (status != xqnn_status_success) return status;
  size_t kernel_elements;
  if ((status = check_geometry(type, geometry, &kernel_elements)) != xqnn_status_success) goto error;
  const size_t channels = (size_t) geometry->groups * geometry->group_output_channels;

  status = xqnn_prepare_quantized_weights(type, weights, channels, kernel_elements, &requantization);
  if (status != xqnn_status_success) goto error;
  xqnn_init_quantized_gemm_params(op, weights, &requantization);

  const struct xqnn_gemm_config* config = op->gemm_config;
  const struct xqnn_gemm_packing packing = {
      .type = weights->type,
      .groups = geometry->groups,
      .nc = geometry->group_output_channels,
      .ks = (size_t) geometry->kernel_height * geometry->kernel_width,
      .kc = geometry->group_input_channels,
      .nr = config->nr,
      .kr = (size_t) 1 << config->log2_kr,
      .sr = (size_t) 1 << config->log2_sr,
      .kernel = weights->kernel,
      .bias = weights->bias,
      .scale = requantization.scales,
      .tflite_multipliers = requantization.tflite_multipliers,
      .input_zero_point = weights->input_zero_point,
      .kernel_zero_point = weights->kernel_zero_point,
      .input_offset = config->input_offset,
  };
  status = init_deconvolution(op, geometry, &packing, (uint8_t) weights->input_zero_point);
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
  const struct deconvolution_variant* variant = find_variant(type);
  struct deconvolution_state* state = op->extra_buffer;
  op->state = xqnn_operator_state_created;

  if (input_height == 0 || input_width == 0) {
    xqnn_log_error("reshape %s: input size %zux%zu must be non-zero", name, input_height, input_width);
    return xqnn_status_invalid_parameter;
  }
  if (adjustment_height >= op->stride_height || adjustment_width >= op->stride_width) {
    xqnn_log_error("reshape %s: adjustment %ux%u must be smaller than the stride %ux%u", name,
                   (unsigned) adjustment_height, (unsigned) adjustment_width,
                   (unsigned) op->stride_height, (unsigned) op->stride_width);
    return xqnn_status_invalid_parameter;
  }
  size_t full_height, full_width;
  if (!unpadded_output_size(input_height, op->stride_height, adjustment_height, op->kernel_height,
                            op->dilation_height, &full_height) ||
      !unpadded_output_size(input_width, op->stride_width, adjustment_width, op->kernel_width,
                            op->dilation_width, &full_width)) {
    xqnn_log_error("reshape %s: output size of a %zux%zu input overflows", name, input_height, input_width);
    return xqnn_status_invalid_parameter;
  }
  const size_t padding_height = (size_t) op->padding_top + op->padding_bottom;
  const size_t padding_width = (size_t) op->padding_left + op->padding_right;
  if (full_height <= padding_height || full_width <= padding_width) {
    xqnn_log_error("reshape %s: padding %zu (height) / %zu (width) leaves no output of the %zux%zu "
                   "unpadded output (stride * (input - 1) + adjustment + dilated kernel)",
                   name, padding_height, padding_width, full_height, full_width);
    return xqnn_status_invalid_parameter;
  }
  const size_t output_height = full_height - padding_height;
  const size_t output_width = full_width - padding_width;
  const size_t log2_csize = variant->log2_output_size;
  const size_t in_factors[4] = {batch_size, input_height, input_width, op->input_pixel_stride};
  const size_t out_factors[5] = {batch_size, output_height, output_width, op->output_pixel_stride,
                                 (size_t) 1 << log2_csize};
  const size_t sh = op->stride_height, sw = op->stride_width;
  const size_t max_rows = xqnn_divide_round_up(output_height, sh);
  const size_t max_width = xqnn_divide_round_up(output_width, sw);
  size_t elements, batch_groups, subconv_rows;
  if (!xqnn_mul_sz_n(4, in_factors, &elements) || !xqnn_mul_sz_n(5, out_factors, &elements) ||
      !xqnn_mul_sz(batch_size, op->groups, &batch_groups) ||
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

  const struct xqnn_gemm_config* config = op->gemm_config;
  const bool direct = variant->direct_gemm && state->direct_gemm_geometry &&
                      adjustment_height == 0 && adjustment_width == 0;
  // Rows of one phase are tiled separately: when they are a single pixel, the
  // 1-row igemm kernel (indirection laid out for mr = 1) wastes nothing.
  const bool single_pixel_rows = !direct && max_width == 1;
  const size_t mr = single_pixel_rows ? 1 : config->mr;

  // Per-phase output extent (phases past the output are empty).
  for (size_t s = 0; s < state->num_subconv; s++) {
    const size_t py = s / sw, px = s % sw;
    struct xqnn_subconv_params* sc = &state->subconv[s];
    sc->rows = py < output_height ? xqnn_divide_round_up(output_height - py, sh) : 0;
    sc->width = px < output_width ? xqnn_divide_round_up(output_width - px, sw) : 0;
    sc->c_offset = ((py * output_width + px) * op->output_pixel_stride) << log2_csize;
  }

  // QD8: zero rows per image (the buffer grows with the batch) and one
  // indirection copy per image; rebuilt at every reshape.
  const size_t copies = variant->qd8 ? batch_size : 1;
  size_t zero_row_bytes = 0;
  if (variant->qd8) {
    size_t zero_bytes;
    zero_row_bytes = op->group_input_channels + XQNN_EXTRA_BYTES;
    if (!xqnn_mul_sz(zero_row_bytes, batch_size, &zero_bytes)) {
      xqnn_log_error("reshape %s: zero rows of a batch of %zu overflow", name, batch_size);
      return xqnn_status_invalid_parameter;
    }
    if (zero_bytes > op->zero_buffer_size) {
      xqnn_release(op->zero_buffer);
      op->zero_buffer_size = 0;
      op->zero_buffer = xqnn_allocate_zero(zero_bytes);
      if (op->zero_buffer == NULL) {
        xqnn_log_error("reshape %s: cannot allocate %zu bytes of zero rows", name, zero_bytes);
        return xqnn_status_out_of_memory;
      }
      op->zero_buffer_size = zero_bytes;
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
            .input_pixel_stride = op->input_pixel_stride,
            .stride_height = sh,
            .stride_width = sw,
            .dilation_height = op->dilation_height,
            .dilation_width = op->dilation_width,
            .padding_top = op->padding_top,
            .padding_left = op->padding_left,
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
        if (bytes > op->indirection_buffer_size) {
          xqnn_release((void*) op->indirection_buffer);
          op->indirection_buffer_size = 0;
          op->indirection_buffer = xqnn_allocate_zero(bytes);
          if (op->indirection_buffer == NULL) {
            xqnn_log_error("reshape %s: cannot allocate %zu bytes of indirection buffer", name, bytes);
            return xqnn_status_out_of_memory;
          }
          op->indirection_buffer_size = bytes;
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

  const size_t input_pixel_bytes = op->input_pixel_stride;  // 1-byte input elements
  const size_t output_pixel_bytes = op->output_pixel_stride << log2_csize;
  struct xqnn_subconv_context* ctx = &op->context.subconv;
  *ctx = (struct xqnn_subconv_context){
      .kc = op->group_input_channels,
      .groups = op->groups,
      .max_rows = max_rows,
      .subconv = state->subconv,
      .ba_stride = input_height * input_width * input_pixel_bytes,
      .ga_stride = op->group_input_channels,
      .a_row_stride = input_width * input_pixel_bytes,
      .a_pixel_stride = input_pixel_bytes,
      .zero = op->zero_buffer,
      .bc_stride = output_height * output_width * output_pixel_bytes,
      .gc_stride = op->group_output_channels << log2_csize,
      .cy_stride = sh * output_width * output_pixel_bytes,
      .cx_stride = sw * output_pixel_bytes,
      .cn_stride = (size_t) config->nr << log2_csize,
      .log2_csize = (uint32_t) log2_csize,
      .mr = (uint32_t) mr,
      .nr = config->nr,
      .gemm = direct ? config->gemm : NULL,
      .gemm1 = config->gemm1,
      .igemm = single_pixel_rows ? config->igemm1 : config->igemm,
      .params = op->gemm_params,
      .zero_batch_stride = zero_row_bytes,
      .indirect_batch_stride = variant->qd8 ? total : 0,
  };
  size_t other_parallel;
  if (!xqnn_mul_sz(batch_groups, subconv_rows, &other_parallel)) other_parallel = SIZE_MAX;
  size_t x_tile, n_tile;
  xqnn_choose_gemm_tiles(max_width, op->group_output_channels, mr, config->nr, other_parallel,
                         xqnn_threadpool_size(threadpool), &x_tile, &n_tile);
  op->num_computes = 1;
  op->compute[0] = (struct xqnn_compute){
      .type = xqnn_parallelization_4d_tile_2d,
      .task_4d_tile_2d = xqnn_compute_subconv2d,
      .context = ctx,
      .range = {batch_groups, subconv_rows, max_width, op->group_output_channels},
      .tile = {x_tile, n_tile},
  };
  if (variant->qd8) {
    // Fill each image's zero row from its zero point first.
    op->compute[1] = op->compute[0];
    op->compute[0] = (struct xqnn_compute){
        .type = xqnn_parallelization_1d_tile_1d,
        .task_1d_tile_1d = xqnn_compute_qd8_fill_zero_subconv,
        .context = ctx,
        .range = {batch_size},
        .tile = {1},
    };
    op->num_computes = 2;
  }
  op->state = xqnn_operator_state_needs_setup;
  return xqnn_status_success;
}

static enum xqnn_status setup_deconvolution(
    xqnn_operator_t op, enum xqnn_operator_type type, const void* input, void* output,
    const struct xqnn_quantization_params* quantization_params) {
  // QD8 also needs its quantization parameters.
  const size_t pointers = find_variant(type)->qd8 ? 3 : 2;
  const enum xqnn_status status =
      xqnn_check_setup(op, type, (const void* const[]){input, output, quantization_params}, pointers);
  if (status != xqnn_status_success || op->state == xqnn_operator_state_skip) return status;
  op->context.subconv.a = input;
  op->context.subconv.c = output;
  op->context.subconv.quantization_params = quantization_params;
  op->state = xqnn_operator_state_ready;
  return xqnn_status_success;
}

// ---- public entry points ----

#define DECONVOLUTION_GEOMETRY                                                                   \
  {output_padding_top, output_padding_right, output_padding_bottom, output_padding_left,         \
   kernel_height, kernel_width, stride_height, stride_width, dilation_height, dilation_width,    \
   groups, group_input_channels, group_output_channels, input_pixel_stride,                      \
   output_pixel_stride, flags}

enum xqnn_status xqnn_create_deconvolution2d_nhwc_qs8(
    uint32_t output_padding_top, uint32_t output_padding_right, uint32_t output_padding_bottom,
    uint32_t output_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t stride_height, uint32_t stride_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_pixel_stride, size_t output_pixel_stride,
    int8_t input_zero_point, float input_scale, float kernel_scale, const int8_t* kernel,
    const int32_t* bias, int8_t output_zero_point, float output_scale, int8_t output_min,
    int8_t output_max, uint32_t flags, xqnn_operator_t* deconvolution_op_out) {
  const struct deconvolution_geometry geometry = DECONVOLUTION_GEOMETRY;
  const struct xqnn_quantized_weights weights = {
      .type = xqnn_packed_weights_qs8_qc8w, .input_zero_point = input_zero_point,
      .input_scale = input_scale, .kernel_scale = kernel_scale, .kernel = kernel, .bias = bias,
      .output_zero_point = output_zero_point, .output_scale = output_scale,
      .output_min = output_min, .output_max = output_max};
  return create_quantized_deconvolution(xqnn_operator_type_deconvolution_nhwc_qs8, &geometry,
                                        &weights, deconvolution_op_out);
}

enum xqnn_status xqnn_create_deconvolution2d_nhwc_qs8_qc8w(
    uint32_t output_padding_top, uint32_t output_padding_right, uint32_t output_padding_bottom,
    uint32_t output_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t stride_height, uint32_t stride_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_pixel_stride, size_t output_pixel_stride,
    int8_t input_zero_point, float input_scale, const float* kernel_scale, const int8_t* kernel,
    const int32_t* bias, int8_t output_zero_point, float output_scale, int8_t output_min,
    int8_t output_max, uint32_t flags, xqnn_operator_t* deconvolution_op_out) {
  const struct deconvolution_geometry geometry = DECONVOLUTION_GEOMETRY;
  const struct xqnn_quantized_weights weights = {
      .type = xqnn_packed_weights_qs8_qc8w, .input_zero_point = input_zero_point,
      .input_scale = input_scale, .per_channel = true, .kernel_scales = kernel_scale, .kernel = kernel, .bias = bias,
      .output_zero_point = output_zero_point, .output_scale = output_scale,
      .output_min = output_min, .output_max = output_max};
  return create_quantized_deconvolution(xqnn_operator_type_deconvolution_nhwc_qs8_qc8w, &geometry,
                                        &weights, deconvolution_op_out);
}

enum xqnn_status xqnn_create_deconvolution2d_nhwc_qu8(
    uint32_t output_padding_top, uint32_t output_padding_right, uint32_t output_padding_bottom,
    uint32_t output_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t stride_height, uint32_t stride_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_pixel_stride, size_t output_pixel_stride,
    uint8_t input_zero_point, float input_scale, uint8_t kernel_zero_point, float kernel_scale,
    const uint8_t* kernel, const int32_t* bias, uint8_t output_zero_point, float output_scale,
    uint8_t output_min, uint8_t output_max, uint32_t flags,
    xqnn_operator_t* deconvolution_op_out) {
  const struct deconvolution_geometry geometry = DECONVOLUTION_GEOMETRY;
  const struct xqnn_quantized_weights weights = {
      .type = xqnn_packed_weights_qu8, .input_zero_point = input_zero_point,
      .input_scale = input_scale, .kernel_zero_point = kernel_zero_point,
      .kernel_scale = kernel_scale, .kernel = kernel, .bias = bias,
      .output_zero_point = output_zero_point, .output_scale = output_scale,
      .output_min = output_min, .output_max = output_max};
  return create_quantized_deconvolution(xqnn_operator_type_deconvolution_nhwc_qu8, &geometry,
                                        &weights, deconvolution_op_out);
}

#define DEFINE_RESHAPE_SETUP(suffix, type, ctype)                                                \
  enum xqnn_status xqnn_reshape_deconvolution2d_nhwc_##suffix(                                  \
      xqnn_operator_t deconvolution_op, size_t batch_size, size_t input_height,                 \
      size_t input_width, uint32_t adjustment_height, uint32_t adjustment_width,                \
      size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool) {          \
    return reshape_deconvolution(deconvolution_op, type, batch_size, input_height, input_width, \
                                 adjustment_height, adjustment_width, output_height_out,        \
                                 output_width_out, threadpool);                                 \
  }                                                                                             \
  enum xqnn_status xqnn_setup_deconvolution2d_nhwc_##suffix(                                    \
      xqnn_operator_t deconvolution_op, const ctype* input, ctype* output) {                    \
    return setup_deconvolution(deconvolution_op, type, input, output, NULL);                    \
  }

DEFINE_RESHAPE_SETUP(qs8, xqnn_operator_type_deconvolution_nhwc_qs8, int8_t)
DEFINE_RESHAPE_SETUP(qs8_qc8w, xqnn_operator_type_deconvolution_nhwc_qs8_qc8w, int8_t)
DEFINE_RESHAPE_SETUP(qu8, xqnn_operator_type_deconvolution_nhwc_qu8, uint8_t)

// ---- QD8 ----

static enum xqnn_status create_qd8_deconvolution(
    enum xqnn_operator_type type, const struct deconvolution_geometry* geometry,
    const float* kernel_scale, const int8_t* kernel, const float* bias, float output_min,
    float output_max, xqnn_operator_t* op_out) {
  xqnn_operator_t op = NULL;
  enum xqnn_status status = xqnn_create_operator(type, op_out, &op);
  if (status != xqnn_status_success) return status;
  size_t kernel_elements;
  if ((status = check_geometry(type, geometry, &kernel_elements)) != xqnn_status_success) goto error;
  const size_t channels = (size_t) geometry->groups * geometry->group_output_channels;
  status = xqnn_check_qd8_weights(type, channels, kernel_elements, kernel_scale, kernel,
                                  output_min, output_max, &op->gemm_params.f32);
  if (status != xqnn_status_success) goto error;
  op->gemm_config = type == xqnn_operator_type_deconvolution_nhwc_qd8_f16_qc8w
                        ? xqnn_get_qd8_f16_qc8w_gemm_config()
                        : xqnn_get_qd8_f32_qc8w_gemm_config();
  const struct xqnn_gemm_config* config = op->gemm_config;
  const struct xqnn_gemm_packing packing = {
      .type = xqnn_packed_weights_qd8,
      .groups = geometry->groups,
      .nc = geometry->group_output_channels,
      .ks = (size_t) geometry->kernel_height * geometry->kernel_width,
      .kc = geometry->group_input_channels,
      .nr = config->nr,
      .kr = (size_t) 1 << config->log2_kr,
      .sr = (size_t) 1 << config->log2_sr,
      .kernel = kernel,
      .float_bias = bias,
      .scale = kernel_scale,
  };
  // The zero row filled here is replaced at reshape by one row per image.
  status = init_deconvolution(op, geometry, &packing, 0);
  if (status != xqnn_status_success) goto error;
  *op_out = op;
  return xqnn_status_success;

error:
  xqnn_delete_operator(op);
  return status;
}

#define DEFINE_QD8_DECONVOLUTION(suffix, type, output_type)                                      \
  enum xqnn_status xqnn_create_deconvolution2d_nhwc_##suffix(                                    \
      uint32_t output_padding_top, uint32_t output_padding_right,                                \
      uint32_t output_padding_bottom, uint32_t output_padding_left, uint32_t kernel_height,      \
      uint32_t kernel_width, uint32_t stride_height, uint32_t stride_width,                      \
      uint32_t dilation_height, uint32_t dilation_width, uint32_t groups,                        \
      size_t group_input_channels, size_t group_output_channels, size_t input_pixel_stride,      \
      size_t output_pixel_stride, const float* kernel_scale, const int8_t* kernel,               \
      const float* bias, float output_min, float output_max, uint32_t flags,                     \
      xqnn_operator_t* deconvolution_op_out) {                                                   \
    const struct deconvolution_geometry geometry = DECONVOLUTION_GEOMETRY;                       \
    return create_qd8_deconvolution(type, &geometry, kernel_scale, kernel, bias, output_min,     \
                                    output_max, deconvolution_op_out);                           \
  }                                                                                              \
  enum xqnn_status xqnn_reshape_deconvolution2d_nhwc_##suffix(                                   \
      xqnn_operator_t deconvolution_op, size_t batch_size, size_t input_height,                  \
      size_t input_width, uint32_t adjustment_height, uint32_t adjustment_width,                 \
      size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool) {           \
    return reshape_deconvolution(deconvolution_op, type, batch_size, input_height, input_width,  \
                                 adjustment_height, adjustment_width, output_height_out,         \
                                 output_width_out, threadpool);                                  \
  }                                                                                              \
  enum xqnn_status xqnn_setup_deconvolution2d_nhwc_##suffix(                                     \
      xqnn_operator_t deconvolution_op, const int8_t* input, output_type* output,                \
      const struct xqnn_quantization_params* quantization_params) {                              \
    return setup_deconvolution(deconvolution_op, type, input, output, quantization_params);      \
  }

DEFINE_QD8_DECONVOLUTION(qd8_f32_qc8w, xqnn_operator_type_deconvolution_nhwc_qd8_f32_qc8w, float)
DEFINE_QD8_DECONVOLUTION(qd8_f16_qc8w, xqnn_operator_type_deconvolution_nhwc_qd8_f16_qc8w, void)
