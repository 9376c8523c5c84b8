// QD8-F32-QC8W gemm + igemm: the kernel and tile for this CPU.
#include <stddef.h>

#include "xqnn/config.h"
#include "xqnn/microkernels.h"

static struct xqnn_gemm_config config;
static const struct xqnn_gemm_config* ready;

void xqnn_init_qd8_f32_qc8w_gemm_config(const struct xqnn_hardware_config* hardware) {
  (void) hardware;
  config = (struct xqnn_gemm_config){
      .gemm = xqnn_qd8_f32_qc8w_gemm_minmax_ukernel_4x4__scalar,
      .gemm1 = xqnn_qd8_f32_qc8w_gemm_minmax_ukernel_1x4__scalar,
      .igemm = xqnn_qd8_f32_qc8w_igemm_minmax_ukernel_4x4__scalar,
      .igemm1 = xqnn_qd8_f32_qc8w_igemm_minmax_ukernel_1x4__scalar,
      .mr = 4,
      .nr = 4,
      .log2_kr = 0,
      .log2_sr = 0,
  };
  ready = &config;
}

const struct xqnn_gemm_config* xqnn_get_qd8_f32_qc8w_gemm_config(void) { return ready; }
