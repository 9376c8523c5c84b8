#include "xqnn/gemm-scalar-template.h"

XQNN_SCALAR_GEMM_KERNEL(xqnn_qs8_qc8w_gemm_minmax_fp32_ukernel_3x4__scalar, xqnn_scalar_gemm_qs8_qc8w, 3, 4)
