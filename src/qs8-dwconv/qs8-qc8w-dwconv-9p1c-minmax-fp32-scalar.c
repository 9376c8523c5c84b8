#include "xqnn/dwconv-scalar-template.h"

XQNN_SCALAR_DWCONV_KERNEL(xqnn_qs8_qc8w_dwconv_minmax_fp32_ukernel_9p1c__scalar, xqnn_scalar_dwconv_qs8_qc8w, 1, 9, 0, 0)
