/* Target memory at any alignment: the widest accesses the bus allows.
 * Peripheral registers need 32-bit accesses (many ignore byte writes), so
 * aligned words always go as words; only unaligned edges use bytes. */
#include <string.h>

#include "arm.h"
#include "common/session_internal.h"

static int link_read(struct arm_target *t, unsigned width, uint32_t addr, uint8_t *buf,
                     size_t len)
{
    if (!len)
        return SD_OK;
    return t->ops->mem_read(t->link, t->ap, width, addr, buf, len);
}

static int link_write(struct arm_target *t, unsigned width, uint32_t addr, const uint8_t *buf,
                      size_t len)
{
    if (!len)
        return SD_OK;
    return t->ops->mem_write(t->link, t->ap, width, addr, buf, len);
}

/* Split [addr, addr+len) into an unaligned head, aligned words, a tail. */
struct split {
    size_t head, words, tail;
};

static struct split split_range(uint32_t addr, size_t len)
{
    struct split s = { 0 };
    s.head = (4 - (addr & 3)) & 3;
    if (s.head > len)
        s.head = len;
    s.words = (len - s.head) & ~(size_t)3;
    s.tail = len - s.head - s.words;
    return s;
}

int arm_mem_read(struct arm_target *t, uint32_t addr, void *buf, size_t len)
{
    if ((uint64_t)addr + len > 0x100000000ull)
        return sd_fail(t->session, SD_ERR_OUT_OF_RANGE, SD_LOG_CORE,
                       "read of %zu bytes at 0x%08x passes the end of the address space",
                       len, addr);
    uint8_t *p = buf;
    struct split s = split_range(addr, len);
    int rc = link_read(t, 1, addr, p, s.head);
    if (!rc)
        rc = link_read(t, 4, addr + (uint32_t)s.head, p + s.head, s.words);
    if (!rc)
        rc = link_read(t, 1, addr + (uint32_t)(s.head + s.words), p + s.head + s.words, s.tail);
    return rc;
}

int arm_mem_write(struct arm_target *t, uint32_t addr, const void *buf, size_t len)
{
    if ((uint64_t)addr + len > 0x100000000ull)
        return sd_fail(t->session, SD_ERR_OUT_OF_RANGE, SD_LOG_CORE,
                       "write of %zu bytes at 0x%08x passes the end of the address space",
                       len, addr);
    const uint8_t *p = buf;
    struct split s = split_range(addr, len);
    int rc = link_write(t, 1, addr, p, s.head);
    if (!rc)
        rc = link_write(t, 4, addr + (uint32_t)s.head, p + s.head, s.words);
    if (!rc)
        rc = link_write(t, 1, addr + (uint32_t)(s.head + s.words), p + s.head + s.words, s.tail);
    return rc;
}

int arm_read32(struct arm_target *t, uint32_t addr, uint32_t *val)
{
    uint8_t b[4];
    if (addr & 3)
        return sd_fail(t->session, SD_ERR_INVALID_ARG, SD_LOG_CORE,
                       "32-bit read at unaligned address 0x%08x", addr);
    int rc = link_read(t, 4, addr, b, 4);
    if (!rc)
        *val = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return rc;
}

int arm_write32(struct arm_target *t, uint32_t addr, uint32_t val)
{
    uint8_t b[4] = { (uint8_t)val, (uint8_t)(val >> 8), (uint8_t)(val >> 16),
                     (uint8_t)(val >> 24) };
    if (addr & 3)
        return sd_fail(t->session, SD_ERR_INVALID_ARG, SD_LOG_CORE,
                       "32-bit write at unaligned address 0x%08x", addr);
    return link_write(t, 4, addr, b, 4);
}
