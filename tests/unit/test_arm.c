/* The core layer against a fake link: how memory is split into accesses,
 * halting, register transfer through DCRSR/DCRDR, reset with vector catch. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "arm/arm.h"

#define MEM_BASE 0x20000000u
#define MEM_SIZE 0x1000u

struct access { unsigned width; uint32_t addr; size_t len; int write; };

struct fake {
    uint8_t mem[MEM_SIZE];
    uint32_t dhcsr_ctrl, demcr, dcrdr, regs[21], aircr_writes;
    bool halted, reset_pending;
    struct access log[16];
    int n_log;
};

static uint32_t get32(const uint8_t *b) { return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24; }
static void put32(uint8_t *b, uint32_t v) { b[0] = v; b[1] = v >> 8; b[2] = v >> 16; b[3] = v >> 24; }

static uint32_t fake_dhcsr(struct fake *f)
{
    uint32_t v = (f->dhcsr_ctrl & 0xF) | ARM_DHCSR_S_REGRDY;
    if (f->halted)
        v |= ARM_DHCSR_S_HALT;
    return v;
}

static int fake_read(void *link, unsigned ap, unsigned width, uint32_t addr, uint8_t *buf, size_t len)
{
    struct fake *f = link;
    (void)ap;
    if (f->n_log < 16)
        f->log[f->n_log++] = (struct access){ width, addr, len, 0 };
    if (addr >= MEM_BASE && addr + len <= MEM_BASE + MEM_SIZE) {
        memcpy(buf, f->mem + (addr - MEM_BASE), len);
        return SD_OK;
    }
    if (addr == ARM_DHCSR) { put32(buf, fake_dhcsr(f)); return SD_OK; }
    if (addr == ARM_DEMCR) { put32(buf, f->demcr); return SD_OK; }
    if (addr == ARM_DCRDR) { put32(buf, f->dcrdr); return SD_OK; }
    return SD_ERR_TARGET_FAULT;
}

static int fake_write(void *link, unsigned ap, unsigned width, uint32_t addr, const uint8_t *buf,
                      size_t len)
{
    struct fake *f = link;
    (void)ap;
    if (f->n_log < 16)
        f->log[f->n_log++] = (struct access){ width, addr, len, 1 };
    if (addr >= MEM_BASE && addr + len <= MEM_BASE + MEM_SIZE) {
        memcpy(f->mem + (addr - MEM_BASE), buf, len);
        return SD_OK;
    }
    uint32_t v = get32(buf);
    switch (addr) {
    case ARM_DHCSR:
        if ((v >> 16) != 0xA05F)
            return SD_OK; /* ignored without the key */
        f->dhcsr_ctrl = v & 0xF;
        if (v & ARM_DHCSR_C_HALT)
            f->halted = true;
        else if (!(v & ARM_DHCSR_C_STEP))
            f->halted = false;
        return SD_OK;
    case ARM_DEMCR: f->demcr = v; return SD_OK;
    case ARM_DCRDR: f->dcrdr = v; return SD_OK;
    case ARM_DCRSR:
        if (v & ARM_DCRSR_REGWNR)
            f->regs[v & 0x1F] = f->dcrdr;
        else
            f->dcrdr = f->regs[v & 0x1F];
        return SD_OK;
    case ARM_AIRCR:
        f->aircr_writes++;
        if ((v >> 16) == 0x05FA && (v & ARM_AIRCR_SYSRESETREQ) && (f->demcr & ARM_DEMCR_VC_CORERESET))
            f->halted = true;
        return SD_ERR_TARGET_FAULT; /* the bus answers badly while resetting */
    }
    return SD_ERR_TARGET_FAULT;
}

static const struct arm_link_ops fake_ops = { .mem_read = fake_read, .mem_write = fake_write };

static struct fake fk;
static struct arm_target tgt;

static int setup(void **state)
{
    (void)state;
    memset(&fk, 0, sizeof fk);
    static struct sd_session *s;
    if (!s)
        sd_session_new(&s);
    tgt = (struct arm_target){ .session = s, .ops = &fake_ops, .link = &fk };
    return 0;
}

static void unaligned_write_uses_words_in_the_middle(void **state)
{
    (void)state;
    uint8_t data[11];
    for (int i = 0; i < 11; i++)
        data[i] = (uint8_t)(0xA0 + i);
    assert_int_equal(arm_mem_write(&tgt, MEM_BASE + 2, data, sizeof data), SD_OK);
    /* 2 bytes head, 8 bytes as words, 1 byte tail */
    assert_int_equal(fk.n_log, 3);
    assert_int_equal(fk.log[0].width, 1);
    assert_int_equal(fk.log[0].addr, MEM_BASE + 2);
    assert_int_equal(fk.log[0].len, 2);
    assert_int_equal(fk.log[1].width, 4);
    assert_int_equal(fk.log[1].addr, MEM_BASE + 4);
    assert_int_equal(fk.log[1].len, 8);
    assert_int_equal(fk.log[2].width, 1);
    assert_int_equal(fk.log[2].addr, MEM_BASE + 12);
    assert_int_equal(fk.log[2].len, 1);
    uint8_t back[11];
    assert_int_equal(arm_mem_read(&tgt, MEM_BASE + 2, back, sizeof back), SD_OK);
    assert_memory_equal(back, data, sizeof data);
}

static void small_unaligned_read_stays_bytes(void **state)
{
    (void)state;
    uint8_t b[2];
    assert_int_equal(arm_mem_read(&tgt, MEM_BASE + 1, b, 2), SD_OK);
    assert_int_equal(fk.n_log, 1);
    assert_int_equal(fk.log[0].width, 1);
}

static void range_past_4g_is_refused(void **state)
{
    (void)state;
    uint8_t b[8];
    assert_int_equal(arm_mem_read(&tgt, 0xFFFFFFFCu, b, 8), SD_ERR_OUT_OF_RANGE);
    assert_int_equal(fk.n_log, 0);
}

static void halt_and_registers(void **state)
{
    (void)state;
    assert_int_equal(arm_halt(&tgt), SD_OK);
    enum arm_core_state st;
    assert_int_equal(arm_state(&tgt, &st), SD_OK);
    assert_int_equal(st, ARM_CORE_HALTED);
    assert_int_equal(arm_reg_write(&tgt, ARM_REG_PC, 0x08000123), SD_OK);
    assert_int_equal(fk.regs[ARM_REG_PC], 0x08000123);
    fk.regs[ARM_REG_SP] = 0x20001000;
    uint32_t sp = 0;
    assert_int_equal(arm_reg_read(&tgt, ARM_REG_SP, &sp), SD_OK);
    assert_int_equal(sp, 0x20001000);
    assert_int_equal(arm_resume(&tgt), SD_OK);
    assert_int_equal(arm_state(&tgt, &st), SD_OK);
    assert_int_equal(st, ARM_CORE_RUNNING);
}

static void reset_halt_uses_vector_catch_and_clears_it(void **state)
{
    (void)state;
    assert_int_equal(arm_reset(&tgt, ARM_RESET_SYSTEM, true), SD_OK);
    assert_int_equal(fk.aircr_writes, 1);
    assert_true(fk.halted);
    assert_int_equal(fk.demcr & ARM_DEMCR_VC_CORERESET, 0);
    assert_int_equal(sd_session_last_error(tgt.session), SD_OK);
}

static void state_names(void **state)
{
    (void)state;
    assert_int_equal(arm_core_state_of(ARM_DHCSR_S_HALT | ARM_DHCSR_S_REGRDY), ARM_CORE_HALTED);
    assert_int_equal(arm_core_state_of(ARM_DHCSR_S_LOCKUP | ARM_DHCSR_S_HALT), ARM_CORE_LOCKUP);
    assert_int_equal(arm_core_state_of(ARM_DHCSR_S_SLEEP), ARM_CORE_SLEEPING);
    assert_int_equal(arm_core_state_of(0), ARM_CORE_RUNNING);
    assert_string_equal(arm_core_state_name(ARM_CORE_LOCKUP), "locked up");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(unaligned_write_uses_words_in_the_middle, setup),
        cmocka_unit_test_setup(small_unaligned_read_stays_bytes, setup),
        cmocka_unit_test_setup(range_past_4g_is_refused, setup),
        cmocka_unit_test_setup(halt_and_registers, setup),
        cmocka_unit_test_setup(reset_halt_uses_vector_catch_and_clears_it, setup),
        cmocka_unit_test_setup(state_names, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
