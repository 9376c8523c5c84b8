#include "xqnn/elementwise-avx2-template.h"

XQNN_AVX2_VBINARY_KERNEL(xqnn_qu8_vadd_minmax_fp32_ukernel_x16__avx2, /*is_signed=*/false, xqnn_avx2_vbinary_add,
                         /*broadcast_b=*/false, 16)
