/* The probe table: every ST-LINK debug PID we drive, with its endpoints.
 *
 * PIDs: reference §1.1 (OpenOCD stlink_usb.c, stlink-org usb.h, pyOCD
 * usb.py).  Endpoints: reference §1.2 -- V2 sends on OUT 0x02 (SWO 0x83),
 * V2-1 and V3 on OUT 0x01 (SWO 0x82); replies always come on IN 0x81.
 * Packet size: reference §1.3 (full speed 64, V3 high speed 512).
 *
 * Left out on purpose: V1 0x3744 (SCSI transport, not implemented), the
 * bootloader PIDs 0x374D and 0x3755 (OpenOCD: USB loader, no debug), and
 * 0x3742 (a single unverified source).  0x374A follows stlink-org, pyOCD and
 * probe-rs (V2-1 endpoints), not OpenOCD's V2 fallback (§9 row 1). */
#include <stddef.h>

#include "usb/usb.h"

#define EP_IN 0x81u       /* §1.2: all generations */
#define EP_OUT_V2 0x02u   /* §1.2: V2 0x3748 */
#define EP_TRACE_V2 0x83u
#define EP_OUT_V21 0x01u  /* §1.2: V2-1 and V3 */
#define EP_TRACE_V21 0x82u
#define PACKET_FS 64u     /* §1.3 */
#define PACKET_HS 512u

#define V2(p, n) { .pid = (p), .name = (n), .gen = USB_GEN_V2, .ep_out = EP_OUT_V2, \
                   .ep_in = EP_IN, .ep_trace = EP_TRACE_V2, .max_packet = PACKET_FS }
#define V21(p, n) { .pid = (p), .name = (n), .gen = USB_GEN_V2_1, .ep_out = EP_OUT_V21, \
                    .ep_in = EP_IN, .ep_trace = EP_TRACE_V21, .max_packet = PACKET_FS }
#define V3(p, n) { .pid = (p), .name = (n), .gen = USB_GEN_V3, .ep_out = EP_OUT_V21, \
                   .ep_in = EP_IN, .ep_trace = EP_TRACE_V21, .max_packet = PACKET_HS }

static const struct usb_probe_model models[] = {
    V2(0x3748, "ST-LINK/V2"),
    V21(0x374A, "ST-LINK/V2-1 (audio)"),
    V21(0x374B, "ST-LINK/V2-1"),
    V21(0x3752, "ST-LINK/V2-1 (no MSD)"),
    V3(0x374E, "STLINK-V3E"),
    V3(0x374F, "STLINK-V3S"),
    V3(0x3753, "STLINK-V3 (2VCP)"),
    V3(0x3754, "STLINK-V3 (no MSD)"),
    V3(0x3757, "STLINK-V3PWR"),
};

const struct usb_probe_model *usb_model_find(uint16_t pid)
{
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++)
        if (models[i].pid == pid)
            return &models[i];
    return NULL;
}

const struct usb_probe_model *usb_model_at(size_t i)
{
    return i < sizeof models / sizeof models[0] ? &models[i] : NULL;
}
