/* STM32L5 / STM32U5 option bytes (RM0438 §6.4, RM0456 §7.4;
 * stm32-families.md §4.1, §4.2): stored in nvm, shown and changed through
 * the option registers (OPTR at 0x40, NSBOOTADD0R/1R, SECBOOTADD0R,
 * SECWMxRy, WRPxyR), programmed by OPTSTRT, loaded by OBL_LAUNCH or a
 * reset.  RDP levels with TrustZone (0xAA 0, 0x55 0.5 with TZEN=1, 0xCC 2,
 * else 1), the TZEN rules, the level 1 -> 0 regression with its mass
 * erase, WRP areas, boot selection (nSWBOOT0/nBOOT0/NSBOOTADDx).
 *
 * nvm layout (little-endian words, enum l5u5_opt order): OPTR,
 * NSBOOTADD0R, NSBOOTADD1R, SECBOOTADD0R, SECWM1R1, SECWM1R2, WRP1AR,
 * WRP1BR, SECWM2R1, SECWM2R2, WRP2AR, WRP2BR; then the 512-byte OTP. */
#include <string.h>

#include "chips/fc_l5u5.h"

/* Page fields of SECWMxR1 and WRPxyR: start [6:0], end [22:16]; an area
 * is active when start <= end (stm32-families.md §2.4/§2.5). */
#define AREA_START(v)     ((v) & 0x7Fu)
#define AREA_END(v)       (((v) >> 16) & 0x7Fu)
#define AREA_FIELDS       0x007F007Fu
#define WRP_UNLOCK        (1u << 31)     /* U5: 0 locks the area for good */
/* Factory values [R]: areas disabled (start 0x7F > end 0), WRP unlocked;
 * with TrustZone on, the watermarks make the whole flash secure (as
 * after a first TZEN=1, AN5347). */
#define WRP_FACTORY       0xFF00FFFFu
#define SECWM_NONE        0xFF00FF7Fu
#define SECWM_ALL         0xFF7FFF00u
#define SECWMR2_FACTORY   0x0F00FFFFu    /* HDP off */
#define SECBOOTADD0_FACTORY 0x0C000000u  /* secure flash */
#define BOOTADD_MASK      0xFFFFFF80u    /* address [31:7] */
#define SECURE_FLASH_ALIAS 0x0C000000u
#define NS_FLASH_BASE     0x08000000u
#define RSS_BASE          0x0FF80000u    /* secure boot ROM (RSS), not modelled */
#define SYSMEM_BASE       0x0BF90000u

static const struct fc_l5u5_row *row_of(const struct mcu *m)
{
    return (const struct fc_l5u5_row *)m->fdata;
}

static uint32_t nvm_get(const struct mcu *m, enum l5u5_opt i)
{
    const uint8_t *p = m->nvm_ctl + 4u * i;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void nvm_put(struct mcu *m, enum l5u5_opt i, uint32_t v)
{
    uint8_t *p = m->nvm_ctl + 4u * i;
    for (unsigned b = 0; b < 4; b++)
        p[b] = (uint8_t)(v >> (8 * b));
}

/* RDP byte -> level; 0x55 is level 0.5 only with TZEN = 1, and 0.5 lets the
 * debugger at non-secure flash, which is what level 0 means here. */
static int level_of(uint32_t optr)
{
    uint8_t rdp = (uint8_t)(optr & L5U5_OPTR_RDP_MASK);
    if (rdp == L5U5_RDP_LEVEL0)
        return 0;
    if (rdp == L5U5_RDP_LEVEL2)
        return 2;
    if (rdp == L5U5_RDP_LEVEL05 && (optr & L5U5_OPTR_TZEN))
        return 0;
    return 1;
}

static bool level_is_05(uint32_t optr)
{
    return (optr & L5U5_OPTR_TZEN) && (optr & L5U5_OPTR_RDP_MASK) == L5U5_RDP_LEVEL05;
}

/* ---- Fresh chip ---- */

static uint32_t area_of(unsigned first, unsigned last)
{
    return (WRP_FACTORY & ~AREA_FIELDS) | (first & 0x7Fu) | ((last & 0x7Fu) << 16);
}

void l5u5_opt_init_fresh(struct mcu *m, const struct sim_board_config *cfg)
{
    const struct fc_l5u5_row *row = row_of(m);
    uint32_t optr = row->optr_factory & ~(L5U5_OPTR_RDP_MASK | L5U5_OPTR_TZEN);
    optr |= cfg->rdp == 2 ? L5U5_RDP_LEVEL2 : cfg->rdp == 1 ? L5U5_RDP_LEVEL1 : L5U5_RDP_LEVEL0;
    if (cfg->tzen)
        optr |= L5U5_OPTR_TZEN;
    uint32_t secwm = cfg->tzen ? SECWM_ALL : SECWM_NONE;
    uint32_t v[L5U5_OPT_COUNT] = {
        [L5U5_OPT_OPTR] = optr,
        [L5U5_OPT_NSBOOTADD0] = row->nsbootadd0,
        [L5U5_OPT_NSBOOTADD1] = row->nsbootadd1,
        [L5U5_OPT_SECBOOTADD0] = SECBOOTADD0_FACTORY,
        [L5U5_OPT_SECWM1R1] = secwm, [L5U5_OPT_SECWM1R2] = SECWMR2_FACTORY,
        [L5U5_OPT_WRP1AR] = WRP_FACTORY, [L5U5_OPT_WRP1BR] = WRP_FACTORY,
        [L5U5_OPT_SECWM2R1] = secwm, [L5U5_OPT_SECWM2R2] = SECWMR2_FACTORY,
        [L5U5_OPT_WRP2AR] = WRP_FACTORY, [L5U5_OPT_WRP2BR] = WRP_FACTORY,
    };
    /* wrp_sectors are page numbers counted from the start of flash in the
     * factory bank layout; each bank's listed pages become its WRPxA area
     * (a list with holes is widened to the range that covers it). */
    bool dual = row->always_dual || (optr & row->dbank_bit);
    uint32_t bank_bytes = (uint32_t)m->part->flash_kib * 1024u / (dual ? 2u : 1u);
    unsigned ppb = bank_bytes / (dual ? row->page_dual : row->page_single);
    unsigned lo[2] = { ~0u, ~0u }, hi[2] = { 0, 0 };
    for (size_t i = 0; i < cfg->n_wrp_sectors && i < SIM_MAX_WRP; i++) {
        unsigned p = cfg->wrp_sectors[i], b = p / ppb;
        if (b > 1 || (b == 1 && !dual))
            continue;
        p %= ppb;
        lo[b] = p < lo[b] ? p : lo[b];
        hi[b] = p > hi[b] ? p : hi[b];
    }
    if (lo[0] != ~0u)
        v[L5U5_OPT_WRP1AR] = area_of(lo[0], hi[0]);
    if (lo[1] != ~0u)
        v[L5U5_OPT_WRP2AR] = area_of(lo[1], hi[1]);
    for (unsigned i = 0; i < L5U5_OPT_COUNT; i++)
        nvm_put(m, (enum l5u5_opt)i, v[i]);
    memset(m->nvm_ctl + L5U5_OPT_COUNT * 4u, 0xFF, L5U5_OTP_SIZE);
}

/* ---- Loaded copy ---- */

void l5u5_opt_load(struct mcu *m)
{
    struct l5u5_fc *fc = l5u5_fc(m);
    for (unsigned i = 0; i < L5U5_OPT_COUNT; i++)
        fc->loaded[i] = fc->staged[i] = nvm_get(m, (enum l5u5_opt)i);
    fc->regression = false;
}

int l5u5_opt_rdp_level(const struct mcu *m)
{
    return level_of(l5u5_fc(m)->loaded[L5U5_OPT_OPTR]);
}

bool l5u5_opt_tzen(const struct mcu *m)
{
    return (l5u5_fc(m)->loaded[L5U5_OPT_OPTR] & L5U5_OPTR_TZEN) != 0;
}

bool l5u5_opt_dual_bank(const struct mcu *m)
{
    const struct fc_l5u5_row *row = row_of(m);
    return row->always_dual || (l5u5_fc(m)->loaded[L5U5_OPT_OPTR] & row->dbank_bit);
}

static bool in_area(uint32_t v, unsigned page)
{
    return AREA_START(v) <= AREA_END(v) && page >= AREA_START(v) && page <= AREA_END(v);
}

bool l5u5_opt_page_wrp(const struct mcu *m, unsigned bank, unsigned page)
{
    const uint32_t *o = l5u5_fc(m)->loaded;
    uint32_t a = o[bank ? L5U5_OPT_WRP2AR : L5U5_OPT_WRP1AR];
    uint32_t b = o[bank ? L5U5_OPT_WRP2BR : L5U5_OPT_WRP1BR];
    return in_area(a, page) || in_area(b, page);
}

/* With TZEN = 1 the watermark areas are secure; the non-secure interface
 * cannot program or erase them and reads them as zero.  (SECBB block
 * security, set by secure firmware at run time, is not modelled.) */
bool l5u5_opt_page_secure(const struct mcu *m, unsigned bank, unsigned page)
{
    if (!l5u5_opt_tzen(m))
        return false;
    return in_area(l5u5_fc(m)->loaded[bank ? L5U5_OPT_SECWM2R1 : L5U5_OPT_SECWM1R1], page);
}

/* ---- Registers ---- */

bool l5u5_opt_reg(uint32_t off, enum l5u5_opt *which)
{
    if (off < L5U5_OPTR || off > L5U5_WRP2BR)
        return false;
    *which = (enum l5u5_opt)((off - L5U5_OPTR) / 4u);
    return true;
}

uint32_t l5u5_opt_read(const struct mcu *m, enum l5u5_opt which)
{
    return l5u5_fc(m)->staged[which];
}

static uint32_t writable_bits(const struct mcu *m, enum l5u5_opt which)
{
    switch (which) {
    case L5U5_OPT_OPTR:
        return row_of(m)->optr_writable;
    case L5U5_OPT_NSBOOTADD0:
    case L5U5_OPT_NSBOOTADD1:
        return BOOTADD_MASK;
    case L5U5_OPT_WRP1AR:
    case L5U5_OPT_WRP1BR:
    case L5U5_OPT_WRP2AR:
    case L5U5_OPT_WRP2BR:
        return AREA_FIELDS | (row_of(m)->u5 ? WRP_UNLOCK : 0u);
    default:
        /* SECBOOTADD0R and the watermarks belong to the secure side: the
         * non-secure interface cannot change them. */
        return 0;
    }
}

void l5u5_opt_write(struct mcu *m, enum l5u5_opt which, uint32_t val)
{
    struct l5u5_fc *fc = l5u5_fc(m);
    uint32_t w = writable_bits(m, which);
    fc->staged[which] = (fc->staged[which] & ~w) | (val & w);
}

/* ---- OPTSTRT ---- */

/* The TrustZone rules (stm32-families.md §4.2): TZEN can be set only at
 * RDP level 0; it can be cleared only together with a regression from
 * level 1 to level 0. */
static bool tzen_change_ok(uint32_t old, uint32_t new)
{
    bool was = (old & L5U5_OPTR_TZEN) != 0, will = (new & L5U5_OPTR_TZEN) != 0;
    if (will && !was)
        return level_of(old) == 0 && !level_is_05(old);
    if (was && !will)
        return level_of(old) == 1 && (new & L5U5_OPTR_RDP_MASK) == L5U5_RDP_LEVEL0;
    return true;
}

void l5u5_opt_start(struct mcu *m)
{
    struct l5u5_fc *fc = l5u5_fc(m);
    const struct fc_l5u5_row *row = row_of(m);
    uint32_t old = nvm_get(m, L5U5_OPT_OPTR), new = fc->staged[L5U5_OPT_OPTR];
    /* Level 2 is final: the option bytes can no longer change. */
    if (level_of(old) == 2 || level_of(fc->loaded[L5U5_OPT_OPTR]) == 2 ||
        !tzen_change_ok(old, new)) {
        l5u5_set_error(m, L5U5_SR_OPTWERR);
        return;
    }
    /* U5: a WRP area whose UNLOCK bit was programmed to 0 cannot change
     * (stm32-families.md §2.5). */
    static const enum l5u5_opt wrps[] = { L5U5_OPT_WRP1AR, L5U5_OPT_WRP1BR,
                                          L5U5_OPT_WRP2AR, L5U5_OPT_WRP2BR };
    for (size_t i = 0; row->u5 && i < sizeof wrps / sizeof wrps[0]; i++) {
        uint32_t stored = nvm_get(m, wrps[i]);
        if (!(stored & WRP_UNLOCK) && stored != fc->staged[wrps[i]]) {
            l5u5_set_error(m, L5U5_SR_OPTWERR);
            return;
        }
    }
    /* Regression: level 1 (or 0.5) back to 0 erases the flash first. */
    fc->regression = (level_of(old) == 1 || level_is_05(old)) &&
                     (new & L5U5_OPTR_RDP_MASK) == L5U5_RDP_LEVEL0;
    sim_ns t = row->t_options;
    if (fc->regression)
        t += row->t_bank_erase;
    l5u5_start_busy(m, L5U5_OP_OPTIONS, t);
}

void l5u5_opt_complete(struct mcu *m)
{
    struct l5u5_fc *fc = l5u5_fc(m);
    if (fc->regression) {
        /* Main flash of both banks; the OTP stays (RM0438 §6.5.2).  From
         * level 0.5 silicon erases only the non-secure part: modelled as
         * the whole. */
        mcu_flash_erase_all(m);
        sim_stats.flash_erases++;
        fc->regression = false;
    }
    for (unsigned i = 0; i < L5U5_OPT_COUNT; i++)
        nvm_put(m, (enum l5u5_opt)i, fc->staged[i]);
    /* The chip keeps using the loaded copy until OBL_LAUNCH or a reset. */
}

/* ---- Boot selection (RM0438 §3.3 / RM0456 §3.5 boot table) ---- */

uint32_t l5u5_opt_boot_address(const struct mcu *m)
{
    const uint32_t *o = l5u5_fc(m)->loaded;
    uint32_t optr = o[L5U5_OPT_OPTR];
    /* nSWBOOT0 = 1: BOOT0 comes from the pin; 0: from nBOOT0 (inverted). */
    int boot0 = (optr & L5U5_OPTR_nSWBOOT0) ? m->boot0 : !(optr & L5U5_OPTR_nBOOT0);
    uint32_t addr;
    if (optr & L5U5_OPTR_TZEN)
        addr = boot0 ? RSS_BASE : (o[L5U5_OPT_SECBOOTADD0] & BOOTADD_MASK);
    else
        addr = o[boot0 ? L5U5_OPT_NSBOOTADD1 : L5U5_OPT_NSBOOTADD0] & BOOTADD_MASK;
    /* The bench maps only the non-secure aliases: secure flash is the same
     * array at 0x08000000, the RSS is stood in for by system memory. */
    if (addr >= SECURE_FLASH_ALIAS && addr - SECURE_FLASH_ALIAS < m->flash_size)
        addr = addr - SECURE_FLASH_ALIAS + NS_FLASH_BASE;
    if (addr == RSS_BASE)
        addr = SYSMEM_BASE;
    return addr;
}
