#include "xqnn/simd/sse41.h"
#include "xqnn/vbinary-simd-template.h"

XQNN_SIMD_VADD_TFLITE_KERNEL(xqnn_qs8_vaddc_minmax_tflite_ukernel_x16__sse41, /*is_signed=*/true, /*broadcast_b=*/true, 16)
