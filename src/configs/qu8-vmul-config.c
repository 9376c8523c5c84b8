// QU8 vmul / vmulc: the kernels for this CPU.
#include <stddef.h>

#include "xqnn/config.h"
#include "xqnn/microkernels.h"

static struct xqnn_vbinary_config config;
static const struct xqnn_vbinary_config* ready;

void xqnn_init_qu8_vmul_config(const struct xqnn_hardware_config* hardware) {
  (void) hardware;
  config = (struct xqnn_vbinary_config){
      .op_ukernel = xqnn_qu8_vmul_minmax_fp32_ukernel_x4__scalar,
      .opc_ukernel = xqnn_qu8_vmulc_minmax_fp32_ukernel_x4__scalar,
      .element_tile = 4,
  };
  ready = &config;
}

const struct xqnn_vbinary_config* xqnn_get_qu8_vmul_config(void) { return ready; }
