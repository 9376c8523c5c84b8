#!/usr/bin/env bash
# Fuzzes the .tflite reader and graph validation (tools/tflite/fuzz-reader.c)
# with libFuzzer + ASan + UBSan for a bounded time, seeded with a small valid
# model (test/data/fuzz-seed-small.tflite: CONV_2D + ADD, 1 KiB, so that
# mutations keep a valid structure), the MAX_POOL_2D / PAD / PADV2 / MIRROR_PAD
# chains of test/data/golden/pool-pad-*.tflite (2 KiB each), the LOGISTIC /
# TANH / HARD_SWISH / LEAKY_RELU models of golden/activation-*.tflite, the shipped
# models and their first 64 KiB.
#   scripts/fuzz-tflite.sh            60 seconds
#   FUZZ_SECONDS=600 scripts/fuzz-tflite.sh
# Needs clang and its runtime (Debian: clang, libclang-rt-14-dev or newer).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
if ! command -v clang >/dev/null; then
  echo "fuzz-tflite: installing clang" >&2
  SUDO=""; if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq clang libclang-rt-dev
fi
build=${BUILD_DIR:-$root/build-fuzz}
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DXQNN_BUILD_FUZZERS=ON -DXQNN_BUILD_TESTS=OFF -DXQNN_BUILD_BENCHMARKS=OFF \
  -DXQNN_BUILD_MODELS=OFF >/dev/null
cmake --build "$build" --target fuzz-tflite-reader -j 2 >/dev/null
corpus="$build/fuzz-corpus"
mkdir -p "$corpus"
cp "$root/test/data/fuzz-seed-small.tflite" "$corpus/small"
for model in "$root"/test/data/golden/pool-pad-*.tflite "$root"/test/data/golden/activation-*.tflite \
    "$root"/test/data/golden/pose-*.tflite; do
  cp "$model" "$corpus/$(basename "$model" .tflite)"
done
for model in "$root"/test/data/*_224*.tflite; do
  name=$(basename "$model" .tflite)
  cp "$model" "$corpus/$name"
  head -c 65536 "$model" >"$corpus/$name.head"
done
# -max_len keeps inputs small (the models are 4 MB; mutations of their first
# 64 KiB reach every table type), -rss_limit_mb bounds memory.
"$build/tools/fuzz-tflite-reader" "$corpus" -max_total_time="${FUZZ_SECONDS:-60}" \
  -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 "$@"
