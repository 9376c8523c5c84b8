#include "xqnn/elementwise-avx2-template.h"

XQNN_AVX2_GAVGPOOL_UNIPASS_KERNEL(xqnn_qs8_gavgpool_minmax_fp32_ukernel_7x_c16__avx2, /*is_signed=*/true, 7, 16)
