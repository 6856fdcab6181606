/* Minimal ONNX Runtime (C API) runner used to check and time the exported model with the
 * same native library the C# service loads (NuGet Microsoft.ML.OnnxRuntime).
 *
 *   ort_run MODEL IN.f32 BATCH SAMPLES OUT.f32 THREADS REPEATS
 *   ort_run MODEL --lengths LIST.txt     (prints "N T" for each length N in LIST.txt)
 * Reads BATCH*SAMPLES float32 from IN.f32, runs input "input_values" -> "logits",
 * writes the logits (float32) to OUT.f32, prints the shape and the best wall time.
 * Build: see build_ort_run.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "onnxruntime_c_api.h"

static const OrtApi *api;

static void check(OrtStatus *st) {
    if (st) {
        fprintf(stderr, "ORT error: %s\n", api->GetErrorMessage(st));
        api->ReleaseStatus(st);
        exit(1);
    }
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc == 4 && argv[2][0] == '-') {
        api = OrtGetApiBase()->GetApi(ORT_API_VERSION);
        OrtEnv *env;
        check(api->CreateEnv(ORT_LOGGING_LEVEL_WARNING, "ort_run", &env));
        OrtSessionOptions *so;
        check(api->CreateSessionOptions(&so));
        check(api->SetIntraOpNumThreads(so, 2));
        OrtSession *sess;
        check(api->CreateSession(env, argv[1], so, &sess));
        OrtMemoryInfo *mi;
        check(api->CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &mi));
        FILE *lf = fopen(argv[3], "r");
        long long N;
        const char *in_names[] = {"input_values"};
        const char *out_names[] = {"logits"};
        while (lf && fscanf(lf, "%lld", &N) == 1) {
            float *buf = malloc((size_t)N * sizeof(float));
            for (long long i = 0; i < N; i++) buf[i] = (float)((i * 7919 % 2000) - 1000) * 1e-4f;
            int64_t shp[2] = {1, N};
            OrtValue *xv = NULL, *yv = NULL;
            check(api->CreateTensorWithDataAsOrtValue(mi, buf, (size_t)N * sizeof(float), shp, 2,
                                                      ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &xv));
            check(api->Run(sess, NULL, in_names, (const OrtValue *const *)&xv, 1, out_names, 1, &yv));
            OrtTensorTypeAndShapeInfo *ti;
            check(api->GetTensorTypeAndShape(yv, &ti));
            int64_t d[3];
            check(api->GetDimensions(ti, d, 3));
            printf("%lld %lld %lld\n", N, (long long)d[1], (long long)d[2]);
            api->ReleaseTensorTypeAndShapeInfo(ti);
            api->ReleaseValue(xv);
            api->ReleaseValue(yv);
            free(buf);
        }
        return 0;
    }
    if (argc < 8) {
        fprintf(stderr, "usage: %s MODEL IN.f32 BATCH SAMPLES OUT.f32 THREADS REPEATS\n", argv[0]);
        return 2;
    }
    int64_t batch = atoll(argv[3]), samples = atoll(argv[4]);
    int threads = atoi(argv[6]), repeats = atoi(argv[7]);
    api = OrtGetApiBase()->GetApi(ORT_API_VERSION);
    OrtEnv *env;
    check(api->CreateEnv(ORT_LOGGING_LEVEL_WARNING, "ort_run", &env));
    OrtSessionOptions *so;
    check(api->CreateSessionOptions(&so));
    check(api->SetIntraOpNumThreads(so, threads));
    check(api->SetInterOpNumThreads(so, 1));
    check(api->SetSessionGraphOptimizationLevel(so, ORT_ENABLE_ALL));
    OrtSession *sess;
    check(api->CreateSession(env, argv[1], so, &sess));

    size_t n = (size_t)(batch * samples);
    float *in = malloc(n * sizeof(float));
    FILE *f = fopen(argv[2], "rb");
    if (!f || fread(in, sizeof(float), n, f) != n) { fprintf(stderr, "cannot read input\n"); return 1; }
    fclose(f);
    OrtMemoryInfo *mi;
    check(api->CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &mi));
    int64_t shape[2] = {batch, samples};
    OrtValue *x = NULL;
    check(api->CreateTensorWithDataAsOrtValue(mi, in, n * sizeof(float), shape, 2,
                                              ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &x));
    const char *in_names[] = {"input_values"};
    const char *out_names[] = {"logits"};
    double best = 1e30;
    OrtValue *y = NULL;
    for (int r = 0; r < repeats; r++) {
        if (y) { api->ReleaseValue(y); y = NULL; }
        double t0 = now();
        check(api->Run(sess, NULL, in_names, (const OrtValue *const *)&x, 1, out_names, 1, &y));
        double dt = now() - t0;
        if (dt < best) best = dt;
    }
    OrtTensorTypeAndShapeInfo *info;
    check(api->GetTensorTypeAndShape(y, &info));
    size_t nd;
    check(api->GetDimensionsCount(info, &nd));
    int64_t dims[8];
    check(api->GetDimensions(info, dims, nd));
    size_t total = 1;
    printf("shape");
    for (size_t i = 0; i < nd; i++) { printf(" %lld", (long long)dims[i]); total *= (size_t)dims[i]; }
    float *out;
    check(api->GetTensorMutableData(y, (void **)&out));
    FILE *g = fopen(argv[5], "wb");
    fwrite(out, sizeof(float), total, g);
    fclose(g);
    printf("\nbest_seconds %.4f\n", best);
    return 0;
}
