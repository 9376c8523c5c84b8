// Kernel choice shared by the dwconv configs.
#include <assert.h>

#include "xqnn/config.h"

const struct xqnn_dwconv_ukernel* xqnn_choose_dwconv_ukernel(
    const struct xqnn_dwconv_config* config, size_t kernel_size) {
  assert(config->count != 0);
  for (size_t i = 0; i < config->count; i++) {
    const struct xqnn_dwconv_ukernel* ukernel = &config->ukernels[i];
    if (ukernel->middle_pass_tile != 0 || kernel_size <= ukernel->first_pass_tile) return ukernel;
  }
  return &config->ukernels[config->count - 1];
}
