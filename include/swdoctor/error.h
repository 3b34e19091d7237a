/* swdoctor error codes.
 *
 * Every library call returns SD_OK (0) or a negative `enum sd_err`.  The
 * values are part of the ABI and are never renumbered: new codes are only
 * ever appended.  sd_errname() gives the symbolic name ("SD_ERR_NO_PROBE"),
 * sd_strerror() a sentence for users; the session's detail string
 * (sd_session_detail()) says what exactly failed and where. */
#ifndef SWDOCTOR_ERROR_H
#define SWDOCTOR_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

enum sd_err {
    SD_OK = 0,
    /* caller and environment */
    SD_ERR_INVALID_ARG = -1,
    SD_ERR_NO_MEMORY = -2,
    SD_ERR_FILE = -3,
    SD_ERR_NOT_SUPPORTED = -4,
    SD_ERR_REFUSED = -5,
    SD_ERR_INTERNAL = -6,
    /* transport (USB) */
    SD_ERR_USB = -10,
    SD_ERR_USB_ACCESS = -11,
    SD_ERR_USB_BUSY = -12,
    SD_ERR_USB_TIMEOUT = -13,
    SD_ERR_USB_DISCONNECTED = -14,
    /* probe */
    SD_ERR_NO_PROBE = -20,
    SD_ERR_PROBE_AMBIGUOUS = -21,
    SD_ERR_PROBE_FIRMWARE = -22,
    SD_ERR_PROBE_PROTOCOL = -23,
    SD_ERR_PROBE_MODE = -24,
    /* target link */
    SD_ERR_TARGET_POWER = -30,
    SD_ERR_NO_TARGET = -31,
    SD_ERR_TARGET_WAIT = -32,
    SD_ERR_TARGET_FAULT = -33,
    SD_ERR_TARGET_TIMEOUT = -34,
    SD_ERR_TARGET_RESET = -35,
    SD_ERR_TARGET_STATE = -36,
    /* chip and flash */
    SD_ERR_UNKNOWN_CHIP = -40,
    SD_ERR_PROTECTED = -41,
    SD_ERR_WRITE_PROTECTED = -42,
    SD_ERR_FLASH = -43,
    SD_ERR_VERIFY = -44,
    SD_ERR_OUT_OF_RANGE = -45,
    /* images */
    SD_ERR_IMAGE_FORMAT = -50,
    SD_ERR_IMAGE_CHECKSUM = -51,
    SD_ERR_IMAGE_OVERLAP = -52,
};

/* Symbolic name of an error ("SD_ERR_NO_PROBE"); "SD_ERR_UNKNOWN" for a
 * value that is not an enum sd_err. Never NULL. */
const char *sd_errname(int err);

/* One sentence describing the error for a user. Never NULL. */
const char *sd_strerror(int err);

#ifdef __cplusplus
}
#endif
#endif
