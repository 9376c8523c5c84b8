#include "xqnn/qs16-gemm-avx2-template.h"

XQNN_QS16_AVX2_IGEMM_KERNEL(xqnn_qs16_qc8w_igemm_minmax_tflite_ukernel_1x16c2__avx2, 1)
