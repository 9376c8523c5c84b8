#include "xqnn/gemm-avx512-template.h"

XQNN_AVX512_GEMM_KERNEL(xqnn_qd8_f32_qc8w_gemm_minmax_ukernel_7x32c4__avx512vnni, avx512vnni, xqnn_x86_gemm_qd8_f32, 7, 32)
