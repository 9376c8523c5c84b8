#include "xqnn/gemm-avx512-template.h"

XQNN_AVX512_IGEMM_KERNEL(xqnn_qu8_igemm_minmax_tflite_ukernel_1x32c4__avx512vnni, avx512vnni, xqnn_x86_gemm_qu8_tflite, 1, 32)
