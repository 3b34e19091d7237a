/* STM32F2/F4 memory map (RM0090 §2.3, §2.4) as regions for the core, and
 * the debugger's view of the same bus: RDP checks on flash, WAIT while
 * the flash controller is busy, the core's own PPB parts. */
#include <string.h>

#include "chips/f4.h"

/* The bootloader ROM is ST's and not ours: system memory holds a minimal
 * valid program (vector table, then a branch-to-self) so BOOT0=1 boots
 * into something that neither faults nor touches flash. */
#define SYSMEM_CODE_OFF     0x200u
#define THUMB_B_SELF        0xE7FEu        /* b . */
#define F4_N_VECTORS        98u            /* 16 system + 82 IRQs (RM0090 §12.2) */
/* A fixed 96-bit unique ID (RM0090 §39.1: X/Y on wafer, wafer/lot number). */
static const uint32_t f4_uid[3] = { 0x00360041u, 0x3234510Bu, 0x37333836u };

void f4_build_syspage(struct f4_chip *c)
{
    uint8_t *p = c->syspage;
    memset(p, 0xFF, F4_SYSPAGE_SIZE);
    uint32_t sp = F4_SRAM_BASE + c->part->sram_kib * 1024u;
    uint32_t handler = F4_SYSMEM_BASE + SYSMEM_CODE_OFF + 1u; /* Thumb */
    memcpy(p, &sp, 4);
    for (unsigned i = 1; i < F4_N_VECTORS; i++)
        memcpy(p + 4u * i, &handler, 4);
    uint16_t insn = THUMB_B_SELF;
    memcpy(p + SYSMEM_CODE_OFF, &insn, 2);
    memcpy(p + (F4_OTP_BASE - F4_SYSMEM_BASE), c->nvm_otp, F4_OTP_SIZE);
    memcpy(p + (F4_UID_BASE - F4_SYSMEM_BASE), f4_uid, sizeof f4_uid);
    uint16_t fsize = (uint16_t)c->part->flash_kib;
    memcpy(p + (F4_FSIZE_BASE - F4_SYSMEM_BASE), &fsize, 2);
}

/* ---- Small register blocks that need no file of their own ---- */

static int bkpsram_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                        unsigned size, uint32_t *val)
{
    (void)who;
    struct f4_chip *c = ctx;
    *val = 0;
    memcpy(val, c->bkpsram + off, size);
    return 0;
}

static int bkpsram_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                         unsigned size, uint32_t val)
{
    (void)who;
    struct f4_chip *c = ctx;
    memcpy(c->bkpsram + off, &val, size);
    return 0;
}

static int write_ignored(void *ctx, enum sim_bus_initiator who, uint32_t off,
                         unsigned size, uint32_t val)
{
    (void)ctx; (void)who; (void)off; (void)size; (void)val;
    return 0;
}

static void add_periph(struct f4_chip *c, const char *name, uint32_t base,
                       uint32_t size, sim_periph_read_fn rd,
                       sim_periph_write_fn wr, void *ctx)
{
    struct sim_periph p = { .name = name, .base = base, .size = size,
                            .read = rd, .write = wr, .ctx = ctx };
    (void)sim_periph_bus_add(&c->pbus, &p);
}

void f4_build_periph_bus(struct f4_chip *c)
{
    sim_periph_bus_init(&c->pbus, F4_PERIPH_BASE, F4_PERIPH_SIZE,
                        F4_PERIPH_BB_BASE);
    add_periph(c, "PWR", F4_PWR_BASE, F4_BLOCK_1K, f4_pwr_read, f4_pwr_write, c);
    add_periph(c, "GPIO", F4_GPIOA_BASE, F4_GPIO_PORTS * F4_GPIO_STRIDE,
               f4_gpio_read, f4_gpio_write, c);
    add_periph(c, "RCC", F4_RCC_BASE, F4_BLOCK_1K, f4_rcc_read, f4_rcc_write, c);
    add_periph(c, "FLASH", F4_FLASHIF_BASE, F4_BLOCK_1K, f4_flashif_read,
               f4_flashif_write, c);
    add_periph(c, "BKPSRAM", F4_BKPSRAM_BASE, F4_BKPSRAM_SIZE, bkpsram_read,
               bkpsram_write, c);
}

static void add_region(struct f4_chip *c, struct sim_region r)
{
    c->regions[c->nregions++] = r;
}

/* RM0090 §2.4: BOOT0=0 aliases main flash at 0, BOOT0=1 (BOOT1=0) system
 * memory.  The board's BOOT0 is fixed for a scenario, so the alias is
 * chosen once. */
void f4_build_regions(struct f4_chip *c)
{
    const unsigned flash_flags = SIM_REGION_EXEC | SIM_REGION_CPU_RO |
                                 SIM_REGION_DEBUG_CB;
    if (c->boot0)
        add_region(c, (struct sim_region){ .name = "boot-alias(system)",
            .base = 0, .size = F4_SYSPAGE_SIZE, .mem = c->syspage,
            .flags = flash_flags, .read = f4_sysmem_read,
            .write = f4_sysmem_write, .ctx = c });
    else
        add_region(c, (struct sim_region){ .name = "boot-alias(flash)",
            .base = 0, .size = c->flash_size, .mem = c->flash,
            .flags = flash_flags, .read = f4_flash_mem_read,
            .write = f4_flash_mem_write, .ctx = c });
    add_region(c, (struct sim_region){ .name = "flash", .base = F4_FLASH_BASE,
        .size = c->flash_size, .mem = c->flash, .flags = flash_flags,
        .read = f4_flash_mem_read, .write = f4_flash_mem_write, .ctx = c });
    if (c->ccm)   /* RM0090 §2.3.1: CCM is on the D-bus only: no code */
        add_region(c, (struct sim_region){ .name = "ccm", .base = F4_CCM_BASE,
            .size = c->part->ccm_kib * 1024u, .mem = c->ccm });
    add_region(c, (struct sim_region){ .name = "system", .base = F4_SYSMEM_BASE,
        .size = F4_SYSPAGE_SIZE, .mem = c->syspage, .flags = flash_flags,
        .read = f4_sysmem_read, .write = f4_sysmem_write, .ctx = c });
    add_region(c, (struct sim_region){ .name = "option-bytes",
        .base = F4_OPTBYTES_BASE, .size = F4_OPTBYTES_BLOCK,
        .read = f4_optbytes_read, .write = write_ignored, .ctx = c });
    add_region(c, (struct sim_region){ .name = "sram", .base = F4_SRAM_BASE,
        .size = c->part->sram_kib * 1024u, .mem = c->sram,
        .flags = SIM_REGION_EXEC });
    add_region(c, (struct sim_region){ .name = "sram-bitband",
        .base = F4_SRAM_BB_BASE, .size = F4_SRAM_BB_SIZE,
        .read = sim_bitband_mem_read, .write = sim_bitband_mem_write,
        .ctx = &c->sram_bb });
    add_region(c, (struct sim_region){ .name = "peripherals",
        .base = F4_PERIPH_BASE, .size = F4_PERIPH_SIZE,
        .read = sim_periph_bus_read, .write = sim_periph_bus_write,
        .ctx = &c->pbus });
    add_region(c, (struct sim_region){ .name = "dbgmcu", .base = F4_DBGMCU_BASE,
        .size = F4_DBGMCU_BLOCK, .read = f4_dbgmcu_read,
        .write = f4_dbgmcu_write, .ctx = c });
}

/* ---- Debug port side ---- */

bool f4_debug_port_alive(const struct sim_chip *chip)
{
    const struct f4_chip *c = (const struct f4_chip *)chip;
    return c->powered && f4_options_rdp_level(c) != 2 &&
           f4_gpio_swd_pins_ok(c) && f4_lowpower_debug_alive(c);
}

static const struct sim_region *find_region(const struct f4_chip *c,
                                            uint32_t addr)
{
    for (size_t i = 0; i < c->nregions; i++) {
        const struct sim_region *r = &c->regions[i];
        if (addr >= r->base && addr - r->base < r->size)
            return r;
    }
    return NULL;
}

static bool is_flash_backed(const struct sim_region *r)
{
    return r->read == f4_flash_mem_read || r->read == f4_sysmem_read;
}

static enum sim_bus_access f4_debug_access(struct sim_chip *chip, bool write,
                                           uint32_t addr, unsigned size,
                                           uint32_t *val)
{
    struct f4_chip *c = f4_of(chip);
    if (!c->powered || (size != 1 && size != 2 && size != 4) ||
        (addr & (size - 1u)))
        return SIM_BUS_ACCESS_FAULT;
    c->debug_connected = true;
    f4_flash_update(c, sim_clock_now());

    const struct sim_region *r = find_region(c, addr);
    if (!r) {
        if (addr < F4_PPB_BASE || addr >= F4_PPB_END)
            return SIM_BUS_ACCESS_FAULT;
        /* The core's PPB parts are word registers.  A word write goes
         * straight through (reading first would clear DHCSR's sticky
         * S_RESET_ST / S_RETIRE_ST); narrower accesses use the word. */
        if (write && size == 4)
            return sim_core_ppb_write(c->core, addr, *val) == 0
                       ? SIM_BUS_ACCESS_OK : SIM_BUS_ACCESS_FAULT;
        uint32_t word_addr = addr & ~3u, word = 0;
        if (sim_core_ppb_read(c->core, word_addr, &word) != 0)
            return SIM_BUS_ACCESS_FAULT;
        if (!write) {
            *val = sim_reg_extract(word, addr, size);
            return SIM_BUS_ACCESS_OK;
        }
        word = sim_reg_merge(word, addr, size, *val);
        return sim_core_ppb_write(c->core, word_addr, word) == 0
                   ? SIM_BUS_ACCESS_OK : SIM_BUS_ACCESS_FAULT;
    }
    uint32_t off = addr - r->base;
    if (r->mem && !(r->flags & SIM_REGION_DEBUG_CB)) {
        if (write) {
            memcpy(r->mem + off, val, size);
            if (r->flags & SIM_REGION_EXEC)
                sim_core_invalidate(c->core, addr, size);
        } else {
            *val = 0;
            memcpy(val, r->mem + off, size);
        }
        return SIM_BUS_ACCESS_OK;
    }
    if (is_flash_backed(r) && f4_flash_busy(c))
        return SIM_BUS_ACCESS_WAIT;       /* AHB stalled: the DP answers WAIT */
    int rc = write ? r->write(r->ctx, SIM_BUS_DEBUG, off, size, *val)
                   : r->read(r->ctx, SIM_BUS_DEBUG, off, size, val);
    return rc == 0 ? SIM_BUS_ACCESS_OK : SIM_BUS_ACCESS_FAULT;
}

enum sim_bus_access f4_debug_read(struct sim_chip *chip, unsigned ap, uint32_t addr,
                                  unsigned size, uint32_t *val)
{
    (void)ap;
    return f4_debug_access(chip, false, addr, size, val);
}

enum sim_bus_access f4_debug_write(struct sim_chip *chip, unsigned ap, uint32_t addr,
                                   unsigned size, uint32_t val)
{
    (void)ap;
    return f4_debug_access(chip, true, addr, size, &val);
}

void f4_debug_power(struct sim_chip *chip, bool system, bool debug)
{
    /* RM0090 §3.7.3: level 1 blocks flash "while the debug features are
     * connected"; a debugger that powered up the debug domain counts as
     * connected until the next power-on reset (stm32-families.md §4.1). */
    if (system || debug)
        f4_of(chip)->debug_connected = true;
}
