#include "xqnn/qs16-gemm-scalar-template.h"

XQNN_QS16_SCALAR_GEMM_KERNEL(xqnn_qs16_qc8w_gemm_minmax_tflite_ukernel_4x4__scalar, 4, 4)
