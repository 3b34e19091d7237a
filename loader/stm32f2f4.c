/* Flash loader for the STM32F2/F4/F7 flash controller (RM0090 §3.6:
 * "Programming": PG set, PSIZE = the access width, write, wait for BSY to
 * clear, check the error flags).  Runs from SRAM on the target; see
 * loader.h for the protocol with the host.  The host has unlocked the
 * controller (FLASH_KEYR) and erased the sectors before starting it. */
#include "loader.h"

/* RM0090 §3.9: register offsets and bits of the flash interface. */
#define FLASH_SR_OFF 0x0Cu
#define FLASH_CR_OFF 0x10u
#define FLASH_SR_BSY (1u << 16)
#define FLASH_SR_ERRORS 0x1F2u   /* OPERR, WRPERR, PGAERR, PGPERR, PGSERR/ERSERR, RDERR */
#define FLASH_CR_PG (1u << 0)
#define FLASH_CR_PSIZE_SHIFT 8

#define REG(base, off) (*(volatile uint32_t *)((base) + (off)))

static uint32_t psize_of(uint32_t unit)
{
    return unit == 4 ? 2u : unit == 2 ? 1u : 0u;
}

/* Program one slot; returns 0 or the status register with errors. */
static uint32_t program(uint32_t regs, uint32_t unit, volatile struct loader_slot *s)
{
    uint32_t dest = s->dest, src = s->src, end = s->dest + s->len;
    REG(regs, FLASH_CR_OFF) = FLASH_CR_PG | (psize_of(unit) << FLASH_CR_PSIZE_SHIFT);
    for (; dest < end; dest += unit, src += unit) {
        if (unit == 4)
            *(volatile uint32_t *)dest = *(const uint32_t *)src;
        else if (unit == 2)
            *(volatile uint16_t *)dest = *(const uint16_t *)src;
        else
            *(volatile uint8_t *)dest = *(const uint8_t *)src;
        __asm__ volatile("dsb" ::: "memory");
        uint32_t sr;
        while ((sr = REG(regs, FLASH_SR_OFF)) & FLASH_SR_BSY)
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
