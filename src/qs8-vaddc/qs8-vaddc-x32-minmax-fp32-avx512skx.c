#include "xqnn/simd/avx512skx.h"
#include "xqnn/vbinary-simd-template.h"

XQNN_SIMD_VBINARY_KERNEL(xqnn_qs8_vaddc_minmax_fp32_ukernel_x32__avx512skx, /*is_signed=*/true, xqnn_simd_vbinary_add, /*broadcast_b=*/true, 32)
