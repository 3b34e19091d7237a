/* Flash loader for the L4-class flash controller: STM32L4, L4+, G0, G4,
 * WB, WL, C0 (RM0351 §3.3.7 "Flash main memory programming sequence";
 * stm32-families.md §2.4).  Runs from SRAM on the target; see loader.h
 * for the protocol with the host.  The host has unlocked the controller
 * (FLASH_KEYR) and erased the pages before starting it.
 *
 * Programming unit: a 64-bit double word, written as two 32-bit stores,
 * low address first; the cycle starts after the second store.  Both banks
 * are programmed the same way: the address selects the bank. */
#include "loader.h"

/* Register offsets (RM0351 §3.7; WB/WL at base 0x58004000, the host
 * passes the base in ctl->flash_regs). */
#define FLASH_SR_OFF 0x10u
#define FLASH_CR_OFF 0x14u
/* SR.BSY (bit 16) and SR.CFGBSY (bit 18, G0/C0/WB/WL; reserved and 0
 * elsewhere).  CFGBSY also covers bank 2 on the G0B, whose BSY2 is bit
 * 17 -- a bit the L4+ uses for PEMPTY, so it is not polled. */
#define FLASH_SR_BUSY ((1u << 16) | (1u << 18))
/* OPERR 1, PROGERR 3, WRPERR 4, PGAERR 5, SIZERR 6, PGSERR 7, MISERR 8,
 * FASTERR 9 */
#define FLASH_SR_ERRORS 0x3FAu
#define FLASH_CR_PG (1u << 0)

#define REG(base, off) (*(volatile uint32_t *)((base) + (off)))

/* Program one slot; returns 0 or the status register with errors. */
static uint32_t program(uint32_t regs, uint32_t unit, volatile struct loader_slot *s)
{
    (void)unit; /* fixed by the controller */
    uint32_t dest = s->dest, src = s->src, end = s->dest + s->len;
    REG(regs, FLASH_CR_OFF) = FLASH_CR_PG;
    for (; dest < end; dest += 8u, src += 8u) {
        *(volatile uint32_t *)dest = *(const uint32_t *)src;
        *(volatile uint32_t *)(dest + 4u) = *(const uint32_t *)(src + 4u);
        __asm__ volatile("dsb" ::: "memory");
        uint32_t sr;
        while ((sr = REG(regs, FLASH_SR_OFF)) & FLASH_SR_BUSY)
            ;
        if (sr & FLASH_SR_ERRORS) {
            s->fail_addr = dest;
            REG(regs, FLASH_CR_OFF) = 0;
            return sr;
        }
    }
    REG(regs, FLASH_CR_OFF) = 0;
    return 0;
}

#include "loader_main.h"
