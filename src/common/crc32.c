#include "crc32.h"

#define CRC32_POLY 0xEDB88320u

static uint32_t table[256];
static int table_ready;

static void build_table(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (c & 1 ? CRC32_POLY : 0);
        table[i] = c;
    }
    table_ready = 1;
}

uint32_t sd_crc32(uint32_t crc, const void *data, size_t len)
{
    if (!table_ready)
        build_table();
    const uint8_t *p = data;
    crc = ~crc;
    while (len--)
        crc = (crc >> 8) ^ table[(crc ^ *p++) & 0xFFu];
    return ~crc;
}
