/* Which registers firmware uses to take debug access away, and whether a
 * value written to one of them does (stm32-families.md §5, §6; the
 * per-family facts in stm32/dbgmcu.c). */
#include <stdio.h>

#include "doctor/forensics.h"

/* ARMv7-M ARM B3.2.7 SCR: SLEEPDEEP bit 2 (same on ARMv6-M B3.2.7). */
#define SCB_SCR            0xE000ED10u
#define SCB_SCR_SLEEPDEEP  (1u << 2)
/* RM0090 §8.4.1 GPIOx_MODER, §8.4.10 GPIOx_AFRH (same layout on every
 * MODER-style family). */
#define GPIO_MODER_OFF     0x00u
#define GPIO_AFRH_OFF      0x24u
/* RM0090 §21.4.1 IWDG_KR: 0xCCCC starts the watchdog. */
#define IWDG_KEY_START     0xCCCCu
#define IWDG_KEY_MASK      0xFFFFu

unsigned forensics_watch_list(const struct stm32_debug_facts *f,
                              struct watch_reg out[FORENSICS_MAX_WATCH])
{
    unsigned n = 0;
    if (!f)
        return 0;
    /* The pins first: the most common way firmware locks the debugger
     * out.  Reads too: CubeMX's HAL_GPIO_Init reads MODER before writing
     * it, so the core stops while SWD still works. */
    if (f->gpioa_base)
        out[n++] = (struct watch_reg){ WATCH_PINS_MODER, "GPIOA_MODER",
                                       f->gpioa_base + GPIO_MODER_OFF, true, true };
    if (f->afio_mapr)
        out[n++] = (struct watch_reg){ WATCH_PINS_AFIO_MAPR, "AFIO_MAPR", f->afio_mapr, true,
                                       true };
    if (f->flash_acr_swen.addr)
        out[n++] = (struct watch_reg){ WATCH_FLASH_ACR_SWEN, "FLASH_ACR", f->flash_acr_swen.addr,
                                       true, true };
    out[n++] = (struct watch_reg){ WATCH_SCB_SCR, "SCB_SCR", SCB_SCR, false, true };
    if (f->iwdg_kr)
        out[n++] = (struct watch_reg){ WATCH_IWDG_KR, "IWDG_KR", f->iwdg_kr, false, true };
    if (f->pwr_cr3)
        out[n++] = (struct watch_reg){ WATCH_PWR_CR3, "PWR_CR3", f->pwr_cr3, false, true };
    /* Second rank: these matter only together with the ones above. */
    if (f->gpioa_base)
        out[n++] = (struct watch_reg){ WATCH_PINS_AFRH, "GPIOA_AFRH",
                                       f->gpioa_base + GPIO_AFRH_OFF, true, false };
    if (f->pwr_mode.addr)
        out[n++] = (struct watch_reg){ WATCH_PWR_MODE, "PWR mode register", f->pwr_mode.addr,
                                       false, false };
    if (f->dbgmcu_cr.addr)
        out[n++] = (struct watch_reg){ WATCH_DBGMCU_CR, "DBGMCU_CR", f->dbgmcu_cr.addr, false,
                                       false };
    return n;
}

unsigned forensics_plan(const struct watch_reg *regs, unsigned n, unsigned n_comp,
                        unsigned pass[FORENSICS_MAX_WATCH][FORENSICS_MAX_WATCH],
                        unsigned n_in_pass[FORENSICS_MAX_WATCH])
{
    if (n_comp == 0)
        return 0;
    if (n_comp > FORENSICS_MAX_WATCH)
        n_comp = FORENSICS_MAX_WATCH;
    unsigned passes = 0;
    for (unsigned i = 0; i < n; i++) {
        if (!regs[i].primary)
            continue;
        if (passes == 0 || n_in_pass[passes - 1] == n_comp)
            n_in_pass[passes++] = 0;
        pass[passes - 1][n_in_pass[passes - 1]++] = i;
    }
    if (passes == 0)
        n_in_pass[passes++] = 0;
    /* Secondaries round-robin into the free slots. */
    unsigned p = 0;
    for (unsigned i = 0; i < n; i++) {
        if (regs[i].primary)
            continue;
        for (unsigned tries = 0; tries < passes; tries++, p = (p + 1) % passes)
            if (n_in_pass[p] < n_comp) {
                pass[p][n_in_pass[p]++] = i;
                p = (p + 1) % passes;
                break;
            }
    }
    return passes;
}

enum watch_verdict forensics_judge(const struct stm32_debug_facts *f, const struct watch_reg *w,
                                   uint32_t value, const struct watch_context *c, char *why,
                                   size_t whylen)
{
    snprintf(why, whylen, "harmless");
    switch (w->what) {
    case WATCH_PINS_MODER:
        if (stm32_swd_pins_intact(f, value, c->afrh, 0))
            return VERDICT_HARMLESS;
        snprintf(why, whylen, "PA13/PA14 leave alternate function 0 (SWDIO/SWCLK become GPIO)");
        return VERDICT_PINS;
    case WATCH_PINS_AFRH:
        if (stm32_swd_pins_intact(f, c->moder, value, 0))
            return VERDICT_HARMLESS;
        snprintf(why, whylen, "PA13/PA14 get another alternate function than AF0 (SWD)");
        return VERDICT_PINS;
    case WATCH_PINS_AFIO_MAPR:
        if (stm32_swd_pins_intact(f, 0, 0, value))
            return VERDICT_HARMLESS;
        snprintf(why, whylen, "SWJ_CFG disables SW-DP (PA13/PA14 become GPIO)");
        return VERDICT_PINS;
    case WATCH_FLASH_ACR_SWEN:
        if (value & f->flash_acr_swen.bits)
            return VERDICT_HARMLESS;
        snprintf(why, whylen, "DBG_SWEN cleared: the debug port is switched off");
        return VERDICT_PINS;
    case WATCH_SCB_SCR:
        /* Deep sleep is harmless while DBGMCU keeps the debug clock in STOP. */
        if (!(value & SCB_SCR_SLEEPDEEP) ||
            (f->dbgmcu_stop_bit && (c->dbgmcu_cr & f->dbgmcu_stop_bit)))
            return VERDICT_HARMLESS;
        snprintf(why, whylen, "SLEEPDEEP set while DBGMCU_CR 0x%08x lacks DBG_STOP: the next "
                 "WFI/WFE stops the debug clock", c->dbgmcu_cr);
        return VERDICT_LOW_POWER;
    case WATCH_IWDG_KR:
        if ((value & IWDG_KEY_MASK) != IWDG_KEY_START)
            return VERDICT_HARMLESS;
        snprintf(why, whylen, "0xCCCC starts the independent watchdog (it cannot be stopped "
                 "until reset)");
        return VERDICT_WATCHDOG;
    case WATCH_PWR_CR3:
        /* Recorded, not judged here: check_supply compares it with the board. */
        snprintf(why, whylen, "supply configuration 0x%08x", value);
        return VERDICT_SUPPLY;
    case WATCH_PWR_MODE:
        return VERDICT_HARMLESS;   /* judged at the SLEEPDEEP write, with DBGMCU */
    case WATCH_DBGMCU_CR:
        if ((c->dbgmcu_cr & f->dbgmcu_cr.bits & ~value) == 0)
            return VERDICT_HARMLESS;
        snprintf(why, whylen, "clears DBGMCU debug bits 0x%08x",
                 c->dbgmcu_cr & f->dbgmcu_cr.bits & ~value);
        return VERDICT_DEBUG_OFF;
    }
    return VERDICT_HARMLESS;
}
