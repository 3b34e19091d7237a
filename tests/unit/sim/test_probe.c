/* The simulated ST-LINK against the facts of stlink-protocol.md: USB
 * identity (§1), GET_VERSION (§2.2, §2.3), modes (§3), target voltage
 * (§2.5), unknown commands and firmware gates (§5.1, §6.4), interface
 * clock (§4.6), NRST (§4.1), time accounting (ARCHITECTURE "Time"). */
#include "test_probe_util.h"

/* ---- identity ---- */

static void identity_v2(void **state)
{
    (void)state;
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    assert_int_equal(sim_probe_vid(p), 0x0483);
    assert_int_equal(sim_probe_pid(p), 0x3748);
    assert_int_equal(sim_probe_speed(p), SIM_USB_FULL_SPEED);

    uint8_t d[256];
    assert_int_equal(sim_probe_device_descriptor(p, d, sizeof d), 18);
    assert_int_equal(d[0], 18);
    assert_int_equal(d[1], 1);
    assert_int_equal(d[8] | d[9] << 8, 0x0483);
    assert_int_equal(d[10] | d[11] << 8, 0x3748);
    assert_int_equal(d[17], 1);

    /* one interface, three 64-byte bulk endpoints: 0x81, 0x02, 0x83 */
    int n = sim_probe_config_descriptor(p, d, sizeof d);
    assert_int_equal(n, 9 + 9 + 3 * 7);
    assert_int_equal(d[2] | d[3] << 8, n);
    assert_int_equal(d[4], 1);          /* bNumInterfaces */
    assert_int_equal(d[5], 1);          /* bConfigurationValue */
    assert_int_equal(d[9 + 4], 3);      /* bNumEndpoints */
    const uint8_t eps[3] = { 0x81, 0x02, 0x83 };
    for (int i = 0; i < 3; i++) {
        const uint8_t *e = d + 18 + 7 * i;
        assert_int_equal(e[1], 5);
        assert_int_equal(e[2], eps[i]);
        assert_int_equal(e[3], 2);      /* bulk */
        assert_int_equal(e[4] | e[5] << 8, 64);
    }

    /* strings: LANGID, manufacturer, product, raw 12-byte serial */
    assert_int_equal(sim_probe_string_descriptor(p, 0, 0, d, sizeof d), 4);
    assert_int_equal(d[2] | d[3] << 8, 0x0409);
    n = sim_probe_string_descriptor(p, 1, 0x0409, d, sizeof d);
    assert_int_equal(n, 2 + 2 * 18);
    assert_int_equal(d[2], 'S');
    n = sim_probe_string_descriptor(p, 2, 0x0409, d, sizeof d);
    assert_int_equal(n, 2 + 2 * 12); /* "STM32 STLink" */
    n = sim_probe_string_descriptor(p, 3, 0x0409, d, sizeof d);
    assert_int_equal(n, 26);
    assert_int_equal(d[0], 26);
    assert_int_equal(d[2] | d[3] << 8, 0x06); /* raw byte 0x06 of "066E..." */
    assert_int_equal(d[4] | d[5] << 8, 0x6E);
    sim_probe_destroy(p);
}

static void identity_v21_v3(void **state)
{
    (void)state;
    uint8_t d[512];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2_1, "V2J40M27", false);
    assert_int_equal(sim_probe_pid(p), 0x374B);
    int n = sim_probe_string_descriptor(p, 3, 0x0409, d, sizeof d);
    assert_int_equal(n, 50);
    assert_int_equal(d[2], '0');
    assert_int_equal(d[4], '6');
    n = sim_probe_config_descriptor(p, d, sizeof d);
    assert_true(n > 39);
    assert_int_equal(d[9 + 9 + 2], 0x81);
    assert_int_equal(d[9 + 9 + 7 + 2], 0x01);
    assert_int_equal(d[9 + 9 + 14 + 2], 0x82);
    sim_probe_destroy(p);

    p = tp_probe(SIM_PROBE_V3, "V3J7M3", false);
    assert_int_equal(sim_probe_pid(p), 0x374F);
    assert_int_equal(sim_probe_speed(p), SIM_USB_HIGH_SPEED);
    n = sim_probe_config_descriptor(p, d, sizeof d);
    assert_int_equal(d[9 + 9 + 2], 0x81);
    assert_int_equal(d[9 + 9 + 4] | d[9 + 9 + 5] << 8, 512);
    assert_int_equal(d[9 + 9 + 7 + 2], 0x01);
    n = sim_probe_string_descriptor(p, 2, 0x0409, d, sizeof d);
    assert_int_equal(n, 2 + 2 * 9);  /* "STLINK-V3" */
    assert_int_equal(d[2 + 2 * 7], 'V'); /* "STLINK-V3"[7] */
    sim_probe_destroy(p);
}

/* Clones enumerate as V2 0x3748 whatever the model asked (§8). */
static void identity_clone(void **state)
{
    (void)state;
    struct sim_probe *p = tp_probe(SIM_PROBE_V2_1, "", true);
    assert_int_equal(sim_probe_pid(p), 0x3748);
    uint8_t r[6];
    assert_int_equal(TP_CMD(p, r, 6, 0xF1), 6);
    const uint8_t want[6] = { 0x29, 0x47, 0x83, 0x04, 0x48, 0x37 };
    assert_memory_equal(r, want, 6); /* V2J37S7 */
    sim_probe_destroy(p);
}

/* ---- versions (§2.2 worked examples, §2.3) ---- */

static void version_words(void **state)
{
    (void)state;
    uint8_t r[64];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    assert_int_equal(TP_CMD(p, r, 6, 0xF1), 6);
    const uint8_t v2[6] = { 0x29, 0x47, 0x83, 0x04, 0x48, 0x37 };
    assert_memory_equal(r, v2, 6);
    /* no GET_VERSION_EX on a V2 */
    assert_int_equal(TP_CMD(p, r, 12, 0xFB), 2);
    assert_int_equal(r[0], 0x42);
    sim_probe_destroy(p);

    p = tp_probe(SIM_PROBE_V2, "V2J14S0", false);
    assert_int_equal(TP_CMD(p, r, 6, 0xF1), 6);
    const uint8_t j14[6] = { 0x23, 0x80, 0x83, 0x04, 0x48, 0x37 };
    assert_memory_equal(r, j14, 6);
    sim_probe_destroy(p);

    p = tp_probe(SIM_PROBE_V2_1, "V2J30M21", false);
    assert_int_equal(TP_CMD(p, r, 6, 0xF1), 6);
    const uint8_t v21[6] = { 0x27, 0x95, 0x83, 0x04, 0x4B, 0x37 };
    assert_memory_equal(r, v21, 6);
    sim_probe_destroy(p);

    p = tp_probe(SIM_PROBE_V3, "V3J7M3B5S1", false);
    assert_int_equal(TP_CMD(p, r, 6, 0xF1), 6);
    const uint8_t v3[6] = { 0x30, 0x00, 0x83, 0x04, 0x4F, 0x37 };
    assert_memory_equal(r, v3, 6);
    assert_int_equal(TP_CMD(p, r, 12, 0xFB), 12);
    const uint8_t ex[12] = { 3, 1, 7, 3, 5, 0, 0, 0, 0x83, 0x04, 0x4F, 0x37 };
    assert_memory_equal(r, ex, 12);
    sim_probe_destroy(p);
}

/* ---- modes (§3) ---- */

static void modes(void **state)
{
    (void)state;
    uint8_t r[8];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    assert_int_equal(TP_CMD(p, r, 2, 0xF5), 2);
    assert_int_equal(r[0], 0x01);                      /* MASS at power-up */
    assert_int_equal(TP_CMD(p, r, 2, 0xF3, 0x07), -1); /* DFU_EXIT: no reply */
    tp_enter_swd(p);
    assert_true(fake.connected);
    assert_int_equal(fake.proto, SIM_WIRE_SWD);
    assert_int_equal(TP_CMD(p, r, 2, 0xF5), 2);
    assert_int_equal(r[0], 0x02);                      /* DEBUG */
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x21), -1); /* EXIT: no reply */
    assert_int_equal(TP_CMD(p, r, 2, 0xF5), 2);
    assert_int_equal(r[0], 0x01);
    /* SWIM enter/exit: no replies */
    assert_int_equal(TP_CMD(p, r, 2, 0xF4, 0x00), -1);
    assert_int_equal(TP_CMD(p, r, 2, 0xF5), 2);
    assert_int_equal(r[0], 0x03);
    assert_int_equal(TP_CMD(p, r, 2, 0xF4, 0x01), -1);
    assert_int_equal(TP_CMD(p, r, 2, 0xF5), 2);
    assert_int_equal(r[0], 0x01);
    /* JTAG enter (0xA4 from J15) */
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x30, 0xA4), 2);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(fake.proto, SIM_WIRE_JTAG);
    assert_int_equal(fake.nrst_edges, 0);
    sim_probe_destroy(p);
}

/* JTAG ENTER param 0x00 pulses NRST; before J15 so does 0xA4 (OOCD
 * commit 717d3af08, §6.5). */
static void jtag_enter_reset(void **state)
{
    (void)state;
    uint8_t r[2];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x30, 0x00), 2);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(fake.nrst_edges, 2);
    assert_false(fake.nrst_low);
    sim_probe_destroy(p);

    p = tp_probe(SIM_PROBE_V2, "V2J14S0", false);
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x30, 0xA4), 2);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(fake.proto, SIM_WIRE_JTAG);
    assert_int_equal(fake.nrst_edges, 2);
    sim_probe_destroy(p);
}

/* No target answering: ENTER fails with GET_IDCODE_ERROR (§5.1 0x09). */
static void enter_no_target(void **state)
{
    (void)state;
    uint8_t r[12];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    fake.dead = true;
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x30, 0xA3), 2);
    assert_int_equal(r[0], 0x09);
    /* the host asks again once the target is back: the probe reconnects */
    fake.dead = false;
    unsigned before = fake.connects;
    tp_enter_swd(p);
    assert_int_equal(fake.connects, before + 1);
    assert_int_equal(TP_CMD(p, r, 12, 0xF2, 0x31), 12);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(tp_le32(&r[4]), FAKE_DPIDR);
    sim_probe_destroy(p);
}

/* ---- target voltage (§2.5): V = 2 * 1.2 * a1 / a0 ---- */

static void target_voltage(void **state)
{
    (void)state;
    uint8_t r[8];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    const unsigned mvs[] = { 3300, 1800, 5000, 0 };
    for (size_t i = 0; i < sizeof mvs / sizeof mvs[0]; i++) {
        fake.mv = mvs[i];
        assert_int_equal(TP_CMD(p, r, 8, 0xF7), 8);
        uint32_t a0 = tp_le32(r), a1 = tp_le32(&r[4]);
        assert_true(a0 > 0);
        double v = 2.0 * 1.2 * a1 / a0;
        assert_true(v * 1000 > mvs[i] - 3.0 && v * 1000 < mvs[i] + 3.0);
    }
    sim_probe_destroy(p);
    /* not before J13 (§6.4) */
    p = tp_probe(SIM_PROBE_V2, "V2J12S0", false);
    assert_int_equal(TP_CMD(p, r, 8, 0xF7), 2);
    assert_int_equal(r[0], 0x42);
    sim_probe_destroy(p);
}

/* ---- unknown commands and gates ---- */

static void unknown_and_gates(void **state)
{
    (void)state;
    uint8_t r[16];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J25S7", false);
    assert_int_equal(TP_CMD(p, r, 16, 0xF2, 0x99), 2);
    assert_int_equal(r[0], 0x42);
    assert_int_equal(r[1], 0x00);
    assert_int_equal(TP_CMD(p, r, 16, 0xAA), 2);
    assert_int_equal(r[0], 0x42);
    tp_enter_swd(p);
    /* READMEM_16BIT appears with J26 */
    assert_int_equal(TP_CMD(p, r, 4, 0xF2, 0x47, 0, 0, 0, 0x20, 4, 0), 2);
    assert_int_equal(r[0], 0x42);
    /* INIT_AP with J28; V3 frequency commands never on V2 */
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x4B, 0), 2);
    assert_int_equal(r[0], 0x42);
    assert_int_equal(TP_CMD(p, r, 52, 0xF2, 0x62, 0), 2);
    assert_int_equal(r[0], 0x42);
    sim_probe_destroy(p);

    p = tp_probe(SIM_PROBE_V2, "V2J26S7", false);
    tp_enter_swd(p);
    assert_int_equal(TP_CMD(p, r, 4, 0xF2, 0x47, 0, 0, 0, 0x20, 4, 0), 4);
    sim_probe_destroy(p);

    /* GETLASTRWSTATUS2 with J15; SWD_SET_FREQ with J22 */
    p = tp_probe(SIM_PROBE_V2, "V2J14S0", false);
    assert_int_equal(TP_CMD(p, r, 12, 0xF2, 0x3E), 2);
    assert_int_equal(r[0], 0x42);
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x3B), 2);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x43, 1, 0), 2);
    assert_int_equal(r[0], 0x42);
    sim_probe_destroy(p);
}

/* From V2J37 an AP must be opened before use (§6.5); V2J28 answers 0x1D
 * to CLOSE_AP. */
static void ap_opening(void **state)
{
    (void)state;
    uint8_t r[8];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    tp_enter_swd(p);
    /* AP1 CSW before INIT_AP: BAD_AP */
    assert_int_equal(TP_CMD(p, r, 8, 0xF2, 0x45, 1, 0, 0x00, 0), 8);
    assert_int_equal(r[0], 0x1D);
    /* IDR may be read without opening */
    assert_int_equal(TP_CMD(p, r, 8, 0xF2, 0x45, 1, 0, 0xFC, 0), 8);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x4B, 1, 0), 2);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x46, 1, 0, 0x04, 0, 0x78, 0x56, 0x34, 0x12), 2);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(fake.ap1_regs[1], 0x12345678);
    assert_int_equal(TP_CMD(p, r, 8, 0xF2, 0x45, 1, 0, 0x04, 0), 8);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(tp_le32(&r[4]), 0x12345678);
    /* AP 9 is above the firmware limit */
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x4B, 9, 0), 2);
    assert_int_equal(r[0], 0x1D);
    /* DP register through port 0xFFFF */
    assert_int_equal(TP_CMD(p, r, 8, 0xF2, 0x45, 0xFF, 0xFF, 0x00, 0), 8);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(tp_le32(&r[4]), FAKE_DPIDR);
    /* EXIT closes the APs */
    TP_CMD(p, r, 0, 0xF2, 0x21);
    tp_enter_swd(p);
    assert_int_equal(TP_CMD(p, r, 8, 0xF2, 0x45, 1, 0, 0x04, 0), 8);
    assert_int_equal(r[0], 0x1D);
    sim_probe_destroy(p);

    p = tp_probe(SIM_PROBE_V2, "V2J28S7", false);
    tp_enter_swd(p);
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x4B, 0, 0), 2);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x4C, 0), 2);
    assert_int_equal(r[0], 0x1D);
    sim_probe_destroy(p);
}

/* ---- interface clock (§4.6) ---- */

static void clock_v2(void **state)
{
    (void)state;
    uint8_t r[8];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    tp_enter_swd(p);
    assert_int_equal(fake.khz, 1800);  /* divisor 1, the default */
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x43, 0, 0), 2);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(fake.khz, 4000);
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x43, 40, 0), 2);
    assert_int_equal(fake.khz, 100);
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x43, 0x1E, 0x03), 2); /* 798 */
    assert_int_equal(fake.khz, 5);
    sim_probe_destroy(p);
}

static void clock_v3(void **state)
{
    (void)state;
    uint8_t r[64];
    struct sim_probe *p = tp_probe(SIM_PROBE_V3, "V3J7M3", false);
    assert_int_equal(TP_CMD(p, r, 64, 0xF2, 0x62, 0), 52);
    assert_int_equal(r[0], 0x80);
    uint32_t nent = tp_le32(&r[8]);
    assert_true(nent >= 1 && nent <= 10);
    assert_int_equal(tp_le32(&r[12]), 24000);
    /* entries descend */
    for (uint32_t i = 1; i < nent; i++)
        assert_true(tp_le32(&r[12 + 4 * i]) < tp_le32(&r[8 + 4 * i]));
    assert_int_equal(TP_CMD(p, r, 8, 0xF2, 0x61, 0, 0, 0xA0, 0x0F, 0, 0), 8); /* 4000 */
    assert_int_equal(r[0], 0x80);
    assert_int_equal(tp_le32(&r[4]), 3300);
    tp_enter_swd(p);
    assert_int_equal(fake.khz, 3300);
    assert_int_equal(TP_CMD(p, r, 64, 0xF2, 0x62, 0), 52);
    assert_int_equal(tp_le32(&r[4]), 3300);
    /* V2 divisor command is not a V3 command */
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x43, 0, 0), 2);
    assert_int_equal(r[0], 0x42);
    /* SWITCH_STLINK_FREQ answers CONF_CHANGED */
    assert_int_equal(TP_CMD(p, r, 8, 0xF2, 0x63, 2), 8);
    assert_int_equal(r[0], 0x40);
    sim_probe_destroy(p);
}

/* ---- NRST ---- */

static void nrst(void **state)
{
    (void)state;
    uint8_t r[2];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2_1, "V2J40M27", false);
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x3C, 0), 2);
    assert_int_equal(r[0], 0x80);
    assert_true(fake.nrst_low);
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x3C, 1), 2);
    assert_false(fake.nrst_low);
    sim_ns t0 = sim_clock_now();
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x3C, 2), 2);
    assert_false(fake.nrst_low);
    assert_int_equal(fake.nrst_edges, 4);
    assert_true(sim_clock_now() - t0 >= SIM_NS_PER_MS);
    sim_probe_destroy(p);

    /* a clone's NRST pin goes nowhere (§8) */
    p = tp_probe(SIM_PROBE_V2, "V2J37S7", true);
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x3C, 0), 2);
    assert_int_equal(r[0], 0x80);
    assert_false(fake.nrst_low);
    sim_probe_destroy(p);
}

/* ---- transfer model and time ---- */

static void transfer_model(void **state)
{
    (void)state;
    uint8_t r[64];
    size_t actual;
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    /* nothing queued: timeout */
    assert_int_equal(sim_probe_bulk_in(p, 0x81, r, 64, &actual), SIM_USB_TIMEOUT);
    /* wrong OUT endpoint for a V2 */
    uint8_t cmd[16] = { 0xF1 };
    assert_int_equal(sim_probe_bulk_out(p, 0x01, cmd, 16), SIM_USB_PIPE);
    /* a short read gets what it asked for, the rest follows */
    assert_int_equal(sim_probe_bulk_out(p, 0x02, cmd, 16), SIM_USB_OK);
    assert_int_equal(sim_probe_bulk_in(p, 0x81, r, 4, &actual), SIM_USB_OK);
    assert_int_equal(actual, 4);
    assert_int_equal(sim_probe_bulk_in(p, 0x81, r, 64, &actual), SIM_USB_OK);
    assert_int_equal(actual, 2);
    assert_int_equal(r[0], 0x48);
    /* an unread reply is dropped by the next command */
    assert_int_equal(sim_probe_bulk_out(p, 0x02, cmd, 16), SIM_USB_OK);
    cmd[0] = 0xF5;
    assert_int_equal(sim_probe_bulk_out(p, 0x02, cmd, 16), SIM_USB_OK);
    assert_int_equal(sim_probe_bulk_in(p, 0x81, r, 64, &actual), SIM_USB_OK);
    assert_int_equal(actual, 2);
    assert_int_equal(r[0], 0x01);
    /* trace endpoint: GET_TRACE_NB says 0 bytes, nothing to read */
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x40, 0x00, 0x10, 0x40, 0x42, 0x0F, 0x00), 2);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x42), 2);
    assert_int_equal(r[0] | r[1] << 8, 0);
    assert_int_equal(sim_probe_bulk_in(p, 0x83, r, 64, &actual), SIM_USB_TIMEOUT);
    sim_probe_destroy(p);
}

static void time_accounting(void **state)
{
    (void)state;
    uint8_t r[8];
    struct sim_probe *p = tp_probe(SIM_PROBE_V2, "V2J37S7", false);
    sim_ns t0 = sim_clock_now();
    TP_CMD(p, r, 6, 0xF1);
    sim_ns t1 = sim_clock_now();
    /* a full-speed command + reply costs at least one USB frame each */
    assert_true(t1 - t0 >= sim_cost_probe_command(SIM_USB_FULL_SPEED));
    assert_int_equal(sim_stats.swd_transfers, 0);
    tp_enter_swd(p);
    uint64_t n = sim_stats.swd_transfers;
    assert_true(n >= 4);
    assert_int_equal(n, fake.transfers);
    /* READDEBUGREG: CSW, TAR, DRW, RDBUFF */
    assert_int_equal(TP_CMD(p, r, 8, 0xF2, 0x36, 0, 0, 0, 0x20), 8);
    assert_int_equal(sim_stats.swd_transfers - n, 4);
    sim_probe_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(identity_v2),
        cmocka_unit_test(identity_v21_v3),
        cmocka_unit_test(identity_clone),
        cmocka_unit_test(version_words),
        cmocka_unit_test(modes),
        cmocka_unit_test(jtag_enter_reset),
        cmocka_unit_test(enter_no_target),
        cmocka_unit_test(target_voltage),
        cmocka_unit_test(unknown_and_gates),
        cmocka_unit_test(ap_opening),
        cmocka_unit_test(clock_v2),
        cmocka_unit_test(clock_v3),
        cmocka_unit_test(nrst),
        cmocka_unit_test(transfer_model),
        cmocka_unit_test(time_accounting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
