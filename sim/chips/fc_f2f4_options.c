/* STM32F2/F4/F7 option bytes (RM0090 §3.6-3.7, RM0385/RM0410 §3.4-3.7;
 * stm32-families.md §4.1, §4.2): the stored OPTCR/OPTCR1 in nvm, the copy
 * loaded at reset that the protections use, FLASH_OPTKEYR/OPTCR/OPTCR1,
 * read protection levels with the level 1 -> 0 regression and its mass
 * erase, nWRP, F76x nDBANK, and where the core boots. */
#include <string.h>

#include "chips/fc_f2f4.h"

#define OPTKEY1          0x08192A3Bu      /* RM0090 §3.6.2 */
#define OPTKEY2          0x4C5D6E7Fu

/* FLASH_OPTCR (RM0090 §3.9.6; RM0410 §3.7.6) */
#define OPTCR_OPTLOCK    (1u << 0)
#define OPTCR_OPTSTRT    (1u << 1)
#define OPTCR_USER_F4    0xECu            /* BOR_LEV[3:2], WDG_SW, nRST_STOP, nRST_STDBY */
#define OPTCR_USER_F7    0xFCu            /* + WWDG_SW (bit 4) */
#define OPTCR_RDP_SHIFT  8u
#define OPTCR_RDP_MASK   (0xFFu << OPTCR_RDP_SHIFT)
#define OPTCR_NWRP_SHIFT 16u
#define OPTCR_NDBOOT     (1u << 28)       /* F76x */
#define OPTCR_NDBANK     (1u << 29)       /* F76x: 1 = single bank */
#define OPTCR_IWDG_STDBY (1u << 30)       /* F7 */
#define OPTCR_WDG_SW     (1u << 5)        /* RM0090 §3.9.10; F7 IWDG_SW */
#define OPTCR_IWDG_STOP  (1u << 31)       /* F7 */

/* RDP bytes (RM0090 §3.7.3) */
#define RDP_LEVEL0       0xAAu
#define RDP_LEVEL2       0xCCu
#define RDP_LEVEL1_DEFAULT 0xBBu          /* any other value is level 1 */

/* Memory-mapped option bytes (RM0090 §3.6 Table 16: USER, RDP at +0/+1,
 * nWRP at +8; RM0385 §3.4: 16-bit values with their complement in the
 * upper half-word at +0, +8, +0x10, +0x18). */
#define OB_F4_SIZE       16u
#define OB_F4_NWRP       8u
#define OB_F7_SIZE       32u
#define OB_F7_WORDS      4u

/* F7 BOOT_ADDx: boot address = value << 14 (RM0385 §2.5); the defaults
 * point at the ITCM views of flash (0x00200000) and system memory
 * (0x00100000), which the bench maps as the AXI addresses. */
#define BOOT_ADD_SHIFT   14u
#define BOOT_ADD_MASK    0xFFFFu
#define BOOT_ADD1_SHIFT  16u
#define ITCM_FLASH       0x00200000u
#define ITCM_SYSMEM      0x00100000u

static const struct fc_f2f4_part *row(const struct mcu *m)
{
    return f24_cof(m)->row;
}

static uint32_t nwrp_mask(const struct mcu *m)
{
    return (1u << row(m)->nwrp_bits) - 1u;
}

static uint32_t writable(const struct mcu *m)
{
    uint32_t w = OPTCR_RDP_MASK | (nwrp_mask(m) << OPTCR_NWRP_SHIFT);
    if (!row(m)->f7)
        return w | OPTCR_USER_F4;
    w |= OPTCR_USER_F7 | OPTCR_IWDG_STDBY | OPTCR_IWDG_STOP;
    if (row(m)->dual_largest)
        w |= OPTCR_NDBOOT | OPTCR_NDBANK;
    return w;
}

static uint32_t stored_optcr(const struct mcu *m)
{
    uint32_t v;
    memcpy(&v, m->nvm_ctl + F24_NVM_OPTCR, 4);
    return v;
}

static uint32_t stored_optcr1(const struct mcu *m)
{
    uint32_t v;
    memcpy(&v, m->nvm_ctl + F24_NVM_OPTCR1, 4);
    return v;
}

static int level_of(uint32_t optcr)
{
    uint8_t rdp = (uint8_t)((optcr & OPTCR_RDP_MASK) >> OPTCR_RDP_SHIFT);
    return rdp == RDP_LEVEL0 ? 0 : rdp == RDP_LEVEL2 ? 2 : 1;
}

void f24_options_init_fresh(struct mcu *m, const struct sim_board_config *cfg)
{
    memset(m->nvm_ctl, 0xFF, F24_NVM_OTP);
    /* Factory: everything erased (1) but RDP = 0xAA (F40x OPTCR
     * 0x0FFFAAED, F74x 0xC0FFAAFD with OPTLOCK). */
    uint32_t v = writable(m);
    v = (v & ~OPTCR_RDP_MASK) | ((uint32_t)RDP_LEVEL0 << OPTCR_RDP_SHIFT);
    uint32_t rdp = cfg->rdp == 1 ? RDP_LEVEL1_DEFAULT
                 : cfg->rdp == 2 ? RDP_LEVEL2 : RDP_LEVEL0;
    v = (v & ~OPTCR_RDP_MASK) | (rdp << OPTCR_RDP_SHIFT);
    for (size_t i = 0; i < cfg->n_wrp_sectors && i < SIM_MAX_WRP; i++)
        if (cfg->wrp_sectors[i] < row(m)->nwrp_bits)
            v &= ~(1u << (OPTCR_NWRP_SHIFT + cfg->wrp_sectors[i]));
    memcpy(m->nvm_ctl + F24_NVM_OPTCR, &v, 4);
    uint32_t v1 = row(m)->optcr1_factory;
    memcpy(m->nvm_ctl + F24_NVM_OPTCR1, &v1, 4);
}

/* RM0090 §3.6.1: option bytes are loaded at reset (power-on, NRST,
 * software); OPTCR shows them, locked. */
void f24_options_load(struct mcu *m)
{
    struct f24 *f = f24_of(m);
    f->optcr_loaded = f->optcr = stored_optcr(m) & writable(m);
    f->optcr1_loaded = f->optcr1 = row(m)->f7 ? stored_optcr1(m) : 0u;
    f->optkey = F24_KEY_LOCKED;
    f->regression = false;
}

int f24_rdp_level(const struct mcu *m)
{
    return level_of(f24_cof(m)->optcr_loaded);
}

bool f24_dual_bank(const struct mcu *m)
{
    return row(m)->dual_largest && !(f24_cof(m)->optcr_loaded & OPTCR_NDBANK);
}

bool f24_sector_protected(const struct mcu *m, unsigned sector)
{
    /* F76x dual bank: nWRPi protects sector i of each bank (RM0410 §3.7.6). */
    unsigned bit = f24_dual_bank(m) ? sector % (f24_sector_count(m) / 2u) : sector;
    return bit < row(m)->nwrp_bits &&
           !(f24_cof(m)->optcr_loaded & (1u << (OPTCR_NWRP_SHIFT + bit)));
}

uint32_t f24_optcr_read(const struct mcu *m)
{
    const struct f24 *f = f24_cof(m);
    uint32_t v = f->optcr & ~(OPTCR_OPTLOCK | OPTCR_OPTSTRT);
    if (f->optkey != F24_KEY_UNLOCKED)
        v |= OPTCR_OPTLOCK;
    if (f->op == F24_OP_OPTIONS)           /* cleared with BSY */
        v |= OPTCR_OPTSTRT;
    return v;
}

uint32_t f24_optcr1_read(const struct mcu *m)
{
    return f24_cof(m)->optcr1;
}

int f24_optkeyr_write(struct mcu *m, uint32_t val)
{
    /* Same rule as FLASH_KEYR (RM0090 §3.6.2): a wrong sequence keeps
     * OPTCR locked until the next reset. */
    struct f24 *f = f24_of(m);
    if (f->optkey == F24_KEY_LOCKED && val == OPTKEY1) {
        f->optkey = F24_KEY_GOT_KEY1;
        return 0;
    }
    if (f->optkey == F24_KEY_GOT_KEY1 && val == OPTKEY2) {
        f->optkey = F24_KEY_UNLOCKED;
        return 0;
    }
    f->optkey = F24_KEY_BLOCKED;
    return -1;
}

static void start_programming(struct mcu *m)
{
    struct f24 *f = f24_of(m);
    /* Level 2 is final: option bytes can no longer be changed. */
    if (level_of(f->optcr_loaded) == 2 || level_of(stored_optcr(m)) == 2)
        return;
    bool was_level1 = level_of(f->optcr_loaded) == 1 ||
                      level_of(stored_optcr(m)) == 1;
    f->regression = was_level1 && level_of(f->optcr) == 0;
    sim_ns t = row(m)->times->options;
    if (f->regression)          /* RM0090 §3.7.3: mass erase comes first */
        t += f24_mass_erase_time(m);
    f24_start_busy(m, F24_OP_OPTIONS, t);
}

int f24_optcr_write(struct mcu *m, uint32_t val)
{
    struct f24 *f = f24_of(m);
    if (f->optkey != F24_KEY_UNLOCKED || f24_busy(m))
        return 0;                          /* locked or busy: ignored */
    f->optcr = (f->optcr & ~writable(m)) | (val & writable(m));
    if (val & OPTCR_OPTLOCK) {
        f->optkey = F24_KEY_LOCKED;
        return 0;
    }
    if (val & OPTCR_OPTSTRT)
        start_programming(m);
    return 0;
}

int f24_optcr1_write(struct mcu *m, uint32_t val)
{
    struct f24 *f = f24_of(m);
    if (f->optkey == F24_KEY_UNLOCKED && !f24_busy(m))
        f->optcr1 = val;
    return 0;
}

void f24_options_complete(struct mcu *m)
{
    struct f24 *f = f24_of(m);
    if (f->regression) {
        /* Main flash and backup SRAM are erased; OTP is kept (§4.1). */
        mcu_flash_erase_all(m);
        memset(f->bkpsram, 0, sizeof f->bkpsram);
        sim_stats.flash_erases++;
        f->regression = false;
    }
    uint32_t v = (stored_optcr(m) & ~writable(m)) | (f->optcr & writable(m));
    memcpy(m->nvm_ctl + F24_NVM_OPTCR, &v, 4);
    if (row(m)->f7)
        memcpy(m->nvm_ctl + F24_NVM_OPTCR1, &f->optcr1, 4);
    /* Protections keep using the loaded copy until the next reset
     * ("option bytes are reloaded at reset only", stm32-families.md §4.1). */
}

/* The memory-mapped option bytes, built from the stored words. */
int f24_opt_read(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                 unsigned size, uint32_t *val)
{
    (void)who;
    uint8_t img[OB_F7_SIZE];
    uint32_t optcr = stored_optcr(m), n;
    memset(img, 0xFF, sizeof img);
    if (row(m)->f7) {
        uint32_t half[OB_F7_WORDS] = {
            optcr & BOOT_ADD_MASK, optcr >> 16,
            stored_optcr1(m) & BOOT_ADD_MASK, stored_optcr1(m) >> BOOT_ADD1_SHIFT,
        };
        for (unsigned i = 0; i < OB_F7_WORDS; i++) {
            uint32_t w = half[i] | ((~half[i] & BOOT_ADD_MASK) << 16);
            memcpy(img + 8u * i, &w, 4);
        }
        n = OB_F7_SIZE;
    } else {
        img[0] = (uint8_t)(optcr & OPTCR_USER_F4);
        img[1] = (uint8_t)(optcr >> OPTCR_RDP_SHIFT);
        uint16_t nwrp = (uint16_t)((0xFFFFu & ~nwrp_mask(m)) |
                                   ((optcr >> OPTCR_NWRP_SHIFT) & nwrp_mask(m)));
        memcpy(img + OB_F4_NWRP, &nwrp, 2);
        n = OB_F4_SIZE;
    }
    *val = 0;
    if (off < n && size <= n - off)
        memcpy(val, img + off, size);
    return 0;
}

/* RM0090 §2.4: BOOT0 = 0 boots flash, BOOT0 = 1 (BOOT1 = 0) system
 * memory.  F7 (RM0385 §2.5): BOOT0 picks BOOT_ADD0 or BOOT_ADD1. */
uint32_t f24_boot_address(const struct mcu *m)
{
    const struct mcu_layout *L = m->lay;
    if (!row(m)->f7)
        return m->boot0 ? L->sysmem_base : L->flash_base;
    uint32_t v1 = f24_cof(m)->optcr1_loaded;
    uint32_t add = (m->boot0 ? v1 >> BOOT_ADD1_SHIFT : v1) & BOOT_ADD_MASK;
    uint32_t a = add << BOOT_ADD_SHIFT;
    if (a - ITCM_FLASH < m->flash_size)
        return L->flash_base + (a - ITCM_FLASH);
    if (a - ITCM_SYSMEM < L->sysmem_size)
        return L->sysmem_base + (a - ITCM_SYSMEM);
    return a;
}

/* WDG_SW = 0 in the loaded option bytes: the hardware watchdog, which the
 * IWDG starts at every reset (RM0090 §19.3.2). */
bool f24_iwdg_hardware(const struct mcu *m)
{
    return !(f24_cof(m)->optcr_loaded & OPTCR_WDG_SW);
}
