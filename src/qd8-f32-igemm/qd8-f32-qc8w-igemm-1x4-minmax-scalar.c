#include "xqnn/gemm-scalar-template.h"

XQNN_SCALAR_IGEMM_KERNEL(xqnn_qd8_f32_qc8w_igemm_minmax_ukernel_1x4__scalar, xqnn_scalar_gemm_qd8_f32, 1, 4)
