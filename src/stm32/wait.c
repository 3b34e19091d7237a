/* Waiting for a flash controller: sleep the expected time first (no USB
 * traffic while the flash is busy), then poll. */
#include <time.h>

#include "common/session_internal.h"
#include "stm32.h"

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

int stm32_wait_idle(struct stm32_chip *c, uint32_t sr_addr, uint32_t busy_mask,
                    unsigned expect_ms, unsigned timeout_ms, uint32_t *sr_out)
{
    uint64_t start = now_ms();
    if (expect_ms)
        sleep_ms(expect_ms * 9 / 10);
    /* Then poll, backing off to 1 ms between reads. */
    unsigned pause_ms = 0;
    for (;;) {
        int rc = arm_read32(c->t, sr_addr, sr_out);
        if (rc)
            return rc;
        if (!(*sr_out & busy_mask))
            return SD_OK;
        if (now_ms() - start > timeout_ms)
            return sd_fail(c->t->session, SD_ERR_TARGET_TIMEOUT, SD_LOG_FLASH,
                           "flash controller still busy after %u ms (status 0x%08x at 0x%08x)",
                           timeout_ms, *sr_out, sr_addr);
        if (pause_ms)
            sleep_ms(pause_ms);
        pause_ms = 1;
    }
}
