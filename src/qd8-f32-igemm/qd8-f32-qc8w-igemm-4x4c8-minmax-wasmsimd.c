#include "xqnn/gemm-wasmsimd-template.h"

XQNN_WASMSIMD_IGEMM_KERNEL(xqnn_qd8_f32_qc8w_igemm_minmax_ukernel_4x4c8__wasmsimd, xqnn_x86_gemm_qd8_f32, 4)
