/* STM32H7 option bytes (RM0433, RM0399 FLASH option bytes; stm32-families.md
 * §4.2 "H7"): no memory-mapped image, only *_CUR (loaded) and *_PRG (to
 * program) registers.  OPTKEYR unlocks OPTCR; OPTSTART programs the PRG
 * values (OPT_BUSY meanwhile) and the chip loads them at once.  RDP 1 -> 0
 * mass-erases both banks first; RDP 2 freezes the options for good. */
#include <string.h>

#include "chips/fc_h7.h"

/* Register offsets from the flash interface base (§2.6 table); the
 * common ones are mirrored at +0x100, PRAR/SCAR/WPSN exist per bank. */
#define OFF_BANK2       0x100u
#define FLASH_OPTKEYR   0x08u
#define FLASH_OPTCR     0x18u
#define FLASH_OPTSR_CUR 0x1Cu
#define FLASH_OPTSR_PRG 0x20u
#define FLASH_OPTCCR    0x24u
#define FLASH_PRAR_CUR  0x28u
#define FLASH_PRAR_PRG  0x2Cu
#define FLASH_SCAR_CUR  0x30u
#define FLASH_SCAR_PRG  0x34u
#define FLASH_WPSN_CUR  0x38u
#define FLASH_WPSN_PRG  0x3Cu
#define FLASH_BOOT_CUR  0x40u          /* BOOT7_CUR on dual core */
#define FLASH_BOOT_PRG  0x44u
#define FLASH_BOOT4_CUR 0x48u
#define FLASH_BOOT4_PRG 0x4Cu

/* Option keys (stm32-families.md §2 table) */
#define OPT_KEY1 0x08192A3Bu
#define OPT_KEY2 0x4C5D6E7Fu

/* FLASH_OPTCR (§2.6) */
#define OPTCR_OPTLOCK   (1u << 0)
#define OPTCR_OPTSTART  (1u << 1)
#define OPTCR_MER       (1u << 4)
#define OPTCR_CHGERRIE  (1u << 30)
#define OPTCR_SWAP_BANK (1u << 31)

/* FLASH_OPTCCR: CLR_OPTCHANGEERR */
#define OPTCCR_CLR_OPTCHANGEERR (1u << 30)

/* OPTSR bits a program may set: all but OPT_BUSY and OPTCHANGEERR. */
#define OPTSR_PRG_MASK  (~(H7_OPTSR_OPT_BUSY | H7_OPTSR_OPTCHANGEERR))
/* RDP levels as stored: level 1 written by the bench (any value but
 * 0xAA and 0xCC). */
#define RDP_LEVEL1_VALUE 0xBBu

static const struct h7_fc_part *fp_of(const struct mcu *m)
{
    return (const struct h7_fc_part *)m->fdata;
}

static struct h7_ob *nvm_ob(struct mcu *m)
{
    return (struct h7_ob *)m->nvm_ctl;
}

static int rdp_level_of(uint32_t optsr)
{
    uint8_t rdp = (uint8_t)((optsr & H7_OPTSR_RDP_MASK) >> H7_OPTSR_RDP_SHIFT);
    return rdp == H7_RDP_LEVEL0 ? 0 : rdp == H7_RDP_LEVEL2 ? 2 : 1;
}

int h7_options_rdp_level(const struct mcu *m)
{
    return rdp_level_of(h7_fc(m)->cur.optsr);
}

static uint32_t all_ones(unsigned bits)
{
    return bits >= 32 ? 0xFFFFFFFFu : (1u << bits) - 1u;
}

static unsigned wpsn_bits(const struct h7_fc_part *fp)
{
    return fp->sectors_per_bank / fp->sectors_per_wpsn_bit;
}

static struct h7_ob factory(const struct h7_fc_part *fp)
{
    struct h7_ob ob = { .magic = H7_OB_MAGIC, .optsr = fp->optsr_factory,
                        .boot7 = fp->boot7_factory, .boot4 = fp->boot4_factory };
    for (unsigned b = 0; b < H7_MAX_BANKS; b++) {
        ob.wpsn[b] = all_ones(wpsn_bits(fp));  /* 1 = not protected */
        ob.prar[b] = 0x000000FFu;  /* start > end: no PCROP area (SVD reset) */
        ob.scar[b] = 0x000000FFu;  /* no secure area */
    }
    return ob;
}

void h7_options_fresh(struct mcu *m, const struct sim_board_config *cfg)
{
    const struct h7_fc_part *fp = fp_of(m);
    struct h7_ob ob = factory(fp);
    uint32_t rdp = cfg->rdp == 0 ? H7_RDP_LEVEL0 : cfg->rdp == 2 ? H7_RDP_LEVEL2 : RDP_LEVEL1_VALUE;
    ob.optsr = (ob.optsr & ~H7_OPTSR_RDP_MASK) | (rdp << H7_OPTSR_RDP_SHIFT);
    /* cfg->wrp_sectors number the sectors of both banks in a row. */
    for (size_t i = 0; i < cfg->n_wrp_sectors; i++) {
        unsigned s = cfg->wrp_sectors[i];
        unsigned bank = s / fp->sectors_per_bank, in_bank = s % fp->sectors_per_bank;
        if (bank < fp->banks)
            ob.wpsn[bank] &= ~(1u << (in_bank / fp->sectors_per_wpsn_bit));
    }
    ob.wiring = (uint32_t)cfg->supply;
    memcpy(m->nvm_ctl, &ob, sizeof ob);
}

/* Option load (power-on, system reset): CUR from the stored bytes. */
void h7_options_load(struct mcu *m)
{
    struct h7_fc *fc = h7_fc(m);
    struct h7_ob ob;
    memcpy(&ob, nvm_ob(m), sizeof ob);
    if (ob.magic != H7_OB_MAGIC) {   /* never initialised: as shipped */
        ob = factory(fp_of(m));
        ob.wiring = SIM_SUPPLY_DEFAULT;
    }
    fc->cur = fc->prg = ob;
    fc->wiring = (enum sim_supply)ob.wiring;
    fc->optkey = H7_KEY_LOCKED;
    fc->optcr = OPTCR_OPTLOCK;
    fc->opt_busy = fc->opt_changeerr = fc->opt_regress = false;
    /* The bank swap takes effect at reset (RM0433 FLASH_OPTCR.SWAP_BANK: "loaded ... only after reset or POR"). */
    fc->swapped = fp_of(m)->banks > 1 && (ob.optsr & H7_OPTSR_SWAP_BANK);
}

bool h7_options_sector_protected(const struct mcu *m, unsigned bank, unsigned sector)
{
    const struct h7_fc_part *fp = fp_of(m);
    uint32_t bit = 1u << (sector / fp->sectors_per_wpsn_bit);
    return !(h7_fc(m)->cur.wpsn[bank] & bit);   /* 0 = protected */
}

uint32_t h7_options_boot_address(const struct mcu *m)
{
    /* BOOT0 pin selects BOOT_ADD0 or BOOT_ADD1, each address bits 31:16. */
    uint32_t boot = h7_fc(m)->cur.boot7;
    uint32_t add = m->boot0 ? boot >> 16 : boot & 0xFFFFu;
    return add << 16;
}

/* ---- Programming the options ---- */

static void commit(struct mcu *m)
{
    struct h7_fc *fc = h7_fc(m);
    struct h7_ob ob = fc->prg;
    ob.magic = H7_OB_MAGIC;
    ob.wiring = (uint32_t)fc->wiring;
    ob.optsr &= OPTSR_PRG_MASK;
    memcpy(m->nvm_ctl, &ob, sizeof ob);
    /* New values are loaded at once (no OBL bit on the H7), except the
     * bank swap, which waits for a reset. */
    fc->cur = ob;
    fc->prg = ob;
}

void h7_options_update(struct mcu *m, sim_ns now)
{
    struct h7_fc *fc = h7_fc(m);
    if (!fc->opt_busy || fc->opt_until > now)
        return;
    if (fc->opt_regress)
        mcu_flash_erase_all(m);      /* RDP 1 -> 0: both banks go first */
    commit(m);
    fc->opt_busy = fc->opt_regress = false;
}

static void option_start(struct mcu *m)
{
    struct h7_fc *fc = h7_fc(m);
    if (fc->opt_busy || h7_any_busy(m))
        return;
    int now_level = rdp_level_of(fc->cur.optsr), want = rdp_level_of(fc->prg.optsr);
    /* Level 2 is final: nothing may change any more (stm32-families.md §4.1). */
    if (now_level == 2) {
        fc->opt_changeerr = true;
        return;
    }
    fc->opt_regress = now_level == 1 && want == 0;
    sim_ns t = fp_of(m)->times->options;
    if (fc->opt_regress)
        for (unsigned b = 0; b < fp_of(m)->banks; b++)
            t += h7_bank_erase_time(m, b);
    fc->opt_busy = true;
    fc->opt_until = mcu_now(m) + t;
    sim_stats.flash_busy_ns += t;
    mcu_flash_op_started(m);
}

static void optcr_write(struct mcu *m, uint32_t val)
{
    struct h7_fc *fc = h7_fc(m);
    if (fc->optkey != H7_KEY_UNLOCKED)
        return;
    if (val & OPTCR_OPTLOCK) {
        fc->optcr |= OPTCR_OPTLOCK;
        fc->optkey = H7_KEY_LOCKED;
        return;
    }
    fc->optcr = (fc->optcr & ~OPTCR_CHGERRIE) | (val & OPTCR_CHGERRIE);
    if (val & OPTCR_MER)             /* mass erase of both banks */
        for (unsigned b = 0; b < fp_of(m)->banks; b++)
            h7_start_bank_erase(m, b);
    if (val & OPTCR_OPTSTART)
        option_start(m);
}

static int optkeyr_write(struct h7_fc *fc, uint32_t val)
{
    if (fc->optkey == H7_KEY_LOCKED && val == OPT_KEY1) {
        fc->optkey = H7_KEY_GOT_KEY1;
        return 0;
    }
    if (fc->optkey == H7_KEY_GOT_KEY1 && val == OPT_KEY2) {
        fc->optkey = H7_KEY_UNLOCKED;
        fc->optcr &= ~OPTCR_OPTLOCK;
        return 0;
    }
    fc->optkey = H7_KEY_BLOCKED;     /* wrong sequence: locked until reset */
    fc->optcr |= OPTCR_OPTLOCK;
    return -1;
}

/* Registers that exist once and are mirrored at +0x100 on dual-bank parts. */
static uint32_t common_off(const struct mcu *m, uint32_t off)
{
    if (off < OFF_BANK2 || fp_of(m)->banks < 2)
        return off;
    uint32_t r = off - OFF_BANK2;
    bool per_bank = r >= FLASH_PRAR_CUR && r <= FLASH_WPSN_PRG;
    return per_bank ? off : r;
}

static bool bank_field(const struct mcu *m, uint32_t off, uint32_t *reg, unsigned *bank)
{
    *bank = off >= OFF_BANK2 ? 1u : 0u;
    *reg = off & 0xFFu;
    return *bank < fp_of(m)->banks && *reg >= FLASH_PRAR_CUR && *reg <= FLASH_WPSN_PRG;
}

bool h7_options_reg_read(struct mcu *m, uint32_t off, uint32_t *val)
{
    const struct h7_fc *fc = h7_fc(m);
    const struct h7_fc_part *fp = fp_of(m);
    uint32_t reg;
    unsigned bank;
    if (bank_field(m, off, &reg, &bank)) {
        switch (reg) {
        case FLASH_PRAR_CUR: *val = fc->cur.prar[bank]; return true;
        case FLASH_PRAR_PRG: *val = fc->prg.prar[bank]; return true;
        case FLASH_SCAR_CUR: *val = fc->cur.scar[bank]; return true;
        case FLASH_SCAR_PRG: *val = fc->prg.scar[bank]; return true;
        case FLASH_WPSN_CUR: *val = fc->cur.wpsn[bank]; return true;
        case FLASH_WPSN_PRG: *val = fc->prg.wpsn[bank]; return true;
        default: return false;
        }
    }
    switch (common_off(m, off)) {
    case FLASH_OPTCR:
        *val = fc->optcr | (fc->swapped ? OPTCR_SWAP_BANK : 0u);
        return true;
    case FLASH_OPTSR_CUR:
        *val = fc->cur.optsr | (fc->opt_busy ? H7_OPTSR_OPT_BUSY : 0u) |
               (fc->opt_changeerr ? H7_OPTSR_OPTCHANGEERR : 0u);
        return true;
    case FLASH_OPTSR_PRG: *val = fc->prg.optsr; return true;
    case FLASH_BOOT_CUR: *val = fc->cur.boot7; return true;
    case FLASH_BOOT_PRG: *val = fc->prg.boot7; return true;
    case FLASH_BOOT4_CUR: *val = fp->dual_core ? fc->cur.boot4 : 0; return true;
    case FLASH_BOOT4_PRG: *val = fp->dual_core ? fc->prg.boot4 : 0; return true;
    default: return false;
    }
}

int h7_options_reg_write(struct mcu *m, uint32_t off, uint32_t val)
{
    struct h7_fc *fc = h7_fc(m);
    bool unlocked = fc->optkey == H7_KEY_UNLOCKED && !fc->opt_busy;
    uint32_t reg;
    unsigned bank;
    if (bank_field(m, off, &reg, &bank)) {
        if (!unlocked)
            return 1;                /* PRG registers are read-only while OPTLOCK */
        if (reg == FLASH_PRAR_PRG)
            fc->prg.prar[bank] = val;
        else if (reg == FLASH_SCAR_PRG)
            fc->prg.scar[bank] = val;
        else if (reg == FLASH_WPSN_PRG)
            fc->prg.wpsn[bank] = val & all_ones(wpsn_bits(fp_of(m)));
        return 1;
    }
    switch (common_off(m, off)) {
    case FLASH_OPTKEYR:
        return optkeyr_write(fc, val) < 0 ? -1 : 1;
    case FLASH_OPTCR:
        optcr_write(m, val);
        return 1;
    case FLASH_OPTCCR:
        if (val & OPTCCR_CLR_OPTCHANGEERR)
            fc->opt_changeerr = false;
        return 1;
    case FLASH_OPTSR_PRG:
        if (unlocked)
            fc->prg.optsr = val & OPTSR_PRG_MASK;
        return 1;
    case FLASH_BOOT_PRG:
        if (unlocked)
            fc->prg.boot7 = val;
        return 1;
    case FLASH_BOOT4_PRG:
        if (unlocked && fp_of(m)->dual_core)
            fc->prg.boot4 = val;
        return 1;
    default:
        return 0;
    }
}
