/* Flash loader for the STM32H7 embedded flash (RM0433/RM0455 flash
 * programming sequence; stm32-families.md §2.6): PG set
 * on the bank's FLASH_CR, the flash word written as consecutive 32-bit
 * stores, wait for QW to clear, check the error flags.  Bank 2
 * (0x08100000 and up) has its registers at +0x100.  Runs from the DTCM at
 * 0x20000000; see loader.h for the protocol with the host, which unlocked
 * both banks and erased the sectors before starting it.
 *
 * ctl->unit tells the two register layouts apart: 32 (256-bit words,
 * H74x/H75x/H72x/H73x: PSIZE [5:4] set to x64) or 16 (128-bit words,
 * H7A3/B3: no PSIZE, bits 4/5 are FW/START and must stay 0). */
#include "loader.h"

#define FLASH_CR_OFF    0x0Cu
#define FLASH_SR_OFF    0x10u
#define FLASH_CCR_OFF   0x14u
#define BANK2_REGS      0x100u
#define BANK2_ADDR_BIT  (1u << 20)      /* 0x08100000: bank 2 */
#define FLASH_CR_PG     (1u << 1)
#define FLASH_CR_PSIZE_X64 (3u << 4)
#define FLASH_SR_QW     (1u << 2)
/* WRPERR, PGSERR, STRBERR, INCERR, OPERR, RDPERR, RDSERR (bits 17-24) */
#define FLASH_SR_ERRORS 0x01EE0000u
#define WORD_256_BITS   32u

#define REG(base, off) (*(volatile uint32_t *)((base) + (off)))

static uint32_t regs_for(uint32_t base, uint32_t dest)
{
    return (dest & BANK2_ADDR_BIT) ? base + BANK2_REGS : base;
}

/* Program one slot; returns 0 or the status register with errors. */
static uint32_t program(uint32_t base, uint32_t unit, volatile struct loader_slot *s)
{
    uint32_t cr = FLASH_CR_PG | (unit == WORD_256_BITS ? FLASH_CR_PSIZE_X64 : 0u);
    uint32_t dest = s->dest, src = s->src, end = s->dest + s->len;
    uint32_t regs = 0;
    for (; dest < end; dest += unit, src += unit) {
        uint32_t r = regs_for(base, dest);
        if (r != regs) {                /* the slot crosses into the other bank */
            if (regs)
                REG(regs, FLASH_CR_OFF) = 0;
            regs = r;
            REG(regs, FLASH_CR_OFF) = cr;
        }
        for (uint32_t i = 0; i < unit; i += 4)
            *(volatile uint32_t *)(dest + i) = *(const uint32_t *)(src + i);
        __asm__ volatile("dsb" ::: "memory");
        uint32_t sr;
        while ((sr = REG(regs, FLASH_SR_OFF)) & FLASH_SR_QW)
            ;
        if (sr & FLASH_SR_ERRORS) {
            s->fail_addr = dest;
            REG(regs, FLASH_CR_OFF) = 0;
            REG(regs, FLASH_CCR_OFF) = sr & FLASH_SR_ERRORS;
            return sr;
        }
    }
    if (regs)
        REG(regs, FLASH_CR_OFF) = 0;
    return 0;
}

#include "loader_main.h"
