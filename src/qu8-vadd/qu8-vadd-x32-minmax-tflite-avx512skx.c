#include "xqnn/simd/avx512skx.h"
#include "xqnn/vbinary-simd-template.h"

XQNN_SIMD_VADD_TFLITE_KERNEL(xqnn_qu8_vadd_minmax_tflite_ukernel_x32__avx512skx, /*is_signed=*/false, /*broadcast_b=*/false, 32)
