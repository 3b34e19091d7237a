/* The F0/F1/F3 flash controller ("FPEC") plug-in of the generic STM32
 * (chips/mcu.h): RM0008 §3 + PM0075 (F1), RM0091 §3 (F0), RM0316 §4 (F3);
 * stm32-families.md §2.1, §3, §4.2.  Files:
 *   fc_f1.c          registers, half-word programming, page/mass erase,
 *                    BSY/EOP/PGERR/WRPRTERR, the F1 XL second bank
 *   fc_f1_options.c  option bytes at 0x1FFFF800: nvm image, OPTPG/OPTER,
 *                    loading at reset (OBR, WRPR), RDP levels, boot choice
 * Part rows and layouts: parts_f0f1f3.c. */
#ifndef SIM_CHIPS_FC_F1_H
#define SIM_CHIPS_FC_F1_H

#include <stdbool.h>
#include <stdint.h>

#include "chips/mcu.h"
#include "clock.h"

/* Which reference manual the controller follows: option-byte meanings,
 * OBR layout, RDP encoding (F1 0xA5 / two levels; F0/F3 0xAA/0xCC),
 * OBL_LAUNCH (F0/F3 only). */
enum fc_f1_line { FC_F1_LINE_F1, FC_F1_LINE_F0, FC_F1_LINE_F3 };

/* Row data of one die (mcu_part_data.flash_data). */
struct fc_f1_part {
    enum fc_f1_line line;
    uint32_t page_size;          /* 1 KiB or 2 KiB (§2.1) */
    uint32_t bank1_size;         /* F1 XL: 512 KiB, bank 2 after it; 0: one bank */
    uint8_t pages_per_wrp;       /* pages one WRP bit covers */
    uint8_t wrp_bytes;           /* WRP option bytes: 4, or 2 on F03x/F05x */
    bool wrp_last_bit_rest;      /* F1: WRP bit 31 covers every page after */
    bool boot_sel;               /* F04x/F09x: nBOOT0 + BOOT_SEL options */
    /* Datasheet typical times (stm32-families.md §3). */
    sim_ns t_prog;               /* one half-word */
    sim_ns t_page_erase;
    sim_ns t_mass_erase;
};

/* Register block (RM0008 §3.4; bank 2 of the XL parts at +0x40). */
#define FC_F1_ACR       0x00u
#define FC_F1_KEYR      0x04u
#define FC_F1_OPTKEYR   0x08u
#define FC_F1_SR        0x0Cu
#define FC_F1_CR        0x10u
#define FC_F1_AR        0x14u
#define FC_F1_OBR       0x1Cu
#define FC_F1_WRPR      0x20u
#define FC_F1_BANK2     0x40u

#define FC_F1_KEY1      0x45670123u   /* RM0008 §3.3.1: KEYR and OPTKEYR */
#define FC_F1_KEY2      0xCDEF89ABu

#define FC_F1_SR_BSY       (1u << 0)
#define FC_F1_SR_PGERR     (1u << 2)
#define FC_F1_SR_WRPRTERR  (1u << 4)
#define FC_F1_SR_EOP       (1u << 5)
#define FC_F1_SR_W1C       (FC_F1_SR_PGERR | FC_F1_SR_WRPRTERR | FC_F1_SR_EOP)

#define FC_F1_CR_PG         (1u << 0)
#define FC_F1_CR_PER        (1u << 1)
#define FC_F1_CR_MER        (1u << 2)
#define FC_F1_CR_OPTPG      (1u << 4)
#define FC_F1_CR_OPTER      (1u << 5)
#define FC_F1_CR_STRT       (1u << 6)
#define FC_F1_CR_LOCK       (1u << 7)
#define FC_F1_CR_OPTWRE     (1u << 9)
#define FC_F1_CR_ERRIE      (1u << 10)
#define FC_F1_CR_EOPIE      (1u << 12)
#define FC_F1_CR_OBL_LAUNCH (1u << 13)   /* F0/F3 only */

/* Option bytes: eight half-words at 0x1FFFF800, data byte low, its
 * complement high (stm32-families.md §4.2). */
#define FC_F1_OB_SIZE   16u
#define FC_F1_OB_RDP    0u
#define FC_F1_OB_USER   1u
#define FC_F1_OB_DATA0  2u
#define FC_F1_OB_DATA1  3u
#define FC_F1_OB_WRP0   4u

#define FC_F1_RDP_F1_UNPROT  0xA5u    /* PM0075 §2.4.1 */
#define FC_F1_RDP_LEVEL0     0xAAu    /* F0/F3 (RM0091 §4.1.1) */
#define FC_F1_RDP_LEVEL2     0xCCu

enum fc_f1_key { FC_F1_KEY_LOCKED, FC_F1_KEY_GOT1, FC_F1_KEY_OPEN,
                 FC_F1_KEY_BLOCKED /* wrong sequence: until reset */ };

enum fc_f1_op { FC_F1_OP_NONE, FC_F1_OP_PROGRAM, FC_F1_OP_PAGE_ERASE,
                FC_F1_OP_MASS_ERASE, FC_F1_OP_OPT_ERASE, FC_F1_OP_OPT_PROGRAM };

struct fc_f1_bank {
    uint32_t sr, cr, ar;
    enum fc_f1_key key;
    enum fc_f1_op op;
    sim_ns busy_until;
    uint32_t target;             /* page offset of an erase */
};

/* The option bytes as loaded at the last reset (what protections use). */
struct fc_f1_loaded {
    uint8_t byte[FC_F1_OB_SIZE / 2];   /* after the complement check */
    bool opterr;
    int rdp_level;
    uint32_t wrpr;               /* 1 = not protected */
};

struct fc_f1 {
    uint32_t acr;
    struct fc_f1_bank bank[2];
    enum fc_f1_key optkey;       /* OPTKEYR sequence, sets CR.OPTWRE */
    struct fc_f1_loaded ob;
    /* F1 at level 1: the first 4 KiB stay write-protected until a reset,
     * even after the level went back to 0 (PM0075 §2.4.1; a forum report
     * in stm32-families.md §4.1). */
    bool rdp1_low_pages_locked;
};

static inline struct fc_f1 *fc_f1_of(struct mcu *m) { return m->fc; }
static inline const struct fc_f1 *fc_f1_cof(const struct mcu *m) { return m->fc; }
static inline const struct fc_f1_part *fc_f1_part_of(const struct mcu *m)
{
    return m->fdata;
}

extern const struct mcu_flash_ops fc_f1_ops;

/* fc_f1.c, for the options file */
void fc_f1_start_busy(struct mcu *m, unsigned bank, enum fc_f1_op op, sim_ns t);
void fc_f1_set_error(struct mcu *m, unsigned bank, uint32_t bit);
bool fc_f1_any_busy(const struct mcu *m);

/* fc_f1_options.c */
size_t fc_f1_nvm_size(const struct sim_chip_part *part);
void fc_f1_options_init_fresh(struct mcu *m, const struct sim_board_config *cfg);
void fc_f1_options_load(struct mcu *m);
int fc_f1_rdp_level(const struct mcu *m);
bool fc_f1_page_protected(const struct mcu *m, uint32_t page);
uint32_t fc_f1_obr(const struct mcu *m);
void fc_f1_option_erase(struct mcu *m);
int fc_f1_opt_read(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                   unsigned size, uint32_t *val);
int fc_f1_opt_write(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                    unsigned size, uint32_t val);
uint32_t fc_f1_boot_address(const struct mcu *m);

#endif
