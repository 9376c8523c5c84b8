// Kernels with TFLite requantization (XQNN_FLAG_TFLITE_REQUANTIZATION): gemm,
// igemm, dwconv and vadd / vaddc for QS8(-QC8W) and QU8. Scalar on every CPU: the flag buys
// TFLite's exact results, not speed.
#include <stddef.h>

#include "xqnn/config.h"
#include "xqnn/microkernels.h"

static struct xqnn_gemm_config qs8_gemm_config, qu8_gemm_config;
static struct xqnn_dwconv_config qs8_dwconv_config, qu8_dwconv_config;
static struct xqnn_vbinary_config qs8_vadd_config, qu8_vadd_config;
static bool ready;

void xqnn_init_tflite_requantization_configs(const struct xqnn_hardware_config* hardware) {
  (void) hardware;
  qs8_gemm_config = (struct xqnn_gemm_config){
      .gemm = xqnn_qs8_qc8w_gemm_minmax_tflite_ukernel_4x4__scalar,
      .gemm1 = xqnn_qs8_qc8w_gemm_minmax_tflite_ukernel_1x4__scalar,
      .igemm = xqnn_qs8_qc8w_igemm_minmax_tflite_ukernel_4x4__scalar,
      .igemm1 = xqnn_qs8_qc8w_igemm_minmax_tflite_ukernel_1x4__scalar,
      .mr = 4, .nr = 4, .log2_kr = 0, .log2_sr = 0,
  };
  qu8_gemm_config = (struct xqnn_gemm_config){
      .gemm = xqnn_qu8_gemm_minmax_tflite_ukernel_4x4__scalar,
      .gemm1 = xqnn_qu8_gemm_minmax_tflite_ukernel_1x4__scalar,
      .igemm = xqnn_qu8_igemm_minmax_tflite_ukernel_4x4__scalar,
      .igemm1 = xqnn_qu8_igemm_minmax_tflite_ukernel_1x4__scalar,
      .mr = 4, .nr = 4, .log2_kr = 0, .log2_sr = 0,
  };
  qs8_dwconv_config = (struct xqnn_dwconv_config){
      .ukernels = {
          {xqnn_qs8_qc8w_dwconv_minmax_tflite_ukernel_9p2c__scalar, 2, 9, 0, 0},
          {xqnn_qs8_qc8w_dwconv_minmax_tflite_ukernel_25p2c__scalar, 2, 25, 0, 0},
          {xqnn_qs8_qc8w_dwconv_minmax_tflite_ukernel_5f5m5l2c__scalar, 2, 5, 5, 5},
      },
      .count = 3,
  };
  qu8_dwconv_config = (struct xqnn_dwconv_config){
      .ukernels = {
          {xqnn_qu8_dwconv_minmax_tflite_ukernel_9p2c__scalar, 2, 9, 0, 0},
          {xqnn_qu8_dwconv_minmax_tflite_ukernel_25p2c__scalar, 2, 25, 0, 0},
          {xqnn_qu8_dwconv_minmax_tflite_ukernel_5f5m5l2c__scalar, 2, 5, 5, 5},
      },
      .count = 3,
  };
  qs8_vadd_config = (struct xqnn_vbinary_config){
      .op_ukernel = xqnn_qs8_vadd_minmax_tflite_ukernel_x4__scalar,
      .opc_ukernel = xqnn_qs8_vaddc_minmax_tflite_ukernel_x4__scalar,
      .element_tile = 4,
  };
  qu8_vadd_config = (struct xqnn_vbinary_config){
      .op_ukernel = xqnn_qu8_vadd_minmax_tflite_ukernel_x4__scalar,
      .opc_ukernel = xqnn_qu8_vaddc_minmax_tflite_ukernel_x4__scalar,
      .element_tile = 4,
  };
  ready = true;
}

const struct xqnn_gemm_config* xqnn_get_qs8_qc8w_tflite_gemm_config(void) {
  return ready ? &qs8_gemm_config : NULL;
}
const struct xqnn_gemm_config* xqnn_get_qu8_tflite_gemm_config(void) {
  return ready ? &qu8_gemm_config : NULL;
}
const struct xqnn_dwconv_config* xqnn_get_qs8_qc8w_tflite_dwconv_config(void) {
  return ready ? &qs8_dwconv_config : NULL;
}
const struct xqnn_dwconv_config* xqnn_get_qu8_tflite_dwconv_config(void) {
  return ready ? &qu8_dwconv_config : NULL;
}
const struct xqnn_vbinary_config* xqnn_get_qs8_tflite_vadd_config(void) {
  return ready ? &qs8_vadd_config : NULL;
}
const struct xqnn_vbinary_config* xqnn_get_qu8_tflite_vadd_config(void) {
  return ready ? &qu8_vadd_config : NULL;
}
