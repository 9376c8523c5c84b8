// Optional side-by-side reference: runs a .tflite model with TensorFlow Lite's
// own C library (2.9, from the npm package tfjs-tflite-node) and prints the
// median latency, like `xqnn-tflite MODEL --threads N --iterations K`.
// Built and run by scripts/bench-tflite-reference.sh; never by the tests.
//
//   tflite-reference MODEL.tflite [--input RAW] [--output RAW] [--threads N] [--iterations K]
//
// Without --input the input is the same deterministic pseudo-random bytes for
// every run; with --input, RAW holds the input tensor's bytes (e.g.
// test/data/golden/cat.224x224.rgb) and the top-5 output elements are printed.
// With --output, the bytes of every output tensor, one after the other in the
// model's output order (so, for one output, just its bytes), are written to
// RAW (golden data: scripts/make-golden.sh).
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tensorflow/lite/c/c_api.h"

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec * 1e-6;
}

static int compare_double(const void* a, const void* b) {
  const double x = *(const double*) a, y = *(const double*) b;
  return (x > y) - (x < y);
}

int main(int argc, char** argv) {
  const char* model_path = NULL;
  const char* input_path = NULL;
  const char* output_path = NULL;
  int threads = 1, iterations = 10;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--input") == 0 && i + 1 < argc) {
      input_path = argv[++i];
    } else if (strcmp(argv[i], "--output") == 0 && i + 1 < argc) {
      output_path = argv[++i];
    } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      threads = atoi(argv[++i]);
    } else if (strcmp(argv[i], "--iterations") == 0 && i + 1 < argc) {
      iterations = atoi(argv[++i]);
    } else if (model_path == NULL && argv[i][0] != '-') {
      model_path = argv[i];
    } else {
      fprintf(stderr, "usage: %s MODEL.tflite [--input RAW] [--output RAW] [--threads N] [--iterations K]\n", argv[0]);
      return 2;
    }
  }
  if (model_path == NULL || threads < 1 || iterations < 1) {
    fprintf(stderr, "usage: %s MODEL.tflite [--input RAW] [--output RAW] [--threads N] [--iterations K]\n", argv[0]);
    return 2;
  }
  TfLiteModel* model = TfLiteModelCreateFromFile(model_path);
  if (model == NULL) {
    fprintf(stderr, "tflite-reference: cannot load %s\n", model_path);
    return 1;
  }
  TfLiteInterpreterOptions* options = TfLiteInterpreterOptionsCreate();
  TfLiteInterpreterOptionsSetNumThreads(options, threads);
  TfLiteInterpreter* interpreter = TfLiteInterpreterCreate(model, options);
  if (interpreter == NULL || TfLiteInterpreterAllocateTensors(interpreter) != kTfLiteOk) {
    fprintf(stderr, "tflite-reference: cannot create the interpreter\n");
    return 1;
  }
  TfLiteTensor* input = TfLiteInterpreterGetInputTensor(interpreter, 0);
  const size_t input_size = TfLiteTensorByteSize(input);
  uint8_t* bytes = malloc(input_size);
  if (bytes == NULL) return 1;
  if (input_path != NULL) {
    FILE* f = fopen(input_path, "rb");
    if (f == NULL || fread(bytes, 1, input_size, f) != input_size) {
      fprintf(stderr, "tflite-reference: %s does not hold %zu bytes\n", input_path, input_size);
      return 1;
    }
    fclose(f);
  } else {
    uint32_t state = 1;
    for (size_t i = 0; i < input_size; i++) {
      state = state * 1664525u + 1013904223u;
      bytes[i] = (uint8_t) (state >> 24);
    }
  }
  if (TfLiteTensorCopyFromBuffer(input, bytes, input_size) != kTfLiteOk) return 1;

  double* times = malloc(sizeof(double) * (size_t) iterations);
  if (times == NULL) return 1;
  if (TfLiteInterpreterInvoke(interpreter) != kTfLiteOk) return 1;  // untimed warm-up
  for (int i = 0; i < iterations; i++) {
    const double start = now_ms();
    if (TfLiteInterpreterInvoke(interpreter) != kTfLiteOk) return 1;
    times[i] = now_ms() - start;
  }
  qsort(times, (size_t) iterations, sizeof(double), compare_double);

  if (input_path != NULL) {
    const TfLiteTensor* output = TfLiteInterpreterGetOutputTensor(interpreter, 0);
    const TfLiteQuantizationParams q = TfLiteTensorQuantizationParams(output);
    const size_t n = TfLiteTensorByteSize(output);
    const uint8_t* out = TfLiteTensorData(output);
    if (TfLiteTensorType(output) == kTfLiteUInt8 && out != NULL) {
      printf("top-5:\n");
      uint8_t* taken = calloc(n, 1);
      for (int k = 0; k < 5 && taken != NULL; k++) {
        size_t best = n;
        for (size_t i = 0; i < n; i++) {
          if (!taken[i] && (best == n || out[i] > out[best])) best = i;
        }
        taken[best] = 1;
        printf("  %4zu  %.3f\n", best, q.scale * ((int) out[best] - q.zero_point));
      }
      free(taken);
    }
  }
  if (output_path != NULL) {
    FILE* f = fopen(output_path, "wb");
    bool ok = f != NULL;
    for (int32_t k = 0; ok && k < TfLiteInterpreterGetOutputTensorCount(interpreter); k++) {
      const TfLiteTensor* output = TfLiteInterpreterGetOutputTensor(interpreter, k);
      const size_t n = TfLiteTensorByteSize(output);
      ok = n == 0 || (TfLiteTensorData(output) != NULL && fwrite(TfLiteTensorData(output), 1, n, f) == n);
    }
    if (f != NULL && fclose(f) != 0) ok = false;
    if (!ok) {
      fprintf(stderr, "tflite-reference: cannot write %s\n", output_path);
      return 1;
    }
  }
  printf("latency: median %.2f ms over %d runs (min %.2f ms), %d thread%s (TensorFlow Lite %s)\n",
         times[iterations / 2], iterations, times[0], threads, threads == 1 ? "" : "s", TfLiteVersion());
  free(times);
  free(bytes);
  TfLiteInterpreterDelete(interpreter);
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(model);
  return 0;
}
