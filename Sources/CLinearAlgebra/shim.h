// encmap's window onto OpenBLAS (CBLAS plus its thread controls) and LAPACKE, and onto the CPU
// features encmap uses directly: CPUID, the x86 SHA extensions (SHA-NI) for SHA-256 and AVX2 for ℓ1
// distances.
#ifndef ENCMAP_CLINEARALGEBRA_SHIM_H
#define ENCMAP_CLINEARALGEBRA_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>

/// 1 when the CPU has the SHA extensions (CPUID.(EAX=7,ECX=0):EBX bit 29) together with SSSE3
/// (CPUID.1:ECX bit 9) and SSE4.1 (CPUID.1:ECX bit 19), which the hardware SHA-256 below uses; else 0.
static inline int encmap_cpu_has_sha256(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & (1u << 9)) || !(c & (1u << 19))) return 0;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b & (1u << 29)) ? 1 : 0;
}

// One group of four SHA-256 rounds t = 4i … 4i+3 (FIPS 180-4 §6.2.2 step 3). `cur` holds the
// schedule words W_t (big-endian loaded); sha256rnds2 does two rounds on (ABEF, CDGH) with W_t + K_t in
// the low 64 bits of its third operand. The schedule W_t = σ1(W_{t−2}) + W_{t−7} + σ0(W_{t−15}) + W_{t−16}
// is built four words at a time: sha256msg1 adds σ0, alignr supplies W_{t−7}, sha256msg2 adds σ1.
#define ENCMAP_SHA_ROUNDS(cur, k1, k0) do { \
        __m128i m_ = _mm_add_epi32(cur, _mm_set_epi64x((long long)(k1), (long long)(k0))); \
        s1 = _mm_sha256rnds2_epu32(s1, s0, m_); \
        m_ = _mm_shuffle_epi32(m_, 0x0E); \
        s0 = _mm_sha256rnds2_epu32(s0, s1, m_); \
    } while (0)
#define ENCMAP_SHA_ROUNDS_MSG2(cur, prev, next, k1, k0) do { \
        __m128i m_ = _mm_add_epi32(cur, _mm_set_epi64x((long long)(k1), (long long)(k0))); \
        s1 = _mm_sha256rnds2_epu32(s1, s0, m_); \
        next = _mm_sha256msg2_epu32(_mm_add_epi32(next, _mm_alignr_epi8(cur, prev, 4)), cur); \
        m_ = _mm_shuffle_epi32(m_, 0x0E); \
        s0 = _mm_sha256rnds2_epu32(s0, s1, m_); \
    } while (0)

/// Runs the SHA-256 compression function over `blocks` consecutive 64-byte blocks at `data`, updating
/// the state H0…H7 in `state` (host order), with the SHA-NI instructions. Call only when
/// `encmap_cpu_has_sha256()` returned 1.
__attribute__((target("sha,sse4.1,ssse3")))
static inline void encmap_sha256_ni_blocks(uint32_t *state, const uint8_t *data, size_t blocks) {
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    // (H0..H3), (H4..H7) → the instruction's (A,B,E,F) and (C,D,G,H) lanes.
    __m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(const void *)&state[0]), 0xB1);
    __m128i s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(const void *)&state[4]), 0x1B);
    __m128i s0 = _mm_alignr_epi8(t, s1, 8);
    s1 = _mm_blend_epi16(s1, t, 0xF0);
    for (size_t b = 0; b < blocks; b++, data += 64) {
        const __m128i save0 = s0, save1 = s1;
        __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(data + 0)), swap);
        __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(data + 16)), swap);
        __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(data + 32)), swap);
        __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(data + 48)), swap);
        ENCMAP_SHA_ROUNDS(w0, 0xE9B5DBA5B5C0FBCFULL, 0x71374491428A2F98ULL);
        ENCMAP_SHA_ROUNDS(w1, 0xAB1C5ED5923F82A4ULL, 0x59F111F13956C25BULL);
        w0 = _mm_sha256msg1_epu32(w0, w1);
        ENCMAP_SHA_ROUNDS(w2, 0x550C7DC3243185BEULL, 0x12835B01D807AA98ULL);
        w1 = _mm_sha256msg1_epu32(w1, w2);
        ENCMAP_SHA_ROUNDS_MSG2(w3, w2, w0, 0xC19BF1749BDC06A7ULL, 0x80DEB1FE72BE5D74ULL);
        w2 = _mm_sha256msg1_epu32(w2, w3);
        ENCMAP_SHA_ROUNDS_MSG2(w0, w3, w1, 0x240CA1CC0FC19DC6ULL, 0xEFBE4786E49B69C1ULL);
        w3 = _mm_sha256msg1_epu32(w3, w0);
        ENCMAP_SHA_ROUNDS_MSG2(w1, w0, w2, 0x76F988DA5CB0A9DCULL, 0x4A7484AA2DE92C6FULL);
        w0 = _mm_sha256msg1_epu32(w0, w1);
        ENCMAP_SHA_ROUNDS_MSG2(w2, w1, w3, 0xBF597FC7B00327C8ULL, 0xA831C66D983E5152ULL);
        w1 = _mm_sha256msg1_epu32(w1, w2);
        ENCMAP_SHA_ROUNDS_MSG2(w3, w2, w0, 0x1429296706CA6351ULL, 0xD5A79147C6E00BF3ULL);
        w2 = _mm_sha256msg1_epu32(w2, w3);
        ENCMAP_SHA_ROUNDS_MSG2(w0, w3, w1, 0x53380D134D2C6DFCULL, 0x2E1B213827B70A85ULL);
        w3 = _mm_sha256msg1_epu32(w3, w0);
        ENCMAP_SHA_ROUNDS_MSG2(w1, w0, w2, 0x92722C8581C2C92EULL, 0x766A0ABB650A7354ULL);
        w0 = _mm_sha256msg1_epu32(w0, w1);
        ENCMAP_SHA_ROUNDS_MSG2(w2, w1, w3, 0xC76C51A3C24B8B70ULL, 0xA81A664BA2BFE8A1ULL);
        w1 = _mm_sha256msg1_epu32(w1, w2);
        ENCMAP_SHA_ROUNDS_MSG2(w3, w2, w0, 0x106AA070F40E3585ULL, 0xD6990624D192E819ULL);
        w2 = _mm_sha256msg1_epu32(w2, w3);
        ENCMAP_SHA_ROUNDS_MSG2(w0, w3, w1, 0x34B0BCB52748774CULL, 0x1E376C0819A4C116ULL);
        w3 = _mm_sha256msg1_epu32(w3, w0);
        ENCMAP_SHA_ROUNDS_MSG2(w1, w0, w2, 0x682E6FF35B9CCA4FULL, 0x4ED8AA4A391C0CB3ULL);
        ENCMAP_SHA_ROUNDS_MSG2(w2, w1, w3, 0x8CC7020884C87814ULL, 0x78A5636F748F82EEULL);
        ENCMAP_SHA_ROUNDS(w3, 0xC67178F2BEF9A3F7ULL, 0xA4506CEB90BEFFFAULL);
        s0 = _mm_add_epi32(s0, save0);
        s1 = _mm_add_epi32(s1, save1);
    }
    // (A,B,E,F), (C,D,G,H) → (H0..H3), (H4..H7).
    t = _mm_shuffle_epi32(s0, 0x1B);
    s1 = _mm_shuffle_epi32(s1, 0xB1);
    s0 = _mm_blend_epi16(t, s1, 0xF0);
    s1 = _mm_alignr_epi8(s1, t, 8);
    _mm_storeu_si128((__m128i *)(void *)&state[0], s0);
    _mm_storeu_si128((__m128i *)(void *)&state[4], s1);
}
#undef ENCMAP_SHA_ROUNDS
#undef ENCMAP_SHA_ROUNDS_MSG2

/// 1 when the CPU has AVX2 (CPUID.(EAX=7,ECX=0):EBX bit 5) and AVX (CPUID.1:ECX bit 28) and the OS saves
/// the YMM registers (OSXSAVE, CPUID.1:ECX bit 27, and XCR0 bits 1–2); else 0.
static inline int encmap_cpu_has_avx2(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & (1u << 27)) || !(c & (1u << 28))) return 0;
    unsigned int lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    (void)hi;
    if ((lo & 6u) != 6u) return 0;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b & (1u << 5)) ? 1 : 0;
}

/// ℓ1 sums of a 2×2 block of pairs over `len` doubles: out = {S(a0,b0), S(a1,b0), S(a0,b1), S(a1,b1)},
/// S(x, y) = Σₖ |xₖ − yₖ|. Each pair is summed in exactly the order of the portable kernel: two
/// 4-lane accumulators, the first over k ≡ 0…3 (mod 8), the second over k ≡ 4…7, for the first
/// 8·⌊len/8⌋ elements; then the lanes of their sum added left to right starting from −0; then the
/// remaining elements one by one. |x| clears the sign bit. Each 4-element load of a row serves two
/// pairs. Call only when `encmap_cpu_has_avx2()` returned 1.
__attribute__((target("avx2")))
static inline void encmap_l1_block2x2_f64(const double *a0, const double *a1, const double *b0,
                                          const double *b1, size_t len, double *out) {
    const __m256d mag = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7FFFFFFFFFFFFFFFLL));
    __m256d s00 = _mm256_setzero_pd(), s10 = s00, s01 = s00, s11 = s00;
    __m256d t00 = s00, t10 = s00, t01 = s00, t11 = s00;
    size_t k = 0;
    for (; k + 8 <= len; k += 8) {
        __m256d x0 = _mm256_loadu_pd(a0 + k), x1 = _mm256_loadu_pd(a1 + k);
        __m256d y = _mm256_loadu_pd(b0 + k);
        s00 = _mm256_add_pd(s00, _mm256_and_pd(_mm256_sub_pd(x0, y), mag));
        s10 = _mm256_add_pd(s10, _mm256_and_pd(_mm256_sub_pd(x1, y), mag));
        y = _mm256_loadu_pd(b1 + k);
        s01 = _mm256_add_pd(s01, _mm256_and_pd(_mm256_sub_pd(x0, y), mag));
        s11 = _mm256_add_pd(s11, _mm256_and_pd(_mm256_sub_pd(x1, y), mag));
        x0 = _mm256_loadu_pd(a0 + k + 4); x1 = _mm256_loadu_pd(a1 + k + 4);
        y = _mm256_loadu_pd(b0 + k + 4);
        t00 = _mm256_add_pd(t00, _mm256_and_pd(_mm256_sub_pd(x0, y), mag));
        t10 = _mm256_add_pd(t10, _mm256_and_pd(_mm256_sub_pd(x1, y), mag));
        y = _mm256_loadu_pd(b1 + k + 4);
        t01 = _mm256_add_pd(t01, _mm256_and_pd(_mm256_sub_pd(x0, y), mag));
        t11 = _mm256_add_pd(t11, _mm256_and_pd(_mm256_sub_pd(x1, y), mag));
    }
    double v[4][4];
    _mm256_storeu_pd(v[0], _mm256_add_pd(s00, t00));
    _mm256_storeu_pd(v[1], _mm256_add_pd(s10, t10));
    _mm256_storeu_pd(v[2], _mm256_add_pd(s01, t01));
    _mm256_storeu_pd(v[3], _mm256_add_pd(s11, t11));
    const double *xs[4] = {a0, a1, a0, a1}, *ys[4] = {b0, b0, b1, b1};
    for (int p = 0; p < 4; p++) {
        double s = -0.0;
        s += v[p][0]; s += v[p][1]; s += v[p][2]; s += v[p][3];
        for (size_t r = k; r < len; r++) s += __builtin_fabs(xs[p][r] - ys[p][r]);
        out[p] = s;
    }
}

/// 1 when the CPU has AVX-512F (CPUID.(EAX=7,ECX=0):EBX bit 16) and the OS saves the opmask and ZMM
/// registers (XCR0 bits 1–2 and 5–7), as well as AVX2; else 0.
static inline int encmap_cpu_has_avx512f(void) {
    if (!encmap_cpu_has_avx2()) return 0;
    unsigned int a, b, c, d, lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    (void)hi;
    if ((lo & 0xE6u) != 0xE6u) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b & (1u << 16)) ? 1 : 0;
}

/// ℓ1 sums of a 4×4 block of pairs over `len` doubles with AVX-512: out[u + 4v] = S(a[u], b[v]). One
/// 8-lane accumulator per pair holds, in lanes 0…3 and 4…7, exactly the two 4-lane accumulators of
/// `encmap_l1_block2x2_f64` (k ≡ 0…3 and 4…7 mod 8); its halves are added, then the lanes left to right
/// from −0, then the tail one by one — the same order, hence the same sums. Each 8-element load of a
/// row serves four pairs. Call only when `encmap_cpu_has_avx512f()` returned 1.
__attribute__((target("avx512f")))
static inline void encmap_l1_block4x4_f64(const double *const *a, const double *const *b, size_t len, double *out) {
    const __m512i mag = _mm512_set1_epi64(0x7FFFFFFFFFFFFFFFLL);
    const double *a0 = a[0], *a1 = a[1], *a2 = a[2], *a3 = a[3];
    const double *b0 = b[0], *b1 = b[1], *b2 = b[2], *b3 = b[3];
    __m512d s[16];
    for (int p = 0; p < 16; p++) s[p] = _mm512_setzero_pd();
    size_t k = 0;
    for (; k + 8 <= len; k += 8) {
        __m512d x0 = _mm512_loadu_pd(a0 + k), x1 = _mm512_loadu_pd(a1 + k);
        __m512d x2 = _mm512_loadu_pd(a2 + k), x3 = _mm512_loadu_pd(a3 + k);
#define ENCMAP_ABS512(d) _mm512_castsi512_pd(_mm512_and_si512(_mm512_castpd_si512(d), mag))
#define ENCMAP_L1_COLUMN(v, bv) do { \
            __m512d y_ = _mm512_loadu_pd((bv) + k); \
            s[4 * (v) + 0] = _mm512_add_pd(s[4 * (v) + 0], ENCMAP_ABS512(_mm512_sub_pd(x0, y_))); \
            s[4 * (v) + 1] = _mm512_add_pd(s[4 * (v) + 1], ENCMAP_ABS512(_mm512_sub_pd(x1, y_))); \
            s[4 * (v) + 2] = _mm512_add_pd(s[4 * (v) + 2], ENCMAP_ABS512(_mm512_sub_pd(x2, y_))); \
            s[4 * (v) + 3] = _mm512_add_pd(s[4 * (v) + 3], ENCMAP_ABS512(_mm512_sub_pd(x3, y_))); \
        } while (0)
        ENCMAP_L1_COLUMN(0, b0); ENCMAP_L1_COLUMN(1, b1); ENCMAP_L1_COLUMN(2, b2); ENCMAP_L1_COLUMN(3, b3);
#undef ENCMAP_L1_COLUMN
#undef ENCMAP_ABS512
    }
    for (int p = 0; p < 16; p++) {
        double v[4];
        _mm256_storeu_pd(v, _mm256_add_pd(_mm512_castpd512_pd256(s[p]), _mm512_extractf64x4_pd(s[p], 1)));
        double r = -0.0;
        r += v[0]; r += v[1]; r += v[2]; r += v[3];
        const double *x = a[p & 3], *y = b[p >> 2];
        for (size_t q = k; q < len; q++) r += __builtin_fabs(x[q] - y[q]);
        out[p] = r;
    }
}

/// The single-precision 2×2 block: as `encmap_l1_block2x2_f64` over floats, summing each pair in the order
/// of one 16-lane accumulator over k mod 16 (here two 8-lane ones, k ≡ 0…7 and 8…15), for the first
/// 16·⌊len/16⌋ elements; then its two halves added lanewise, those 8 lanes left to right from −0, then
/// the remaining elements one by one; the sums are float. Call only when `encmap_cpu_has_avx2()`
/// returned 1.
__attribute__((target("avx2")))
static inline void encmap_l1_block2x2_f32(const float *a0, const float *a1, const float *b0,
                                          const float *b1, size_t len, float *out) {
    const __m256 mag = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF));
    __m256 s00 = _mm256_setzero_ps(), s10 = s00, s01 = s00, s11 = s00;
    __m256 t00 = s00, t10 = s00, t01 = s00, t11 = s00;
    size_t k = 0;
    for (; k + 16 <= len; k += 16) {
        __m256 x0 = _mm256_loadu_ps(a0 + k), x1 = _mm256_loadu_ps(a1 + k);
        __m256 y = _mm256_loadu_ps(b0 + k);
        s00 = _mm256_add_ps(s00, _mm256_and_ps(_mm256_sub_ps(x0, y), mag));
        s10 = _mm256_add_ps(s10, _mm256_and_ps(_mm256_sub_ps(x1, y), mag));
        y = _mm256_loadu_ps(b1 + k);
        s01 = _mm256_add_ps(s01, _mm256_and_ps(_mm256_sub_ps(x0, y), mag));
        s11 = _mm256_add_ps(s11, _mm256_and_ps(_mm256_sub_ps(x1, y), mag));
        x0 = _mm256_loadu_ps(a0 + k + 8); x1 = _mm256_loadu_ps(a1 + k + 8);
        y = _mm256_loadu_ps(b0 + k + 8);
        t00 = _mm256_add_ps(t00, _mm256_and_ps(_mm256_sub_ps(x0, y), mag));
        t10 = _mm256_add_ps(t10, _mm256_and_ps(_mm256_sub_ps(x1, y), mag));
        y = _mm256_loadu_ps(b1 + k + 8);
        t01 = _mm256_add_ps(t01, _mm256_and_ps(_mm256_sub_ps(x0, y), mag));
        t11 = _mm256_add_ps(t11, _mm256_and_ps(_mm256_sub_ps(x1, y), mag));
    }
    float v[4][8];
    _mm256_storeu_ps(v[0], _mm256_add_ps(s00, t00)); _mm256_storeu_ps(v[1], _mm256_add_ps(s10, t10));
    _mm256_storeu_ps(v[2], _mm256_add_ps(s01, t01)); _mm256_storeu_ps(v[3], _mm256_add_ps(s11, t11));
    const float *xs[4] = {a0, a1, a0, a1}, *ys[4] = {b0, b0, b1, b1};
    for (int p = 0; p < 4; p++) {
        float s = -0.0f;
        for (int l = 0; l < 8; l++) s += v[p][l];
        for (size_t r = k; r < len; r++) s += __builtin_fabsf(xs[p][r] - ys[p][r]);
        out[p] = s;
    }
}

/// The single-precision 4×4 block with AVX-512: out[u + 4v] = S(a[u], b[v]) in float, one 16-lane
/// accumulator per pair (k mod 16), reduced exactly as `encmap_l1_block2x2_f32`. Call only when
/// `encmap_cpu_has_avx512f()` returned 1.
__attribute__((target("avx512f")))
static inline void encmap_l1_block4x4_f32(const float *const *a, const float *const *b, size_t len, float *out) {
    const __m512i mag = _mm512_set1_epi32(0x7FFFFFFF);
    const float *a0 = a[0], *a1 = a[1], *a2 = a[2], *a3 = a[3];
    __m512 s[16];
    for (int p = 0; p < 16; p++) s[p] = _mm512_setzero_ps();
    size_t k = 0;
    for (; k + 16 <= len; k += 16) {
        __m512 x0 = _mm512_loadu_ps(a0 + k), x1 = _mm512_loadu_ps(a1 + k);
        __m512 x2 = _mm512_loadu_ps(a2 + k), x3 = _mm512_loadu_ps(a3 + k);
#define ENCMAP_ABS512F(d) _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(d), mag))
#define ENCMAP_L1_COLUMN_F(v) do { \
            __m512 y_ = _mm512_loadu_ps(b[v] + k); \
            s[4 * (v) + 0] = _mm512_add_ps(s[4 * (v) + 0], ENCMAP_ABS512F(_mm512_sub_ps(x0, y_))); \
            s[4 * (v) + 1] = _mm512_add_ps(s[4 * (v) + 1], ENCMAP_ABS512F(_mm512_sub_ps(x1, y_))); \
            s[4 * (v) + 2] = _mm512_add_ps(s[4 * (v) + 2], ENCMAP_ABS512F(_mm512_sub_ps(x2, y_))); \
            s[4 * (v) + 3] = _mm512_add_ps(s[4 * (v) + 3], ENCMAP_ABS512F(_mm512_sub_ps(x3, y_))); \
        } while (0)
        ENCMAP_L1_COLUMN_F(0); ENCMAP_L1_COLUMN_F(1); ENCMAP_L1_COLUMN_F(2); ENCMAP_L1_COLUMN_F(3);
#undef ENCMAP_L1_COLUMN_F
#undef ENCMAP_ABS512F
    }
    for (int p = 0; p < 16; p++) {
        float v[8];
        __m256 lo = _mm256_castpd_ps(_mm512_castpd512_pd256(_mm512_castps_pd(s[p])));
        __m256 hi = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(s[p]), 1));
        _mm256_storeu_ps(v, _mm256_add_ps(lo, hi));
        float r = -0.0f;
        for (int l = 0; l < 8; l++) r += v[l];
        const float *x = a[p & 3], *y = b[p >> 2];
        for (size_t q = k; q < len; q++) r += __builtin_fabsf(x[q] - y[q]);
        out[p] = r;
    }
}

/// The walk over one feature chunk of a tile of pairs, in AVX-512 4×4 blocks, as `Distances.accumulate` does it
/// in Swift for the other paths: rows[u] (u < rowCount) against cols[v] (v < colCount), q-vector r starting at
/// x + r·n; blocks of 4 rows by 4 columns, the indices of a last partial block clamped to the last row or
/// column; with `diagonal` (rows = cols) only u < v, the column blocks of row block i starting at i + 1. Each
/// pair's chunk sum S (features k0 ..< k0 + len, summed by the 4×4 block function) is added to acc[u + ld·v]
/// in double: the same sum added in the same order as the Swift walk, so the same bits. Doing the walk here
/// instead of a call from Swift per block saves the per-block call and its bookkeeping. Defined for doubles
/// (`encmap_l1_tile_f64`) and floats (`encmap_l1_tile_f32`). Call only when `encmap_cpu_has_avx512f()` returned 1.
#define ENCMAP_L1_TILE(NAME, T, BLOCK)                                                                              \
    __attribute__((target("avx512f")))                                                                           \
    static inline void NAME(const T *x, intptr_t n, intptr_t k0, intptr_t len, const intptr_t *rows,             \
                            intptr_t rowCount, const intptr_t *cols, intptr_t colCount, int diagonal, double *acc, \
                            intptr_t ld) {                                                                       \
        const T *a[4], *b[4];                                                                                    \
        T out[16];                                                                                               \
        for (intptr_t i = 0; i < rowCount; i += 4) {                                                             \
            for (int u = 0; u < 4; u++) a[u] = x + rows[i + u < rowCount ? i + u : rowCount - 1] * n + k0;       \
            for (intptr_t j = diagonal ? i + 1 : 0; j < colCount; j += 4) {                                      \
                for (int v = 0; v < 4; v++) b[v] = x + cols[j + v < colCount ? j + v : colCount - 1] * n + k0;   \
                BLOCK(a, b, (size_t)len, out);                                                                   \
                for (int v = 0; v < 4 && j + v < colCount; v++)                                                  \
                    for (int u = 0; u < 4 && i + u < rowCount; u++)                                              \
                        if (!diagonal || i + u < j + v) acc[i + u + ld * (j + v)] += (double)out[u + 4 * v];     \
            }                                                                                                    \
        }                                                                                                        \
    }
ENCMAP_L1_TILE(encmap_l1_tile_f64, double, encmap_l1_block4x4_f64)
ENCMAP_L1_TILE(encmap_l1_tile_f32, float, encmap_l1_block4x4_f32)
#undef ENCMAP_L1_TILE

#else
/// No SHA-NI off x86: the portable SHA-256 is used.
static inline int encmap_cpu_has_sha256(void) { return 0; }
static inline void encmap_sha256_ni_blocks(uint32_t *state, const uint8_t *data, size_t blocks) {
    (void)state; (void)data; (void)blocks;
}
/// No AVX2 nor AVX-512 off x86: the portable ℓ1 kernel is used.
static inline int encmap_cpu_has_avx2(void) { return 0; }
static inline int encmap_cpu_has_avx512f(void) { return 0; }
static inline void encmap_l1_block4x4_f64(const double *const *a, const double *const *b, size_t len, double *out) {
    (void)a; (void)b; (void)len; (void)out;
}
static inline void encmap_l1_block4x4_f32(const float *const *a, const float *const *b, size_t len, float *out) {
    (void)a; (void)b; (void)len; (void)out;
}
static inline void encmap_l1_tile_f64(const double *x, intptr_t n, intptr_t k0, intptr_t len,
                                      const intptr_t *rows, intptr_t rowCount, const intptr_t *cols, intptr_t colCount,
                                      int diagonal, double *acc, intptr_t ld) {
    (void)x; (void)n; (void)k0; (void)len; (void)rows; (void)rowCount; (void)cols; (void)colCount; (void)diagonal; (void)acc; (void)ld;
}
static inline void encmap_l1_tile_f32(const float *x, intptr_t n, intptr_t k0, intptr_t len,
                                      const intptr_t *rows, intptr_t rowCount, const intptr_t *cols, intptr_t colCount,
                                      int diagonal, double *acc, intptr_t ld) {
    (void)x; (void)n; (void)k0; (void)len; (void)rows; (void)rowCount; (void)cols; (void)colCount; (void)diagonal; (void)acc; (void)ld;
}
static inline void encmap_l1_block2x2_f64(const double *a0, const double *a1, const double *b0,
                                          const double *b1, size_t len, double *out) {
    (void)a0; (void)a1; (void)b0; (void)b1; (void)len; (void)out;
}
static inline void encmap_l1_block2x2_f32(const float *a0, const float *a1, const float *b0,
                                          const float *b1, size_t len, float *out) {
    (void)a0; (void)a1; (void)b0; (void)b1; (void)len; (void)out;
}
#endif

// ==== OpenBLAS kernel re-selection (begin) ====
// A DYNAMIC_ARCH OpenBLAS picks its kernel table once, in gotoblas_dynamic_init (run by the library's
// constructor), from OPENBLAS_CORETYPE when it is set and else from its own CPU detection;
// gotoblas_dynamic_quit forgets the choice. Both are exported by such builds only, so they are declared
// weak: where the library lacks them their addresses are null and nothing is called.
void gotoblas_dynamic_init(void) __attribute__((weak));
void gotoblas_dynamic_quit(void) __attribute__((weak));

/// Makes OpenBLAS choose its kernel table again, now reading the current OPENBLAS_CORETYPE. Call only
/// before any BLAS or LAPACK call is running (at start-up). Returns 1 when the library could re-select
/// (check openblas_get_corename() for what it chose), 0 when it has no run-time kernel selection.
static inline int encmap_openblas_reselect_kernel(void) {
    if (!gotoblas_dynamic_init || !gotoblas_dynamic_quit) return 0;
    gotoblas_dynamic_quit();
    gotoblas_dynamic_init();
    return 1;
}
// ==== OpenBLAS kernel re-selection (end) ====

#endif
