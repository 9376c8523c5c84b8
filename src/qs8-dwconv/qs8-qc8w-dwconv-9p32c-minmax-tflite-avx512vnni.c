#include "xqnn/simd/avx512vnni-256.h"
#include "xqnn/dwconv-simd-template.h"

XQNN_SIMD_DWCONV_QUADS_TFLITE_KERNEL(xqnn_qs8_qc8w_dwconv_minmax_tflite_ukernel_9p32c__avx512vnni, 32, 9)
