#!/bin/sh
# Builds work/ort_run against the ONNX Runtime native library from the NuGet cache
# (the one the C# service uses). Override ORT_DIR to point elsewhere.
set -e
cd "$(dirname "$0")"
ORT_DIR=${ORT_DIR:-$(ls -d "$HOME"/.nuget/packages/microsoft.ml.onnxruntime/*/ | sort -V | tail -1)}
LIB="$ORT_DIR/runtimes/linux-x64/native"
mkdir -p work
# the NuGet package ships libonnxruntime.so without the .so.1 soname link
mkdir -p work/ortlib
ln -sf "$LIB/libonnxruntime.so" work/ortlib/libonnxruntime.so.1
gcc -O2 -o work/ort_run ort_run.c -I"$ORT_DIR/build/native/include" -L"$LIB" -lonnxruntime \
  -Wl,-rpath,"$(pwd)/work/ortlib"
echo "built work/ort_run with $ORT_DIR"
