#include "xqnn/dwconv-scalar-template.h"

XQNN_SCALAR_DWCONV_KERNEL(xqnn_qu8_dwconv_minmax_fp32_ukernel_25p4c__scalar, xqnn_scalar_dwconv_qu8, 4, 25, 0, 0)
