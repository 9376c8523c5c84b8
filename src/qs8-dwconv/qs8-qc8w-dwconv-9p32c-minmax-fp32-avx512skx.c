#include "xqnn/dwconv-avx512skx-template.h"

XQNN_AVX512SKX_DWCONV_KERNEL(xqnn_qs8_qc8w_dwconv_minmax_fp32_ukernel_9p32c__avx512skx, /*is_qu8=*/false, 32, 9, 0, 0)
