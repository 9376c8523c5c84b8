#!/usr/bin/env bash
# Classifies a photo with a real quantized TensorFlow Lite model through xqnn:
# installs missing dependencies, builds Release, runs xqnn-tflite.
#   scripts/run-model.sh                       int8 MobileNet v2 on the cat photo, 1 and 2 threads
#   scripts/run-model.sh MODEL.tflite IMG.bmp  another model / photo
#   THREADS="1 2 4" ITERATIONS=20 scripts/run-model.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
build=${BUILD_DIR:-$root/build}
model=${1:-$root/test/data/tf2_mobilenet_v2_1.0_224_ptq.tflite}
image=${2:-$root/test/data/cat.bmp}
labels=${LABELS:-$root/test/data/imagenet_labels.txt}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target xqnn-tflite -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
for threads in ${THREADS:-1 2}; do
  "$build/tools/xqnn-tflite" "$model" --image "$image" --labels "$labels" \
    --threads "$threads" --iterations "${ITERATIONS:-10}"
  echo
done
