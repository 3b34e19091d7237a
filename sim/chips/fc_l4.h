/* The "L4-class" flash controller on the bench (stm32-families.md §2.4,
 * §4.2): STM32L4, L4+, G0, G4, WB, WL and C0 share one interface with
 * 64-bit double-word programming (ECC), FLASH_KEYR/OPTKEYR, SR, CR with
 * PNB/BKER/MER1/MER2/STRT/OPTSTRT/OBL_LAUNCH, OPTR and WRP/PCROP
 * registers.  What differs per die is data: struct fc_l4_part.
 *
 * Files:
 *   fc_l4.c          registers, program and erase, timing, the plug-in table
 *   fc_l4_options.c  option registers, OPTSTRT/OBL_LAUNCH, RDP, WRP, boot
 *                    selection, the option-byte image and OTP in the
 *                    system page
 *
 * Sources: openocd src/flash/nor/stm32l4x.c and stm32l4x.h (register
 * offsets, bank layouts, WRP field widths), ST CMSIS headers via
 * stm32-families.md, RM0351/RM0432/RM0444/RM0440/RM0434/RM0453/RM0490. */
#ifndef SIM_CHIPS_FC_L4_H
#define SIM_CHIPS_FC_L4_H

#include <stdbool.h>
#include <stdint.h>

#include "chips/mcu.h"

/* Register offsets from the controller base (stm32-families.md §2.4) */
#define FC_L4_ACR        0x00u
#define FC_L4_PDKEYR     0x04u
#define FC_L4_KEYR       0x08u
#define FC_L4_OPTKEYR    0x0Cu
#define FC_L4_SR         0x10u
#define FC_L4_CR         0x14u
#define FC_L4_ECCR       0x18u
#define FC_L4_OPT_FIRST  0x20u   /* OPTR; option registers up to 0x50 */
#define FC_L4_OPT_SLOTS  13u     /* 0x20, 0x24, ... 0x50 */

/* Option register slots (offset = 0x20 + 4 * slot) */
enum fc_l4_opt_slot {
    FC_L4_OPTR = 0,              /* 0x20 */
    FC_L4_PCROP1SR = 1,          /* 0x24 (PCROP1ASR on G0/WB/WL) */
    FC_L4_PCROP1ER = 2,          /* 0x28 */
    FC_L4_WRP1AR = 3,            /* 0x2C */
    FC_L4_WRP1BR = 4,            /* 0x30 */
    FC_L4_PCROP1BSR = 5,         /* 0x34 (G0/WB/WL) */
    FC_L4_PCROP1BER = 6,         /* 0x38 */
    FC_L4_IPCCBR = 7,            /* 0x3C (WB/WL) */
    FC_L4_PCROP2SR = 9,          /* 0x44 (dual-bank parts) */
    FC_L4_PCROP2ER = 10,         /* 0x48 */
    FC_L4_WRP2AR = 11,           /* 0x4C */
    FC_L4_WRP2BR = 12,           /* 0x50 */
};

/* FLASH_OPTR bits shared by every part (stm32-families.md §4.2) */
#define FC_L4_OPTR_RDP_MASK  0xFFu
#define FC_L4_RDP_LEVEL0     0xAAu
#define FC_L4_RDP_LEVEL2     0xCCu
#define FC_L4_RDP_LEVEL1     0xBBu   /* what the bench writes for "level 1" */

/* How the part picks BOOT0 (stm32-families.md §4.2, "Boot-selection"). */
enum fc_l4_boot_style {
    FC_L4_BOOT_PIN,              /* L47x/L48x: BOOT0 pin only, nBOOT1 */
    FC_L4_BOOT_NSWBOOT0,         /* L4x/L4+/G4/WB/WL: nSWBOOT0=0 -> nBOOT0 bit */
    FC_L4_BOOT_NBOOT_SEL,        /* G0/C0: nBOOT_SEL=1 -> nBOOT0 bit */
};

/* Where the "flash is empty" flag lives, if the part has the empty check
 * (boot from flash with an erased first word goes to system memory). */
enum fc_l4_empty_flag { FC_L4_EMPTY_NONE, FC_L4_EMPTY_ACR16, FC_L4_EMPTY_SR17 };

/* How the banks are arranged (openocd stm32l4x.c stm32l4_probe). */
enum fc_l4_banks {
    FC_L4_SINGLE,                /* one bank, page_size pages */
    FC_L4_DUAL_AT_MAX_OR_BIT,    /* L47x/L49x: dual if size == max or OPTR bit */
    FC_L4_DUAL_BIT_HALF_PAGES,   /* L4+ / G4 cat.3: dual (pages halve) if the bit */
    FC_L4_DUAL_BIT,              /* G0B/G0C: dual if the bit, same pages */
};

struct fc_l4_times {
    sim_ns program;              /* one double word */
    sim_ns page_erase;
    sim_ns mass_erase;           /* one or both banks */
    sim_ns options;              /* OPTSTRT (without a regression erase) */
};

/* One die's controller: the row data of a part (mcu_part_data.flash_data). */
struct fc_l4_part {
    const char *name;                    /* "STM32L47x/L48x (RM0351)" */
    uint32_t max_flash_kib;              /* openocd max_flash_size_kb */
    uint32_t page_size;                  /* single-bank page (bytes) */
    enum fc_l4_banks banks;
    uint32_t dual_bit;                   /* OPTR bit that selects dual bank */
    uint32_t bank2_fixed_off;            /* G4: 0x40000 always; 0: size / 2 */
    uint8_t bker_bit;                    /* 11, 13 on G0B; 0 if no BKER */
    uint8_t pnb_bits;                    /* width of CR.PNB from bit 3 */
    bool use_all_wrp;                    /* single-bank L4+/G4: WRP2x apply too */
    bool has_cfgbsy;                     /* SR.CFGBSY bit 18 (G0/C0/WB/WL) */
    bool has_dbg_swen;                   /* ACR.DBG_SWEN bit 18 (G0/G4/C0) */
    bool has_sram2_erase;                /* RDP regression clears SRAM2 */
    enum fc_l4_boot_style boot;
    enum fc_l4_empty_flag empty;
    uint32_t acr_reset;
    /* Option registers: which exist, their factory values, which bits
     * software may change (reserved bits read as in the factory value). */
    uint16_t opt_present;                /* bit per enum fc_l4_opt_slot */
    uint32_t opt_factory[FC_L4_OPT_SLOTS];
    uint32_t opt_writable[FC_L4_OPT_SLOTS];
    /* Option-byte image in the system page (offset from sysmem_base) and
     * the OTP area (1 KiB at 0x1FFF7000 on every part of the class). */
    uint32_t ob_image_off;
    uint32_t otp_off, otp_size;
    const struct fc_l4_times *times;
};

/* The bank geometry the loaded options select. */
struct fc_l4_geom {
    bool dual;
    uint32_t page_size;
    uint32_t bank_size;                  /* bytes per bank (all flash if single) */
    uint32_t bank2_off;                  /* offset of bank 2 from flash base */
    uint32_t pages_per_bank;
    uint32_t wrp_mask;                   /* significant bits of a WRP page field */
};

enum fc_l4_key { FC_L4_KEY_LOCKED, FC_L4_KEY_GOT1, FC_L4_KEY_UNLOCKED, FC_L4_KEY_BLOCKED };
enum fc_l4_op { FC_L4_OP_NONE, FC_L4_OP_PROGRAM, FC_L4_OP_PAGE_ERASE,
                FC_L4_OP_MASS_ERASE, FC_L4_OP_OPTIONS };

/* The controller's state (m->fc). */
struct fc_l4 {
    const struct fc_l4_part *p;
    enum fc_l4_key key, optkey;
    uint32_t acr, sr, cr;
    enum fc_l4_op op;
    sim_ns busy_until;
    uint32_t erase_off, erase_len;       /* page or bank(s) being erased */
    /* The first word of a double word waits here for the second one. */
    bool half_pending;
    bool half_otp;                       /* ... for the OTP, not main flash */
    uint32_t half_off, half_val;
    /* Option registers: what software sees/writes (reg) and the copy
     * loaded at the last reset that the protections use (loaded). */
    uint32_t opt_reg[FC_L4_OPT_SLOTS];
    uint32_t opt_loaded[FC_L4_OPT_SLOTS];
    bool regression;                     /* OPTSTRT with RDP 1 -> 0 */
    bool empty;                          /* empty-check flag (PEMPTY...) */
};

static inline struct fc_l4 *fc_l4_of(const struct mcu *m) { return m->fc; }

/* fc_l4.c */
void fc_l4_geometry(const struct mcu *m, struct fc_l4_geom *g);
void fc_l4_start_busy(struct mcu *m, enum fc_l4_op op, sim_ns duration);
void fc_l4_set_error(struct mcu *m, uint32_t sr_bit);
extern const struct mcu_flash_ops fc_l4_ops;

/* fc_l4_options.c */
size_t fc_l4_nvm_size(const struct sim_chip_part *part);
void fc_l4_options_init_fresh(struct mcu *m, const struct sim_board_config *cfg);
void fc_l4_options_load(struct mcu *m);
int fc_l4_rdp_level(const struct mcu *m);
bool fc_l4_access_blocked(const struct mcu *m);
bool fc_l4_page_protected(const struct mcu *m, uint32_t off);
uint32_t fc_l4_opt_read(const struct mcu *m, unsigned slot);
void fc_l4_opt_write(struct mcu *m, unsigned slot, uint32_t val);
void fc_l4_options_start(struct mcu *m);
void fc_l4_options_complete(struct mcu *m);
uint32_t fc_l4_boot_address(const struct mcu *m);
void fc_l4_refresh_sysmem(struct mcu *m);
uint8_t *fc_l4_otp(struct mcu *m);

#endif
