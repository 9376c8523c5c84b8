#include "xqnn/qs16-gemm-avx2-template.h"

XQNN_QS16_AVX2_GEMM_KERNEL(xqnn_qs16_qc8w_gemm_minmax_tflite_ukernel_4x16c2__avx2, 4)
