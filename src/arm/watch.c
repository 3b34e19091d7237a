/* Data watchpoints (DWT, ARMv7-M ARM C1.8; ARMv6-M ARM C1.8; ARMv8-M ARM
 * B13 "DWT") and instruction breakpoints (FPB, ARMv7-M ARM C1.11; ARMv6-M
 * BPU C1.9).  The encodings are pure functions (arm_watch_encode,
 * arm_bkpt_encode) so tests check them without a core; the rest reads and
 * writes the comparators through the MEM-AP. */
#include "arm.h"
#include "common/session_internal.h"

/* ARMv7-M C1.8.17 DWT_FUNCTIONn.FUNCTION (same values on ARMv6-M C1.8.3):
 * 0b0101 watchpoint on read, 0b0110 on write, 0b0111 on either; a match
 * halts when halting debug is enabled. */
#define DWT_V7_FUNCTION_READ  0x5u
#define DWT_V7_FUNCTION_WRITE 0x6u
#define DWT_V7_FUNCTION_RW    0x7u
/* ARMv7-M C1.8.16 DWT_MASKn: ignore the low MASK address bits.  The
 * architecture allows up to 31 bits and an implementation may support
 * fewer; 15 (32 KiB) is far more than a register needs. */
#define DWT_V7_MASK_MAX 15u
/* ARMv8-M B13 DWT_FUNCTIONn: MATCH[3:0] 0b0100 data address (R/W),
 * 0b0101 data address write, 0b0110 data address read; ACTION[5:4] 0b01
 * debug event (halt); DATAVSIZE[11:10] log2 of the watched size (no MASK
 * register: larger ranges need linked limit comparators). */
#define DWT_V8_MATCH_DA_RW   0x4u
#define DWT_V8_MATCH_DA_W    0x5u
#define DWT_V8_MATCH_DA_R    0x6u
#define DWT_V8_ACTION_DEBUG  (1u << 4)
#define DWT_V8_DATAVSIZE_SHIFT 10
#define DWT_V8_DATAVSIZE_MAX 2u

/* FPB (C1.11.3-C1.11.5). */
#define FP_CTRL_ENABLE (1u << 0)
#define FP_CTRL_KEY    (1u << 1)
#define FP_CTRL_NUM_CODE_LO_SHIFT 4     /* NUM_CODE[3:0] */
#define FP_CTRL_NUM_CODE_HI_SHIFT 12    /* NUM_CODE[6:4] */
#define FP_CTRL_REV_SHIFT 28
#define FP_COMP_ENABLE (1u << 0)
#define FP_COMP_V1_ADDR 0x1FFFFFFCu     /* COMP[28:2] */
#define FP_COMP_V1_LIMIT 0x20000000u    /* FPBv1 matches the Code region only */
#define FP_COMP_V1_REPLACE_SHIFT 30
#define FP_REPLACE_LOWER 1u             /* breakpoint on the lower halfword */
#define FP_REPLACE_UPPER 2u             /* ... on the upper halfword */

/* ARMv8-M mainline/baseline cores (CPUID.PARTNO, ARM TRMs): M23 0xD20,
 * M33 0xD21, M35P 0xD31, M55 0xD22, M85 0xD23. */
#define CPUID_PARTNO(c) (((c) >> 4) & 0xFFFu)

bool arm_cpuid_is_v8m(uint32_t cpuid)
{
    switch (CPUID_PARTNO(cpuid)) {
    case 0xD20: case 0xD21: case 0xD22: case 0xD23: case 0xD31:
        return true;
    default:
        return false;
    }
}

static unsigned log2_exact(uint32_t len)
{
    unsigned n = 0;
    while ((1u << n) < len)
        n++;
    return (1u << n) == len ? n : 32u;
}

int arm_watch_encode(bool v8m, uint32_t addr, uint32_t len, enum arm_watch_kind kind,
                     struct arm_dwt_setting *out)
{
    unsigned bits = log2_exact(len);
    if (len == 0 || bits == 32u || (addr & (len - 1u)))
        return SD_ERR_INVALID_ARG;   /* a comparator watches an aligned power of two */
    if (v8m) {
        if (bits > DWT_V8_DATAVSIZE_MAX)
            return SD_ERR_INVALID_ARG;
        uint32_t match = kind == ARM_WATCH_READ ? DWT_V8_MATCH_DA_R
                         : kind == ARM_WATCH_WRITE ? DWT_V8_MATCH_DA_W
                                                   : DWT_V8_MATCH_DA_RW;
        *out = (struct arm_dwt_setting){
            .comp = addr, .mask = 0,
            .function = match | DWT_V8_ACTION_DEBUG | bits << DWT_V8_DATAVSIZE_SHIFT,
        };
        return SD_OK;
    }
    if (bits > DWT_V7_MASK_MAX)
        return SD_ERR_INVALID_ARG;
    *out = (struct arm_dwt_setting){
        .comp = addr, .mask = bits,
        .function = kind == ARM_WATCH_READ ? DWT_V7_FUNCTION_READ
                    : kind == ARM_WATCH_WRITE ? DWT_V7_FUNCTION_WRITE
                                              : DWT_V7_FUNCTION_RW,
    };
    return SD_OK;
}

uint32_t arm_bkpt_encode(unsigned fpb_rev, uint32_t addr)
{
    addr &= ~1u;   /* Thumb bit */
    if (fpb_rev != 0)
        return addr | FP_COMP_ENABLE;   /* FPBv2: BPADDR[31:1], BE (C1.11.5) */
    if (addr >= FP_COMP_V1_LIMIT)
        return 0;
    uint32_t replace = (addr & 2u) ? FP_REPLACE_UPPER : FP_REPLACE_LOWER;
    return replace << FP_COMP_V1_REPLACE_SHIFT | (addr & FP_COMP_V1_ADDR) | FP_COMP_ENABLE;
}

/* DWT needs DEMCR.TRCENA (C1.6.5) to run at all. */
static int trace_enable(struct arm_target *t)
{
    uint32_t demcr;
    int rc = arm_read32(t, ARM_DEMCR, &demcr);
    if (!rc && !(demcr & ARM_DEMCR_TRCENA))
        rc = arm_write32(t, ARM_DEMCR, demcr | ARM_DEMCR_TRCENA);
    return rc;
}

int arm_watch_count(struct arm_target *t, unsigned *n)
{
    uint32_t ctrl;
    int rc = trace_enable(t);
    if (!rc)
        rc = arm_read32(t, ARM_DWT_CTRL, &ctrl);
    if (!rc)
        *n = ctrl >> ARM_DWT_CTRL_NUMCOMP_SHIFT;
    return rc;
}

int arm_watch_set(struct arm_target *t, bool v8m, unsigned idx, uint32_t addr, uint32_t len,
                  enum arm_watch_kind kind)
{
    struct arm_dwt_setting s;
    int rc = arm_watch_encode(v8m, addr, len, kind, &s);
    if (rc)
        return sd_fail(t->session, rc, SD_LOG_CORE,
                       "cannot watch %u bytes at 0x%08x with one DWT comparator", len, addr);
    /* Disable first so a half-written comparator never matches. */
    rc = trace_enable(t);
    if (!rc)
        rc = arm_write32(t, ARM_DWT_FUNCTION(idx), 0);
    if (!rc)
        rc = arm_write32(t, ARM_DWT_COMP(idx), s.comp);
    if (!rc && !v8m)
        rc = arm_write32(t, ARM_DWT_MASK(idx), s.mask);
    if (!rc) {
        uint32_t discard;   /* reading FUNCTION clears a stale MATCHED */
        rc = arm_read32(t, ARM_DWT_FUNCTION(idx), &discard);
    }
    return rc ? rc : arm_write32(t, ARM_DWT_FUNCTION(idx), s.function);
}

int arm_watch_clear(struct arm_target *t, unsigned idx)
{
    return arm_write32(t, ARM_DWT_FUNCTION(idx), 0);
}

int arm_watch_matched(struct arm_target *t, unsigned n, int *idx)
{
    *idx = -1;
    for (unsigned i = 0; i < n; i++) {
        uint32_t f;
        int rc = arm_read32(t, ARM_DWT_FUNCTION(i), &f);   /* read clears MATCHED */
        if (rc)
            return rc;
        if ((f & ARM_DWT_FUNCTION_MATCHED) && *idx < 0)
            *idx = (int)i;
    }
    return SD_OK;
}

int arm_bkpt_count(struct arm_target *t, unsigned *ncode, unsigned *rev)
{
    uint32_t ctrl;
    int rc = arm_read32(t, ARM_FP_CTRL, &ctrl);
    if (rc)
        return rc;
    *ncode = ((ctrl >> FP_CTRL_NUM_CODE_HI_SHIFT) & 7u) << 4 |
             ((ctrl >> FP_CTRL_NUM_CODE_LO_SHIFT) & 0xFu);
    *rev = ctrl >> FP_CTRL_REV_SHIFT;
    return SD_OK;
}

int arm_bkpt_enable(struct arm_target *t, bool on)
{
    return arm_write32(t, ARM_FP_CTRL, FP_CTRL_KEY | (on ? FP_CTRL_ENABLE : 0u));
}

int arm_bkpt_set(struct arm_target *t, unsigned rev, unsigned idx, uint32_t addr)
{
    uint32_t v = arm_bkpt_encode(rev, addr);
    if (!v)
        return sd_fail(t->session, SD_ERR_INVALID_ARG, SD_LOG_CORE,
                       "this FPB cannot break at 0x%08x (outside the Code region)", addr);
    return arm_write32(t, ARM_FP_COMP(idx), v);
}

int arm_bkpt_clear(struct arm_target *t, unsigned idx)
{
    return arm_write32(t, ARM_FP_COMP(idx), 0);
}
