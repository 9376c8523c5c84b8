#include "xqnn/qs16-vbinary-scalar-template.h"

XQNN_QS16_SCALAR_VBINARY_KERNEL(xqnn_qs16_vmul_minmax_tflite_ukernel_x4__scalar, xqnn_qs16_vbinary_mul, false, 4)
