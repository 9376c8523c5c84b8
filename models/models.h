// xqnn model networks: MobileNet v1 / v2 and a transformer MLP block built
// with deterministic random weights, for benchmarks and end-to-end tests.
//
// A network is first described (struct xqm_network: layers, weights, scales,
// tensor shapes), independently of any library; xqm_runtime then builds it
// with xqnn's public API, exactly as a user would (create, reshape, setup,
// run). The benchmark builds the same description with XNNPACK's operators,
// so both libraries run the same weights and quantization parameters.
//
// Scales. Weights are uniform random integers in [-127, 127] (QU8: [1, 255]
// with kernel zero point 128). Each tensor carries the RMS its real values
// are expected to have; a convolution's kernel scale (per output channel for
// QS8-QC8W, per tensor otherwise) is chosen from the actual random weights so
// that the real pre-activation has a standard deviation of about 2:
//   kernel_scale = 2 / (rms(input) * sqrt(K) * rms(weights))
// ReLU6 outputs use TFLite's fixed quantization (scale 6/255, zero point -128
// for int8, 0 for uint8, clamped to [0, 6] by output_min / output_max);
// linear outputs (projections, residual adds, logits) cover +-4 standard
// deviations with 127 steps. xqm_print_saturation reports the share of
// clamped outputs per layer.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <pthreadpool.h>

#include "xqnn.h"

#ifdef __cplusplus
extern "C" {
#endif

enum xqm_scheme {
  xqm_scheme_qs8,       // int8 activations, per-tensor int8 weights
  xqm_scheme_qs8_qc8w,  // int8 activations, per-channel int8 weights
  xqm_scheme_qu8,       // uint8 activations and weights (kernel zero point 128)
  xqm_scheme_qd8_f32,   // f32 activations, dynamically quantized per row; per-channel int8 weights
};

enum xqm_datatype { xqm_datatype_int8, xqm_datatype_uint8, xqm_datatype_f32 };

enum xqm_layer_type {
  xqm_layer_convolution,         // QS8 / QS8-QC8W / QU8 convolution (1x1 on 1x1 pixels = fully-connected)
  xqm_layer_add,                 // residual add of two tensors of one shape
  xqm_layer_global_average_pooling,
  xqm_layer_convert_f32_qd8,     // f32 -> int8 + per-row quantization params
  xqm_layer_fully_connected_qd8, // QD8-F32-QC8W fully-connected
};

struct xqm_tensor {
  size_t batch, height, width, channels;  // NHWC; [batch][channels] tensors have height = width = 1
  enum xqm_datatype datatype;
  float scale;         // quantized tensors
  int32_t zero_point;  // quantized tensors
  float rms;           // expected RMS of the real values (chooses the next layers' scales)
  bool dynamic;        // int8 data with per-row xqnn_quantization_params (QD8)
};

struct xqm_layer {
  enum xqm_layer_type type;
  char name[48];
  int input, input2, output;  // tensor ids (input2: add only, else -1)
  // convolution and fully-connected
  uint32_t kernel_height, kernel_width, stride;
  uint32_t padding_top, padding_right, padding_bottom, padding_left;  // TensorFlow SAME, explicit
  uint32_t groups;
  size_t group_input_channels, group_output_channels;
  void* kernel;          // [groups][group_output_channels][kh][kw][group_input_channels] (OHWI per group);
                         // fully-connected: [output][input]
  int32_t* bias;         // quantized convolutions
  float* bias_f32;       // QD8 fully-connected
  float* kernel_scale;   // groups * group_output_channels (equal values for per-tensor schemes)
  uint8_t kernel_zero_point;  // QU8
  int32_t output_min, output_max;        // quantized outputs
  float output_min_f32, output_max_f32;  // QD8 fully-connected
  uint64_t macs;
};

struct xqm_network {
  char name[48];
  enum xqm_scheme scheme;
  struct xqm_layer* layers;
  size_t num_layers, layers_capacity;
  struct xqm_tensor* tensors;
  size_t num_tensors, tensors_capacity;
  int input, output;
  uint64_t macs;
  uint64_t seed;
};

// Model names accepted by xqm_create_network, in benchmark order.
extern const char* const xqm_model_names[];
extern const size_t xqm_num_models;

// Builds the named network ("qs8-mobilenet-v2", "qs8-qc8w-mobilenet-v1",
// "qu8-mobilenet-v2", "qd8-f32-mlp-b64", ...) at the given input resolution
// (image models; 224 is the standard size; ignored by the MLP). Returns NULL
// for an unknown name or out of memory.
struct xqm_network* xqm_create_network(const char* name, size_t resolution);
void xqm_delete_network(struct xqm_network* network);

// The individual builders (models/mobilenet-v1.c, mobilenet-v2.c, mlp.c).
struct xqm_network* xqm_create_mobilenet_v1(enum xqm_scheme scheme, size_t resolution);
struct xqm_network* xqm_create_mobilenet_v2(enum xqm_scheme scheme, size_t resolution);
struct xqm_network* xqm_create_mlp(size_t batch);

// Bytes of a tensor's data (without XQNN_EXTRA_BYTES).
size_t xqm_tensor_bytes(const struct xqm_tensor* tensor);
// Layers [first, last] during which the tensor's bytes must be kept: from the
// layer that writes it to the last that reads it; [0, num_layers] for the
// network's input and output.
void xqm_tensor_live_range(const struct xqm_network* network, int tensor, size_t* first, size_t* last);
// Offsets (multiples of 64) of every tensor in one arena of the returned size,
// tensors live at the same time never sharing a byte (models/arena.c); 0 if out
// of memory.
size_t xqm_plan_arena(const struct xqm_network* network, size_t* offsets);
// Fills the network's input tensor with deterministic random values.
void xqm_fill_input(const struct xqm_network* network, void* input, uint64_t seed);

// ---- running a network with xqnn ----

struct xqm_runtime;

// Where a runtime keeps its tensors.
enum xqm_memory {
  // One arena planned by xqm_plan_arena, as inference runtimes do: after a
  // run only the input and the output hold their tensors.
  xqm_memory_arena,
  // A buffer per tensor: every layer's output can be read after a run
  // (tests, the search for the first layer two libraries differ at).
  xqm_memory_per_tensor,
};

// The buffers of a network's tensors (zeroed, XQNN_EXTRA_BYTES longer): pointers
// into one arena, or an allocation each. Shared with the benchmark's XNNPACK
// runtime, so that both libraries run on the same memory plan.
struct xqm_tensor_memory {
  void** buffers;  // one per tensor
  void* arena;     // xqm_memory_arena, else NULL
  size_t count;
};
// False (and nothing allocated) if out of memory.
bool xqm_allocate_tensor_memory(const struct xqm_network* network, enum xqm_memory memory,
                                struct xqm_tensor_memory* tensor_memory);
void xqm_free_tensor_memory(struct xqm_tensor_memory* tensor_memory);

// Creates, reshapes (for `threadpool`, NULL = calling thread) and sets up every
// operator. Tensors are zeroed at creation, and XQNN_EXTRA_BYTES follow each
// buffer or the arena. xqnn_initialize must have succeeded.
enum xqnn_status xqm_runtime_create(const struct xqm_network* network, pthreadpool_t threadpool,
                                    enum xqm_memory memory, struct xqm_runtime** runtime_out);
// Every layer in one xqnn_run_operators call.
enum xqnn_status xqm_runtime_run(struct xqm_runtime* runtime);
// Every layer with its own xqnn_run_operator call.
enum xqnn_status xqm_runtime_run_each(struct xqm_runtime* runtime);
enum xqnn_status xqm_runtime_run_layer(struct xqm_runtime* runtime, size_t layer);
void* xqm_runtime_tensor(struct xqm_runtime* runtime, int tensor);
void xqm_runtime_delete(struct xqm_runtime* runtime);

// Prints, per layer, the share of outputs at output_min and at output_max
// (after a run; xqm_memory_per_tensor runtimes only). For ReLU6 layers output_min is real 0 (ReLU's cut, expected
// for about half the outputs) and output_max is real 6.
void xqm_print_saturation(const struct xqm_runtime* runtime, FILE* out);

// ---- builders used by the network files ----

struct xqm_network* xqm_network_new(const char* name, enum xqm_scheme scheme, uint64_t seed);
int xqm_add_input(struct xqm_network* network, size_t batch, size_t height, size_t width,
                  size_t channels);
enum xqm_activation { xqm_activation_linear, xqm_activation_relu6 };
// Convolution with TensorFlow SAME padding. groups > 1: depthwise (groups ==
// input channels == output_channels). Returns the output tensor id, or -1.
int xqm_add_convolution(struct xqm_network* network, const char* name, int input,
                        uint32_t kernel_size, uint32_t stride, uint32_t groups,
                        size_t output_channels, enum xqm_activation activation);
int xqm_add_add(struct xqm_network* network, const char* name, int a, int b);
int xqm_add_global_average_pooling(struct xqm_network* network, const char* name, int input);
int xqm_add_convert_f32_qd8(struct xqm_network* network, const char* name, int input);
int xqm_add_fully_connected_qd8(struct xqm_network* network, const char* name, int input,
                                size_t output_channels, bool relu);

#ifdef __cplusplus
}  // extern "C"
#endif
