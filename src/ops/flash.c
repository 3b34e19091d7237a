/* Programming an image: plan (which sectors, which already hold the
 * image), erase, program through the RAM loader, verify, reset. */
#include <stdlib.h>
#include <string.h>

#include "common/crc32.h"
#include "common/session_internal.h"
#include "ops/target_internal.h"

struct progress {
    const struct sd_flash_options *opt;
    const char *phase;
    uint64_t base, total;
};

static void report(struct progress *p, uint64_t done)
{
    if (p->opt && p->opt->progress)
        p->opt->progress(p->opt->progress_user, p->phase, p->base + done, p->total);
}

static void loader_progress(void *user, size_t done, size_t total)
{
    (void)total;
    report(user, done);
}

/* The content a sector must hold: the image where it has data, erased
 * (0xFF) elsewhere.  Returns how many bytes the image gives. */
static size_t wanted_content(const struct sd_image *img, const struct stm32_sector *s, uint8_t *buf)
{
    return sd_image_extract(img, s->addr, buf, s->size, 0xFF);
}

/* Does the sector already hold exactly `want`?  Compared by CRC computed
 * on the target, so nothing crosses USB but the answer. */
static int sector_matches(struct sd_target *t, const struct stm32_sector *s, const uint8_t *want,
                          int *match)
{
    uint32_t on_chip;
    int rc = stm32_target_crc32(&t->chip, s->addr, s->size, &on_chip);
    if (!rc)
        *match = on_chip == sd_crc32(0, want, s->size);
    return rc;
}

static int check_image_fits(struct sd_target *t, const struct sd_image *img)
{
    return sd_image_check_range(t->s, img, t->chip.part->flash_base, stm32_flash_end(&t->chip),
                                "the chip's flash");
}

/* Program the image's bytes in one sector, in runs between gaps, padded
 * to the program unit with 0xFF (which leaves erased bits alone). */
static int program_sector(struct sd_target *t, const struct stm32_sector *s, const uint8_t *want,
                          struct progress *p, uint64_t *programmed)
{
    uint32_t unit = t->chip.part->flash->program_unit(&t->chip);
    uint32_t off = 0;
    while (off < s->size) {
        while (off < s->size && want[off] == 0xFF)
            off++;
        uint32_t end = off;
        /* A run ends at 64 bytes of 0xFF: not worth programming. */
        uint32_t ff = 0;
        while (end < s->size && ff < 64) {
            ff = want[end] == 0xFF ? ff + 1 : 0;
            end++;
        }
        end -= ff;
        if (end <= off)
            break;
        uint32_t lo = off & ~(unit - 1), hi = (end + unit - 1) & ~(unit - 1);
        p->base = *programmed;
        int rc = stm32_program_with_loader(&t->chip, s->addr + lo, want + lo, hi - lo,
                                           loader_progress, p);
        if (rc)
            return rc;
        *programmed += hi - lo;
        off = hi;
    }
    return SD_OK;
}

static int erase_and_program(struct sd_target *t, const struct sd_image *img,
                             const struct sd_flash_options *opt, struct sd_flash_report *r)
{
    const struct stm32_flash_ops *f = t->chip.part->flash;
    struct stm32_chip *c = &t->chip;
    uint32_t biggest = 0;
    for (unsigned i = 0; i < c->n_sectors; i++)
        if (c->sectors[i].size > biggest)
            biggest = c->sectors[i].size;
    uint8_t *want = malloc(biggest);
    if (!want)
        return SD_ERR_NO_MEMORY;
    int rc = f->unlock(c);
    struct progress p = { .opt = opt, .phase = "erase", .total = c->n_sectors };
    if (!rc && opt->erase_all) {
        rc = f->mass_erase(c);
        r->sectors_erased = c->n_sectors;
    }
    /* Which sectors the image touches, and whether each needs work. */
    unsigned todo[STM32_MAX_SECTORS], n_todo = 0;
    for (unsigned i = 0; !rc && i < c->n_sectors; i++) {
        const struct stm32_sector *s = &c->sectors[i];
        if (!wanted_content(img, s, want))
            continue;
        int match = 0;
        if (!opt->erase_all)
            rc = sector_matches(t, s, want, &match);
        if (rc)
            break;
        if (match) {
            r->sectors_skipped++;
            continue;
        }
        if (!opt->erase_all) {
            sd_log(t->s, SD_LOG_INFO, SD_LOG_FLASH, "erasing sector %u (0x%08x, %u KiB)", s->id,
                   s->addr, s->size / 1024);
            rc = f->erase_sector(c, s);
            r->sectors_erased++;
            report(&p, r->sectors_erased);
        }
        todo[n_todo++] = i;
    }
    p.phase = "program";
    p.total = 0;
    for (unsigned k = 0; k < n_todo; k++)
        p.total += sd_image_extract(img, c->sectors[todo[k]].addr, want, c->sectors[todo[k]].size, 0xFF);
    uint64_t programmed = 0;
    for (unsigned k = 0; !rc && k < n_todo; k++) {
        const struct stm32_sector *s = &c->sectors[todo[k]];
        wanted_content(img, s, want);
        rc = program_sector(t, s, want, &p, &programmed);
    }
    r->bytes_programmed = programmed;
    int lock_rc = f->lock(c);
    free(want);
    return rc ? rc : lock_rc;
}

int sd_flash(struct sd_target *t, const struct sd_image *img, const struct sd_flash_options *opt_in,
             struct sd_flash_report *report_out)
{
    if (!t || !img)
        return SD_ERR_INVALID_ARG;
    sd_session_clear_error(t->s);
    struct sd_flash_options opt = { 0 };
    if (opt_in)
        opt = *opt_in;
    struct sd_flash_report r = { .bytes_total = sd_image_size(img) };

    int rc = check_image_fits(t, img);
    if (!rc)
        rc = ops_check_unprotected(t, "program the flash");
    if (!rc)
        rc = ops_prepare_halted(t);
    if (!rc)
        rc = erase_and_program(t, img, &opt, &r);
    if (!rc && !opt.no_verify) {
        uint32_t diff;
        rc = sd_verify(t, img, opt.progress, opt.progress_user, &diff);
        r.verified = rc == SD_OK;
    }
    if (!rc && !opt.no_reset)
        rc = arm_reset(&t->core, ARM_RESET_SYSTEM, false);
    if (report_out)
        *report_out = r;
    return rc;
}
