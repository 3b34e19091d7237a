/* Memory transfers through a MEM-AP (reference §4.2, §6.1-§6.3).
 *
 * One generic loop splits a request into commands the probe accepts:
 * an unaligned head and tail in 8-bit, the middle in the requested width;
 * no command longer than the probe's limit (8-bit: 64, V3J6+: 512;
 * 16/32-bit: 6144) and none crossing a 1 KB boundary (ADIv5 only promises
 * TAR auto-increment inside 1 KB; OpenOCD splits there too).  After each
 * command GETLASTRWSTATUS2 (V2J15+/V3) or GETLASTRWSTATUS gives its status
 * and the faulting address; WAIT resends the chunk with backoff (§5.2). */
#include <string.h>

#include "stlink/stlink_internal.h"

#define TAR_BLOCK 1024u          /* §6.3 */
#define MAX_RW8 64u              /* §6.1: one full-speed packet */
#define MAX_RW8_V3 512u          /* §6.1: V3J6+ */
#define MAX_RW16_32 6144u        /* §6.1: the probe's internal buffer */
#define READ8_MIN_REPLY 2u       /* §1.3: a 1-byte 8-bit read returns 2 bytes */
#define CLOCKS_PER_BYTE 16u      /* generous: ~46 SWD clocks per 32-bit word */

enum mem_width { W8, W16, W32, W_COUNT };

struct mem_op {
    uint8_t sub;
    const char *name;
    unsigned bytes;
};

static const struct mem_op reads[W_COUNT] = {
    [W8] = { .sub = STLINK_DEBUG_READMEM_8BIT, .name = "READMEM_8BIT", .bytes = 1 },
    [W16] = { .sub = STLINK_DEBUG_APIV2_READMEM_16BIT, .name = "READMEM_16BIT", .bytes = 2 },
    [W32] = { .sub = STLINK_DEBUG_READMEM_32BIT, .name = "READMEM_32BIT", .bytes = 4 },
};
static const struct mem_op writes[W_COUNT] = {
    [W8] = { .sub = STLINK_DEBUG_WRITEMEM_8BIT, .name = "WRITEMEM_8BIT", .bytes = 1 },
    [W16] = { .sub = STLINK_DEBUG_APIV2_WRITEMEM_16BIT, .name = "WRITEMEM_16BIT", .bytes = 2 },
    [W32] = { .sub = STLINK_DEBUG_WRITEMEM_32BIT, .name = "WRITEMEM_32BIT", .bytes = 4 },
};

size_t stlink_max_transfer(const struct stlink *st, unsigned size)
{
    if (size >= 2)
        return MAX_RW16_32;
    return stlink_has(st, STLINK_F_MEM8_512) ? MAX_RW8_V3 : MAX_RW8;
}

int stlink_mem_select_ap(struct stlink *st, uint8_t ap)
{
    if (ap != 0) {
        /* OpenOCD ties AP != 0 in memory commands to the CSW gate (§4.2) */
        int err = stlink_require(st, STLINK_F_DP_BANK, "memory access through AP != 0");
        if (err != SD_OK)
            return err;
    }
    st->mem_ap = ap;
    return SD_OK;
}

/* Status of the last memory command; *fault the address it faulted at
 * (0 when the firmware cannot say). */
static int last_rw_status(struct stlink *st, uint8_t *status, uint32_t *fault)
{
    uint8_t rep[STLINK_REPLY_RWSTATUS2];
    struct stlink_cmd c;
    int v2 = stlink_has(st, STLINK_F_RW_STATUS2);
    if (v2)
        stlink_cmd_debug(&c, STLINK_DEBUG_APIV2_GETLASTRWSTATUS2, "GETLASTRWSTATUS2");
    else
        stlink_cmd_debug(&c, STLINK_DEBUG_APIV2_GETLASTRWSTATUS, "GETLASTRWSTATUS");
    int err = stlink_xfer(st, &c, NULL, 0, rep, v2 ? STLINK_REPLY_RWSTATUS2 : STLINK_REPLY_STATUS);
    if (err != SD_OK)
        return err;
    *status = rep[0];
    *fault = v2 ? stlink_get_u32(rep + STLINK_RWSTATUS2_FAULT_ADDR) : 0;
    return SD_OK;
}

static unsigned chunk_timeout(const struct stlink *st, size_t len)
{
    unsigned khz = st->speed_khz ? st->speed_khz : 1;
    return STLINK_TIMEOUT_MS + (unsigned)(len * CLOCKS_PER_BYTE / khz);
}

static int chunk_status(struct stlink *st, const struct stlink_cmd *c, uint8_t status,
                        uint32_t fault)
{
    if (status == STLINK_STATUS_OK || status == STLINK_STATUS_WRITE_VERIF_ERROR)
        return SD_OK;
    if (fault)
        return sd_fail(st->s, stlink_status_error(status), SD_LOG_STLINK,
                       "%s: status 0x%02x %s at 0x%08x", c->label, status,
                       stlink_status_name(status), fault);
    return stlink_fail_status(st, status, c->label);
}

/* One memory command of at most the probe's limit, with its status query. */
static int mem_chunk(struct stlink *st, const struct mem_op *op, int write, uint32_t addr,
                     uint8_t *buf, size_t len)
{
    struct stlink_cmd c;
    stlink_cmd_debug(&c, op->sub, op->name);
    stlink_cmd_u32(&c, addr);
    stlink_cmd_u16(&c, (uint16_t)len);
    stlink_cmd_u8(&c, st->mem_ap);
    stlink_cmd_context(&c, "at 0x%08x (%zu bytes)", addr, len);
    c.timeout_ms = chunk_timeout(st, len);

    uint8_t pair[READ8_MIN_REPLY];
    int single = !write && len < READ8_MIN_REPLY;
    for (unsigned attempt = 0;; attempt++) {
        int err = write ? stlink_xfer(st, &c, buf, len, NULL, 0)
                        : stlink_xfer(st, &c, NULL, 0, single ? pair : buf,
                                      single ? READ8_MIN_REPLY : len);
        uint8_t status = 0;
        uint32_t fault = 0;
        if (err == SD_OK)
            err = last_rw_status(st, &status, &fault);
        if (err != SD_OK)
            return err;
        if (!stlink_status_is_wait(status)) {
            if (single)
                buf[0] = pair[0];
            return chunk_status(st, &c, status, fault);
        }
        if (attempt == STLINK_WAIT_RETRIES)
            return sd_fail(st->s, SD_ERR_TARGET_WAIT, SD_LOG_STLINK,
                           "%s: status 0x%02x %s after %u attempts", c.label, status,
                           stlink_status_name(status), attempt + 1);
        stlink_backoff(st, attempt);
    }
}

static size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* Run [addr, addr+len) in `w` commands (len a multiple of the width). */
static int mem_run(struct stlink *st, enum mem_width w, int write, uint32_t addr, uint8_t *buf,
                   size_t len)
{
    const struct mem_op *op = write ? &writes[w] : &reads[w];
    size_t max = stlink_max_transfer(st, op->bytes);
    while (len) {
        size_t to_block = TAR_BLOCK - (addr % TAR_BLOCK);
        size_t n = min_size(min_size(len, max), to_block);
        int err = mem_chunk(st, op, write, addr, buf, n);
        if (err != SD_OK)
            return err;
        addr += (uint32_t)n;
        buf += n;
        len -= n;
    }
    return SD_OK;
}

static int mem_access(struct stlink *st, unsigned size, int write, uint32_t addr, uint8_t *buf,
                      size_t len)
{
    if (size != 1 && size != 2 && size != 4)
        return sd_fail(st->s, SD_ERR_INVALID_ARG, SD_LOG_STLINK,
                       "memory access of %u bytes per transfer (1, 2 or 4)", size);
    if (len == 0)
        return SD_OK;   /* §4.2: hosts never send length 0 */
    if ((uint64_t)addr + len - 1 > UINT32_MAX)
        return sd_fail(st->s, SD_ERR_OUT_OF_RANGE, SD_LOG_STLINK,
                       "0x%08x + %zu bytes wraps past 0xffffffff", addr, len);
    int err = stlink_ap_ensure(st, st->mem_ap);
    if (err != SD_OK)
        return err;
    enum mem_width w = size == 4 ? W32 : size == 2 ? W16 : W8;
    if (w == W16 && !stlink_has(st, STLINK_F_MEM_16BIT))
        w = W8;   /* before V2J26: bytes, as OpenOCD and pyOCD do (§6.2) */
    if (w == W8)
        return mem_run(st, W8, write, addr, buf, len);

    size_t head = (size - addr % size) % size;
    head = min_size(head, len);
    size_t middle = (len - head) / size * size;
    size_t tail = len - head - middle;
    if (head && (err = mem_run(st, W8, write, addr, buf, head)) != SD_OK)
        return err;
    if (middle && (err = mem_run(st, w, write, addr + (uint32_t)head, buf + head, middle)) != SD_OK)
        return err;
    if (tail)
        err = mem_run(st, W8, write, addr + (uint32_t)(head + middle), buf + head + middle, tail);
    return err;
}

int stlink_mem_read(struct stlink *st, unsigned size, uint32_t addr, uint8_t *buf, size_t len)
{
    return mem_access(st, size, 0, addr, buf, len);
}

int stlink_mem_write(struct stlink *st, unsigned size, uint32_t addr, const uint8_t *buf,
                     size_t len)
{
    /* the buffer is only read on writes; mem_access shares the read path */
    return mem_access(st, size, 1, addr, (uint8_t *)(uintptr_t)buf, len);
}
