/* Flash loader for the STM32L5 / STM32U5 non-secure flash interface
 * (RM0438 §6.3.7, RM0456 §7.3.7; stm32-families.md §2.5): NSCR.PG set,
 * each unit (64-bit double word on L5, 128-bit quad word on U5) written
 * as successive 32-bit stores, NSSR.BSY polled, the error flags checked.
 * Runs from SRAM on the target; see loader.h for the protocol.  The host
 * has unlocked NSCR, checked TZEN = 0 and erased the pages first. */
#include "loader.h"

/* RM0438 §6.9 / RM0456 §7.9: offsets and bits of the non-secure set. */
#define FLASH_NSSR_OFF 0x20u
#define FLASH_NSCR_OFF 0x28u
#define FLASH_SR_BSY (1u << 16)
#define FLASH_SR_ERRORS 0x20FAu   /* OPERR, PROGERR, WRPERR, PGAERR, SIZERR, PGSERR, OPTWERR */
#define FLASH_CR_PG (1u << 0)

#define REG(base, off) (*(volatile uint32_t *)((base) + (off)))

/* Program one slot; returns 0 or the status register with errors. */
static uint32_t program(uint32_t regs, uint32_t unit, volatile struct loader_slot *s)
{
    uint32_t dest = s->dest, src = s->src, end = s->dest + s->len;
    REG(regs, FLASH_NSCR_OFF) = FLASH_CR_PG;
    for (; dest < end; dest += unit, src += unit) {
        for (uint32_t w = 0; w < unit; w += 4)
            *(volatile uint32_t *)(dest + w) = *(const uint32_t *)(src + w);
        __asm__ volatile("dsb" ::: "memory");
        uint32_t sr;
        while ((sr = REG(regs, FLASH_NSSR_OFF)) & FLASH_SR_BSY)
            ;
        if (sr & FLASH_SR_ERRORS) {
            s->fail_addr = dest;
            REG(regs, FLASH_NSCR_OFF) = 0;
            return sr;
        }
    }
    REG(regs, FLASH_NSCR_OFF) = 0;
    return 0;
}

#include "loader_main.h"
