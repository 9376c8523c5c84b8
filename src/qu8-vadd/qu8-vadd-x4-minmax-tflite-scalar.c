#include "xqnn/elementwise-scalar-template.h"

XQNN_SCALAR_TFLITE_VADD_KERNEL(xqnn_qu8_vadd_minmax_tflite_ukernel_x4__scalar, /*is_signed=*/false, /*broadcast_b=*/false, 4)
