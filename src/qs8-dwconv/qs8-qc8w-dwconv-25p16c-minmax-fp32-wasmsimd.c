#include "xqnn/simd/wasmsimd.h"
#include "xqnn/dwconv-simd-template.h"

XQNN_SIMD_DWCONV_KERNEL(xqnn_qs8_qc8w_dwconv_minmax_fp32_ukernel_25p16c__wasmsimd, /*is_qu8=*/false, 16, 25, 0, 0)
