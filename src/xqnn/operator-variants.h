// What a data type means to the operators with weights (fully connected,
// convolution, deconvolution): one table row per data type, looked up once
// at create (op->variant), and the one function that chooses an operator's
// micro-kernels.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn/config.h"
#include "xqnn/operator.h"
#include "xqnn/packing.h"
#include "xqnn/quantized-weights.h"

#ifdef __cplusplus
extern "C" {
#endif

enum xqnn_operator_kind {
  xqnn_operator_kind_fully_connected,
  xqnn_operator_kind_convolution,
  xqnn_operator_kind_deconvolution,
};

// Requantization schemes, the index of the config getters below.
enum xqnn_requantization_scheme {
  xqnn_requantization_fp32 = 0,
  xqnn_requantization_tflite = 1,  // XQNN_FLAG_TFLITE_REQUANTIZATION
};

struct xqnn_datatype_variant {
  // Packed weight layout (src/xqnn/packing.h).
  enum xqnn_packed_weights_type packed_weights;
  uint32_t log2_input_size;   // 0: int8 / uint8, 1: int16 (QS16)
  uint32_t log2_output_size;  // 0: int8 / uint8, 1: fp16 or int16 (QS16), 2: f32
  // Kernel scales given per output channel (QS8-QC8W, QD8), else one.
  bool per_channel;
  // QD8 policy: the input is quantized at run time with one
  // xqnn_quantization_params per row (fully connected) or per image
  // (convolution, deconvolution), which setup requires; bias and output
  // range are float. gemm kernels read the parameters per row of A, so
  // convolution and deconvolution always use igemm, with one zero row per image
  // (filled from its zero point by a first compute step at each run: padding
  // reads as a real 0.0) and one copy of the indirection per image.
  bool qd8;
  // The data-type flags create accepts (XQNN_FLAG_TFLITE_REQUANTIZATION or 0).
  uint32_t flags;
  // Kernel configs by requantization scheme (NULL: the scheme does not exist),
  // for weights in [-127, 127] or with -128 (full_range; src/xqnn/config.h).
  const struct xqnn_gemm_config* (*gemm_config[2])(bool full_range, bool byte_weights);
  const struct xqnn_dwconv_config* (*dwconv_config[2])(void);  // NULL: no dwconv kernels
  // Fills the kernels' parameters from the checked weights.
  void (*init_params)(
      union xqnn_gemm_params* params, const struct xqnn_quantized_weights* weights,
      const struct xqnn_channel_requantization* requantization);
};

// The data type and the operator kind of a fully-connected, convolution or
// deconvolution operator type (NULL / false for the others).
const struct xqnn_datatype_variant* xqnn_datatype_variant(enum xqnn_operator_type type);
bool xqnn_operator_kind(enum xqnn_operator_type type, enum xqnn_operator_kind* kind);

// ---- kernel choice ----

// What the micro-kernels of one operator depend on. create asks with
// m == 0 (the family, the config and the packing are decided then); reshape
// asks again with the extent of the M dimension of each kernel call sequence
// (convolution: output pixels of one image; deconvolution: pixels of one
// phase row) and `adjustment` (deconvolution: a non-zero adjustment).
struct xqnn_kernel_query {
  enum xqnn_operator_kind kind;
  const struct xqnn_datatype_variant* variant;
  const struct xqnn_convolution_geometry* geometry;
  size_t m;
  bool adjustment;
  bool full_range_weights;  // int8 weights hold -128
};

struct xqnn_kernel_choice {
  // gemm (deconvolution: the direct path, each phase a gemm on input rows),
  // igemm or dwconv.
  enum xqnn_microkernel_type type;
  const struct xqnn_gemm_config* gemm_config;
  const struct xqnn_dwconv_ukernel* dwconv;  // dwconv
  // gemm / igemm: rows per kernel call and the kernels (reshape; gemm1 for
  // single-row remainders of a tile).
  uint32_t mr;
  xqnn_gemm_ukernel_fn gemm, gemm1;
  xqnn_igemm_ukernel_fn igemm;
};

// The one place that chooses kernels for fully connected, convolution and
// deconvolution:
//   config: the variant's, for the requantization scheme of the flags and
//     (full_range_weights) the kernels exact for weights of -128; dwconv
//     kernels are all exact (32-bit products); fully connected, and
//     convolution at reshape over one output pixel per image (m == 1), take
//     kernels on byte weights: a convolution whose config at create packs
//     int16 weights then gets the byte-weight config of the same nr, if any,
//     and its operator a byte copy of the weights (xqnn_narrow_packed_gemm_weights);
//   fully connected: gemm;
//   convolution: one input and one output channel per group and dwconv
//     kernels -> dwconv (the first unipass kernel covering the taps, else
//     multipass); 1x1, stride 1, no padding, not QD8 -> gemm; else igemm;
//   deconvolution: kernel == stride, no padding, dilation irrelevant, no
//     adjustment, not QD8 -> gemm; else igemm;
//   igemm over an M of 1 -> the 1-row kernel (indirection for mr = 1).
struct xqnn_kernel_choice xqnn_choose_kernel(const struct xqnn_kernel_query* query);

#ifdef __cplusplus
}  // extern "C"
#endif
