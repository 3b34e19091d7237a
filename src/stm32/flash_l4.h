/* The L4-class flash driver (STM32L4, L4+, G0, G4, WB, WL, C0), shared
 * between flash_l4.c (erase, program, geometry), flash_l4_options.c
 * (option bytes) and the part rows in parts_l4g0g4wbwlc0.c.
 * Facts: stm32-families.md §2.4, §4.2; openocd src/flash/nor/stm32l4x.c. */
#ifndef SD_STM32_FLASH_L4_H
#define SD_STM32_FLASH_L4_H

#include <stdbool.h>
#include <stdint.h>

#include "stm32.h"

/* Register offsets from the controller base (0x40022000, WB/WL 0x58004000). */
#define L4_FLASH_KEYR    0x08u
#define L4_FLASH_OPTKEYR 0x0Cu
#define L4_FLASH_SR      0x10u
#define L4_FLASH_CR      0x14u
#define L4_FLASH_OPTR    0x20u

/* How the banks are arranged (openocd stm32l4x.c stm32l4_probe). */
enum l4_banks {
    L4_SINGLE,                 /* one bank */
    L4_DUAL_AT_MAX_OR_BIT,     /* L47x/L49x: dual at the largest size, else OPTR bit */
    L4_DUAL_BIT_HALF_PAGES,    /* L4+/G4 cat.3: dual (half-size pages) with the bit */
    L4_DUAL_BIT,               /* G0B/G0C: dual with the bit, same pages */
};

/* Words of struct stm32_ob: the option registers in this order; a part
 * reads the ones it has (l4_row.opt_mask). */
enum l4_ob_word {
    L4_OB_OPTR, L4_OB_PCROP1SR, L4_OB_PCROP1ER, L4_OB_WRP1AR, L4_OB_WRP1BR,
    L4_OB_PCROP1BSR, L4_OB_PCROP1BER, L4_OB_PCROP2SR, L4_OB_PCROP2ER,
    L4_OB_WRP2AR, L4_OB_WRP2BR, L4_OB_WORDS
};

/* One die's controller data (stm32_part.flash_data). */
struct l4_row {
    uint32_t page_size;                  /* single-bank page, bytes */
    enum l4_banks banks;
    uint32_t dual_bit;                   /* OPTR bit that selects two banks */
    uint32_t dual_bit_half;              /* L4R/L4P below the largest size: DB1M */
    uint32_t bank2_fixed_off;            /* G47x: 0x40000; 0: half the flash */
    uint32_t bker;                       /* CR.BKER: bit 11, bit 13 on G0B */
    uint32_t busy_mask;                  /* SR.BSY (| BSY2 on G0B) */
    uint16_t opt_mask;                   /* bit per enum l4_ob_word */
    bool use_all_wrp;                    /* single bank L4+/G4 cat.3: WRP2x too */
    const struct stm32_ob_field *fields;
    unsigned program_us, page_erase_ms, mass_erase_ms;
};

/* Register offset of each option word (FLASH_OPTR at 0x20 onwards). */
extern const uint8_t l4_ob_offset[L4_OB_WORDS];

const struct l4_row *l4_row_of(const struct stm32_chip *c);

/* Bank geometry for an OPTR value. */
struct l4_geom {
    bool dual;
    uint32_t page_size, bank_size, bank2_off, pages_per_bank, wrp_mask;
};
void l4_geometry(const struct stm32_chip *c, uint32_t optr, struct l4_geom *g);

/* flash_l4_options.c */
int l4_ob_read(struct stm32_chip *c, struct stm32_ob *ob);
int l4_ob_write(struct stm32_chip *c, const struct stm32_ob *ob);
const char *l4_ob_irreversible(const struct stm32_chip *c, const struct stm32_ob *now,
                               const struct stm32_ob *want);
const struct stm32_ob_field *l4_ob_fields_for(const struct stm32_chip *c);
/* Is the page at `addr` inside an active WRP area of `ob`? */
bool l4_page_protected(const struct stm32_chip *c, const struct stm32_ob *ob, uint32_t addr);

/* Field tables (flash_l4_options.c), one per option-register layout. */
extern const struct stm32_ob_field l4_fields_l47x[], l4_fields_l49x[], l4_fields_l4single[],
    l4_fields_l4plus[], l4_fields_g0[], l4_fields_g0b[], l4_fields_g4single[],
    l4_fields_g4dual[], l4_fields_wb[], l4_fields_wl[], l4_fields_c0[];

#define L4_RDP_VALUES { 0xAAu, 0xBBu, 0xCCu }

#endif
