// Graph builder of the custom op TFLite_Detection_PostProcess (runner:
// detection.h): options, input and output tensors.
#include "graph-internal.h"

#include <stdio.h>

#include "detection.h"

// An input of TFLite_Detection_PostProcess: UINT8 (per-tensor quantized) or FLOAT32.
static bool detection_input(struct builder* b, int32_t index, const char* role, size_t rank, bool* quantized) {
  const struct xqt_tensor* t = xqt_tensor_at(b, index);
  if (t->num_dims != rank) {
    return xqt_op_fail(b, "%s tensor %d '%s' has rank %zu, expected %zu", role, (int) index, t->name,
                       t->num_dims, rank);
  }
  if (t->type == XQT_TYPE_FLOAT32) {
    *quantized = false;
    return true;
  }
  float scale;
  int32_t zero_point;
  if (t->type != XQT_TYPE_UINT8) {
    return xqt_op_fail(b, "%s tensor %d '%s' has type %s (TFLite 2.9 takes UINT8 or FLOAT32)", role, (int) index,
                       t->name, xqt_type_name(t->type));
  }
  *quantized = true;
  return xqt_quantized_tensor(b, index, role, &scale, &zero_point);
}

static bool detection_output(struct builder* b, size_t k, const char* role, size_t rank, const size_t* dims) {
  const int32_t index = b->op->outputs[k];
  const struct xqt_tensor* t = xqt_tensor_at(b, index);
  bool same = t->type == XQT_TYPE_FLOAT32 && t->num_dims == rank;
  for (size_t d = 0; same && d < rank; d++) same = t->dims[d] == dims[d];
  if (!same) {
    return xqt_op_fail(b, "%s output tensor %d '%s' must be FLOAT32 of the shape TFLite gives it", role, (int) index,
                       t->name);
  }
  return true;
}

// TFLite_Detection_PostProcess: inputs box encodings [1, boxes, >= 4], class
// scores [1, boxes, classes], anchors [boxes, 4] (constant or not); four
// FLOAT32 outputs with the shapes TFLite's Prepare sets.
bool xqt_build_detection(struct builder* b, struct xqt_node* n) {
  const struct xqt_op* op = b->op;
  if (op->num_inputs != 3 || op->num_outputs != 4) {
    return xqt_op_fail(b, "has %zu inputs and %zu outputs, expected 3 and 4", op->num_inputs, op->num_outputs);
  }
  char what[96];
  snprintf(what, sizeof(what), "op %zu TFLite_Detection_PostProcess", b->op_index);
  if (!xqt_detection_parse_options(op->custom_options, op->custom_options_size, &n->detection, what, b->err)) {
    return false;
  }
  int32_t box_index, score_index, anchor_index;
  bool box_q, score_q, anchor_q;
  if (!xqt_get_input(b, 0, false, &box_index) || !xqt_get_input(b, 1, false, &score_index) ||
      !xqt_get_input(b, 2, false, &anchor_index) || !detection_input(b, box_index, "box encodings", 3, &box_q) ||
      !detection_input(b, score_index, "class scores", 3, &score_q) ||
      !detection_input(b, anchor_index, "anchors", 2, &anchor_q)) {
    return false;
  }
  const struct xqt_tensor* boxes = xqt_tensor_at(b, box_index);
  const struct xqt_tensor* scores = xqt_tensor_at(b, score_index);
  const struct xqt_tensor* anchors = xqt_tensor_at(b, anchor_index);
  if (box_q != anchor_q) {
    return xqt_op_fail(b, "box encodings and anchors must both be UINT8 or both FLOAT32 (as TFLite 2.9 reads them)");
  }
  const size_t num_boxes = boxes->dims[1];
  const size_t classes = scores->dims[2];
  if (boxes->dims[0] != 1 || boxes->dims[2] < 4 || scores->dims[0] != 1 || scores->dims[1] != num_boxes ||
      anchors->dims[0] != num_boxes || anchors->dims[1] != 4) {
    return xqt_op_fail(b, "inputs must be box encodings [1, boxes, >= 4], scores [1, boxes, classes] and anchors "
                       "[boxes, 4] (tensors %d, %d, %d)", (int) box_index, (int) score_index, (int) anchor_index);
  }
  if (classes < (size_t) n->detection.num_classes || classes - (size_t) n->detection.num_classes > 1) {
    return xqt_op_fail(b, "class scores tensor %d has %zu classes, num_classes is %d (one background class at most)",
                       (int) score_index, classes, (int) n->detection.num_classes);
  }
  const size_t max_detections = (size_t) n->detection.max_detections;
  const size_t box_dims[3] = {1, max_detections, 4}, row_dims[2] = {1, max_detections}, one[1] = {1};
  if (!detection_output(b, 0, "boxes", 3, box_dims) || !detection_output(b, 1, "classes", 2, row_dims) ||
      !detection_output(b, 2, "scores", 2, row_dims) || !detection_output(b, 3, "num_detections", 1, one)) {
    return false;
  }
  n->input = box_index;
  n->input2 = score_index;
  n->output = op->outputs[0];
  n->detection_shape = (struct xqt_detection_shape){num_boxes, boxes->dims[2], classes};
  (void) score_q;
  return true;
}
