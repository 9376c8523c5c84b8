#include "xqnn/simd/sse41.h"
#include "xqnn/dwconv-simd-template.h"

XQNN_SIMD_DWCONV_TFLITE_KERNEL(xqnn_qs8_qc8w_dwconv_minmax_tflite_ukernel_5f5m5l8c__sse41, /*is_qu8=*/false, 8, 5, 5, 5)
