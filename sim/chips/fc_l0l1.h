/* STM32L0/L1 flash controller on the bench ("PECR style"; RM0367 §3,
 * RM0038 §3; stm32-families.md §2.3, §4.1, §4.2): private to fc_l0l1*.c
 * and parts_l0l1.c.
 *
 *   fc_l0l1.c          registers, keys, program memory (word, half-page,
 *                      page erase), timing, the mcu_flash_ops table
 *   fc_l0l1_options.c  option bytes at 0x1FF80000 (value/complement
 *                      words), OBL, RDP levels and the 1 -> 0 regression,
 *                      WRP, the factory words (UID, flash size) nearby
 *   fc_l0l1_eeprom.c   data EEPROM at 0x08080000 (a region of its own)
 *
 * Non-volatile bytes (m->nvm_ctl): the 256-byte image of the option page
 * 0x1FF80000..0x1FF800FF as written, then the data EEPROM. */
#ifndef SIM_CHIPS_FC_L0L1_H
#define SIM_CHIPS_FC_L0L1_H

#include <stdbool.h>
#include <stdint.h>

#include "chips/mcu.h"

#define L0L1_EEPROM_BASE   0x08080000u   /* RM0367 §3.2, RM0038 §3.2 */
#define L0L1_OPT_BASE      0x1FF80000u
#define L0L1_OPT_IMAGE     0x100u        /* option words live below 0x100 */
#define L0L1_SECTOR_BYTES  4096u         /* one WRP bit (stm32-families.md §2.3) */
#define L0L1_MAX_WRP_WORDS 8u            /* L1 cat.5: 128 sectors, 16 bits each */

enum l0l1_gen { L0L1_GEN_L0, L0L1_GEN_L1 };

/* Controller row data (mcu_part_data.flash_data). */
struct l0l1_part {
    enum l0l1_gen gen;
    uint32_t page_bytes;          /* 128 (L0) / 256 (L1) */
    uint32_t eeprom_bytes;        /* data EEPROM */
    uint32_t bank2_off;           /* offset of bank 2 in flash, 0: one bank */
    unsigned wrp_words;           /* 16-bit WRP option words in use */
    bool has_bfb2;                /* dual-bank parts: BFB2 user bit */
    bool has_nzdisable;           /* L0 cat.5 PECR.NZDISABLE */
    uint16_t fsize_off, uid_off;  /* factory words in the option page */
    sim_ns tprog;                 /* word / half-page / page erase, typical */
};

enum l0l1_op { L0L1_OP_NONE, L0L1_OP_PROGRAM, L0L1_OP_ERASE, L0L1_OP_EEPROM,
               L0L1_OP_OPTION, L0L1_OP_REGRESSION };

/* Option bytes as loaded (OBL at reset or OBL_LAUNCH). */
struct l0l1_loaded {
    uint8_t rdp;                  /* RDP byte, 0x00 if its word is invalid */
    bool rdp_valid;
    uint16_t rdp_hi;              /* WPRMOD (L0) / SPRMOD byte */
    uint16_t user;                /* USER half-word */
    uint32_t wrp[L0L1_MAX_WRP_WORDS / 2]; /* WRPR1..4, 1 = protected */
    bool optverr, optverr_usr;
};

struct l0l1_fc {
    uint32_t acr, pecr, sr;
    unsigned pe_keys, prg_keys, opt_keys;  /* keys seen of each sequence */
    bool keys_blocked;            /* wrong key: locked until reset */
    enum l0l1_op op;
    sim_ns busy_until;
    /* Half-page programming: words latched until the last one arrives. */
    bool hp_open;
    uint32_t hp_off;              /* flash offset of the half-page */
    uint32_t hp_seen;             /* one bit per word written */
    uint32_t hp_data[32];
    uint32_t regress_word;        /* RDP word to store after the regression */
    struct l0l1_loaded ob;
};

static inline struct l0l1_fc *l0l1_fc(const struct mcu *m) { return m->fc; }
static inline const struct l0l1_part *l0l1_part(const struct mcu *m) { return m->fdata; }

/* PECR bits (RM0367 §3.7.2, RM0038 §3.9.2) */
#define L0L1_PECR_PELOCK     (1u << 0)
#define L0L1_PECR_PRGLOCK    (1u << 1)
#define L0L1_PECR_OPTLOCK    (1u << 2)
#define L0L1_PECR_PROG       (1u << 3)
#define L0L1_PECR_DATA       (1u << 4)
#define L0L1_PECR_FIX        (1u << 8)   /* FTDW on L1 */
#define L0L1_PECR_ERASE      (1u << 9)
#define L0L1_PECR_FPRG       (1u << 10)
#define L0L1_PECR_PARALLBANK (1u << 15)
#define L0L1_PECR_EOPIE      (1u << 16)
#define L0L1_PECR_ERRIE      (1u << 17)
#define L0L1_PECR_OBL_LAUNCH (1u << 18)
#define L0L1_PECR_HALF_ARRAY (1u << 19)  /* L0 */
#define L0L1_PECR_NZDISABLE  (1u << 22)  /* L0 cat.5 */
#define L0L1_PECR_LOCKS      (L0L1_PECR_PELOCK | L0L1_PECR_PRGLOCK | L0L1_PECR_OPTLOCK)

/* SR bits (RM0367 §3.7.8, RM0038 §3.9.8); errors and EOP are w1c */
#define L0L1_SR_BSY          (1u << 0)
#define L0L1_SR_EOP          (1u << 1)
#define L0L1_SR_ENDHV        (1u << 2)
#define L0L1_SR_READY        (1u << 3)
#define L0L1_SR_WRPERR       (1u << 8)
#define L0L1_SR_PGAERR       (1u << 9)
#define L0L1_SR_SIZERR       (1u << 10)
#define L0L1_SR_OPTVERR      (1u << 11)
#define L0L1_SR_OPTVERRUSR   (1u << 12)  /* L1 */
#define L0L1_SR_RDERR        (1u << 13)  /* L0 */
#define L0L1_SR_NOTZEROERR   (1u << 16)  /* L0 */
#define L0L1_SR_FWWERR       (1u << 17)  /* L0 */

/* ---- fc_l0l1.c ---- */
extern const struct mcu_flash_ops mcu_fc_l0l1;
/* An operation of `duration` starts now (or when the running one ends). */
void l0l1_start_busy(struct mcu *m, enum l0l1_op op, sim_ns duration);
void l0l1_set_error(struct mcu *m, uint32_t bits);
bool l0l1_pe_unlocked(const struct mcu *m);
/* RDP level 1 with the debugger connected (or a boot from RAM/system
 * memory): no access to flash or data EEPROM (RM0367 §3.4.4). */
bool l0l1_access_blocked(const struct mcu *m);

/* ---- fc_l0l1_options.c ---- */
void l0l1_options_init_fresh(struct mcu *m, const struct sim_board_config *cfg);
void l0l1_options_load(struct mcu *m);
int l0l1_options_rdp_level(const struct mcu *m);
bool l0l1_sector_protected(const struct mcu *m, uint32_t off);
bool l0l1_sector_pcrop(const struct mcu *m, uint32_t off);
uint32_t l0l1_optr_value(const struct mcu *m);
uint32_t l0l1_wrpr_value(const struct mcu *m, unsigned i);
void l0l1_options_complete(struct mcu *m, enum l0l1_op op);
uint32_t l0l1_boot_address(const struct mcu *m);
int l0l1_opt_read(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                  unsigned size, uint32_t *val);
int l0l1_opt_write(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                   unsigned size, uint32_t val);

/* ---- fc_l0l1_eeprom.c ---- */
uint8_t *l0l1_eeprom(struct mcu *m);
void l0l1_eeprom_add_region(struct mcu *m);
void l0l1_eeprom_erase_all(struct mcu *m);

#endif
