#include "xqnn/simd/avx512vnni.h"
#include "xqnn/dwconv-simd-template.h"

XQNN_SIMD_DWCONV_PAIRS_TFLITE_KERNEL(xqnn_qu8_dwconv_minmax_tflite_ukernel_25p32c__avx512vnni, /*is_qu8=*/true, 32, 25)
