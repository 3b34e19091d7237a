/* Memory and register commands of the simulated ST-LINK on the fake
 * board: MEM-AP sequences (ADIv5.2 §C2.2.2: TAR re-written at every
 * 1 KiB boundary), limits and the 1-byte quirk (stlink-protocol.md §1.3,
 * §6.1), WAIT retries and FAULT status with the fault address (§5,
 * §4.1 0x3E), core registers through DCRSR/DCRDR (§4.3). */
#include "test_probe_util.h"

static void fill_ram(void)
{
    for (size_t i = 0; i < FAKE_RAM_SIZE; i++)
        fake.ram[i] = (uint8_t)(i * 7 + 3);
}

static void mem32_round_trip_across_1k(void **state)
{
    (void)state;
    uint8_t c[16], out[2048], in[2048];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    tp_enter_swd(p);
    for (size_t i = 0; i < sizeof out; i++)
        out[i] = (uint8_t)(i ^ 0x5A);

    /* 0x20000200 + 2048 crosses 0x20000400 and 0x20000800 */
    unsigned tar0 = fake.tar_writes;
    tp_memcmd(c, 0x08, 0x20000200, sizeof out, 0);
    assert_int_equal(tp_cmd(p, c, 16, out, sizeof out, NULL, 0), 0);
    assert_int_equal(fake.tar_writes - tar0, 3);
    assert_memory_equal(&fake.ram[0x200], out, sizeof out);
    assert_int_equal(tp_lastrw2(p, NULL), 0x80);

    tar0 = fake.tar_writes;
    unsigned drw0 = fake.drw_accesses;
    tp_memcmd(c, 0x07, 0x20000200, sizeof in, 0);
    assert_int_equal(tp_cmd(p, c, 16, NULL, 0, in, sizeof in), (int)sizeof in);
    assert_memory_equal(in, out, sizeof in);
    assert_int_equal(fake.tar_writes - tar0, 3);
    assert_int_equal(fake.drw_accesses - drw0, sizeof in / 4);
    assert_int_equal(tp_lastrw2(p, NULL), 0x80);
    sim_probe_destroy(p);
}

/* The data phase may come in several OUT transfers; the command runs when
 * all of it is there. */
static void write_data_in_pieces(void **state)
{
    (void)state;
    uint8_t c[16], data[64];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    tp_enter_swd(p);
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(0xC0 + i);
    tp_memcmd(c, 0x08, 0x20001000, sizeof data, 0);
    assert_int_equal(sim_probe_bulk_out(p, 0x02, c, 16), SIM_USB_OK);
    assert_int_equal(sim_probe_bulk_out(p, 0x02, data, 40), SIM_USB_OK);
    assert_int_equal(fake.ram[0x1000], 0); /* not yet */
    assert_int_equal(sim_probe_bulk_out(p, 0x02, data + 40, 24), SIM_USB_OK);
    assert_memory_equal(&fake.ram[0x1000], data, sizeof data);
    sim_probe_destroy(p);
}

static void mem8_and_mem16(void **state)
{
    (void)state;
    uint8_t c[16], r[128];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    tp_enter_swd(p);
    fill_ram();
    /* READMEM_8BIT of 1 byte answers 2 bytes */
    tp_memcmd(c, 0x0C, 0x20000003, 1, 0);
    assert_int_equal(tp_cmd(p, c, 16, NULL, 0, r, sizeof r), 2);
    assert_int_equal(r[0], fake.ram[3]);
    /* unaligned 8-bit run, byte lanes */
    tp_memcmd(c, 0x0C, 0x20000005, 7, 0);
    assert_int_equal(tp_cmd(p, c, 16, NULL, 0, r, sizeof r), 7);
    assert_memory_equal(r, &fake.ram[5], 7);
    /* 8-bit write */
    const uint8_t b3[3] = { 0xAA, 0xBB, 0xCC };
    tp_memcmd(c, 0x0D, 0x20000101, 3, 0);
    tp_cmd(p, c, 16, b3, 3, NULL, 0);
    assert_memory_equal(&fake.ram[0x101], b3, 3);
    assert_int_equal(fake.ram[0x100], (uint8_t)(0x100 * 7 + 3));
    /* 16-bit write/read at a half-word offset */
    const uint8_t h[4] = { 0x11, 0x22, 0x33, 0x44 };
    tp_memcmd(c, 0x48, 0x20000202, 4, 0);
    tp_cmd(p, c, 16, h, 4, NULL, 0);
    assert_memory_equal(&fake.ram[0x202], h, 4);
    tp_memcmd(c, 0x47, 0x20000202, 4, 0);
    assert_int_equal(tp_cmd(p, c, 16, NULL, 0, r, sizeof r), 4);
    assert_memory_equal(r, h, 4);
    /* 8-bit limit is 64 bytes on a V2 (§6.1) */
    tp_memcmd(c, 0x0C, 0x20000000, 65, 0);
    assert_int_equal(tp_cmd(p, c, 16, NULL, 0, r, sizeof r), 65);
    assert_int_not_equal(tp_lastrw2(p, NULL), 0x80);
    /* 32-bit length must be a multiple of 4 */
    tp_memcmd(c, 0x07, 0x20000000, 6, 0);
    tp_cmd(p, c, 16, NULL, 0, r, sizeof r);
    assert_int_equal(tp_lastrw2(p, NULL), 0x0A);
    sim_probe_destroy(p);

    /* V3 from J6 moves 512 bytes in one 8-bit command */
    p = tp_probe(SIM_PROBE_V3, "V3J7M3", false);
    tp_enter_swd(p);
    uint8_t big[512];
    tp_memcmd(c, 0x0C, 0x20000000, 512, 0);
    assert_int_equal(tp_cmd(p, c, 16, NULL, 0, big, sizeof big), 512);
    assert_int_equal(tp_lastrw2(p, NULL), 0x80);
    sim_probe_destroy(p);
}

static void noinc_variants(void **state)
{
    (void)state;
    uint8_t c[16], r[16];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    tp_enter_swd(p);
    const uint8_t w[8] = { 1, 0, 0, 0, 2, 0, 0, 0 };
    tp_memcmd(c, 0x50, 0x20000040, 8, 0);
    tp_cmd(p, c, 16, w, 8, NULL, 0);
    assert_int_equal(fake.ram[0x40], 2); /* both words to the same address */
    assert_int_equal(fake.ram[0x44], 0);
    tp_memcmd(c, 0x54, 0x20000040, 8, 0);
    assert_int_equal(tp_cmd(p, c, 16, NULL, 0, r, sizeof r), 8);
    assert_int_equal(tp_le32(r), 2);
    assert_int_equal(tp_le32(r + 4), 2);
    sim_probe_destroy(p);
}

/* A bus error: FAULT status (0x11) and the address that failed. */
static void fault_with_address(void **state)
{
    (void)state;
    uint8_t c[16], r[32];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    tp_enter_swd(p);
    uint32_t fault = 0;
    tp_memcmd(c, 0x07, FAKE_RAM_BASE + FAKE_RAM_SIZE - 8, 16, 0);
    assert_int_equal(tp_cmd(p, c, 16, NULL, 0, r, sizeof r), 16);
    assert_int_equal(tp_lastrw2(p, &fault), 0x11);
    assert_int_equal(fault, FAKE_RAM_BASE + FAKE_RAM_SIZE);
    /* the probe cleared the sticky error: the next access works */
    assert_false(fake.sticky);
    tp_memcmd(c, 0x07, 0x20000000, 4, 0);
    tp_cmd(p, c, 16, NULL, 0, r, sizeof r);
    assert_int_equal(tp_lastrw2(p, &fault), 0x80);
    /* writes too */
    const uint8_t w[8] = { 0 };
    tp_memcmd(c, 0x08, 0x10000000, 8, 0);
    tp_cmd(p, c, 16, w, 8, NULL, 0);
    assert_int_equal(tp_lastrw2(p, &fault), 0x11);
    assert_int_equal(fault, 0x10000000);
    /* before J15 the status comes from GETLASTRWSTATUS */
    sim_probe_destroy(p);
    p = tp_probe(SIM_PROBE_V2, "V2J14S0", false);
    tp_enter_swd(p);
    tp_memcmd(c, 0x07, 0x10000000, 4, 0);
    tp_cmd(p, c, 16, NULL, 0, r, sizeof r);
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x3B), 2);
    assert_int_equal(r[0], 0x11);
    sim_probe_destroy(p);
}

/* WAIT: retried inside the probe; a target that keeps answering WAIT
 * gets the WAIT status (0x10 AP / 0x14 DP). */
static void wait_retries(void **state)
{
    (void)state;
    uint8_t r[8];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    tp_enter_swd(p);
    fake.ram[0] = 0x42;
    fake.wait_next = 5;
    assert_int_equal(TP_CMD(p, r, 8, 0xF2, 0x36, 0, 0, 0, 0x20), 8);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(tp_le32(&r[4]), 0x42);
    fake.wait_forever = true;
    unsigned t0 = fake.transfers;
    assert_int_equal(TP_CMD(p, r, 8, 0xF2, 0x36, 0, 0, 0, 0x20), 8);
    assert_int_equal(r[0], 0x10);
    assert_true(fake.transfers - t0 > 1);    /* it did retry */
    assert_true(fake.transfers - t0 < 1000); /* a bounded number of times */
    /* DP access: READ_IDCODES */
    uint8_t r12[12];
    assert_int_equal(TP_CMD(p, r12, 12, 0xF2, 0x31), 12);
    assert_int_equal(r12[0], 0x14);
    sim_probe_destroy(p);
}

static void registers(void **state)
{
    (void)state;
    uint8_t r[88];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    tp_enter_swd(p);
    for (unsigned i = 0; i < 128; i++)
        fake.regs[i] = 0x1000 + i;
    fake.regrdy_delay = 2; /* S_REGRDY after two polls */
    assert_int_equal(TP_CMD(p, r, 8, 0xF2, 0x33, 15), 8);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(tp_le32(&r[4]), 0x100F);
    assert_int_equal(fake.dcrsr, 15); /* REGSEL 15, read */
    /* write R3 */
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x34, 3, 0x78, 0x56, 0x34, 0x12), 2);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(fake.regs[3], 0x12345678);
    assert_int_equal(fake.dcrsr, 3 | 1u << 16);
    /* all registers: 88 bytes, words from rep[4] */
    assert_int_equal(TP_CMD(p, r, 88, 0xF2, 0x3A), 88);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(tp_le32(&r[4 + 4 * 0]), 0x1000);
    assert_int_equal(tp_le32(&r[4 + 4 * 3]), 0x12345678);
    assert_int_equal(tp_le32(&r[4 + 4 * 16]), 0x1010);  /* xPSR */
    assert_int_equal(tp_le32(&r[4 + 4 * 18]), 0x1012);  /* PSP */
    /* debug registers: halt via WRITEDEBUGREG DHCSR */
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x35, 0xF0, 0xED, 0x00, 0xE0,
                            0x03, 0x00, 0x5F, 0xA0), 2);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(fake.dhcsr_ctrl, 3);
    assert_int_equal(TP_CMD(p, r, 8, 0xF2, 0x36, 0xF0, 0xED, 0x00, 0xE0), 8);
    assert_true(tp_le32(&r[4]) & (1u << 17)); /* S_HALT */
    /* RESETSYS writes AIRCR.SYSRESETREQ */
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x32), 2);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(fake.aircr_writes, 1);
    /* FPU selector needs J15 */
    sim_probe_destroy(p);
    p = tp_probe(SIM_PROBE_V2, "V2J14S0", false);
    tp_enter_swd(p);
    assert_int_equal(TP_CMD(p, r, 8, 0xF2, 0x33, 0x21), 8);
    assert_int_not_equal(r[0], 0x80);
    sim_probe_destroy(p);
}

/* RW_MISC batch (V2J32/V3J2): opcodes, then u32 arguments (§4.8). */
static void rw_misc(void **state)
{
    (void)state;
    uint8_t c[16] = { 0xF2, 0x51, 4, 0, 0, 0 };
    uint8_t d[4 + 16] = { 5, 1, 2, 3 };
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    tp_enter_swd(p);
    /* APNUM 0, ADDRESS 0x20000010, WRITE 0xCAFEF00D, READ 0x20000010 */
    d[4] = 0;
    d[8] = 0x10; d[9] = 0; d[10] = 0; d[11] = 0x20;
    d[12] = 0x0D; d[13] = 0xF0; d[14] = 0xFE; d[15] = 0xCA;
    d[16] = 0x10; d[17] = 0; d[18] = 0; d[19] = 0x20;
    tp_cmd(p, c, 16, d, sizeof d, NULL, 0);
    uint8_t r[32];
    assert_int_equal(TP_CMD(p, r, 32, 0xF2, 0x52), 32);
    assert_int_equal(tp_le32(&r[12]), 0xCAFEF00D);
    for (int i = 0; i < 4; i++)
        assert_int_equal(tp_le32(&r[16 + 4 * i]), 0x80);
    sim_probe_destroy(p);
}

/* Commands that need the target, before ENTER: errors, not crashes. */
static void before_enter(void **state)
{
    (void)state;
    uint8_t c[16], r[8];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    tp_memcmd(c, 0x07, 0x20000000, 4, 0);
    assert_int_equal(tp_cmd(p, c, 16, NULL, 0, r, sizeof r), 4);
    assert_int_not_equal(tp_lastrw2(p, NULL), 0x80);
    assert_int_equal(fake.transfers, 0); /* nothing on the wire */
    sim_probe_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mem32_round_trip_across_1k),
        cmocka_unit_test(write_data_in_pieces),
        cmocka_unit_test(mem8_and_mem16),
        cmocka_unit_test(noinc_variants),
        cmocka_unit_test(fault_with_address),
        cmocka_unit_test(wait_retries),
        cmocka_unit_test(registers),
        cmocka_unit_test(rw_misc),
        cmocka_unit_test(before_enter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
