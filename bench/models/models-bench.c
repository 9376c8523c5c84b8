// End-to-end benchmark of the model networks of models/ (random weights):
// median and minimum latency per model and thread count, and, when built with
// Debian's XNNPACK (libxnnpack-dev), the same network on XNNPACK's operators,
// timed in alternating iterations so machine noise hits both, with a check
// that the two libraries' logits agree. One line per result:
//   model=<name> threads=<T> median_ms=<x.xxx> min_ms=<x.xxx> gmacs=<x.xx>
//   model=<name> threads=<T> xnnpack_median_ms=<x.xxx> ratio=<xqnn/xnnpack>
//   model=<name> threads=<T> logits=identical | logits=differ max_units=<N> count=<k>/<n>
// xqnn runs each inference as one xqnn_run_operators call (--run-each: one
// xqnn_run_operator call per layer); XNNPACK one xnn_run_operator per layer.
// Both libraries keep their tensors in one arena of the same plan
// (models/arena.c), as inference runtimes do; --verbose gives every tensor its
// own buffer, to report each layer's saturation.
// Lines starting with '#' are commentary (--per-layer, --verbose).
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pthreadpool.h>

#include "models.h"
#include "xqnn.h"

#if XQNN_MODELS_WITH_XNNPACK
#include <xnnpack.h>

#include "xnnpack-runtime.h"
#endif

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec * 1e-6;
}

static int compare_double(const void* a, const void* b) {
  const double x = *(const double*) a, y = *(const double*) b;
  return (x > y) - (x < y);
}

static double median(double* v, size_t n) {
  qsort(v, n, sizeof(double), compare_double);
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void usage(const char* argv0) {
  fprintf(stderr,
          "usage: %s [--iterations N] [--warmup N] [--models NAME[,NAME...]] [--threads T[,T...]]\n"
          "          [--resolution R] [--per-layer] [--verbose] [--no-xnnpack] [--avx2] [--run-each] [--list]\n"
          "  --models: names or substrings (e.g. mobilenet-v2); --list prints the names\n"
          "  --run-each: one xqnn_run_operator call per layer instead of one xqnn_run_operators call\n"
          "  --avx2: both libraries at their AVX2 tier (xqnn: XQNN_ISA=avx2; XNNPACK: AVX-512 hidden)\n",
          argv0);
}

static bool selected(const char* name, const char* filter) {
  if (filter == NULL) return true;
  char* copy = strdup(filter);
  bool found = false;
  for (char* token = strtok(copy, ","); token != NULL && !found; token = strtok(NULL, ",")) {
    found = strstr(name, token) != NULL;
  }
  free(copy);
  return found;
}

struct options {
  size_t iterations, warmup, resolution;
  const char* models;
  size_t threads[8];
  size_t num_threads;
  bool per_layer, verbose, xnnpack, avx2, run_each;
};

// One inference: every layer in one xqnn_run_operators call, or (--run-each) one call per layer.
static enum xqnn_status run_network(struct xqm_runtime* rt, const struct options* o) {
  return o->run_each ? xqm_runtime_run_each(rt) : xqm_runtime_run(rt);
}

// Largest difference between two output tensors, in quantized units (f32: absolute).
static double compare_outputs(const struct xqm_tensor* t, const void* a, const void* b, size_t* count) {
  const size_t n = t->batch * t->height * t->width * t->channels;
  double max_diff = 0.0;
  *count = 0;
  for (size_t i = 0; i < n; i++) {
    double d;
    switch (t->datatype) {
      case xqm_datatype_int8: d = fabs((double) ((const int8_t*) a)[i] - ((const int8_t*) b)[i]); break;
      case xqm_datatype_uint8: d = fabs((double) ((const uint8_t*) a)[i] - ((const uint8_t*) b)[i]); break;
      default: d = ((const float*) a)[i] == ((const float*) b)[i] ? 0.0 : fabs((double) ((const float*) a)[i] - ((const float*) b)[i]); break;
    }
    if (d != 0.0) (*count)++;
    if (d > max_diff) max_diff = d;
  }
  return max_diff;
}

#if XQNN_MODELS_WITH_XNNPACK
// Where the libraries first part ways (expected: an add, which XNNPACK
// computes in fixed point and xqnn in fp32): one more inference of each, on a
// buffer per tensor (the timed runtimes share an arena, which keeps only the
// input and the output).
static void print_first_difference(const char* name, const struct xqm_network* net, pthreadpool_t threadpool,
                                   const void* input_data) {
  struct xqm_runtime* rt = NULL;
  struct xqm_xnnpack_runtime* xrt = xqm_xnnpack_runtime_create(net, threadpool, xqm_memory_per_tensor);
  const size_t input_bytes = xqm_tensor_bytes(&net->tensors[net->input]);
  if (xrt != NULL && xqm_runtime_create(net, threadpool, xqm_memory_per_tensor, &rt) == xqnn_status_success) {
    memcpy(xqm_runtime_tensor(rt, net->input), input_data, input_bytes);
    memcpy(xqm_xnnpack_runtime_tensor(xrt, net->input), input_data, input_bytes);
    if (xqm_runtime_run(rt) == xqnn_status_success && xqm_xnnpack_runtime_run(xrt)) {
      for (size_t l = 0; l < net->num_layers; l++) {
        const int t = net->layers[l].output;
        size_t count = 0;
        const double diff =
            compare_outputs(&net->tensors[t], xqm_runtime_tensor(rt, t), xqm_xnnpack_runtime_tensor(xrt, t), &count);
        if (count != 0) {
          printf("# model=%s: first difference at layer %zu (%s): %zu outputs, up to %.0f units\n", name, l,
                 net->layers[l].name, count, diff);
          break;
        }
      }
    }
  }
  xqm_runtime_delete(rt);
  xqm_xnnpack_runtime_delete(xrt);
}
#endif

static int bench_model(const char* name, const struct options* o) {
  struct xqm_network* net = xqm_create_network(name, o->resolution);
  if (net == NULL) {
    fprintf(stderr, "cannot build model %s\n", name);
    return 1;
  }
  const struct xqm_tensor* input = &net->tensors[net->input];
  const struct xqm_tensor* output = &net->tensors[net->output];
  void* input_data = malloc(xqm_tensor_bytes(input));
  xqm_fill_input(net, input_data, 42);
  double* xqnn_times = calloc(o->iterations, sizeof(double));
  double* xnn_times = calloc(o->iterations, sizeof(double));
  double* layer_times = calloc(o->iterations * net->num_layers, sizeof(double));
  double* xnn_layer_times = calloc(o->iterations * net->num_layers, sizeof(double));
  int result = 0;
  for (size_t ti = 0; ti < o->num_threads; ti++) {
    const size_t threads = o->threads[ti];
    pthreadpool_t threadpool = threads > 1 ? pthreadpool_create(threads) : NULL;
    // --verbose reads every layer's output after a run.
    const enum xqm_memory memory = o->verbose ? xqm_memory_per_tensor : xqm_memory_arena;
    struct xqm_runtime* rt = NULL;
    if (xqm_runtime_create(net, threadpool, memory, &rt) != xqnn_status_success) {
      fprintf(stderr, "model=%s threads=%zu: xqnn build failed\n", name, threads);
      pthreadpool_destroy(threadpool);
      result = 1;
      continue;
    }
    memcpy(xqm_runtime_tensor(rt, net->input), input_data, xqm_tensor_bytes(input));
    void* xnn = NULL;
#if XQNN_MODELS_WITH_XNNPACK
    struct xqm_xnnpack_runtime* xrt = NULL;
    if (o->xnnpack && xqm_xnnpack_supports(net)) {
      xrt = xqm_xnnpack_runtime_create(net, threadpool, memory);
      if (xrt != NULL) memcpy(xqm_xnnpack_runtime_tensor(xrt, net->input), input_data, xqm_tensor_bytes(input));
    }
    xnn = xrt;
#endif
    for (size_t i = 0; i < o->warmup; i++) {
      run_network(rt, o);
#if XQNN_MODELS_WITH_XNNPACK
      if (xrt != NULL) xqm_xnnpack_runtime_run(xrt);
#endif
    }
    // Alternating iterations: xqnn, XNNPACK, xqnn, ...
    for (size_t i = 0; i < o->iterations; i++) {
      const double t0 = now_ms();
      if (run_network(rt, o) != xqnn_status_success) result = 1;
      const double t1 = now_ms();
      xqnn_times[i] = t1 - t0;
#if XQNN_MODELS_WITH_XNNPACK
      if (xrt != NULL) {
        const double t2 = now_ms();
        if (!xqm_xnnpack_runtime_run(xrt)) result = 1;
        xnn_times[i] = now_ms() - t2;
      }
#endif
    }
    double min_ms = xqnn_times[0];
    for (size_t i = 1; i < o->iterations; i++) min_ms = fmin(min_ms, xqnn_times[i]);
    const double median_ms = median(xqnn_times, o->iterations);
    printf("model=%s threads=%zu median_ms=%.3f min_ms=%.3f gmacs=%.2f\n", name, threads, median_ms,
           min_ms, (double) net->macs / (median_ms * 1e6));
    if (xnn != NULL) {
      double xnn_min = xnn_times[0];
      for (size_t i = 1; i < o->iterations; i++) xnn_min = fmin(xnn_min, xnn_times[i]);
      const double xnn_median = median(xnn_times, o->iterations);
      printf("model=%s threads=%zu xnnpack_median_ms=%.3f ratio=%.3f\n", name, threads, xnn_median,
             median_ms / xnn_median);
      // Minima are less sensitive to other processes on a shared machine.
      printf("# model=%s threads=%zu xnnpack_min_ms=%.3f min_ratio=%.3f\n", name, threads, xnn_min,
             min_ms / xnn_min);
    }
#if XQNN_MODELS_WITH_XNNPACK
    if (xrt != NULL) {
      size_t count = 0;
      const double diff = compare_outputs(output, xqm_runtime_tensor(rt, net->output),
                                          xqm_xnnpack_runtime_tensor(xrt, net->output), &count);
      if (count == 0) {
        printf("model=%s threads=%zu logits=identical\n", name, threads);
      } else {
        printf("model=%s threads=%zu logits=differ max_units=%.0f count=%zu/%zu\n", name, threads, diff,
               count, output->batch * output->channels);
        print_first_difference(name, net, threadpool, input_data);
      }
    } else if (o->xnnpack && ti == 0) {
      printf("# model=%s: no XNNPACK baseline (Debian's 2022 XNNPACK snapshot has no QD8 operators)\n",
             name);
    }
#endif
    if (o->verbose && ti == 0) xqm_print_saturation(rt, stdout);
    if (o->per_layer) {
      const size_t nl = net->num_layers;
      for (size_t i = 0; i < o->iterations; i++) {
        for (size_t l = 0; l < nl; l++) {
          const double t0 = now_ms();
          xqm_runtime_run_layer(rt, l);
          layer_times[l * o->iterations + i] = now_ms() - t0;
        }
#if XQNN_MODELS_WITH_XNNPACK
        if (xrt != NULL) {
          for (size_t l = 0; l < nl; l++) {
            const double t0 = now_ms();
            xqm_xnnpack_runtime_run_layer(xrt, l);
            xnn_layer_times[l * o->iterations + i] = now_ms() - t0;
          }
        }
#endif
      }
      printf("# model=%s threads=%zu per layer (median of %zu runs, ms):\n", name, threads, o->iterations);
      printf("#   %3s %-28s %8s %9s%s\n", "#", "layer", "MMACs", "xqnn", xnn != NULL ? "   xnnpack  ratio" : "");
      double total = 0.0, xnn_total = 0.0;
      for (size_t l = 0; l < nl; l++) {
        const double t = median(&layer_times[l * o->iterations], o->iterations);
        total += t;
        printf("#   %3zu %-28s %8.2f %9.3f", l, net->layers[l].name, (double) net->layers[l].macs * 1e-6, t);
        if (xnn != NULL) {
          const double x = median(&xnn_layer_times[l * o->iterations], o->iterations);
          xnn_total += x;
          printf(" %9.3f %6.2f", x, t / x);
        }
        printf("\n");
      }
      printf("#   %3s %-28s %8.2f %9.3f", "", "sum", (double) net->macs * 1e-6, total);
      if (xnn != NULL) printf(" %9.3f %6.2f", xnn_total, total / xnn_total);
      printf("\n");
    }
    fflush(stdout);
#if XQNN_MODELS_WITH_XNNPACK
    xqm_xnnpack_runtime_delete(xrt);
#endif
    xqm_runtime_delete(rt);
    pthreadpool_destroy(threadpool);
  }
  free(input_data);
  free(xqnn_times);
  free(xnn_times);
  free(layer_times);
  free(xnn_layer_times);
  xqm_delete_network(net);
  return result;
}

int main(int argc, char** argv) {
  struct options o = {.iterations = 50, .warmup = 5, .resolution = 224, .threads = {1, 2},
                      .num_threads = 2, .xnnpack = true};
  for (int i = 1; i < argc; i++) {
    const char* a = argv[i];
    const bool has_value = i + 1 < argc;
    if (strcmp(a, "--iterations") == 0 && has_value) {
      o.iterations = strtoul(argv[++i], NULL, 10);
    } else if (strcmp(a, "--warmup") == 0 && has_value) {
      o.warmup = strtoul(argv[++i], NULL, 10);
    } else if (strcmp(a, "--resolution") == 0 && has_value) {
      o.resolution = strtoul(argv[++i], NULL, 10);
    } else if (strcmp(a, "--models") == 0 && has_value) {
      o.models = argv[++i];
    } else if (strcmp(a, "--threads") == 0 && has_value) {
      o.num_threads = 0;
      char* copy = strdup(argv[++i]);
      for (char* t = strtok(copy, ","); t != NULL && o.num_threads < 8; t = strtok(NULL, ",")) {
        o.threads[o.num_threads++] = strtoul(t, NULL, 10);
      }
      free(copy);
    } else if (strcmp(a, "--per-layer") == 0) {
      o.per_layer = true;
    } else if (strcmp(a, "--verbose") == 0) {
      o.verbose = true;
    } else if (strcmp(a, "--avx2") == 0) {
      o.avx2 = true;
    } else if (strcmp(a, "--run-each") == 0) {
      o.run_each = true;
    } else if (strcmp(a, "--no-xnnpack") == 0) {
      o.xnnpack = false;
    } else if (strcmp(a, "--list") == 0) {
      for (size_t m = 0; m < xqm_num_models; m++) printf("%s\n", xqm_model_names[m]);
      return 0;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(argv[0]);
      return 0;
    } else {
      usage(argv[0]);
      return 2;
    }
  }
  if (o.iterations == 0 || o.resolution < 32 || o.num_threads == 0) {
    usage(argv[0]);
    return 2;
  }
  for (size_t t = 0; t < o.num_threads; t++) {
    if (o.threads[t] == 0) {
      usage(argv[0]);
      return 2;
    }
  }
  if (o.avx2) setenv("XQNN_ISA", "avx2", 1);
  if (xqnn_initialize() != xqnn_status_success) {
    fprintf(stderr, "xqnn_initialize failed\n");
    return 1;
  }
#if XQNN_MODELS_WITH_XNNPACK
  // xqnn_initialize has initialised cpuinfo.
  if (o.avx2) xqm_xnnpack_hide_avx512();
  if (o.xnnpack && xnn_initialize(NULL) != xnn_status_success) {
    fprintf(stderr, "xnn_initialize failed: no XNNPACK baseline\n");
    o.xnnpack = false;
  }
#else
  o.xnnpack = false;
#endif
  printf("# xqnn isa=%s, %zu iterations (+%zu warm-up), resolution %zu%s\n", xqnn_isa_name(), o.iterations,
         o.warmup, o.resolution, o.xnnpack ? ", XNNPACK baseline interleaved" : ", no XNNPACK baseline");
  fflush(stdout);
  int result = 0;
  size_t matched = 0;
  for (size_t m = 0; m < xqm_num_models; m++) {
    if (!selected(xqm_model_names[m], o.models)) continue;
    matched++;
    result |= bench_model(xqm_model_names[m], &o);
  }
  if (matched == 0) {
    fprintf(stderr, "no model matches '%s' (--list prints the names)\n", o.models);
    return 2;
  }
  return result;
}
