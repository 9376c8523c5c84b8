#!/usr/bin/env bash
# End-to-end model benchmarks (models/: MobileNet v1 / v2 in QS8, QS8-QC8W and
# QU8, a QD8-F32 transformer MLP block; random weights): installs missing
# dependencies, builds Release, runs build/bench/models/models-bench on 1 and 2
# threads. Prints one line per model and thread count:
#   model=<name> threads=<T> median_ms=<x.xxx> min_ms=<x.xxx> gmacs=<x.xx>
# and, with Debian's XNNPACK installed (apt-get install libxnnpack-dev), the
# same network built with XNNPACK's operators, timed in alternating iterations:
#   model=<name> threads=<T> xnnpack_median_ms=<x.xxx> ratio=<xqnn/xnnpack>
#   model=<name> threads=<T> logits=identical | logits=differ max_units=<N> count=<k>/<n>
# Arguments go to models-bench (default: 50 timed iterations after 5 warm-up runs):
#   scripts/benchmark-models.sh --iterations 50 --models mobilenet-v2 --per-layer
#   scripts/benchmark-models.sh --threads 1,2,4 --verbose     (saturation share per layer)
#   scripts/benchmark-models.sh --list | --help
# BUILD_DIR (default build/) selects the build directory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
build=${BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DXQNN_BUILD_MODELS=ON >/dev/null
cmake --build "$build" --target models-bench -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
exec "$build/bench/models/models-bench" "$@"
