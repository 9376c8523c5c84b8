#include "xqnn/gemm-scalar-template.h"

XQNN_SCALAR_GEMM_TFLITE_KERNEL(xqnn_qs8_qc8w_gemm_minmax_tflite_ukernel_4x4__scalar, xqnn_scalar_gemm_qs8_qc8w, 4, 4)
