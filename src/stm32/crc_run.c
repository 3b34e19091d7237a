/* CRC-32 of target memory computed by the target (loader/crc32.c). */
#include "common/session_internal.h"
#include "stm32.h"

#include "loaders/crc32.inc"

#define CRC_LOADER_ADDR 0x20000000u /* where loader.ld links it */
/* The stack (a few words) right after the code and its table. */
#define CRC_STACK_TOP   (CRC_LOADER_ADDR + ((sizeof loader_crc32 + 7u) & ~7u) + 0x100u)

/* The loop takes ~8 instructions a byte: at 4 MHz (MSI reset clock on L4)
 * 1 MiB in about 2 s.  Allow five times that. */
static unsigned crc_timeout_ms(size_t len)
{
    return 200u + (unsigned)(len / 100u);  /* 10 ms per KB */
}

int stm32_target_crc32(struct stm32_chip *c, uint32_t addr, size_t len, uint32_t *crc)
{
    int rc = arm_halt(c->t);
    if (!rc)
        rc = arm_mem_write(c->t, CRC_LOADER_ADDR, loader_crc32, sizeof loader_crc32);
    struct arm_call call = { .entry = CRC_LOADER_ADDR, .sp = CRC_STACK_TOP,
                             .args = { addr, (uint32_t)len }, .nargs = 2 };
    if (!rc)
        rc = arm_start_call(c->t, &call);
    if (!rc)
        rc = arm_wait_halt(c->t, crc_timeout_ms(len));
    if (!rc)
        rc = arm_reg_read(c->t, ARM_REG_R0, crc);
    if (rc)
        return sd_fail(c->t->session, rc, SD_LOG_FLASH,
                       "computing the CRC of 0x%08x..0x%08x on the target", addr,
                       addr + (uint32_t)len - 1);
    return SD_OK;
}
