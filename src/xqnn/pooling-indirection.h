// Indirection buffers of the 2D pooling operators (max and average pooling).
//
// For each output pixel, the offsets (from the image base, shared by every
// image) of its window's taps inside the input, completed with the pad row to
// a fixed count `taps`, the most taps a window can have inside the input (at
// most pooling_height * pooling_width): windows larger than the input (SAME
// pooling of small images, hostile sizes) then cost no more than the input
// they cover.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "xqnn/convolution.h"

// Most taps of one window along a dimension that can fall inside the input:
// taps are `dilation` apart, so at most (input - 1) / dilation + 1 of them.
size_t xqnn_pooling_taps_inside(size_t input, uint32_t pooling, uint32_t dilation);

// The taps [first, end) of a window starting at padded coordinate `start`
// (= output index * stride) that land inside [0, input) after removing `pad`.
void xqnn_pooling_inside_range(size_t start, size_t pad, size_t input, uint32_t pooling, uint32_t dilation,
                               size_t* first, size_t* end);

// Fills output_height * output_width * taps entries of `indirection`.
void xqnn_pooling_init_indirection(const struct xqnn_convolution_geometry* g, size_t input_height,
                                   size_t input_width, size_t output_height, size_t output_width,
                                   size_t pad_top, size_t pad_left, size_t taps, const void* pad,
                                   const void** indirection);
