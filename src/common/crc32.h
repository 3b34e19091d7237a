/* CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320): the checksum the
 * target's crc32 loader computes, so host and target can compare memory
 * without moving it over USB. */
#ifndef SD_CRC32_H
#define SD_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* Continue a CRC: start with crc = 0 for a new one. */
uint32_t sd_crc32(uint32_t crc, const void *data, size_t len);

#endif
