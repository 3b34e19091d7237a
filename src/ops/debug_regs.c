/* Core registers for debuggers: enum sd_reg to the DCRSR register
 * selector (ARMv7-M ARM C1.6.3; ARMv6-M C1.6.3; FPU selectors ARMv7-M
 * C1.6.3 table C1-7). */
#include <swdoctor/debug.h>

#include "common/session_internal.h"
#include "ops/debug_internal.h"

/* C1.6.3 DCRSR.REGSEL: 0-12 r0-r12, 13 current SP, 14 LR, 15 DebugReturnAddress
 * (the PC), 16 xPSR, 17 MSP, 18 PSP, 20 CONTROL|FAULTMASK|BASEPRI|PRIMASK,
 * 0x21 FPSCR, 0x40-0x5F S0-S31. */
#define REGSEL_SPECIAL 20u
#define REGSEL_FPSCR   0x21u
#define REGSEL_S0      0x40u
/* Byte of each special register in selector 20. */
#define SHIFT_PRIMASK   0
#define SHIFT_BASEPRI   8
#define SHIFT_FAULTMASK 16
#define SHIFT_CONTROL   24
#define SPECIAL_BYTE    0xFFu

/* Polls of S_REGRDY after a DCRSR write through memory (C1.6.2). */
#define REGRDY_POLLS 32

static int no_such_register(struct sd_target *t, enum sd_reg reg, const char *why)
{
    return sd_fail(t->s, SD_ERR_INVALID_ARG, SD_LOG_OPS, "debug: register %d: %s", (int)reg,
                   why);
}

/* Map reg to its selector; *shift >= 0 for a byte of selector 20. */
static int regsel_of(struct sd_target *t, enum sd_reg reg, unsigned *sel, int *shift)
{
    *shift = -1;
    if ((int)reg < 0 || reg >= SD_REG_COUNT)
        return no_such_register(t, reg, "no such register number");
    if (reg <= SD_REG_PSP) {
        *sel = (unsigned)reg;   /* the same numbers up to PSP */
        return SD_OK;
    }
    if (reg <= SD_REG_CONTROL) {
        if (t->dbg.armv6m && (reg == SD_REG_BASEPRI || reg == SD_REG_FAULTMASK))
            return no_such_register(t, reg, "ARMv6-M has no BASEPRI or FAULTMASK");
        *sel = REGSEL_SPECIAL;
        *shift = reg == SD_REG_PRIMASK     ? SHIFT_PRIMASK
                 : reg == SD_REG_BASEPRI   ? SHIFT_BASEPRI
                 : reg == SD_REG_FAULTMASK ? SHIFT_FAULTMASK
                                           : SHIFT_CONTROL;
        return SD_OK;
    }
    if (!t->dbg.has_fpu)
        return no_such_register(t, reg, "this core has no FPU");
    *sel = reg == SD_REG_FPSCR ? REGSEL_FPSCR : REGSEL_S0 + (unsigned)(reg - SD_REG_S0);
    return SD_OK;
}

/* FPU selectors go through DCRSR/DCRDR by memory: older ST-LINK firmware
 * refuses them in READREG/WRITEREG (ref: stlink-protocol.md §4.3). */
static int wait_regrdy(struct sd_target *t)
{
    uint32_t d = 0;
    for (int i = 0; i < REGRDY_POLLS; i++) {
        int rc = arm_read_dhcsr(&t->core, &d);
        if (rc)
            return rc;
        if (d & ARM_DHCSR_S_REGRDY)
            return SD_OK;
    }
    return sd_fail(t->s, SD_ERR_TARGET_STATE, SD_LOG_OPS,
                   "debug: FPU register transfer never completed (DHCSR 0x%08x: core %s)", d,
                   arm_core_state_name(arm_core_state_of(d)));
}

static int sel_read(struct sd_target *t, unsigned sel, uint32_t *v)
{
    if (sel < REGSEL_FPSCR)
        return arm_reg_read(&t->core, (enum arm_reg)sel, v);
    int rc = arm_write32(&t->core, ARM_DCRSR, sel);
    if (!rc)
        rc = wait_regrdy(t);
    return rc ? rc : arm_read32(&t->core, ARM_DCRDR, v);
}

static int sel_write(struct sd_target *t, unsigned sel, uint32_t v)
{
    if (sel < REGSEL_FPSCR)
        return arm_reg_write(&t->core, (enum arm_reg)sel, v);
    int rc = arm_write32(&t->core, ARM_DCRDR, v);
    if (!rc)
        rc = arm_write32(&t->core, ARM_DCRSR, ARM_DCRSR_REGWNR | sel);
    return rc ? rc : wait_regrdy(t);
}

static int need_halted(struct sd_target *t)
{
    uint32_t d = 0;
    int rc = arm_read_dhcsr(&t->core, &d);
    if (!rc && !(d & ARM_DHCSR_S_HALT))
        rc = sd_fail(t->s, SD_ERR_TARGET_STATE, SD_LOG_OPS,
                     "debug: registers need a halted core (it is %s)",
                     arm_core_state_name(arm_core_state_of(d)));
    return rc;
}

int sd_debug_reg_read(struct sd_target *t, enum sd_reg reg, uint32_t *value)
{
    unsigned sel = 0;
    int shift;
    int rc = dbg_begin(t);
    if (rc || !value)
        return rc ? rc : SD_ERR_INVALID_ARG;
    rc = regsel_of(t, reg, &sel, &shift);
    if (!rc)
        rc = need_halted(t);
    if (!rc)
        rc = sel_read(t, sel, value);
    if (!rc && shift >= 0)
        *value = (*value >> shift) & SPECIAL_BYTE;
    return rc;
}

int sd_debug_reg_write(struct sd_target *t, enum sd_reg reg, uint32_t value)
{
    unsigned sel = 0;
    int shift;
    int rc = dbg_begin(t);
    if (!rc)
        rc = regsel_of(t, reg, &sel, &shift);
    if (!rc)
        rc = need_halted(t);
    if (rc || shift < 0)
        return rc ? rc : sel_write(t, sel, value);
    /* Four registers share selector 20: read, change one byte, write. */
    uint32_t packed = 0;
    rc = sel_read(t, sel, &packed);
    if (rc)
        return rc;
    packed &= ~(SPECIAL_BYTE << shift);
    packed |= (value & SPECIAL_BYTE) << shift;
    return sel_write(t, sel, packed);
}
