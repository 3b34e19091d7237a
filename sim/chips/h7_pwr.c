/* STM32H7 PWR block (RM0433, RM0399, RM0468, RM0455 PWR chapters;
 * stm32-families.md §6.2): the supply configuration in PWR_CR3 is written
 * once per power-on, and a configuration the board is not wired for
 * leaves VCORE unsupplied: ACTVOSRDY never rises, the core domain browns
 * out and the debug port goes dead.  Only a power cycle clears it (then
 * BOOT0 = 1 keeps the bad firmware from running again).
 *
 * The other PWR registers are a plain register file; CPUCR is copied to
 * the shell's m->pwr[] so its low-power logic (PDDS_D1) works. */
#include "chips/fc_h7.h"

/* Register offsets (CMSIS stm32h743xx.h PWR_TypeDef) */
#define PWR_CR1     0x00u
#define PWR_CSR1    0x04u
#define PWR_CR2     0x08u
#define PWR_CR3     0x0Cu
#define PWR_CPUCR   0x10u          /* CPU1CR on dual core */
#define PWR_CPU2CR  0x14u          /* dual core only */
#define PWR_D3CR    0x18u          /* SRDCR on H7A3/B3 */
#define PWR_BLOCK_SIZE 0x400u

/* Reset values (SVD STM32H743/H747: CR1 0xF000C000, CR3 0x00000006,
 * D3CR 0x00004000). */
#define PWR_CR1_RESET  0xF000C000u
#define PWR_CR3_RESET  0x00000006u
#define PWR_D3CR_RESET 0x00004000u

/* PWR_CR3 (stm32-families.md §6.2 table) */
#define CR3_BYPASS       (1u << 0)
#define CR3_LDOEN        (1u << 1)
#define CR3_SCUEN        (1u << 2)  /* non-SMPS parts */
#define CR3_SMPSEN       (1u << 2)  /* SMPS parts */
#define CR3_SMPSEXTHP    (1u << 3)
#define CR3_SMPSLEVEL_SHIFT 4u
#define CR3_SMPSLEVEL    (3u << CR3_SMPSLEVEL_SHIFT)
#define CR3_VBE          (1u << 8)
#define CR3_VBRS         (1u << 9)
#define CR3_USB33DEN     (1u << 24)
#define CR3_USBREGEN     (1u << 25)
#define CR3_USB33RDY     (1u << 26)
#define CR3_OTHER_RW     (CR3_VBE | CR3_VBRS | CR3_USB33DEN | CR3_USBREGEN)
#define CR3_SUPPLY_PLAIN (CR3_BYPASS | CR3_LDOEN)
#define CR3_SUPPLY_SMPS  (CR3_BYPASS | CR3_LDOEN | CR3_SMPSEN | CR3_SMPSEXTHP | CR3_SMPSLEVEL)

/* The supply configurations ST's HAL offers (PWR_LDO_SUPPLY ...
 * PWR_SMPS_2V5_SUPPLIES_EXT, CMSIS/HAL stm32h7xx_hal_pwr_ex.h), as CR3
 * supply bits, with the board wiring each one needs. */
#define SMPS_1V8 (1u << CR3_SMPSLEVEL_SHIFT)
#define SMPS_2V5 (2u << CR3_SMPSLEVEL_SHIFT)
struct supply_mode { uint32_t bits; enum sim_supply needs; bool smps_only; };
static const struct supply_mode supply_modes[] = {
    { .bits = CR3_LDOEN, .needs = SIM_SUPPLY_LDO },
    { .bits = CR3_BYPASS, .needs = SIM_SUPPLY_BYPASS },
    { .bits = 0, .needs = SIM_SUPPLY_BYPASS },          /* every regulator off */
    { .bits = CR3_SMPSEN, .needs = SIM_SUPPLY_SMPS, .smps_only = true },
    { .bits = SMPS_1V8 | CR3_SMPSEN | CR3_LDOEN, .needs = SIM_SUPPLY_SMPS_LDO, .smps_only = true },
    { .bits = SMPS_2V5 | CR3_SMPSEN | CR3_LDOEN, .needs = SIM_SUPPLY_SMPS_LDO, .smps_only = true },
    { .bits = SMPS_1V8 | CR3_SMPSEXTHP | CR3_SMPSEN | CR3_LDOEN, .needs = SIM_SUPPLY_SMPS_LDO,
      .smps_only = true },
    { .bits = SMPS_2V5 | CR3_SMPSEXTHP | CR3_SMPSEN | CR3_LDOEN, .needs = SIM_SUPPLY_SMPS_LDO,
      .smps_only = true },
    /* SMPS feeding an external regulator, VCORE from outside (bypass) */
    { .bits = SMPS_1V8 | CR3_SMPSEXTHP | CR3_SMPSEN | CR3_BYPASS, .needs = SIM_SUPPLY_BYPASS,
      .smps_only = true },
    { .bits = SMPS_2V5 | CR3_SMPSEXTHP | CR3_SMPSEN | CR3_BYPASS, .needs = SIM_SUPPLY_BYPASS,
      .smps_only = true },
};

static const struct supply_mode *find_mode(bool smps_part, uint32_t cr3)
{
    uint32_t bits = cr3 & (smps_part ? CR3_SUPPLY_SMPS : CR3_SUPPLY_PLAIN);
    for (size_t i = 0; i < sizeof supply_modes / sizeof supply_modes[0]; i++)
        if (supply_modes[i].bits == bits && (smps_part || !supply_modes[i].smps_only))
            return &supply_modes[i];
    return NULL;
}

bool h7_pwr_supply_matches(bool smps_part, uint32_t cr3, enum sim_supply wiring)
{
    if (wiring == SIM_SUPPLY_DEFAULT)
        return true;                /* the scenario does not model the wiring */
    const struct supply_mode *mode = find_mode(smps_part, cr3);
    return mode && mode->needs == wiring;
}

static bool smps_part(const struct mcu *m)
{
    return h7_fc(m)->fp->smps;
}

static void mirror_to_shell(struct mcu *m)
{
    const struct h7_pwr *p = &h7_fc(m)->pwr;
    m->pwr[PWR_CR1 / 4] = p->cr1;
    m->pwr[PWR_CR2 / 4] = p->cr2;
    m->pwr[PWR_CR3 / 4] = p->cr3;
    m->pwr[PWR_CPUCR / 4] = p->cpucr[0];
    m->pwr[PWR_CPU2CR / 4] = p->cpucr[1];
    m->pwr[PWR_D3CR / 4] = p->d3cr;
}

void h7_pwr_reset(struct mcu *m, bool power_on)
{
    struct h7_pwr *p = &h7_fc(m)->pwr;
    /* CR3's supply bits and the write-once lock survive a system reset:
     * only a power-on reset rearms them (§6.2). */
    uint32_t cr3 = p->cr3;
    bool configured = p->cr3_configured, failed = p->supply_failed;
    *p = (struct h7_pwr){ .cr1 = PWR_CR1_RESET, .d3cr = PWR_D3CR_RESET, .cr3 = cr3,
                          .cr3_configured = configured, .supply_failed = failed };
    if (power_on) {
        p->cr3 = PWR_CR3_RESET;
        p->cr3_configured = p->supply_failed = false;
        m->hard_locked = false;
    }
    mirror_to_shell(m);
}

/* The one supply write per power-on (§6.2).  Non-SMPS parts: accepted
 * while SCUEN = 1, which the write clears.  SMPS parts: the first write
 * that changes the supply bits to a legal configuration; illegal
 * combinations are ignored and leave the default. */
static void cr3_write(struct mcu *m, uint32_t val)
{
    struct h7_fc *fc = h7_fc(m);
    struct h7_pwr *p = &fc->pwr;
    bool smps = smps_part(m);
    p->cr3 = (p->cr3 & ~CR3_OTHER_RW) | (val & CR3_OTHER_RW);
    if (p->cr3_configured)
        return;
    uint32_t mask = smps ? CR3_SUPPLY_SMPS : CR3_SUPPLY_PLAIN;
    uint32_t want = val & mask;
    if (!smps) {
        if (!find_mode(false, want))
            return;                 /* BYPASS with LDOEN: not allowed */
        p->cr3 = (p->cr3 & ~(mask | CR3_SCUEN)) | want;
    } else {
        if (want == (p->cr3 & mask) || !find_mode(true, want))
            return;
        p->cr3 = (p->cr3 & ~mask) | want;
    }
    p->cr3_configured = true;
    if (!h7_pwr_supply_matches(smps, p->cr3, fc->wiring)) {
        /* VCORE is not supplied by what the board provides: the chip is
         * gone until power is removed (mcu.h hard_locked). */
        p->supply_failed = true;
        m->hard_locked = true;
    }
}

static uint32_t csr1_value(const struct mcu *m)
{
    const struct h7_pwr *p = &h7_fc(m)->pwr;
    /* ACTVOS [15:14] follows the VOS in use; ACTVOSRDY (13) says VCORE is
     * at that level, which never happens on a mismatched supply. */
    uint32_t v = p->d3cr & (3u << 14);
    if (!p->supply_failed)
        v |= 1u << 13;
    return v;
}

int h7_pwr_read(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size, uint32_t *val)
{
    (void)who;
    struct mcu *m = ctx;
    const struct h7_pwr *p = &h7_fc(m)->pwr;
    uint32_t reg;
    switch (off & ~3u) {
    case PWR_CR1: reg = p->cr1; break;
    case PWR_CSR1: reg = csr1_value(m); break;
    case PWR_CR2: reg = p->cr2; break;
    case PWR_CR3:
        reg = p->cr3;
        if (reg & CR3_USB33DEN)
            reg |= CR3_USB33RDY;    /* the USB regulator is up at once */
        break;
    case PWR_CPUCR: reg = p->cpucr[0]; break;
    case PWR_CPU2CR: reg = h7_fc(m)->fp->dual_core ? p->cpucr[1] : 0; break;
    case PWR_D3CR:
        reg = p->d3cr;
        if (!p->supply_failed)
            reg |= 1u << 13;        /* VOSRDY */
        break;
    default: reg = 0; break;
    }
    *val = sim_reg_extract(reg, off, size);
    return 0;
}

/* CPUCR: PDDS_D1/D2/D3 (bits 0-2) and RUN_D3 (11) are read-write; CSSF
 * (9) clears the STOPF/SBF flags (bits 5-8), which we never set. */
#define CPUCR_RW   0x00000807u
#define D3CR_VOS   (3u << 14)

int h7_pwr_write(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size, uint32_t val)
{
    (void)who;
    struct mcu *m = ctx;
    struct h7_pwr *p = &h7_fc(m)->pwr;
    switch (off & ~3u) {
    case PWR_CR1: p->cr1 = sim_reg_merge(p->cr1, off, size, val); break;
    case PWR_CR2: p->cr2 = sim_reg_merge(p->cr2, off, size, val); break;
    case PWR_CR3: cr3_write(m, sim_reg_merge(p->cr3, off, size, val)); break;
    case PWR_CPUCR:
        p->cpucr[0] = sim_reg_merge(p->cpucr[0], off, size, val) & CPUCR_RW;
        break;
    case PWR_CPU2CR:
        if (h7_fc(m)->fp->dual_core)
            p->cpucr[1] = sim_reg_merge(p->cpucr[1], off, size, val) & CPUCR_RW;
        break;
    case PWR_D3CR:
        p->d3cr = sim_reg_merge(p->d3cr, off, size, val) & D3CR_VOS;
        break;
    default: break;
    }
    mirror_to_shell(m);
    return 0;
}

void h7_pwr_add(struct mcu *m)
{
    const struct sim_periph pwr = { .name = "pwr", .base = H7_PWR_BASE, .size = PWR_BLOCK_SIZE,
                                    .read = h7_pwr_read, .write = h7_pwr_write, .ctx = m };
    sim_periph_bus_add(&m->pbus, &pwr);
}
