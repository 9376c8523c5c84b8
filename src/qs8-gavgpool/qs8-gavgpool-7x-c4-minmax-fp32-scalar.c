#include "xqnn/elementwise-scalar-template.h"

XQNN_SCALAR_GAVGPOOL_UNIPASS_KERNEL(xqnn_qs8_gavgpool_minmax_fp32_ukernel_7x_c4__scalar, /*is_signed=*/true, 7, 4)
