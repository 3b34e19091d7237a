/* STM32L5 / STM32U5 flash controller on the bench (RM0438 §6, RM0456 §7;
 * stm32-families.md §2.5, §4.2): the non-secure register set at
 * 0x40022000, double-word (L5) or quad-word (U5) programming, pages in one
 * or two banks, option bytes in registers (OPTR, NSBOOTADDx, WRPxy) with
 * OPTSTRT and OBL_LAUNCH, RDP with TrustZone (TZEN, level 0.5).
 *
 * Files: fc_l5u5.c (registers, program, erase, the ops table),
 * fc_l5u5_options.c (option bytes, RDP, boot address, TrustZone rules),
 * parts_l5u5.c (layouts and part rows). */
#ifndef SIM_CHIPS_FC_L5U5_H
#define SIM_CHIPS_FC_L5U5_H

#include <stdbool.h>
#include <stdint.h>

#include "chips/mcu.h"

/* ---- Row data (mcu_part_data.flash_data) ---- */

struct fc_l5u5_row {
    bool u5;                     /* U5 register differences (BWR, WDW, WRP UNLOCK) */
    unsigned unit;               /* program unit: 8 (L5 double word), 16 (U5 quad word) */
    uint32_t page_single;        /* page size when single bank */
    uint32_t page_dual;          /* page size when dual bank */
    bool always_dual;            /* largest U5 of its die: two banks whatever OPTR says */
    uint32_t dbank_bit;          /* OPTR bit that selects dual bank (L5 DBANK 22, U5 DUALBANK 21) */
    uint32_t optr_factory;       /* OPTR as shipped (TZEN 0, RDP 0xAA) */
    uint32_t optr_writable;      /* OPTR bits the user may change */
    uint32_t nsbootadd0, nsbootadd1; /* factory boot addresses */
    /* Datasheet timings (stm32-families.md §3). */
    sim_ns t_prog;               /* one program unit */
    sim_ns t_page_erase;
    sim_ns t_bank_erase;         /* mass erase of one or both banks */
    sim_ns t_options;            /* OPTSTRT without regression */
};

/* ---- Register offsets (RM0438 §6.9, RM0456 §7.9) ---- */
#define L5U5_ACR           0x00u
#define L5U5_NSKEYR        0x08u
#define L5U5_SECKEYR       0x0Cu
#define L5U5_OPTKEYR       0x10u
#define L5U5_NSSR          0x20u
#define L5U5_SECSR         0x24u
#define L5U5_NSCR          0x28u
#define L5U5_SECCR         0x2Cu
#define L5U5_ECCR          0x30u
#define L5U5_OPTR          0x40u
#define L5U5_NSBOOTADD0R   0x44u
#define L5U5_NSBOOTADD1R   0x48u
#define L5U5_SECBOOTADD0R  0x4Cu
#define L5U5_SECWM1R1      0x50u
#define L5U5_SECWM1R2      0x54u
#define L5U5_WRP1AR        0x58u
#define L5U5_WRP1BR        0x5Cu
#define L5U5_SECWM2R1      0x60u
#define L5U5_SECWM2R2      0x64u
#define L5U5_WRP2AR        0x68u
#define L5U5_WRP2BR        0x6Cu

/* NSSR bits */
#define L5U5_SR_EOP        (1u << 0)
#define L5U5_SR_OPERR      (1u << 1)
#define L5U5_SR_PROGERR    (1u << 3)
#define L5U5_SR_WRPERR     (1u << 4)
#define L5U5_SR_PGAERR     (1u << 5)
#define L5U5_SR_SIZERR     (1u << 6)
#define L5U5_SR_PGSERR     (1u << 7)
#define L5U5_SR_OPTWERR    (1u << 13)
#define L5U5_SR_BSY        (1u << 16)
#define L5U5_SR_WDW        (1u << 17)    /* U5: a quad word is being filled */
#define L5U5_SR_W1C        (L5U5_SR_EOP | L5U5_SR_OPERR | L5U5_SR_PROGERR | \
                            L5U5_SR_WRPERR | L5U5_SR_PGAERR | L5U5_SR_SIZERR | \
                            L5U5_SR_PGSERR | L5U5_SR_OPTWERR)

/* NSCR bits (reset 0xC0000000) */
#define L5U5_CR_PG         (1u << 0)
#define L5U5_CR_PER        (1u << 1)
#define L5U5_CR_MER1       (1u << 2)
#define L5U5_CR_PNB_SHIFT  3u
#define L5U5_CR_PNB_MASK   (0x7Fu << L5U5_CR_PNB_SHIFT)
#define L5U5_CR_BKER       (1u << 11)
#define L5U5_CR_BWR        (1u << 14)    /* U5 burst write */
#define L5U5_CR_MER2       (1u << 15)
#define L5U5_CR_STRT       (1u << 16)
#define L5U5_CR_OPTSTRT    (1u << 17)
#define L5U5_CR_EOPIE      (1u << 24)
#define L5U5_CR_ERRIE      (1u << 25)
#define L5U5_CR_OBL_LAUNCH (1u << 27)
#define L5U5_CR_OPTLOCK    (1u << 30)
#define L5U5_CR_LOCK       (1u << 31)

/* OPTR fields both generations share (stm32-families.md §4.2) */
#define L5U5_OPTR_RDP_MASK   0xFFu
#define L5U5_OPTR_SWAP_BANK  (1u << 20)
#define L5U5_OPTR_nSWBOOT0   (1u << 26)
#define L5U5_OPTR_nBOOT0     (1u << 27)
#define L5U5_OPTR_TZEN       (1u << 31)

#define L5U5_RDP_LEVEL0    0xAAu
#define L5U5_RDP_LEVEL05   0x55u         /* level 0.5 only with TZEN = 1 */
#define L5U5_RDP_LEVEL2    0xCCu
#define L5U5_RDP_LEVEL1    0xBBu         /* any other value is level 1 */

/* Option registers in the order they are stored in nvm (and at
 * L5U5_OPTR + 4 * i, skipping SECBOOTADD0R's neighbours as listed). */
enum l5u5_opt {
    L5U5_OPT_OPTR, L5U5_OPT_NSBOOTADD0, L5U5_OPT_NSBOOTADD1, L5U5_OPT_SECBOOTADD0,
    L5U5_OPT_SECWM1R1, L5U5_OPT_SECWM1R2, L5U5_OPT_WRP1AR, L5U5_OPT_WRP1BR,
    L5U5_OPT_SECWM2R1, L5U5_OPT_SECWM2R2, L5U5_OPT_WRP2AR, L5U5_OPT_WRP2BR,
    L5U5_OPT_COUNT
};

#define L5U5_OTP_SYS_OFF   0x10000u      /* 0x0BFA0000 - 0x0BF90000 */
#define L5U5_OTP_SIZE      512u
#define L5U5_NVM_SIZE      (L5U5_OPT_COUNT * 4u + L5U5_OTP_SIZE)

/* ---- Controller state (m->fc) ---- */

enum l5u5_op { L5U5_OP_NONE, L5U5_OP_PROGRAM, L5U5_OP_PAGE_ERASE, L5U5_OP_MASS_ERASE,
               L5U5_OP_OPTIONS };
enum l5u5_key { L5U5_KEY_LOCKED, L5U5_KEY_GOT1, L5U5_KEY_UNLOCKED, L5U5_KEY_BLOCKED };

struct l5u5_fc {
    const struct fc_l5u5_row *row;
    uint32_t acr, sr, cr;
    enum l5u5_key key, optkey;
    enum l5u5_op op;
    sim_ns busy_until;
    /* Erase target */
    unsigned erase_bank, erase_page;
    bool erase_bank_mask[2];
    /* Words of the program unit being filled */
    uint32_t buf[4];
    unsigned buf_n;
    uint32_t buf_off;            /* offset of the unit (flash or OTP) */
    bool buf_otp;
    /* Option registers: staged (what the registers show and OPTSTRT
     * stores) and loaded (what the chip uses since the last OBL). */
    uint32_t staged[L5U5_OPT_COUNT];
    uint32_t loaded[L5U5_OPT_COUNT];
    bool regression;             /* the running OPTSTRT erases the flash first */
};

static inline struct l5u5_fc *l5u5_fc(const struct mcu *m)
{
    return (struct l5u5_fc *)m->fc;
}

/* ---- fc_l5u5_options.c ---- */
void l5u5_opt_init_fresh(struct mcu *m, const struct sim_board_config *cfg);
void l5u5_opt_load(struct mcu *m);                 /* OBL: nvm -> loaded, staged */
int l5u5_opt_rdp_level(const struct mcu *m);       /* 0 (also 0.5), 1, 2 */
bool l5u5_opt_tzen(const struct mcu *m);
bool l5u5_opt_dual_bank(const struct mcu *m);
bool l5u5_opt_page_wrp(const struct mcu *m, unsigned bank, unsigned page);
bool l5u5_opt_page_secure(const struct mcu *m, unsigned bank, unsigned page);
bool l5u5_opt_reg(uint32_t off, enum l5u5_opt *which);
uint32_t l5u5_opt_read(const struct mcu *m, enum l5u5_opt which);
void l5u5_opt_write(struct mcu *m, enum l5u5_opt which, uint32_t val);
void l5u5_opt_start(struct mcu *m);                /* OPTSTRT */
void l5u5_opt_complete(struct mcu *m);             /* the OPTSTRT time is over */
uint32_t l5u5_opt_boot_address(const struct mcu *m);

/* ---- fc_l5u5.c, for the options file ---- */
uint32_t l5u5_page_size(const struct mcu *m);
unsigned l5u5_pages_per_bank(const struct mcu *m);
void l5u5_start_busy(struct mcu *m, enum l5u5_op op, sim_ns duration);
void l5u5_set_error(struct mcu *m, uint32_t bit);

extern const struct mcu_flash_ops fc_l5u5_ops;

#endif
