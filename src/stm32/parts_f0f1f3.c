/* Part rows of the F0/F1/F3 flash-controller generation (flash_f1.c).
 * Facts: stm32-families.md §1.2 (DEV_ID, flash-size and U_ID registers,
 * page size, maximum flash), §1.4 (SRAM), §2.1 (pages per WRP bit), §4.2
 * (option bytes); openocd stm32f1x.c part table.  sram_kib is the smallest
 * SRAM of the devices sharing a DEV_ID: what a loader may always use. */
#include "flash_f1.h"
#include "stm32.h"

/* The controller at 0x40022000 on all of them (RM0008 §3.3, RM0091 §3.5,
 * RM0316 §4.5). */
#define FPEC_REGS   0x40022000u
#define F1_FSIZE    0x1FFFF7E0u   /* RM0008 §30.1 */
#define F1_UID      0x1FFFF7E8u   /* RM0008 §30.2 */
#define F0F3_FSIZE  0x1FFFF7CCu   /* RM0091 §33.2, RM0316 §34.2 */
#define F0F3_UID    0x1FFFF7ACu

/* ---- Row data per die ---- */

static const struct stm32_f1_data f1_ld_md = {   /* 1 KiB pages, 4 per WRP bit */
    .line = STM32_F1_LINE_F1, .page_size = 1024, .wrp_bytes = 4, .pages_per_wrp = 4,
    .wrp_last_bit_rest = true, .fields = stm32_f1_fields_f1,
};
static const struct stm32_f1_data f1_hd_cl = {   /* 2 KiB pages, 2 per WRP bit */
    .line = STM32_F1_LINE_F1, .page_size = 2048, .wrp_bytes = 4, .pages_per_wrp = 2,
    .wrp_last_bit_rest = true, .fields = stm32_f1_fields_f1,
};
static const struct stm32_f1_data f1_xl = {      /* bank 2 from 512 KiB */
    .line = STM32_F1_LINE_F1, .page_size = 2048, .bank1_kib = 512, .wrp_bytes = 4,
    .pages_per_wrp = 2, .wrp_last_bit_rest = true, .fields = stm32_f1_fields_f1_xl,
};
static const struct stm32_f1_data f0_f03x_f05x = {   /* 1 KiB pages, WRP0/1: 4 KiB per bit */
    .line = STM32_F1_LINE_F0, .page_size = 1024, .wrp_bytes = 2, .pages_per_wrp = 4,
    .fields = stm32_f1_fields_f0_small,
};
static const struct stm32_f1_data f0_f04x = {
    .line = STM32_F1_LINE_F0, .page_size = 1024, .wrp_bytes = 2, .pages_per_wrp = 4,
    .fields = stm32_f1_fields_f04x,
};
static const struct stm32_f1_data f0_f07x = {    /* 2 KiB pages, WRP0..3: 4 KiB per bit */
    .line = STM32_F1_LINE_F0, .page_size = 2048, .wrp_bytes = 4, .pages_per_wrp = 2,
    .fields = stm32_f1_fields_f07x,
};
static const struct stm32_f1_data f0_f09x = {    /* bit 31 covers pages 62..127 */
    .line = STM32_F1_LINE_F0, .page_size = 2048, .wrp_bytes = 4, .pages_per_wrp = 2,
    .wrp_last_bit_rest = true, .fields = stm32_f1_fields_f09x,
};
static const struct stm32_f1_data f3_data = {
    .line = STM32_F1_LINE_F3, .page_size = 2048, .wrp_bytes = 4, .pages_per_wrp = 2,
    .wrp_last_bit_rest = true, .fields = stm32_f1_fields_f3,
};
static const struct stm32_f1_data f3_small = {   /* F303x4/6/8, F334, F328: SRAM_PE */
    .line = STM32_F1_LINE_F3, .page_size = 2048, .wrp_bytes = 4, .pages_per_wrp = 2,
    .wrp_last_bit_rest = true, .fields = stm32_f1_fields_f3_sram_pe,
};

#define F1_ROW(id, nm, kib, sram, d)                                                        \
    { .dev_id = id, .name = nm, .family = "F1", .flash = &stm32_flash_f1,                   \
      .flash_regs = FPEC_REGS, .flash_base = 0x08000000u, .flash_kib_max = kib,             \
      .flash_size_reg = F1_FSIZE, .uid_reg = F1_UID, .sram_kib = sram, .flash_data = &(d) }
#define F0F3_ROW(id, nm, fam, kib, sram, d)                                                 \
    { .dev_id = id, .name = nm, .family = fam, .flash = &stm32_flash_f0f3,                  \
      .flash_regs = FPEC_REGS, .flash_base = 0x08000000u, .flash_kib_max = kib,             \
      .flash_size_reg = F0F3_FSIZE, .uid_reg = F0F3_UID, .sram_kib = sram,                  \
      .flash_data = &(d) }

const struct stm32_part stm32_parts_f0f1f3[] = {
    F1_ROW(0x412, "STM32F101/102/103 low-density", 32, 6, f1_ld_md),
    F1_ROW(0x410, "STM32F101/102/103 medium-density", 128, 10, f1_ld_md),
    F1_ROW(0x414, "STM32F101/103 high-density", 512, 32, f1_hd_cl),
    F1_ROW(0x430, "STM32F101/103 XL-density", 1024, 80, f1_xl),
    F1_ROW(0x418, "STM32F105/107 connectivity line", 256, 64, f1_hd_cl),
    F1_ROW(0x420, "STM32F100 value line low/medium-density", 128, 4, f1_ld_md),
    F1_ROW(0x428, "STM32F100 value line high-density", 512, 24, f1_hd_cl),
    F0F3_ROW(0x440, "STM32F030x8/F05x", "F0", 64, 8, f0_f03x_f05x),
    F0F3_ROW(0x444, "STM32F030x4/6/F031/F038", "F0", 32, 4, f0_f03x_f05x),
    F0F3_ROW(0x445, "STM32F04x/F070x6", "F0", 32, 6, f0_f04x),
    F0F3_ROW(0x448, "STM32F07x/F070xB", "F0", 128, 16, f0_f07x),
    F0F3_ROW(0x442, "STM32F09x/F030xC", "F0", 256, 32, f0_f09x),
    F0F3_ROW(0x422, "STM32F302xB/C/F303xB/C/F358", "F3", 256, 32, f3_data),
    F0F3_ROW(0x432, "STM32F37x", "F3", 256, 16, f3_data),
    F0F3_ROW(0x438, "STM32F303x4/6/8/F334/F328", "F3", 64, 12, f3_small),
    F0F3_ROW(0x439, "STM32F301/F302x4/6/8/F318", "F3", 64, 16, f3_data),
    F0F3_ROW(0x446, "STM32F302xD/E/F303xD/E/F398", "F3", 512, 64, f3_data),
    { .dev_id = 0 },
};
