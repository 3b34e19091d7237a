/* Protection: read-out protection level, write-protected sectors and the
 * flash controller's error flags, through the flash driver (struct
 * stm32_flash_ops read_protection, ob_read).  Reads only: the doctor never
 * writes an option byte or clears a flag. */
#include <stdio.h>
#include <string.h>

#include "common/session_internal.h"
#include "doctor/doctor_internal.h"
#include "stm32/option_bytes.h"

/* The flash status register and its error flags, per family, as the
 * drivers define them: F0/F1/F3 FLASH_SR 0x0C PGERR 2, WRPRTERR 4 (RM0008
 * §3.4.2, flash_f1.c); F2/F4/F7 FLASH_SR 0x0C OPERR 1, WRPERR 4, PGAERR 5,
 * PGPERR 6, PGSERR 7, RDERR 8 (RM0090 §3.9.4, flash_f2f4.c); L0/L1
 * FLASH_SR 0x18 WRPERR 8, PGAERR 9, SIZERR 10, OPTVERR 11, RDERR 13,
 * NOTZEROERR 16, FWWERR 17 (flash_l0l1.h); L4-class FLASH_SR 0x10 OPERR 1,
 * PROGERR 3, WRPERR 4, PGAERR 5, SIZERR 6, PGSERR 7, MISERR 8, FASTERR 9,
 * RDERR 14, OPTVERR 15 (RM0351 §3.7.4, flash_l4.c); L5/U5 FLASH_NSSR 0x20
 * OPERR 1, PROGERR 3, WRPERR 4, PGAERR 5, SIZERR 6, PGSERR 7, OPTWERR 13
 * (flash_l5u5.c); H7 FLASH_SR1 0x10 WRPERR 17, PGSERR 18, STRBERR 19,
 * INCERR 21, OPERR 22, RDPERR 23, RDSERR 24 (stm32-families.md §2.6,
 * flash_h7.c). */
struct sr_layout {
    const char *families;
    uint32_t off;
    struct stm32_bit_name bits[10];
};

#define B(n, t) { 1u << (n), t }
static const struct sr_layout sr_layouts[] = {
    { "F0 F1 F3", 0x0Cu, { B(2, "PGERR"), B(4, "WRPRTERR") } },
    { "F2 F4 F7", 0x0Cu, { B(1, "OPERR"), B(4, "WRPERR"), B(5, "PGAERR"), B(6, "PGPERR"),
                           B(7, "PGSERR"), B(8, "RDERR") } },
    { "L0 L1", 0x18u, { B(8, "WRPERR"), B(9, "PGAERR"), B(10, "SIZERR"), B(11, "OPTVERR"),
                        B(13, "RDERR"), B(16, "NOTZEROERR"), B(17, "FWWERR") } },
    { "L4 L4+ G0 G4 WB WL C0", 0x10u,
      { B(1, "OPERR"), B(3, "PROGERR"), B(4, "WRPERR"), B(5, "PGAERR"), B(6, "SIZERR"),
        B(7, "PGSERR"), B(8, "MISERR"), B(9, "FASTERR"), B(14, "RDERR"), B(15, "OPTVERR") } },
    { "L5 U5", 0x20u, { B(1, "OPERR"), B(3, "PROGERR"), B(4, "WRPERR"), B(5, "PGAERR"),
                        B(6, "SIZERR"), B(7, "PGSERR"), B(13, "OPTWERR") } },
    { "H7", 0x10u, { B(17, "WRPERR"), B(18, "PGSERR"), B(19, "STRBERR"), B(21, "INCERR"),
                     B(22, "OPERR"), B(23, "RDPERR"), B(24, "RDSERR") } },
};
#undef B

static bool word_in(const char *list, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = list; *p;) {
        size_t k = strcspn(p, " ");
        if (k == n && strncmp(p, w, n) == 0)
            return true;
        p += k;
        p += strspn(p, " ");
    }
    return false;
}

static const struct sr_layout *sr_layout_of(const struct stm32_chip *c)
{
    for (size_t i = 0; c->part && i < sizeof sr_layouts / sizeof sr_layouts[0]; i++)
        if (word_in(sr_layouts[i].families, c->part->family))
            return &sr_layouts[i];
    return NULL;
}

static size_t n_bits(const struct sr_layout *l)
{
    size_t n = 0;
    while (n < sizeof l->bits / sizeof l->bits[0] && l->bits[n].bit)
        n++;
    return n;
}

/* "RDP=0x55 (level 1), option word 0x0fff55ed" from the driver's option
 * bytes; false when the driver cannot read them. */
static bool rdp_text(struct doctor *d, char *buf, size_t len)
{
    const struct stm32_flash_ops *fl = d->chip.part->flash;
    const struct stm32_ob_field *fields = stm32_ob_fields(&d->chip);
    const struct stm32_ob_field *rdp = fields ? stm32_ob_rdp_field(fields) : NULL;
    struct stm32_ob ob;
    memset(&ob, 0, sizeof ob);
    if (!rdp || !fl->ob_read || fl->ob_read(&d->chip, &ob) != SD_OK) {
        sd_session_clear_error(d->s);
        return false;
    }
    char v[48];
    stm32_ob_format(rdp, fl->rdp_value, stm32_ob_get(&ob, rdp), v, sizeof v);
    snprintf(buf, len, "RDP %s; option register value 0x%08x", v, ob.word[rdp->word]);
    return true;
}

static void rdp_finding(struct doctor *d, int level)
{
    char text[120];
    bool have = rdp_text(d, text, sizeof text);
    struct sd_finding *f;
    if (level == 2) {
        f = doctor_find(d, "rdp-level-1", SD_CONFIDENCE_CERTAIN,
                        "the flash is read-protected at level 2, which is permanent: no "
                        "debugger can read, write or erase it, ever");
        f->recoverable = 0;
        doctor_fix(f, "Nothing can undo RDP level 2 (by design): replace the chip.");
    } else {
        f = doctor_find(d, "rdp-level-1", SD_CONFIDENCE_CERTAIN,
                        "the flash is read-protected (RDP level 1): the debugger may not read "
                        "or write it");
    }
    doctor_evidence(f, "option bytes", "%s", have ? text : level == 2 ? "RDP level 2"
                                                                        : "RDP level 1");
    uint32_t w;
    if (level == 1 && arm_read32(&d->core, d->chip.part->flash_base, &w) != SD_OK)
        doctor_evidence(f, "flash read", "reading 0x%08x through the debug port fails",
                        d->chip.part->flash_base);
    sd_session_clear_error(d->s);
}

/* "sectors 0-1 (0x08000000-0x08007fff)" for each run of protected sectors. */
static void wrp_finding(struct doctor *d, uint64_t mask)
{
    const struct stm32_chip *c = &d->chip;
    struct sd_finding *f = doctor_find(d, "flash-write-protected", SD_CONFIDENCE_CERTAIN,
                                       "%u flash sector%s write-protected: erasing or "
                                       "programming %s fails",
                                       (unsigned)__builtin_popcountll(mask),
                                       __builtin_popcountll(mask) == 1 ? " is" : "s are",
                                       __builtin_popcountll(mask) == 1 ? "it" : "them");
    char runs[200];
    size_t used = 0;
    runs[0] = 0;
    for (unsigned i = 0; i < c->n_sectors && i < 64 && used < sizeof runs; i++) {
        if (!(mask & (1ull << i)) || (i && (mask & (1ull << (i - 1)))))
            continue;
        unsigned j = i;
        while (j + 1 < c->n_sectors && j + 1 < 64 && (mask & (1ull << (j + 1))))
            j++;
        const struct stm32_sector *a = &c->sectors[i], *b = &c->sectors[j];
        if (i == j)
            used += (size_t)snprintf(runs + used, sizeof runs - used, "%ssector %u (0x%08x-0x%08x)",
                                     used ? ", " : "", a->id, a->addr, a->addr + a->size - 1u);
        else
            used += (size_t)snprintf(runs + used, sizeof runs - used,
                                     "%ssectors %u-%u (0x%08x-0x%08x)", used ? ", " : "",
                                     a->id, b->id, a->addr, b->addr + b->size - 1u);
    }
    doctor_evidence(f, "protected", "%s", runs);
    doctor_evidence(f, "WRP mask", "0x%llx (bit n: sector n)", (unsigned long long)mask);
}

static void status_flags(struct doctor *d)
{
    const struct sr_layout *l = sr_layout_of(&d->chip);
    uint32_t sr;
    if (!l || arm_read32(&d->core, d->chip.part->flash_regs + l->off, &sr) != SD_OK) {
        sd_session_clear_error(d->s);
        return;
    }
    uint32_t errors = 0;
    for (size_t i = 0; i < n_bits(l); i++)
        errors |= l->bits[i].bit;
    if (!(sr & errors)) {
        doctor_step(d, "protection", "flash status register 0x%08x: no error flag", sr);
        return;
    }
    char words[160];
    stm32_describe_bits(sr, l->bits, n_bits(l), words, sizeof words);
    /* A flag left by the firmware (or a failed earlier flash attempt) is a
     * clue, not a cause: the next flash operation clears it. */
    doctor_step(d, "protection", "flash status register 0x%08x at 0x%08x: %s set (left by an "
                "earlier operation; the next erase/program clears it)", sr,
                d->chip.part->flash_regs + l->off, words);
}

enum doctor_flow check_protection(struct doctor *d)
{
    if (!doctor_core_ready(d) || !d->chip.part || !d->chip.part->flash ||
        !d->chip.part->flash->read_protection)
        return DOCTOR_NEXT;
    int level = 0;
    uint64_t wrp = 0;
    if (d->chip.part->flash->read_protection(&d->chip, &level, &wrp) != SD_OK) {
        sd_session_clear_error(d->s);
        doctor_step(d, "protection", "the option registers could not be read");
        return DOCTOR_NEXT;
    }
    doctor_step(d, "protection", "RDP level %d, write-protected sectors mask 0x%llx", level,
                (unsigned long long)wrp);
    if (level)
        rdp_finding(d, level);
    if (wrp)
        wrp_finding(d, wrp);
    status_flags(d);
    return DOCTOR_NEXT;
}
