/* STM32H7 flash controller plug-in for the generic shell (chips/mcu.h):
 * two banks with their own register sets, 256-bit (H74x/H75x, H72x/H73x)
 * or 128-bit (H7A3/B3) flash words, register-only option bytes, and the
 * PWR_CR3 supply configuration checked against the board's wiring.
 * Facts: stm32-families.md §2.6 (controller), §3 (timing), §4.2 (option
 * bytes), §6.2 (PWR_CR3); RM0433 (H742/743/750/753), RM0399 (H745/747),
 * RM0468 (H72x/H73x), RM0455 (H7A3/B3).
 *
 * Files: fc_h7.c (banks: keys, program, erase, status, the ops table),
 * fc_h7_options.c (OPTKEYR, OPTCR, OPTSR/BOOT/WPSN, RDP), h7_pwr.c
 * (PWR block with the write-once CR3), parts_h7.c (rows and layouts). */
#ifndef SIM_CHIPS_FC_H7_H
#define SIM_CHIPS_FC_H7_H

#include <stdbool.h>
#include <stdint.h>

#include "chips/mcu.h"

#define H7_MAX_BANKS      2
#define H7_MAX_WORD_BYTES 32u

/* Timing per program/erase parallelism (PSIZE x8, x16, x32, x64; parts
 * without PSIZE use index 3). */
struct h7_times {
    sim_ns program[4];           /* one flash word */
    sim_ns sector[4];            /* one sector */
    sim_ns bank[4];              /* bank erase (BER) */
    sim_ns options;              /* OPTSTART to OPT_BUSY low */
};

/* Flash control register bit layout: H74x/H72x and H7A3/B3 differ
 * (stm32-families.md §2.6; openocd stm32h7x.c compute_flash_cr). */
struct h7_cr_bits {
    uint32_t fw, start;
    uint8_t snb_shift;
    uint32_t snb_mask;           /* after the shift */
    uint8_t psize_shift;         /* 0: no PSIZE field */
};

/* Row data of one die (mcu_part_data.flash_data). */
struct h7_fc_part {
    uint32_t word_bytes;         /* 32, or 16 on H7A3/B3 */
    uint32_t sector_bytes;       /* 128 KiB, or 8 KiB on H7A3/B3 */
    unsigned sectors_per_bank;
    unsigned banks;              /* 1 (H72x/H73x) or 2 */
    uint32_t bank2_off;          /* bank 2 at flash_base + this (0x100000) */
    const struct h7_cr_bits *cr;
    bool dual_core;              /* H745/747: BCM4/BCM7, BOOT4 register */
    bool smps;                   /* PWR_CR3 has SMPSEN (SMPS parts) */
    unsigned sectors_per_wpsn_bit; /* 1, or 4 on H7A3/B3 */
    uint32_t optsr_factory;      /* OPTSR as shipped */
    uint32_t boot7_factory;      /* BOOT_CUR / BOOT7_CUR as shipped */
    uint32_t boot4_factory;      /* BOOT4_CUR (dual core) */
    const struct h7_times *times;
};

/* ---- Option bytes (non-volatile: m->nvm_ctl) ---- */
#define H7_OB_MAGIC 0x48374F42u  /* "H7OB": the area was initialised */

struct h7_ob {
    uint32_t magic;
    uint32_t optsr;
    uint32_t boot7;              /* BOOT_CUR (single core) / BOOT7_CUR */
    uint32_t boot4;
    uint32_t wpsn[H7_MAX_BANKS];
    uint32_t prar[H7_MAX_BANKS];
    uint32_t scar[H7_MAX_BANKS];
    /* Not an option byte: the board's VCORE wiring (enum sim_supply) as
     * the scenario gave it when the state was made.  The plug-in only sees
     * the board config in init_fresh, so it keeps it with the chip. */
    uint32_t wiring;
};

/* OPTSR bits (RM0433/RM0399 FLASH_OPTSR; CMSIS stm32h747xx.h) */
#define H7_OPTSR_OPT_BUSY      (1u << 0)
#define H7_OPTSR_BOR_LEV_SHIFT 2u
#define H7_OPTSR_IWDG1_SW      (1u << 4)
#define H7_OPTSR_NRST_STOP_D1  (1u << 6)
#define H7_OPTSR_NRST_STBY_D1  (1u << 7)
#define H7_OPTSR_RDP_SHIFT     8u
#define H7_OPTSR_RDP_MASK      (0xFFu << H7_OPTSR_RDP_SHIFT)
#define H7_OPTSR_SECURITY      (1u << 21)
#define H7_OPTSR_BCM4          (1u << 22)
#define H7_OPTSR_BCM7          (1u << 23)
#define H7_OPTSR_IO_HSLV       (1u << 29)
#define H7_OPTSR_OPTCHANGEERR  (1u << 30)
#define H7_OPTSR_SWAP_BANK     (1u << 31)

#define H7_RDP_LEVEL0 0xAAu
#define H7_RDP_LEVEL2 0xCCu

/* ---- PWR (h7_pwr.c) ---- */
struct h7_pwr {
    uint32_t cr1, cr2, cr3, cpucr[2], d3cr;
    bool cr3_configured;         /* the one write per power-on happened */
    bool supply_failed;          /* VCORE collapsed: wiring mismatch */
};

/* ---- Controller state (m->fc) ---- */
enum h7_key { H7_KEY_LOCKED, H7_KEY_GOT_KEY1, H7_KEY_UNLOCKED, H7_KEY_BLOCKED };
enum h7_op { H7_OP_NONE, H7_OP_PROGRAM, H7_OP_SECTOR_ERASE, H7_OP_BANK_ERASE };

struct h7_bank {
    uint32_t cr, sr;
    enum h7_key key;
    /* Write buffer: one flash word being filled */
    uint32_t wb_off;             /* flash offset of the word */
    uint8_t wb[H7_MAX_WORD_BYTES];
    uint32_t wb_mask;            /* bytes written so far */
    enum h7_op op;
    sim_ns busy_until;
    unsigned sector;
};

struct h7_fc {
    const struct h7_fc_part *fp;
    struct h7_bank bank[H7_MAX_BANKS];
    uint32_t acr;
    /* Options */
    enum h7_key optkey;
    uint32_t optcr;
    struct h7_ob cur, prg;       /* loaded and to-be-programmed values */
    bool opt_busy, opt_changeerr, opt_regress, mass_erase;
    sim_ns opt_until;
    bool swapped;                /* SWAP_BANK as loaded at reset */
    enum sim_supply wiring;      /* the board's VCORE wiring */
    struct h7_pwr pwr;
};

static inline struct h7_fc *h7_fc(const struct mcu *m) { return (struct h7_fc *)m->fc; }

/* fc_h7.c */
extern const struct mcu_flash_ops sim_fc_h7;
unsigned h7_sector_count(const struct mcu *m);
void h7_flash_update(struct mcu *m, sim_ns now);
/* A bank operation or an option change is running. */
bool h7_any_busy(const struct mcu *m);
/* Start a bank erase of `bank` (checks WRP and RDP; errors to its SR). */
void h7_start_bank_erase(struct mcu *m, unsigned bank);

/* fc_h7_options.c */
void h7_options_fresh(struct mcu *m, const struct sim_board_config *cfg);
void h7_options_load(struct mcu *m);
int h7_options_rdp_level(const struct mcu *m);
bool h7_options_sector_protected(const struct mcu *m, unsigned bank, unsigned sector);
bool h7_options_reg_read(struct mcu *m, uint32_t off, uint32_t *val);
/* Returns 1 if the register is an option register (handled), 0 if not,
 * -1 for a bus error (wrong key). */
int h7_options_reg_write(struct mcu *m, uint32_t off, uint32_t val);
void h7_options_update(struct mcu *m, sim_ns now);
uint32_t h7_options_boot_address(const struct mcu *m);
sim_ns h7_bank_erase_time(const struct mcu *m, unsigned bank);

/* h7_pwr.c */
#define H7_PWR_BASE 0x58024800u
void h7_pwr_reset(struct mcu *m, bool power_on);
void h7_pwr_add(struct mcu *m);
/* Does the CR3 value `cr3` supply VCORE on a board wired as `wiring`? */
bool h7_pwr_supply_matches(bool smps_part, uint32_t cr3, enum sim_supply wiring);
int h7_pwr_read(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size, uint32_t *val);
int h7_pwr_write(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size, uint32_t val);

#endif
