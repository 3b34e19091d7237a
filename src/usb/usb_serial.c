/* Serial numbers from the iSerialNumber string descriptor.
 *
 * Reference §1.5: V2-1 and V3 (and most V2) report 24 upper-case hex
 * characters (bLength 50).  A genuine ST-LINK/V2 0x3748 puts the 12 raw
 * bytes of its MCU unique ID in the low byte of 12 UTF-16 code units
 * (bLength 26); hosts hex-encode them (OpenOCD stlink_usb_get_alternate_serial,
 * stlink-org stlink_serial, pyOCD usb.py, probe-rs tools.rs).  An empty
 * serial exists too (probe-rs#3104). */
#include <stdio.h>

#include "usb/usb.h"

#define DESC_HEADER 2u          /* bLength, bDescriptorType */
#define RAW_SERIAL_BYTES 12u    /* §1.5: bLength 26 */
#define ASCII_FIRST 0x20u
#define ASCII_LAST 0x7Eu

static int all_printable(const uint8_t *units, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (units[2 * i + 1] != 0 || units[2 * i] < ASCII_FIRST || units[2 * i] > ASCII_LAST)
            return 0;
    return 1;
}

size_t usb_serial_decode(const uint8_t *desc, size_t len, char *out, size_t out_size)
{
    if (!out || out_size == 0)
        return 0;
    out[0] = '\0';
    if (!desc || len < DESC_HEADER)
        return 0;
    size_t blen = desc[0] < len ? desc[0] : len;
    if (blen < DESC_HEADER)
        return 0;
    size_t units = (blen - DESC_HEADER) / 2;
    const uint8_t *u = desc + DESC_HEADER;
    size_t n = 0;

    if (units == RAW_SERIAL_BYTES || !all_printable(u, units)) {
        /* raw bytes: two hex digits each, as every host prints them */
        for (size_t i = 0; i < units && n + 3 <= out_size; i++)
            n += (size_t)snprintf(out + n, out_size - n, "%02X", u[2 * i]);
    } else {
        for (size_t i = 0; i < units && n + 1 < out_size; i++)
            out[n++] = (char)u[2 * i];
        out[n] = '\0';
    }
    return n;
}
