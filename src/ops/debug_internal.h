/* Shared by the run-control files src/ops/debug*.c (include/swdoctor/debug.h). */
#ifndef SD_OPS_DEBUG_INTERNAL_H
#define SD_OPS_DEBUG_INTERNAL_H

#include "ops/target_internal.h"

/* ARMv7-M ARM B3.2.20 MVFR0: SP field [7:4] non-zero when the FPU does
 * single precision (RAZ without FPU); B3.2.2 SCS layout. */
#define DBG_MVFR0         0xE000EF40u
#define DBG_MVFR0_SP_MASK 0xF0u
/* C1.6.1 DFSR: every sticky bit, cleared by writing ones. */
#define DBG_DFSR_ALL (ARM_DFSR_HALTED | ARM_DFSR_BKPT | ARM_DFSR_DWTTRAP | ARM_DFSR_VCATCH | \
                      ARM_DFSR_EXTERNAL)

/* Check `t`, clear the session's error and, the first time, read what the
 * core has (FPU, FPB and DWT sizes) and drop comparators an earlier
 * session left behind. */
int dbg_begin(struct sd_target *t);
/* Clear DFSR so the next stop's reason is the only one recorded. */
int dbg_clear_dfsr(struct sd_target *t);
/* The FPB comparator holding a breakpoint at `addr`, or -1. */
int dbg_bkpt_slot(const struct sd_target *t, uint32_t addr);
/* Enable or disable comparator `slot` (its address stays remembered). */
int dbg_bkpt_arm(struct sd_target *t, int slot, bool on);

#endif
