// QS8 global average pooling: the unipass / multipass kernels for this CPU.
#include <stddef.h>

#include "xqnn/config.h"
#include "xqnn/microkernels.h"

static struct xqnn_gavgpool_config config;
static const struct xqnn_gavgpool_config* ready;

void xqnn_init_qs8_gavgpool_config(const struct xqnn_hardware_config* hardware) {
  (void) hardware;
  // Scalar, unless an x86 tier below has its own kernels (highest tier first).
  config = (struct xqnn_gavgpool_config){
      .unipass = xqnn_qs8_gavgpool_minmax_fp32_ukernel_7x_c4__scalar,
      .multipass = xqnn_qs8_gavgpool_minmax_fp32_ukernel_7p7x_c4__scalar,
      .row_tile = 7,
      .channel_tile = 4,
  };
#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
  if ((hardware->arch_flags & xqnn_arch_x86_avx2) != 0) {
    config = (struct xqnn_gavgpool_config){
        .unipass = xqnn_qs8_gavgpool_minmax_fp32_ukernel_7x_c32__avx2,
        .multipass = xqnn_qs8_gavgpool_minmax_fp32_ukernel_7p7x_c32__avx2,
        .row_tile = 7,
        .channel_tile = 32,
    };
  } else if ((hardware->arch_flags & xqnn_arch_x86_sse41) != 0) {
    config = (struct xqnn_gavgpool_config){
        .unipass = xqnn_qs8_gavgpool_minmax_fp32_ukernel_7x_c16__sse41,
        .multipass = xqnn_qs8_gavgpool_minmax_fp32_ukernel_7p7x_c16__sse41,
        .row_tile = 7,
        .channel_tile = 16,
    };
  }
#endif
  ready = &config;
}

const struct xqnn_gavgpool_config* xqnn_get_qs8_gavgpool_config(void) { return ready; }
