#include "xqnn/simd/wasmsimd.h"
#include "xqnn/vbinary-simd-template.h"

XQNN_SIMD_VBINARY_KERNEL(xqnn_qs8_vmulc_minmax_fp32_ukernel_x16__wasmsimd, /*is_signed=*/true, xqnn_simd_vbinary_mul, /*broadcast_b=*/true, 16)
