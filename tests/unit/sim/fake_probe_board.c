/* Fakes of sim/probe and sim/board for the tests of sim/bench and
 * sim/libusb: a "probe" that answers every 16-byte command on OUT 0x02
 * with a 2-byte reply {0x80, cmd[0]} on IN 0x81, with a V2's descriptors;
 * a "board" whose nvm is 256 bytes for part "FAKE". */
#include <stdlib.h>
#include <string.h>

#include "board/board.h"
#include "probe/probe.h"

#define FAKE_NVM 256

struct sim_board {
    uint8_t *nvm;
    bool fresh;
};

struct sim_probe {
    struct sim_probe_config cfg;
    uint8_t reply[2];
    bool pending;
    int resets;
};

int fake_boards_created;

size_t sim_board_nvm_size(const struct sim_board_config *cfg)
{
    return strcmp(cfg->part, "FAKE") == 0 ? FAKE_NVM : 0;
}

struct sim_board *sim_board_create(const struct sim_board_config *cfg,
                                   uint8_t *nvm, bool nvm_fresh, char *err,
                                   size_t errlen)
{
    (void)cfg; (void)err; (void)errlen;
    struct sim_board *b = calloc(1, sizeof *b);
    b->nvm = nvm;
    b->fresh = nvm_fresh;
    if (nvm_fresh)
        memset(nvm, 0xFF, FAKE_NVM);
    fake_boards_created++;
    return b;
}

void sim_board_destroy(struct sim_board *b) { free(b); }

const uint8_t *sim_board_flash(const struct sim_board *b, uint32_t *base, size_t *size)
{
    *base = 0x08000000;
    *size = FAKE_NVM;
    return b->nvm;
}

struct sim_probe *sim_probe_create(const struct sim_probe_config *cfg,
                                   struct sim_board *board)
{
    (void)board;
    struct sim_probe *p = calloc(1, sizeof *p);
    p->cfg = *cfg;
    return p;
}

void sim_probe_destroy(struct sim_probe *p) { free(p); }
uint16_t sim_probe_vid(const struct sim_probe *p) { (void)p; return 0x0483; }
uint16_t sim_probe_pid(const struct sim_probe *p)
{
    return p->cfg.model == SIM_PROBE_V3 ? 0x374F : 0x3748;
}
enum sim_usb_speed sim_probe_speed(const struct sim_probe *p)
{
    return p->cfg.model == SIM_PROBE_V3 ? SIM_USB_HIGH_SPEED : SIM_USB_FULL_SPEED;
}

static int give(uint8_t *buf, size_t len, const uint8_t *src, size_t n)
{
    if (n > len)
        n = len;
    memcpy(buf, src, n);
    return (int)n;
}

int sim_probe_device_descriptor(const struct sim_probe *p, uint8_t *buf, size_t len)
{
    uint16_t pid = sim_probe_pid(p);
    const uint8_t d[18] = { 18, 1, 0x00, 0x02, 0, 0, 0, 64, 0x83, 0x04,
                            pid & 0xFF, pid >> 8, 0x00, 0x01, 1, 2, 3, 1 };
    return give(buf, len, d, sizeof d);
}

int sim_probe_config_descriptor(const struct sim_probe *p, uint8_t *buf, size_t len)
{
    (void)p;
    const uint8_t c[] = {
        9, 2, 39 + 5, 0, 1, 1, 0, 0x80, 50,
        9, 4, 0, 0, 3, 0xFF, 0xFF, 0xFF, 4,
        5, 0x24, 1, 2, 3,               /* a class-specific descriptor: extra */
        7, 5, 0x81, 2, 64, 0, 0,
        7, 5, 0x02, 2, 64, 0, 0,
        7, 5, 0x83, 2, 64, 0, 0,
    };
    return give(buf, len, c, sizeof c);
}

int sim_probe_string_descriptor(const struct sim_probe *p, uint8_t index,
                                uint16_t langid, uint8_t *buf, size_t len)
{
    (void)langid;
    if (index == 0) {
        const uint8_t l[4] = { 4, 3, 0x09, 0x04 };
        return give(buf, len, l, sizeof l);
    }
    const char *s = index == 3 ? p->cfg.serial : index == 2 ? "STM32 STLink" :
                    index == 1 ? "STMicroelectronics" : NULL;
    if (!s)
        return -1;
    uint8_t d[130];
    size_t n = strlen(s);
    d[0] = (uint8_t)(2 + 2 * n);
    d[1] = 3;
    for (size_t i = 0; i < n; i++) {
        d[2 + 2 * i] = (uint8_t)s[i];
        d[3 + 2 * i] = 0;
    }
    return give(buf, len, d, d[0]);
}

enum sim_usb_result sim_probe_bulk_out(struct sim_probe *p, uint8_t ep,
                                       const uint8_t *data, size_t len)
{
    if (ep != 0x02)
        return SIM_USB_PIPE;
    sim_clock_advance(sim_cost_usb_transfer(sim_probe_speed(p), len));
    p->reply[0] = 0x80;
    p->reply[1] = len ? data[0] : 0;
    p->pending = true;
    return SIM_USB_OK;
}

enum sim_usb_result sim_probe_bulk_in(struct sim_probe *p, uint8_t ep,
                                      uint8_t *buf, size_t len, size_t *actual)
{
    *actual = 0;
    if (ep != 0x81)
        return SIM_USB_PIPE;
    if (!p->pending)
        return SIM_USB_TIMEOUT;
    if (len < 2)
        return SIM_USB_OVERFLOW;
    sim_clock_advance(sim_cost_usb_transfer(sim_probe_speed(p), 2));
    memcpy(buf, p->reply, 2);
    *actual = 2;
    p->pending = false;
    return SIM_USB_OK;
}

void sim_probe_usb_reset(struct sim_probe *p)
{
    p->pending = false;
    p->resets++;
}
