/* Reset through the core (AIRCR) or NRST, optionally halting at the reset
 * vector with DEMCR.VC_CORERESET (ARMv7-M ARM B3.2.6, C1.6.5). */
#include <time.h>

#include "arm.h"
#include "common/session_internal.h"

/* NRST low time: STM32 datasheets need 20 us minimum (tNRST(PW)); hosts
 * use milliseconds so RC filters on the pin settle (OpenOCD: 100 ms
 * adapter_nsrst_assert_width default 0, st-flash 10 ms). */
#define NRST_PULSE_MS 10
#define RESET_HALT_TIMEOUT_MS 500

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static int set_vector_catch(struct arm_target *t, bool on)
{
    uint32_t demcr;
    int rc = arm_read32(t, ARM_DEMCR, &demcr);
    if (rc)
        return rc;
    demcr |= ARM_DEMCR_TRCENA;
    demcr = on ? demcr | ARM_DEMCR_VC_CORERESET : demcr & ~ARM_DEMCR_VC_CORERESET;
    return arm_write32(t, ARM_DEMCR, demcr);
}

int arm_reset(struct arm_target *t, enum arm_reset_kind kind, bool halt)
{
    int rc = SD_OK;
    if (halt) {
        rc = arm_enable_debug(t);
        if (!rc)
            rc = set_vector_catch(t, true);
        if (rc)
            return rc;
    }
    switch (kind) {
    case ARM_RESET_SYSTEM:
    case ARM_RESET_CORE: {
        uint32_t req = kind == ARM_RESET_SYSTEM ? ARM_AIRCR_SYSRESETREQ : ARM_AIRCR_VECTRESET;
        /* The write can be answered with an error while the system resets
         * under it; whether the reset happened is read from S_RESET_ST. */
        (void)arm_write32(t, ARM_AIRCR, ARM_AIRCR_VECTKEY | req);
        sd_session_clear_error(t->session);
        break;
    }
    case ARM_RESET_HARDWARE:
        if (!t->ops->set_nrst)
            return sd_fail(t->session, SD_ERR_NOT_SUPPORTED, SD_LOG_CORE,
                           "this probe cannot drive NRST");
        rc = t->ops->set_nrst(t->link, true);
        if (rc)
            return rc;
        sleep_ms(NRST_PULSE_MS);
        rc = t->ops->set_nrst(t->link, false);
        if (rc)
            return rc;
        break;
    }
    if (!halt)
        return SD_OK;
    rc = arm_wait_halt(t, RESET_HALT_TIMEOUT_MS);
    if (rc)
        return sd_fail(t->session, SD_ERR_TARGET_RESET, SD_LOG_CORE,
                       "core did not stop at the reset vector after %s reset",
                       kind == ARM_RESET_HARDWARE ? "an NRST" : "a software");
    return set_vector_catch(t, false);
}
