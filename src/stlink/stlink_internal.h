/* Inside the ST-LINK layer: the handle and the command helpers every
 * stlink_*.c file builds commands with. */
#ifndef SD_STLINK_INTERNAL_H
#define SD_STLINK_INTERNAL_H

#include <stdint.h>

#include "common/session_internal.h"
#include "stlink/stlink.h"
#include "stlink/stlink_cmd.h"

#define STLINK_AP_MAX 256u
#define STLINK_AP_WORDS (STLINK_AP_MAX / 32u)

struct stlink {
    struct sd_session *s;
    struct usb_transport *t;
    struct stlink_version v;
    int in_debug;                 /* this handle entered debug mode */
    enum stlink_wire wire;
    uint8_t mem_ap;
    uint32_t ap_open[STLINK_AP_WORDS];   /* bit n: AP n opened with INIT_AP */
    unsigned speed_khz;
};

/* A 16-byte command block and its name for traces and details. */
struct stlink_cmd {
    uint8_t b[STLINK_CMD_SIZE];
    size_t n;                     /* bytes filled so far */
    const char *name;             /* "READMEM_32BIT" */
    char label[96];               /* name + what: "READMEM_32BIT at 0x08000000 (64 bytes)" */
    unsigned timeout_ms;
    /* enum sd_err for status 0x81 DEBUG_ERR_FAULT when this command has a
     * better meaning for it than the table's (0: the table) */
    int generic_fault_err;
};

/* Say what the command is about; failure details use it. */
void stlink_cmd_context(struct stlink_cmd *c, const char *fmt, ...) SD_PRINTF(2, 3);

void stlink_cmd_top(struct stlink_cmd *c, uint8_t cmd, const char *name);
void stlink_cmd_debug(struct stlink_cmd *c, uint8_t sub, const char *name);
void stlink_cmd_u8(struct stlink_cmd *c, uint8_t v);
void stlink_cmd_u16(struct stlink_cmd *c, uint16_t v);
void stlink_cmd_u32(struct stlink_cmd *c, uint32_t v);

uint16_t stlink_get_u16(const uint8_t *p);
uint32_t stlink_get_u32(const uint8_t *p);

/* Send the command, then `out_len` bytes of data if any, then read exactly
 * `in_len` bytes.  USB errors: detail "<NAME>: usb: ...". No status check. */
int stlink_xfer(struct stlink *st, const struct stlink_cmd *c, const uint8_t *out, size_t out_len,
                uint8_t *in, size_t in_len);
/* stlink_xfer + rep[0] status check (0x0D counts as OK, §6.5). */
int stlink_xfer_status(struct stlink *st, const struct stlink_cmd *c, uint8_t *in, size_t in_len);
/* Same, retrying WAIT statuses with backoff (§5.2, OpenOCD stlink_cmd_allow_retry). */
int stlink_xfer_retry(struct stlink *st, const struct stlink_cmd *c, uint8_t *in, size_t in_len);
/* Record a failed status: "<what>: status 0x14 SWD_DP_WAIT". */
int stlink_fail_status(struct stlink *st, uint8_t status, const char *what);
#define STLINK_STATUS_GENERIC_FAULT 0x81u
/* Fail with SD_ERR_PROBE_FIRMWARE if the firmware lacks `f`. */
int stlink_require(struct stlink *st, enum stlink_feature f, const char *what);

/* WAIT retry policy (§5.2: OpenOCD sleeps 1 << n ms, n = 0..7). */
#define STLINK_WAIT_RETRIES 8u
int stlink_status_is_wait(uint8_t status);
/* Sleep before retry `attempt` (0-based). */
void stlink_backoff(struct stlink *st, unsigned attempt);

/* Per-command timeouts (host values in §1.3 range 1000-6000 ms). */
#define STLINK_TIMEOUT_MS 3000u

/* Ensure AP `ap` is open when the firmware has INIT_AP. */
int stlink_ap_ensure(struct stlink *st, uint8_t ap);
void stlink_ap_forget_all(struct stlink *st);

#endif
