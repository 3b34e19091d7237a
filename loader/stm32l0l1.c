/* Flash loader for the STM32L0/L1 program memory (RM0367 §3.3.4 "Program
 * memory programming", RM0038 §3.5; stm32-families.md §2.3).  Runs from
 * SRAM on the target; see loader.h for the protocol with the host.  The
 * host has unlocked PECR and program memory (PEKEYR, PRGKEYR) and erased
 * the pages (erased = 0x00) before starting it.
 *
 * Where a whole half-page of the slot is aligned, it is written in
 * half-page mode (PECR.FPRG + PROG, then every word of the half-page; one
 * program cycle for 16 or 32 words); the rest word by word (a plain store
 * to unlocked program memory).  Half-page mode must be fed from RAM
 * without a flash access in between: the source is in SRAM and so is this
 * code.  The half-page size follows from the controller's address, which
 * the host passes: 64 B on the L0 (FLASH at 0x40022000), 128 B on the L1
 * (0x40023C00). */
#include "loader.h"

#define FLASH_PECR_OFF  0x04u
#define FLASH_SR_OFF    0x18u
#define PECR_PROG       (1u << 3)
#define PECR_FPRG       (1u << 10)
#define SR_BSY          (1u << 0)
/* WRPERR 8, PGAERR 9, SIZERR 10, NOTZEROERR 16 and FWWERR 17 (L0 only);
 * not OPTVERR, which reports the option load and stays set. */
#define SR_ERRORS       ((1u << 8) | (1u << 9) | (1u << 10) | (1u << 16) | (1u << 17))

#define L0_FLASH_REGS   0x40022000u
#define L0_HALF_PAGE    64u
#define L1_HALF_PAGE    128u

#define REG(base, off) (*(volatile uint32_t *)((base) + (off)))

static uint32_t wait_idle(uint32_t regs)
{
    uint32_t sr;
    while ((sr = REG(regs, FLASH_SR_OFF)) & SR_BSY)
        ;
    return sr;
}

/* Program one slot; returns 0 or the status register with errors. */
static uint32_t program(uint32_t regs, uint32_t unit, volatile struct loader_slot *s)
{
    (void)unit; /* fixed by the controller */
    uint32_t half = regs == L0_FLASH_REGS ? L0_HALF_PAGE : L1_HALF_PAGE;
    uint32_t dest = s->dest, src = s->src, end = s->dest + s->len;
    while (dest < end) {
        uint32_t n = 4u;
        if ((dest & (half - 1u)) == 0 && end - dest >= half) {
            /* FPRG first, then PROG (RM0367 §3.3.4 sequence). */
            REG(regs, FLASH_PECR_OFF) = PECR_FPRG;
            REG(regs, FLASH_PECR_OFF) = PECR_FPRG | PECR_PROG;
            n = half;
        } else {
            REG(regs, FLASH_PECR_OFF) = 0;
        }
        for (uint32_t k = 0; k < n; k += 4u)
            *(volatile uint32_t *)(dest + k) = *(const uint32_t *)(src + k);
        __asm__ volatile("dsb" ::: "memory");
        uint32_t sr = wait_idle(regs);
        if (sr & SR_ERRORS) {
            s->fail_addr = dest;
            REG(regs, FLASH_PECR_OFF) = 0;
            return sr;
        }
        dest += n;
        src += n;
    }
    REG(regs, FLASH_PECR_OFF) = 0;
    return 0;
}

#include "loader_main.h"
