#include "xqnn/simd/avx512vnni.h"
#include "xqnn/dwconv-simd-template.h"

XQNN_SIMD_DWCONV_PAIRS_KERNEL(xqnn_qs8_qc8w_dwconv_minmax_fp32_ukernel_25p32c__avx512vnni, /*is_qu8=*/false, 32, 25)
