/* The generic STM32 shell (sim/chips/mcu*.c) on its own: two made-up
 * parts with a minimal flash-controller plug-in defined here, so what is
 * tested is the shell's part of the contract in mcu.h: F1 AFIO SWJ_CFG
 * (RM0008 §9.4.2), the register-file RCC and PWR (reset values, ready-bit
 * mirrors, reset flags, STOP/STANDBY decode), DBGMCU on the APB bus or in
 * the PPB with its power-on-only reset (stm32-families.md §5), option
 * bytes sharing the system page, the boot alias at 0, access-port routes
 * (system bus only, the H7 APB-D bus), a second core, WAIT while the
 * controller is busy, a chip-requested reset, and the nvm trailer.  Fake
 * core and clock: test_f4_fakes.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chips/chip.h"
#include "chips/mcu.h"
#include "test_f4_fakes.h"

#define FLASH_BASE   0x08000000u
#define SRAM_BASE    0x20000000u
#define MS           SIM_NS_PER_MS

/* ---- A minimal controller plug-in ----
 * nvm_ctl[0] = RDP level, [1] = boot from system memory.  Register 0 at
 * flashif_base: write 1 starts a 1 ms operation, 2 asks for a chip reset;
 * reads give 1 while busy. */
struct fake_fc { bool busy; sim_ns until; unsigned resets, por_resets; };

static size_t ffc_nvm_size(const struct sim_chip_part *p) { (void)p; return 16; }
static void *ffc_create(struct mcu *m) { (void)m; return calloc(1, sizeof(struct fake_fc)); }
static void ffc_destroy(void *fc) { free(fc); }
static void ffc_init_fresh(struct mcu *m, const struct sim_board_config *cfg)
{
    memset(m->nvm_ctl, 0, 16);
    m->nvm_ctl[0] = (uint8_t)cfg->rdp;
    m->nvm_ctl[1] = (uint8_t)cfg->boot0;
}
static void ffc_reset(struct mcu *m, bool por)
{
    struct fake_fc *f = m->fc;
    f->busy = false;
    f->resets++;
    f->por_resets += por;
}
static int ffc_rdp(const struct mcu *m) { return m->nvm_ctl[0]; }
static bool ffc_busy(const struct mcu *m) { return ((struct fake_fc *)m->fc)->busy; }
static void ffc_update(struct mcu *m, sim_ns now)
{
    struct fake_fc *f = m->fc;
    if (f->busy && f->until <= now) {
        f->busy = false;
        mcu_flash_op_ended(m);
    }
}
static sim_ns ffc_program_ns(const struct mcu *m) { (void)m; return 10 * SIM_NS_PER_US; }
static int ffc_reg_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                        unsigned size, uint32_t *val)
{
    (void)who; (void)off; (void)size;
    *val = ffc_busy(ctx);
    return 0;
}
static int ffc_reg_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                         unsigned size, uint32_t val)
{
    (void)who; (void)off; (void)size;
    struct mcu *m = ctx;
    struct fake_fc *f = m->fc;
    if (val == 1) {
        f->busy = true;
        f->until = mcu_now(m) + 1 * MS;
        mcu_flash_op_started(m);
    } else if (val == 2) {
        mcu_system_reset(m);
    }
    return 0;
}
static int ffc_flash_read(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                          unsigned size, uint32_t *val)
{
    if (who == SIM_BUS_DEBUG && ffc_rdp(m) == 1 && mcu_rdp1_blocks_debug(m))
        return -1;
    *val = 0;
    memcpy(val, m->flash + off, size);
    return 0;
}
static int ffc_flash_write(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                           unsigned size, uint32_t val)
{
    (void)who;
    memcpy(m->flash + off, &val, size);
    mcu_flash_changed(m, off, size);
    return 0;
}
static int ffc_opt_read(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                        unsigned size, uint32_t *val)
{
    (void)who;
    uint32_t w = 0xA5A50000u | m->nvm_ctl[0];
    *val = off < 4 ? sim_reg_extract(w, off, size) : 0;
    return 0;
}
static int ffc_opt_write(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                         unsigned size, uint32_t val)
{
    (void)who; (void)size;
    if (off == 0)
        m->nvm_ctl[0] = (uint8_t)val;
    return 0;
}
static uint32_t ffc_boot(const struct mcu *m)
{
    return m->nvm_ctl[1] ? m->lay->sysmem_base : m->lay->flash_base;
}

static const struct mcu_flash_ops fake_ops = {
    .name = "fake controller", .erased = 0xFF, .nvm_size = ffc_nvm_size,
    .create = ffc_create, .destroy = ffc_destroy, .init_fresh = ffc_init_fresh,
    .reset = ffc_reset, .rdp_level = ffc_rdp, .busy = ffc_busy,
    .update = ffc_update, .program_ns = ffc_program_ns,
    .reg_read = ffc_reg_read, .reg_write = ffc_reg_write,
    .flash_read = ffc_flash_read, .flash_write = ffc_flash_write,
    .opt_read = ffc_opt_read, .opt_write = ffc_opt_write,
    .boot_address = ffc_boot,
};

/* ---- Two made-up parts ---- */

/* F1-like (RM0008): GPIO CRL/CRH, AFIO, option bytes at 0x1FFFF800 inside
 * the 4 KiB page of system memory at 0x1FFFF000, register-file RCC. */
#define F1_RCC       0x40021000u
#define F1_AFIO_MAPR 0x40010004u
#define F1_GPIOA_CRH 0x40010804u
#define F1_PWR_CR    0x40007000u
#define F1_FLASHIF   0x40022000u
#define F1_OPTBYTES  0x1FFFF800u
#define F1_FSIZE     0x1FFFF7E0u
#define RCC_CR       0x00u
#define RCC_CFGR     0x04u
#define RCC_CSR      0x24u
#define CSR_PINRSTF  (1u << 26)
#define CSR_PORRSTF  (1u << 27)
#define CSR_SFTRSTF  (1u << 28)

static const struct mcu_layout lay_f1 = {
    .flash_base = FLASH_BASE,
    .ram = { { .name = "sram", .base = SRAM_BASE } },
    .sram_bitband = true,
    .sysmem_base = 0x1FFFF000u, .sysmem_size = 0x1000u,
    .uid_addr = 0x1FFFF7E8u, .fsize_addr = F1_FSIZE,
    .optbytes_base = F1_OPTBYTES, .optbytes_size = 0x10u,
    .periph_base = 0x40000000u, .periph_size = 0x20000000u,
    .periph_bitband_base = 0x42000000u,
    .flashif_base = F1_FLASHIF,
    .dbgmcu_base = 0xE0042000u, .dbgmcu_cr_stop = 1u << 1, .dbgmcu_cr_standby = 1u << 2,
    .gpio_base = 0x40010800u, .gpio_stride = 0x400u, .gpio_ports = 5,
    .gpio_style = MCU_GPIO_F1, .afio_base = 0x40010000u,
    .rcc_base = F1_RCC,
    .rcc_reset = { { RCC_CR, 0x00000081u } },                   /* HSION, HSITRIM 16 */
    .rcc_mirror = { { RCC_CR, 1u << 0, 1 },                       /* HSIRDY <- HSION */
                    { RCC_CR, 1u << 16, 1 },                      /* HSERDY <- HSEON */
                    { RCC_CFGR, 3u, 2 } },                        /* SWS <- SW */
    .rcc_csr_off = RCC_CSR, .rcc_pinrst_bit = 26, .rcc_porrst_bit = 27,
    .rcc_sftrst_bit = 28,
    .pwr_base = 0x40007000u,
    .pwr_lp_off = 0, .pwr_lp_mask = 1u << 1, .pwr_lp_shift = 1, .pwr_lp_standby = 1,
};

/* G0/L4-like: MODER GPIO, DBGMCU on the APB bus at 0x40015800, PWR_CR1
 * LPMS[2:0] (>= 3: STANDBY), no memory-mapped option bytes. */
#define M0_DBGMCU    0x40015800u
#define M0_PWR_CR1   0x40007000u
#define M0_GPIOA     0x50000000u
static const struct mcu_layout lay_m0 = {
    .flash_base = FLASH_BASE,
    .ram = { { .name = "sram", .base = SRAM_BASE } },
    .sysmem_base = 0x1FFF0000u, .sysmem_size = 0x8000u,
    .uid_addr = 0x1FFF7590u, .fsize_addr = 0x1FFF75E0u,
    .periph_base = 0x40000000u, .periph_size = 0x20000000u,
    .flashif_base = 0x40022000u,
    .dbgmcu_base = M0_DBGMCU, .dbgmcu_cr_stop = 1u << 1, .dbgmcu_cr_standby = 1u << 2,
    .gpio_base = M0_GPIOA, .gpio_stride = 0x400u, .gpio_ports = 6,
    .gpio_style = MCU_GPIO_MODER,
    .gpioa_moder_reset = 0xEBFFFFFFu, .gpioa_pupdr_reset = 0x24000000u,
    .pwr_base = 0x40007000u,
    .pwr_reset = { { 0x00, 0x00000208u } },
    .pwr_lp_off = 0, .pwr_lp_mask = 7u, .pwr_lp_shift = 0, .pwr_lp_standby = 3,
};

static const struct mcu_part_data pd_f1 = { .layout = &lay_f1, .flash = &fake_ops };
static const struct mcu_part_data pd_m0 = { .layout = &lay_m0, .flash = &fake_ops };

static const struct sim_chip_part part_f1 = {
    .name = "TEST-F1", .family = &sim_family_mcu, .dev_id = 0x410, .rev_id = 0x2000,
    .flash_kib = 64, .sram_kib = 20, .core_kind = SIM_CORE_M3, .cpuid = 0x411FC231,
    .reset_hz = 8000000, .swdp_dpidr = 0x1BA01477, .n_aps = 3,
    .ap_core = { 0, SIM_AP_SYSTEM, SIM_AP_APB_DEBUG },
    .family_data = &pd_f1,
};

static const struct sim_chip_part part_m0 = {
    .name = "TEST-M0", .family = &sim_family_mcu, .dev_id = 0x460, .rev_id = 0x1000,
    .flash_kib = 32, .sram_kib = 8, .core_kind = SIM_CORE_M0PLUS, .cpuid = 0x410CC601,
    .reset_hz = 16000000, .n_aps = 1,
    .core2_kind = SIM_CORE_M0PLUS, .core2_cpuid = 0x410CC601, .core2_hz = 32000000,
    .family_data = &pd_m0,
};

struct fx {
    struct sim_board_config cfg;
    uint8_t *nvm;
    struct sim_chip *chip;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    sim_clock_reset();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    if (f->chip)
        sim_chip_destroy(f->chip);
    free(f->nvm);
    free(f);
    return 0;
}

static struct sim_chip *make(struct fx *f, const struct sim_chip_part *p, bool fresh)
{
    char err[256] = "";
    if (!f->nvm)
        f->nvm = calloc(1, p->family->nvm_size(p));
    f->chip = p->family->create(p, &f->cfg, f->nvm, fresh, err, sizeof err);
    assert_non_null(f->chip);
    sim_chip_power(f->chip, true);
    return f->chip;
}

static struct mcu *M(struct fx *f) { return (struct mcu *)f->chip; }

static uint32_t rd(struct sim_chip *c, uint32_t addr)
{
    uint32_t v = 0xDEADBEEF;
    assert_int_equal(sim_chip_debug_read(c, 0, addr, 4, &v), SIM_BUS_ACCESS_OK);
    return v;
}

static void wr(struct sim_chip *c, uint32_t addr, uint32_t v)
{
    assert_int_equal(sim_chip_debug_write(c, 0, addr, 4, v), SIM_BUS_ACCESS_OK);
}

static void nrst_pulse(struct sim_chip *c)
{
    sim_chip_nrst(c, true);
    fake_advance(c, 1 * MS);
    sim_chip_nrst(c, false);
}

/* RM0008 §9.4.2: SWJ_CFG = 100 disables SW-DP; the field reads 0; GPIO
 * configuration of PA13/PA14 does not matter on F1; a reset restores it. */
static void test_f1_swj_cfg(void **state)
{
    struct fx *f = *state;
    struct sim_chip *c = make(f, &part_f1, true);
    assert_true(sim_chip_debug_port_alive(c));
    assert_int_equal(fake_cpu_write(F1_GPIOA_CRH, 4, 0x33333333u), 0);
    assert_true(sim_chip_debug_port_alive(c));
    assert_int_equal(fake_cpu_write(F1_AFIO_MAPR, 4, 0x02000000u), 0);  /* SW only */
    assert_true(sim_chip_debug_port_alive(c));
    assert_int_equal(rd(c, F1_AFIO_MAPR), 0);
    assert_int_equal(fake_cpu_write(F1_AFIO_MAPR, 4, 0x04000001u), 0);  /* all off */
    assert_false(sim_chip_debug_port_alive(c));
    uint32_t v;
    assert_int_equal(fake_cpu_read(F1_AFIO_MAPR, 4, &v), 0);
    assert_int_equal(v, 0x00000001u);                 /* other bits read back */
    sim_chip_nrst(c, true);
    assert_true(sim_chip_debug_port_alive(c));
    sim_chip_nrst(c, false);
    assert_true(sim_chip_debug_port_alive(c));
}

/* Register-file RCC: reset values, RDY mirrors, reset-cause flags. */
static void test_rcc_register_file(void **state)
{
    struct fx *f = *state;
    struct sim_chip *c = make(f, &part_f1, true);
    assert_int_equal(rd(c, F1_RCC + RCC_CR), 0x83);              /* HSIRDY follows */
    wr(c, F1_RCC + RCC_CR, 0x00010081u);
    assert_int_equal(rd(c, F1_RCC + RCC_CR), 0x00030083u);       /* HSERDY follows */
    wr(c, F1_RCC + RCC_CFGR, 1u);
    assert_int_equal(rd(c, F1_RCC + RCC_CFGR), 0x5u);            /* SWS = SW */
    uint32_t csr = rd(c, F1_RCC + RCC_CSR);
    assert_int_equal(csr & (CSR_PINRSTF | CSR_PORRSTF | CSR_SFTRSTF),
                     CSR_PINRSTF | CSR_PORRSTF);
    wr(c, F1_RCC + RCC_CSR, 0);                                   /* flags read-only */
    assert_int_equal(rd(c, F1_RCC + RCC_CSR) & CSR_PORRSTF, CSR_PORRSTF);
    fake_last_core->hooks.sysresetreq(fake_last_core->hooks.ctx);
    assert_int_equal(rd(c, F1_RCC + RCC_CSR) & CSR_SFTRSTF, CSR_SFTRSTF);
    assert_int_equal(rd(c, F1_RCC + RCC_CR), 0x83);              /* back to reset */
    assert_int_equal(fake_last_core->resets[SIM_RESET_SYSTEM], 1);
    sim_chip_power(c, false);
    sim_chip_power(c, true);
    assert_int_equal(rd(c, F1_RCC + RCC_CSR) & (CSR_SFTRSTF | CSR_PORRSTF), CSR_PORRSTF);
}

static void deep_sleep(struct sim_chip *c)
{
    fake_last_core->state = SIM_CORE_SLEEPING;
    fake_last_core->hooks.sleep(fake_last_core->hooks.ctx, true);
    fake_advance(c, 1 * MS);
}

/* PWR decode: F1 PDDS bit; debug alive per DBGMCU_CR; DBGMCU_CR kept
 * over NRST, cleared by power-on. */
static void test_stop_standby_and_dbgmcu(void **state)
{
    struct fx *f = *state;
    struct sim_chip *c = make(f, &part_f1, true);
    wr(c, 0xE0042004u, 1u << 1);                                  /* DBG_STOP */
    deep_sleep(c);
    assert_int_equal(M(f)->lp, MCU_STOP);
    assert_true(sim_chip_debug_port_alive(c));
    nrst_pulse(c);
    assert_int_equal(rd(c, 0xE0042004u), 1u << 1);
    assert_int_equal(fake_cpu_write(F1_PWR_CR, 4, 1u << 1), 0);   /* PDDS */
    deep_sleep(c);
    assert_int_equal(M(f)->lp, MCU_STANDBY);
    assert_false(sim_chip_debug_port_alive(c));
    sim_chip_power(c, false);
    sim_chip_power(c, true);
    assert_int_equal(rd(c, 0xE0042004u), 0);
    assert_int_equal(rd(c, 0xE0042000u), 0x20000410u);            /* IDCODE */
}

/* LPMS-style decode, DBGMCU on the APB bus, MODER reset values, second
 * core held by default (no boot_address2) and released by the chip. */
static void test_m0_layout_and_second_core(void **state)
{
    struct fx *f = *state;
    struct sim_chip *c = make(f, &part_m0, true);
    assert_int_equal(M(f)->n_cores, 2);
    assert_true(fake_last_core->held);                            /* core 2 */
    assert_int_equal(fake_last_core->cfg.hz, 32000000);
    mcu_core_hold(M(f), 1, false);
    assert_false(fake_last_core->held);
    assert_int_equal(rd(c, M0_DBGMCU) & 0xFFF, 0x460);
    assert_int_equal(rd(c, M0_GPIOA), 0xEBFFFFFFu);
    assert_int_equal(rd(c, M0_PWR_CR1), 0x208u);
    assert_true(sim_chip_debug_port_alive(c));
    assert_int_equal(fake_cpu_write(M0_GPIOA, 4, 0xEBFFFFFFu & ~(3u << 28)), 0);
    assert_false(sim_chip_debug_port_alive(c));                   /* PA14 input */
    nrst_pulse(c);
    wr(c, M0_DBGMCU + 4, 1u << 1);
    assert_int_equal(fake_cpu_write(M0_PWR_CR1, 4, 0x201u), 0);   /* LPMS STOP1 */
    struct fake_core *core0 = (struct fake_core *)M(f)->core[0];
    core0->state = SIM_CORE_SLEEPING;
    core0->hooks.sleep(core0->hooks.ctx, true);
    assert_int_equal(M(f)->lp, MCU_STOP);
    assert_int_equal(fake_cpu_write(M0_PWR_CR1, 4, 0x204u), 0);   /* LPMS shutdown */
    core0->hooks.sleep(core0->hooks.ctx, true);
    assert_int_equal(M(f)->lp, MCU_STANDBY);
    assert_false(sim_chip_debug_port_alive(c));
}

/* Option bytes inside the system page: the CPU reads them from memory
 * (kept in step), the debugger and CPU writes reach the plug-in. */
static void test_option_bytes_in_system_page(void **state)
{
    struct fx *f = *state;
    f->cfg.rdp = 0;
    struct sim_chip *c = make(f, &part_f1, true);
    uint32_t v = 0;
    assert_int_equal(fake_cpu_read(F1_OPTBYTES, 4, &v), 0);
    assert_int_equal(v, 0xA5A50000u);
    assert_int_equal(rd(c, F1_OPTBYTES), 0xA5A50000u);
    assert_int_equal(fake_cpu_write(F1_OPTBYTES, 2, 0x7), 0);
    assert_int_equal(rd(c, F1_OPTBYTES), 0xA5A50007u);
    assert_int_equal(fake_cpu_read(F1_OPTBYTES, 4, &v), 0);
    assert_int_equal(v, 0xA5A50007u);
    /* U_ID / F_SIZE and the boot ROM of the same page. */
    assert_int_equal(rd(c, F1_FSIZE) & 0xFFFF, 64);
    assert_int_equal(rd(c, 0x1FFFF000u), SRAM_BASE + 20 * 1024);
}

/* Boot alias: system memory at 0 when the plug-in says so; the core
 * fetches its vectors at 0. */
static void test_boot_alias(void **state)
{
    struct fx *f = *state;
    f->cfg.boot0 = 1;
    struct sim_chip *c = make(f, &part_f1, true);
    assert_int_equal(fake_last_core->cfg.boot_address, 0);
    assert_int_equal(rd(c, 0x4), rd(c, 0x1FFFF004u));
    /* Booted from system memory: RDP level 1 blocks the debugger even
     * before it connects (mcu_rdp1_blocks_debug). */
    assert_true(mcu_rdp1_blocks_debug(M(f)));
}

/* AP routes: AP1 = system bus without PPB, AP2 = APB-D (DBGMCU at
 * 0xE00E1000, nothing else of the bus). */
static void test_ap_routes(void **state)
{
    struct fx *f = *state;
    struct sim_chip *c = make(f, &part_f1, true);
    uint32_t v;
    assert_int_equal(sim_chip_debug_read(c, 0, 0xE000ED00u, 4, &v), SIM_BUS_ACCESS_OK);
    assert_int_equal(sim_chip_debug_read(c, 1, 0xE000ED00u, 4, &v), SIM_BUS_ACCESS_FAULT);
    assert_int_equal(sim_chip_debug_write(c, 1, SRAM_BASE, 4, 0x1234), SIM_BUS_ACCESS_OK);
    assert_int_equal(rd(c, SRAM_BASE), 0x1234);
    assert_int_equal(sim_chip_debug_read(c, 2, 0xE00E1000u, 4, &v), SIM_BUS_ACCESS_OK);
    assert_int_equal(v, 0x20000410u);
    assert_int_equal(sim_chip_debug_read(c, 2, SRAM_BASE, 4, &v), SIM_BUS_ACCESS_FAULT);
}

/* Busy controller: flash reads WAIT; RDP level 1 faults debugger reads. */
static void test_wait_and_rdp1(void **state)
{
    struct fx *f = *state;
    f->cfg.rdp = 1;
    struct sim_chip *c = make(f, &part_f1, true);
    wr(c, F1_FLASHIF, 1);
    uint32_t v;
    assert_int_equal(sim_chip_debug_read(c, 0, FLASH_BASE, 4, &v), SIM_BUS_ACCESS_WAIT);
    assert_int_equal(sim_chip_debug_read(c, 0, 0x0, 4, &v), SIM_BUS_ACCESS_WAIT);
    fake_advance(c, 1 * MS);
    assert_int_equal(sim_chip_debug_read(c, 0, FLASH_BASE, 4, &v), SIM_BUS_ACCESS_FAULT);
    assert_true(sim_chip_debug_port_alive(c));         /* level 1: port alive */
}

/* A reset the chip asks for from a CPU access happens when the slice of
 * CPU time ends, not inside the access. */
static bool reset_asked;
static void fw_ask_reset(struct fake_core *core, sim_ns now)
{
    (void)now;
    if (reset_asked)
        return;
    reset_asked = true;
    assert_int_equal(fake_cpu_write(F1_FLASHIF, 4, 2), 0);
    assert_int_equal(core->resets[SIM_RESET_SYSTEM], 0);          /* not yet */
}

static void test_chip_requested_reset(void **state)
{
    struct fx *f = *state;
    struct sim_chip *c = make(f, &part_f1, true);
    reset_asked = false;
    fake_last_core->firmware = fw_ask_reset;
    fake_advance(c, 1 * MS);
    fake_last_core->firmware = NULL;
    assert_int_equal(fake_last_core->resets[SIM_RESET_SYSTEM], 1);
    assert_int_equal(rd(c, F1_RCC + RCC_CSR) & CSR_SFTRSTF, CSR_SFTRSTF);
}

/* nvm: flash | trailer (magic, version, controller tag) | controller. */
static void test_nvm_trailer(void **state)
{
    struct fx *f = *state;
    struct sim_chip *c = make(f, &part_f1, true);
    uint8_t b[4] = { 1, 2, 3, 4 };
    assert_int_equal(sim_chip_load_flash(c, FLASH_BASE + 0x100, b, 4), 0);
    assert_int_equal(sim_chip_load_flash(c, FLASH_BASE + 64 * 1024, b, 1), -1);
    sim_chip_destroy(c);
    f->chip = NULL;
    c = make(f, &part_f1, false);
    assert_int_equal(rd(c, FLASH_BASE + 0x100), 0x04030201);
    sim_chip_destroy(c);
    f->chip = NULL;
    f->nvm[64 * 1024 + 8] ^= 0xFF;                                /* another family */
    char err[256] = "";
    assert_null(part_f1.family->create(&part_f1, &f->cfg, f->nvm, false, err, sizeof err));
    assert_non_null(strstr(err, "TEST-F1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_f1_swj_cfg, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rcc_register_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stop_standby_and_dbgmcu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_m0_layout_and_second_core, setup, teardown),
        cmocka_unit_test_setup_teardown(test_option_bytes_in_system_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_boot_alias, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ap_routes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wait_and_rdp1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chip_requested_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nvm_trailer, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
