#include "xqnn/elementwise-avx2-template.h"

XQNN_AVX2_VBINARY_KERNEL(xqnn_qu8_vmulc_minmax_fp32_ukernel_x32__avx2, /*is_signed=*/false, xqnn_avx2_vbinary_mul,
                         /*broadcast_b=*/true, 32)
