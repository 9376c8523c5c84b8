#include "xqnn/qs16-gemm-scalar-template.h"

XQNN_QS16_SCALAR_IGEMM_KERNEL(xqnn_qs16_qc8w_igemm_minmax_tflite_ukernel_1x4__scalar, 1, 4)
