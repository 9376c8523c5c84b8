#include "xqnn/simd/avx2.h"
#include "xqnn/dwconv-simd-template.h"

XQNN_SIMD_DWCONV_PAIRS_TFLITE_KERNEL(xqnn_qu8_dwconv_minmax_tflite_ukernel_9p16c__avx2, /*is_qu8=*/true, 16, 9)
