/* USB identity of the simulated probes: VID/PID, endpoints, packet sizes,
 * and the device, configuration and string descriptors.
 * ref: stlink-protocol.md §1.1 (PIDs), §1.2 (interfaces, endpoints),
 * §1.3 (FS 64 / HS 512 bytes), §1.5 (strings, serial forms), §8 (clones).
 * Descriptor layouts: USB 2.0 spec §9.6; IAD: USB ECN "Interface
 * Association Descriptor"; CDC ACM: USB CDC 1.2 §5.2.3. */
#include <stdio.h>
#include <string.h>

#include "probe/probe_int.h"

#define ST_VID 0x0483u

/* USB descriptor types (USB 2.0 table 9-5). */
#define DT_DEVICE        1
#define DT_CONFIG        2
#define DT_STRING        3
#define DT_INTERFACE     4
#define DT_ENDPOINT      5
#define DT_IAD           11
#define DT_CS_INTERFACE  0x24

#define EP_BULK          2
#define EP_INTERRUPT     3

#define LANGID_EN_US     0x0409u

enum { STR_LANGID, STR_MANUFACTURER, STR_PRODUCT, STR_SERIAL };

static const struct probe_model models[] = {
    [SIM_PROBE_V2] = {
        .pid = 0x3748, .speed = SIM_USB_FULL_SPEED, .max_packet = 64,
        .ep_out = 0x02, .ep_in = 0x81, .ep_trace = 0x83,
        .product = "STM32 STLink", .raw_serial = true, .composite = false,
        .default_fw = "V2J37S7",
    },
    [SIM_PROBE_V2_1] = {
        .pid = 0x374B, .speed = SIM_USB_FULL_SPEED, .max_packet = 64,
        .ep_out = 0x01, .ep_in = 0x81, .ep_trace = 0x82,
        .product = "STM32 STLink", .raw_serial = false, .composite = true,
        .default_fw = "V2J40M27",
    },
    [SIM_PROBE_V3] = {
        .pid = 0x374F, .speed = SIM_USB_HIGH_SPEED, .max_packet = 512,
        .ep_out = 0x01, .ep_in = 0x81, .ep_trace = 0x82,
        .product = "STLINK-V3", .raw_serial = false, .composite = true,
        .default_fw = "V3J7M3",
    },
};

/* Clones present themselves as ST-LINK/V2 0x3748 (ref §8: no V2-1 or V3
 * clones are reported), with the raw serial form of the V2. */
const struct probe_model *probe_model_get(enum sim_probe_model m, bool clone)
{
    if (clone || (unsigned)m >= sizeof models / sizeof models[0])
        return &models[SIM_PROBE_V2];
    return &models[m];
}

uint16_t sim_probe_vid(const struct sim_probe *p)
{
    (void)p;
    return ST_VID;
}

uint16_t sim_probe_pid(const struct sim_probe *p)
{
    return p->model->pid;
}

enum sim_usb_speed sim_probe_speed(const struct sim_probe *p)
{
    return p->model->speed;
}

static int copy_out(const uint8_t *d, size_t n, uint8_t *buf, size_t len)
{
    if (!buf)
        return -1;
    size_t k = n < len ? n : len;
    memcpy(buf, d, k);
    return (int)k;
}

int sim_probe_device_descriptor(const struct sim_probe *p, uint8_t *buf, size_t len)
{
    const struct probe_model *m = p->model;
    uint8_t d[18] = {
        18, DT_DEVICE,
        0x00, 0x02,                 /* bcdUSB 2.00 */
        /* Composite probes use an IAD (class EF/02/01); the V2 is a plain
         * vendor device (class defined per interface). */
        m->composite ? 0xEF : 0x00, m->composite ? 0x02 : 0x00,
        m->composite ? 0x01 : 0x00,
        64,                         /* bMaxPacketSize0 */
        ST_VID & 0xFF, ST_VID >> 8,
        (uint8_t)m->pid, (uint8_t)(m->pid >> 8),
        0x00, 0x01,                 /* bcdDevice 1.00 */
        STR_MANUFACTURER, STR_PRODUCT, STR_SERIAL,
        1,                          /* bNumConfigurations */
    };
    return copy_out(d, sizeof d, buf, len);
}

/* ---- Configuration descriptor builder ---- */
struct cfgbuf {
    uint8_t b[256];
    size_t n;
};

static void put(struct cfgbuf *c, const uint8_t *d, size_t n)
{
    memcpy(c->b + c->n, d, n);
    c->n += n;
}

static void put_iface(struct cfgbuf *c, uint8_t num, uint8_t neps, uint8_t cls,
                      uint8_t sub, uint8_t proto)
{
    uint8_t d[9] = { 9, DT_INTERFACE, num, 0, neps, cls, sub, proto, 0 };
    put(c, d, sizeof d);
}

static void put_ep(struct cfgbuf *c, uint8_t addr, uint8_t type, uint16_t mps,
                   uint8_t interval)
{
    uint8_t d[7] = { 7, DT_ENDPOINT, addr, type, (uint8_t)mps,
                     (uint8_t)(mps >> 8), interval };
    put(c, d, sizeof d);
}

/* The VCP of V2-1/V3, first half: IAD + CDC ACM control interface with
 * its functional descriptors and notification endpoint 0x84. */
static void put_vcp_ctrl(struct cfgbuf *c, uint8_t ctrl, uint8_t data,
                         uint8_t iad_count)
{
    const uint8_t iad[8] = { 8, DT_IAD, ctrl, iad_count, 0x02, 0x02, 0x01, 0 };
    put(c, iad, sizeof iad);
    put_iface(c, ctrl, 1, 0x02, 0x02, 0x01);
    const uint8_t header[5] = { 5, DT_CS_INTERFACE, 0x00, 0x10, 0x01 };
    const uint8_t callm[5] = { 5, DT_CS_INTERFACE, 0x01, 0x00, data };
    const uint8_t acm[4] = { 4, DT_CS_INTERFACE, 0x02, 0x02 };
    const uint8_t uni[5] = { 5, DT_CS_INTERFACE, 0x06, ctrl, data };
    put(c, header, 5);
    put(c, callm, 5);
    put(c, acm, 4);
    put(c, uni, 5);
    put_ep(c, 0x84, EP_INTERRUPT, 16, 0x10);
}

/* The VCP's second half: the data interface with bulk 0x05 / 0x85. */
static void put_vcp_data(struct cfgbuf *c, uint8_t data, uint16_t mps)
{
    put_iface(c, data, 2, 0x0A, 0x00, 0x00);
    put_ep(c, 0x05, EP_BULK, mps, 0);
    put_ep(c, 0x85, EP_BULK, mps, 0);
}

int sim_probe_config_descriptor(const struct sim_probe *p, uint8_t *buf, size_t len)
{
    const struct probe_model *m = p->model;
    struct cfgbuf c = { .n = 9 };
    uint8_t nifaces = 1;

    /* Interface 0: debug, vendor class, endpoint order as lsusb shows it
     * for the V2 (stlink-org/stlink#7): IN, OUT, trace IN. */
    put_iface(&c, 0, 3, 0xFF, 0xFF, 0xFF);
    put_ep(&c, m->ep_in, EP_BULK, m->max_packet, 0);
    put_ep(&c, m->ep_out, EP_BULK, m->max_packet, 0);
    put_ep(&c, m->ep_trace, EP_BULK, m->max_packet, 0);
    if (m->composite) {
        /* Interface 1: mass storage (bulk-only SCSI). */
        put_iface(&c, 1, 2, 0x08, 0x06, 0x50);
        put_ep(&c, 0x83, EP_BULK, m->max_packet, 0);
        put_ep(&c, 0x03, EP_BULK, m->max_packet, 0);
        if (m->speed == SIM_USB_HIGH_SPEED) {
            /* V3: VCP control on interface 2 with endpoint 0x84 (V3E,
             * stlink-org/stlink#1022), bridge on interface 3 with OUT 0x06
             * / IN 0x86 (ref §1.2, ST-BRG), VCP data after it.  The full V3
             * interface order is not documented; only interface 0 is used
             * by hosts. */
            put_vcp_ctrl(&c, 2, 4, 3);
            put_iface(&c, 3, 2, 0xFF, 0xFF, 0xFF);
            put_ep(&c, 0x86, EP_BULK, m->max_packet, 0);
            put_ep(&c, 0x06, EP_BULK, m->max_packet, 0);
            put_vcp_data(&c, 4, m->max_packet);
            nifaces = 5;
        } else {
            put_vcp_ctrl(&c, 2, 3, 2);
            put_vcp_data(&c, 3, m->max_packet);
            nifaces = 4;
        }
    }
    const uint8_t hdr[9] = {
        9, DT_CONFIG, (uint8_t)c.n, (uint8_t)(c.n >> 8), nifaces,
        1,      /* bConfigurationValue (ref §1.2) */
        0,      /* iConfiguration */
        0x80,   /* bus powered */
        m->composite ? 150 : 50, /* 300 mA / 100 mA (V2 lsusb, #7) */
    };
    memcpy(c.b, hdr, sizeof hdr);
    return copy_out(c.b, c.n, buf, len);
}

/* ---- String descriptors ---- */
static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Serial code units: genuine V2 (and clones) put the 12 raw ID bytes one
 * per UTF-16 unit (bLength 26); the others send 24 hex characters
 * (bLength 50).  ref §1.5. */
static size_t serial_units(const struct sim_probe *p, uint16_t *u, size_t max)
{
    const char *s = p->cfg.serial;
    size_t n = strlen(s), k = 0;
    bool hex = n > 0 && n % 2 == 0;
    for (size_t i = 0; i < n && hex; i++)
        hex = hexval(s[i]) >= 0;
    if (p->model->raw_serial && hex) {
        for (size_t i = 0; i + 1 < n && k < max; i += 2)
            u[k++] = (uint16_t)(hexval(s[i]) << 4 | hexval(s[i + 1]));
        return k;
    }
    for (size_t i = 0; i < n && k < max; i++)
        u[k++] = (uint8_t)s[i];
    return k;
}

int sim_probe_string_descriptor(const struct sim_probe *p, uint8_t index,
                                uint16_t langid, uint8_t *buf, size_t len)
{
    uint8_t d[2 + 2 * 126];
    uint16_t units[126];
    size_t n = 0;
    (void)langid; /* one language only, as the real probes */

    switch (index) {
    case STR_LANGID:
        units[n++] = LANGID_EN_US;
        break;
    case STR_MANUFACTURER:
    case STR_PRODUCT: {
        const char *s = index == STR_MANUFACTURER ? "STMicroelectronics"
                                                  : p->model->product;
        for (; *s && n < 126; s++)
            units[n++] = (uint8_t)*s;
        break;
    }
    case STR_SERIAL:
        n = serial_units(p, units, 126);
        break;
    default:
        return -1;
    }
    d[0] = (uint8_t)(2 + 2 * n);
    d[1] = DT_STRING;
    for (size_t i = 0; i < n; i++)
        probe_put16(&d[2 + 2 * i], units[i]);
    return copy_out(d, 2 + 2 * n, buf, len);
}
