/* Part rows of the STM32H7 (see chipdb.c; driver flash_h7.c).  Facts:
 * stm32-families.md §1.2 (DEV_ID, flash-size and UID registers), §1.4
 * (DTCM at 0x20000000 is what loaders use), §2.6 (geometry), §3 (timing). */
#include "flash_h7.h"

extern const struct stm32_flash_ops stm32_flash_h7;

/* Flash interface at 0x52002000 on every H7 (stm32-families.md §2.6). */
#define H7_FLASH_REGS 0x52002000u
#define H7_FSIZE      0x1FF1E880u
#define H7_UID        0x1FF1E800u
/* H7A3/B3 keep them next to the OTP area (stm32-families.md §1.2). */
#define H7A3_FSIZE    0x08FFF80Cu
#define H7A3_UID      0x08FFF800u
#define H7_DTCM_KIB   128u

/* DS12110 typical at x64: 128 KiB sector 1 s, bank ~5 s (§3). */
static const struct h7_row h74x = {
    .word_bytes = 32, .sector_kib = 128, .banks = 2, .sectors_per_wpsn_bit = 1,
    .sector_erase_ms = 1000, .bank_erase_ms = 5000,
};
/* H72x/H73x: one bank; timing as H74x (§3, assumed). */
static const struct h7_row h72x = {
    .word_bytes = 32, .sector_kib = 128, .banks = 1, .sectors_per_wpsn_bit = 1,
    .sector_erase_ms = 1000, .bank_erase_ms = 5000,
};
/* H7A3/B3: 8 KiB sectors, 128-bit words; no datasheet timing found (§8):
 * a few ms per sector assumed. */
static const struct h7_row h7a3 = {
    .word_bytes = 16, .sector_kib = 8, .banks = 2, .cd_layout = true,
    .sectors_per_wpsn_bit = 4, .sector_erase_ms = 3, .bank_erase_ms = 300,
};

#define H7_ROW(id, nm, kib, fsize, uid, data)                                   \
    { .dev_id = id, .name = nm, .family = "H7", .flash = &stm32_flash_h7,       \
      .flash_regs = H7_FLASH_REGS, .flash_base = 0x08000000u,                   \
      .flash_kib_max = kib, .flash_size_reg = fsize, .uid_reg = uid,            \
      .sram_kib = H7_DTCM_KIB, .flash_data = &data }

const struct stm32_part stm32_parts_h7[] = {
    H7_ROW(0x450, "STM32H742/743/745/747/750/753/755/757", 2048, H7_FSIZE, H7_UID, h74x),
    H7_ROW(0x483, "STM32H723/725/730/733/735", 1024, H7_FSIZE, H7_UID, h72x),
    H7_ROW(0x480, "STM32H7A3/7B3/7B0", 2048, H7A3_FSIZE, H7A3_UID, h7a3),
    { .dev_id = 0 },
};
