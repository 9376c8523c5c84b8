#include "xqnn/gemm-avx512-template.h"

XQNN_AVX512_GEMM_KERNEL(xqnn_qs8_qc8w_gemm_minmax_tflite_ukernel_1x32c4__avx512vnni, avx512vnni, xqnn_x86_gemm_qs8_qc8w_tflite, 1, 32)
