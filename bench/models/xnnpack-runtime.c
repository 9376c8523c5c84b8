// See xnnpack-runtime.h. XNNPACK 2022's setup functions take the shapes,
// pointers and threadpool together (no separate reshape).
#include <stdio.h>
#include <stdlib.h>

#include <cpuinfo.h>
#include <xnnpack.h>

#include "xnnpack-runtime.h"

struct xqm_xnnpack_runtime {
  const struct xqm_network* network;
  pthreadpool_t threadpool;
  xnn_operator_t* operators;
  struct xqm_tensor_memory memory;
};

void xqm_xnnpack_hide_avx512(void) {
#if CPUINFO_ARCH_X86 || CPUINFO_ARCH_X86_64
  cpuinfo_isa.avx512f = cpuinfo_isa.avx512pf = cpuinfo_isa.avx512er = cpuinfo_isa.avx512cd = false;
  cpuinfo_isa.avx512dq = cpuinfo_isa.avx512bw = cpuinfo_isa.avx512vl = cpuinfo_isa.avx512ifma = false;
  cpuinfo_isa.avx512vbmi = cpuinfo_isa.avx512vbmi2 = cpuinfo_isa.avx512bitalg = false;
  cpuinfo_isa.avx512vpopcntdq = cpuinfo_isa.avx512vnni = cpuinfo_isa.avx512bf16 = false;
  cpuinfo_isa.avx512vp2intersect = cpuinfo_isa.avx512_4vnniw = cpuinfo_isa.avx512_4fmaps = false;
#endif
}

bool xqm_xnnpack_supports(const struct xqm_network* network) {
  return network->scheme != xqm_scheme_qd8_f32;
}

void xqm_xnnpack_runtime_delete(struct xqm_xnnpack_runtime* rt) {
  if (rt == NULL) return;
  for (size_t i = 0; rt->operators != NULL && i < rt->network->num_layers; i++) {
    if (rt->operators[i] != NULL) xnn_delete_operator(rt->operators[i]);
  }
  xqm_free_tensor_memory(&rt->memory);
  free(rt->operators);
  free(rt);
}

static enum xnn_status create_layer(struct xqm_xnnpack_runtime* rt, size_t index) {
  const struct xqm_network* network = rt->network;
  const struct xqm_layer* l = &network->layers[index];
  const struct xqm_tensor* in = &network->tensors[l->input];
  const struct xqm_tensor* out = &network->tensors[l->output];
  void* input = rt->memory.buffers[l->input];
  void* output = rt->memory.buffers[l->output];
  xnn_operator_t* op = &rt->operators[index];
  const bool qu8 = network->scheme == xqm_scheme_qu8;
  enum xnn_status status;
  switch (l->type) {
    case xqm_layer_convolution: {
      const size_t ic = in->channels, oc = out->channels;
      switch (network->scheme) {
        case xqm_scheme_qs8:
          status = xnn_create_convolution2d_nhwc_qs8(
              l->padding_top, l->padding_right, l->padding_bottom, l->padding_left, l->kernel_height,
              l->kernel_width, l->stride, l->stride, 1, 1, l->groups, l->group_input_channels,
              l->group_output_channels, ic, oc, (int8_t) in->zero_point, in->scale, l->kernel_scale[0],
              l->kernel, l->bias, (int8_t) out->zero_point, out->scale, (int8_t) l->output_min,
              (int8_t) l->output_max, 0, op);
          if (status != xnn_status_success) return status;
          return xnn_setup_convolution2d_nhwc_qs8(*op, in->batch, in->height, in->width, input, output,
                                                  rt->threadpool);
        case xqm_scheme_qs8_qc8w:
          status = xnn_create_convolution2d_nhwc_qc8(
              l->padding_top, l->padding_right, l->padding_bottom, l->padding_left, l->kernel_height,
              l->kernel_width, l->stride, l->stride, 1, 1, l->groups, l->group_input_channels,
              l->group_output_channels, ic, oc, (int8_t) in->zero_point, in->scale, l->kernel_scale,
              l->kernel, l->bias, (int8_t) out->zero_point, out->scale, (int8_t) l->output_min,
              (int8_t) l->output_max, 0, op);
          if (status != xnn_status_success) return status;
          return xnn_setup_convolution2d_nhwc_qc8(*op, in->batch, in->height, in->width, input, output,
                                                  rt->threadpool);
        case xqm_scheme_qu8:
          status = xnn_create_convolution2d_nhwc_qu8(
              l->padding_top, l->padding_right, l->padding_bottom, l->padding_left, l->kernel_height,
              l->kernel_width, l->stride, l->stride, 1, 1, l->groups, l->group_input_channels,
              l->group_output_channels, ic, oc, (uint8_t) in->zero_point, in->scale,
              l->kernel_zero_point, l->kernel_scale[0], l->kernel, l->bias, (uint8_t) out->zero_point,
              out->scale, (uint8_t) l->output_min, (uint8_t) l->output_max, 0, op);
          if (status != xnn_status_success) return status;
          return xnn_setup_convolution2d_nhwc_qu8(*op, in->batch, in->height, in->width, input, output,
                                                  rt->threadpool);
        default:
          return xnn_status_unsupported_parameter;
      }
    }
    case xqm_layer_add: {
      const struct xqm_tensor* in2 = &network->tensors[l->input2];
      const size_t shape[4] = {in->batch, in->height, in->width, in->channels};
      if (qu8) {
        status = xnn_create_add_nd_qu8((uint8_t) in->zero_point, in->scale, (uint8_t) in2->zero_point,
                                       in2->scale, (uint8_t) out->zero_point, out->scale,
                                       (uint8_t) l->output_min, (uint8_t) l->output_max, 0, op);
        if (status != xnn_status_success) return status;
        return xnn_setup_add_nd_qu8(*op, 4, shape, 4, shape, input, rt->memory.buffers[l->input2], output,
                                    rt->threadpool);
      }
      status = xnn_create_add_nd_qs8((int8_t) in->zero_point, in->scale, (int8_t) in2->zero_point,
                                     in2->scale, (int8_t) out->zero_point, out->scale,
                                     (int8_t) l->output_min, (int8_t) l->output_max, 0, op);
      if (status != xnn_status_success) return status;
      return xnn_setup_add_nd_qs8(*op, 4, shape, 4, shape, input, rt->memory.buffers[l->input2], output,
                                  rt->threadpool);
    }
    case xqm_layer_global_average_pooling: {
      const size_t c = in->channels;
      if (qu8) {
        status = xnn_create_global_average_pooling_nwc_qu8(
            c, c, c, (uint8_t) in->zero_point, in->scale, (uint8_t) out->zero_point, out->scale,
            (uint8_t) l->output_min, (uint8_t) l->output_max, 0, op);
        if (status != xnn_status_success) return status;
        return xnn_setup_global_average_pooling_nwc_qu8(*op, in->batch, in->height * in->width, input,
                                                        output, rt->threadpool);
      }
      status = xnn_create_global_average_pooling_nwc_qs8(
          c, c, c, (int8_t) in->zero_point, in->scale, (int8_t) out->zero_point, out->scale,
          (int8_t) l->output_min, (int8_t) l->output_max, 0, op);
      if (status != xnn_status_success) return status;
      return xnn_setup_global_average_pooling_nwc_qs8(*op, in->batch, in->height * in->width, input,
                                                      output, rt->threadpool);
    }
    default:
      return xnn_status_unsupported_parameter;
  }
}

struct xqm_xnnpack_runtime* xqm_xnnpack_runtime_create(const struct xqm_network* network,
                                                       pthreadpool_t threadpool, enum xqm_memory memory) {
  if (!xqm_xnnpack_supports(network)) return NULL;
  struct xqm_xnnpack_runtime* rt = calloc(1, sizeof(struct xqm_xnnpack_runtime));
  if (rt == NULL) return NULL;
  rt->network = network;
  rt->threadpool = threadpool;
  rt->operators = calloc(network->num_layers, sizeof(xnn_operator_t));
  if (rt->operators == NULL || !xqm_allocate_tensor_memory(network, memory, &rt->memory)) {
    xqm_xnnpack_runtime_delete(rt);
    return NULL;
  }
  for (size_t i = 0; i < network->num_layers; i++) {
    const enum xnn_status status = create_layer(rt, i);
    if (status != xnn_status_success) {
      fprintf(stderr, "XNNPACK %s: layer %zu (%s): status %d\n", network->name, i,
              network->layers[i].name, (int) status);
      xqm_xnnpack_runtime_delete(rt);
      return NULL;
    }
  }
  return rt;
}

bool xqm_xnnpack_runtime_run_layer(struct xqm_xnnpack_runtime* rt, size_t layer) {
  return xnn_run_operator(rt->operators[layer], rt->threadpool) == xnn_status_success;
}

bool xqm_xnnpack_runtime_run(struct xqm_xnnpack_runtime* rt) {
  for (size_t i = 0; i < rt->network->num_layers; i++) {
    if (xnn_run_operator(rt->operators[i], rt->threadpool) != xnn_status_success) return false;
  }
  return true;
}

void* xqm_xnnpack_runtime_tensor(struct xqm_xnnpack_runtime* rt, int tensor) {
  return rt->memory.buffers[tensor];
}
