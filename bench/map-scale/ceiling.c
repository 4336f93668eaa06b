// The machine's ceiling for ℓ1 work: |a − b| accumulations per second with every operand in registers
// (no loads), on T threads. Each step is vsubpd + vandpd (sign clear) + vaddpd on 4-double (AVX2) vectors,
// 12 independent accumulators so latency is hidden; the same on 8-double AVX-512 vectors and on 16-float
// AVX-512 vectors (the float32 kernel's instructions); and a pure vaddpd loop (12 chains). avx512_l1_per_s
// and avx512_l1_f32_per_s are 0 without AVX-512F. Compiled by bench/map-scale/run.sh with `cc -O2 -pthread`.
// usage: ceiling THREADS SECONDS_PER_TEST
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
static long iters = 1L << 22;
static volatile double sink;

// Twelve accumulators with distinct starting values, so that the compiler cannot merge their chains.
#define ACC12(T, SET) T s0 = SET(0.0), s1 = SET(0.01), s2 = SET(0.02), s3 = SET(0.03), s4 = SET(0.04), s5 = SET(0.05), \
    s6 = SET(0.06), s7 = SET(0.07), s8 = SET(0.08), s9 = SET(0.09), s10 = SET(0.10), s11 = SET(0.11)

#define L1STEP(s) s = _mm256_add_pd(s, _mm256_and_pd(_mm256_sub_pd(s, x), mag))

// sᵢ ← sᵢ + |sᵢ − x|: each accumulator's chain is sub → and → add, twelve chains in flight, so the
// vector ports, not latency, bound it.
__attribute__((target("avx2"))) static void *l1_avx2(void *arg) {
    (void)arg;
    __m256d mag = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7FFFFFFFFFFFFFFFLL));
    __m256d x = _mm256_set1_pd(1.0);
    ACC12(__m256d, _mm256_set1_pd);
    for (long i = 0; i < iters; i++) {
        __asm__ volatile("" : "+x"(x));
        L1STEP(s0); L1STEP(s1); L1STEP(s2); L1STEP(s3); L1STEP(s4); L1STEP(s5);
        L1STEP(s6); L1STEP(s7); L1STEP(s8); L1STEP(s9); L1STEP(s10); L1STEP(s11);
    }
    __m256d t = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(s0, s1), _mm256_add_pd(s2, s3)),
                              _mm256_add_pd(_mm256_add_pd(s4, s5), _mm256_add_pd(s6, s7)));
    t = _mm256_add_pd(t, _mm256_add_pd(_mm256_add_pd(s8, s9), _mm256_add_pd(s10, s11)));
    double v[4]; _mm256_storeu_pd(v, t); sink = v[0] + v[1] + v[2] + v[3];
    return NULL;
}

// The same chains on AVX-512 vectors, from one template: 8 doubles (P = pd, the 4×4 kernel's instructions)
// and 16 floats (P = ps, the float32 4×4 kernel's). |v| clears the sign bit.
#define ABS512_pd(v) _mm512_castsi512_pd(_mm512_and_si512(_mm512_castpd_si512(v), _mm512_set1_epi64(0x7FFFFFFFFFFFFFFFLL)))
#define ABS512_ps(v) _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(v), _mm512_set1_epi32(0x7FFFFFFF)))
#define STEP512(P, s) s = _mm512_add_##P(s, ABS512_##P(_mm512_sub_##P(s, x)))
#define L1_AVX512(NAME, T, P)                                                                        \
    __attribute__((target("avx512f"))) static void *NAME(void *arg) {                              \
        (void)arg;                                                                                 \
        T x = _mm512_set1_##P(1.0);                                                                \
        ACC12(T, _mm512_set1_##P);                                                                 \
        for (long i = 0; i < iters; i++) {                                                         \
            __asm__ volatile("" : "+v"(x));                                                        \
            STEP512(P, s0); STEP512(P, s1); STEP512(P, s2); STEP512(P, s3); STEP512(P, s4);        \
            STEP512(P, s5); STEP512(P, s6); STEP512(P, s7); STEP512(P, s8); STEP512(P, s9);        \
            STEP512(P, s10); STEP512(P, s11);                                                      \
        }                                                                                          \
        T t = _mm512_add_##P(_mm512_add_##P(_mm512_add_##P(s0, s1), _mm512_add_##P(s2, s3)),      \
                             _mm512_add_##P(_mm512_add_##P(s4, s5), _mm512_add_##P(s6, s7)));      \
        t = _mm512_add_##P(t, _mm512_add_##P(_mm512_add_##P(s8, s9), _mm512_add_##P(s10, s11)));   \
        sink = _mm512_reduce_add_##P(t);                                                           \
        return NULL;                                                                               \
    }
L1_AVX512(l1_avx512, __m512d, pd)
L1_AVX512(l1_avx512_f32, __m512, ps)

__attribute__((target("avx2"))) static void *add_avx2(void *arg) {
    (void)arg;
    __m256d x = _mm256_set1_pd(1e-9);
    ACC12(__m256d, _mm256_set1_pd);
    for (long i = 0; i < iters; i++) {
        __asm__ volatile("" : "+x"(x));
        s0 = _mm256_add_pd(s0, x); s1 = _mm256_add_pd(s1, x); s2 = _mm256_add_pd(s2, x); s3 = _mm256_add_pd(s3, x);
        s4 = _mm256_add_pd(s4, x); s5 = _mm256_add_pd(s5, x); s6 = _mm256_add_pd(s6, x); s7 = _mm256_add_pd(s7, x);
        s8 = _mm256_add_pd(s8, x); s9 = _mm256_add_pd(s9, x); s10 = _mm256_add_pd(s10, x); s11 = _mm256_add_pd(s11, x);
    }
    __m256d t = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(s0, s1), _mm256_add_pd(s2, s3)),
                              _mm256_add_pd(_mm256_add_pd(s4, s5), _mm256_add_pd(s6, s7)));
    t = _mm256_add_pd(t, _mm256_add_pd(_mm256_add_pd(s8, s9), _mm256_add_pd(s10, s11)));
    double v[4]; _mm256_storeu_pd(v, t); sink = v[0] + v[1] + v[2] + v[3];
    return NULL;
}

// Runs `body` on `threads` threads; returns seconds.
static double run(void *(*body)(void *), int threads) {
    pthread_t t[64];
    double t0 = now();
    for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, body, NULL);
    for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
    return now() - t0;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 2;
    double target = argc > 2 ? atof(argv[2]) : 1.0;
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2")) { printf("{\"avx2\": false}\n"); return 0; }
    // Calibrate the iteration count to about `target` seconds, then take the best of 3.
    while (run(l1_avx2, 1) < target / 4) iters *= 2;
    double best_l1 = 1e30, best_add = 1e30;
    for (int r = 0; r < 3; r++) {
        double s = run(l1_avx2, threads); if (s < best_l1) best_l1 = s;
        s = run(add_avx2, threads); if (s < best_add) best_add = s;
    }
    double l1 = (double)threads * iters * 12 * 4 / best_l1;    // |a−b| accumulations per second
    double add = (double)threads * iters * 12 * 4 / best_add;  // double additions per second
    double l1_512 = 0, l1_512f = 0;
    if (__builtin_cpu_supports("avx512f")) {
        double best = 1e30, bestf = 1e30;
        for (int r = 0; r < 3; r++) {
            double s = run(l1_avx512, threads); if (s < best) best = s;
            s = run(l1_avx512_f32, threads); if (s < bestf) bestf = s;
        }
        l1_512 = (double)threads * iters * 12 * 8 / best;
        l1_512f = (double)threads * iters * 12 * 16 / bestf;
    }
    printf("{\"threads\": %d, \"avx2_l1_per_s\": %.4e, \"avx2_add_per_s\": %.4e, \"avx512_l1_per_s\": %.4e, "
           "\"avx512_l1_f32_per_s\": %.4e}\n", threads, l1, add, l1_512, l1_512f);
    return 0;
}
