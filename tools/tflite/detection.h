// TFLite_Detection_PostProcess (custom op): SSD box decoding and
// non-maximum suppression in float, as TensorFlow Lite 2.9's
// kernels/detection_postprocess.cc computes them. No xqnn dependency.
//
// Inputs: box encodings [1, boxes, >= 4] (y, x, h, w per box), class scores
// [1, boxes, classes (+1 background)], anchors [boxes, 4] (y, x, h, w), each
// UINT8 (dequantized as TFLite does: (float) (q - zp) * scale, in float) or
// FLOAT32; as in TFLite, UINT8 box encodings need UINT8 anchors and FLOAT32
// ones FLOAT32 anchors. Outputs (FLOAT32): boxes [1, max_detections, 4]
// (ymin, xmin, ymax, xmax), classes and scores [1, max_detections],
// num_detections [1]; slots past num_detections are zero.
//
// Decoding (in double, then rounded to float, TFLite's order):
//   ycenter = y / y_scale * anchor.h + anchor.y     xcenter likewise with x, w
//   half_h  = 0.5 * exp(h / h_scale) * anchor.h     half_w likewise
//   box     = (ycenter - half_h, xcenter - half_w, ycenter + half_h, xcenter + half_w)  (float)
// Fast NMS (use_regular_nms false, max_classes_per_detection 1, the SSD
// default): each box's score is its best class (the first maximum), boxes
// with a score >= nms_score_threshold are sorted by decreasing score (stable:
// ties keep box order), and each box in turn is kept unless an already kept
// box overlaps it with IoU > nms_iou_threshold, up to max_detections.
// Regular NMS and several classes per detection are rejected at load (their
// TFLite results depend on std::partial_sort's order of equal scores).
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

struct xqt_detection_options {
  int32_t max_detections;
  int32_t max_classes_per_detection;
  int32_t detections_per_class;
  float nms_score_threshold;
  float nms_iou_threshold;
  int32_t num_classes;
  float y_scale, x_scale, h_scale, w_scale;
  bool use_regular_nms;
};

// Reads and validates the custom_options flexbuffer; false and `err` set
// ("what" prefixes the message) if it is malformed or asks for something
// unsupported.
bool xqt_detection_parse_options(const uint8_t* data, size_t size, struct xqt_detection_options* options,
                                 const char* what, struct xqt_error* err);

// A quantized (UINT8) or float input of the op.
struct xqt_detection_input {
  const void* data;
  bool quantized;      // UINT8 with scale / zero point, else FLOAT32
  float scale;
  int32_t zero_point;
};

struct xqt_detection_shape {
  size_t num_boxes;
  size_t box_stride;                 // box encoding length (>= 4)
  size_t num_classes_with_background;
};

// Scratch: num_boxes * 4 floats of decoded boxes, num_boxes * classes floats
// of scores, num_boxes floats of best scores, and num_boxes * 2 ints.
size_t xqt_detection_scratch_size(const struct xqt_detection_shape* shape);

void xqt_detection_run(const struct xqt_detection_options* options, const struct xqt_detection_shape* shape,
                       const struct xqt_detection_input* boxes, const struct xqt_detection_input* scores,
                       const struct xqt_detection_input* anchors, void* scratch, float* out_boxes,
                       float* out_classes, float* out_scores, float* out_num_detections);

#ifdef __cplusplus
}  // extern "C"
#endif
