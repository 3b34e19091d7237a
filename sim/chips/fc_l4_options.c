/* L4-class option bytes on the bench (stm32-families.md §4.1, §4.2):
 * FLASH_OPTR and the WRP/PCROP registers, OPTSTRT (with the RDP 1 -> 0
 * regression mass erase), the copy loaded at reset / OBL_LAUNCH that the
 * protections use, write protection by page ranges, boot selection, and
 * the option-byte image and OTP in the system page.
 *
 * nvm layout (m->nvm_ctl): FC_L4_OPT_SLOTS little-endian words (option
 * registers 0x20..0x50 as programmed), then the OTP bytes. */
#include <string.h>

#include "chips/fc_l4.h"

/* OPTR boot bits (stm32-families.md §4.2) */
#define OPTR_NBOOT1_L4   (1u << 23)      /* L4/L4+/G4/WB/WL */
#define OPTR_NSWBOOT0    (1u << 26)
#define OPTR_NBOOT0_L4   (1u << 27)
#define OPTR_NBOOT_SEL   (1u << 24)      /* G0/C0 */
#define OPTR_NBOOT1_G0   (1u << 25)
#define OPTR_NBOOT0_G0   (1u << 26)

#define SR_WRPERR        (1u << 4)      /* FLASH_SR */

/* WRPxyR: start page in [n-1:0], end page in [16+n-1:16]. */
#define WRP_END_SHIFT    16u

#define SRAM_BASE        0x20000000u

static const struct fc_l4_part *row_of(const struct sim_chip_part *part)
{
    const struct mcu_part_data *d = part->family_data;
    return d->flash_data;
}

static bool present(const struct fc_l4_part *p, unsigned slot)
{
    return slot < FC_L4_OPT_SLOTS && (p->opt_present & (1u << slot));
}

static uint32_t nvm_get(const struct mcu *m, unsigned slot)
{
    uint32_t v;
    memcpy(&v, m->nvm_ctl + 4u * slot, 4);
    return v;
}

static void nvm_set(struct mcu *m, unsigned slot, uint32_t v)
{
    memcpy(m->nvm_ctl + 4u * slot, &v, 4);
}

uint8_t *fc_l4_otp(struct mcu *m)
{
    return m->nvm_ctl + 4u * FC_L4_OPT_SLOTS;
}

size_t fc_l4_nvm_size(const struct sim_chip_part *part)
{
    return 4u * FC_L4_OPT_SLOTS + row_of(part)->otp_size;
}

static int level_of(uint32_t optr)
{
    uint8_t rdp = (uint8_t)(optr & FC_L4_OPTR_RDP_MASK);
    return rdp == FC_L4_RDP_LEVEL0 ? 0 : rdp == FC_L4_RDP_LEVEL2 ? 2 : 1;
}

int fc_l4_rdp_level(const struct mcu *m)
{
    return level_of(fc_l4_of(m)->opt_loaded[FC_L4_OPTR]);
}

/* Level 1 with the debugger connected since power-on, or after a boot
 * from SRAM/system memory: no flash access (stm32-families.md §4.1). */
bool fc_l4_access_blocked(const struct mcu *m)
{
    return fc_l4_rdp_level(m) == 1 && mcu_rdp1_blocks_debug(m);
}

/* ---- Write protection ---- */

static bool in_area(uint32_t reg, uint32_t mask, uint32_t page)
{
    uint32_t start = reg & mask, end = (reg >> WRP_END_SHIFT) & mask;
    return start <= end && page >= start && page <= end;
}

bool fc_l4_page_protected(const struct mcu *m, uint32_t off)
{
    const struct fc_l4 *fc = fc_l4_of(m);
    struct fc_l4_geom g;
    fc_l4_geometry(m, &g);
    const uint32_t *o = fc->opt_loaded;
    bool bank2 = g.dual && off >= g.bank2_off;
    uint32_t page = (off - (bank2 ? g.bank2_off : 0)) / g.page_size;
    if (bank2)
        return in_area(o[FC_L4_WRP2AR], g.wrp_mask, page) ||
               in_area(o[FC_L4_WRP2BR], g.wrp_mask, page);
    if (in_area(o[FC_L4_WRP1AR], g.wrp_mask, page) ||
        in_area(o[FC_L4_WRP1BR], g.wrp_mask, page))
        return true;
    /* L4+ and G4 cat.3 in single-bank mode use all four areas (openocd
     * F_USE_ALL_WRPXX). */
    return !g.dual && fc->p->use_all_wrp &&
           (in_area(o[FC_L4_WRP2AR], g.wrp_mask, page) ||
            in_area(o[FC_L4_WRP2BR], g.wrp_mask, page));
}

/* ---- Fresh chip: factory options, then the scenario's RDP and WRP ---- */

/* The scenario lists pages to protect (global page numbers, bank 1
 * first); contiguous runs become WRP areas, as many as the bank has. */
static void apply_wrp(struct mcu *m, const struct sim_board_config *cfg)
{
    struct fc_l4 *fc = fc_l4_of(m);
    struct fc_l4_geom g;
    fc_l4_geometry(m, &g);
    static const unsigned bank1[] = { FC_L4_WRP1AR, FC_L4_WRP1BR };
    static const unsigned bank2[] = { FC_L4_WRP2AR, FC_L4_WRP2BR };
    unsigned used1 = 0, used2 = 0;
    uint32_t total = g.dual ? 2u * g.pages_per_bank : g.pages_per_bank;
    bool want[4096] = { false };
    for (size_t i = 0; i < cfg->n_wrp_sectors && i < SIM_MAX_WRP; i++)
        if (cfg->wrp_sectors[i] < total && cfg->wrp_sectors[i] < 4096)
            want[cfg->wrp_sectors[i]] = true;
    for (uint32_t pg = 0; pg < total && pg < 4096; pg++) {
        if (!want[pg] || (pg > 0 && want[pg - 1] && (pg % g.pages_per_bank) != 0))
            continue;
        uint32_t end = pg;
        while (end + 1 < total && want[end + 1] && ((end + 1) % g.pages_per_bank) != 0)
            end++;
        bool in2 = g.dual && pg >= g.pages_per_bank;
        uint32_t s = pg % g.pages_per_bank, e = end % g.pages_per_bank;
        unsigned slot;
        if (!in2 && used1 < 2)
            slot = bank1[used1++];
        else if (!in2 && !g.dual && fc->p->use_all_wrp && used2 < 2)
            slot = bank2[used2++];
        else if (in2 && used2 < 2)
            slot = bank2[used2++];
        else
            continue;                    /* no area left: not protected */
        uint32_t v = nvm_get(m, slot) & ~((g.wrp_mask << WRP_END_SHIFT) | g.wrp_mask);
        nvm_set(m, slot, v | s | (e << WRP_END_SHIFT));
    }
}

void fc_l4_options_init_fresh(struct mcu *m, const struct sim_board_config *cfg)
{
    const struct fc_l4_part *p = fc_l4_of(m)->p;
    for (unsigned s = 0; s < FC_L4_OPT_SLOTS; s++)
        nvm_set(m, s, present(p, s) ? p->opt_factory[s] : 0);
    memset(fc_l4_otp(m), 0xFF, p->otp_size);
    uint32_t optr = nvm_get(m, FC_L4_OPTR) & ~FC_L4_OPTR_RDP_MASK;
    optr |= cfg->rdp == 2 ? FC_L4_RDP_LEVEL2 : cfg->rdp == 1 ? FC_L4_RDP_LEVEL1
                                                              : FC_L4_RDP_LEVEL0;
    nvm_set(m, FC_L4_OPTR, optr);
    fc_l4_options_load(m);               /* geometry for the WRP pages */
    apply_wrp(m, cfg);
}

/* ---- Loading (reset, OBL_LAUNCH) ---- */

void fc_l4_options_load(struct mcu *m)
{
    struct fc_l4 *fc = fc_l4_of(m);
    for (unsigned s = 0; s < FC_L4_OPT_SLOTS; s++) {
        uint32_t v = present(fc->p, s) ? nvm_get(m, s) : 0;
        fc->opt_loaded[s] = v;
        fc->opt_reg[s] = v;
    }
    fc->regression = false;
    /* Empty check, sampled when the options load: an erased first word
     * means "nothing to boot" (stm32-families.md §4.2). */
    uint32_t w0 = 0;
    if (m->flash && m->flash_size >= 4)
        memcpy(&w0, m->flash, 4);
    fc->empty = w0 == UINT32_MAX;
}

/* ---- Registers ---- */

uint32_t fc_l4_opt_read(const struct mcu *m, unsigned slot)
{
    const struct fc_l4 *fc = fc_l4_of(m);
    if (!present(fc->p, slot))
        return 0;
    uint32_t w = fc->p->opt_writable[slot];
    return (fc->opt_reg[slot] & w) | (fc->p->opt_factory[slot] & ~w);
}

void fc_l4_opt_write(struct mcu *m, unsigned slot, uint32_t val)
{
    struct fc_l4 *fc = fc_l4_of(m);
    if (!present(fc->p, slot))
        return;
    uint32_t w = fc->p->opt_writable[slot];
    fc->opt_reg[slot] = (fc->opt_reg[slot] & ~w) | (val & w);
}

/* OPTSTRT: program the option registers into the option bytes. */
void fc_l4_options_start(struct mcu *m)
{
    struct fc_l4 *fc = fc_l4_of(m);
    /* Level 2: option bytes can be neither programmed nor erased
     * (stm32-families.md §4.1, RM0351 §3.5.1). */
    if (fc_l4_rdp_level(m) == 2) {
        fc_l4_set_error(m, SR_WRPERR);
        return;
    }
    int now_level = fc_l4_rdp_level(m);
    int new_level = level_of(fc->opt_reg[FC_L4_OPTR]);
    fc->regression = now_level == 1 && new_level == 0;
    sim_ns t = fc->p->times->options;
    if (fc->regression)                  /* the mass erase comes first */
        t += fc->p->times->mass_erase;
    fc_l4_start_busy(m, FC_L4_OP_OPTIONS, t);
}

/* SRAM2 (L4/L4+/WB) or CCM SRAM (G4) goes with an RDP regression. */
static void clear_sram2(struct mcu *m)
{
    for (unsigned i = 0; i < MCU_MAX_RAMS; i++) {
        const char *n = m->lay->ram[i].name;
        if (n && m->ram[i] && (strcmp(n, "sram2") == 0 || strcmp(n, "ccm") == 0))
            memset(m->ram[i], 0, m->ram_size[i]);
    }
}

void fc_l4_options_complete(struct mcu *m)
{
    struct fc_l4 *fc = fc_l4_of(m);
    if (fc->regression) {
        /* RDP 1 -> 0: main flash (and SRAM2, backup registers) erased
         * before the new options are written; OTP is kept (§4.1). */
        mcu_flash_erase_all(m);
        if (fc->p->has_sram2_erase)
            clear_sram2(m);
        sim_stats.flash_erases++;
        fc->regression = false;
    }
    for (unsigned s = 0; s < FC_L4_OPT_SLOTS; s++)
        if (present(fc->p, s))
            nvm_set(m, s, fc_l4_opt_read(m, s));
    /* Stored, not loaded: the protections change at OBL_LAUNCH or reset. */
    fc_l4_refresh_sysmem(m);
}

/* ---- Boot selection (stm32-families.md §4.2 "Boot-selection") ---- */

uint32_t fc_l4_boot_address(const struct mcu *m)
{
    const struct fc_l4 *fc = fc_l4_of(m);
    uint32_t optr = fc->opt_loaded[FC_L4_OPTR];
    bool boot0, nboot1;
    switch (fc->p->boot) {
    case FC_L4_BOOT_NSWBOOT0:
        boot0 = (optr & OPTR_NSWBOOT0) ? m->boot0 != 0 : !(optr & OPTR_NBOOT0_L4);
        nboot1 = optr & OPTR_NBOOT1_L4;
        break;
    case FC_L4_BOOT_NBOOT_SEL:
        boot0 = (optr & OPTR_NBOOT_SEL) ? !(optr & OPTR_NBOOT0_G0) : m->boot0 != 0;
        nboot1 = optr & OPTR_NBOOT1_G0;
        break;
    case FC_L4_BOOT_PIN:
    default:
        boot0 = m->boot0 != 0;
        nboot1 = optr & OPTR_NBOOT1_L4;
        break;
    }
    if (!boot0) {
        /* Empty check: booting an erased flash goes to the bootloader. */
        if (fc->p->empty != FC_L4_EMPTY_NONE && fc->empty)
            return m->lay->sysmem_base;
        return m->lay->flash_base;
    }
    return nboot1 ? m->lay->sysmem_base : SRAM_BASE;
}

/* ---- The system page: option-byte image and OTP ---- */

/* Copy `len` bytes into the system page at `off` if they differ. */
static void put_sys(struct mcu *m, uint32_t off, const void *src, uint32_t len)
{
    if (!m->sysmem || off + len > m->lay->sysmem_size)
        return;
    if (memcmp(m->sysmem + off, src, len) == 0)
        return;
    memcpy(m->sysmem + off, src, len);
    mcu_sysmem_changed(m, off, len);
}

void fc_l4_refresh_sysmem(struct mcu *m)
{
    const struct fc_l4_part *p = fc_l4_of(m)->p;
    put_sys(m, p->otp_off, fc_l4_otp(m), p->otp_size);
    /* Bank-1 option bytes as stored: each a double word of value and
     * complement, 0x1FFF7800 + 8 * slot (RM0351 Table 9; BMP stm32l4.c). */
    for (unsigned s = 0; s <= FC_L4_IPCCBR; s++) {
        if (!present(p, s))
            continue;
        uint32_t v[2] = { nvm_get(m, s), ~nvm_get(m, s) };
        put_sys(m, p->ob_image_off + 8u * s, v, sizeof v);
    }
}
