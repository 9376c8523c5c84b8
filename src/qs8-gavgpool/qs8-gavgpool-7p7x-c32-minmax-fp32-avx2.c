#include "xqnn/simd/avx2.h"
#include "xqnn/gavgpool-simd-template.h"

XQNN_SIMD_GAVGPOOL_MULTIPASS_KERNEL(xqnn_qs8_gavgpool_minmax_fp32_ukernel_7p7x_c32__avx2, /*is_signed=*/true, 7, 32)
