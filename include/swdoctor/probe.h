/* ST-LINK probes: list them, open one, read what it says about itself.
 *
 *     struct sd_probe_info *list; size_t n;
 *     if (sd_probe_list(s, &list, &n) == SD_OK) {
 *         for (size_t i = 0; i < n; i++)
 *             printf("%s %s %s\n", list[i].serial, list[i].model, list[i].firmware);
 *         sd_probe_list_free(list);
 *     }
 *
 *     struct sd_probe *p;
 *     int err = sd_probe_open(s, "0669FF", &p);   // NULL: the only probe
 *     if (err != SD_OK) fprintf(stderr, "%s\n", sd_session_detail(s));
 */
#ifndef SWDOCTOR_PROBE_H
#define SWDOCTOR_PROBE_H

#include <stddef.h>

#include <swdoctor/session.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SD_PROBE_SERIAL_MAX 64
#define SD_PROBE_TEXT_MAX 32
#define SD_PROBE_DETAIL_MAX 160

/* What is known about one probe. */
struct sd_probe_info {
    char serial[SD_PROBE_SERIAL_MAX];  /* 24 hex digits usually; "" if unreadable */
    char model[SD_PROBE_TEXT_MAX];     /* "ST-LINK/V2-1", "STLINK-V3S" */
    unsigned vid, pid;                 /* 0x0483, 0x374B */
    unsigned bus, address;             /* USB bus and device number */
    char firmware[SD_PROBE_TEXT_MAX];  /* "V2J37S7"; "" if not read */
    unsigned hw_version;               /* 2, 3 (V3), 4 (V3PWR); 0 if not read */
    unsigned jtag_version, swim_version, msd_version, bridge_version;
    unsigned api_version;              /* 2 or 3; 0 if not read */
    int target_mv;                     /* target supply in mV; -1 if not measured */
    int status;                        /* SD_OK, or why the probe could not be used
                                          (SD_ERR_USB_ACCESS, SD_ERR_USB_BUSY, ...) */
    char status_detail[SD_PROBE_DETAIL_MAX]; /* e.g. "ST-LINK/V2 on bus 001 device 007:
                                                cannot open it (LIBUSB_ERROR_ACCESS)" */
};

struct sd_probe;

/* Every ST-LINK on the bus, including those that cannot be opened (their
 * status says why).  Each usable probe is opened briefly to read its
 * firmware version and target voltage.  Free with sd_probe_list_free(). */
int sd_probe_list(struct sd_session *s, struct sd_probe_info **list, size_t *count);
void sd_probe_list_free(struct sd_probe_info *list);

/* Open the probe whose serial starts with `serial_prefix` (case does not
 * matter); NULL: the only probe.  SD_ERR_NO_PROBE when none matches,
 * SD_ERR_PROBE_AMBIGUOUS when several do (the detail lists their serials),
 * SD_ERR_USB_ACCESS / SD_ERR_USB_BUSY when the match cannot be opened. */
int sd_probe_open(struct sd_session *s, const char *serial_prefix, struct sd_probe **out);
void sd_probe_close(struct sd_probe *p);

/* What the probe said when it was opened. Never NULL for an open probe. */
const struct sd_probe_info *sd_probe_info(const struct sd_probe *p);

/* Measure the target supply now (millivolts). */
int sd_probe_target_voltage(struct sd_probe *p, int *millivolts);

#ifdef __cplusplus
}
#endif
#endif
