/* Firmware forensics: run the firmware from its first instruction under
 * DWT data watchpoints on the registers that take debug access away (the
 * SWD pins, SLEEPDEEP, the watchdog key, the H7 supply), and report the
 * instruction that does it, with function and source line from --firmware.
 *
 * When: the target was reached (plainly or only under reset) and no cause
 * already proven makes running pointless.  Skipped after nrst-held-low
 * (the core cannot leave reset), core-lockup (the firmware never gets
 * anywhere), boot-from-system-memory (the ST bootloader runs, not the
 * application), and with RDP 1 the firmware cannot run under a debugger
 * (flash reads by a debugged core fail, RM0090 §3.7.3), so there the
 * evidence is only how the target answers.
 *
 * Afterwards the comparators are cleared, DEMCR restored, and the chip is
 * reset and left running.  Never writes flash or option bytes. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arm/link_stlink.h"
#include "doctor/doctor_internal.h"
#include "doctor/forensics.h"

enum doctor_flow check_forensics(struct doctor *d)
{
    if (d->opt.no_forensics) {
        doctor_step(d, "forensics", "skipped (--no-forensics)");
        return DOCTOR_NEXT;
    }
    if (d->reach != REACH_NORMAL && d->reach != REACH_UNDER_RESET)
        return DOCTOR_NEXT;
    static const char *const pointless[] = { "nrst-held-low", "core-lockup",
                                             "boot-from-system-memory" };
    for (size_t i = 0; i < sizeof pointless / sizeof pointless[0]; i++)
        if (doctor_has(d, pointless[i])) {
            doctor_step(d, "forensics", "not run: %s already explains the board", pointless[i]);
            return DOCTOR_NEXT;
        }
    if (doctor_has(d, "rdp-level-1")) {
        /* The firmware cannot be run under the debugger: what we have is
         * that the chip answers only under reset, i.e. after its firmware
         * starts it does not. */
        if (d->reach == REACH_UNDER_RESET && !doctor_has(d, "debug-pins-disabled-by-firmware"))
            forensics_only_under_reset(d, SD_CONFIDENCE_LIKELY, "RDP 1 keeps the firmware from "
                                       "running under the debugger, so the instruction cannot "
                                       "be found");
        else
            doctor_step(d, "forensics", "not run: RDP 1 keeps the firmware from running under "
                        "the debugger");
        return DOCTOR_NEXT;
    }
    if (!d->facts) {
        doctor_step(d, "forensics", "not run: no debug facts for this chip");
        return DOCTOR_NEXT;
    }
    forensics_run(d);
    return DOCTOR_NEXT;
}
