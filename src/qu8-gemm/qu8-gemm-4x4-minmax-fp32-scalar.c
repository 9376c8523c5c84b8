#include "xqnn/gemm-scalar-template.h"

XQNN_SCALAR_GEMM_KERNEL(xqnn_qu8_gemm_minmax_fp32_ukernel_4x4__scalar, xqnn_scalar_gemm_qu8, 4, 4)
