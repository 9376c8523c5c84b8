// The MLP block of a BERT-base / ViT-B transformer layer with dynamic range
// quantization (QD8-F32-QC8W): f32 [batch][768] -> convert to int8 per row ->
// fully-connected 768 -> 3072 (ReLU as output_min = 0, standing in for GELU,
// which xqnn does not provide) -> convert -> fully-connected 3072 -> 768, f32.
#include <stdio.h>

#include "models.h"

struct xqm_network* xqm_create_mlp(size_t batch) {
  char name[48];
  snprintf(name, sizeof(name), "qd8-f32-mlp-b%zu", batch);
  struct xqm_network* net = xqm_network_new(name, xqm_scheme_qd8_f32, UINT64_C(0x6d6c70) + batch);
  if (net == NULL) return NULL;
  int x = xqm_add_input(net, batch, 1, 1, 768);
  x = xqm_add_convert_f32_qd8(net, "convert f32->qd8 (768)", x);
  x = xqm_add_fully_connected_qd8(net, "fc 768->3072 relu", x, 3072, /*relu=*/true);
  x = xqm_add_convert_f32_qd8(net, "convert f32->qd8 (3072)", x);
  x = xqm_add_fully_connected_qd8(net, "fc 3072->768", x, 768, /*relu=*/false);
  if (x < 0) {
    xqm_delete_network(net);
    return NULL;
  }
  return net;
}
