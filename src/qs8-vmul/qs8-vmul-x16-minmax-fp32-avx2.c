#include "xqnn/elementwise-avx2-template.h"

XQNN_AVX2_VBINARY_KERNEL(xqnn_qs8_vmul_minmax_fp32_ukernel_x16__avx2, /*is_signed=*/true, xqnn_avx2_vbinary_mul,
                         /*broadcast_b=*/false, 16)
