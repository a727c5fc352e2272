// CRC-32C with the SSE4.2 CRC32 instruction: the record-batch checksum is on the produce and
// fetch hot paths, and the instruction is several times faster than table lookups.
#include "kafkit_crc32c.h"
#include <string.h>
#include <pthread.h>

#if defined(__x86_64__)
int kafkit_crc32c_hw_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse4.2") ? 1 : 0;
}

// The CRC32 instruction has a latency of three cycles and a throughput of one per cycle, so one
// dependent chain uses a third of it. Long inputs run three chains over three adjacent blocks
// and join them by shifting a chain's register over the following block's length: a linear map
// on the register, tabulated once (Mark Adler's method, as in zlib's crc32_combine).
#define CRC32C_POLY 0x82f63b78u
#define CRC32C_LONG 8192
#define CRC32C_SHORT 256

static uint32_t crc32c_long_shift[4][256];
static uint32_t crc32c_short_shift[4][256];
static pthread_once_t crc32c_shift_once = PTHREAD_ONCE_INIT;

static uint32_t gf2_matrix_times(const uint32_t *mat, uint32_t vec) {
    uint32_t sum = 0;
    while (vec) {
        if (vec & 1) sum ^= *mat;
        vec >>= 1;
        mat++;
    }
    return sum;
}

static void gf2_matrix_square(uint32_t *square, const uint32_t *mat) {
    for (int n = 0; n < 32; n++) square[n] = gf2_matrix_times(mat, mat[n]);
}

// The operator that feeds `length` zero bytes (a power of two) through a CRC register.
static void crc32c_zeros_operator(uint32_t *even, size_t length) {
    uint32_t odd[32];
    uint32_t row = 1;
    odd[0] = CRC32C_POLY;  // one zero bit
    for (int n = 1; n < 32; n++) {
        odd[n] = row;
        row <<= 1;
    }
    gf2_matrix_square(even, odd);  // two zero bits
    gf2_matrix_square(odd, even);  // four zero bits
    do {
        gf2_matrix_square(even, odd);  // eight zero bits (one byte) on the first pass, then doubling
        length >>= 1;
        if (length == 0) return;
        gf2_matrix_square(odd, even);
        length >>= 1;
    } while (length);
    for (int n = 0; n < 32; n++) even[n] = odd[n];
}

static void crc32c_shift_table(uint32_t table[4][256], size_t length) {
    uint32_t op[32];
    crc32c_zeros_operator(op, length);
    for (uint32_t n = 0; n < 256; n++) {
        table[0][n] = gf2_matrix_times(op, n);
        table[1][n] = gf2_matrix_times(op, n << 8);
        table[2][n] = gf2_matrix_times(op, n << 16);
        table[3][n] = gf2_matrix_times(op, n << 24);
    }
}

static void crc32c_init_shift_tables(void) {
    crc32c_shift_table(crc32c_long_shift, CRC32C_LONG);
    crc32c_shift_table(crc32c_short_shift, CRC32C_SHORT);
}

static inline uint32_t crc32c_shift(const uint32_t table[4][256], uint32_t crc) {
    return table[0][crc & 0xff] ^ table[1][(crc >> 8) & 0xff] ^ table[2][(crc >> 16) & 0xff] ^ table[3][crc >> 24];
}

__attribute__((target("sse4.2")))
static inline uint64_t crc32c_word(uint64_t crc, const unsigned char *p) {
    uint64_t word;
    memcpy(&word, p, 8);
    return __builtin_ia32_crc32di(crc, word);
}

// Three chains over blocks of `block` bytes while at least three blocks remain.
__attribute__((target("sse4.2")))
static inline uint64_t crc32c_three_chains(uint64_t c0, const unsigned char **data, size_t *length, size_t block,
                                           const uint32_t shift[4][256]) {
    const unsigned char *p = *data;
    while (*length >= 3 * block) {
        uint64_t c1 = 0, c2 = 0;
        const unsigned char *end = p + block;
        do {
            c0 = crc32c_word(c0, p);
            c1 = crc32c_word(c1, p + block);
            c2 = crc32c_word(c2, p + 2 * block);
            p += 8;
        } while (p < end);
        c0 = crc32c_shift(shift, (uint32_t)c0) ^ c1;
        c0 = crc32c_shift(shift, (uint32_t)c0) ^ c2;
        p += 2 * block;
        *length -= 3 * block;
    }
    *data = p;
    return c0;
}

__attribute__((target("sse4.2")))
uint32_t kafkit_crc32c_hw(uint32_t crc, const void *data, size_t length) {
    const unsigned char *p = (const unsigned char *)data;
    uint64_t c0 = crc;
    if (length >= 3 * CRC32C_SHORT) {
        pthread_once(&crc32c_shift_once, crc32c_init_shift_tables);
        c0 = crc32c_three_chains(c0, &p, &length, CRC32C_LONG, crc32c_long_shift);
        c0 = crc32c_three_chains(c0, &p, &length, CRC32C_SHORT, crc32c_short_shift);
    }
    while (length >= 8) {
        c0 = crc32c_word(c0, p);
        p += 8;
        length -= 8;
    }
    uint32_t c32 = (uint32_t)c0;
    while (length > 0) {
        c32 = __builtin_ia32_crc32qi(c32, *p);
        p++;
        length--;
    }
    return c32;
}
#else
int kafkit_crc32c_hw_available(void) { return 0; }
uint32_t kafkit_crc32c_hw(uint32_t crc, const void *data, size_t length) {
    (void)data; (void)length;
    return crc;
}
#endif
