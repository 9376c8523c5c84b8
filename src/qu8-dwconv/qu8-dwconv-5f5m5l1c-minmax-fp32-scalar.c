#include "xqnn/dwconv-scalar-template.h"

XQNN_SCALAR_DWCONV_KERNEL(xqnn_qu8_dwconv_minmax_fp32_ukernel_5f5m5l1c__scalar, xqnn_scalar_dwconv_qu8, 1, 5, 5, 5)
