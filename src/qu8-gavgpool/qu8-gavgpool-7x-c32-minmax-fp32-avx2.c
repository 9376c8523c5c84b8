#include "xqnn/elementwise-avx2-template.h"

XQNN_AVX2_GAVGPOOL_UNIPASS_KERNEL(xqnn_qu8_gavgpool_minmax_fp32_ukernel_7x_c32__avx2, /*is_signed=*/false, 7, 32)
