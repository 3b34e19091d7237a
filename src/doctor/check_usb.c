/* Layer 1: USB and permissions.  Is there an ST-LINK, may we open it, is
 * it ours, and does the cable carry commands reliably?
 *
 * Reliability is measured, not guessed: a few hundred raw GET_CURRENT_MODE
 * round trips (the cheapest command: 16 bytes out, 2 back, no target
 * involved; ref stlink-protocol.md §2.6) with a short timeout of our own,
 * so that a lost packet costs 50 ms rather than the ST-LINK layer's 3 s.
 * A good USB link loses nothing: bulk transfers are CRC-checked and
 * retried by the host controller, so one failure at the libusb level is
 * already abnormal. */
#include <stdio.h>
#include <string.h>

#include "common/session_internal.h"
#include "doctor/doctor_internal.h"
#include "stlink/probe_internal.h"

#define OPEN_ATTEMPTS 3
#define ROUND_TRIPS 200
#define ROUND_TRIP_TIMEOUT_MS 50   /* a healthy probe answers in < 1 ms */
#define FAILURES_ENOUGH 5          /* stop measuring: the verdict is clear */

/* ref stlink-protocol.md §1.3, §2.1, §2.6 */
#define STLINK_CMD_LEN 16
#define STLINK_GET_CURRENT_MODE 0xF5u
#define STLINK_MODE_REPLY_LEN 2

/* "LIBUSB_ERROR_TIMEOUT" out of a detail, else the whole detail. */
static void usb_error_of(const char *detail, char *out, size_t len)
{
    const char *p = strstr(detail, "LIBUSB_ERROR_");
    if (!p) {
        snprintf(out, len, "%s", detail);
        return;
    }
    size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_");
    snprintf(out, len, "%.*s", (int)n, p);
}

static void finding_open_failed(struct doctor *d, int rc, const char *detail)
{
    struct sd_finding *f;
    switch (rc) {
    case SD_ERR_NO_PROBE:
        f = doctor_find(d, "probe-not-found", SD_CONFIDENCE_CERTAIN,
                        "no ST-LINK (USB vendor 0x0483) is on the USB bus");
        doctor_evidence(f, "USB", "%s", detail);
        if (d->opt.probe_serial)
            doctor_fix(f, "Check the serial (`swdoctor list` shows the probes), or plug the "
                          "probe in (a data cable, not a charge-only one).");
        break;
    case SD_ERR_PROBE_AMBIGUOUS:
        f = doctor_find(d, "probe-not-found", SD_CONFIDENCE_CERTAIN,
                        "several ST-LINKs are connected and none was chosen");
        doctor_evidence(f, "USB", "%s", detail);
        doctor_fix(f, "Choose one: `swdoctor --probe SERIAL doctor` (`swdoctor list` shows "
                      "the serials).");
        break;
    case SD_ERR_USB_ACCESS:
        f = doctor_find(d, "probe-permission-denied", SD_CONFIDENCE_CERTAIN,
                        "the ST-LINK is on the bus but this user may not open it");
        doctor_evidence(f, "USB", "%s", detail);
        break;
    case SD_ERR_USB_BUSY:
        f = doctor_find(d, "probe-busy", SD_CONFIDENCE_CERTAIN,
                        "another program has claimed the ST-LINK's USB interface");
        doctor_evidence(f, "USB", "%s", detail);
        break;
    default: {
        char err[64];
        usb_error_of(detail, err, sizeof err);
        f = doctor_find(d, "usb-unreliable", SD_CONFIDENCE_LIKELY,
                        "the ST-LINK did not answer its first commands in %d attempts (%s)",
                        OPEN_ATTEMPTS, err);
        doctor_evidence(f, "USB", "%s", detail);
        break;
    }
    }
}

/* One raw round trip on the probe's transport; SD_OK or the usb error,
 * with the session detail naming the libusb code. */
static int round_trip(struct usb_transport *t)
{
    uint8_t cmd[STLINK_CMD_LEN] = { STLINK_GET_CURRENT_MODE };
    uint8_t rep[STLINK_MODE_REPLY_LEN];
    int rc = usb_write(t, cmd, sizeof cmd, ROUND_TRIP_TIMEOUT_MS);
    return rc ? rc : usb_read(t, rep, sizeof rep, ROUND_TRIP_TIMEOUT_MS);
}

static void measure_link(struct doctor *d, unsigned open_failures, const char *open_error)
{
    /* The ST-LINK layer hands its transport out read-only because its
     * callers go through stlink_xfer(); this measurement needs raw
     * commands with its own timeout.  A command left unanswered is
     * dropped by the probe when the next one arrives (§1.3: one command
     * outstanding at a time), so a lost reply does not desynchronise. */
    struct usb_transport *t = (struct usb_transport *)stlink_transport(d->st);
    char first_error[64] = "";
    unsigned n = 0, failed = 0;
    bool gone = false;
    for (; n < ROUND_TRIPS && failed < FAILURES_ENOUGH && !gone; n++) {
        int rc = round_trip(t);
        if (rc == SD_OK)
            continue;
        if (!failed++)
            usb_error_of(sd_session_detail(d->s), first_error, sizeof first_error);
        sd_session_clear_error(d->s);
        gone = rc == SD_ERR_USB_DISCONNECTED;   /* nothing more to count */
    }
    d->usb_round_trips = n;
    d->usb_errors = failed + open_failures;
    doctor_step(d, "usb", "%u of %u USB round trips failed%s%s%s", failed, n,
                failed ? " (" : "", first_error, failed ? ")" : "");
    if (!failed && !open_failures)
        return;
    struct sd_finding *f =
        gone ? doctor_find(d, "usb-unreliable", SD_CONFIDENCE_CERTAIN,
                           "the probe dropped off the USB bus after %u round trips (a loose "
                           "cable or connector, or a port that cuts its power)", n - 1)
             : doctor_find(d, "usb-unreliable", SD_CONFIDENCE_CERTAIN,
                           "USB transfers to the probe fail: %u of %u round trips%s", failed, n,
                           open_failures ? " and opening it" : "");
    if (failed)
        doctor_evidence(f, "USB round trips", "%u of %u failed (%s)%s", failed, n,
                        first_error, failed >= FAILURES_ENOUGH ? "; stopped counting" : "");
    if (open_failures)
        doctor_evidence(f, "opening the probe", "failed %u time%s before it answered (%s)",
                        open_failures, open_failures == 1 ? "" : "s", open_error);
    doctor_evidence(f, "probe", "%s on bus %03u device %03u", d->probe_info.model,
                    d->probe_info.bus, d->probe_info.address);
}

enum doctor_flow check_usb(struct doctor *d)
{
    char open_error[64] = "";
    unsigned open_failures = 0;
    int rc = SD_OK;
    for (unsigned i = 0; i < OPEN_ATTEMPTS; i++) {
        rc = sd_probe_open(d->s, d->opt.probe_serial, &d->probe);
        if (i == 0)
            doctor_clock_start(d);
        if (rc == SD_OK || rc == SD_ERR_NO_PROBE || rc == SD_ERR_PROBE_AMBIGUOUS ||
            rc == SD_ERR_USB_ACCESS || rc == SD_ERR_USB_BUSY || rc == SD_ERR_NO_MEMORY ||
            rc == SD_ERR_INVALID_ARG)
            break;
        /* A transfer failed while the probe was being opened: the cable
         * or the port may be flaky; try again and count it. */
        open_failures++;
        usb_error_of(sd_session_detail(d->s), open_error, sizeof open_error);
    }
    if (rc != SD_OK) {
        char detail[SD_PROBE_DETAIL_MAX + 64];
        snprintf(detail, sizeof detail, "%s", sd_session_detail(d->s));
        doctor_step(d, "usb", "cannot open a probe: %s", detail);
        finding_open_failed(d, rc, detail);
        d->probe = NULL;
        return DOCTOR_STOP;
    }
    d->st = sd_probe_stlink(d->probe);
    d->probe_info = *sd_probe_info(d->probe);
    doctor_step(d, "usb", "%s (serial %s) on bus %03u device %03u opened",
                d->probe_info.model, d->probe_info.serial[0] ? d->probe_info.serial : "none",
                d->probe_info.bus, d->probe_info.address);
    measure_link(d, open_failures, open_error);
    /* Even after usb-unreliable the next check runs: check_probe only
     * reads what the probe said when it was opened (no USB traffic), and
     * a clone with a bad cable is worth naming.  check_probe stops there. */
    return DOCTOR_NEXT;
}
