// MobileNet v2, width 1.0 (Sandler et al. 2018): a 3x3 stride-2 convolution,
// 17 inverted-residual bottlenecks (1x1 expansion + ReLU6, depthwise 3x3 +
// ReLU6, linear 1x1 projection, residual add when the shape is kept), a 1x1
// convolution to 1280 channels, global average pooling and a 1x1 convolution
// to 1001 classes (the fully-connected layer).
#include <stdio.h>

#include "models.h"

struct xqm_network* xqm_create_mobilenet_v2(enum xqm_scheme scheme, size_t resolution) {
  // (expansion t, output channels c, repeats n, first stride s)
  static const struct { unsigned t, c, n, s; } stages[7] = {
      {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2},
      {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1},
  };
  const char* name = scheme == xqm_scheme_qs8 ? "qs8-mobilenet-v2"
                     : scheme == xqm_scheme_qs8_qc8w ? "qs8-qc8w-mobilenet-v2" : "qu8-mobilenet-v2";
  struct xqm_network* net = xqm_network_new(name, scheme, UINT64_C(0x6d6e7632) + scheme);
  if (net == NULL) return NULL;
  int x = xqm_add_input(net, 1, resolution, resolution, 3);
  x = xqm_add_convolution(net, "conv0 3x3 s2", x, 3, 2, 1, 32, xqm_activation_relu6);
  size_t channels = 32;
  int block = 0;
  for (int s = 0; s < 7; s++) {
    for (unsigned r = 0; r < stages[s].n; r++) {
      const unsigned stride = r == 0 ? stages[s].s : 1;
      const size_t expanded = channels * stages[s].t;
      const int block_input = x;
      char layer_name[48];
      block++;
      if (stages[s].t != 1) {
        snprintf(layer_name, sizeof(layer_name), "block%d expand %zu->%zu", block, channels, expanded);
        x = xqm_add_convolution(net, layer_name, x, 1, 1, 1, expanded, xqm_activation_relu6);
      }
      snprintf(layer_name, sizeof(layer_name), "block%d dw 3x3 s%u", block, stride);
      x = xqm_add_convolution(net, layer_name, x, 3, stride, (uint32_t) expanded, expanded,
                              xqm_activation_relu6);
      snprintf(layer_name, sizeof(layer_name), "block%d project %zu->%u", block, expanded, stages[s].c);
      x = xqm_add_convolution(net, layer_name, x, 1, 1, 1, stages[s].c, xqm_activation_linear);
      if (stride == 1 && channels == stages[s].c) {
        snprintf(layer_name, sizeof(layer_name), "block%d add", block);
        x = xqm_add_add(net, layer_name, x, block_input);
      }
      channels = stages[s].c;
    }
  }
  x = xqm_add_convolution(net, "conv 1x1 320->1280", x, 1, 1, 1, 1280, xqm_activation_relu6);
  x = xqm_add_global_average_pooling(net, "global average pooling", x);
  x = xqm_add_convolution(net, "fc 1280->1001", x, 1, 1, 1, 1001, xqm_activation_linear);
  if (x < 0) {
    xqm_delete_network(net);
    return NULL;
  }
  return net;
}
