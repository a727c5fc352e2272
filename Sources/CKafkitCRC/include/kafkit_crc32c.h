#ifndef KAFKIT_CRC32C_H
#define KAFKIT_CRC32C_H
#include <stddef.h>
#include <stdint.h>

/// 1 when the CPU has the SSE4.2 CRC32 instruction (x86-64), else 0.
int kafkit_crc32c_hw_available(void);

/// Continues a CRC-32C over `length` bytes with the CRC32 instruction. `crc` is the running,
/// already-inverted state (start with 0xFFFFFFFF); the caller inverts the result.
/// Only call when kafkit_crc32c_hw_available() returned 1.
uint32_t kafkit_crc32c_hw(uint32_t crc, const void *data, size_t length);
#endif
