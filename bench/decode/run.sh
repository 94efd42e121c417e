#!/usr/bin/env bash
# Barcode decoding benchmark: Parc's decode path (server/decode, in
# process) against zbarimg and ZXingReader on the zxing project's blackbox
# test images (folders code128-*, qrcode-*, datamatrix-*, code39-*, each
# image with its expected text in NAME.txt). Prints a Markdown report.
#
# Usage, from anywhere: bash bench/decode/run.sh [FOLDER]
# FOLDER defaults to $BENCH_DECODE_IMAGES, then to
# ../shared/testdata/zxing-blackbox beside the repository.
#
# Exit status: 0 when the targets are met, 1 when a tool is missing or a
# step failed, 3 when a target is missed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
images=${1:-${BENCH_DECODE_IMAGES:-$repo/../shared/testdata/zxing-blackbox}}
if [ ! -d "$images" ]; then
  echo "run.sh: no image folder at $images: pass the folder of the zxing blackbox images" >&2
  exit 1
fi
for tool in zbarimg ZXingReader; do
  if ! command -v "$tool" >/dev/null; then
    echo "run.sh: $tool not found: apt-get install zbar-tools zxing-cpp-tools" >&2
    exit 1
  fi
done
cd "$repo"
go build -o bin/decodebench ./bench/decode
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(go version | cut -d' ' -f3), zbar $(dpkg-query -W -f='${Version}' zbar-tools 2>/dev/null), zxing-cpp $(dpkg-query -W -f='${Version}' zxing-cpp-tools 2>/dev/null)"
echo
exec bin/decodebench "$images"
