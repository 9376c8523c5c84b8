// qs8 -> f32 conversion: the kernel for this CPU.
#include <stddef.h>

#include "xqnn/config.h"
#include "xqnn/microkernels.h"

static struct xqnn_vcvt_config config;
static const struct xqnn_vcvt_config* ready;

void xqnn_init_qs8_f32_vcvt_config(const struct xqnn_hardware_config* hardware) {
  (void) hardware;
  config = (struct xqnn_vcvt_config){
      .ukernel = xqnn_qs8_f32_vcvt_ukernel_x4__scalar,
      .element_tile = 4,
  };
  ready = &config;
}

const struct xqnn_vcvt_config* xqnn_get_qs8_f32_vcvt_config(void) { return ready; }
