// libFuzzer target: the .tflite reader and graph validation (everything that
// looks at file bytes before xqnn is called) on arbitrary input. Seeds: the
// models in test/data. Run by scripts/fuzz-tflite.sh.
#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  struct xqt_error err;
  struct xqt_model* model = xqt_model_parse(data, size, &err);
  if (model != NULL) {
    struct xqt_graph* graph = xqt_graph_build(model, &err);
    xqt_graph_free(graph);
    xqt_model_free(model);
  }
  return 0;
}
