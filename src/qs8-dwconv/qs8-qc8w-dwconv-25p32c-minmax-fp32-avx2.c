#include "xqnn/dwconv-avx2-template.h"

XQNN_AVX2_DWCONV_KERNEL(xqnn_qs8_qc8w_dwconv_minmax_fp32_ukernel_25p32c__avx2, /*is_qu8=*/false, 32, 25, 0, 0)
