/* The core layer: ARMv7-M/ARMv6-M debug over whatever link the probe layer
 * provides (ARMv7-M ARM C1 "Debug"; ADIv5.2).
 *
 * The probe layer fills a `struct arm_link_ops` (ST-LINK does memory and
 * register transfers itself, so the link works at MEM-AP level, not at the
 * level of single DP/AP registers).  Everything here speaks in terms of
 * the Cortex-M debug registers: halt, resume, step, registers, reset and
 * vector catch, breakpoints and watchpoints. */
#ifndef SD_ARM_H
#define SD_ARM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <swdoctor/session.h>

/* What the probe layer provides.  Every function returns SD_OK or an
 * enum sd_err with the session's detail set.  NULL members fall back to
 * the generic path (registers through DCRSR/DCRDR). */
struct arm_link_ops {
    /* Memory through MEM-AP `ap`, `width` 1, 2 or 4 bytes per bus access;
     * addr and len aligned to width; any length (the link splits). */
    int (*mem_read)(void *link, unsigned ap, unsigned width, uint32_t addr,
                    uint8_t *buf, size_t len);
    int (*mem_write)(void *link, unsigned ap, unsigned width, uint32_t addr,
                     const uint8_t *buf, size_t len);
    /* Core registers by DCRSR selector (probe-side shortcut). */
    int (*reg_read)(void *link, unsigned ap, unsigned regsel, uint32_t *val);
    int (*reg_write)(void *link, unsigned ap, unsigned regsel, uint32_t val);
    /* NRST: true drives it low. */
    int (*set_nrst)(void *link, bool low);
};

struct arm_target {
    struct sd_session *session;
    const struct arm_link_ops *ops;
    void *link;
    unsigned ap;          /* MEM-AP of this core (0 on single-core parts) */
};

/* ARMv7-M ARM C1.6 Debug system registers. */
#define ARM_DHCSR 0xE000EDF0u
#define ARM_DCRSR 0xE000EDF4u
#define ARM_DCRDR 0xE000EDF8u
#define ARM_DEMCR 0xE000EDFCu
#define ARM_DFSR  0xE000ED30u
#define ARM_AIRCR 0xE000ED0Cu
#define ARM_CPUID 0xE000ED00u
#define ARM_CFSR  0xE000ED28u
#define ARM_HFSR  0xE000ED2Cu
#define ARM_MMFAR 0xE000ED34u
#define ARM_BFAR  0xE000ED38u

#define ARM_DHCSR_DBGKEY      (0xA05Fu << 16)
#define ARM_DHCSR_C_DEBUGEN   (1u << 0)
#define ARM_DHCSR_C_HALT      (1u << 1)
#define ARM_DHCSR_C_STEP      (1u << 2)
#define ARM_DHCSR_C_MASKINTS  (1u << 3)
#define ARM_DHCSR_S_REGRDY    (1u << 16)
#define ARM_DHCSR_S_HALT      (1u << 17)
#define ARM_DHCSR_S_SLEEP     (1u << 18)
#define ARM_DHCSR_S_LOCKUP    (1u << 19)
#define ARM_DHCSR_S_RETIRE_ST (1u << 24)
#define ARM_DHCSR_S_RESET_ST  (1u << 25)

#define ARM_DCRSR_REGWNR      (1u << 16)
#define ARM_DEMCR_VC_CORERESET (1u << 0)
#define ARM_DEMCR_VC_HARDERR  (1u << 10)
#define ARM_DEMCR_TRCENA      (1u << 24)
#define ARM_AIRCR_VECTKEY     (0x05FAu << 16)
#define ARM_AIRCR_VECTRESET   (1u << 0)
#define ARM_AIRCR_SYSRESETREQ (1u << 2)

/* DCRSR.REGSEL values (ARMv7-M ARM C1.6.3). */
enum arm_reg {
    ARM_REG_R0 = 0, ARM_REG_R12 = 12, ARM_REG_SP = 13, ARM_REG_LR = 14,
    ARM_REG_PC = 15, ARM_REG_XPSR = 16, ARM_REG_MSP = 17, ARM_REG_PSP = 18,
    ARM_REG_CONTROL_PRIMASK = 20,
};

/* The core's run state as DHCSR shows it. */
enum arm_core_state {
    ARM_CORE_RUNNING, ARM_CORE_HALTED, ARM_CORE_SLEEPING,
    ARM_CORE_LOCKUP, ARM_CORE_RESET,
};
const char *arm_core_state_name(enum arm_core_state st);
enum arm_core_state arm_core_state_of(uint32_t dhcsr);

/* Memory at any address, alignment and length (split into aligned
 * accesses of the widest possible size). */
int arm_mem_read(struct arm_target *t, uint32_t addr, void *buf, size_t len);
int arm_mem_write(struct arm_target *t, uint32_t addr, const void *buf, size_t len);
int arm_read32(struct arm_target *t, uint32_t addr, uint32_t *val);
int arm_write32(struct arm_target *t, uint32_t addr, uint32_t val);

/* Debug control. */
int arm_read_dhcsr(struct arm_target *t, uint32_t *dhcsr);
int arm_state(struct arm_target *t, enum arm_core_state *st);
int arm_enable_debug(struct arm_target *t);
int arm_halt(struct arm_target *t);
int arm_resume(struct arm_target *t);
int arm_step(struct arm_target *t);
/* Poll until halted or `timeout_ms` of host time passed (SD_ERR_TARGET_TIMEOUT). */
int arm_wait_halt(struct arm_target *t, unsigned timeout_ms);

int arm_reg_read(struct arm_target *t, enum arm_reg reg, uint32_t *val);
int arm_reg_write(struct arm_target *t, enum arm_reg reg, uint32_t val);

enum arm_reset_kind {
    ARM_RESET_SYSTEM,   /* AIRCR.SYSRESETREQ: core and peripherals */
    ARM_RESET_CORE,     /* AIRCR.VECTRESET (ARMv7-M only) */
    ARM_RESET_HARDWARE, /* pulse NRST */
};
/* Reset; with `halt`, stop at the first instruction of the reset handler
 * (DEMCR.VC_CORERESET) and wait for it. */
int arm_reset(struct arm_target *t, enum arm_reset_kind kind, bool halt);

/* Run code on a halted core: set r0-r3, SP, PC (Thumb bit set), LR to a
 * BKPT, clear vector catch and resume.  Caller waits with arm_wait_halt. */
struct arm_call {
    uint32_t entry;
    uint32_t sp;
    uint32_t args[4];
    unsigned nargs;
};
int arm_start_call(struct arm_target *t, const struct arm_call *call);

/* ---- watchpoints and breakpoints (watch.c) ----
 * DWT: ARMv7-M ARM C1.8 (ARMv6-M C1.8, ARMv8-M B13); FPB: C1.11 (ARMv6-M
 * BPU C1.9).  A data watchpoint halts the core after the access (the PC
 * is past the store); DFSR.DWTTRAP says why, FUNCTION.MATCHED which one. */
#define ARM_DWT_CTRL            0xE0001000u
#define ARM_DWT_CTRL_NUMCOMP_SHIFT 28
#define ARM_DWT_COMP(n)         (0xE0001020u + 16u * (n))
#define ARM_DWT_MASK(n)         (0xE0001024u + 16u * (n))
#define ARM_DWT_FUNCTION(n)     (0xE0001028u + 16u * (n))
#define ARM_DWT_FUNCTION_MATCHED (1u << 24)   /* cleared by reading FUNCTION */
#define ARM_FP_CTRL             0xE0002000u
#define ARM_FP_COMP(n)          (0xE0002008u + 4u * (n))
#define ARM_DFSR_HALTED   (1u << 0)            /* C1.6.1 DFSR, write 1 to clear */
#define ARM_DFSR_BKPT     (1u << 1)
#define ARM_DFSR_DWTTRAP  (1u << 2)
#define ARM_DFSR_VCATCH   (1u << 3)
#define ARM_DFSR_EXTERNAL (1u << 4)

enum arm_watch_kind { ARM_WATCH_READ, ARM_WATCH_WRITE, ARM_WATCH_ACCESS };
struct arm_dwt_setting {
    uint32_t comp, mask, function;   /* mask unused on ARMv8-M */
};
/* ARMv8-M core (M23/M33/M35P/M55/M85) by CPUID: a different DWT encoding. */
bool arm_cpuid_is_v8m(uint32_t cpuid);
/* Comparator values watching `len` bytes at `addr` (an aligned power of
 * two; ARMv8-M at most 4 bytes).  SD_ERR_INVALID_ARG otherwise. */
int arm_watch_encode(bool v8m, uint32_t addr, uint32_t len, enum arm_watch_kind kind,
                     struct arm_dwt_setting *out);
/* DWT_CTRL.NUMCOMP (sets DEMCR.TRCENA, without which DWT is off). */
int arm_watch_count(struct arm_target *t, unsigned *n);
int arm_watch_set(struct arm_target *t, bool v8m, unsigned idx, uint32_t addr, uint32_t len,
                  enum arm_watch_kind kind);
int arm_watch_clear(struct arm_target *t, unsigned idx);
/* Which of comparators 0..n-1 matched (first one; -1: none).  Reading
 * clears every MATCHED bit. */
int arm_watch_matched(struct arm_target *t, unsigned n, int *idx);
/* FP_COMP value for a breakpoint at `addr`; 0 when FPBv1 cannot (outside
 * the Code region). */
uint32_t arm_bkpt_encode(unsigned fpb_rev, uint32_t addr);
int arm_bkpt_count(struct arm_target *t, unsigned *ncode, unsigned *rev);
int arm_bkpt_enable(struct arm_target *t, bool on);
int arm_bkpt_set(struct arm_target *t, unsigned rev, unsigned idx, uint32_t addr);
int arm_bkpt_clear(struct arm_target *t, unsigned idx);

#endif
