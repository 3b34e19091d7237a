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
    /* The loader counts whole flash words (32 bytes on H7): the last one
     * may run past the image; never report more than the total. */
    uint64_t at = p->base + done;
    if (p->opt && p->opt->progress)
        p->opt->progress(p->opt->progress_user, p->phase, at < p->total ? at : p->total,
                         p->total);
}

static void loader_progress(void *user, size_t done, size_t total)
{
    (void)total;
    report(user, done);
}

/* Sectors are compared, erased and programmed in chunks: a run of
 * consecutive sectors the image touches, at least CHUNK_MIN bytes unless
 * the run is shorter.  Pages of 128 B (L0) to 2 KiB (F1, L4) would
 * otherwise cost one CRC run and one loader start each. */
#define CHUNK_MIN (16u * 1024u)
#define SAMPLE_BYTES 64u

struct chunk {
    unsigned first, count;  /* sectors */
    uint32_t addr, size;
};

/* The content a chunk must hold: the image where it has data, erased
 * elsewhere.  Returns how many bytes the image gives. */
static size_t wanted_content(struct sd_target *t, const struct sd_image *img,
                             const struct chunk *k, uint8_t *buf)
{
    return sd_image_extract(img, k->addr, buf, k->size, stm32_erased_byte(&t->chip));
}

/* Does the chunk already hold exactly `want`?  Compared by CRC computed on
 * the target, so nothing crosses USB but the answer. */
static int chunk_matches(struct sd_target *t, const struct chunk *k, const uint8_t *want,
                         int *match)
{
    /* A first look at the chunk's start settles most mismatches (a blank
     * chip, another firmware) in one USB round trip, without running the
     * CRC over the whole chunk at the reset clock (4 MHz on L4/L5/U5). */
    uint8_t head[SAMPLE_BYTES];
    uint32_t n = k->size < SAMPLE_BYTES ? k->size : SAMPLE_BYTES;
    int rc = arm_mem_read(&t->core, k->addr, head, n);
    if (rc)
        return rc;
    if (memcmp(head, want, n) != 0) {
        *match = 0;
        return SD_OK;
    }
    uint32_t on_chip;
    rc = stm32_target_crc32(&t->chip, k->addr, k->size, &on_chip);
    if (!rc)
        *match = on_chip == sd_crc32(0, want, k->size);
    return rc;
}

static int check_image_fits(struct sd_target *t, const struct sd_image *img)
{
    return sd_image_check_range(t->s, img, t->chip.part->flash_base, stm32_flash_end(&t->chip),
                                "the chip's flash");
}

static bool sector_touched(const struct sd_image *img, const struct stm32_sector *s)
{
    return sd_image_extract(img, s->addr, NULL, s->size, 0) > 0;
}

/* Split the sectors the image touches into chunks.  Returns the count. */
static size_t plan_chunks(const struct stm32_chip *c, const struct sd_image *img,
                          struct chunk *out)
{
    size_t n = 0;
    for (unsigned i = 0; i < c->n_sectors; i++) {
        const struct stm32_sector *s = &c->sectors[i];
        if (!sector_touched(img, s))
            continue;
        struct chunk *k = n ? &out[n - 1] : NULL;
        bool extend = k && k->first + k->count == i && k->addr + k->size == s->addr &&
                      k->size < CHUNK_MIN;
        if (extend) {
            k->count++;
            k->size += s->size;
        } else {
            out[n++] = (struct chunk){ .first = i, .count = 1, .addr = s->addr, .size = s->size };
        }
    }
    return n;
}

/* Program the image's bytes in one chunk, in runs between gaps, padded to
 * the program unit with the erased value (which leaves cells alone). */
static int program_chunk(struct sd_target *t, const struct chunk *k, const uint8_t *want,
                         struct progress *p, uint64_t *programmed)
{
    uint32_t unit = t->chip.part->flash->program_unit(&t->chip);
    uint8_t erased = stm32_erased_byte(&t->chip);
    uint32_t off = 0;
    while (off < k->size) {
        while (off < k->size && want[off] == erased)
            off++;
        uint32_t end = off;
        /* A run ends at 64 erased bytes: not worth programming. */
        uint32_t gap = 0;
        while (end < k->size && gap < 64) {
            gap = want[end] == erased ? gap + 1 : 0;
            end++;
        }
        end -= gap;
        if (end <= off)
            break;
        uint32_t lo = off & ~(unit - 1), hi = (end + unit - 1) & ~(unit - 1);
        if (hi > k->size)
            hi = k->size;
        p->base = *programmed;
        int rc = stm32_program_with_loader(&t->chip, k->addr + lo, want + lo, hi - lo,
                                           loader_progress, p);
        if (rc)
            return rc;
        *programmed += hi - lo;
        off = hi;
    }
    return SD_OK;
}

static int erase_chunk(struct sd_target *t, const struct chunk *k, struct progress *p,
                       struct sd_flash_report *r)
{
    struct stm32_chip *c = &t->chip;
    for (unsigned i = k->first; i < k->first + k->count; i++) {
        const struct stm32_sector *s = &c->sectors[i];
        sd_log(t->s, SD_LOG_INFO, SD_LOG_FLASH, "erasing sector %u (0x%08x, %u bytes)", s->id,
               s->addr, s->size);
        int rc = c->part->flash->erase_sector(c, s);
        if (rc)
            return rc;
        r->sectors_erased++;
        report(p, r->sectors_erased);
    }
    return SD_OK;
}

static int erase_and_program(struct sd_target *t, const struct sd_image *img,
                             const struct sd_flash_options *opt, struct sd_flash_report *r)
{
    const struct stm32_flash_ops *f = t->chip.part->flash;
    struct stm32_chip *c = &t->chip;
    struct chunk *chunks = calloc(c->n_sectors ? c->n_sectors : 1, sizeof *chunks);
    bool *todo = calloc(c->n_sectors ? c->n_sectors : 1, sizeof *todo);
    size_t n = chunks && todo ? plan_chunks(c, img, chunks) : 0;
    uint32_t biggest = 0;
    for (size_t i = 0; i < n; i++)
        if (chunks[i].size > biggest)
            biggest = chunks[i].size;
    uint8_t *want = malloc(biggest ? biggest : 1);
    if (!chunks || !todo || !want) {
        free(chunks), free(todo), free(want);
        return SD_ERR_NO_MEMORY;
    }
    int rc = f->unlock(c);
    struct progress p = { .opt = opt, .phase = "erase", .total = c->n_sectors };
    if (!rc && opt->erase_all) {
        rc = f->mass_erase(c);
        r->sectors_erased = c->n_sectors;
    }
    /* Which chunks need work: erase them now, program them after. */
    for (size_t i = 0; !rc && i < n; i++) {
        wanted_content(t, img, &chunks[i], want);
        int match = 0;
        if (!opt->erase_all)
            rc = chunk_matches(t, &chunks[i], want, &match);
        if (rc)
            break;
        if (match) {
            r->sectors_skipped += chunks[i].count;
            continue;
        }
        todo[i] = true;
        if (!opt->erase_all)
            rc = erase_chunk(t, &chunks[i], &p, r);
    }
    p.phase = "program";
    p.total = 0;
    for (size_t i = 0; i < n; i++)
        if (todo[i])
            p.total += wanted_content(t, img, &chunks[i], want);
    uint64_t programmed = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        if (!todo[i])
            continue;
        wanted_content(t, img, &chunks[i], want);
        rc = program_chunk(t, &chunks[i], want, &p, &programmed);
    }
    r->bytes_programmed = programmed;
    int lock_rc = f->lock(c);
    free(chunks), free(todo), free(want);
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
        rc = ops_halt_for_operation(t);
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
