/* The STM32L0/L1 flash driver ("PECR" controller, erased = 0x00), shared
 * between flash_l0l1.c (unlock, page erase, program, geometry),
 * flash_l0l1_options.c (option bytes) and the part rows in parts_l0l1.c.
 * Facts: stm32-families.md §2.3, §4.2; RM0367 (L0x3), RM0038 (L1);
 * openocd src/flash/nor/stm32lx.c. */
#ifndef SD_STM32_FLASH_L0L1_H
#define SD_STM32_FLASH_L0L1_H

#include <stdbool.h>
#include <stdint.h>

#include "stm32.h"

/* Register offsets from the controller base (L0 0x40022000, L1 0x40023C00;
 * RM0367 §3.7, RM0038 §3.9). */
#define L0L1_FLASH_PECR    0x04u
#define L0L1_FLASH_PEKEYR  0x0Cu
#define L0L1_FLASH_PRGKEYR 0x10u
#define L0L1_FLASH_OPTKEYR 0x14u
#define L0L1_FLASH_SR      0x18u
#define L0L1_FLASH_OBR     0x1Cu   /* FLASH_OPTR on the L0 */
#define L0L1_FLASH_WRPR1   0x20u

#define L0L1_PECR_PELOCK     (1u << 0)
#define L0L1_PECR_PRGLOCK    (1u << 1)
#define L0L1_PECR_OPTLOCK    (1u << 2)
#define L0L1_PECR_PROG       (1u << 3)
#define L0L1_PECR_ERASE      (1u << 9)
#define L0L1_PECR_FPRG       (1u << 10)
#define L0L1_PECR_OBL_LAUNCH (1u << 18)

#define L0L1_SR_BSY        (1u << 0)
#define L0L1_SR_EOP        (1u << 1)
#define L0L1_SR_WRPERR     (1u << 8)
#define L0L1_SR_PGAERR     (1u << 9)
#define L0L1_SR_SIZERR     (1u << 10)
#define L0L1_SR_OPTVERR    (1u << 11)
#define L0L1_SR_OPTVERRUSR (1u << 12)   /* L1 */
#define L0L1_SR_RDERR      (1u << 13)   /* L0 */
#define L0L1_SR_NOTZEROERR (1u << 16)   /* L0 */
#define L0L1_SR_FWWERR     (1u << 17)   /* L0 */
#define L0L1_SR_ERRORS     (L0L1_SR_WRPERR | L0L1_SR_PGAERR | L0L1_SR_SIZERR | L0L1_SR_RDERR | \
                            L0L1_SR_NOTZEROERR | L0L1_SR_FWWERR)
#define L0L1_SR_W1C        (L0L1_SR_ERRORS | L0L1_SR_EOP | L0L1_SR_OPTVERR | L0L1_SR_OPTVERRUSR)

/* Words of struct stm32_ob: FLASH_OBR/OPTR, then FLASH_WRPR1..4. */
enum l0l1_ob_word { L0L1_OB_OBR, L0L1_OB_WRPR1, L0L1_OB_WRPR2, L0L1_OB_WRPR3, L0L1_OB_WRPR4,
                    L0L1_OB_WORDS };

enum l0l1_gen { L0L1_L0, L0L1_L1 };

/* How the flash-size register reads (stm32-families.md §1.2 quirks). */
enum l0l1_fsize { L0L1_FSIZE_KIB, L0L1_FSIZE_LOW_BYTE, L0L1_FSIZE_CODE_384_256 };

/* One DEV_ID's controller data (stm32_part.flash_data). */
struct l0l1_row {
    enum l0l1_gen gen;
    uint32_t page_size;           /* 128 (L0) / 256 (L1) */
    unsigned wrpr_regs;           /* FLASH_WRPRx registers at the largest size */
    uint32_t dual_min_kib;        /* two banks from this size on (0: never) */
    enum l0l1_fsize fsize;
    uint32_t eeprom_kib_max;      /* data EEPROM at 0x08080000 (not programmed) */
    unsigned tprog_us;            /* word / half-page / page erase, typical */
};

const struct l0l1_row *l0l1_row_of(const struct stm32_chip *c);
uint32_t l0l1_reg(const struct stm32_chip *c, uint32_t off);
/* Unlock PECR (PEKEYR) and, with `options`, the option bytes (OPTKEYR);
 * program memory (PRGKEYR) otherwise. */
int l0l1_unlock_keys(struct stm32_chip *c, bool options);
/* Wait for BSY to clear, then turn SR error flags into a message. */
int l0l1_wait(struct stm32_chip *c, unsigned expect_ms, unsigned timeout_ms, const char *what);
/* FLASH_WRPRx registers this chip has (by its flash size). */
unsigned l0l1_wrpr_count(const struct stm32_chip *c);

/* flash_l0l1_options.c */
int l0l1_ob_read(struct stm32_chip *c, struct stm32_ob *ob);
int l0l1_ob_write(struct stm32_chip *c, const struct stm32_ob *ob);
const char *l0l1_ob_irreversible(const struct stm32_chip *c, const struct stm32_ob *now,
                                 const struct stm32_ob *want);
const struct stm32_ob_field *l0l1_ob_fields_for(const struct stm32_chip *c);

/* The L0 single-bank table (ob_fields); ob_fields_for picks per chip. */
extern const struct stm32_ob_field l0l1_fields_l0[];

#define L0L1_RDP_VALUES { 0xAAu, 0xBBu, 0xCCu }

#endif
