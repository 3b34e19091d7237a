/* What a family does with debug access: where DBGMCU keeps its low-power
 * and watchdog-freeze bits, which registers firmware uses to take the SWD
 * pins, enter low power or start the watchdog, where the reset flags are
 * and where system memory (the boot ROM) lies.  Used by the doctor (to
 * measure and to arm watchpoints) and by recover/attach (to set DBGMCU).
 *
 * Facts: stm32-families.md §1.4 (system memory), §5 (DBGMCU), §6 (SWD
 * pins, H7 PWR_CR3), each family's reference manual (RCC reset flags, PWR
 * low-power control, IWDG); the table in dbgmcu.c cites them per row. */
#ifndef SD_STM32_DBGMCU_H
#define SD_STM32_DBGMCU_H

#include <stdbool.h>
#include <stdint.h>

struct stm32_chip;

/* A register and the bits of it that matter (0 address: not on this family). */
struct stm32_reg_bits {
    uint32_t addr;
    uint32_t bits;
};

struct stm32_debug_facts {
    const char *families;              /* "F2 F4 F7", matched by family name */

    /* DBGMCU: keep debug alive in SLEEP / STOP / STANDBY (DBG_* bits of
     * DBGMCU_CR; on H7 also the D1/D3 debug clock enables), freeze the
     * independent watchdog while the core is halted. */
    struct stm32_reg_bits dbgmcu_cr;           /* bits: every low-power debug bit */
    uint32_t dbgmcu_stop_bit;                  /* the DBG_STOP bit alone */
    struct stm32_reg_bits iwdg_freeze;         /* DBG_IWDG_STOP */
    /* DBGMCU needs a clock on some families (F0 RCC_APB2ENR.DBGMCUEN,
     * G0/C0 RCC_APBENR1.DBGEN): set these bits before touching DBGMCU. */
    struct stm32_reg_bits dbgmcu_clock;

    /* SWD pins PA13 (SWDIO) / PA14 (SWCLK).  MODER-style families: GPIOA
     * MODER field must be 0b10 and AFRH nibble 0 (AF0).  F1: AFIO_MAPR
     * SWJ_CFG (bits 26:24) must not be 0b100. */
    uint32_t gpioa_base;                       /* 0 on F1 */
    uint32_t afio_mapr;                        /* F1 only, else 0 */
    /* G0/G4/C0: FLASH_ACR.DBG_SWEN (clearing it cuts the debugger off). */
    struct stm32_reg_bits flash_acr_swen;

    /* Low power: SCB_SCR.SLEEPDEEP is the same everywhere (0xE000ED10 bit 2);
     * the PWR register that selects STOP/STANDBY (PWR_CR LPDS/PDDS,
     * PWR_CR1 LPMS, H7 PWR_CPUCR PDDS_D1...). */
    struct stm32_reg_bits pwr_mode;

    /* Independent watchdog: key register (0xCCCC starts it, 0xAAAA
     * reloads) and the status register. */
    uint32_t iwdg_kr;
    /* RCC reset flags: the register, the IWDG/WWDG/pin/power-on/software/
     * low-power reset flags in it, and the bit that clears them (RMVF). */
    uint32_t rcc_reset_flags;
    uint32_t iwdg_reset_flag, wwdg_reset_flag, pin_reset_flag, por_reset_flag,
             sw_reset_flag, lowpower_reset_flag;
    uint32_t rcc_reset_flags_clear;            /* RMVF bit in the same register */

    /* H7 PWR_CR3 (supply configuration), 0 elsewhere. */
    uint32_t pwr_cr3;

    /* System memory (boot ROM): a reset vector inside it means the chip
     * booted the ST bootloader (BOOT0 high or nBOOT0 option). */
    uint32_t sysmem_base, sysmem_size;
    /* How the boot source is chosen, said to the user ("BOOT0 pin",
     * "BOOT0 pin or nBOOT0/nSWBOOT0 option bits", "BOOT_ADD0/1 option bytes"). */
    const char *boot_selector;
};

/* Facts for a family name ("F4", "L4+", "H7"...); NULL if unknown. */
const struct stm32_debug_facts *stm32_debug_facts_for_family(const char *family);
/* The family has a supply configuration firmware can lock the chip with
 * (H7 PWR_CR3, stm32-families.md §6.2): a table fact, not a family name. */
bool stm32_family_has_supply_lock(const char *family);
/* Facts for an identified chip (by its part's family). */
const struct stm32_debug_facts *stm32_debug_facts(const struct stm32_chip *c);

/* SWD pins according to the GPIO registers: true when PA13 and PA14 are
 * both in AF mode with AF0 (MODER-style), or SWJ_CFG keeps SW-DP (F1). */
bool stm32_swd_pins_intact(const struct stm32_debug_facts *f, uint32_t moder, uint32_t afrh,
                           uint32_t afio_mapr);

/* Set the DBGMCU low-power debug bits and the IWDG freeze on a halted (or
 * reset-held) chip, enabling the DBGMCU clock first where needed. */
int stm32_dbgmcu_keep_debug(struct stm32_chip *c);

#endif
