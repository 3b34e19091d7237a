/* STM32L0/L1 option bytes (RM0367 §3.4, RM0038 §3.8; stm32-families.md
 * §4.1, §4.2): 32-bit words at 0x1FF80000, each a 16-bit value with its
 * complement in the upper half; loaded into OPTR/OBR and WRPRx at reset
 * or OBL_LAUNCH; RDP levels, the 1 -> 0 regression (program memory and
 * data EEPROM erased), WRP (1 = protected) and L0's WPRMOD (PCROP).  The
 * factory words in the same page (flash size, unique ID) are served here.
 *
 * Option word offsets: RDP 0x00, USER 0x04, WRP 0x08, 0x0C, 0x10, 0x14,
 * 0x18, 0x1C, 0x80, 0x84 (CMSIS OB_TypeDef of stm32l073xx.h, stm32l152xe.h). */
#include <string.h>

#include "chips/fc_l0l1.h"

#define OPT_RDP          0x00u
#define OPT_USER         0x04u

/* RDP bytes (stm32-families.md §4.1) */
#define RDP_LEVEL0       0xAAu
#define RDP_LEVEL2       0xCCu
#define RDP_LEVEL1_CFG   0xBBu       /* any other byte is level 1 */

/* USER half-word: BOR_LEV [3:0], IWDG_SW 4, nRST_STOP 5, nRST_STDBY 6,
 * BFB2 7, L0 nBOOT1 15 (OPTR bits 16..31; RM0367 §3.7.9, RM0038 §3.9.9). */
#define USER_BFB2        (1u << 7)
#define USER_NBOOT1      (1u << 15)
/* Factory USER: BOR off, software watchdog, no reset on STOP/STANDBY,
 * nBOOT1 = 1 on L0 [R: RM0367/RM0038 option byte defaults]. */
#define USER_FACTORY_L0  0x8070u
#define USER_FACTORY_L1  0x0078u
#define WPRMOD           (1u << 0)   /* in the RDP word's high byte (L0) */

#define SRAM_BASE        0x20000000u

/* Durations: an option word is erased then programmed (two cycles); the
 * regression also erases program memory and data EEPROM.  No datasheet
 * figure for the latter: taken as three cycles [R, estimate]. */
#define OPTION_CYCLES    2u
#define REGRESSION_CYCLES 3u

static const uint16_t wrp_word_off[L0L1_MAX_WRP_WORDS] = {
    0x08, 0x0C, 0x10, 0x14, 0x18, 0x1C, 0x80, 0x84,
};
/* Unique ID words relative to the UID base: bits 31:0, 63:32, 95:64
 * (RM0367 §28.2, RM0038 §31.2). */
static const uint16_t uid_word_off[3] = { 0x00, 0x04, 0x14 };

/* ---- The stored image ---- */

static uint32_t stored(const struct mcu *m, uint32_t off)
{
    uint32_t w;
    memcpy(&w, m->nvm_ctl + off, 4);
    return w;
}

static void store(struct mcu *m, uint32_t off, uint32_t w)
{
    memcpy(m->nvm_ctl + off, &w, 4);
}

static uint32_t with_complement(uint16_t v)
{
    return (uint32_t)v | ((uint32_t)(uint16_t)~v << 16);
}

static bool word_valid(uint32_t w)
{
    return (uint16_t)w == (uint16_t)~(w >> 16);
}

static bool is_option_word(const struct mcu *m, uint32_t off)
{
    if (off == OPT_RDP || off == OPT_USER)
        return true;
    for (unsigned i = 0; i < l0l1_part(m)->wrp_words; i++)
        if (off == wrp_word_off[i])
            return true;
    return false;
}

static int level_of(uint8_t rdp, bool valid)
{
    if (!valid)
        return 1;                        /* a bad complement is level 1 */
    return rdp == RDP_LEVEL0 ? 0 : rdp == RDP_LEVEL2 ? 2 : 1;
}

static uint16_t user_factory(const struct mcu *m)
{
    return l0l1_part(m)->gen == L0L1_GEN_L0 ? USER_FACTORY_L0 : USER_FACTORY_L1;
}

void l0l1_options_init_fresh(struct mcu *m, const struct sim_board_config *cfg)
{
    const struct l0l1_part *p = l0l1_part(m);
    memset(m->nvm_ctl, 0, L0L1_OPT_IMAGE + p->eeprom_bytes);
    uint8_t rdp = cfg->rdp == 1 ? RDP_LEVEL1_CFG : cfg->rdp == 2 ? RDP_LEVEL2 : RDP_LEVEL0;
    store(m, OPT_RDP, with_complement(rdp));      /* level 0: 0xFF5500AA */
    store(m, OPT_USER, with_complement(user_factory(m)));
    uint16_t wrp[L0L1_MAX_WRP_WORDS] = { 0 };
    for (size_t i = 0; i < cfg->n_wrp_sectors && i < SIM_MAX_WRP; i++) {
        unsigned s = cfg->wrp_sectors[i];
        if (s < p->wrp_words * 16u)
            wrp[s / 16u] |= (uint16_t)(1u << (s % 16u));
    }
    for (unsigned i = 0; i < p->wrp_words; i++)
        store(m, wrp_word_off[i], with_complement(wrp[i]));
}

/* OBL: the option loader copies the words into OPTR/OBR and WRPRx and
 * flags words whose complement is wrong (OPTVERR; USER on L1: OPTVERRUSR). */
void l0l1_options_load(struct mcu *m)
{
    struct l0l1_fc *fc = l0l1_fc(m);
    const struct l0l1_part *p = l0l1_part(m);
    struct l0l1_loaded ob = { 0 };
    uint32_t w = stored(m, OPT_RDP);
    ob.rdp_valid = word_valid(w);
    ob.rdp = ob.rdp_valid ? (uint8_t)w : 0x00;
    ob.rdp_hi = ob.rdp_valid ? (uint8_t)(w >> 8) : 0;
    ob.optverr = !ob.rdp_valid;
    w = stored(m, OPT_USER);
    if (word_valid(w)) {
        ob.user = (uint16_t)w;
    } else {
        ob.user = user_factory(m);
        if (p->gen == L0L1_GEN_L1)
            ob.optverr_usr = true;
        else
            ob.optverr = true;
    }
    for (unsigned i = 0; i < p->wrp_words; i++) {
        w = stored(m, wrp_word_off[i]);
        if (!word_valid(w)) {
            ob.optverr = true;
            continue;
        }
        ob.wrp[i / 2u] |= (uint32_t)(uint16_t)w << (16u * (i % 2u));
    }
    fc->ob = ob;
    if (ob.optverr)
        fc->sr |= L0L1_SR_OPTVERR;
    if (ob.optverr_usr)
        fc->sr |= L0L1_SR_OPTVERRUSR;
}

int l0l1_options_rdp_level(const struct mcu *m)
{
    const struct l0l1_loaded *ob = &l0l1_fc(m)->ob;
    return level_of(ob->rdp, ob->rdp_valid);
}

bool l0l1_sector_protected(const struct mcu *m, uint32_t off)
{
    unsigned s = off / L0L1_SECTOR_BYTES;
    if (s >= L0L1_MAX_WRP_WORDS * 16u)
        return false;
    return (l0l1_fc(m)->ob.wrp[s / 32u] >> (s % 32u)) & 1u;
}

bool l0l1_sector_pcrop(const struct mcu *m, uint32_t off)
{
    /* L0 WPRMOD = 1: the WRP bits select PCROP sectors (RM0367 §3.4.2). */
    return l0l1_part(m)->gen == L0L1_GEN_L0 && (l0l1_fc(m)->ob.rdp_hi & WPRMOD) &&
           l0l1_sector_protected(m, off);
}

uint32_t l0l1_optr_value(const struct mcu *m)
{
    const struct l0l1_loaded *ob = &l0l1_fc(m)->ob;
    uint32_t v = ob->rdp | ((uint32_t)ob->user << 16);
    if (l0l1_part(m)->gen == L0L1_GEN_L0) {
        v |= (uint32_t)(ob->rdp_hi & WPRMOD) << 8;
    } else {
        v &= 0x00FFFFFFu;               /* L1 OBR: USER bits 23:16 only */
    }
    return v;
}

uint32_t l0l1_wrpr_value(const struct mcu *m, unsigned i)
{
    return i < L0L1_MAX_WRP_WORDS / 2u ? l0l1_fc(m)->ob.wrp[i] : 0;
}

void l0l1_options_complete(struct mcu *m, enum l0l1_op op)
{
    if (op != L0L1_OP_REGRESSION)
        return;
    /* RM0367 §3.4.4: level 1 -> 0 erases program memory and data EEPROM
     * (L0: PCROP too); the WRP words are kept. */
    mcu_flash_erase_all(m);
    l0l1_eeprom_erase_all(m);
    sim_stats.flash_erases++;
    store(m, OPT_RDP, l0l1_fc(m)->regress_word);
}

uint32_t l0l1_boot_address(const struct mcu *m)
{
    const struct l0l1_loaded *ob = &l0l1_fc(m)->ob;
    const struct l0l1_part *p = l0l1_part(m);
    /* BOOT0 = 0: main flash, or with BFB2 the system memory, whose
     * bootloader then jumps to bank 2 (RM0367 §2.4).  BOOT0 = 1: system
     * memory, or SRAM when nBOOT1 = 0 (L0); the L1's BOOT1 pin is taken
     * as low. */
    if (!m->boot0)
        return p->has_bfb2 && (ob->user & USER_BFB2) ? m->lay->sysmem_base
                                                     : m->lay->flash_base;
    if (p->gen == L0L1_GEN_L0 && !(ob->user & USER_NBOOT1))
        return SRAM_BASE;
    return m->lay->sysmem_base;
}

/* ---- The option page on the bus ---- */

/* Deterministic unique ID: per part, so two scenarios of one part agree. */
static uint8_t factory_byte(const struct mcu *m, uint32_t off, bool *hit)
{
    const struct l0l1_part *p = l0l1_part(m);
    *hit = true;
    if (off >= p->fsize_off && off < p->fsize_off + 2u)
        return (uint8_t)(m->part->flash_kib >> (8u * (off - p->fsize_off)));
    for (unsigned i = 0; i < 3; i++) {
        uint32_t base = p->uid_off + uid_word_off[i];
        if (off >= base && off < base + 4u)
            return (uint8_t)(0x30u + m->part->dev_id + 7u * i + (off - base));
    }
    *hit = false;
    return 0;
}

int l0l1_opt_read(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                  unsigned size, uint32_t *val)
{
    (void)who;                           /* readable at every level < 2 */
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        bool hit;
        uint8_t b = factory_byte(m, off + i, &hit);
        if (!hit && off + i < L0L1_OPT_IMAGE)
            b = m->nvm_ctl[off + i];
        v |= (uint32_t)b << (8u * i);
    }
    *val = v;
    return 0;
}

/* Programming an option word: PELOCK and OPTLOCK clear, one 32-bit write
 * to the word (RM0367 §3.4.3; openocd stm32lx.c writes 0xFF5500AA /
 * 0xFFFF0000 to 0x1FF80000 this way). */
int l0l1_opt_write(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                   unsigned size, uint32_t val)
{
    (void)who;
    struct l0l1_fc *fc = l0l1_fc(m);
    m->fops->update(m, mcu_now(m));
    if (fc->pecr & (L0L1_PECR_PELOCK | L0L1_PECR_OPTLOCK))
        return -1;                       /* locked: bus error [R] */
    if (size != 4) {
        l0l1_set_error(m, L0L1_SR_SIZERR);
        return 0;
    }
    if (off >= L0L1_OPT_IMAGE || !is_option_word(m, off))
        return 0;                        /* factory words, reserved: ignored */
    if (fc->op == L0L1_OP_REGRESSION)
        return 0;
    if (l0l1_options_rdp_level(m) == 2) {
        l0l1_set_error(m, L0L1_SR_WRPERR); /* level 2 is final */
        return 0;
    }
    sim_ns cycle = l0l1_part(m)->tprog;
    if (off == OPT_RDP && l0l1_options_rdp_level(m) == 1 &&
        level_of((uint8_t)val, word_valid(val)) == 0) {
        fc->regress_word = val;          /* stored once everything is erased */
        l0l1_start_busy(m, L0L1_OP_REGRESSION, REGRESSION_CYCLES * cycle);
        return 0;
    }
    store(m, off, val);
    l0l1_start_busy(m, L0L1_OP_OPTION, OPTION_CYCLES * cycle);
    return 0;
}
