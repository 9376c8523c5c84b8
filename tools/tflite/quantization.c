#include "quantization.h"

#include <math.h>

#include "schema.h"

// zero_point + round(f / scale), saturated to int32 range so that absurd
// scales cannot overflow.
static int32_t quantize_value(float f, float scale, int32_t zero_point) {
  const double q = (double) zero_point + (double) roundf(f / scale);
  if (!(q > -2147483648.0)) {  // also catches NaN
    return INT32_MIN;
  }
  if (q >= 2147483647.0) {
    return INT32_MAX;
  }
  return (int32_t) q;
}

static int32_t max_i32(int32_t a, int32_t b) { return a > b ? a : b; }
static int32_t min_i32(int32_t a, int32_t b) { return a < b ? a : b; }

static bool activation_range(int activation, int32_t qmin, int32_t qmax, float scale,
                             int32_t zero_point, int32_t* min_out, int32_t* max_out) {
  switch (activation) {
    case XQT_ACTIVATION_NONE:
      *min_out = qmin;
      *max_out = qmax;
      return true;
    case XQT_ACTIVATION_RELU:
      *min_out = max_i32(qmin, quantize_value(0.0f, scale, zero_point));
      *max_out = qmax;
      return true;
    case XQT_ACTIVATION_RELU6:
      *min_out = max_i32(qmin, quantize_value(0.0f, scale, zero_point));
      *max_out = min_i32(qmax, quantize_value(6.0f, scale, zero_point));
      return true;
    case XQT_ACTIVATION_RELU_N1_TO_1:
      *min_out = max_i32(qmin, quantize_value(-1.0f, scale, zero_point));
      *max_out = min_i32(qmax, quantize_value(1.0f, scale, zero_point));
      return true;
    default:
      return false;
  }
}

bool xqt_activation_range(int activation, bool is_signed, float scale, int32_t zero_point,
                          int32_t* min_out, int32_t* max_out) {
  return activation_range(activation, is_signed ? -128 : 0, is_signed ? 127 : 255, scale,
                          zero_point, min_out, max_out);
}

bool xqt_activation_range_int16(int activation, float scale, int32_t* min_out, int32_t* max_out) {
  return activation_range(activation, INT16_MIN, INT16_MAX, scale, 0, min_out, max_out);
}

void xqt_quantize_int16(size_t n, float scale, int32_t zero_point, const float* input, int16_t* output) {
  for (size_t i = 0; i < n; i++) {
    const float r = roundf(input[i] / scale);
    // NaN and values beyond int32 saturate (TFLite's cast is undefined there).
    const int64_t q = r >= 2147483647.0f ? INT32_MAX : r > -2147483648.0f ? (int64_t) r : INT32_MIN;
    const int64_t v = q + zero_point;
    output[i] = (int16_t) (v < INT16_MIN ? INT16_MIN : v > INT16_MAX ? INT16_MAX : v);
  }
}

void xqt_dequantize_int16(size_t n, float scale, int32_t zero_point, const int16_t* input, float* output) {
  for (size_t i = 0; i < n; i++) {
    output[i] = (float) ((double) scale * (double) ((int32_t) input[i] - zero_point));
  }
}

void xqt_requantize(const struct xqt_requantization* r, size_t n, const void* input, void* output) {
  for (size_t i = 0; i < n; i++) {
    const int32_t q = xqt_load_q(input, r->input_signed, i) - r->input_zero_point;
    int32_t v;
    if (r->identity_scale) {
      v = q + r->output_zero_point;
    } else {
      v = (int32_t) lround(r->multiplier * (double) q) + r->output_zero_point;
    }
    v = max_i32(r->output_min, min_i32(r->output_max, v));
    xqt_store_q(output, r->output_signed, i, v);
  }
}

void xqt_softmax_q(size_t rows, size_t channels, float beta, bool input_signed, float input_scale,
                   int32_t input_zero_point, bool output_signed, float output_scale,
                   int32_t output_zero_point, const void* input, void* output) {
  const int32_t qmin = output_signed ? -128 : 0;
  const int32_t qmax = output_signed ? 127 : 255;
  for (size_t r = 0; r < rows; r++) {
    const size_t base = r * channels;
    int32_t max_q = INT32_MIN;
    for (size_t c = 0; c < channels; c++) {
      max_q = max_i32(max_q, xqt_load_q(input, input_signed, base + c));
    }
    double sum = 0.0;
    for (size_t c = 0; c < channels; c++) {
      const int32_t d = xqt_load_q(input, input_signed, base + c) - max_q;
      sum += exp((double) beta * (double) input_scale * (double) d);
    }
    (void) input_zero_point;  // cancels out: softmax is shift-invariant
    for (size_t c = 0; c < channels; c++) {
      const int32_t d = xqt_load_q(input, input_signed, base + c) - max_q;
      const double p = exp((double) beta * (double) input_scale * (double) d) / sum;
      double q = (double) output_zero_point + round(p / (double) output_scale);
      q = q < qmin ? qmin : (q > qmax ? qmax : q);
      xqt_store_q(output, output_signed, base + c, (int32_t) q);
    }
  }
}

void xqt_softmax_f32(size_t rows, size_t channels, float beta, const float* input, float* output) {
  for (size_t r = 0; r < rows; r++) {
    const float* x = input + r * channels;
    float* y = output + r * channels;
    float max_x = -INFINITY;
    for (size_t c = 0; c < channels; c++) {
      max_x = x[c] > max_x ? x[c] : max_x;
    }
    double sum = 0.0;
    for (size_t c = 0; c < channels; c++) {
      sum += exp((double) beta * ((double) x[c] - (double) max_x));
    }
    for (size_t c = 0; c < channels; c++) {
      y[c] = (float) (exp((double) beta * ((double) x[c] - (double) max_x)) / sum);
    }
  }
}

void xqt_mean_q(const struct xqt_mean* m, const void* input, void* output) {
  // Kept and reduced dimensions (outermost first) with their input strides.
  size_t kept_size[8], kept_stride[8], red_size[8], red_stride[8];
  size_t num_kept = 0, num_red = 0, stride = 1, outputs = 1, count = 1;
  for (size_t d = m->rank; d-- > 0;) {
    if (m->reduced[d]) {
      red_size[num_red] = m->shape[d];
      red_stride[num_red++] = stride;
      count *= m->shape[d];
    } else {
      kept_size[num_kept] = m->shape[d];
      kept_stride[num_kept++] = stride;
      outputs *= m->shape[d];
    }
    stride *= m->shape[d];
  }
  const int32_t qmin = m->is_signed ? -128 : 0, qmax = m->is_signed ? 127 : 255;
  const float scale = m->input_scale / m->output_scale;
  const float bias = (float) -m->input_zero_point * scale;
  for (size_t o = 0; o < outputs; o++) {
    // Input offset of output o: its index decomposed over the kept dimensions
    // (innermost first, as listed).
    size_t base = 0, rem = o;
    for (size_t k = 0; k < num_kept; k++) {
      base += (rem % kept_size[k]) * kept_stride[k];
      rem /= kept_size[k];
    }
    int32_t sum = 0;
    for (size_t r = 0; r < count; r++) {
      size_t offset = base, rr = r;
      for (size_t k = 0; k < num_red; k++) {
        offset += (rr % red_size[k]) * red_stride[k];
        rr /= red_size[k];
      }
      sum += xqt_load_q(input, m->is_signed, offset);
    }
    int32_t q;
    if (m->integer) {
      q = sum / (int32_t) count;
    } else {
      const float mean = (float) sum / (float) count;
      const float scaled = mean * scale;
      const float shifted = scaled + bias;
      float result = roundf(shifted) + (float) m->output_zero_point;
      result = result < (float) qmax ? result : (float) qmax;
      result = result > (float) qmin ? result : (float) qmin;
      q = (int32_t) result;
    }
    xqt_store_q(output, m->is_signed, o, q);
  }
}
