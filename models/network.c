// Network descriptions (builders, random weights, scale choice) and the xqnn
// runtime of models.h. Only xqnn's public API is used.
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models.h"

// ---- deterministic random numbers (splitmix64) ----

static uint64_t next_random(uint64_t* state) {
  uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

// Uniform in [0, 1).
static double random_unit(uint64_t* state) {
  return (double) (next_random(state) >> 11) * 0x1.0p-53;
}

// ---- descriptions ----

struct xqm_network* xqm_network_new(const char* name, enum xqm_scheme scheme, uint64_t seed) {
  struct xqm_network* network = calloc(1, sizeof(struct xqm_network));
  if (network == NULL) return NULL;
  snprintf(network->name, sizeof(network->name), "%s", name);
  network->scheme = scheme;
  network->seed = seed;
  network->input = network->output = -1;
  return network;
}

void xqm_delete_network(struct xqm_network* network) {
  if (network == NULL) return;
  for (size_t i = 0; i < network->num_layers; i++) {
    struct xqm_layer* layer = &network->layers[i];
    free(layer->kernel);
    free(layer->bias);
    free(layer->bias_f32);
    free(layer->kernel_scale);
  }
  free(network->layers);
  free(network->tensors);
  free(network);
}

static int new_tensor(struct xqm_network* network, const struct xqm_tensor* tensor) {
  if (network->num_tensors == network->tensors_capacity) {
    const size_t capacity = network->tensors_capacity * 2 + 16;
    struct xqm_tensor* tensors = realloc(network->tensors, capacity * sizeof(struct xqm_tensor));
    if (tensors == NULL) return -1;
    network->tensors = tensors;
    network->tensors_capacity = capacity;
  }
  network->tensors[network->num_tensors] = *tensor;
  return (int) network->num_tensors++;
}

static struct xqm_layer* new_layer(struct xqm_network* network, enum xqm_layer_type type,
                                   const char* name) {
  if (network->num_layers == network->layers_capacity) {
    const size_t capacity = network->layers_capacity * 2 + 16;
    struct xqm_layer* layers = realloc(network->layers, capacity * sizeof(struct xqm_layer));
    if (layers == NULL) return NULL;
    network->layers = layers;
    network->layers_capacity = capacity;
  }
  struct xqm_layer* layer = &network->layers[network->num_layers++];
  memset(layer, 0, sizeof(*layer));
  layer->type = type;
  snprintf(layer->name, sizeof(layer->name), "%s", name);
  layer->input = layer->input2 = layer->output = -1;
  return layer;
}

size_t xqm_tensor_bytes(const struct xqm_tensor* t) {
  const size_t elements = t->batch * t->height * t->width * t->channels;
  return t->datatype == xqm_datatype_f32 ? elements * sizeof(float) : elements;
}

static enum xqm_datatype activation_datatype(enum xqm_scheme scheme) {
  switch (scheme) {
    case xqm_scheme_qu8: return xqm_datatype_uint8;
    case xqm_scheme_qd8_f32: return xqm_datatype_f32;
    default: return xqm_datatype_int8;
  }
}

// Quantized range of the scheme's activations.
static int32_t qmin(enum xqm_scheme scheme) { return scheme == xqm_scheme_qu8 ? 0 : -128; }
static int32_t qmax(enum xqm_scheme scheme) { return scheme == xqm_scheme_qu8 ? 255 : 127; }

int xqm_add_input(struct xqm_network* network, size_t batch, size_t height, size_t width,
                  size_t channels) {
  // Images: real values uniform in [-1, 1) (scale 1/128; uint8 zero point 128).
  // MLP: f32 uniform in [-sqrt(3), sqrt(3)) (RMS 1).
  const enum xqm_datatype datatype = activation_datatype(network->scheme);
  const struct xqm_tensor t = {
      .batch = batch, .height = height, .width = width, .channels = channels,
      .datatype = datatype,
      .scale = 1.0f / 128.0f,
      .zero_point = datatype == xqm_datatype_uint8 ? 128 : 0,
      .rms = datatype == xqm_datatype_f32 ? 1.0f : 0.57735f,
  };
  network->input = new_tensor(network, &t);
  return network->input;
}

// Target standard deviation of real pre-activations (ReLU6 then clips about
// 0.1% of them at 6).
#define PREACTIVATION_STD 2.0

// Quantization of a linear (unclamped) tensor of the given real RMS: +-4 RMS in 127 steps.
static void linear_quantization(const struct xqm_network* network, float rms, struct xqm_tensor* t) {
  t->scale = (float) (4.0 * rms / 127.0);
  t->zero_point = network->scheme == xqm_scheme_qu8 ? 128 : 0;
  t->rms = rms;
}

static uint32_t same_padding_total(size_t in, uint32_t kernel, uint32_t stride, size_t* out) {
  *out = (in + stride - 1) / stride;
  const size_t needed = (*out - 1) * stride + kernel;
  return needed > in ? (uint32_t) (needed - in) : 0;
}

int xqm_add_convolution(struct xqm_network* network, const char* name, int input,
                        uint32_t kernel_size, uint32_t stride, uint32_t groups,
                        size_t output_channels, enum xqm_activation activation) {
  if (input < 0) return -1;
  const struct xqm_tensor in = network->tensors[input];
  const enum xqm_scheme scheme = network->scheme;
  assert(scheme != xqm_scheme_qd8_f32);
  assert(groups == 1 || (groups == in.channels && groups == output_channels));
  struct xqm_layer* layer = new_layer(network, xqm_layer_convolution, name);
  if (layer == NULL) return -1;
  layer->input = input;
  layer->kernel_height = layer->kernel_width = kernel_size;
  layer->stride = stride;
  layer->groups = groups;
  layer->group_input_channels = in.channels / groups;
  layer->group_output_channels = output_channels / groups;
  size_t out_h, out_w;
  const uint32_t pad_h = same_padding_total(in.height, kernel_size, stride, &out_h);
  const uint32_t pad_w = same_padding_total(in.width, kernel_size, stride, &out_w);
  layer->padding_top = pad_h / 2;
  layer->padding_bottom = pad_h - pad_h / 2;
  layer->padding_left = pad_w / 2;
  layer->padding_right = pad_w - pad_w / 2;

  const size_t k = (size_t) kernel_size * kernel_size * layer->group_input_channels;
  layer->kernel = malloc(output_channels * k);
  layer->bias = malloc(output_channels * sizeof(int32_t));
  layer->kernel_scale = malloc(output_channels * sizeof(float));
  if (layer->kernel == NULL || layer->bias == NULL || layer->kernel_scale == NULL) return -1;

  uint64_t rng = network->seed ^ ((uint64_t) network->num_layers * UINT64_C(0x100000001B3));
  // Weights uniform in [-127, 127] (QU8: stored + 128 with kernel zero point 128).
  double sum_sq_all = 0.0;
  double* sum_sq = calloc(output_channels, sizeof(double));
  if (sum_sq == NULL) return -1;
  for (size_t oc = 0; oc < output_channels; oc++) {
    for (size_t i = 0; i < k; i++) {
      const int32_t w = (int32_t) (next_random(&rng) % 255) - 127;
      if (scheme == xqm_scheme_qu8) {
        ((uint8_t*) layer->kernel)[oc * k + i] = (uint8_t) (w + 128);
      } else {
        ((int8_t*) layer->kernel)[oc * k + i] = (int8_t) w;
      }
      sum_sq[oc] += (double) w * w;
    }
    sum_sq_all += sum_sq[oc];
  }
  layer->kernel_zero_point = scheme == xqm_scheme_qu8 ? 128 : 0;
  // kernel_scale = PREACTIVATION_STD / (rms(input) * sqrt(K) * rms(w)), rms(w) per
  // channel (QS8-QC8W) or over the tensor.
  const double rms_all = sqrt(sum_sq_all / (double) (output_channels * k));
  for (size_t oc = 0; oc < output_channels; oc++) {
    double rms_w = scheme == xqm_scheme_qs8_qc8w ? sqrt(sum_sq[oc] / (double) k) : rms_all;
    if (rms_w == 0.0) rms_w = 1.0;
    layer->kernel_scale[oc] = (float) (PREACTIVATION_STD / ((double) in.rms * sqrt((double) k) * rms_w));
  }
  free(sum_sq);
  // Bias: real values uniform in [-0.5, 0.5).
  for (size_t oc = 0; oc < output_channels; oc++) {
    const double real = random_unit(&rng) - 0.5;
    layer->bias[oc] = (int32_t) lrint(real / ((double) in.scale * (double) layer->kernel_scale[oc]));
  }

  struct xqm_tensor out = {
      .batch = in.batch, .height = out_h, .width = out_w, .channels = output_channels,
      .datatype = in.datatype,
  };
  if (activation == xqm_activation_relu6) {
    // TFLite's ReLU6 quantization: [0, 6] in the full range.
    out.scale = 6.0f / 255.0f;
    out.zero_point = qmin(scheme);
    out.rms = (float) (PREACTIVATION_STD / sqrt(2.0));
  } else {
    linear_quantization(network, (float) PREACTIVATION_STD, &out);
  }
  layer->output_min = qmin(scheme);
  layer->output_max = qmax(scheme);
  layer->macs = (uint64_t) in.batch * out_h * out_w * output_channels * k;
  network->macs += layer->macs;
  const int id = new_tensor(network, &out);
  network->layers[network->num_layers - 1].output = id;
  network->output = id;
  return id;
}

int xqm_add_add(struct xqm_network* network, const char* name, int a, int b) {
  if (a < 0 || b < 0) return -1;
  struct xqm_layer* layer = new_layer(network, xqm_layer_add, name);
  if (layer == NULL) return -1;
  layer->input = a;
  layer->input2 = b;
  layer->output_min = qmin(network->scheme);
  layer->output_max = qmax(network->scheme);
  struct xqm_tensor out = network->tensors[a];
  const float ra = network->tensors[a].rms, rb = network->tensors[b].rms;
  linear_quantization(network, sqrtf(ra * ra + rb * rb), &out);
  const int id = new_tensor(network, &out);
  network->layers[network->num_layers - 1].output = id;
  network->output = id;
  return id;
}

int xqm_add_global_average_pooling(struct xqm_network* network, const char* name, int input) {
  if (input < 0) return -1;
  struct xqm_layer* layer = new_layer(network, xqm_layer_global_average_pooling, name);
  if (layer == NULL) return -1;
  layer->input = input;
  layer->output_min = qmin(network->scheme);
  layer->output_max = qmax(network->scheme);
  // Same quantization as the input (as TFLite's MobileNets do). The mean of
  // a ReLU6 output of standard deviation s is about s / sqrt(2 pi): the pooled
  // values' RMS is about 0.6 of the input's.
  struct xqm_tensor out = network->tensors[input];
  out.height = out.width = 1;
  out.rms *= 0.6f;
  const int id = new_tensor(network, &out);
  network->layers[network->num_layers - 1].output = id;
  network->output = id;
  return id;
}

int xqm_add_convert_f32_qd8(struct xqm_network* network, const char* name, int input) {
  if (input < 0) return -1;
  struct xqm_layer* layer = new_layer(network, xqm_layer_convert_f32_qd8, name);
  if (layer == NULL) return -1;
  layer->input = input;
  struct xqm_tensor out = network->tensors[input];
  out.datatype = xqm_datatype_int8;
  out.dynamic = true;
  const int id = new_tensor(network, &out);
  network->layers[network->num_layers - 1].output = id;
  network->output = id;
  return id;
}

int xqm_add_fully_connected_qd8(struct xqm_network* network, const char* name, int input,
                                size_t output_channels, bool relu) {
  if (input < 0) return -1;
  const struct xqm_tensor in = network->tensors[input];
  assert(in.dynamic && in.height == 1 && in.width == 1);
  struct xqm_layer* layer = new_layer(network, xqm_layer_fully_connected_qd8, name);
  if (layer == NULL) return -1;
  layer->input = input;
  layer->groups = 1;
  layer->kernel_height = layer->kernel_width = layer->stride = 1;
  layer->group_input_channels = in.channels;
  layer->group_output_channels = output_channels;
  const size_t k = in.channels;
  layer->kernel = malloc(output_channels * k);
  layer->bias_f32 = malloc(output_channels * sizeof(float));
  layer->kernel_scale = malloc(output_channels * sizeof(float));
  if (layer->kernel == NULL || layer->bias_f32 == NULL || layer->kernel_scale == NULL) return -1;
  uint64_t rng = network->seed ^ ((uint64_t) network->num_layers * UINT64_C(0x100000001B3));
  // Real outputs of standard deviation about 1 (bias uniform in [-0.1, 0.1)).
  for (size_t oc = 0; oc < output_channels; oc++) {
    double sum_sq = 0.0;
    for (size_t i = 0; i < k; i++) {
      const int32_t w = (int32_t) (next_random(&rng) % 255) - 127;
      ((int8_t*) layer->kernel)[oc * k + i] = (int8_t) w;
      sum_sq += (double) w * w;
    }
    const double rms_w = sum_sq > 0.0 ? sqrt(sum_sq / (double) k) : 1.0;
    layer->kernel_scale[oc] = (float) (1.0 / ((double) in.rms * sqrt((double) k) * rms_w));
    layer->bias_f32[oc] = (float) (0.2 * (random_unit(&rng) - 0.5));
  }
  layer->output_min_f32 = relu ? 0.0f : -INFINITY;
  layer->output_max_f32 = INFINITY;
  layer->macs = (uint64_t) in.batch * k * output_channels;
  network->macs += layer->macs;
  struct xqm_tensor out = {
      .batch = in.batch, .height = 1, .width = 1, .channels = output_channels,
      .datatype = xqm_datatype_f32,
      .rms = relu ? (float) sqrt(0.5) : 1.0f,
  };
  const int id = new_tensor(network, &out);
  network->layers[network->num_layers - 1].output = id;
  network->output = id;
  return id;
}

void xqm_fill_input(const struct xqm_network* network, void* input, uint64_t seed) {
  const struct xqm_tensor* t = &network->tensors[network->input];
  const size_t elements = t->batch * t->height * t->width * t->channels;
  uint64_t rng = seed;
  for (size_t i = 0; i < elements; i++) {
    const uint64_t r = next_random(&rng);
    switch (t->datatype) {
      case xqm_datatype_int8: ((int8_t*) input)[i] = (int8_t) (uint8_t) r; break;
      case xqm_datatype_uint8: ((uint8_t*) input)[i] = (uint8_t) r; break;
      case xqm_datatype_f32:
        ((float*) input)[i] = (float) ((random_unit(&rng) * 2.0 - 1.0) * sqrt(3.0));
        break;
    }
  }
}

// ---- model registry ----

const char* const xqm_model_names[] = {
    "qs8-mobilenet-v1", "qs8-qc8w-mobilenet-v1", "qs8-mobilenet-v2", "qs8-qc8w-mobilenet-v2",
    "qu8-mobilenet-v2", "qd8-f32-mlp-b1",        "qd8-f32-mlp-b64",
};
const size_t xqm_num_models = sizeof(xqm_model_names) / sizeof(xqm_model_names[0]);

struct xqm_network* xqm_create_network(const char* name, size_t resolution) {
  if (strcmp(name, "qs8-mobilenet-v1") == 0) return xqm_create_mobilenet_v1(xqm_scheme_qs8, resolution);
  if (strcmp(name, "qs8-qc8w-mobilenet-v1") == 0) return xqm_create_mobilenet_v1(xqm_scheme_qs8_qc8w, resolution);
  if (strcmp(name, "qs8-mobilenet-v2") == 0) return xqm_create_mobilenet_v2(xqm_scheme_qs8, resolution);
  if (strcmp(name, "qs8-qc8w-mobilenet-v2") == 0) return xqm_create_mobilenet_v2(xqm_scheme_qs8_qc8w, resolution);
  if (strcmp(name, "qu8-mobilenet-v2") == 0) return xqm_create_mobilenet_v2(xqm_scheme_qu8, resolution);
  if (strcmp(name, "qd8-f32-mlp-b1") == 0) return xqm_create_mlp(1);
  if (strcmp(name, "qd8-f32-mlp-b64") == 0) return xqm_create_mlp(64);
  return NULL;
}

// ---- xqnn runtime ----

struct xqm_runtime {
  const struct xqm_network* network;
  pthreadpool_t threadpool;
  xqnn_operator_t* operators;  // one per layer
  struct xqm_tensor_memory memory;
  struct xqnn_quantization_params** params;  // dynamic tensors: one per batch row
};

void xqm_runtime_delete(struct xqm_runtime* runtime) {
  if (runtime == NULL) return;
  const struct xqm_network* network = runtime->network;
  if (runtime->operators != NULL) {
    for (size_t i = 0; i < network->num_layers; i++) xqnn_delete_operator(runtime->operators[i]);
  }
  xqm_free_tensor_memory(&runtime->memory);
  if (runtime->params != NULL) {
    for (size_t i = 0; i < network->num_tensors; i++) free(runtime->params[i]);
  }
  free(runtime->operators);
  free(runtime->params);
  free(runtime);
}

static enum xqnn_status create_convolution(const struct xqm_network* network, const struct xqm_layer* l,
                                           pthreadpool_t threadpool, void* input, void* output,
                                           xqnn_operator_t* op) {
  const struct xqm_tensor* in = &network->tensors[l->input];
  const struct xqm_tensor* out = &network->tensors[l->output];
  const size_t ic = in->channels, oc = out->channels;
  size_t oh, ow;
  enum xqnn_status status;
  switch (network->scheme) {
    case xqm_scheme_qs8:
      status = xqnn_create_convolution2d_nhwc_qs8(
          l->padding_top, l->padding_right, l->padding_bottom, l->padding_left, l->kernel_height,
          l->kernel_width, l->stride, l->stride, 1, 1, l->groups, l->group_input_channels,
          l->group_output_channels, ic, oc, (int8_t) in->zero_point, in->scale, l->kernel_scale[0],
          l->kernel, l->bias, (int8_t) out->zero_point, out->scale, (int8_t) l->output_min,
          (int8_t) l->output_max, 0, op);
      if (status != xqnn_status_success) return status;
      status = xqnn_reshape_convolution2d_nhwc_qs8(*op, in->batch, in->height, in->width, &oh, &ow, threadpool);
      if (status != xqnn_status_success) return status;
      return xqnn_setup_convolution2d_nhwc_qs8(*op, input, output);
    case xqm_scheme_qs8_qc8w:
      status = xqnn_create_convolution2d_nhwc_qs8_qc8w(
          l->padding_top, l->padding_right, l->padding_bottom, l->padding_left, l->kernel_height,
          l->kernel_width, l->stride, l->stride, 1, 1, l->groups, l->group_input_channels,
          l->group_output_channels, ic, oc, (int8_t) in->zero_point, in->scale, l->kernel_scale,
          l->kernel, l->bias, (int8_t) out->zero_point, out->scale, (int8_t) l->output_min,
          (int8_t) l->output_max, 0, op);
      if (status != xqnn_status_success) return status;
      status = xqnn_reshape_convolution2d_nhwc_qs8_qc8w(*op, in->batch, in->height, in->width, &oh, &ow, threadpool);
      if (status != xqnn_status_success) return status;
      return xqnn_setup_convolution2d_nhwc_qs8_qc8w(*op, input, output);
    case xqm_scheme_qu8:
      status = xqnn_create_convolution2d_nhwc_qu8(
          l->padding_top, l->padding_right, l->padding_bottom, l->padding_left, l->kernel_height,
          l->kernel_width, l->stride, l->stride, 1, 1, l->groups, l->group_input_channels,
          l->group_output_channels, ic, oc, (uint8_t) in->zero_point, in->scale,
          l->kernel_zero_point, l->kernel_scale[0], l->kernel, l->bias, (uint8_t) out->zero_point,
          out->scale, (uint8_t) l->output_min, (uint8_t) l->output_max, 0, op);
      if (status != xqnn_status_success) return status;
      status = xqnn_reshape_convolution2d_nhwc_qu8(*op, in->batch, in->height, in->width, &oh, &ow, threadpool);
      if (status != xqnn_status_success) return status;
      return xqnn_setup_convolution2d_nhwc_qu8(*op, input, output);
    default:
      return xqnn_status_invalid_parameter;
  }
}

static enum xqnn_status create_layer(struct xqm_runtime* rt, size_t index) {
  const struct xqm_network* network = rt->network;
  const struct xqm_layer* l = &network->layers[index];
  xqnn_operator_t* op = &rt->operators[index];
  void* input = rt->memory.buffers[l->input];
  void* output = rt->memory.buffers[l->output];
  const struct xqm_tensor* in = &network->tensors[l->input];
  const struct xqm_tensor* out = &network->tensors[l->output];
  const bool qu8 = network->scheme == xqm_scheme_qu8;
  enum xqnn_status status;
  switch (l->type) {
    case xqm_layer_convolution:
      return create_convolution(network, l, rt->threadpool, input, output, op);
    case xqm_layer_add: {
      const struct xqm_tensor* in2 = &network->tensors[l->input2];
      const size_t shape[4] = {in->batch, in->height, in->width, in->channels};
      if (qu8) {
        status = xqnn_create_add_nd_qu8((uint8_t) in->zero_point, in->scale, (uint8_t) in2->zero_point,
                                        in2->scale, (uint8_t) out->zero_point, out->scale,
                                        (uint8_t) l->output_min, (uint8_t) l->output_max, 0, op);
        if (status != xqnn_status_success) return status;
        status = xqnn_reshape_add_nd_qu8(*op, 4, shape, 4, shape, rt->threadpool);
        if (status != xqnn_status_success) return status;
        return xqnn_setup_add_nd_qu8(*op, input, rt->memory.buffers[l->input2], output);
      }
      status = xqnn_create_add_nd_qs8((int8_t) in->zero_point, in->scale, (int8_t) in2->zero_point,
                                      in2->scale, (int8_t) out->zero_point, out->scale,
                                      (int8_t) l->output_min, (int8_t) l->output_max, 0, op);
      if (status != xqnn_status_success) return status;
      status = xqnn_reshape_add_nd_qs8(*op, 4, shape, 4, shape, rt->threadpool);
      if (status != xqnn_status_success) return status;
      return xqnn_setup_add_nd_qs8(*op, input, rt->memory.buffers[l->input2], output);
    }
    case xqm_layer_global_average_pooling: {
      const size_t width = in->height * in->width, c = in->channels;
      if (qu8) {
        status = xqnn_create_global_average_pooling_nwc_qu8(
            (uint8_t) in->zero_point, in->scale, (uint8_t) out->zero_point, out->scale,
            (uint8_t) l->output_min, (uint8_t) l->output_max, 0, op);
        if (status != xqnn_status_success) return status;
        status = xqnn_reshape_global_average_pooling_nwc_qu8(*op, in->batch, width, c, c, c, rt->threadpool);
        if (status != xqnn_status_success) return status;
        return xqnn_setup_global_average_pooling_nwc_qu8(*op, input, output);
      }
      status = xqnn_create_global_average_pooling_nwc_qs8(
          (int8_t) in->zero_point, in->scale, (int8_t) out->zero_point, out->scale,
          (int8_t) l->output_min, (int8_t) l->output_max, 0, op);
      if (status != xqnn_status_success) return status;
      status = xqnn_reshape_global_average_pooling_nwc_qs8(*op, in->batch, width, c, c, c, rt->threadpool);
      if (status != xqnn_status_success) return status;
      return xqnn_setup_global_average_pooling_nwc_qs8(*op, input, output);
    }
    case xqm_layer_convert_f32_qd8: {
      const size_t batch = in->batch * in->height * in->width, c = in->channels;
      status = xqnn_create_convert_nc_f32_qd8(0, op);
      if (status != xqnn_status_success) return status;
      status = xqnn_reshape_convert_nc_f32_qd8(*op, batch, c, c, c, rt->threadpool);
      if (status != xqnn_status_success) return status;
      return xqnn_setup_convert_nc_f32_qd8(*op, input, output, rt->params[l->output]);
    }
    case xqm_layer_fully_connected_qd8: {
      const size_t batch = in->batch * in->height * in->width;
      const size_t ic = l->group_input_channels, oc = l->group_output_channels;
      status = xqnn_create_fully_connected_nc_qd8_f32_qc8w(ic, oc, ic, oc, l->kernel_scale, l->kernel,
                                                           l->bias_f32, l->output_min_f32,
                                                           l->output_max_f32, 0, op);
      if (status != xqnn_status_success) return status;
      status = xqnn_reshape_fully_connected_nc_qd8_f32_qc8w(*op, batch, rt->threadpool);
      if (status != xqnn_status_success) return status;
      return xqnn_setup_fully_connected_nc_qd8_f32_qc8w(*op, input, output, rt->params[l->input]);
    }
  }
  return xqnn_status_invalid_parameter;
}

enum xqnn_status xqm_runtime_create(const struct xqm_network* network, pthreadpool_t threadpool,
                                    enum xqm_memory memory, struct xqm_runtime** runtime_out) {
  *runtime_out = NULL;
  struct xqm_runtime* rt = calloc(1, sizeof(struct xqm_runtime));
  if (rt == NULL) return xqnn_status_out_of_memory;
  rt->network = network;
  rt->threadpool = threadpool;
  rt->operators = calloc(network->num_layers, sizeof(xqnn_operator_t));
  rt->params = calloc(network->num_tensors, sizeof(void*));
  if (rt->operators == NULL || rt->params == NULL || !xqm_allocate_tensor_memory(network, memory, &rt->memory)) {
    xqm_runtime_delete(rt);
    return xqnn_status_out_of_memory;
  }
  for (size_t i = 0; i < network->num_tensors; i++) {
    const struct xqm_tensor* t = &network->tensors[i];
    if (t->dynamic) {
      rt->params[i] = calloc(t->batch * t->height * t->width + 1, sizeof(struct xqnn_quantization_params));
      if (rt->params[i] == NULL) {
        xqm_runtime_delete(rt);
        return xqnn_status_out_of_memory;
      }
    }
  }
  for (size_t i = 0; i < network->num_layers; i++) {
    const enum xqnn_status status = create_layer(rt, i);
    if (status != xqnn_status_success) {
      fprintf(stderr, "%s: layer %zu (%s): %s\n", network->name, i, network->layers[i].name,
              xqnn_status_string(status));
      xqm_runtime_delete(rt);
      return status;
    }
  }
  *runtime_out = rt;
  return xqnn_status_success;
}

enum xqnn_status xqm_runtime_run_layer(struct xqm_runtime* runtime, size_t layer) {
  return xqnn_run_operator(runtime->operators[layer], runtime->threadpool);
}

enum xqnn_status xqm_runtime_run(struct xqm_runtime* runtime) {
  return xqnn_run_operators(runtime->network->num_layers, runtime->operators, runtime->threadpool);
}

enum xqnn_status xqm_runtime_run_each(struct xqm_runtime* runtime) {
  for (size_t i = 0; i < runtime->network->num_layers; i++) {
    const enum xqnn_status status = xqnn_run_operator(runtime->operators[i], runtime->threadpool);
    if (status != xqnn_status_success) return status;
  }
  return xqnn_status_success;
}

void* xqm_runtime_tensor(struct xqm_runtime* runtime, int tensor) {
  return runtime->memory.buffers[tensor];
}

void xqm_print_saturation(const struct xqm_runtime* runtime, FILE* out) {
  const struct xqm_network* network = runtime->network;
  if (runtime->memory.arena != NULL) {
    fprintf(out, "# %s: saturation needs every layer's output (xqm_memory_per_tensor)\n", network->name);
    return;
  }
  fprintf(out, "# %s: share of outputs at output_min / output_max per layer\n", network->name);
  for (size_t i = 0; i < network->num_layers; i++) {
    const struct xqm_layer* l = &network->layers[i];
    const struct xqm_tensor* t = &network->tensors[l->output];
    const size_t n = t->batch * t->height * t->width * t->channels;
    const void* data = runtime->memory.buffers[l->output];
    if (l->type == xqm_layer_convert_f32_qd8) {
      fprintf(out, "#   %-28s dynamic quantization (per-row range, no saturation)\n", l->name);
      continue;
    }
    size_t at_min = 0, at_max = 0;
    double lo = l->output_min, hi = l->output_max;
    for (size_t j = 0; j < n; j++) {
      double v;
      switch (t->datatype) {
        case xqm_datatype_int8: v = ((const int8_t*) data)[j]; break;
        case xqm_datatype_uint8: v = ((const uint8_t*) data)[j]; break;
        default: v = ((const float*) data)[j]; lo = l->output_min_f32; hi = l->output_max_f32; break;
      }
      at_min += v <= lo;
      at_max += v >= hi;
    }
    const bool relu6 = t->datatype != xqm_datatype_f32 && t->zero_point == l->output_min &&
                       t->scale == 6.0f / 255.0f;
    fprintf(out, "#   %-28s %7.3f%% at min%s, %7.3f%% at max%s\n", l->name, 100.0 * at_min / n,
            relu6 ? " (ReLU cut)" : (t->datatype == xqm_datatype_f32 && lo == 0.0 ? " (ReLU cut)" : ""),
            100.0 * at_max / n, relu6 ? " (6.0)" : "");
  }
}
