// A complete minimal xqnn program: one 3x3 QS8 convolution (per-tensor
// weights, SAME padding, ReLU6) over a 1x8x8x3 image, run on 2 threads, with
// every output checked against the definition computed here.
//
// Build: cc convolution-qs8.c -lxqnn -lpthreadpool -lcpuinfo -lm
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <pthreadpool.h>
#include <xqnn.h>

enum { kHeight = 8, kWidth = 8, kInputChannels = 3, kOutputChannels = 4, kKernel = 3 };

int main(void) {
  if (xqnn_initialize() != xqnn_status_success) {
    fprintf(stderr, "xqnn_initialize failed\n");
    return 1;
  }

  // Quantization: real = scale * (q - zero_point).
  const float input_scale = 0.02f, kernel_scale = 0.005f, output_scale = 0.03f;
  const int8_t input_zero_point = -5, output_zero_point = -128;
  // ReLU6: [0, 6] in real terms -> [q(0), q(6)] in output units.
  const int8_t output_min = output_zero_point;
  const int8_t output_max = (int8_t) (output_zero_point + (int) lrintf(6.0f / output_scale) > 127
                                          ? 127 : output_zero_point + (int) lrintf(6.0f / output_scale));

  static int8_t input[kHeight * kWidth * kInputChannels + XQNN_EXTRA_BYTES];
  static int8_t kernel[kOutputChannels * kKernel * kKernel * kInputChannels];  // OHWI
  static int32_t bias[kOutputChannels];
  static int8_t output[kHeight * kWidth * kOutputChannels];
  for (int i = 0; i < kHeight * kWidth * kInputChannels; i++) input[i] = (int8_t) (i % 61 - 30);
  for (int i = 0; i < kOutputChannels * kKernel * kKernel * kInputChannels; i++) kernel[i] = (int8_t) (i % 23 - 11);
  for (int i = 0; i < kOutputChannels; i++) bias[i] = 1500 * i - 1000;

  xqnn_operator_t conv = NULL;
  enum xqnn_status status = xqnn_create_convolution2d_nhwc_qs8(
      /*padding top, right, bottom, left=*/0, 0, 0, 0, kKernel, kKernel,
      /*subsampling=*/1, 1, /*dilation=*/1, 1, /*groups=*/1, kInputChannels, kOutputChannels,
      /*input_channel_stride=*/kInputChannels, /*output_channel_stride=*/kOutputChannels,
      input_zero_point, input_scale, kernel_scale, kernel, bias, output_zero_point, output_scale,
      output_min, output_max, XQNN_FLAG_TENSORFLOW_SAME_PADDING, &conv);
  if (status != xqnn_status_success) {
    fprintf(stderr, "create failed: %s\n", xqnn_status_string(status));
    return 1;
  }

  pthreadpool_t threadpool = pthreadpool_create(2);
  size_t output_height = 0, output_width = 0;
  status = xqnn_reshape_convolution2d_nhwc_qs8(conv, /*batch_size=*/1, kHeight, kWidth,
                                               &output_height, &output_width, threadpool);
  if (status == xqnn_status_success) status = xqnn_setup_convolution2d_nhwc_qs8(conv, input, output);
  if (status == xqnn_status_success) status = xqnn_run_operator(conv, threadpool);
  xqnn_delete_operator(conv);
  pthreadpool_destroy(threadpool);
  if (status != xqnn_status_success) {
    fprintf(stderr, "convolution failed: %s\n", xqnn_status_string(status));
    return 1;
  }

  // Check every output against the definition (padding counts as a real 0).
  const float scale = (input_scale * kernel_scale) / output_scale;
  int mismatches = 0, positive = 0;
  for (int y = 0; y < kHeight; y++) {
    for (int x = 0; x < kWidth; x++) {
      for (int c = 0; c < kOutputChannels; c++) {
        int32_t acc = bias[c];
        for (int ky = 0; ky < kKernel; ky++) {
          for (int kx = 0; kx < kKernel; kx++) {
            const int iy = y + ky - 1, ix = x + kx - 1;
            if (iy < 0 || iy >= kHeight || ix < 0 || ix >= kWidth) continue;
            for (int ic = 0; ic < kInputChannels; ic++) {
              acc += (input[(iy * kWidth + ix) * kInputChannels + ic] - input_zero_point) *
                     kernel[((c * kKernel + ky) * kKernel + kx) * kInputChannels + ic];
            }
          }
        }
        float scaled = (float) acc * scale;
        scaled = fminf(fmaxf(scaled, (float) (output_min - output_zero_point)),
                       (float) (output_max - output_zero_point));
        const int expected = (int) lrintf(scaled) + output_zero_point;
        const int actual = output[(y * (int) output_width + x) * kOutputChannels + c];
        mismatches += actual != expected;
        positive += actual > output_min;
      }
    }
  }
  printf("output %zux%zux%d, %d values above ReLU's floor, %d mismatches, isa %s\n", output_height,
         output_width, kOutputChannels, positive, mismatches, xqnn_isa_name());
  return output_height == kHeight && output_width == kWidth && mismatches == 0 ? 0 : 1;
}
