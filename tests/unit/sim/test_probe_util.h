/* Helpers of the probe tests: a probe on the fake board, and one host
 * transaction (16-byte command, optional data phase, reply read). */
#ifndef TEST_PROBE_UTIL_H
#define TEST_PROBE_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "clock.h"
#include "probe/probe.h"
#include "test_probe_fakeboard.h"

static inline struct sim_probe *tp_probe(enum sim_probe_model m, const char *fw,
                                         bool clone)
{
    struct sim_probe_config cfg = { .model = m, .clone = clone };
    snprintf(cfg.firmware, sizeof cfg.firmware, "%s", fw);
    snprintf(cfg.serial, sizeof cfg.serial, "%s", "066EFF555051897267233656");
    sim_clock_reset();
    fake_reset();
    struct sim_probe *p = sim_probe_create(&cfg, &fake);
    assert_non_null(p);
    return p;
}

static inline uint8_t tp_out_ep(struct sim_probe *p)
{
    return sim_probe_pid(p) == 0x3748 ? 0x02 : 0x01;
}

/* Send `cmd` (n bytes, padded to 16), then `data` if any, then read up
 * to `rlen` bytes of reply.  Returns the number of reply bytes read, or
 * -1 when the probe had nothing to send. */
static inline int tp_cmd(struct sim_probe *p, const uint8_t *cmd, size_t n,
                         const uint8_t *data, size_t dlen, uint8_t *rep,
                         size_t rlen)
{
    uint8_t block[16] = { 0 };
    memcpy(block, cmd, n);
    assert_int_equal(sim_probe_bulk_out(p, tp_out_ep(p), block, 16), SIM_USB_OK);
    if (dlen)
        assert_int_equal(sim_probe_bulk_out(p, tp_out_ep(p), data, dlen), SIM_USB_OK);
    if (!rlen)
        return 0;
    size_t actual = 0;
    enum sim_usb_result r = sim_probe_bulk_in(p, 0x81, rep, rlen, &actual);
    if (r == SIM_USB_TIMEOUT)
        return -1;
    assert_int_equal(r, SIM_USB_OK);
    return (int)actual;
}

#define TP_CMD(p, rep, rlen, ...)                                            \
    tp_cmd((p), (const uint8_t[]){ __VA_ARGS__ },                            \
           sizeof((const uint8_t[]){ __VA_ARGS__ }), NULL, 0, (rep), (rlen))

static inline uint32_t tp_le32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

/* ENTER SWD and check it worked. */
static inline void tp_enter_swd(struct sim_probe *p)
{
    uint8_t r[2];
    assert_int_equal(TP_CMD(p, r, 2, 0xF2, 0x30, 0xA3), 2);
    assert_int_equal(r[0], 0x80);
    assert_int_equal(r[1], 0x00);
}

/* Memory command block: F2 sub addr32 len16 ap. */
static inline void tp_memcmd(uint8_t c[16], uint8_t sub, uint32_t addr,
                             uint16_t len, uint8_t ap)
{
    memset(c, 0, 16);
    c[0] = 0xF2;
    c[1] = sub;
    c[2] = (uint8_t)addr;
    c[3] = (uint8_t)(addr >> 8);
    c[4] = (uint8_t)(addr >> 16);
    c[5] = (uint8_t)(addr >> 24);
    c[6] = (uint8_t)len;
    c[7] = (uint8_t)(len >> 8);
    c[8] = ap;
}

/* GETLASTRWSTATUS2: status and fault address. */
static inline uint16_t tp_lastrw2(struct sim_probe *p, uint32_t *fault)
{
    uint8_t r[12];
    assert_int_equal(TP_CMD(p, r, 12, 0xF2, 0x3E), 12);
    if (fault)
        *fault = tp_le32(&r[4]);
    return (uint16_t)(r[0] | r[1] << 8);
}

#endif
