/* The ST-LINK behind a public struct sd_probe, for the layers above
 * (src/arm/, src/doctor/).  Not part of the public API. */
#ifndef SD_PROBE_INTERNAL_H
#define SD_PROBE_INTERNAL_H

#include <swdoctor/probe.h>

#include "stlink/stlink.h"
#include "usb/usb.h"

struct stlink *sd_probe_stlink(struct sd_probe *p);
struct sd_session *sd_probe_session(struct sd_probe *p);

/* Choose among `n` found probes by serial prefix (NULL: the only one);
 * *index gets the choice. SD_ERR_NO_PROBE / SD_ERR_PROBE_AMBIGUOUS with a
 * detail listing the serials. */
int probe_select(struct sd_session *s, const struct usb_dev_info *devs, size_t n,
                 const char *prefix, size_t *index);

#endif
