/* The F2/F4/F7 reset and clock control (RM0090 §7.3; RM0410 §5.3 has the
 * same CR/PLLCFGR/CFGR/CSR layout), kept exact as a family peripheral
 * rather than the shell's register file because firmware and tests need
 * the clock: oscillator RDY bits that follow their ON bits, the PLL, the
 * SYSCLK switch (SWS follows SW once the source is ready), the AHB
 * prescaler, reset flags, and the core clock handed to the core.  Also
 * the 4 KiB backup SRAM (RM0090 §5.1.2).  State lives in m->rcc and the
 * controller's struct f24. */
#include <string.h>

#include "chips/fc_f2f4.h"

#define RCC_BASE        0x40023800u      /* RM0090 §2.3 Table 1; RM0410 §2.2.2 */
#define BKPSRAM_BASE    0x40024000u
#define BLOCK_1K        0x400u

/* Offsets and reset values (RM0090 §7.3.1-7.3.24) */
#define RCC_CR          0x00u
#define RCC_PLLCFGR     0x04u
#define RCC_CFGR        0x08u
#define RCC_CIR         0x0Cu
#define RCC_AHB1ENR     0x30u
#define RCC_AHB1LPENR   0x50u
#define RCC_AHB2LPENR   0x54u
#define RCC_AHB3LPENR   0x58u
#define RCC_APB1LPENR   0x60u
#define RCC_APB2LPENR   0x64u
#define RCC_BDCR        0x70u
#define RCC_CSR         0x74u
#define RCC_PLLI2SCFGR  0x84u
#define RCC_REG_COUNT   (sizeof ((struct mcu *)0)->rcc / sizeof(uint32_t))

#define CR_HSION        (1u << 0)
#define CR_HSIRDY       (1u << 1)
#define CR_HSITRIM_DEF  (16u << 3)
#define CR_HSEON        (1u << 16)
#define CR_HSERDY       (1u << 17)
#define CR_PLLON        (1u << 24)
#define CR_PLLRDY       (1u << 25)
#define CR_PLLI2SON     (1u << 26)
#define CR_PLLI2SRDY    (1u << 27)
#define CR_RDY_BITS     (CR_HSIRDY | CR_HSERDY | CR_PLLRDY | CR_PLLI2SRDY)
#define CR_RESET        (CR_HSION | CR_HSIRDY | CR_HSITRIM_DEF)

#define PLLCFGR_M_MASK  0x3Fu
#define PLLCFGR_N_SHIFT 6u
#define PLLCFGR_N_MASK  0x1FFu
#define PLLCFGR_P_SHIFT 16u
#define PLLCFGR_P_MASK  3u
#define PLLCFGR_SRC_HSE (1u << 22)
#define PLLCFGR_RESET   0x24003010u

#define CFGR_SW_MASK    3u
#define CFGR_SWS_SHIFT  2u
#define CFGR_SWS_MASK   (3u << CFGR_SWS_SHIFT)
#define CFGR_HPRE_SHIFT 4u
#define CFGR_HPRE_MASK  0xFu
#define SW_HSI          0u
#define SW_HSE          1u
#define SW_PLL          2u

#define AHB1ENR_CCMDATARAMEN (1u << 20)
#define BDCR_LSEON      (1u << 0)
#define BDCR_LSERDY     (1u << 1)
#define CSR_LSION       (1u << 0)
#define CSR_LSIRDY      (1u << 1)
#define CSR_RMVF        (1u << 24)
#define CSR_BORRSTF     (1u << 25)
#define CSR_PINRSTF     (1u << 26)
#define CSR_PORRSTF     (1u << 27)
#define CSR_SFTRSTF     (1u << 28)
#define CSR_IWDGRSTF    (1u << 29)
#define CSR_FLAGS       0xFE000000u

#define HSI_HZ          16000000u
/* The board's crystal: 8 MHz as on the STM32F4-Discovery (UM1472). */
#define HSE_HZ          8000000u

static uint32_t *reg(struct mcu *m, uint32_t off)
{
    return &m->rcc[off / 4u];
}

static uint32_t sysclk_of(struct mcu *m, unsigned sws)
{
    uint32_t pll = *reg(m, RCC_PLLCFGR);
    switch (sws) {
    case SW_HSE:
        return HSE_HZ;
    case SW_PLL: {
        uint32_t in = (pll & PLLCFGR_SRC_HSE) ? HSE_HZ : HSI_HZ;
        uint32_t pllm = pll & PLLCFGR_M_MASK;
        uint32_t n = (pll >> PLLCFGR_N_SHIFT) & PLLCFGR_N_MASK;
        uint32_t p = 2u * (((pll >> PLLCFGR_P_SHIFT) & PLLCFGR_P_MASK) + 1u);
        if (pllm < 2)                       /* RM0090: PLLM >= 2 */
            return in;
        return (uint32_t)((uint64_t)in / pllm * n / p);
    }
    default:
        return HSI_HZ;
    }
}

/* AHB prescaler HPRE (RM0090 §7.3.3): 0xxx = /1, 1000 = /2 ... 1111 = /512
 * (there is no /32). */
static uint32_t hpre_div(uint32_t hpre)
{
    static const uint32_t div[8] = { 2, 4, 8, 16, 64, 128, 256, 512 };
    return (hpre & 8u) ? div[hpre & 7u] : 1u;
}

static void update_clock(struct mcu *m)
{
    uint32_t cfgr = *reg(m, RCC_CFGR);
    unsigned sws = (cfgr & CFGR_SWS_MASK) >> CFGR_SWS_SHIFT;
    uint32_t hz = sysclk_of(m, sws) /
                  hpre_div((cfgr >> CFGR_HPRE_SHIFT) & CFGR_HPRE_MASK);
    if (hz != f24_of(m)->hclk_hz) {
        f24_of(m)->hclk_hz = hz;
        mcu_set_core_hz(m, hz);
    }
}

static bool source_ready(struct mcu *m, unsigned sw)
{
    uint32_t cr = *reg(m, RCC_CR);
    switch (sw) {
    case SW_HSI: return cr & CR_HSIRDY;
    case SW_HSE: return cr & CR_HSERDY;
    case SW_PLL: return cr & CR_PLLRDY;
    default:     return false;
    }
}

/* RDY follows ON (oscillators start and the PLL locks well within the
 * time a firmware polls; we do not model the microseconds).  An
 * oscillator in use as SYSCLK cannot be switched off (RM0090 §7.3.1). */
static void write_cr(struct mcu *m, uint32_t v)
{
    unsigned sws = (*reg(m, RCC_CFGR) & CFGR_SWS_MASK) >> CFGR_SWS_SHIFT;
    if (sws == SW_HSI)
        v |= CR_HSION;
    if (sws == SW_HSE || (sws == SW_PLL && (*reg(m, RCC_PLLCFGR) & PLLCFGR_SRC_HSE)))
        v |= CR_HSEON;
    if (sws == SW_PLL)
        v |= CR_PLLON;
    v &= ~CR_RDY_BITS;
    if (v & CR_HSION)    v |= CR_HSIRDY;
    if (v & CR_HSEON)    v |= CR_HSERDY;
    if (v & CR_PLLON)    v |= CR_PLLRDY;
    if (v & CR_PLLI2SON) v |= CR_PLLI2SRDY;
    *reg(m, RCC_CR) = v;
}

static void write_cfgr(struct mcu *m, uint32_t v)
{
    unsigned sw = v & CFGR_SW_MASK;
    uint32_t sws = *reg(m, RCC_CFGR) & CFGR_SWS_MASK;
    if (source_ready(m, sw))
        sws = (uint32_t)sw << CFGR_SWS_SHIFT;
    *reg(m, RCC_CFGR) = (v & ~CFGR_SWS_MASK) | sws;
    update_clock(m);
}

void f24_rcc_reset(struct mcu *m)
{
    uint32_t bdcr = *reg(m, RCC_BDCR);         /* backup domain: kept */
    uint32_t flags = *reg(m, RCC_CSR) & CSR_FLAGS;
    memset(m->rcc, 0, sizeof m->rcc);
    *reg(m, RCC_CR) = CR_RESET;
    *reg(m, RCC_PLLCFGR) = PLLCFGR_RESET;
    if (m->part->ccm_kib)
        *reg(m, RCC_AHB1ENR) = AHB1ENR_CCMDATARAMEN;   /* on at reset */
    *reg(m, RCC_AHB1LPENR) = 0x7E6791FFu;
    *reg(m, RCC_AHB2LPENR) = 0x000000F1u;
    *reg(m, RCC_AHB3LPENR) = 0x00000001u;
    *reg(m, RCC_APB1LPENR) = 0x36FEC9FFu;
    *reg(m, RCC_APB2LPENR) = 0x00075F33u;
    *reg(m, RCC_PLLI2SCFGR) = 0x20003000u;
    *reg(m, RCC_BDCR) = bdcr;
    switch (m->reset_cause) {
    case MCU_RST_POWER:    flags = CSR_PORRSTF | CSR_PINRSTF | CSR_BORRSTF; break;
    case MCU_RST_PIN:      flags |= CSR_PINRSTF; break;
    /* A software reset also drives NRST low (RM0090 §7.1.2). */
    case MCU_RST_SOFTWARE: flags |= CSR_SFTRSTF | CSR_PINRSTF; break;
    /* The watchdog's reset pulses NRST as well (RM0090 §7.1.2). */
    case MCU_RST_IWDG:     flags |= CSR_IWDGRSTF | CSR_PINRSTF; break;
    }
    *reg(m, RCC_CSR) = flags;
    f24_of(m)->hclk_hz = 0;
    update_clock(m);
}

void f24_rcc_enter_stop(struct mcu *m)
{
    /* RM0090 §5.3.5: PLL and HSE are off after STOP, HSI is SYSCLK. */
    uint32_t *cfgr = reg(m, RCC_CFGR);
    *cfgr &= ~(CFGR_SW_MASK | CFGR_SWS_MASK);
    *reg(m, RCC_CR) &= ~(CR_HSEON | CR_HSERDY | CR_PLLON | CR_PLLRDY |
                         CR_PLLI2SON | CR_PLLI2SRDY);
    *reg(m, RCC_CR) |= CR_HSION | CR_HSIRDY;
    update_clock(m);
}

static int rcc_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                unsigned size, uint32_t *val)
{
    (void)who;
    struct mcu *m = ctx;
    uint32_t r = off & ~3u;
    *val = r / 4u < RCC_REG_COUNT ? sim_reg_extract(*reg(m, r), off, size) : 0;
    return 0;
}

static int rcc_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                 unsigned size, uint32_t val)
{
    (void)who;
    struct mcu *m = ctx;
    uint32_t r = off & ~3u;
    if (r / 4u >= RCC_REG_COUNT)
        return 0;
    uint32_t v = sim_reg_merge(*reg(m, r), off, size, val);
    switch (r) {
    case RCC_CR:
        write_cr(m, v);
        break;
    case RCC_PLLCFGR:
        *reg(m, r) = v;
        update_clock(m);
        break;
    case RCC_CFGR:
        write_cfgr(m, v);
        break;
    case RCC_CIR:
        *reg(m, r) = v & 0x00003F00u;          /* enables; flags not modelled */
        break;
    case RCC_BDCR:
        *reg(m, r) = (v & BDCR_LSEON) ? (v | BDCR_LSERDY) : (v & ~BDCR_LSERDY);
        break;
    case RCC_CSR:
        /* RMVF clears the reset flags and does not stay set (the watchdog
         * helper's change: a later read-modify-write of CSR must not clear
         * the flags of a later reset). */
        if (v & CSR_RMVF)
            v &= ~(CSR_FLAGS | CSR_RMVF);
        else
            v = (v & ~CSR_FLAGS) | (*reg(m, r) & CSR_FLAGS);
        *reg(m, r) = (v & CSR_LSION) ? (v | CSR_LSIRDY) : (v & ~CSR_LSIRDY);
        break;
    default:
        *reg(m, r) = v;
        break;
    }
    return 0;
}

/* ---- Backup SRAM (on VBAT: survives resets, erased by RDP regression) ---- */

static int bkpsram_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                        unsigned size, uint32_t *val)
{
    (void)who;
    struct mcu *m = ctx;
    *val = 0;
    memcpy(val, f24_of(m)->bkpsram + off, size);
    return 0;
}

static int bkpsram_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                         unsigned size, uint32_t val)
{
    (void)who;
    struct mcu *m = ctx;
    memcpy(f24_of(m)->bkpsram + off, &val, size);
    return 0;
}

void f24_add_peripherals(struct mcu *m)
{
    struct sim_periph rcc = { .name = "RCC", .base = RCC_BASE, .size = BLOCK_1K,
                              .read = rcc_read, .write = rcc_write, .ctx = m };
    struct sim_periph bkp = { .name = "BKPSRAM", .base = BKPSRAM_BASE,
                              .size = F24_BKPSRAM_SIZE, .read = bkpsram_read,
                              .write = bkpsram_write, .ctx = m };
    (void)sim_periph_bus_add(&m->pbus, &rcc);
    (void)sim_periph_bus_add(&m->pbus, &bkp);
}
