/* The ST-LINK protocol layer (V2, V2-1, V3): the API src/arm/ and
 * src/doctor/ build on.  Internal to libswdoctor.
 *
 * A `struct stlink` owns one USB transport.  Every function returns SD_OK or
 * a negative enum sd_err and, on failure, leaves a detail in the session
 * that names the command and the probe's status:
 *   "stlink: WRITEMEM_32BIT at 0x20000004 (1020 bytes): status 0x11 SWD_AP_FAULT at 0x20000010"
 *   "stlink: GET_VERSION: usb: bulk IN 0x81 (6 bytes, 0 done): LIBUSB_ERROR_NO_DEVICE"
 *
 * What this layer does for its callers:
 *  - feature gates: a command the firmware does not have fails with
 *    SD_ERR_PROBE_FIRMWARE ("READ_DAP_REG needs V2J24 or later, probe has V2J17S4");
 *  - WAIT (0x10, 0x14) is retried with exponential backoff 1..128 ms
 *    (OpenOCD's policy, reference §5.2), then SD_ERR_TARGET_WAIT;
 *  - memory transfers are split to the probe's limits, at 1 KB TAR
 *    boundaries, with unaligned heads/tails in 8-bit, and checked with
 *    GETLASTRWSTATUS(2) after each command;
 *  - APs are opened with INIT_AP before their first use on V2J28+/V3 and
 *    re-opened after the probe left debug mode;
 *  - every command and reply is logged at SD_LOG_TRACE (category stlink).
 *
 * What it leaves to src/arm/: DP power-up, sticky-error clearing, halting,
 * reset sequences with DHCSR/DEMCR/AIRCR (reference §7.3, §7.5). */
#ifndef SD_STLINK_H
#define SD_STLINK_H

#include <stddef.h>
#include <stdint.h>

#include <swdoctor/session.h>

#include "usb/usb.h"

struct stlink;

/* Firmware identity (reference §2.2-§2.4). */
struct stlink_version {
    unsigned hw;       /* 2 = V2/V2-1, 3 = V3, 4 = V3PWR */
    unsigned jtag;     /* J: the SWD/JTAG firmware; gates (§6.4) test this */
    unsigned swim;     /* S */
    unsigned msd;      /* M: mass storage / VCP */
    unsigned bridge;   /* B (V3) */
    unsigned power;    /* P (V3PWR) */
    unsigned vid, pid;
    unsigned api;      /* 2 (V2) or 3 (V3) */
    char text[32];     /* "V2J37S7", "V3J7M3B5S1" (OpenOCD's format) */
};

/* Optional capabilities by firmware version (stlink_version.c, §6.4). */
enum stlink_feature {
    STLINK_F_TARGET_VOLTAGE,   /* GET_TARGET_VOLTAGE, SWO trace: V2J13 */
    STLINK_F_RW_STATUS2,       /* GETLASTRWSTATUS2, FPU regsel: V2J15 */
    STLINK_F_JTAG_NO_RESET,    /* ENTER 0xA4: V2J15 */
    STLINK_F_SWD_SET_FREQ,     /* V2J22, V2 only */
    STLINK_F_JTAG_SET_FREQ,    /* V2J24, V2 only */
    STLINK_F_DAP_REG,          /* READ/WRITE_DAP_REG: V2J24, V3 */
    STLINK_F_JTAG_DP_READ_QUIRK, /* V2J24..J31: DP read returns the previous result */
    STLINK_F_MEM_16BIT,        /* V2J26, V3 */
    STLINK_F_INIT_AP,          /* INIT_AP/CLOSE_AP, AP number in memory commands: V2J28, V3 */
    STLINK_F_CLOSE_AP_STATUS,  /* CLOSE_AP answers correctly: V2J29 */
    STLINK_F_DP_BANK,          /* banked DP registers, CSW, AP != 0 in memory: V2J32, V3J2 */
    STLINK_F_INIT_AP_REQUIRED, /* INIT_AP mandatory: V2J37, V3J7 */
    STLINK_F_MEM8_512,         /* 8-bit transfers up to 512 bytes: V3J6 */
    STLINK_F_COM_FREQ,         /* SET/GET_COM_FREQ: V3 */
    STLINK_F_COUNT
};

enum stlink_wire { STLINK_SWD, STLINK_JTAG };

/* How to connect (reference §7): NORMAL and HOTPLUG send the same
 * commands at this layer (the arm layer resets after NORMAL, never after
 * HOTPLUG); UNDER_RESET holds NRST low across ENTER (OpenOCD §7.1 steps 8-10)
 * and leaves it low: the caller halts the core, then stlink_nrst(HIGH). */
enum stlink_connect {
    STLINK_CONNECT_NORMAL,
    STLINK_CONNECT_UNDER_RESET,
    STLINK_CONNECT_HOTPLUG,
};

enum stlink_nrst_action { STLINK_NRST_ASSERT, STLINK_NRST_RELEASE, STLINK_NRST_PULSE_ACTION };

/* GET_CURRENT_MODE values (§3). */
enum stlink_mode {
    STLINK_MODE_IS_DFU = 0,
    STLINK_MODE_IS_MASS = 1,
    STLINK_MODE_IS_DEBUG = 2,
    STLINK_MODE_IS_SWIM = 3,
    STLINK_MODE_IS_BOOTLOADER = 4,
};

/* Take ownership of `t`, read the firmware version (GET_VERSION, and
 * GET_VERSION_EX on V3) and leave DFU mode if the probe is in it.
 * Hardware version 1 is refused (SD_ERR_NOT_SUPPORTED). On failure `t` is closed. */
int stlink_open(struct sd_session *s, struct usb_transport *t, struct stlink **out);
/* Close opened APs and leave debug mode if this handle entered it; close the transport. */
void stlink_close(struct stlink *st);

const struct stlink_version *stlink_version(const struct stlink *st);
const struct usb_transport *stlink_transport(const struct stlink *st);
int stlink_has(const struct stlink *st, enum stlink_feature f);
/* Largest data phase of one memory command of `size` (1, 2 or 4) bytes per access (§6.1). */
size_t stlink_max_transfer(const struct stlink *st, unsigned size);

/* Modes (§3). */
int stlink_current_mode(struct stlink *st, enum stlink_mode *mode);
int stlink_leave_mode(struct stlink *st);   /* DFU -> F3 07, DEBUG -> F2 21, SWIM -> F4 01 */
int stlink_enter(struct stlink *st, enum stlink_wire wire, enum stlink_connect how);

/* Target supply in millivolts: 2400 * a1 / a0 (§2.5). Not in DFU mode; needs V2J13. */
int stlink_target_mv(struct stlink *st, int *mv);

/* Interface clock: the fastest supported value not above `khz` (0: the
 * 1800 kHz default; below the slowest: the slowest).  *actual_khz gets what
 * the probe runs at. V2: divisor tables (§4.6); V3: the probe's own list. */
int stlink_set_speed(struct stlink *st, enum stlink_wire wire, unsigned khz, unsigned *actual_khz);
/* The pure choice on a V2 table, for tests: returns the kHz and the divisor. */
unsigned stlink_v2_speed_choose(enum stlink_wire wire, unsigned khz, uint16_t *divisor);
/* Pick from a list of kHz values (any order): fastest <= khz, else the slowest. */
unsigned stlink_speed_pick(const unsigned *list, size_t n, unsigned khz);

/* Debug port (§4.4). DP address = bank*16 + register; bank != 0 needs V2J32/V3J2. */
int stlink_read_idcode(struct stlink *st, uint32_t *idcode);
int stlink_dp_read(struct stlink *st, uint16_t addr, uint32_t *value);
int stlink_dp_write(struct stlink *st, uint16_t addr, uint32_t value);
int stlink_ap_read(struct stlink *st, uint8_t ap, uint16_t addr, uint32_t *value);
int stlink_ap_write(struct stlink *st, uint8_t ap, uint16_t addr, uint32_t value);
int stlink_ap_open(struct stlink *st, uint8_t ap);    /* INIT_AP; done lazily too */
int stlink_ap_close(struct stlink *st, uint8_t ap);

/* Memory through MEM-AP `ap` (default 0; AP != 0 needs V2J32/V3J2).  size
 * 4 or 2: that width where aligned, 8-bit for unaligned heads and tails;
 * size 1: bytes only. */
int stlink_mem_select_ap(struct stlink *st, uint8_t ap);
int stlink_mem_read(struct stlink *st, unsigned size, uint32_t addr, uint8_t *buf, size_t len);
int stlink_mem_write(struct stlink *st, unsigned size, uint32_t addr, const uint8_t *buf, size_t len);

/* Core registers by DCRSR REGSEL (§4.3): 0-15 R0-PC, 16 xPSR, 17 MSP,
 * 18 PSP, 20 CONTROL/FAULTMASK/BASEPRI/PRIMASK, 0x21 FPSCR, 0x40+ S0-S31
 * (regsel > 0x1F needs V2J15). READALLREGS gives 21 words (§4.1 row 0x3A). */
#define STLINK_ALLREGS_COUNT 21u
int stlink_reg_read(struct stlink *st, uint8_t regsel, uint32_t *value);
int stlink_reg_write(struct stlink *st, uint8_t regsel, uint32_t value);
int stlink_regs_read_all(struct stlink *st, uint32_t regs[STLINK_ALLREGS_COUNT]);
/* One 32-bit word at any address through AP0 (READ/WRITEDEBUGREG). */
int stlink_debugreg_read(struct stlink *st, uint32_t addr, uint32_t *value);
int stlink_debugreg_write(struct stlink *st, uint32_t addr, uint32_t value);

/* NRST line and the probe's system reset (§4.1 rows 0x3C, 0x32). */
int stlink_nrst(struct stlink *st, enum stlink_nrst_action action);
int stlink_reset_sys(struct stlink *st);

/* Status codes (§5.1): the name ("SWD_AP_FAULT", "UNKNOWN") and the
 * enum sd_err a failed command with that status returns (SD_OK for 0x80). */
const char *stlink_status_name(uint8_t status);
int stlink_status_error(uint8_t status);

/* Parsing, exposed for tests (stlink_version.c). */
int stlink_parse_version(const uint8_t rep[6], enum usb_probe_gen gen, struct stlink_version *v);
int stlink_parse_version_ex(const uint8_t rep[12], struct stlink_version *v);
void stlink_version_format(struct stlink_version *v);
int stlink_version_has(const struct stlink_version *v, enum stlink_feature f);
/* Millivolts from the two ADC words; 0 when a0 is 0. */
int stlink_voltage_mv(uint32_t a0, uint32_t a1);

#endif
