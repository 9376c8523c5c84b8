#!/usr/bin/env bash
# Classifies a photo with a real quantized TensorFlow Lite model through xqnn:
# installs missing dependencies, builds Release, runs xqnn-tflite.
#   scripts/run-model.sh                       int8 MobileNet v2 on the cat photo, 1 and 2 threads,
#                                              both requantization schemes
#   scripts/run-model.sh MODEL.tflite IMG.bmp  another model / photo
#   THREADS="1 2 4" ITERATIONS=20 SCHEMES=fp32 scripts/run-model.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
build=${BUILD_DIR:-$root/build}
model=${1:-$root/test/data/tf2_mobilenet_v2_1.0_224_ptq.tflite}
image=${2:-$root/test/data/cat.bmp}
labels=${LABELS:-$root/test/data/imagenet_labels.txt}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target xqnn-tflite -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
# Both requantization schemes: TFLite's arithmetic (the default; TFLite's
# results bit for bit, scalar kernels) and xqnn's fp32 scheme (SIMD kernels).
for scheme in ${SCHEMES:-tflite fp32}; do
  case $scheme in
    tflite) echo "== --requantization tflite: TensorFlow Lite's exact arithmetic (scalar kernels) ==" ;;
    fp32) echo "== --requantization fp32: xqnn's exactly rounded fp32 scheme (SIMD kernels) ==" ;;
  esac
  for threads in ${THREADS:-1 2}; do
    "$build/tools/xqnn-tflite" "$model" --image "$image" --labels "$labels" \
      --threads "$threads" --iterations "${ITERATIONS:-10}" --requantization "$scheme"
    echo
  done
done
