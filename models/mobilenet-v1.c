// MobileNet v1, width 1.0 (Howard et al. 2017): a 3x3 stride-2 convolution,
// 13 depthwise 3x3 + pointwise 1x1 pairs, global average pooling and a 1x1
// convolution to 1001 classes (the fully-connected layer, as TFLite's
// MobileNets express it). ReLU6 after every convolution but the last.
#include <stdio.h>

#include "models.h"

struct xqm_network* xqm_create_mobilenet_v1(enum xqm_scheme scheme, size_t resolution) {
  static const struct { unsigned stride, channels; } blocks[13] = {
      {1, 64}, {2, 128}, {1, 128}, {2, 256}, {1, 256}, {2, 512}, {1, 512},
      {1, 512}, {1, 512}, {1, 512}, {1, 512}, {2, 1024}, {1, 1024},
  };
  const char* name = scheme == xqm_scheme_qs8 ? "qs8-mobilenet-v1"
                     : scheme == xqm_scheme_qs8_qc8w ? "qs8-qc8w-mobilenet-v1" : "qu8-mobilenet-v1";
  struct xqm_network* net = xqm_network_new(name, scheme, UINT64_C(0x6d6e7631) + scheme);
  if (net == NULL) return NULL;
  int x = xqm_add_input(net, 1, resolution, resolution, 3);
  x = xqm_add_convolution(net, "conv0 3x3 s2", x, 3, 2, 1, 32, xqm_activation_relu6);
  size_t channels = 32;
  for (int i = 0; i < 13; i++) {
    char layer_name[48];
    snprintf(layer_name, sizeof(layer_name), "block%d dw 3x3 s%u", i + 1, blocks[i].stride);
    x = xqm_add_convolution(net, layer_name, x, 3, blocks[i].stride, (uint32_t) channels, channels,
                            xqm_activation_relu6);
    snprintf(layer_name, sizeof(layer_name), "block%d pw %zu->%u", i + 1, channels, blocks[i].channels);
    x = xqm_add_convolution(net, layer_name, x, 1, 1, 1, blocks[i].channels, xqm_activation_relu6);
    channels = blocks[i].channels;
  }
  x = xqm_add_global_average_pooling(net, "global average pooling", x);
  x = xqm_add_convolution(net, "fc 1024->1001", x, 1, 1, 1, 1001, xqm_activation_linear);
  if (x < 0) {
    xqm_delete_network(net);
    return NULL;
  }
  return net;
}
