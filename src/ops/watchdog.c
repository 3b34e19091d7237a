/* The independent watchdog while an operation holds the core halted.
 *
 * Firmware that starts the IWDG (or a chip whose option bytes start it in
 * hardware, WDG_SW = 0) resets the core when the watchdog runs out, also
 * in the middle of a flash operation.  DBGMCU's IWDG stop bit freezes the
 * counter while the core is halted; OpenOCD sets it in every STM32 target
 * script for the same reason (tcl/target/stm32f4x.cfg: mmw 0xE0042008
 * 0x1800; stm32-families.md §5).  The bit survives a system reset (only
 * a power-on reset clears DBGMCU), so setting it once per operation is
 * enough. */
#include "common/session_internal.h"
#include "ops/target_internal.h"
#include "stm32/dbgmcu.h"

int ops_freeze_watchdog(struct sd_target *t)
{
    const struct stm32_debug_facts *f = stm32_debug_facts(&t->chip);
    if (!f || !f->iwdg_freeze.addr)
        return SD_OK;   /* family without the facts: nothing known to set */
    /* H7: the freeze register needs the D1/D3 debug clocks, which the
     * whole keep-debug sequence enables (dbgmcu.c). */
    if (f->pwr_cr3)
        return stm32_dbgmcu_keep_debug(&t->chip);
    int rc = SD_OK;
    /* F0/G0/C0: DBGMCU is on a bus clock the core must enable first. */
    if (f->dbgmcu_clock.addr) {
        uint32_t v;
        rc = arm_read32(&t->core, f->dbgmcu_clock.addr, &v);
        if (!rc && (v & f->dbgmcu_clock.bits) != f->dbgmcu_clock.bits)
            rc = arm_write32(&t->core, f->dbgmcu_clock.addr, v | f->dbgmcu_clock.bits);
    }
    uint32_t fz;
    if (!rc)
        rc = arm_read32(&t->core, f->iwdg_freeze.addr, &fz);
    if (!rc && (fz & f->iwdg_freeze.bits) != f->iwdg_freeze.bits)
        rc = arm_write32(&t->core, f->iwdg_freeze.addr, fz | f->iwdg_freeze.bits);
    if (!rc)
        sd_log(t->s, SD_LOG_DEBUG, SD_LOG_OPS, "independent watchdog frozen while halted "
               "(0x%08x |= 0x%08x)", f->iwdg_freeze.addr, f->iwdg_freeze.bits);
    return rc;
}

int ops_halt_for_operation(struct sd_target *t)
{
    int rc = ops_prepare_halted(t);
    if (rc)
        return rc;
    /* Best effort: an operation on a chip without a running watchdog must
     * not fail because DBGMCU could not be written. */
    if (ops_freeze_watchdog(t)) {
        sd_log(t->s, SD_LOG_DEBUG, SD_LOG_OPS, "could not freeze the independent watchdog: %s",
               sd_session_detail(t->s));
        sd_session_clear_error(t->s);
    }
    return SD_OK;
}
