#include "xqnn/qd8-vcvt-scalar-template.h"

XQNN_QD8_VCVT_UKERNEL_SIGNATURE(xqnn_f16_qd8_vcvt_ukernel__scalar) {
  xqnn_qd8_vcvt_scalar_body(/*is_f16=*/true, channels, input, output, quantization_params);
}
