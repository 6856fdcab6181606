# Kiaraoke.AlignApi: the word-timestamp service with the embedded Tier 1 model baked in.
#
#   docker build -t kiaraoke-alignapi .
#   docker run --rm -p 8080:8080 -e KARAOKE_API_KEYS=change-me kiaraoke-alignapi
#
# GPU variant (CUDA 12 + cuDNN 9 on the host, NVIDIA container toolkit):
#   docker build --build-arg ONNX_GPU=true --build-arg RUNTIME_IMAGE=<an image with the .NET 10 ASP.NET runtime, CUDA 12 and cuDNN 9> -t kiaraoke-alignapi:gpu .
#   docker run --gpus all -e CTC_ALIGN_DEVICE=cuda:0 ...
# ONNX_GPU=true publishes with -p:OnnxRuntimeGpu=true, which adds Microsoft.ML.OnnxRuntime.Gpu (CUDA execution
# provider). Without a usable GPU the service logs why and runs on the CPU.

ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG ONNX_GPU=false
WORKDIR /src
# Restore first, from the project files only, so the layer is reused while the code changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Kiaraoke.Alignment/Kiaraoke.Alignment.csproj src/Kiaraoke.Alignment/
COPY src/Kiaraoke.AlignApi/Kiaraoke.AlignApi.csproj src/Kiaraoke.AlignApi/
RUN dotnet restore src/Kiaraoke.AlignApi/Kiaraoke.AlignApi.csproj -p:OnnxRuntimeGpu=${ONNX_GPU}
COPY src/Kiaraoke.Alignment/ src/Kiaraoke.Alignment/
COPY src/Kiaraoke.AlignApi/ src/Kiaraoke.AlignApi/
COPY appsettings.json ./
COPY models/kiaraoke-ctc-v2/ models/kiaraoke-ctc-v2/
RUN dotnet publish src/Kiaraoke.AlignApi/Kiaraoke.AlignApi.csproj -c Release -o /app --no-restore -p:OnnxRuntimeGpu=${ONNX_GPU} \
    && test -f /app/models/kiaraoke-ctc-v2/model.onnx && test -f /app/appsettings.json

FROM ${RUNTIME_IMAGE} AS runtime
# ffmpeg decodes every upload (mp3, wav, flac, ogg, m4a…) to 16 kHz mono.
USER root
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build --chown=root:root /app ./
# The embedded SQLite store (used when DATABASE_URL is not set) lives in a volume the app user may write.
RUN mkdir -p /data && chown "$APP_UID" /data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_gcServer=1 \
    KARAOKE_ALIGNMENT_ENGINE=auto \
    KIARAOKE_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
# The aspnet image's built-in non-root user; the app folder stays read-only to it. Uploads go to /tmp.
USER $APP_UID
# No curl or wget in the aspnet image: the service probes itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["dotnet", "/app/Kiaraoke.AlignApi.dll", "probe", "/health/live"]
ENTRYPOINT ["dotnet", "/app/Kiaraoke.AlignApi.dll"]
