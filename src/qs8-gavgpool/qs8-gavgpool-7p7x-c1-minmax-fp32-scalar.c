#include "xqnn/elementwise-scalar-template.h"

XQNN_SCALAR_GAVGPOOL_MULTIPASS_KERNEL(xqnn_qs8_gavgpool_minmax_fp32_ukernel_7p7x_c1__scalar, /*is_signed=*/true, 7, 1)
