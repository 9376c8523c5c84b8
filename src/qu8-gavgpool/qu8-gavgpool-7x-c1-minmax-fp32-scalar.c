#include "xqnn/elementwise-scalar-template.h"

XQNN_SCALAR_GAVGPOOL_UNIPASS_KERNEL(xqnn_qu8_gavgpool_minmax_fp32_ukernel_7x_c1__scalar, /*is_signed=*/false, 7, 1)
