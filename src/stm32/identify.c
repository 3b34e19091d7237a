/* Which chip is on the other end: CPUID, DBGMCU_IDCODE, flash size. */
#include "common/session_internal.h"
#include "stm32.h"

/* stm32-families.md §1.1: DBGMCU_IDCODE is at 0xE0042000 on Cortex-M3/M4
 * parts, 0x40015800 on M0/M0+, 0xE0044000 on M33, 0x5C001000 on H7. */
#define DBGMCU_IDCODE_M3M4 0xE0042000u
#define DBGMCU_IDCODE_M0   0x40015800u
#define DBGMCU_IDCODE_M33  0xE0044000u
#define DBGMCU_IDCODE_H7   0x5C001000u

#define CPUID_PARTNO(c) (((c) >> 4) & 0xFFFu)
#define PARTNO_M0  0xC20u
#define PARTNO_M0P 0xC60u
#define PARTNO_M3  0xC23u
#define PARTNO_M4  0xC24u
#define PARTNO_M7  0xC27u
#define PARTNO_M33 0xD21u

/* F4 rev A erratum: some F405/407 report the F2's DEV_ID 0x411 (openocd
 * stm32f2x.c, stlink-org: treat 0x411 on a Cortex-M4 as 0x413). */
#define DEV_ID_F2 0x411u
#define DEV_ID_F40X 0x413u

const char *stm32_core_name(uint32_t cpuid)
{
    switch (CPUID_PARTNO(cpuid)) {
    case PARTNO_M0: return "Cortex-M0";
    case PARTNO_M0P: return "Cortex-M0+";
    case PARTNO_M3: return "Cortex-M3";
    case PARTNO_M4: return "Cortex-M4";
    case PARTNO_M7: return "Cortex-M7";
    case PARTNO_M33: return "Cortex-M33";
    }
    return "unknown core";
}

uint16_t stm32_dev_id(const struct stm32_chip *c)
{
    return (uint16_t)(c->idcode & 0xFFFu);
}

uint16_t stm32_rev_id(const struct stm32_chip *c)
{
    return (uint16_t)(c->idcode >> 16);
}

static uint32_t idcode_address(uint32_t cpuid)
{
    switch (CPUID_PARTNO(cpuid)) {
    case PARTNO_M0:
    case PARTNO_M0P: return DBGMCU_IDCODE_M0;
    case PARTNO_M33: return DBGMCU_IDCODE_M33;
    case PARTNO_M7: return DBGMCU_IDCODE_M3M4; /* F7; H7 is tried next */
    }
    return DBGMCU_IDCODE_M3M4;
}

int stm32_identify(struct stm32_chip *c, struct arm_target *t, uint32_t target_mv)
{
    *c = (struct stm32_chip){ .t = t, .target_mv = target_mv };
    int rc = arm_read32(t, ARM_CPUID, &c->cpuid);
    if (rc)
        return sd_fail(t->session, rc, SD_LOG_CHIP, "reading CPUID at 0x%08x", ARM_CPUID);
    uint32_t at = idcode_address(c->cpuid);
    rc = arm_read32(t, at, &c->idcode);
    if ((rc || (c->idcode & 0xFFF) == 0) && CPUID_PARTNO(c->cpuid) == PARTNO_M7) {
        at = DBGMCU_IDCODE_H7;
        rc = arm_read32(t, at, &c->idcode);
    }
    if (rc)
        return sd_fail(t->session, rc, SD_LOG_CHIP, "reading DBGMCU_IDCODE at 0x%08x", at);
    uint16_t dev = stm32_dev_id(c);
    if (dev == DEV_ID_F2 && CPUID_PARTNO(c->cpuid) == PARTNO_M4)
        dev = DEV_ID_F40X, c->idcode = (c->idcode & ~0xFFFu) | DEV_ID_F40X;
    c->part = stm32_find_part(dev);
    if (!c->part)
        return sd_fail(t->session, SD_ERR_UNKNOWN_CHIP, SD_LOG_CHIP,
                       "DEV_ID 0x%03x (DBGMCU_IDCODE 0x%08x, %s) is not in swdoctor's chip table",
                       dev, c->idcode, stm32_core_name(c->cpuid));

    uint8_t fs[2];
    rc = arm_mem_read(t, c->part->flash_size_reg, fs, 2);
    uint32_t kib = rc ? 0 : (uint32_t)(fs[0] | fs[1] << 8);
    if (rc || kib == 0 || kib == 0xFFFF || kib > c->part->flash_kib_max) {
        sd_log(t->session, SD_LOG_WARN, SD_LOG_CHIP,
               "flash size register at 0x%08x unreadable or implausible (%u KiB); assuming %u KiB",
               c->part->flash_size_reg, kib, c->part->flash_kib_max);
        sd_session_clear_error(t->session);
        kib = c->part->flash_kib_max;
    }
    c->flash_kib = kib;
    c->part->flash->map_sectors(c);
    return SD_OK;
}

const struct stm32_sector *stm32_sector_at(const struct stm32_chip *c, uint32_t addr)
{
    for (unsigned i = 0; i < c->n_sectors; i++)
        if (addr >= c->sectors[i].addr && addr - c->sectors[i].addr < c->sectors[i].size)
            return &c->sectors[i];
    return NULL;
}

uint32_t stm32_flash_end(const struct stm32_chip *c)
{
    return c->part->flash_base + c->flash_kib * 1024u;
}
