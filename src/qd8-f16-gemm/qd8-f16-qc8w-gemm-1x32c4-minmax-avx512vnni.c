#include "xqnn/gemm-avx512-template.h"

XQNN_AVX512_GEMM_KERNEL(xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_1x32c4__avx512vnni, avx512vnni, xqnn_x86_gemm_qd8_f16, 1, 32)
