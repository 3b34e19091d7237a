/* STM32L0/L1 data EEPROM at 0x08080000 (RM0367 §3.3.4 "Data EEPROM",
 * RM0038 §3.6; stm32-families.md §1.4, §2.3): byte, half-word and word
 * writes once PELOCK is clear, each with an automatic erase of what it
 * overwrites (one cycle when the bytes were already 0 and FIX/FTDW is
 * clear, two otherwise); a word erase with PECR.ERASE + DATA.  Reads and
 * writes obey RDP level 1 like program memory.  A region of its own,
 * added to the chip's map by the plug-in (mcu_flash_ops.add_peripherals). */
#include <string.h>

#include "chips/fc_l0l1.h"

#define REGION_GRAIN 4096u               /* core regions are 4 KiB pages */

uint8_t *l0l1_eeprom(struct mcu *m)
{
    return m->nvm_ctl + L0L1_OPT_IMAGE;
}

void l0l1_eeprom_erase_all(struct mcu *m)
{
    memset(l0l1_eeprom(m), 0, l0l1_part(m)->eeprom_bytes);
}

static int ee_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                   unsigned size, uint32_t *val)
{
    struct mcu *m = ctx;
    uint32_t n = l0l1_part(m)->eeprom_bytes;
    if (off >= n || size > n - off)
        return -1;
    if (who == SIM_BUS_DEBUG && l0l1_access_blocked(m))
        return -1;
    *val = 0;
    memcpy(val, l0l1_eeprom(m) + off, size);
    return 0;
}

static bool bytes_zero(const uint8_t *p, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

static int ee_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                    unsigned size, uint32_t val)
{
    (void)who;
    struct mcu *m = ctx;
    const struct l0l1_part *p = l0l1_part(m);
    m->fops->update(m, mcu_now(m));
    if (off >= p->eeprom_bytes || size > p->eeprom_bytes - off)
        return -1;
    if (l0l1_access_blocked(m) || !l0l1_pe_unlocked(m))
        return -1;                       /* RDP 1 or PELOCK: bus error [R] */
    if (off % size) {
        l0l1_set_error(m, L0L1_SR_PGAERR);
        return 0;
    }
    uint8_t *ee = l0l1_eeprom(m);
    uint32_t pecr = l0l1_fc(m)->pecr;
    if ((pecr & L0L1_PECR_ERASE) && (pecr & L0L1_PECR_DATA)) {
        if (size != 4) {
            l0l1_set_error(m, L0L1_SR_SIZERR);
            return 0;
        }
        memset(ee + off, 0, 4);
        l0l1_start_busy(m, L0L1_OP_EEPROM, p->tprog);
        return 0;
    }
    bool erase = (pecr & L0L1_PECR_FIX) || !bytes_zero(ee + off, size);
    memcpy(ee + off, &val, size);
    sim_stats.flash_bytes_programmed += size;
    l0l1_start_busy(m, L0L1_OP_EEPROM, erase ? 2u * p->tprog : p->tprog);
    return 0;
}

void l0l1_eeprom_add_region(struct mcu *m)
{
    uint32_t n = l0l1_part(m)->eeprom_bytes;
    if (!n || m->nregions >= sizeof m->regions / sizeof m->regions[0])
        return;
    m->regions[m->nregions++] = (struct sim_region){
        .name = "data-eeprom",
        .base = L0L1_EEPROM_BASE,
        .size = (n + REGION_GRAIN - 1u) / REGION_GRAIN * REGION_GRAIN,
        .mem = NULL,                     /* every access through the callbacks */
        .read = ee_read,
        .write = ee_write,
        .ctx = m,
    };
}
