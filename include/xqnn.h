// xqnn: quantized neural-network operators for CPUs.
//
// Lifecycle of every operator:
//   xqnn_initialize()                          once per process (thread-safe, idempotent)
//   xqnn_create_<op>_<layout>_<type>(...)      validates parameters, packs weights
//   xqnn_reshape_<op>_<layout>_<type>(...)     binds sizes and plans tiling
//   xqnn_setup_<op>_<layout>_<type>(...)       binds input / output pointers
//   xqnn_run_operator(op, threadpool)          computes; may be called many times
//   (or xqnn_run_operators(count, ops, threadpool): several in order, one pool call)
//   xqnn_delete_operator(op)
//
// Requantization (all QS8 / QU8 operators) is XNNPACK's "fp32" scheme:
//   scale   = (float)((float)(input_scale * kernel_scale[c]) / output_scale)
//   out     = round_half_even(clamp((float) acc * scale,
//                                   output_min - output_zero_point,
//                                   output_max - output_zero_point)) + output_zero_point
// so results are bit-identical on every ISA and every thread count.
//
// Inputs may be read up to XQNN_EXTRA_BYTES past their last element; outputs
// are never written outside the elements they define (pixel / row strides
// larger than the channel count leave the gaps untouched).
//
// Weight, bias and scale arrays passed to create functions are copied: the
// caller may free them as soon as create returns. Different operators may run
// concurrently on different threads; one operator must not run concurrently
// with itself.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <pthreadpool.h>

#ifdef __cplusplus
extern "C" {
#endif

// The shared library exports exactly the declarations of this header.
#if defined(XQNN_BUILDING_LIBRARY) && defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

#define XQNN_VERSION_MAJOR 0
#define XQNN_VERSION_MINOR 1
#define XQNN_VERSION_PATCH 0
// The version as one number, for comparisons: 10000 * major + 100 * minor + patch.
#define XQNN_VERSION_NUMBER (XQNN_VERSION_MAJOR * 10000 + XQNN_VERSION_MINOR * 100 + XQNN_VERSION_PATCH)

// Version of the library actually linked (which, with a shared library, may
// differ from the header compiled against): XQNN_VERSION_NUMBER's encoding and
// "major.minor.patch". Need no xqnn_initialize; the string is never NULL.
uint32_t xqnn_version(void);
const char* xqnn_version_string(void);

// Inputs may be read (never written) this many bytes past their end.
#define XQNN_EXTRA_BYTES 64

// Convolution: `kernel` is [kernel_height][kernel_width][groups * group_output_channels],
// output channel g * group_output_channels + m (TFLite DEPTHWISE_CONV_2D layout,
// 1HW(I*M), with groups = I and group_output_channels = M); requires
// group_input_channels == 1.
#define XQNN_FLAG_DEPTHWISE_CONVOLUTION 0x00000001
// Fully-connected: `kernel` is [input_channels][output_channels] instead of
// [output_channels][input_channels].
#define XQNN_FLAG_TRANSPOSE_WEIGHTS 0x00000002
// Convolution: TensorFlow SAME padding, computed from the input size at reshape;
// the explicit padding arguments must then be zero.
#define XQNN_FLAG_TENSORFLOW_SAME_PADDING 0x00000004
// QS8 / QS8-QC8W / QU8 fully-connected, convolution, deconvolution and add:
// requantize with TensorFlow Lite's fixed-point arithmetic instead of the fp32
// scheme, reproducing TFLite's built-in x86 kernels bit for bit (README,
// "TFLite-compatible requantization"). Runs on scalar kernels only; not
// accepted by QD8 operators (they do not requantize) nor by multiply.
#define XQNN_FLAG_TFLITE_REQUANTIZATION 0x00000008

enum xqnn_status {
  xqnn_status_success = 0,
  xqnn_status_uninitialized = 1,
  xqnn_status_invalid_parameter = 2,
  xqnn_status_invalid_state = 3,
  xqnn_status_unsupported_parameter = 4,
  xqnn_status_unsupported_hardware = 5,
  xqnn_status_out_of_memory = 6,
};

// Human-readable name of a status ("invalid_parameter", ...). Never NULL.
const char* xqnn_status_string(enum xqnn_status status);

// Detects the CPU and selects micro-kernels. Thread-safe; later calls are no-ops.
// The environment variable XQNN_ISA (scalar, sse2, ssse3, sse41, avx, avx2,
// avx512skx, avx512vnni) caps the instruction set used.
enum xqnn_status xqnn_initialize(void);
// Balances xqnn_initialize. Kept for XNNPACK compatibility; state is immutable
// after initialisation, so this does nothing harmful.
enum xqnn_status xqnn_deinitialize(void);

// Name of the most capable ISA tier in use after xqnn_initialize ("scalar",
// "sse2", ..., "avx512vnni"), or NULL before.
const char* xqnn_isa_name(void);

typedef struct xqnn_operator* xqnn_operator_t;

enum xqnn_status xqnn_run_operator(xqnn_operator_t op, pthreadpool_t threadpool);
// Runs operators[0 .. count) in order, with the results of `count` calls of
// xqnn_run_operator (an operator may read what an earlier one wrote), in one
// pthreadpool call: the pool's threads meet at a barrier between operators
// instead of being woken and joined for each (a pthreadpool call costs ~2 us
// beyond its work on 2 threads, a barrier ~0.3 us), which matters for
// networks of many short layers. Every operator must be set up (or reshaped
// to nothing); otherwise nothing runs and the status says why. As with
// xqnn_run_operator, none of these operators may run elsewhere meanwhile.
enum xqnn_status xqnn_run_operators(size_t count, const xqnn_operator_t* operators, pthreadpool_t threadpool);
// Accepts NULL.
enum xqnn_status xqnn_delete_operator(xqnn_operator_t op);

// Per-row (dynamic) quantization parameters: real = scale * (q - zero_point).
struct xqnn_quantization_params {
  int32_t zero_point;
  float scale;
};

// ---------------------------------------------------------------------------
// Fully connected: output[b][n] = requantize(bias[n] + sum_k (in[b][k] - in_zp) * (w[n][k] - w_zp))
// `kernel` is [output_channels][input_channels] (or transposed, see flags).
// `bias` may be NULL. Strides are in elements.
// ---------------------------------------------------------------------------

enum xqnn_status xqnn_create_fully_connected_nc_qs8(
    size_t input_channels, size_t output_channels, size_t input_stride, size_t output_stride,
    int8_t input_zero_point, float input_scale, float kernel_scale, const int8_t* kernel,
    const int32_t* bias, int8_t output_zero_point, float output_scale, int8_t output_min,
    int8_t output_max, uint32_t flags, xqnn_operator_t* fully_connected_op_out);
enum xqnn_status xqnn_reshape_fully_connected_nc_qs8(
    xqnn_operator_t fully_connected_op, size_t batch_size, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_fully_connected_nc_qs8(
    xqnn_operator_t fully_connected_op, const int8_t* input, int8_t* output);

// Per-output-channel kernel scales (output_channels floats).
enum xqnn_status xqnn_create_fully_connected_nc_qs8_qc8w(
    size_t input_channels, size_t output_channels, size_t input_stride, size_t output_stride,
    int8_t input_zero_point, float input_scale, const float* kernel_scale, const int8_t* kernel,
    const int32_t* bias, int8_t output_zero_point, float output_scale, int8_t output_min,
    int8_t output_max, uint32_t flags, xqnn_operator_t* fully_connected_op_out);
enum xqnn_status xqnn_reshape_fully_connected_nc_qs8_qc8w(
    xqnn_operator_t fully_connected_op, size_t batch_size, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_fully_connected_nc_qs8_qc8w(
    xqnn_operator_t fully_connected_op, const int8_t* input, int8_t* output);

enum xqnn_status xqnn_create_fully_connected_nc_qu8(
    size_t input_channels, size_t output_channels, size_t input_stride, size_t output_stride,
    uint8_t input_zero_point, float input_scale, uint8_t kernel_zero_point, float kernel_scale,
    const uint8_t* kernel, const int32_t* bias, uint8_t output_zero_point, float output_scale,
    uint8_t output_min, uint8_t output_max, uint32_t flags,
    xqnn_operator_t* fully_connected_op_out);
enum xqnn_status xqnn_reshape_fully_connected_nc_qu8(
    xqnn_operator_t fully_connected_op, size_t batch_size, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_fully_connected_nc_qu8(
    xqnn_operator_t fully_connected_op, const uint8_t* input, uint8_t* output);

// Dynamically quantized input (one xqnn_quantization_params per batch row,
// from xqnn_*_convert_nc_f32_qd8), int8 per-channel weights, float bias
// (may be NULL) and float output in [output_min, output_max]:
//   out[m][n] = ((float) acc[m][n] * (float) scale[m]) * kernel_scale[n] + bias[n]
//   acc[m][n] = sum_k (a[m][k] - zero_point[m]) * w[n][k]
// evaluated in this order, in f32, without FMA contraction, then clamped.
enum xqnn_status xqnn_create_fully_connected_nc_qd8_f32_qc8w(
    size_t input_channels, size_t output_channels, size_t input_stride, size_t output_stride,
    const float* kernel_scale, const int8_t* kernel, const float* bias, float output_min,
    float output_max, uint32_t flags, xqnn_operator_t* fully_connected_op_out);
enum xqnn_status xqnn_reshape_fully_connected_nc_qd8_f32_qc8w(
    xqnn_operator_t fully_connected_op, size_t batch_size, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_fully_connected_nc_qd8_f32_qc8w(
    xqnn_operator_t fully_connected_op, const int8_t* input, float* output,
    const struct xqnn_quantization_params* quantization_params);

// As above with IEEE fp16 output (uint16_t bit patterns); the f32 result is
// clamped, then rounded to fp16 (output_min / output_max are rounded to fp16
// at create, so outputs stay within them).
enum xqnn_status xqnn_create_fully_connected_nc_qd8_f16_qc8w(
    size_t input_channels, size_t output_channels, size_t input_stride, size_t output_stride,
    const float* kernel_scale, const int8_t* kernel, const float* bias, float output_min,
    float output_max, uint32_t flags, xqnn_operator_t* fully_connected_op_out);
enum xqnn_status xqnn_reshape_fully_connected_nc_qd8_f16_qc8w(
    xqnn_operator_t fully_connected_op, size_t batch_size, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_fully_connected_nc_qd8_f16_qc8w(
    xqnn_operator_t fully_connected_op, const int8_t* input, void* output,
    const struct xqnn_quantization_params* quantization_params);

// QS16-QC8W, TensorFlow Lite's 16x8 scheme: int16 input and output with zero
// point 0, int8 per-channel weights (zero point 0, -128 allowed), int64 bias
// (may be NULL), always TFLite's 16x8 requantization (README "16x8"):
//   acc = bias[n] + sum_k a[m][k] * w[n][k]          (exact, int64)
//   out = clamp(MultiplyByQuantizedMultiplier(acc, input_scale * kernel_scale[n] / output_scale))
// with TFLite's int64 MultiplyByQuantizedMultiplier (15-bit multiplier, one
// rounding). Requires |bias| < 2^47, at most 2^24 products per output, and
// input_scale * kernel_scale / output_scale in [2^-32, 128).
// XQNN_FLAG_TFLITE_REQUANTIZATION is accepted and changes nothing.
enum xqnn_status xqnn_create_fully_connected_nc_qs16_qc8w(
    size_t input_channels, size_t output_channels, size_t input_stride, size_t output_stride,
    float input_scale, const float* kernel_scale, const int8_t* kernel, const int64_t* bias,
    float output_scale, int16_t output_min, int16_t output_max, uint32_t flags,
    xqnn_operator_t* fully_connected_op_out);
enum xqnn_status xqnn_reshape_fully_connected_nc_qs16_qc8w(
    xqnn_operator_t fully_connected_op, size_t batch_size, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_fully_connected_nc_qs16_qc8w(
    xqnn_operator_t fully_connected_op, const int16_t* input, int16_t* output);

// ---------------------------------------------------------------------------
// 2D convolution, NHWC. `kernel` is [groups][group_output_channels]
// [kernel_height][kernel_width][group_input_channels] (OHWI per group), or the
// depthwise layout with XQNN_FLAG_DEPTHWISE_CONVOLUTION. `bias` may be NULL.
// input_channel_stride / output_channel_stride: elements between consecutive
// pixels (>= groups * group_{input,output}_channels).
// ---------------------------------------------------------------------------

enum xqnn_status xqnn_create_convolution2d_nhwc_qs8(
    uint32_t input_padding_top, uint32_t input_padding_right, uint32_t input_padding_bottom,
    uint32_t input_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t subsampling_height, uint32_t subsampling_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_channel_stride, size_t output_channel_stride,
    int8_t input_zero_point, float input_scale, float kernel_scale, const int8_t* kernel,
    const int32_t* bias, int8_t output_zero_point, float output_scale, int8_t output_min,
    int8_t output_max, uint32_t flags, xqnn_operator_t* convolution_op_out);
enum xqnn_status xqnn_reshape_convolution2d_nhwc_qs8(
    xqnn_operator_t convolution_op, size_t batch_size, size_t input_height, size_t input_width,
    size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_convolution2d_nhwc_qs8(
    xqnn_operator_t convolution_op, const int8_t* input, int8_t* output);

// kernel_scale: groups * group_output_channels floats.
enum xqnn_status xqnn_create_convolution2d_nhwc_qs8_qc8w(
    uint32_t input_padding_top, uint32_t input_padding_right, uint32_t input_padding_bottom,
    uint32_t input_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t subsampling_height, uint32_t subsampling_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_channel_stride, size_t output_channel_stride,
    int8_t input_zero_point, float input_scale, const float* kernel_scale, const int8_t* kernel,
    const int32_t* bias, int8_t output_zero_point, float output_scale, int8_t output_min,
    int8_t output_max, uint32_t flags, xqnn_operator_t* convolution_op_out);
enum xqnn_status xqnn_reshape_convolution2d_nhwc_qs8_qc8w(
    xqnn_operator_t convolution_op, size_t batch_size, size_t input_height, size_t input_width,
    size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_convolution2d_nhwc_qs8_qc8w(
    xqnn_operator_t convolution_op, const int8_t* input, int8_t* output);

enum xqnn_status xqnn_create_convolution2d_nhwc_qu8(
    uint32_t input_padding_top, uint32_t input_padding_right, uint32_t input_padding_bottom,
    uint32_t input_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t subsampling_height, uint32_t subsampling_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_channel_stride, size_t output_channel_stride,
    uint8_t input_zero_point, float input_scale, uint8_t kernel_zero_point, float kernel_scale,
    const uint8_t* kernel, const int32_t* bias, uint8_t output_zero_point, float output_scale,
    uint8_t output_min, uint8_t output_max, uint32_t flags, xqnn_operator_t* convolution_op_out);
enum xqnn_status xqnn_reshape_convolution2d_nhwc_qu8(
    xqnn_operator_t convolution_op, size_t batch_size, size_t input_height, size_t input_width,
    size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_convolution2d_nhwc_qu8(
    xqnn_operator_t convolution_op, const uint8_t* input, uint8_t* output);

// Dynamically quantized convolution: one xqnn_quantization_params per batch
// image; padding behaves as a real 0.0 input. Output as for the QD8
// fully-connected operator.
enum xqnn_status xqnn_create_convolution2d_nhwc_qd8_f32_qc8w(
    uint32_t input_padding_top, uint32_t input_padding_right, uint32_t input_padding_bottom,
    uint32_t input_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t subsampling_height, uint32_t subsampling_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_channel_stride, size_t output_channel_stride,
    const float* kernel_scale, const int8_t* kernel, const float* bias, float output_min,
    float output_max, uint32_t flags, xqnn_operator_t* convolution_op_out);
enum xqnn_status xqnn_reshape_convolution2d_nhwc_qd8_f32_qc8w(
    xqnn_operator_t convolution_op, size_t batch_size, size_t input_height, size_t input_width,
    size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_convolution2d_nhwc_qd8_f32_qc8w(
    xqnn_operator_t convolution_op, const int8_t* input, float* output,
    const struct xqnn_quantization_params* quantization_params);

enum xqnn_status xqnn_create_convolution2d_nhwc_qd8_f16_qc8w(
    uint32_t input_padding_top, uint32_t input_padding_right, uint32_t input_padding_bottom,
    uint32_t input_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t subsampling_height, uint32_t subsampling_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_channel_stride, size_t output_channel_stride,
    const float* kernel_scale, const int8_t* kernel, const float* bias, float output_min,
    float output_max, uint32_t flags, xqnn_operator_t* convolution_op_out);
enum xqnn_status xqnn_reshape_convolution2d_nhwc_qd8_f16_qc8w(
    xqnn_operator_t convolution_op, size_t batch_size, size_t input_height, size_t input_width,
    size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_convolution2d_nhwc_qd8_f16_qc8w(
    xqnn_operator_t convolution_op, const int8_t* input, void* output,
    const struct xqnn_quantization_params* quantization_params);

// QS16-QC8W (TFLite's 16x8 scheme), as fully_connected_nc_qs16_qc8w.
enum xqnn_status xqnn_create_convolution2d_nhwc_qs16_qc8w(
    uint32_t input_padding_top, uint32_t input_padding_right, uint32_t input_padding_bottom,
    uint32_t input_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t subsampling_height, uint32_t subsampling_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_channel_stride, size_t output_channel_stride,
    float input_scale, const float* kernel_scale, const int8_t* kernel, const int64_t* bias,
    float output_scale, int16_t output_min, int16_t output_max, uint32_t flags,
    xqnn_operator_t* convolution_op_out);
enum xqnn_status xqnn_reshape_convolution2d_nhwc_qs16_qc8w(
    xqnn_operator_t convolution_op, size_t batch_size, size_t input_height, size_t input_width,
    size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_convolution2d_nhwc_qs16_qc8w(
    xqnn_operator_t convolution_op, const int16_t* input, int16_t* output);

// ---------------------------------------------------------------------------
// 2D deconvolution (transposed convolution), NHWC. `kernel` is
// [groups][group_output_channels][kernel_height][kernel_width][group_input_channels].
// output = stride * (input - 1) + adjustment + (kernel - 1) * dilation + 1 - padding
// with adjustment < stride.
// ---------------------------------------------------------------------------

enum xqnn_status xqnn_create_deconvolution2d_nhwc_qs8(
    uint32_t output_padding_top, uint32_t output_padding_right, uint32_t output_padding_bottom,
    uint32_t output_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t stride_height, uint32_t stride_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_pixel_stride, size_t output_pixel_stride,
    int8_t input_zero_point, float input_scale, float kernel_scale, const int8_t* kernel,
    const int32_t* bias, int8_t output_zero_point, float output_scale, int8_t output_min,
    int8_t output_max, uint32_t flags, xqnn_operator_t* deconvolution_op_out);
enum xqnn_status xqnn_reshape_deconvolution2d_nhwc_qs8(
    xqnn_operator_t deconvolution_op, size_t batch_size, size_t input_height, size_t input_width,
    uint32_t adjustment_height, uint32_t adjustment_width, size_t* output_height_out,
    size_t* output_width_out, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_deconvolution2d_nhwc_qs8(
    xqnn_operator_t deconvolution_op, const int8_t* input, int8_t* output);

enum xqnn_status xqnn_create_deconvolution2d_nhwc_qs8_qc8w(
    uint32_t output_padding_top, uint32_t output_padding_right, uint32_t output_padding_bottom,
    uint32_t output_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t stride_height, uint32_t stride_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_pixel_stride, size_t output_pixel_stride,
    int8_t input_zero_point, float input_scale, const float* kernel_scale, const int8_t* kernel,
    const int32_t* bias, int8_t output_zero_point, float output_scale, int8_t output_min,
    int8_t output_max, uint32_t flags, xqnn_operator_t* deconvolution_op_out);
enum xqnn_status xqnn_reshape_deconvolution2d_nhwc_qs8_qc8w(
    xqnn_operator_t deconvolution_op, size_t batch_size, size_t input_height, size_t input_width,
    uint32_t adjustment_height, uint32_t adjustment_width, size_t* output_height_out,
    size_t* output_width_out, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_deconvolution2d_nhwc_qs8_qc8w(
    xqnn_operator_t deconvolution_op, const int8_t* input, int8_t* output);

enum xqnn_status xqnn_create_deconvolution2d_nhwc_qu8(
    uint32_t output_padding_top, uint32_t output_padding_right, uint32_t output_padding_bottom,
    uint32_t output_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t stride_height, uint32_t stride_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_pixel_stride, size_t output_pixel_stride,
    uint8_t input_zero_point, float input_scale, uint8_t kernel_zero_point, float kernel_scale,
    const uint8_t* kernel, const int32_t* bias, uint8_t output_zero_point, float output_scale,
    uint8_t output_min, uint8_t output_max, uint32_t flags,
    xqnn_operator_t* deconvolution_op_out);
enum xqnn_status xqnn_reshape_deconvolution2d_nhwc_qu8(
    xqnn_operator_t deconvolution_op, size_t batch_size, size_t input_height, size_t input_width,
    uint32_t adjustment_height, uint32_t adjustment_width, size_t* output_height_out,
    size_t* output_width_out, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_deconvolution2d_nhwc_qu8(
    xqnn_operator_t deconvolution_op, const uint8_t* input, uint8_t* output);

enum xqnn_status xqnn_create_deconvolution2d_nhwc_qd8_f32_qc8w(
    uint32_t output_padding_top, uint32_t output_padding_right, uint32_t output_padding_bottom,
    uint32_t output_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t stride_height, uint32_t stride_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_pixel_stride, size_t output_pixel_stride,
    const float* kernel_scale, const int8_t* kernel, const float* bias, float output_min,
    float output_max, uint32_t flags, xqnn_operator_t* deconvolution_op_out);
enum xqnn_status xqnn_reshape_deconvolution2d_nhwc_qd8_f32_qc8w(
    xqnn_operator_t deconvolution_op, size_t batch_size, size_t input_height, size_t input_width,
    uint32_t adjustment_height, uint32_t adjustment_width, size_t* output_height_out,
    size_t* output_width_out, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_deconvolution2d_nhwc_qd8_f32_qc8w(
    xqnn_operator_t deconvolution_op, const int8_t* input, float* output,
    const struct xqnn_quantization_params* quantization_params);

enum xqnn_status xqnn_create_deconvolution2d_nhwc_qd8_f16_qc8w(
    uint32_t output_padding_top, uint32_t output_padding_right, uint32_t output_padding_bottom,
    uint32_t output_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t stride_height, uint32_t stride_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_pixel_stride, size_t output_pixel_stride,
    const float* kernel_scale, const int8_t* kernel, const float* bias, float output_min,
    float output_max, uint32_t flags, xqnn_operator_t* deconvolution_op_out);
enum xqnn_status xqnn_reshape_deconvolution2d_nhwc_qd8_f16_qc8w(
    xqnn_operator_t deconvolution_op, size_t batch_size, size_t input_height, size_t input_width,
    uint32_t adjustment_height, uint32_t adjustment_width, size_t* output_height_out,
    size_t* output_width_out, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_deconvolution2d_nhwc_qd8_f16_qc8w(
    xqnn_operator_t deconvolution_op, const int8_t* input, void* output,
    const struct xqnn_quantization_params* quantization_params);

// QS16-QC8W (TFLite's 16x8 scheme), as fully_connected_nc_qs16_qc8w.
enum xqnn_status xqnn_create_deconvolution2d_nhwc_qs16_qc8w(
    uint32_t output_padding_top, uint32_t output_padding_right, uint32_t output_padding_bottom,
    uint32_t output_padding_left, uint32_t kernel_height, uint32_t kernel_width,
    uint32_t stride_height, uint32_t stride_width, uint32_t dilation_height,
    uint32_t dilation_width, uint32_t groups, size_t group_input_channels,
    size_t group_output_channels, size_t input_pixel_stride, size_t output_pixel_stride,
    float input_scale, const float* kernel_scale, const int8_t* kernel, const int64_t* bias,
    float output_scale, int16_t output_min, int16_t output_max, uint32_t flags,
    xqnn_operator_t* deconvolution_op_out);
enum xqnn_status xqnn_reshape_deconvolution2d_nhwc_qs16_qc8w(
    xqnn_operator_t deconvolution_op, size_t batch_size, size_t input_height, size_t input_width,
    uint32_t adjustment_height, uint32_t adjustment_width, size_t* output_height_out,
    size_t* output_width_out, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_deconvolution2d_nhwc_qs16_qc8w(
    xqnn_operator_t deconvolution_op, const int16_t* input, int16_t* output);

// ---------------------------------------------------------------------------
// Elementwise add / multiply with numpy-style broadcasting (up to
// XQNN_MAX_TENSOR_DIMS dimensions; a 0-D tensor is a scalar). Outputs are dense.
// Requantization, each step rounded to float, in this order (no FMA):
//   add:      out = round_half_even(clamp((float)(a - a_zp) * (float)(a_scale / out_scale)
//                                         + (float)(b - b_zp) * (float)(b_scale / out_scale)))
//                   + out_zp; at most 1 unit from exact arithmetic. Each ratio must be
//                   in [2^-32, 256), else create returns unsupported_parameter.
//   multiply: out = round_half_even(clamp((float)((a - a_zp) * (b - b_zp)) * scale)) + out_zp,
//             scale = (float)((float)(a_scale * b_scale) / out_scale) in [2^-32, 256).
// clamp() is to [output_min - out_zp, output_max - out_zp]. Swapping the inputs
// never changes a result.
// ---------------------------------------------------------------------------

#define XQNN_MAX_TENSOR_DIMS 6

enum xqnn_status xqnn_create_add_nd_qs8(
    int8_t input1_zero_point, float input1_scale, int8_t input2_zero_point, float input2_scale,
    int8_t output_zero_point, float output_scale, int8_t output_min, int8_t output_max,
    uint32_t flags, xqnn_operator_t* add_op_out);
enum xqnn_status xqnn_reshape_add_nd_qs8(
    xqnn_operator_t add_op, size_t num_input1_dims, const size_t* input1_shape,
    size_t num_input2_dims, const size_t* input2_shape, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_add_nd_qs8(
    xqnn_operator_t add_op, const int8_t* input1, const int8_t* input2, int8_t* output);

enum xqnn_status xqnn_create_add_nd_qu8(
    uint8_t input1_zero_point, float input1_scale, uint8_t input2_zero_point, float input2_scale,
    uint8_t output_zero_point, float output_scale, uint8_t output_min, uint8_t output_max,
    uint32_t flags, xqnn_operator_t* add_op_out);
enum xqnn_status xqnn_reshape_add_nd_qu8(
    xqnn_operator_t add_op, size_t num_input1_dims, const size_t* input1_shape,
    size_t num_input2_dims, const size_t* input2_shape, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_add_nd_qu8(
    xqnn_operator_t add_op, const uint8_t* input1, const uint8_t* input2, uint8_t* output);

enum xqnn_status xqnn_create_multiply_nd_qs8(
    int8_t input1_zero_point, float input1_scale, int8_t input2_zero_point, float input2_scale,
    int8_t output_zero_point, float output_scale, int8_t output_min, int8_t output_max,
    uint32_t flags, xqnn_operator_t* multiply_op_out);
enum xqnn_status xqnn_reshape_multiply_nd_qs8(
    xqnn_operator_t multiply_op, size_t num_input1_dims, const size_t* input1_shape,
    size_t num_input2_dims, const size_t* input2_shape, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_multiply_nd_qs8(
    xqnn_operator_t multiply_op, const int8_t* input1, const int8_t* input2, int8_t* output);

enum xqnn_status xqnn_create_multiply_nd_qu8(
    uint8_t input1_zero_point, float input1_scale, uint8_t input2_zero_point, float input2_scale,
    uint8_t output_zero_point, float output_scale, uint8_t output_min, uint8_t output_max,
    uint32_t flags, xqnn_operator_t* multiply_op_out);
enum xqnn_status xqnn_reshape_multiply_nd_qu8(
    xqnn_operator_t multiply_op, size_t num_input1_dims, const size_t* input1_shape,
    size_t num_input2_dims, const size_t* input2_shape, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_multiply_nd_qu8(
    xqnn_operator_t multiply_op, const uint8_t* input1, const uint8_t* input2, uint8_t* output);

// Subtract: add with input2's term negated, same parameters and broadcasting:
//   out = round_half_even(clamp((float)(a - a_zp) * (float)(a_scale / out_scale)
//                               + (float)(b - b_zp) * -(float)(b_scale / out_scale))) + out_zp
// (add's accuracy; XNNPACK builds its subtract the same way from its add). With
// XQNN_FLAG_TFLITE_REQUANTIZATION: TensorFlow Lite 2.9's SUB (its fixed-point
// ADD with input2's multiplier negated).
enum xqnn_status xqnn_create_subtract_nd_qs8(
    int8_t input1_zero_point, float input1_scale, int8_t input2_zero_point, float input2_scale,
    int8_t output_zero_point, float output_scale, int8_t output_min, int8_t output_max,
    uint32_t flags, xqnn_operator_t* subtract_op_out);
enum xqnn_status xqnn_reshape_subtract_nd_qs8(
    xqnn_operator_t subtract_op, size_t num_input1_dims, const size_t* input1_shape,
    size_t num_input2_dims, const size_t* input2_shape, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_subtract_nd_qs8(
    xqnn_operator_t subtract_op, const int8_t* input1, const int8_t* input2, int8_t* output);

enum xqnn_status xqnn_create_subtract_nd_qu8(
    uint8_t input1_zero_point, float input1_scale, uint8_t input2_zero_point, float input2_scale,
    uint8_t output_zero_point, float output_scale, uint8_t output_min, uint8_t output_max,
    uint32_t flags, xqnn_operator_t* subtract_op_out);
enum xqnn_status xqnn_reshape_subtract_nd_qu8(
    xqnn_operator_t subtract_op, size_t num_input1_dims, const size_t* input1_shape,
    size_t num_input2_dims, const size_t* input2_shape, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_subtract_nd_qu8(
    xqnn_operator_t subtract_op, const uint8_t* input1, const uint8_t* input2, uint8_t* output);

// Elementwise maximum / minimum of stored values (`_s8`: int8, `_u8`: uint8),
// with the same broadcasting. No requantization: the inputs and the output
// are meant to share scale and zero point (TFLite's MAXIMUM / MINIMUM compare
// the quantized values whatever their parameters). flags must be 0.
enum xqnn_status xqnn_create_maximum_nd_s8(uint32_t flags, xqnn_operator_t* maximum_op_out);
enum xqnn_status xqnn_reshape_maximum_nd_s8(
    xqnn_operator_t maximum_op, size_t num_input1_dims, const size_t* input1_shape,
    size_t num_input2_dims, const size_t* input2_shape, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_maximum_nd_s8(
    xqnn_operator_t maximum_op, const int8_t* input1, const int8_t* input2, int8_t* output);
enum xqnn_status xqnn_create_maximum_nd_u8(uint32_t flags, xqnn_operator_t* maximum_op_out);
enum xqnn_status xqnn_reshape_maximum_nd_u8(
    xqnn_operator_t maximum_op, size_t num_input1_dims, const size_t* input1_shape,
    size_t num_input2_dims, const size_t* input2_shape, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_maximum_nd_u8(
    xqnn_operator_t maximum_op, const uint8_t* input1, const uint8_t* input2, uint8_t* output);
enum xqnn_status xqnn_create_minimum_nd_s8(uint32_t flags, xqnn_operator_t* minimum_op_out);
enum xqnn_status xqnn_reshape_minimum_nd_s8(
    xqnn_operator_t minimum_op, size_t num_input1_dims, const size_t* input1_shape,
    size_t num_input2_dims, const size_t* input2_shape, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_minimum_nd_s8(
    xqnn_operator_t minimum_op, const int8_t* input1, const int8_t* input2, int8_t* output);
enum xqnn_status xqnn_create_minimum_nd_u8(uint32_t flags, xqnn_operator_t* minimum_op_out);
enum xqnn_status xqnn_reshape_minimum_nd_u8(
    xqnn_operator_t minimum_op, size_t num_input1_dims, const size_t* input1_shape,
    size_t num_input2_dims, const size_t* input2_shape, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_minimum_nd_u8(
    xqnn_operator_t minimum_op, const uint8_t* input1, const uint8_t* input2, uint8_t* output);

// QS16 add and multiply (TensorFlow Lite's 16x8 scheme: int16 tensors with
// zero point 0), broadcasting as above, always TFLite's int16 arithmetic
// (README "16x8"): add as TFLite's ADD with inputs shifted left by 15 bits
// (its general-scale int16 path), multiply as its int16 MUL,
// clamp(MultiplyByQuantizedMultiplier(a * b, (float) (input1_scale *
// input2_scale / output_scale))). XQNN_FLAG_TFLITE_REQUANTIZATION is accepted.
enum xqnn_status xqnn_create_add_nd_qs16(
    float input1_scale, float input2_scale, float output_scale, int16_t output_min,
    int16_t output_max, uint32_t flags, xqnn_operator_t* add_op_out);
enum xqnn_status xqnn_reshape_add_nd_qs16(
    xqnn_operator_t add_op, size_t num_input1_dims, const size_t* input1_shape,
    size_t num_input2_dims, const size_t* input2_shape, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_add_nd_qs16(
    xqnn_operator_t add_op, const int16_t* input1, const int16_t* input2, int16_t* output);
enum xqnn_status xqnn_create_multiply_nd_qs16(
    float input1_scale, float input2_scale, float output_scale, int16_t output_min,
    int16_t output_max, uint32_t flags, xqnn_operator_t* multiply_op_out);
enum xqnn_status xqnn_reshape_multiply_nd_qs16(
    xqnn_operator_t multiply_op, size_t num_input1_dims, const size_t* input1_shape,
    size_t num_input2_dims, const size_t* input2_shape, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_multiply_nd_qs16(
    xqnn_operator_t multiply_op, const int16_t* input1, const int16_t* input2, int16_t* output);

// ---------------------------------------------------------------------------
// Global average pooling over the width of [batch][width][channels]
// (an NHWC image flattened to width = H * W). Strides in elements per pixel.
//   out[b][c] = round_half_even(clamp((float) sum_w (x[b][w][c] - input_zp) * scale)) + output_zp
//   scale = (float)(input_scale / (float)(output_scale * (float) width))
// Reshape returns unsupported_parameter when scale falls outside [2^-32, 256)
// or width exceeds 2^23, and invalid_parameter for width 0 (with batch > 0).
// ---------------------------------------------------------------------------

enum xqnn_status xqnn_create_global_average_pooling_nwc_qs8(
    int8_t input_zero_point, float input_scale, int8_t output_zero_point, float output_scale,
    int8_t output_min, int8_t output_max, uint32_t flags,
    xqnn_operator_t* global_average_pooling_op_out);
enum xqnn_status xqnn_reshape_global_average_pooling_nwc_qs8(
    xqnn_operator_t global_average_pooling_op, size_t batch_size, size_t width, size_t channels,
    size_t input_stride, size_t output_stride, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_global_average_pooling_nwc_qs8(
    xqnn_operator_t global_average_pooling_op, const int8_t* input, int8_t* output);

enum xqnn_status xqnn_create_global_average_pooling_nwc_qu8(
    uint8_t input_zero_point, float input_scale, uint8_t output_zero_point, float output_scale,
    uint8_t output_min, uint8_t output_max, uint32_t flags,
    xqnn_operator_t* global_average_pooling_op_out);
enum xqnn_status xqnn_reshape_global_average_pooling_nwc_qu8(
    xqnn_operator_t global_average_pooling_op, size_t batch_size, size_t width, size_t channels,
    size_t input_stride, size_t output_stride, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_global_average_pooling_nwc_qu8(
    xqnn_operator_t global_average_pooling_op, const uint8_t* input, uint8_t* output);

// ---------------------------------------------------------------------------
// Max pooling 2D, NHWC, int8 (s8) or uint8 (u8). Input and output share scale
// and zero point, so nothing is requantized:
//   out[b][y][x][c] = min(max(max over the window's taps inside the input of
//                             in[b][iy][ix][c], output_min), output_max)
// with taps iy = y * stride_height + i * dilation_height - padding_top (and
// likewise ix) for i < pooling_height, j < pooling_width. Taps in the padding
// are ignored (TFLite's semantics); a window with no tap inside the input
// (only possible with explicit padding at least the effective pooling size,
// or with dilation) gives output_min. Output size as for convolution:
//   out = (in + pad_before + pad_after - ek) / stride + 1, ek = (pooling - 1) * dilation + 1;
// with XQNN_FLAG_TENSORFLOW_SAME_PADDING (explicit padding must then be 0)
// out = ceil(in / stride) and the padding is computed at reshape. Reshape
// rejects a padded input smaller than ek (invalid_parameter). Pixel strides in
// elements (>= channels); output gaps between pixels are never written.
// ---------------------------------------------------------------------------

enum xqnn_status xqnn_create_max_pooling2d_nhwc_s8(
    uint32_t input_padding_top, uint32_t input_padding_right, uint32_t input_padding_bottom,
    uint32_t input_padding_left, uint32_t pooling_height, uint32_t pooling_width,
    uint32_t stride_height, uint32_t stride_width, uint32_t dilation_height,
    uint32_t dilation_width, size_t channels, size_t input_pixel_stride,
    size_t output_pixel_stride, int8_t output_min, int8_t output_max, uint32_t flags,
    xqnn_operator_t* max_pooling_op_out);
enum xqnn_status xqnn_reshape_max_pooling2d_nhwc_s8(
    xqnn_operator_t max_pooling_op, size_t batch_size, size_t input_height, size_t input_width,
    size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_max_pooling2d_nhwc_s8(
    xqnn_operator_t max_pooling_op, const int8_t* input, int8_t* output);

enum xqnn_status xqnn_create_max_pooling2d_nhwc_u8(
    uint32_t input_padding_top, uint32_t input_padding_right, uint32_t input_padding_bottom,
    uint32_t input_padding_left, uint32_t pooling_height, uint32_t pooling_width,
    uint32_t stride_height, uint32_t stride_width, uint32_t dilation_height,
    uint32_t dilation_width, size_t channels, size_t input_pixel_stride,
    size_t output_pixel_stride, uint8_t output_min, uint8_t output_max, uint32_t flags,
    xqnn_operator_t* max_pooling_op_out);
enum xqnn_status xqnn_reshape_max_pooling2d_nhwc_u8(
    xqnn_operator_t max_pooling_op, size_t batch_size, size_t input_height, size_t input_width,
    size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_max_pooling2d_nhwc_u8(
    xqnn_operator_t max_pooling_op, const uint8_t* input, uint8_t* output);

// ---------------------------------------------------------------------------
// Average pooling 2D, NHWC, QS8 and QU8. Windows of pooling_height x
// pooling_width pixels, `stride` apart, over the input padded as for max
// pooling (explicit padding, or XQNN_FLAG_TENSORFLOW_SAME_PADDING with the
// explicit padding 0). Each output averages only the window's taps inside the
// input (padding is excluded from the count, as in TFLite); a window wholly
// in the padding is invalid_parameter at reshape. Requantization, with
// `count` the window's taps inside the input:
//   default: out = round_half_even(clamp((float) sum(x - input_zero_point) * s))
//            + output_zero_point, s = (float)(input_scale / (float)(output_scale
//            * (float) count)) (gavgpool's scheme; s outside [2^-32, 256) is
//            unsupported_parameter at reshape);
//   XQNN_FLAG_TFLITE_REQUANTIZATION: TFLite's AVERAGE_POOL_2D, which needs the
//            input and output quantized alike (invalid_parameter otherwise):
//            out = clamp(round_half_away_from_zero(sum(x) / count)) on the
//            stored values, exactly, for windows of up to 4096 taps inside the
//            input (unsupported_parameter above).
// Windows of more than 2^23 taps are unsupported_parameter. Scales must be
// finite and positive, channels non-zero, pixel strides >= channels.
// ---------------------------------------------------------------------------

enum xqnn_status xqnn_create_average_pooling2d_nhwc_qs8(
    uint32_t input_padding_top, uint32_t input_padding_right, uint32_t input_padding_bottom,
    uint32_t input_padding_left, uint32_t pooling_height, uint32_t pooling_width,
    uint32_t stride_height, uint32_t stride_width, size_t channels, size_t input_pixel_stride,
    size_t output_pixel_stride, int8_t input_zero_point, float input_scale, int8_t output_zero_point,
    float output_scale, int8_t output_min, int8_t output_max, uint32_t flags,
    xqnn_operator_t* average_pooling_op_out);
enum xqnn_status xqnn_reshape_average_pooling2d_nhwc_qs8(
    xqnn_operator_t average_pooling_op, size_t batch_size, size_t input_height, size_t input_width,
    size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_average_pooling2d_nhwc_qs8(
    xqnn_operator_t average_pooling_op, const int8_t* input, int8_t* output);

enum xqnn_status xqnn_create_average_pooling2d_nhwc_qu8(
    uint32_t input_padding_top, uint32_t input_padding_right, uint32_t input_padding_bottom,
    uint32_t input_padding_left, uint32_t pooling_height, uint32_t pooling_width,
    uint32_t stride_height, uint32_t stride_width, size_t channels, size_t input_pixel_stride,
    size_t output_pixel_stride, uint8_t input_zero_point, float input_scale, uint8_t output_zero_point,
    float output_scale, uint8_t output_min, uint8_t output_max, uint32_t flags,
    xqnn_operator_t* average_pooling_op_out);
enum xqnn_status xqnn_reshape_average_pooling2d_nhwc_qu8(
    xqnn_operator_t average_pooling_op, size_t batch_size, size_t input_height, size_t input_width,
    size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_average_pooling2d_nhwc_qu8(
    xqnn_operator_t average_pooling_op, const uint8_t* input, uint8_t* output);

// ---------------------------------------------------------------------------
// Resizing 2D, NHWC, with TensorFlow Lite's coordinate rules. Input and
// output share their quantization (no requantization). For an output index
// o along a dimension of input size `in` and output size `out`:
//   scale = in / out, or (in - 1) / (out - 1) with XQNN_FLAG_ALIGN_CORNERS
//           and out > 1;
//   source = (o + 0.5) * scale - 0.5 with XQNN_FLAG_HALF_PIXEL_CENTERS, else
//           o * scale (the two flags exclude each other).
// Bilinear interpolates the 4 input pixels around the source point; each type
// reproduces TensorFlow Lite 2.9's kernel for it bit for bit:
//   s8: ResizeBilinearInteger's fixed point, with 10 fractional bits:
//       scale_10 = round(1024 * scale) (integer division rounding half up),
//       source_10 = o * scale_10 (+ scale_10 / 2 - 512 with half-pixel
//       centres), lower = max(source_10 / 1024, 0), upper =
//       min(ceil(source_10 / 1024), in - 1), weights w1 = source_10 -
//       1024 * lower and w0 = 1024 - w1 on each axis, and
//       out = round_half_away_from_zero(sum(x * wy * wx) / 2^20);
//   u8: the float path of TFLite's optimized uint8 kernel: float source,
//       lower = max(floor(source), 0), upper = min(ceil(source), in - 1),
//       f = source - lower, and out = (uint8_t)(x00 * (1 - fy) * (1 - fx)
//       + x01 * (1 - fy) * fx + x10 * fy * (1 - fx) + x11 * fy * fx + 0.5f),
//       each weight one float product, summed left to right in float.
// Indices past the input (possible only for outputs thousands of times larger
// than the input, where TFLite reads out of bounds) are clamped to it.
// Nearest neighbour (any 1-byte type) copies the input pixel at index
//   min(floor(source), in - 1), or min(round_half_away(source), in - 1) with
//   XQNN_FLAG_ALIGN_CORNERS, and at least 0 with XQNN_FLAG_HALF_PIXEL_CENTERS
//   (TFLite's reference kernel; source computed in float with scale a float
//   division and the half-pixel offset added to o before the multiply).
// Output sizes are fixed at create; input sizes at reshape. Sizes must be
// non-zero, channels non-zero, pixel strides >= channels (invalid_parameter).
// ---------------------------------------------------------------------------

// Resize: align the corner pixels of input and output (TFLite align_corners).
#define XQNN_FLAG_ALIGN_CORNERS 0x00000020
// Resize: pixel centres at half-integer coordinates (TFLite half_pixel_centers).
#define XQNN_FLAG_HALF_PIXEL_CENTERS 0x00000040

enum xqnn_status xqnn_create_resize_bilinear2d_nhwc_s8(
    size_t output_height, size_t output_width, size_t channels, size_t input_pixel_stride,
    size_t output_pixel_stride, uint32_t flags, xqnn_operator_t* resize_op_out);
enum xqnn_status xqnn_reshape_resize_bilinear2d_nhwc_s8(
    xqnn_operator_t resize_op, size_t batch_size, size_t input_height, size_t input_width,
    pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_resize_bilinear2d_nhwc_s8(
    xqnn_operator_t resize_op, const int8_t* input, int8_t* output);

enum xqnn_status xqnn_create_resize_bilinear2d_nhwc_u8(
    size_t output_height, size_t output_width, size_t channels, size_t input_pixel_stride,
    size_t output_pixel_stride, uint32_t flags, xqnn_operator_t* resize_op_out);
enum xqnn_status xqnn_reshape_resize_bilinear2d_nhwc_u8(
    xqnn_operator_t resize_op, size_t batch_size, size_t input_height, size_t input_width,
    pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_resize_bilinear2d_nhwc_u8(
    xqnn_operator_t resize_op, const uint8_t* input, uint8_t* output);

enum xqnn_status xqnn_create_resize_nearest_neighbor2d_nhwc_x8(
    size_t output_height, size_t output_width, size_t channels, size_t input_pixel_stride,
    size_t output_pixel_stride, uint32_t flags, xqnn_operator_t* resize_op_out);
enum xqnn_status xqnn_reshape_resize_nearest_neighbor2d_nhwc_x8(
    xqnn_operator_t resize_op, size_t batch_size, size_t input_height, size_t input_width,
    pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_resize_nearest_neighbor2d_nhwc_x8(
    xqnn_operator_t resize_op, const void* input, void* output);

// ---------------------------------------------------------------------------
// Padding of a dense N-D tensor of 1-byte elements (any 8-bit type; no
// requantization), 1 <= num_dims <= XQNN_MAX_TENSOR_DIMS, every input
// dimension non-zero. Output dimension i is
// pre_paddings[i] + input_shape[i] + post_paddings[i]; the input lands at
// offset pre_paddings[i] along each dimension.
//   constant_pad: every other element is *padding_value (read at create;
//                 TFLite PAD uses the output zero point, PADV2 its constant).
//   reflect_pad:  every other element mirrors the input along each padded
//                 dimension (TFLite MIRROR_PAD): REFLECT excludes the edge
//                 element (a b c | b a with pre padding 2 gives "c b a b c"),
//                 so paddings must be < input_shape[i]; with
//                 XQNN_FLAG_SYMMETRIC_PADDING (SYMMETRIC) it includes the
//                 edge ("b a a b c"), so paddings must be <= input_shape[i].
// Work is split over rows of the output (all dimensions but the innermost padded one).
// ---------------------------------------------------------------------------

// reflect_pad: mirror including the edge element (TFLite MIRROR_PAD SYMMETRIC).
#define XQNN_FLAG_SYMMETRIC_PADDING 0x00000010

enum xqnn_status xqnn_create_constant_pad_nd_x8(
    const void* padding_value, uint32_t flags, xqnn_operator_t* constant_pad_op_out);
enum xqnn_status xqnn_reshape_constant_pad_nd_x8(
    xqnn_operator_t constant_pad_op, size_t num_dims, const size_t* input_shape,
    const size_t* pre_paddings, const size_t* post_paddings, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_constant_pad_nd_x8(
    xqnn_operator_t constant_pad_op, const void* input, void* output);

enum xqnn_status xqnn_create_reflect_pad_nd_x8(uint32_t flags, xqnn_operator_t* reflect_pad_op_out);
enum xqnn_status xqnn_reshape_reflect_pad_nd_x8(
    xqnn_operator_t reflect_pad_op, size_t num_dims, const size_t* input_shape,
    const size_t* pre_paddings, const size_t* post_paddings, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_reflect_pad_nd_x8(
    xqnn_operator_t reflect_pad_op, const void* input, void* output);

// ---------------------------------------------------------------------------
// Copy-like operators on dense N-D tensors of 1-byte elements (any 8-bit
// type; values are copied, never requantized), 1 <= num_dims <=
// XQNN_MAX_TENSOR_DIMS. Reshape merges dimensions that stay contiguous, so
// the work is whole-row memcpy wherever the layout allows; rows (or, for a
// transpose of the two innermost dimensions, square tiles) are split over
// threads. Input dimensions must be non-zero; an empty output (a slice of
// size 0, a concatenation of empty inputs) is valid and run does nothing.
//
// slice: output dimension d has sizes[d] elements; output index i reads input
// index offsets[d] + i * strides[d] (strides 1 for xqnn_reshape_slice_nd_x8).
// Strides are non-zero and may be negative (a reversed dimension); every
// index read must lie in [0, input_shape[d]) (invalid_parameter otherwise).
// ---------------------------------------------------------------------------
enum xqnn_status xqnn_create_slice_nd_x8(uint32_t flags, xqnn_operator_t* slice_op_out);
enum xqnn_status xqnn_reshape_slice_nd_x8(
    xqnn_operator_t slice_op, size_t num_dims, const size_t* input_shape, const size_t* offsets,
    const size_t* sizes, pthreadpool_t threadpool);
enum xqnn_status xqnn_reshape_strided_slice_nd_x8(
    xqnn_operator_t slice_op, size_t num_dims, const size_t* input_shape, const size_t* offsets,
    const int64_t* strides, const size_t* sizes, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_slice_nd_x8(xqnn_operator_t slice_op, const void* input, void* output);

// transpose: output dimension d is input dimension perm[d] (perm is a
// permutation of 0 .. num_dims - 1), as numpy.transpose(x, perm).
enum xqnn_status xqnn_create_transpose_nd_x8(uint32_t flags, xqnn_operator_t* transpose_op_out);
enum xqnn_status xqnn_reshape_transpose_nd_x8(
    xqnn_operator_t transpose_op, size_t num_dims, const size_t* input_shape, const size_t* perm,
    pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_transpose_nd_x8(xqnn_operator_t transpose_op, const void* input, void* output);

// concatenate: num_inputs >= 1 tensors of num_dims dimensions that agree on
// every dimension but `axis` are joined along it, in order (TFLite
// CONCATENATION, numpy.concatenate). Any number of inputs in one operator
// (no chains of 2-input operators); input sizes along the axis may be 0.
enum xqnn_status xqnn_create_concatenate_nd_x8(uint32_t flags, xqnn_operator_t* concatenate_op_out);
enum xqnn_status xqnn_reshape_concatenate_nd_x8(
    xqnn_operator_t concatenate_op, size_t num_inputs, size_t num_dims, const size_t* const* input_shapes,
    size_t axis, pthreadpool_t threadpool);
// inputs: num_inputs pointers (as at reshape).
enum xqnn_status xqnn_setup_concatenate_nd_x8(
    xqnn_operator_t concatenate_op, const void* const* inputs, void* output);

// split: the inverse of concatenate: output i receives split_sizes[i]
// consecutive indices of `axis` (sizes may be 0 and must sum to
// input_shape[axis]); one pass over the input for all outputs (TFLite SPLIT,
// SPLIT_V).
enum xqnn_status xqnn_create_split_nd_x8(uint32_t flags, xqnn_operator_t* split_op_out);
enum xqnn_status xqnn_reshape_split_nd_x8(
    xqnn_operator_t split_op, size_t num_outputs, size_t num_dims, const size_t* input_shape, size_t axis,
    const size_t* split_sizes, pthreadpool_t threadpool);
// outputs: num_outputs pointers (as at reshape); an empty output's may be NULL.
enum xqnn_status xqnn_setup_split_nd_x8(xqnn_operator_t split_op, const void* input, void* const* outputs);

// ---------------------------------------------------------------------------
// Elementwise unary operators through a 256-entry lookup table, over
// [batch][channels] with row strides in elements (>= channels; gaps between
// rows are never written). Any batch size, 0 included (run does nothing).
//
// The typed operators build their table at create, in double precision, from
// the dequantized input x = input_scale * (q - input_zero_point):
//   out(q) = clamp(round_half_even(f(x) / output_scale) + output_zero_point,
//                  output_min, output_max)
// with f = 1 / (1 + exp(-x)) (sigmoid), tanh(x) (tanh),
// x * min(max(x + 3, 0), 6) / 6 (hardswish), x >= 0 ? x : negative_slope * x
// (leaky_relu); the division by output_scale is a double division and the
// clamp is done in double, so values beyond the type saturate. Scales must be
// finite and positive, negative_slope finite, output_min <= output_max,
// channels non-zero, strides >= channels, flags 0 (invalid_parameter otherwise).
//
// lut_elementwise_nc_x8 applies a caller's table to any 1-byte type:
// out = table[input byte] (an int8 input indexes with its two's-complement
// byte, i.e. table[(uint8_t) x]). The table is copied at create. xqnn-tflite
// uses it to reproduce TFLite's own integer formulas bit for bit.
// ---------------------------------------------------------------------------

// sigmoid: f(x) = 1 / (1 + exp(-x)).
enum xqnn_status xqnn_create_sigmoid_nc_qs8(
    size_t channels, size_t input_stride, size_t output_stride, int8_t input_zero_point,
    float input_scale, int8_t output_zero_point, float output_scale, int8_t output_min, int8_t output_max,
    uint32_t flags, xqnn_operator_t* sigmoid_op_out);
enum xqnn_status xqnn_reshape_sigmoid_nc_qs8(
    xqnn_operator_t sigmoid_op, size_t batch_size, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_sigmoid_nc_qs8(
    xqnn_operator_t sigmoid_op, const int8_t* input, int8_t* output);
enum xqnn_status xqnn_create_sigmoid_nc_qu8(
    size_t channels, size_t input_stride, size_t output_stride, uint8_t input_zero_point,
    float input_scale, uint8_t output_zero_point, float output_scale, uint8_t output_min, uint8_t output_max,
    uint32_t flags, xqnn_operator_t* sigmoid_op_out);
enum xqnn_status xqnn_reshape_sigmoid_nc_qu8(
    xqnn_operator_t sigmoid_op, size_t batch_size, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_sigmoid_nc_qu8(
    xqnn_operator_t sigmoid_op, const uint8_t* input, uint8_t* output);

// tanh: f(x) = tanh(x).
enum xqnn_status xqnn_create_tanh_nc_qs8(
    size_t channels, size_t input_stride, size_t output_stride, int8_t input_zero_point,
    float input_scale, int8_t output_zero_point, float output_scale, int8_t output_min, int8_t output_max,
    uint32_t flags, xqnn_operator_t* tanh_op_out);
enum xqnn_status xqnn_reshape_tanh_nc_qs8(
    xqnn_operator_t tanh_op, size_t batch_size, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_tanh_nc_qs8(
    xqnn_operator_t tanh_op, const int8_t* input, int8_t* output);
enum xqnn_status xqnn_create_tanh_nc_qu8(
    size_t channels, size_t input_stride, size_t output_stride, uint8_t input_zero_point,
    float input_scale, uint8_t output_zero_point, float output_scale, uint8_t output_min, uint8_t output_max,
    uint32_t flags, xqnn_operator_t* tanh_op_out);
enum xqnn_status xqnn_reshape_tanh_nc_qu8(
    xqnn_operator_t tanh_op, size_t batch_size, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_tanh_nc_qu8(
    xqnn_operator_t tanh_op, const uint8_t* input, uint8_t* output);

// hardswish: f(x) = x * min(max(x + 3, 0), 6) / 6.
enum xqnn_status xqnn_create_hardswish_nc_qs8(
    size_t channels, size_t input_stride, size_t output_stride, int8_t input_zero_point,
    float input_scale, int8_t output_zero_point, float output_scale, int8_t output_min, int8_t output_max,
    uint32_t flags, xqnn_operator_t* hardswish_op_out);
enum xqnn_status xqnn_reshape_hardswish_nc_qs8(
    xqnn_operator_t hardswish_op, size_t batch_size, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_hardswish_nc_qs8(
    xqnn_operator_t hardswish_op, const int8_t* input, int8_t* output);
enum xqnn_status xqnn_create_hardswish_nc_qu8(
    size_t channels, size_t input_stride, size_t output_stride, uint8_t input_zero_point,
    float input_scale, uint8_t output_zero_point, float output_scale, uint8_t output_min, uint8_t output_max,
    uint32_t flags, xqnn_operator_t* hardswish_op_out);
enum xqnn_status xqnn_reshape_hardswish_nc_qu8(
    xqnn_operator_t hardswish_op, size_t batch_size, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_hardswish_nc_qu8(
    xqnn_operator_t hardswish_op, const uint8_t* input, uint8_t* output);

// leaky_relu: f(x) = x >= 0 ? x : negative_slope * x.
enum xqnn_status xqnn_create_leaky_relu_nc_qs8(
    size_t channels, size_t input_stride, size_t output_stride, float negative_slope, int8_t input_zero_point,
    float input_scale, int8_t output_zero_point, float output_scale, int8_t output_min, int8_t output_max,
    uint32_t flags, xqnn_operator_t* leaky_relu_op_out);
enum xqnn_status xqnn_reshape_leaky_relu_nc_qs8(
    xqnn_operator_t leaky_relu_op, size_t batch_size, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_leaky_relu_nc_qs8(
    xqnn_operator_t leaky_relu_op, const int8_t* input, int8_t* output);
enum xqnn_status xqnn_create_leaky_relu_nc_qu8(
    size_t channels, size_t input_stride, size_t output_stride, float negative_slope, uint8_t input_zero_point,
    float input_scale, uint8_t output_zero_point, float output_scale, uint8_t output_min, uint8_t output_max,
    uint32_t flags, xqnn_operator_t* leaky_relu_op_out);
enum xqnn_status xqnn_reshape_leaky_relu_nc_qu8(
    xqnn_operator_t leaky_relu_op, size_t batch_size, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_leaky_relu_nc_qu8(
    xqnn_operator_t leaky_relu_op, const uint8_t* input, uint8_t* output);


enum xqnn_status xqnn_create_lut_elementwise_nc_x8(
    size_t channels, size_t input_stride, size_t output_stride, const uint8_t table[256],
    uint32_t flags, xqnn_operator_t* lut_elementwise_op_out);
enum xqnn_status xqnn_reshape_lut_elementwise_nc_x8(
    xqnn_operator_t lut_elementwise_op, size_t batch_size, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_lut_elementwise_nc_x8(
    xqnn_operator_t lut_elementwise_op, const void* input, void* output);

// ---------------------------------------------------------------------------
// Converters over [batch][channels] with row strides in elements.
// f32 -> q: q = saturate(round_half_even(x / scale) + zero_point) clamped to
// [output_min, output_max]; NaN converts to the zero point.
// x / scale is an IEEE float division (not a multiplication by 1 / scale);
// +inf and -inf (and finite values beyond the range) saturate to output_max and
// output_min; NaN converts as 0.0, i.e. to the zero point clamped to
// [output_min, output_max].
// q -> f32: x = (float)(q - zero_point) * scale.
// Scales must be finite and positive (invalid_parameter otherwise) and normal
// floats (>= FLT_MIN; unsupported_parameter otherwise).
// ---------------------------------------------------------------------------

enum xqnn_status xqnn_create_convert_nc_f32_qs8(
    float output_scale, int8_t output_zero_point, int8_t output_min, int8_t output_max,
    uint32_t flags, xqnn_operator_t* convert_op_out);
enum xqnn_status xqnn_reshape_convert_nc_f32_qs8(
    xqnn_operator_t convert_op, size_t batch_size, size_t channels, size_t input_stride,
    size_t output_stride, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_convert_nc_f32_qs8(
    xqnn_operator_t convert_op, const float* input, int8_t* output);

enum xqnn_status xqnn_create_convert_nc_f32_qu8(
    float output_scale, uint8_t output_zero_point, uint8_t output_min, uint8_t output_max,
    uint32_t flags, xqnn_operator_t* convert_op_out);
enum xqnn_status xqnn_reshape_convert_nc_f32_qu8(
    xqnn_operator_t convert_op, size_t batch_size, size_t channels, size_t input_stride,
    size_t output_stride, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_convert_nc_f32_qu8(
    xqnn_operator_t convert_op, const float* input, uint8_t* output);

enum xqnn_status xqnn_create_convert_nc_qs8_f32(
    float input_scale, int8_t input_zero_point, uint32_t flags, xqnn_operator_t* convert_op_out);
enum xqnn_status xqnn_reshape_convert_nc_qs8_f32(
    xqnn_operator_t convert_op, size_t batch_size, size_t channels, size_t input_stride,
    size_t output_stride, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_convert_nc_qs8_f32(
    xqnn_operator_t convert_op, const int8_t* input, float* output);

enum xqnn_status xqnn_create_convert_nc_qu8_f32(
    float input_scale, uint8_t input_zero_point, uint32_t flags, xqnn_operator_t* convert_op_out);
enum xqnn_status xqnn_reshape_convert_nc_qu8_f32(
    xqnn_operator_t convert_op, size_t batch_size, size_t channels, size_t input_stride,
    size_t output_stride, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_convert_nc_qu8_f32(
    xqnn_operator_t convert_op, const uint8_t* input, float* output);

// Dynamic per-row quantization f32 / fp16 -> int8 plus one
// xqnn_quantization_params per row (the exact formula is documented in
// README.md, section "Dynamic range quantization").
enum xqnn_status xqnn_create_convert_nc_f32_qd8(uint32_t flags, xqnn_operator_t* convert_op_out);
enum xqnn_status xqnn_reshape_convert_nc_f32_qd8(
    xqnn_operator_t convert_op, size_t batch_size, size_t channels, size_t input_stride,
    size_t output_stride, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_convert_nc_f32_qd8(
    xqnn_operator_t convert_op, const float* input, int8_t* output,
    struct xqnn_quantization_params* quantization_params);

// `input` holds IEEE fp16 bit patterns (uint16_t).
enum xqnn_status xqnn_create_convert_nc_f16_qd8(uint32_t flags, xqnn_operator_t* convert_op_out);
enum xqnn_status xqnn_reshape_convert_nc_f16_qd8(
    xqnn_operator_t convert_op, size_t batch_size, size_t channels, size_t input_stride,
    size_t output_stride, pthreadpool_t threadpool);
enum xqnn_status xqnn_setup_convert_nc_f16_qd8(
    xqnn_operator_t convert_op, const void* input, int8_t* output,
    struct xqnn_quantization_params* quantization_params);

#if defined(XQNN_BUILDING_LIBRARY) && defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}  // extern "C"
#endif
