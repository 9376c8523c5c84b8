#include "xqnn/gemm-wasmsimd-template.h"

XQNN_WASMSIMD_GEMM_KERNEL(xqnn_qu8_gemm_minmax_fp32_ukernel_4x4c8__wasmsimd, xqnn_x86_gemm_qu8, 4)
