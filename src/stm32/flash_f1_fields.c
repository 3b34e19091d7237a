/* Option-byte fields of the STM32F0/F1/F3 as the reference manuals name
 * them (RM0008 §2.5 + PM0075 §2.5 Table 6; RM0091 §4.1 Table 13; RM0316
 * §5.1).  Words: flash_f1.h (RDP, USER, Data0, Data1, WRP0..3). */
#include "flash_f1.h"

#define RDP_F1                                                                                  \
    { .name = "RDP", .word = STM32_F1_OB_RDP, .shift = 0, .width = 8, .kind = STM32_OB_RDP,     \
      .doc = "read-out protection: 0xA5 unprotected, any other value protected (level 1)" }
#define RDP_F0F3                                                                                \
    { .name = "RDP", .word = STM32_F1_OB_RDP, .shift = 0, .width = 8, .kind = STM32_OB_RDP,     \
      .doc = "read-out protection: 0xAA level 0, 0xCC level 2 (permanent), any other value "    \
             "level 1" }
#define USER_BIT(nm, bit, text)                                                                 \
    { .name = nm, .word = STM32_F1_OB_USER, .shift = bit, .width = 1, .kind = STM32_OB_BOOL,    \
      .doc = text }
#define COMMON_USER                                                                             \
    USER_BIT("WDG_SW", 0, "0: the independent watchdog starts by itself (hardware); 1: software"),\
    USER_BIT("nRST_STOP", 1, "0: entering Stop mode resets the chip; 1: no reset"),             \
    USER_BIT("nRST_STDBY", 2, "0: entering Standby mode resets the chip; 1: no reset")
#define DATA_BYTES                                                                              \
    { .name = "Data0", .word = STM32_F1_OB_DATA0, .shift = 0, .width = 8,                       \
      .kind = STM32_OB_NUMBER, .doc = "user data byte 0" },                                     \
    { .name = "Data1", .word = STM32_F1_OB_DATA1, .shift = 0, .width = 8,                       \
      .kind = STM32_OB_NUMBER, .doc = "user data byte 1" }
#define WRP_BYTE(n)                                                                             \
    { .name = "WRP" #n, .word = STM32_F1_OB_WRP, .shift = 8 * (n), .width = 8,                  \
      .kind = STM32_OB_NUMBER,                                                                  \
      .doc = "write protection, one bit per group of pages: 0 protected, 1 writable" }
#define WRP_0_1 WRP_BYTE(0), WRP_BYTE(1)
#define WRP_0_3 WRP_BYTE(0), WRP_BYTE(1), WRP_BYTE(2), WRP_BYTE(3)
#define F0_BOOT1 USER_BIT("nBOOT1", 4, "with BOOT0 high: 1 boots system memory, 0 boots SRAM")
#define F0_VDDA USER_BIT("VDDA_MONITOR", 5, "1: the VDDA supply is monitored; 0: not")
#define F0_PARITY                                                                               \
    USER_BIT("RAM_PARITY_CHECK", 6, "0: SRAM parity check enabled; 1: disabled")
#define F0_BOOTSEL                                                                              \
    USER_BIT("nBOOT0", 3, "with BOOT_SEL = 0: the BOOT0 value (inverted) instead of the pin"),  \
    USER_BIT("BOOT_SEL", 7, "1: BOOT0 from the pin; 0: from the nBOOT0 option bit")
#define END { .name = NULL }

const struct stm32_ob_field stm32_f1_fields_f1[] = {
    RDP_F1, COMMON_USER, DATA_BYTES, WRP_0_3, END,
};

const struct stm32_ob_field stm32_f1_fields_f1_xl[] = {
    RDP_F1, COMMON_USER,
    USER_BIT("BFB2", 3, "0: boot from bank 2 when it holds a valid image; 1: boot from bank 1"),
    DATA_BYTES, WRP_0_3, END,
};

const struct stm32_ob_field stm32_f1_fields_f0_small[] = {
    RDP_F0F3, COMMON_USER, F0_BOOT1, F0_VDDA, F0_PARITY, DATA_BYTES, WRP_0_1, END,
};

const struct stm32_ob_field stm32_f1_fields_f04x[] = {
    RDP_F0F3, COMMON_USER, F0_BOOTSEL, F0_BOOT1, F0_VDDA, F0_PARITY, DATA_BYTES, WRP_0_1, END,
};

const struct stm32_ob_field stm32_f1_fields_f07x[] = {
    RDP_F0F3, COMMON_USER, F0_BOOT1, F0_VDDA, F0_PARITY, DATA_BYTES, WRP_0_3, END,
};

const struct stm32_ob_field stm32_f1_fields_f09x[] = {
    RDP_F0F3, COMMON_USER, F0_BOOTSEL, F0_BOOT1, F0_VDDA, F0_PARITY, DATA_BYTES, WRP_0_3, END,
};

const struct stm32_ob_field stm32_f1_fields_f3[] = {
    RDP_F0F3, COMMON_USER, F0_BOOT1, F0_VDDA, DATA_BYTES, WRP_0_3, END,
};

const struct stm32_ob_field stm32_f1_fields_f3_sram_pe[] = {
    RDP_F0F3, COMMON_USER, F0_BOOT1, F0_VDDA,
    USER_BIT("SRAM_PE", 6, "0: SRAM parity check enabled; 1: disabled"),
    DATA_BYTES, WRP_0_3, END,
};
