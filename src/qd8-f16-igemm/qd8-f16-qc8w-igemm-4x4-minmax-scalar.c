#include "xqnn/gemm-scalar-template.h"

XQNN_SCALAR_IGEMM_KERNEL(xqnn_qd8_f16_qc8w_igemm_minmax_ukernel_4x4__scalar, xqnn_scalar_gemm_qd8_f16, 4, 4)
