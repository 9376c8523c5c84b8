#include "xqnn/gemm-scalar-template.h"

XQNN_SCALAR_GEMM_TFLITE_KERNEL(xqnn_qu8_gemm_minmax_tflite_ukernel_1x4__scalar, xqnn_scalar_gemm_qu8, 1, 4)
