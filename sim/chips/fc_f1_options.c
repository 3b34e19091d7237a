/* STM32F0/F1/F3 option bytes (RM0008 §2.5 + PM0075 §2.4-2.5, RM0091 §4,
 * RM0316 §5; stm32-families.md §4.1, §4.2): the stored block at
 * 0x1FFFF800, programming by OPTPG + half-word writes there, OPTER, the
 * copy loaded at reset (FLASH_OBR, FLASH_WRPR), read protection levels
 * with the level 1 -> 0 regression's mass erase, and the boot choice.
 *
 * nvm layout: the 16 bytes exactly as the bus reads them at 0x1FFFF800:
 * eight half-words, each a data byte (low) and its complement (high):
 *   RDP, USER, Data0, Data1, WRP0, WRP1, WRP2, WRP3. */
#include <string.h>

#include "chips/fc_f1.h"

/* RM0008 §2.5: the controller writes the complement itself; software
 * writes the data byte (openocd writes 0x00A5 for RDP). */
#define OB_FACTORY_USER   0xFFu
#define OB_FACTORY_DATA   0xFFu
#define OB_WRP_NONE       0xFFu
#define RDP_F1_PROTECTED  0x00u   /* any byte but 0xA5 */
#define RDP_F0_LEVEL1     0xBBu   /* any byte but 0xAA and 0xCC */

/* FLASH_OBR (stm32-families.md §4.2) */
#define OBR_OPTERR        (1u << 0)
#define OBR_F1_RDPRT      (1u << 1)
#define OBR_F1_USER_SHIFT 2u
#define OBR_F1_DATA_SHIFT 10u
#define OBR_F0_RDPRT_L1   (1u << 1)   /* RDPRT[1:0] = 01 */
#define OBR_F0_RDPRT_L2   (3u << 1)   /* RDPRT[1:0] = 11 */
#define OBR_F0_USER_SHIFT 8u
#define OBR_F0_DATA_SHIFT 16u

/* USER byte bits on F0/F3 (RM0091 §4.2 Table 13, RM0316 §5.1) */
#define USER_nBOOT0       (1u << 3)   /* F04x/F09x */
#define USER_nBOOT1       (1u << 4)
#define USER_BOOT_SEL     (1u << 7)   /* F04x/F09x */

#define SRAM_BASE         0x20000000u

static unsigned ob_halfwords(const struct mcu *m)
{
    return FC_F1_OB_WRP0 + fc_f1_part_of(m)->wrp_bytes;
}

static uint16_t stored(const struct mcu *m, unsigned i)
{
    return (uint16_t)(m->nvm_ctl[2 * i] | (m->nvm_ctl[2 * i + 1] << 8));
}

static void store_byte(struct mcu *m, unsigned i, uint8_t v)
{
    m->nvm_ctl[2 * i] = v;
    m->nvm_ctl[2 * i + 1] = (uint8_t)~v;
}

size_t fc_f1_nvm_size(const struct sim_chip_part *part)
{
    (void)part;
    return FC_F1_OB_SIZE;
}

static uint8_t level0_rdp(const struct mcu *m)
{
    return fc_f1_part_of(m)->line == FC_F1_LINE_F1 ? FC_F1_RDP_F1_UNPROT : FC_F1_RDP_LEVEL0;
}

/* Fresh chip: the factory block (RDP unprotected, USER/Data 0xFF, no WRP),
 * then the scenario's RDP level and write-protected pages.  wrp_sectors
 * are page numbers; each protects the WRP bit covering it. */
void fc_f1_options_init_fresh(struct mcu *m, const struct sim_board_config *cfg)
{
    const struct fc_f1_part *p = fc_f1_part_of(m);
    memset(m->nvm_ctl, 0xFF, FC_F1_OB_SIZE);
    store_byte(m, FC_F1_OB_RDP, level0_rdp(m));
    store_byte(m, FC_F1_OB_USER, OB_FACTORY_USER);
    store_byte(m, FC_F1_OB_DATA0, OB_FACTORY_DATA);
    store_byte(m, FC_F1_OB_DATA1, OB_FACTORY_DATA);
    uint8_t wrp[4] = { OB_WRP_NONE, OB_WRP_NONE, OB_WRP_NONE, OB_WRP_NONE };
    unsigned nbits = p->wrp_bytes * 8u;
    for (size_t i = 0; i < cfg->n_wrp_sectors && i < SIM_MAX_WRP; i++) {
        unsigned bit = cfg->wrp_sectors[i] / p->pages_per_wrp;
        if (bit >= nbits)
            bit = p->wrp_last_bit_rest ? nbits - 1 : nbits;
        if (bit < nbits)
            wrp[bit / 8] &= (uint8_t)~(1u << (bit % 8));
    }
    for (unsigned i = 0; i < p->wrp_bytes; i++)
        store_byte(m, FC_F1_OB_WRP0 + i, wrp[i]);
    if (cfg->rdp == 2 && p->line != FC_F1_LINE_F1)
        store_byte(m, FC_F1_OB_RDP, FC_F1_RDP_LEVEL2);
    else if (cfg->rdp >= 1)     /* F1 has no level 2: level 1 */
        store_byte(m, FC_F1_OB_RDP, p->line == FC_F1_LINE_F1 ? RDP_F1_PROTECTED
                                                             : RDP_F0_LEVEL1);
}

/* Option byte loader (RM0008 §2.5): each byte is checked against its
 * complement; a mismatch sets OPTERR and the byte loads as 0xFF, and for
 * RDP means "protected" (an erased block is level 1). */
void fc_f1_options_load(struct mcu *m)
{
    const struct fc_f1_part *p = fc_f1_part_of(m);
    struct fc_f1 *f = fc_f1_of(m);
    struct fc_f1_loaded *ob = &f->ob;
    memset(ob->byte, 0xFF, sizeof ob->byte);
    ob->opterr = false;
    bool rdp_ok = true;
    for (unsigned i = 0; i < ob_halfwords(m); i++) {
        uint16_t hw = stored(m, i);
        uint8_t b = (uint8_t)hw, c = (uint8_t)(hw >> 8);
        if ((uint8_t)(b ^ c) != 0xFFu) {
            ob->opterr = true;
            if (i == FC_F1_OB_RDP)
                rdp_ok = false;
            continue;
        }
        ob->byte[i] = b;
    }
    uint8_t rdp = ob->byte[FC_F1_OB_RDP];
    if (p->line == FC_F1_LINE_F1)
        ob->rdp_level = rdp_ok && rdp == FC_F1_RDP_F1_UNPROT ? 0 : 1;
    else if (!rdp_ok)
        ob->rdp_level = 1;
    else
        ob->rdp_level = rdp == FC_F1_RDP_LEVEL0 ? 0 : rdp == FC_F1_RDP_LEVEL2 ? 2 : 1;
    ob->wrpr = 0;
    for (unsigned i = 0; i < 4; i++)
        ob->wrpr |= (uint32_t)ob->byte[FC_F1_OB_WRP0 + i] << (8 * i);
    f->rdp1_low_pages_locked = p->line == FC_F1_LINE_F1 && ob->rdp_level == 1;
}

int fc_f1_rdp_level(const struct mcu *m)
{
    return fc_f1_cof(m)->ob.rdp_level;
}

/* WRP bit n (0 = protected) covers pages_per_wrp pages; on F1 the last
 * bit also covers every page after (RM0008 §2.5 Table 5). */
bool fc_f1_page_protected(const struct mcu *m, uint32_t page)
{
    const struct fc_f1_part *p = fc_f1_part_of(m);
    unsigned nbits = p->wrp_bytes * 8u;
    uint32_t bit = page / p->pages_per_wrp;
    if (bit >= nbits) {
        if (!p->wrp_last_bit_rest)
            return false;
        bit = nbits - 1;
    }
    return !(fc_f1_cof(m)->ob.wrpr & (1u << bit));
}

uint32_t fc_f1_obr(const struct mcu *m)
{
    const struct fc_f1_loaded *ob = &fc_f1_cof(m)->ob;
    uint32_t v = ob->opterr ? OBR_OPTERR : 0u;
    uint32_t data = ob->byte[FC_F1_OB_DATA0] | ((uint32_t)ob->byte[FC_F1_OB_DATA1] << 8);
    if (fc_f1_part_of(m)->line == FC_F1_LINE_F1) {
        if (ob->rdp_level)
            v |= OBR_F1_RDPRT;
        v |= (uint32_t)ob->byte[FC_F1_OB_USER] << OBR_F1_USER_SHIFT;
        v |= data << OBR_F1_DATA_SHIFT;
    } else {
        if (ob->rdp_level == 1)
            v |= OBR_F0_RDPRT_L1;
        else if (ob->rdp_level == 2)
            v |= OBR_F0_RDPRT_L2;
        v |= (uint32_t)ob->byte[FC_F1_OB_USER] << OBR_F0_USER_SHIFT;
        v |= data << OBR_F0_DATA_SHIFT;
    }
    return v;
}

/* ---- OPTER (RM0008 §2.5 / PM0075 §2.3.5) ---- */

void fc_f1_option_erase(struct mcu *m)
{
    const struct fc_f1_part *p = fc_f1_part_of(m);
    /* RM0091 §4.3.1: at level 2 the option bytes can no longer be erased. */
    if (fc_f1_rdp_level(m) == 2) {
        fc_f1_set_error(m, 0, FC_F1_SR_WRPRTERR);
        return;
    }
    memset(m->nvm_ctl, 0xFF, FC_F1_OB_SIZE);
    fc_f1_start_busy(m, 0, FC_F1_OP_OPT_ERASE, p->t_page_erase);
}

/* ---- The option-byte area on the bus ---- */

int fc_f1_opt_read(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                   unsigned size, uint32_t *val)
{
    (void)who;                   /* always readable (PM0075 §2.4.3) */
    *val = 0;
    for (unsigned i = 0; i < size; i++) {
        uint32_t o = off + i;
        uint8_t b = o < FC_F1_OB_SIZE ? m->nvm_ctl[o] : 0xFFu;
        *val |= (uint32_t)b << (8 * i);
    }
    return 0;
}

int fc_f1_opt_write(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                    unsigned size, uint32_t val)
{
    (void)who;
    const struct fc_f1_part *p = fc_f1_part_of(m);
    struct fc_f1_bank *b = &fc_f1_of(m)->bank[0];
    uint32_t need = FC_F1_CR_OPTPG | FC_F1_CR_OPTWRE;
    if (b->key != FC_F1_KEY_OPEN || (b->cr & need) != need)
        return 0;                /* not programming options: ignored */
    if (size != 2 || (off & 1u))
        return -1;               /* half-words only, as main flash */
    if (off >= FC_F1_OB_SIZE ||
        (b->op != FC_F1_OP_NONE && b->op != FC_F1_OP_OPT_PROGRAM)) {
        fc_f1_set_error(m, 0, FC_F1_SR_PGERR);
        return 0;
    }
    unsigned i = off / 2;
    uint8_t v = (uint8_t)val;
    int level = fc_f1_rdp_level(m);
    if (level == 2 && i == FC_F1_OB_RDP) {
        fc_f1_set_error(m, 0, FC_F1_SR_WRPRTERR);   /* RM0091 §4.3.1 */
        return 0;
    }
    if (stored(m, i) != 0xFFFFu) {
        fc_f1_set_error(m, 0, FC_F1_SR_PGERR);      /* not erased */
        return 0;
    }
    sim_ns t = p->t_prog;
    /* PM0075 §2.4.1: programming the unprotected RDP code "first forces a
     * Mass Erase of the main Flash memory" when protection is active;
     * RM0091 §4.3.1 the same for 0xAA on F0/F3. */
    if (i == FC_F1_OB_RDP && v == level0_rdp(m) && level == 1) {
        mcu_flash_erase_all(m);
        sim_stats.flash_erases++;
        t += p->t_mass_erase;
    }
    store_byte(m, i, v);
    fc_f1_start_busy(m, 0, FC_F1_OP_OPT_PROGRAM, t);
    return 0;
}

/* ---- Boot selection (RM0008 §3.4 Table 9; RM0091 §2.5 Table 3) ---- */

uint32_t fc_f1_boot_address(const struct mcu *m)
{
    const struct fc_f1_part *p = fc_f1_part_of(m);
    uint8_t user = fc_f1_cof(m)->ob.byte[FC_F1_OB_USER];
    bool boot0 = m->boot0 != 0;
    if (p->line == FC_F1_LINE_F1)     /* BOOT1 pin: assumed low */
        return boot0 ? m->lay->sysmem_base : m->lay->flash_base;
    /* F04x/F09x with BOOT_SEL = 0: BOOT0 comes from nBOOT0. */
    if (p->boot_sel && !(user & USER_BOOT_SEL))
        boot0 = !(user & USER_nBOOT0);
    if (!boot0)
        return m->lay->flash_base;
    return (user & USER_nBOOT1) ? m->lay->sysmem_base : SRAM_BASE;
}
