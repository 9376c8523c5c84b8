// xqnn-tflite: runs a quantized TensorFlow Lite model with xqnn.
//
//   xqnn-tflite MODEL.tflite [--image IMG.bmp] [--labels FILE] [--threads N] [--iterations K]
//
// With an image: the 24-bit BMP is resized bilinearly (pixel centres aligned,
// no crop) to the model's input size and fed as RGB bytes (UINT8 input), as
// bytes - 128 (INT8 input) or as (byte - 127.5) / 127.5 (FLOAT32 input); the
// top-5 classes are printed with dequantized scores. Without an image the
// input is deterministic pseudo-random data (benchmark mode). A detection
// model (outputs of TFLite_Detection_PostProcess) prints its boxes instead:
// class (and label), score, ymin xmin ymax xmax. The median latency over K
// runs follows.
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pthreadpool.h>
#include <xqnn.h>

#include "image.h"
#include "model.h"
#include "runtime.h"
#include "schema.h"

struct options {
  const char* model;
  const char* image;
  const char* labels;
  size_t threads;
  size_t iterations;
  bool fp32_requantization;
};

static void usage(FILE* f) {
  fprintf(f,
          "usage: xqnn-tflite MODEL.tflite [--image IMG.bmp] [--labels FILE] [--threads N] "
          "[--iterations K] [--requantization tflite|fp32]\n"
          "  --image IMG.bmp   24-bit BMP classified by the model (default: random input, benchmark)\n"
          "  --labels FILE     class names, one per line (line i+1 names class i)\n"
          "  --threads N       threads (default 1)\n"
          "  --iterations K    timed runs; the median latency is printed (default 10)\n"
          "  --requantization  tflite: TFLite's fixed-point rounding, its results bit for bit\n"
          "                    (default); fp32: xqnn's exactly rounded fp32 scheme, SIMD kernels\n");
}

static bool parse_count(const char* flag, const char* s, size_t max, size_t* out) {
  char* end;
  errno = 0;
  const unsigned long long v = strtoull(s, &end, 10);
  if (errno != 0 || *end != '\0' || s[0] == '-' || v == 0 || v > max) {
    fprintf(stderr, "xqnn-tflite: %s needs an integer in [1, %zu], got '%s'\n", flag, max, s);
    return false;
  }
  *out = (size_t) v;
  return true;
}

static bool parse_args(int argc, char** argv, struct options* o) {
  memset(o, 0, sizeof(*o));
  o->threads = 1;
  o->iterations = 10;
  for (int i = 1; i < argc; i++) {
    const char* a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      usage(stdout);
      exit(0);
    }
    if (a[0] == '-' && a[1] == '-') {
      if (i + 1 >= argc) {
        fprintf(stderr, "xqnn-tflite: %s needs a value\n", a);
        return false;
      }
      const char* v = argv[++i];
      if (strcmp(a, "--image") == 0) {
        o->image = v;
      } else if (strcmp(a, "--labels") == 0) {
        o->labels = v;
      } else if (strcmp(a, "--threads") == 0) {
        if (!parse_count(a, v, 1024, &o->threads)) return false;
      } else if (strcmp(a, "--iterations") == 0) {
        if (!parse_count(a, v, 1000000, &o->iterations)) return false;
      } else if (strcmp(a, "--requantization") == 0) {
        if (strcmp(v, "tflite") != 0 && strcmp(v, "fp32") != 0) {
          fprintf(stderr, "xqnn-tflite: --requantization takes tflite or fp32, got '%s'\n", v);
          return false;
        }
        o->fp32_requantization = strcmp(v, "fp32") == 0;
      } else {
        fprintf(stderr, "xqnn-tflite: unknown option %s\n", a);
        return false;
      }
    } else if (o->model == NULL) {
      o->model = a;
    } else {
      fprintf(stderr, "xqnn-tflite: unexpected argument '%s'\n", a);
      return false;
    }
  }
  if (o->model == NULL) {
    usage(stderr);
    return false;
  }
  return true;
}

// Labels: one per line; returns the count (0 on failure, with a message).
static size_t load_labels(const char* path, char*** labels_out) {
  FILE* f = fopen(path, "r");
  *labels_out = NULL;
  if (f == NULL) {
    fprintf(stderr, "xqnn-tflite: %s: %s\n", path, strerror(errno));
    return 0;
  }
  char** labels = NULL;
  size_t count = 0;
  char line[1024];
  while (fgets(line, sizeof(line), f) != NULL) {
    line[strcspn(line, "\r\n")] = '\0';
    char** grown = realloc(labels, (count + 1) * sizeof(char*));
    char* copy = malloc(strlen(line) + 1);
    if (grown == NULL || copy == NULL) {
      free(copy);
      labels = grown != NULL ? grown : labels;
      break;
    }
    labels = grown;
    strcpy(copy, line);
    labels[count++] = copy;
  }
  fclose(f);
  *labels_out = labels;
  return count;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static int compare_double(const void* a, const void* b) {
  const double x = *(const double*) a, y = *(const double*) b;
  return x < y ? -1 : (x > y ? 1 : 0);
}

static bool fill_input(const struct xqt_tensor* t, void* data, const struct options* o) {
  if (o->image == NULL) {
    // Deterministic pseudo-random bytes / floats in [-1, 1).
    uint32_t state = 12345;
    const size_t count = t->type == XQT_TYPE_FLOAT32 ? t->num_elements : t->size_bytes;
    for (size_t i = 0; i < count; i++) {
      state = state * 1664525u + 1013904223u;
      const uint8_t byte = (uint8_t) (state >> 24);
      if (t->type == XQT_TYPE_FLOAT32) {
        ((float*) data)[i] = ((float) byte - 128.0f) / 128.0f;
      } else {
        ((uint8_t*) data)[i] = byte;  // int16: random little-endian values
      }
    }
    return true;
  }
  if (t->type == XQT_TYPE_INT16) {
    fprintf(stderr, "xqnn-tflite: --image needs an INT8, UINT8 or FLOAT32 input tensor ('%s' is INT16)\n",
            t->name);
    return false;
  }
  if (t->num_dims != 4 || t->dims[0] != 1 || t->dims[3] != 3) {
    fprintf(stderr, "xqnn-tflite: input tensor '%s' is not an RGB image [1,H,W,3]\n", t->name);
    return false;
  }
  struct xqt_image image;
  struct xqt_error err;
  if (!xqt_bmp_load(o->image, &image, &err)) {
    fprintf(stderr, "xqnn-tflite: %s\n", err.message);
    return false;
  }
  const size_t h = t->dims[1], w = t->dims[2];
  uint8_t* rgb = malloc(h * w * 3);
  if (rgb == NULL) {
    xqt_image_free(&image);
    fprintf(stderr, "xqnn-tflite: out of memory\n");
    return false;
  }
  xqt_resize_bilinear(image.rgb, image.width, image.height, rgb, w, h, 3);
  printf("image: %s %zux%zu resized to %zux%zu\n", o->image, image.width, image.height, w, h);
  xqt_image_free(&image);
  for (size_t i = 0; i < h * w * 3; i++) {
    switch (t->type) {
      case XQT_TYPE_UINT8: ((uint8_t*) data)[i] = rgb[i]; break;
      case XQT_TYPE_INT8: ((int8_t*) data)[i] = (int8_t) ((int) rgb[i] - 128); break;
      default: ((float*) data)[i] = ((float) rgb[i] - 127.5f) / 127.5f; break;
    }
  }
  free(rgb);
  return true;
}

static double output_value(const struct xqt_tensor* t, const void* data, size_t i) {
  if (t->type == XQT_TYPE_FLOAT32) {
    return ((const float*) data)[i];
  }
  const double q = t->type == XQT_TYPE_INT8    ? ((const int8_t*) data)[i]
                 : t->type == XQT_TYPE_INT16 ? ((const int16_t*) data)[i]
                                             : ((const uint8_t*) data)[i];
  if (t->num_scales == 0) {
    return q;
  }
  return (double) t->scales[0] * (q - (double) t->zero_points[0]);
}

// The TFLite_Detection_PostProcess op whose outputs are the model's first four, or NULL.
static const struct xqt_op* detection_op(const struct xqt_model* model) {
  for (size_t i = 0; i < model->num_ops; i++) {
    const struct xqt_op* op = &model->ops[i];
    if (op->opcode == XQT_OP_CUSTOM && strcmp(op->custom_code, "TFLite_Detection_PostProcess") == 0 &&
        op->num_outputs == 4 && model->num_outputs >= 4 && memcmp(op->outputs, model->outputs, 4 * sizeof(int32_t)) == 0) {
      return op;
    }
  }
  return NULL;
}

static void print_detections(const struct xqt_op* op, struct xqt_runtime* rt, char** labels, size_t num_labels) {
  const float* boxes = xqt_runtime_tensor(rt, (size_t) op->outputs[0]);
  const float* classes = xqt_runtime_tensor(rt, (size_t) op->outputs[1]);
  const float* scores = xqt_runtime_tensor(rt, (size_t) op->outputs[2]);
  const size_t count = (size_t) *(const float*) xqt_runtime_tensor(rt, (size_t) op->outputs[3]);
  printf("detections: %zu\n", count);
  for (size_t i = 0; i < count; i++) {
    const size_t c = (size_t) classes[i];
    printf("  class %4zu  %-20s score %.3f  box [%.4f, %.4f, %.4f, %.4f]\n", c,
           c < num_labels ? labels[c] : "", (double) scores[i], (double) boxes[4 * i], (double) boxes[4 * i + 1],
           (double) boxes[4 * i + 2], (double) boxes[4 * i + 3]);
  }
}

static void print_top5(const struct xqt_tensor* t, const void* data, char** labels,
                       size_t num_labels) {
  size_t top[5];
  size_t k = 0;
  const size_t classes = t->num_elements;
  for (; k < 5 && k < classes; k++) {
    // k-th best: largest value not already taken (ties: lowest index).
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < classes; i++) {
      bool taken = false;
      for (size_t j = 0; j < k; j++) taken |= top[j] == i;
      if (!taken && (best == SIZE_MAX || output_value(t, data, i) > output_value(t, data, best))) {
        best = i;
      }
    }
    top[k] = best;
  }
  printf("top-%zu:\n", k);
  for (size_t j = 0; j < k; j++) {
    printf("  %4zu  %.3f  %s\n", top[j], output_value(t, data, top[j]),
           top[j] < num_labels ? labels[top[j]] : "");
  }
}

int main(int argc, char** argv) {
  struct options o;
  if (!parse_args(argc, argv, &o)) {
    return 2;
  }
  int rc = 1;
  struct xqt_error err;
  char** labels = NULL;
  size_t num_labels = 0;
  pthreadpool_t pool = NULL;
  struct xqt_runtime* rt = NULL;
  double* times = NULL;
  struct xqt_model* model = xqt_model_load(o.model, &err);
  if (model == NULL) {
    fprintf(stderr, "xqnn-tflite: %s: %s\n", o.model, err.message);
    return 1;
  }
  if (o.labels != NULL && (num_labels = load_labels(o.labels, &labels)) == 0) {
    goto done;
  }
  if (o.threads > 1) {
    pool = pthreadpool_create(o.threads);
    if (pool == NULL) {
      fprintf(stderr, "xqnn-tflite: cannot create a pool of %zu threads\n", o.threads);
      goto done;
    }
  }
  const struct xqt_runtime_options runtime_options = {.fp32_requantization = o.fp32_requantization};
  rt = xqt_runtime_create(model, pool, &runtime_options, &err);
  if (rt == NULL) {
    fprintf(stderr, "xqnn-tflite: %s: %s\n", o.model, err.message);
    goto done;
  }
  if (model->num_inputs != 1) {
    fprintf(stderr, "xqnn-tflite: the model has %zu inputs (1 supported)\n", model->num_inputs);
    goto done;
  }
  const struct xqt_tensor* in = &model->tensors[model->inputs[0]];
  const struct xqt_tensor* out = &model->tensors[model->outputs[0]];
  printf("model: %s (%zu ops; activation arena %.2f MiB, %.2f MiB without reuse; xqnn ISA %s)\n",
         o.model, model->num_ops, (double) xqt_runtime_arena_size(rt) / 1048576.0,
         (double) xqt_runtime_unplanned_size(rt) / 1048576.0,
         xqnn_isa_name() != NULL ? xqnn_isa_name() : "?");
  if (!fill_input(in, xqt_runtime_tensor(rt, (size_t) model->inputs[0]), &o)) {
    goto done;
  }
  // One untimed run (warm-up; its output is what gets printed: runs are deterministic).
  if (!xqt_runtime_run(rt, &err)) {
    fprintf(stderr, "xqnn-tflite: %s\n", err.message);
    goto done;
  }
  const struct xqt_op* detection = detection_op(model);
  if (detection != NULL) {
    print_detections(detection, rt, labels, num_labels);
  } else if (o.image != NULL) {
    print_top5(out, xqt_runtime_tensor(rt, (size_t) model->outputs[0]), labels, num_labels);
  }
  times = malloc(o.iterations * sizeof(double));
  if (times == NULL) {
    goto done;
  }
  for (size_t i = 0; i < o.iterations; i++) {
    const double start = now_seconds();
    if (!xqt_runtime_run(rt, &err)) {
      fprintf(stderr, "xqnn-tflite: %s\n", err.message);
      goto done;
    }
    times[i] = now_seconds() - start;
  }
  qsort(times, o.iterations, sizeof(double), compare_double);
  const double median = o.iterations % 2 == 1
                            ? times[o.iterations / 2]
                            : 0.5 * (times[o.iterations / 2 - 1] + times[o.iterations / 2]);
  printf("latency: median %.3f ms over %zu runs (min %.3f ms), %zu thread%s\n", median * 1e3,
         o.iterations, times[0] * 1e3, o.threads, o.threads == 1 ? "" : "s");
  rc = 0;
done:
  free(times);
  xqt_runtime_free(rt);
  if (pool != NULL) {
    pthreadpool_destroy(pool);
  }
  for (size_t i = 0; i < num_labels; i++) {
    free(labels[i]);
  }
  free(labels);
  xqt_model_free(model);
  return rc;
}
