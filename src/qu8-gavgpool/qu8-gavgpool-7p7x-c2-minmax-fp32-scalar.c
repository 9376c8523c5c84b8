#include "xqnn/elementwise-scalar-template.h"

XQNN_SCALAR_GAVGPOOL_MULTIPASS_KERNEL(xqnn_qu8_gavgpool_minmax_fp32_ukernel_7p7x_c2__scalar, /*is_signed=*/false, 7, 2)
