#include "xqnn/simd/sse41.h"
#include "xqnn/dwconv-simd-template.h"

XQNN_SIMD_DWCONV_TFLITE_KERNEL(xqnn_qu8_dwconv_minmax_tflite_ukernel_9p8c__sse41, /*is_qu8=*/true, 8, 9, 0, 0)
