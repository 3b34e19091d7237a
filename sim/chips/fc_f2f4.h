/* The STM32F2/F4/F7 flash controller as a plug-in of the generic STM32
 * (chips/mcu.h): RM0033 (F2), RM0090/RM0368/RM0383 (F4), RM0385/RM0410/
 * RM0431 (F7); stm32-families.md §2.2, §3, §4.2.  Files:
 *   fc_f2f4.c          keys, program, erase, timing, BSY, OTP, registers
 *   fc_f2f4_options.c  OPTCR/OPTCR1, RDP levels, nWRP, boot selection
 *   fc_f2f4_rcc.c      the F2/F4/F7 RCC (PLL, SYSCLK switch, reset flags)
 *                      and backup SRAM, added as family peripherals */
#ifndef SIM_CHIPS_FC_F2F4_H
#define SIM_CHIPS_FC_F2F4_H

#include "chips/mcu.h"

/* ---- Row data (mcu_part_data.flash_data) ---- */

struct fc_f2f4_times {           /* per PSIZE (x8, x16, x32, x64) */
    /* By sector class: sectors 0-3 (M/8), sector 4 (M/2), the rest (M):
     * 16/64/128 KiB on F2/F4, 32/128/256 KiB on F74x/F76x (the datasheets
     * give the same typical times per class). */
    sim_ns sector_small[4];
    sim_ns sector_mid[4];
    sim_ns sector_large[4];
    sim_ns mass[4];
    sim_ns program;              /* one byte/half-word/word program */
    sim_ns options;              /* OPTSTRT without regression */
};

struct fc_f2f4_part {
    uint32_t largest_sector;     /* M in single-bank mode */
    uint32_t dual_largest;       /* M per bank with nDBANK = 0 (F76x), 0: none */
    unsigned nwrp_bits;          /* 12 on F40x/F76x, 8 on F401/F411/F72x/F74x */
    bool f7;                     /* F7 OPTCR (WWDG_SW, nDBANK, IWDG_*) + OPTCR1 BOOT_ADD */
    uint32_t otp_addr;           /* RM0090 §3.8: 0x1FFF7800; F74x/F76x 0x1FF0F000 */
    uint32_t otp_data;           /* 512 or 1024 bytes, then 16 lock bytes */
    uint32_t optcr1_factory;     /* F7: BOOT_ADD0 0x0080, BOOT_ADD1 0x0040 */
    const struct fc_f2f4_times *times;
};

extern const struct mcu_flash_ops fc_f2f4_ops;

/* ---- State (m->fc) ---- */

enum f24_key { F24_KEY_LOCKED, F24_KEY_GOT_KEY1, F24_KEY_UNLOCKED,
               F24_KEY_BLOCKED /* wrong sequence: locked until reset */ };

enum f24_op { F24_OP_NONE, F24_OP_PROGRAM, F24_OP_SECTOR_ERASE,
              F24_OP_MASS_ERASE, F24_OP_OPTIONS };

#define F24_BKPSRAM_SIZE 0x1000u
#define F24_OTP_LOCK     16u

struct f24 {
    const struct fc_f2f4_part *row;
    /* Flash interface */
    uint32_t acr, sr, cr;
    enum f24_key key;
    enum f24_op op;
    sim_ns busy_until;
    unsigned sector;             /* sector erase target (index in the map) */
    bool mass_bank[2];           /* banks a mass erase clears */
    /* Option bytes: loaded at the last reset; the register being edited */
    uint32_t optcr_loaded, optcr1_loaded;
    uint32_t optcr, optcr1;
    enum f24_key optkey;
    bool regression;             /* OPTSTRT in progress erases flash first */
    /* Backup SRAM (on VBAT: kept over resets; erased by RDP regression) */
    uint8_t bkpsram[F24_BKPSRAM_SIZE];
    uint32_t hclk_hz;            /* RCC: the core clock */
};

static inline struct f24 *f24_of(struct mcu *m) { return m->fc; }
static inline const struct f24 *f24_cof(const struct mcu *m) { return m->fc; }

/* nvm_ctl layout (ours): [0..3] OPTCR as stored, [4..7] OPTCR1, [8..15]
 * reserved, [16..] OTP data then 16 lock bytes. */
#define F24_NVM_OPTCR    0u
#define F24_NVM_OPTCR1   4u
#define F24_NVM_OTP      16u

/* fc_f2f4.c */
unsigned f24_sector_count(const struct mcu *m);
bool f24_sector_of(const struct mcu *m, uint32_t off, unsigned *sector);
sim_ns f24_mass_erase_time(const struct mcu *m);
void f24_start_busy(struct mcu *m, enum f24_op op, sim_ns duration);
bool f24_busy(const struct mcu *m);

/* fc_f2f4_options.c */
void f24_options_init_fresh(struct mcu *m, const struct sim_board_config *cfg);
void f24_options_load(struct mcu *m);                 /* at reset */
int f24_rdp_level(const struct mcu *m);               /* loaded: 0, 1 or 2 */
bool f24_dual_bank(const struct mcu *m);              /* F76x with nDBANK = 0 */
bool f24_sector_protected(const struct mcu *m, unsigned sector);
uint32_t f24_optcr_read(const struct mcu *m);
uint32_t f24_optcr1_read(const struct mcu *m);
int f24_optkeyr_write(struct mcu *m, uint32_t val);
int f24_optcr_write(struct mcu *m, uint32_t val);
int f24_optcr1_write(struct mcu *m, uint32_t val);
void f24_options_complete(struct mcu *m);             /* end of OPTSTRT busy */
int f24_opt_read(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                 unsigned size, uint32_t *val);
uint32_t f24_boot_address(const struct mcu *m);
bool f24_iwdg_hardware(const struct mcu *m);           /* WDG_SW = 0 */

/* fc_f2f4_rcc.c */
void f24_rcc_reset(struct mcu *m);
void f24_rcc_enter_stop(struct mcu *m);
void f24_add_peripherals(struct mcu *m);

#endif
