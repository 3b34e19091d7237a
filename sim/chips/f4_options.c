/* STM32F2/F4 option bytes (RM0090 §3.6, §3.7; stm32-families.md §4.1,
 * §4.2): the stored bytes in nvm, the copy loaded at reset that the
 * protections use, FLASH_OPTKEYR/OPTCR, read protection levels and the
 * level 1 -> 0 regression with its mass erase.
 *
 * nvm layout (16 bytes, after the image of 0x1FFFC000 in RM0090 Table 16):
 *   [0] USER byte (bits 7:2 as OPTCR[7:2])   [1] RDP
 *   [8] nWRP[7:0]                            [9] nWRP[15:8]
 *   other bytes 0xFF (reserved). */
#include <string.h>

#include "chips/f4.h"

#define OPTKEY1          0x08192A3Bu      /* RM0090 §3.6.2 */
#define OPTKEY2          0x4C5D6E7Fu

/* FLASH_OPTCR (RM0090 §3.9.6), factory value 0x0FFFAAED */
#define OPTCR_OPTLOCK    (1u << 0)
#define OPTCR_OPTSTRT    (1u << 1)
#define OPTCR_USER_MASK  0xECu            /* BOR_LEV[3:2], WDG_SW, nRST_STOP, nRST_STDBY */
#define OPTCR_RDP_SHIFT  8u
#define OPTCR_RDP_MASK   (0xFFu << OPTCR_RDP_SHIFT)
#define OPTCR_NWRP_SHIFT 16u

#define NVM_USER         0u
#define NVM_RDP          1u
#define NVM_NWRP_LO      8u
#define NVM_NWRP_HI      9u

/* RDP bytes (RM0090 §3.7.3) */
#define RDP_LEVEL0       0xAAu
#define RDP_LEVEL2       0xCCu
#define RDP_LEVEL1_DEFAULT 0xBBu          /* any other value is level 1 */
#define USER_FACTORY     0xECu            /* BOR off (11), WDG_SW, no reset on STOP/STDBY */

static uint16_t nwrp_mask(const struct f4_chip *c)
{
    return (uint16_t)((1u << c->fp->nwrp_bits) - 1u);
}

static struct f4_options stored(const struct f4_chip *c)
{
    const uint8_t *o = c->nvm_options;
    return (struct f4_options){
        .user = o[NVM_USER], .rdp = o[NVM_RDP],
        .nwrp = (uint16_t)(o[NVM_NWRP_LO] | (o[NVM_NWRP_HI] << 8)),
    };
}

static void store(struct f4_chip *c, const struct f4_options *v)
{
    uint8_t *o = c->nvm_options;
    o[NVM_USER] = v->user;
    o[NVM_RDP] = v->rdp;
    o[NVM_NWRP_LO] = (uint8_t)v->nwrp;
    o[NVM_NWRP_HI] = (uint8_t)(v->nwrp >> 8);
}

static int level_of(uint8_t rdp)
{
    return rdp == RDP_LEVEL0 ? 0 : rdp == RDP_LEVEL2 ? 2 : 1;
}

void f4_options_init_fresh(struct f4_chip *c, const struct sim_board_config *cfg)
{
    memset(c->nvm_options, 0xFF, F4_NVM_OPTIONS_SIZE);
    struct f4_options v = { .user = USER_FACTORY, .rdp = RDP_LEVEL0,
                            .nwrp = 0xFFFFu };
    if (cfg->rdp == 1)
        v.rdp = RDP_LEVEL1_DEFAULT;
    else if (cfg->rdp == 2)
        v.rdp = RDP_LEVEL2;
    for (size_t i = 0; i < cfg->n_wrp_sectors && i < SIM_MAX_WRP; i++)
        if (cfg->wrp_sectors[i] < c->fp->nwrp_bits)
            v.nwrp &= (uint16_t)~(1u << cfg->wrp_sectors[i]);
    store(c, &v);
}

static uint32_t optcr_of(const struct f4_chip *c, const struct f4_options *v)
{
    return ((uint32_t)(v->nwrp & nwrp_mask(c)) << OPTCR_NWRP_SHIFT) |
           ((uint32_t)v->rdp << OPTCR_RDP_SHIFT) | (v->user & OPTCR_USER_MASK);
}

/* RM0090 §3.6.1: option bytes are loaded at reset (power-on, NRST,
 * software); OPTCR shows them, locked. */
void f4_options_load(struct f4_chip *c)
{
    c->opt.loaded = stored(c);
    c->opt.optcr = optcr_of(c, &c->opt.loaded) | OPTCR_OPTLOCK;
    c->opt.key = F4_KEY_LOCKED;
    c->opt.regression = false;
}

int f4_options_rdp_level(const struct f4_chip *c)
{
    return level_of(c->opt.loaded.rdp);
}

bool f4_options_sector_protected(const struct f4_chip *c, unsigned sector)
{
    return sector < c->fp->nwrp_bits && !(c->opt.loaded.nwrp & (1u << sector));
}

uint32_t f4_optcr_read(const struct f4_chip *c)
{
    uint32_t v = c->opt.optcr & ~(OPTCR_OPTLOCK | OPTCR_OPTSTRT);
    if (c->opt.key != F4_KEY_UNLOCKED)
        v |= OPTCR_OPTLOCK;
    if (c->fl.op == F4_OP_OPTIONS)        /* cleared with BSY */
        v |= OPTCR_OPTSTRT;
    return v;
}

int f4_optkeyr_write(struct f4_chip *c, uint32_t val)
{
    /* Same rule as FLASH_KEYR (RM0090 §3.6.2): a wrong sequence keeps
     * OPTCR locked until the next reset. */
    if (c->opt.key == F4_KEY_LOCKED && val == OPTKEY1) {
        c->opt.key = F4_KEY_GOT_KEY1;
        return 0;
    }
    if (c->opt.key == F4_KEY_GOT_KEY1 && val == OPTKEY2) {
        c->opt.key = F4_KEY_UNLOCKED;
        return 0;
    }
    c->opt.key = F4_KEY_BLOCKED;
    return -1;
}

static void start_programming(struct f4_chip *c)
{
    /* Level 2 is final: option bytes can no longer be changed. */
    if (level_of(c->opt.loaded.rdp) == 2 || level_of(stored(c).rdp) == 2)
        return;
    uint8_t new_rdp = (uint8_t)((c->opt.optcr & OPTCR_RDP_MASK) >> OPTCR_RDP_SHIFT);
    bool was_level1 = level_of(c->opt.loaded.rdp) == 1 ||
                      level_of(stored(c).rdp) == 1;
    c->opt.regression = was_level1 && new_rdp == RDP_LEVEL0;
    sim_ns t = c->fp->times->options;
    if (c->opt.regression)       /* RM0090 §3.7.3: mass erase comes first */
        t += f4_flash_mass_erase_time(c);
    f4_flash_start_busy(c, F4_OP_OPTIONS, t);
}

int f4_optcr_write(struct f4_chip *c, uint32_t val)
{
    if (c->opt.key != F4_KEY_UNLOCKED || f4_flash_busy(c))
        return 0;                          /* locked or busy: ignored */
    uint32_t writable = OPTCR_USER_MASK | OPTCR_RDP_MASK |
                        ((uint32_t)nwrp_mask(c) << OPTCR_NWRP_SHIFT);
    c->opt.optcr = (c->opt.optcr & ~writable) | (val & writable);
    if (val & OPTCR_OPTLOCK) {
        c->opt.key = F4_KEY_LOCKED;
        return 0;
    }
    if (val & OPTCR_OPTSTRT)
        start_programming(c);
    return 0;
}

void f4_options_complete(struct f4_chip *c)
{
    if (c->opt.regression) {
        /* Main flash and backup SRAM are erased; OTP is kept (§4.1). */
        f4_flash_erase_all(c);
        memset(c->bkpsram, 0, F4_BKPSRAM_SIZE);
        sim_stats.flash_erases++;
        c->opt.regression = false;
    }
    uint32_t v = c->opt.optcr;
    struct f4_options o = stored(c);
    o.user = (uint8_t)(v & OPTCR_USER_MASK);
    o.rdp = (uint8_t)((v & OPTCR_RDP_MASK) >> OPTCR_RDP_SHIFT);
    o.nwrp = (uint16_t)((o.nwrp & ~nwrp_mask(c)) |
                        ((v >> OPTCR_NWRP_SHIFT) & nwrp_mask(c)));
    store(c, &o);
    /* Protections keep using the loaded copy until the next reset
     * ("option bytes are reloaded at reset only", stm32-families.md §4.1). */
}

int f4_optbytes_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                     unsigned size, uint32_t *val)
{
    (void)who;
    const struct f4_chip *c = ctx;
    *val = 0;
    if (off < F4_NVM_OPTIONS_SIZE && size <= F4_NVM_OPTIONS_SIZE - off)
        memcpy(val, c->nvm_options + off, size);
    return 0;
}
