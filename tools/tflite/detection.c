#include "detection.h"

#include <math.h>
#include <string.h>

#include "flexbuffer.h"

// TFLite's default when the map has no detections_per_class.
#define DEFAULT_DETECTIONS_PER_CLASS 100

bool xqt_detection_parse_options(const uint8_t* data, size_t size, struct xqt_detection_options* o,
                                 const char* what, struct xqt_error* err) {
  struct xqt_flex_map map;
  if (!xqt_flex_root_map(data, size, &map)) {
    return xqt_fail(err, "%s: custom options are not a FlexBuffers map", what);
  }
  static const char* const keys[] = {"max_detections", "max_classes_per_detection", "detections_per_class",
                                     "nms_score_threshold", "nms_iou_threshold", "num_classes", "y_scale",
                                     "x_scale", "h_scale", "w_scale", "use_regular_nms"};
  struct xqt_flex_value v[11];
  for (size_t i = 0; i < 11; i++) {
    if (!xqt_flex_lookup(&map, keys[i], &v[i])) {
      return xqt_fail(err, "%s: malformed custom option %s", what, keys[i]);
    }
    if (v[i].kind == XQT_FLEX_OTHER) {
      return xqt_fail(err, "%s: custom option %s is not a number", what, keys[i]);
    }
  }
  const int64_t max_detections = xqt_flex_as_int(&v[0]);
  const int64_t max_classes = xqt_flex_as_int(&v[1]);
  const int64_t per_class = v[2].kind == XQT_FLEX_ABSENT || v[2].kind == XQT_FLEX_NULL
                                ? DEFAULT_DETECTIONS_PER_CLASS : xqt_flex_as_int(&v[2]);
  const int64_t num_classes = xqt_flex_as_int(&v[5]);
  o->nms_score_threshold = (float) xqt_flex_as_double(&v[3]);
  o->nms_iou_threshold = (float) xqt_flex_as_double(&v[4]);
  o->y_scale = (float) xqt_flex_as_double(&v[6]);
  o->x_scale = (float) xqt_flex_as_double(&v[7]);
  o->h_scale = (float) xqt_flex_as_double(&v[8]);
  o->w_scale = (float) xqt_flex_as_double(&v[9]);
  o->use_regular_nms = v[10].kind != XQT_FLEX_ABSENT && v[10].kind != XQT_FLEX_NULL && xqt_flex_as_int(&v[10]) != 0;
  if (max_detections < 1 || max_detections > 10000) {
    return xqt_fail(err, "%s: max_detections %lld must be in [1, 10000]", what, (long long) max_detections);
  }
  if (num_classes < 1 || num_classes > 100000) {
    return xqt_fail(err, "%s: num_classes %lld must be in [1, 100000]", what, (long long) num_classes);
  }
  if (per_class < 1 || per_class > 100000) {
    return xqt_fail(err, "%s: detections_per_class %lld must be in [1, 100000]", what, (long long) per_class);
  }
  if (max_classes != 1) {
    return xqt_fail(err, "%s: max_classes_per_detection %lld is not supported (only 1)", what,
                    (long long) max_classes);
  }
  if (o->use_regular_nms) {
    return xqt_fail(err, "%s: use_regular_nms is not supported (only the fast NMS)", what);
  }
  // TFLite requires an IoU threshold in (0, 1] when it runs.
  if (!(o->nms_iou_threshold > 0.0f && o->nms_iou_threshold <= 1.0f)) {
    return xqt_fail(err, "%s: nms_iou_threshold %g must be in (0, 1]", what, (double) o->nms_iou_threshold);
  }
  const float scales[4] = {o->y_scale, o->x_scale, o->h_scale, o->w_scale};
  for (size_t i = 0; i < 4; i++) {
    if (!(scales[i] != 0.0f && isfinite(scales[i]))) {
      return xqt_fail(err, "%s: %s %g must be finite and non-zero", what, keys[6 + i], (double) scales[i]);
    }
  }
  if (!isfinite(o->nms_score_threshold)) {
    return xqt_fail(err, "%s: nms_score_threshold must be finite", what);
  }
  o->max_detections = (int32_t) max_detections;
  o->max_classes_per_detection = (int32_t) max_classes;
  o->detections_per_class = (int32_t) per_class;
  o->num_classes = (int32_t) num_classes;
  return true;
}

size_t xqt_detection_scratch_size(const struct xqt_detection_shape* s) {
  return s->num_boxes * (4 + s->num_classes_with_background + 1) * sizeof(float) +
         s->num_boxes * 2 * sizeof(int32_t);
}

// TFLite's Dequantizer: (float) (q - zero_point) * scale, in float.
static float dequantize(const struct xqt_detection_input* in, size_t i) {
  if (!in->quantized) {
    float f;  // constant tensors may be unaligned in the file
    memcpy(&f, (const uint8_t*) in->data + i * sizeof(float), sizeof(f));
    return f;
  }
  return ((float) ((const uint8_t*) in->data)[i] - (float) in->zero_point) * in->scale;
}

// ComputeIntersectionOverUnion, in float.
static float iou(const float* a, const float* b) {
  const float area_a = (a[2] - a[0]) * (a[3] - a[1]);
  const float area_b = (b[2] - b[0]) * (b[3] - b[1]);
  if (area_a <= 0 || area_b <= 0) return 0.0f;
  const float ymin = fmaxf(a[0], b[0]), xmin = fmaxf(a[1], b[1]);
  const float ymax = fminf(a[2], b[2]), xmax = fminf(a[3], b[3]);
  const float h = fmaxf(ymax - ymin, 0.0f), w = fmaxf(xmax - xmin, 0.0f);
  const float intersection = h * w;
  return intersection / (area_a + area_b - intersection);
}

void xqt_detection_run(const struct xqt_detection_options* o, const struct xqt_detection_shape* s,
                       const struct xqt_detection_input* boxes, const struct xqt_detection_input* scores,
                       const struct xqt_detection_input* anchors, void* scratch, float* out_boxes,
                       float* out_classes, float* out_scores, float* out_num_detections) {
  const size_t n = s->num_boxes, classes = s->num_classes_with_background;
  const size_t label_offset = classes - (size_t) o->num_classes;  // 0 or 1 (checked at load)
  float* decoded = scratch;
  float* class_scores = decoded + 4 * n;
  float* best = class_scores + n * classes;
  int32_t* kept = (int32_t*) (best + n);  // indices of boxes above the threshold, then sorted
  int32_t* tmp = kept + n;

  // DecodeCenterSizeBoxes.
  for (size_t b = 0; b < n; b++) {
    const double y = dequantize(boxes, b * s->box_stride), x = dequantize(boxes, b * s->box_stride + 1);
    const double h = dequantize(boxes, b * s->box_stride + 2), w = dequantize(boxes, b * s->box_stride + 3);
    const double ay = dequantize(anchors, 4 * b), ax = dequantize(anchors, 4 * b + 1);
    const double ah = dequantize(anchors, 4 * b + 2), aw = dequantize(anchors, 4 * b + 3);
    const float ycenter = (float) (y / (double) o->y_scale * ah + ay);
    const float xcenter = (float) (x / (double) o->x_scale * aw + ax);
    const float half_h = (float) (0.5 * exp(h / (double) o->h_scale) * ah);
    const float half_w = (float) (0.5 * exp(w / (double) o->w_scale) * aw);
    decoded[4 * b] = ycenter - half_h;
    decoded[4 * b + 1] = xcenter - half_w;
    decoded[4 * b + 2] = ycenter + half_h;
    decoded[4 * b + 3] = xcenter + half_w;
  }
  // Scores (DequantizeClassPredictions: scale * (q - zp), rounded once to float).
  for (size_t i = 0; i < n * classes; i++) class_scores[i] = dequantize(scores, i);
  // Best class per box: the first maximum (ArgMaxVector).
  int32_t* best_class = tmp;  // reused below once the kept list is sorted
  for (size_t b = 0; b < n; b++) {
    const float* row = class_scores + b * classes + label_offset;
    size_t arg = 0;
    for (size_t c = 1; c < (size_t) o->num_classes; c++) {
      if (row[c] > row[arg]) arg = c;
    }
    best[b] = row[arg];
    best_class[b] = (int32_t) arg;
  }
  // Boxes above the threshold, sorted by decreasing score, ties in box order
  // (std::stable_sort): insertion sort keeps it stable.
  size_t num_kept = 0;
  for (size_t b = 0; b < n; b++) {
    if (best[b] >= o->nms_score_threshold) kept[num_kept++] = (int32_t) b;
  }
  for (size_t i = 1; i < num_kept; i++) {
    const int32_t v = kept[i];
    size_t j = i;
    while (j > 0 && best[kept[j - 1]] < best[v]) {
      kept[j] = kept[j - 1];
      j--;
    }
    kept[j] = v;
  }
  // Greedy suppression (NonMaxSuppressionSingleClassHelper). `active` marks in
  // the high bit of best_class would alias; use a separate pass over kept[]:
  // a suppressed entry is set to -1.
  const size_t max_detections = (size_t) o->max_detections;
  size_t selected = 0;
  memset(out_boxes, 0, max_detections * 4 * sizeof(float));
  memset(out_classes, 0, max_detections * sizeof(float));
  memset(out_scores, 0, max_detections * sizeof(float));
  for (size_t i = 0; i < num_kept && selected < max_detections; i++) {
    if (kept[i] < 0) continue;
    const int32_t b = kept[i];
    memcpy(out_boxes + 4 * selected, decoded + 4 * (size_t) b, 4 * sizeof(float));
    out_classes[selected] = (float) best_class[b];
    out_scores[selected] = best[b];
    selected++;
    for (size_t j = i + 1; j < num_kept; j++) {
      if (kept[j] >= 0 && iou(decoded + 4 * (size_t) b, decoded + 4 * (size_t) kept[j]) > o->nms_iou_threshold) {
        kept[j] = -1;
      }
    }
  }
  *out_num_detections = (float) selected;
}
