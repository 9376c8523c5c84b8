#include "xqnn/elementwise-scalar-template.h"

XQNN_SCALAR_TFLITE_VADD_KERNEL(xqnn_qs8_vadd_minmax_tflite_ukernel_x4__scalar, /*is_signed=*/true, /*broadcast_b=*/false, 4)
