#include "xqnn/simd/wasmsimd.h"
#include "xqnn/gavgpool-simd-template.h"

XQNN_SIMD_GAVGPOOL_MULTIPASS_KERNEL(xqnn_qs8_gavgpool_minmax_fp32_ukernel_7p7x_c16__wasmsimd, /*is_signed=*/true, 7, 16)
