/* API v1 core-control sub-commands, which V2 firmware still accepts:
 * GETSTATUS, FORCEDEBUG, RUNCORE, STEPCORE, SETFP, CLEARFP.  Done as
 * DHCSR and FPB writes (ARMv7-M C1.6.2 DHCSR, C1.11 FPB).
 * ref: stlink-protocol.md §4.1 rows 0x01, 0x02, 0x09, 0x0A, 0x0B, 0x0E. */
#include "probe/probe_int.h"

/* FPB (ARMv7-M C1.11): FP_CTRL KEY|ENABLE, comparator REPLACE[31:30]. */
#define FP_CTRL_KEY_ENABLE 0x3u
#define FP_COMP_ENABLE     0x1u
#define FP_COMP_ADDR_MASK  0x1FFFFFFCu
#define FP_REPLACE_SHIFT   30

void probe_cmd_status_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)c; (void)d; (void)n;
    uint32_t dhcsr;
    uint8_t st = probe_read32(p, ARM_DHCSR, &dhcsr);
    if (st == STLINK_OK)
        st = (dhcsr & DHCSR_S_HALT) ? STLINK_FAULT /* 0x81 halted */ : STLINK_OK;
    probe_reply_status(p, st);
}

static void dhcsr_write(struct sim_probe *p, uint32_t bits)
{
    probe_reply_status(p, probe_write32(p, ARM_DHCSR, DHCSR_DBGKEY | bits));
}

void probe_cmd_halt_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)c; (void)d; (void)n;
    dhcsr_write(p, DHCSR_C_DEBUGEN | DHCSR_C_HALT);
}

void probe_cmd_run_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)c; (void)d; (void)n;
    dhcsr_write(p, DHCSR_C_DEBUGEN);
}

/* One instruction with interrupts masked, then halted again (the
 * sequence OOCD uses on API v2, ref §7.3). */
void probe_cmd_step_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)c; (void)d; (void)n;
    uint8_t st = probe_write32(p, ARM_DHCSR, DHCSR_DBGKEY | DHCSR_C_DEBUGEN |
                               DHCSR_C_HALT | DHCSR_C_MASKINTS);
    if (st == STLINK_OK)
        st = probe_write32(p, ARM_DHCSR, DHCSR_DBGKEY | DHCSR_C_DEBUGEN |
                           DHCSR_C_STEP | DHCSR_C_MASKINTS);
    if (st == STLINK_OK) {
        probe_flush_time(p); /* let the core take its step */
        st = probe_write32(p, ARM_DHCSR, DHCSR_DBGKEY | DHCSR_C_DEBUGEN |
                           DHCSR_C_HALT);
    }
    probe_reply_status(p, st);
}

void probe_cmd_setfp_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    /* type: 0 FP_LOWER, 1 FP_UPPER, 2 FP_ALL -> REPLACE 01, 10, 11 */
    uint32_t replace = c[7] <= 2 ? c[7] + 1u : 3u;
    uint32_t comp = (probe_le32(&c[3]) & FP_COMP_ADDR_MASK) |
                    replace << FP_REPLACE_SHIFT | FP_COMP_ENABLE;
    uint8_t st = probe_write32(p, ARM_FP_CTRL, FP_CTRL_KEY_ENABLE);
    if (st == STLINK_OK)
        st = probe_write32(p, ARM_FP_COMP0 + 4u * c[2], comp);
    probe_reply_status(p, st);
}

void probe_cmd_clearfp_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    probe_reply_status(p, probe_write32(p, ARM_FP_COMP0 + 4u * c[2], 0));
}
