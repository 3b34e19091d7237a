/* Names and messages of enum sd_err, one table. */
#include <stddef.h>

#include <swdoctor/error.h>

struct error_entry {
    int code;
    const char *name;
    const char *message;
};

#define E(code, msg) { code, #code, msg }
static const struct error_entry errors[] = {
    E(SD_OK, "success"),
    E(SD_ERR_INVALID_ARG, "invalid argument"),
    E(SD_ERR_NO_MEMORY, "out of memory"),
    E(SD_ERR_FILE, "cannot read or write the file"),
    E(SD_ERR_NOT_SUPPORTED, "not supported by this probe, chip or build"),
    E(SD_ERR_REFUSED, "refused: the action cannot be undone and was not confirmed"),
    E(SD_ERR_INTERNAL, "internal error in swdoctor (please report it)"),
    E(SD_ERR_USB, "USB communication with the probe failed"),
    E(SD_ERR_USB_ACCESS, "no permission to open the probe's USB device"),
    E(SD_ERR_USB_BUSY, "the probe is in use by another program"),
    E(SD_ERR_USB_TIMEOUT, "the probe did not answer in time"),
    E(SD_ERR_USB_DISCONNECTED, "the probe was disconnected"),
    E(SD_ERR_NO_PROBE, "no ST-LINK probe found"),
    E(SD_ERR_PROBE_AMBIGUOUS, "more than one probe matches; choose one with --probe"),
    E(SD_ERR_PROBE_FIRMWARE, "the probe's firmware is too old for this operation"),
    E(SD_ERR_PROBE_PROTOCOL, "the probe sent an answer that makes no sense"),
    E(SD_ERR_PROBE_MODE, "the probe could not be put into debug mode"),
    E(SD_ERR_TARGET_POWER, "the target has no power (target voltage too low)"),
    E(SD_ERR_NO_TARGET, "the target's debug port does not answer"),
    E(SD_ERR_TARGET_WAIT, "the target kept answering WAIT"),
    E(SD_ERR_TARGET_FAULT, "the target answered FAULT (bus error)"),
    E(SD_ERR_TARGET_TIMEOUT, "the target did not finish in time"),
    E(SD_ERR_TARGET_RESET, "the target could not be reset"),
    E(SD_ERR_TARGET_STATE, "the target core is not in the state this needs"),
    E(SD_ERR_UNKNOWN_CHIP, "unknown chip"),
    E(SD_ERR_PROTECTED, "the chip is read-out protected (RDP)"),
    E(SD_ERR_WRITE_PROTECTED, "the flash is write-protected (WRP)"),
    E(SD_ERR_FLASH, "the flash controller reported an error"),
    E(SD_ERR_VERIFY, "verification failed: flash content differs from the image"),
    E(SD_ERR_OUT_OF_RANGE, "address range outside the chip's memory"),
    E(SD_ERR_IMAGE_FORMAT, "the image file is malformed"),
    E(SD_ERR_IMAGE_CHECKSUM, "checksum error in the image file"),
    E(SD_ERR_IMAGE_OVERLAP, "the image has overlapping segments"),
};
#undef E

static const struct error_entry *find(int code)
{
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
        if (errors[i].code == code)
            return &errors[i];
    return NULL;
}

const char *sd_errname(int err)
{
    const struct error_entry *e = find(err);
    return e ? e->name : "SD_ERR_UNKNOWN";
}

const char *sd_strerror(int err)
{
    const struct error_entry *e = find(err);
    return e ? e->message : "unknown error code";
}
