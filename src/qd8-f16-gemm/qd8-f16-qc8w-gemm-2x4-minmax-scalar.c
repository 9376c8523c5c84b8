#include "xqnn/gemm-scalar-template.h"

XQNN_SCALAR_GEMM_KERNEL(xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_2x4__scalar, xqnn_scalar_gemm_qd8_f16, 2, 4)
