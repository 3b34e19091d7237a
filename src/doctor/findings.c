/* The findings catalogue: every id the doctor reports, with its title,
 * whether it keeps the user from working, whether `swdoctor recover` can
 * fix it, and the fix to give when the check has nothing more specific.
 * Each id has a page docs/findings/<id>.md (what it means, how the doctor
 * knows, how to fix it). */
#include <string.h>

#include "doctor/findings.h"

static const struct finding_kind kinds[] = {
    { "healthy", "The probe reaches the chip and debug access stays",
      .blocking = false, .recoverable = false, .fix = "Nothing to fix." },
    { "probe-not-found", "No ST-LINK on the USB bus", .blocking = true,
      .fix = "Plug the probe in (a data cable, not a charge-only one); `lsusb` should list "
             "0483:3748, 0483:374b or 0483:374f." },
    { "probe-permission-denied", "The ST-LINK is there but this user may not open it",
      .blocking = true,
      .fix = "Install the udev rules (`sudo make install`, or copy udev/60-swdoctor.rules to "
             "/etc/udev/rules.d/ and run `sudo udevadm control --reload`), then re-plug the probe." },
    { "probe-busy", "Another program holds the ST-LINK", .blocking = true,
      .fix = "Close the other debugger (OpenOCD, st-util, STM32CubeProgrammer, an IDE debug "
             "session), then run the command again." },
    { "usb-unreliable", "USB transfers to the probe fail now and then", .blocking = true,
      .fix = "Use a short, good USB cable straight into the computer (no hub), or another "
             "port; then run `swdoctor doctor` again." },
    { "probe-firmware-outdated", "The probe's firmware is old", .blocking = false,
      .fix = "Update the probe with ST's STLinkUpgrade (STSW-LINK007) or STM32CubeProgrammer's "
             "firmware upgrade." },
    { "probe-clone-suspected", "The probe looks like an ST-LINK/V2 clone", .blocking = false,
      .fix = "Expect no NRST and weak signal drivers; for connect-under-reset, wire NRST to "
             "the clone's RST pin if it has one, or use a genuine ST-LINK." },
    { "target-unpowered", "The target is not powered (or VDD is not wired to the probe)",
      .blocking = true,
      .fix = "Power the board and wire pin 1 of the debug connector (VDD/VREF) to the "
             "target's supply." },
    { "power-supply-config-mismatch",
      "The STM32H7 firmware selects a power supply the board is not wired for",
      .blocking = true,
      .fix = "Set BOOT0 high, power-cycle, run `swdoctor recover`, set BOOT0 low; in the "
             "firmware pass the board's supply to HAL_PWREx_ConfigSupply() (PWR_LDO_SUPPLY "
             "or PWR_DIRECT_SMPS_SUPPLY as the schematic says)." },
    { "swd-no-response", "Nothing answers on SWD", .blocking = true,
      .fix = "Go through the candidates in order: each says what tells it apart." },
    { "swd-signal-integrity", "SWD works only at a lower clock", .blocking = true,
      .fix = "Use shorter wires with a ground next to SWCLK, or a lower clock: "
             "`swdoctor --speed KHZ ...`." },
    { "nrst-held-low", "NRST is held low on the board: the chip stays in reset", .blocking = true,
      .fix = "Find what pulls NRST low (a reset switch soldered wrongly, a supervisor, a "
             "short) and remove it; NRST should idle high (internal pull-up)." },
    { "nrst-not-connected", "The probe's NRST does not reach the chip", .blocking = false,
      .fix = "Wire the probe's NRST pin to the chip's NRST; connect-under-reset and recovery "
             "from firmware that disables SWD need it." },
    { "debug-pins-disabled-by-firmware", "The firmware turns the SWD pins into GPIO",
      .blocking = true, .recoverable = true,
      .fix = "Run `swdoctor recover`, then keep PA13/PA14 for debug in the firmware (CubeMX: "
             "SYS > Debug = Serial Wire)." },
    { "low-power-without-debug",
      "The firmware enters a low-power mode with debug support switched off", .blocking = true,
      .recoverable = true,
      .fix = "Run `swdoctor recover` (sets the DBGMCU low-power debug bits); in firmware call "
             "HAL_DBGMCU_EnableDBGStopMode() (and Sleep/Standby) in debug builds." },
    { "watchdog-resets-core", "The independent watchdog keeps resetting the core",
      .blocking = true, .recoverable = true,
      .fix = "Refresh the watchdog (HAL_IWDG_Refresh) within its period, freeze it while "
             "debugging (DBGMCU IWDG stop bit, which swdoctor sets), or start it later." },
    { "core-lockup", "The core is locked up (a fault inside a fault handler, or no valid "
      "vector table)", .blocking = true, .recoverable = true,
      .fix = "Run `swdoctor recover` to erase the firmware, then fix the fault the evidence "
             "names (stack pointer, vector table, fault handler)." },
    { "boot-from-system-memory", "The chip boots its ST bootloader, not the flash",
      .blocking = true,
      .fix = "Pull BOOT0 low (or clear the boot option bits) and reset." },
    { "rdp-level-1", "Flash is read-protected (RDP level 1)", .blocking = true,
      .recoverable = true,
      .fix = "`swdoctor recover --unlock` (or `swdoctor rdp set 0 --yes`) regresses to level 0 "
             "and erases the whole flash." },
    { "flash-write-protected", "Part of the flash is write-protected", .blocking = true,
      .fix = "`swdoctor option-bytes show` lists the protected sectors; clear them with "
             "`swdoctor option-bytes set`." },
};

#define N_KINDS (sizeof kinds / sizeof kinds[0])

/* Same order as kinds[]: the order a user runs into them, which is the
 * order blocking findings are reported in (findings_rank). */
const char *const sd_finding_ids[] = {
    "healthy", "probe-not-found", "probe-permission-denied", "probe-busy", "usb-unreliable",
    "probe-firmware-outdated", "probe-clone-suspected", "target-unpowered",
    "power-supply-config-mismatch", "swd-no-response", "swd-signal-integrity", "nrst-held-low",
    "nrst-not-connected", "debug-pins-disabled-by-firmware", "low-power-without-debug",
    "watchdog-resets-core", "core-lockup", "boot-from-system-memory", "rdp-level-1",
    "flash-write-protected", NULL,
};

const struct finding_kind *finding_kind(const char *id)
{
    for (size_t i = 0; id && i < N_KINDS; i++)
        if (strcmp(kinds[i].id, id) == 0)
            return &kinds[i];
    return NULL;
}

unsigned finding_rank(const char *id)
{
    const struct finding_kind *k = finding_kind(id);
    return k ? (unsigned)(k - kinds) : (unsigned)N_KINDS;
}

const char *sd_finding_title(const char *id)
{
    const struct finding_kind *k = finding_kind(id);
    return k ? k->title : NULL;
}

const char *sd_confidence_name(enum sd_confidence c)
{
    switch (c) {
    case SD_CONFIDENCE_CERTAIN: return "certain";
    case SD_CONFIDENCE_LIKELY: return "likely";
    case SD_CONFIDENCE_POSSIBLE: return "possible";
    }
    return "?";
}
