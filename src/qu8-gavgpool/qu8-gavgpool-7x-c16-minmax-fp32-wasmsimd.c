#include "xqnn/simd/wasmsimd.h"
#include "xqnn/gavgpool-simd-template.h"

XQNN_SIMD_GAVGPOOL_UNIPASS_KERNEL(xqnn_qu8_gavgpool_minmax_fp32_ukernel_7x_c16__wasmsimd, /*is_signed=*/false, 7, 16)
