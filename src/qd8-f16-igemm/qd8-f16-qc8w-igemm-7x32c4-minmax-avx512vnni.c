#include "xqnn/gemm-avx512-template.h"

XQNN_AVX512_IGEMM_KERNEL(xqnn_qd8_f16_qc8w_igemm_minmax_ukernel_7x32c4__avx512vnni, avx512vnni, xqnn_x86_gemm_qd8_f16, 7, 32)
