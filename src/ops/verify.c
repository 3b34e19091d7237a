/* Verify and read: comparing by CRC on the target, reading in blocks. */
#include <stdlib.h>
#include <string.h>

#include "common/crc32.h"
#include "common/session_internal.h"
#include "ops/target_internal.h"

#define READ_BLOCK 16384u

int sd_read(struct sd_target *t, uint32_t addr, void *buf, size_t len, sd_progress_fn progress,
            void *user)
{
    if (!t || (!buf && len))
        return SD_ERR_INVALID_ARG;
    sd_session_clear_error(t->s);
    uint32_t flash_lo = t->chip.part->flash_base, flash_hi = stm32_flash_end(&t->chip);
    if (addr < flash_hi && addr + (uint64_t)len > flash_lo) {
        int rc = ops_check_unprotected(t, "read the flash");
        if (rc)
            return rc;
    }
    uint8_t *p = buf;
    for (size_t done = 0; done < len;) {
        size_t n = len - done > READ_BLOCK ? READ_BLOCK : len - done;
        int rc = arm_mem_read(&t->core, addr + (uint32_t)done, p + done, n);
        if (rc)
            return sd_fail(t->s, rc, SD_LOG_OPS, "reading 0x%08x (%zu of %zu bytes read)",
                           addr + (uint32_t)done, done, len);
        done += n;
        if (progress)
            progress(user, "read", done, len);
    }
    return SD_OK;
}

/* Find the first differing byte of a segment by reading it back. */
static int locate_difference(struct sd_target *t, uint32_t addr, const uint8_t *want, size_t len,
                             uint32_t *first_diff)
{
    uint8_t *got = malloc(READ_BLOCK);
    if (!got)
        return SD_ERR_NO_MEMORY;
    int rc = SD_OK;
    for (size_t off = 0; off < len && !rc; off += READ_BLOCK) {
        size_t n = len - off > READ_BLOCK ? READ_BLOCK : len - off;
        rc = arm_mem_read(&t->core, addr + (uint32_t)off, got, n);
        for (size_t i = 0; !rc && i < n; i++)
            if (got[i] != want[off + i]) {
                *first_diff = addr + (uint32_t)(off + i);
                rc = sd_fail(t->s, SD_ERR_VERIFY, SD_LOG_OPS,
                             "flash differs from the image at 0x%08x: 0x%02x on the chip, "
                             "0x%02x in the image", *first_diff, got[i], want[off + i]);
            }
    }
    free(got);
    return rc;
}

int sd_verify(struct sd_target *t, const struct sd_image *img, sd_progress_fn progress,
              void *user, uint32_t *first_diff)
{
    if (!t || !img)
        return SD_ERR_INVALID_ARG;
    sd_session_clear_error(t->s);
    uint32_t dummy;
    if (!first_diff)
        first_diff = &dummy;
    int rc = sd_image_check_range(t->s, img, t->chip.part->flash_base, stm32_flash_end(&t->chip),
                                  "the chip's flash");
    if (!rc)
        rc = ops_check_unprotected(t, "verify the flash");
    if (!rc)
        rc = ops_halt_for_operation(t);
    size_t total = sd_image_size(img), done = 0;
    for (size_t i = 0; !rc && i < sd_image_segment_count(img); i++) {
        uint32_t addr;
        size_t len;
        const uint8_t *data;
        sd_image_segment(img, i, &addr, &len, &data);
        uint32_t on_chip;
        rc = stm32_target_crc32(&t->chip, addr, len, &on_chip);
        if (!rc && on_chip != sd_crc32(0, data, len)) {
            rc = locate_difference(t, addr, data, len, first_diff);
            if (!rc) /* CRCs differ but the bytes read back agree: unstable */
                rc = sd_fail(t->s, SD_ERR_VERIFY, SD_LOG_OPS,
                             "CRC of 0x%08x..0x%08x differs, but a read-back matches: the flash "
                             "content is unstable", addr, addr + (uint32_t)len - 1);
        }
        done += len;
        if (!rc && progress)
            progress(user, "verify", done, total);
    }
    return rc;
}
