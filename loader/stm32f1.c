/* Flash loader for the STM32F0/F1/F3 flash controller ("FPEC"; RM0008
 * §3.3.3, PM0075 §2.3.3: PG set, one half-word per write, wait for BSY to
 * clear, check PGERR/WRPRTERR).  Runs from SRAM; see loader.h for the
 * protocol with the host.  The host has unlocked the controller (both
 * banks on an XL part) and erased the pages before starting it.
 *
 * F1 XL-density parts have a second register block at +0x40 for bank 2
 * (0x08080000 on); the loader picks the block by address, so one slot may
 * span both banks.  No other F0/F1/F3 part has flash at or above that
 * address. */
#include "loader.h"

/* RM0008 §3.4: register offsets and bits. */
#define FLASH_SR_OFF 0x0Cu
#define FLASH_CR_OFF 0x10u
#define FLASH_BANK2_OFF 0x40u
#define FLASH_BANK2_START 0x08080000u
#define FLASH_SR_BSY (1u << 0)
#define FLASH_SR_PGERR (1u << 2)
#define FLASH_SR_WRPRTERR (1u << 4)
#define FLASH_SR_EOP (1u << 5)
#define FLASH_CR_PG (1u << 0)

#define REG(base, off) (*(volatile uint32_t *)((base) + (off)))

/* Program one slot; returns 0 or the status register with errors. */
static uint32_t program(uint32_t regs, uint32_t unit, volatile struct loader_slot *s)
{
    (void)unit; /* fixed by the controller */
    uint32_t dest = s->dest, end = s->dest + s->len;
    const uint16_t *src = (const uint16_t *)s->src;
    uint32_t bank = 0;           /* register block in use, 0 = none yet */
    uint32_t err = 0;
    for (; dest < end; dest += 2, src++) {
        uint32_t r = dest >= FLASH_BANK2_START ? regs + FLASH_BANK2_OFF : regs;
        if (r != bank) {
            if (bank)
                REG(bank, FLASH_CR_OFF) = 0;
            REG(r, FLASH_SR_OFF) = FLASH_SR_EOP;   /* w1c: a clean start */
            REG(r, FLASH_CR_OFF) = FLASH_CR_PG;
            bank = r;
        }
        *(volatile uint16_t *)dest = *src;
        uint32_t sr;
        while ((sr = REG(r, FLASH_SR_OFF)) & FLASH_SR_BSY)
            ;
        if (sr & (FLASH_SR_PGERR | FLASH_SR_WRPRTERR)) {
            s->fail_addr = dest;
            err = sr;
            break;
        }
    }
    if (bank)
        REG(bank, FLASH_CR_OFF) = 0;
    return err;
}

#include "loader_main.h"
