/* The part table: DEV_ID -> part.  A new part of a known controller
 * generation is one row here (HACKING.md).  Facts: stm32-families.md §1.2
 * (openocd stm32f2x.c part table; CMSIS FLASHSIZE_BASE/UID_BASE). */
#include <stddef.h>

#include "stm32.h"

extern const struct stm32_flash_ops stm32_flash_f2f4;

/* F2/F4 share the controller at 0x40023C00 (RM0033 §2.3, RM0090 §3.9). */
#define F2F4_FLASH_REGS 0x40023C00u
#define F2F4_FSIZE      0x1FFF7A22u
#define F2F4_UID        0x1FFF7A10u

#define F2F4_ROW(id, nm, fam, kib, sram, big)                                    \
    { .dev_id = id, .name = nm, .family = fam, .flash = &stm32_flash_f2f4,       \
      .flash_regs = F2F4_FLASH_REGS, .flash_base = 0x08000000u,                  \
      .flash_kib_max = kib, .flash_size_reg = F2F4_FSIZE, .uid_reg = F2F4_UID,   \
      .sram_kib = sram, .largest_sector_kib = big }

static const struct stm32_part parts[] = {
    /* sram_kib: SRAM1 (+SRAM2 where contiguous) from the reference manuals'
     * memory maps; what a loader may use. */
    F2F4_ROW(0x411, "STM32F205/207/215/217", "F2", 1024, 128, 128),
    F2F4_ROW(0x413, "STM32F405/407/415/417", "F4", 1024, 128, 128),
    F2F4_ROW(0x419, "STM32F427/429/437/439", "F4", 2048, 192, 128),
    F2F4_ROW(0x434, "STM32F469/479", "F4", 2048, 320, 128),
    F2F4_ROW(0x423, "STM32F401xB/C", "F4", 256, 64, 128),
    F2F4_ROW(0x433, "STM32F401xD/E", "F4", 512, 96, 128),
    F2F4_ROW(0x458, "STM32F410", "F4", 128, 32, 128),
    F2F4_ROW(0x431, "STM32F411", "F4", 512, 128, 128),
    F2F4_ROW(0x441, "STM32F412", "F4", 1024, 256, 128),
    F2F4_ROW(0x463, "STM32F413/423", "F4", 1536, 320, 128),
    F2F4_ROW(0x421, "STM32F446", "F4", 512, 128, 128),
};

/* Each generation's rows (parts_<gen>.c), each table ended by dev_id 0. */
extern const struct stm32_part stm32_parts_f0f1f3[];
extern const struct stm32_part stm32_parts_l0l1[];
extern const struct stm32_part stm32_parts_l4g0g4wbwlc0[];
extern const struct stm32_part stm32_parts_l5u5[];
extern const struct stm32_part stm32_parts_h7[];
extern const struct stm32_part stm32_parts_f7[];

static const struct stm32_part *const tables[] = {
    stm32_parts_f0f1f3, stm32_parts_l0l1, stm32_parts_l4g0g4wbwlc0,
    stm32_parts_l5u5, stm32_parts_h7, stm32_parts_f7,
};

const struct stm32_part *stm32_find_part(uint16_t dev_id)
{
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (parts[i].dev_id == dev_id)
            return &parts[i];
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (const struct stm32_part *p = tables[t]; p->dev_id; p++)
            if (p->dev_id == dev_id)
                return p;
    return NULL;
}

void stm32_for_each_part(void (*fn)(const struct stm32_part *p, void *user), void *user)
{
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        fn(&parts[i], user);
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (const struct stm32_part *p = tables[t]; p->dev_id; p++)
            fn(p, user);
}
