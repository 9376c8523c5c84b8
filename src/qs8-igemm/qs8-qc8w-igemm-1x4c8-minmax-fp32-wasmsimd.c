#include "xqnn/gemm-wasmsimd-template.h"

XQNN_WASMSIMD_IGEMM_KERNEL(xqnn_qs8_qc8w_igemm_minmax_fp32_ukernel_1x4c8__wasmsimd, xqnn_x86_gemm_qs8_qc8w, 1)
