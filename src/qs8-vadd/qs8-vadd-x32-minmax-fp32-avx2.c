#include "xqnn/elementwise-avx2-template.h"

XQNN_AVX2_VBINARY_KERNEL(xqnn_qs8_vadd_minmax_fp32_ukernel_x32__avx2, /*is_signed=*/true, xqnn_avx2_vbinary_add,
                         /*broadcast_b=*/false, 32)
