#!/usr/bin/env bash
# `swdoctor --json doctor` on every fault scenario: the exit status (0 only
# for a healthy board), the first finding and the evidence that proves it.
# One row per scenario (doctor_row SCENARIO FIRMWARE EXIT ASSERTIONS...;
# assertions: tests/e2e/doctor-lib.sh check_json).  Each row runs on a
# fresh board (new bench state) with a fresh last-target record, except
# flash_first_row: there swdoctor first flashes the scenario's firmware
# onto the board while it still answers (the user's story, and what puts
# the chip in this probe's last-target record), then the doctor runs.
#
#   doctor.sh GROUP      run one group (CTest runs the groups in parallel)
#   doctor.sh --list     print "scenario firmware" for every row (bench/doctor.sh)
#
# Groups: probe (USB and the probe), wire (power, SWD, NRST, healthy
# boards), firmware (forensics with --firmware), protect (protection and
# boot mode, the combined fault), seeds (the user reports of
# /work/shared/seeds replayed as the user lived them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
group=${1:?usage: doctor.sh GROUP|--list}

if [[ "$group" == --list ]]; then
    doctor_row() { printf '%s %s\n' "$1" "$2"; }
    flash_first_row() { printf '%s %s flash-first\n' "$1" "$2"; }
else
    TEST_NAME=doctor-$group
    source "$here/lib.sh"
    source "$here/doctor-lib.sh"
fi

# The register a firmware uses to take PA13/PA14 away: the GPIO mode
# register on F4/L4, the remap register on F1 (SWJ_CFG).
PINS_F4='f.loc.register~GPIOA_MODER'
PINS_F1='f.loc.register~AFIO_MAPR'
# Forensics with an ELF built with -g: function, file and line.
WITH_LINE=('f.loc.line>0' 'f.loc.file~\.c$' 'f.loc.address~^0x0800')

rows_probe() {
    # No probe on the bus at all.
    doctor_row no-probe - 1 first=probe-not-found verdict=probe-not-found healthy=false
    doctor_row f407-v2-no-access - 1 first=probe-permission-denied 'f.fix~udev'
    doctor_row f407-v2-busy - 1 first=probe-busy 'f.fix~OpenOCD|other'
    # 5 % of bulk transfers fail: the doctor counts them.
    doctor_row f407-v2-usb-flaky - 1 first=usb-unreliable \
        'f.ev~[0-9]' 'f.ev~fail|error|lost|time'
    # A clone on a bad cable (2 %): the cable first.
    doctor_row f407-v2-clone-flaky - 1 first=usb-unreliable
    # Advisory findings only: not healthy (exit 1), but nothing blocking.
    doctor_row f407-v2-old-firmware - 1 first=probe-firmware-outdated f.blocking=false \
        nblocking=0 'f.ev~V2J[0-9]+'
    doctor_row f407-v2-clone - 1 first=probe-clone-suspected f.blocking=false nblocking=0 \
        'f.ev~303030303030303030303031|serial'
}

rows_wire() {
    # 0 V on the probe's VDD pin: the voltage is the evidence.
    doctor_row f407-unpowered - 1 first=target-unpowered 'target_mv<1000' 'target_mv>=0' \
        'f.ev~[0-9]\.[0-9]+ ?V|[0-9]+ ?mV'
    # SWDIO open: nothing answers, so candidates, most likely first.
    doctor_row f407-v2-swdio-open - 1 first=swd-no-response 'f.ncand>=3' \
        'f.cand0~wir|SWDIO|connect' 'f.cand~RDP|level 2' f.confidence!=certain
    # Long wires (the board answers up to 1 MHz): the clocks that fail and work.
    doctor_row f407-v2-long-wires - 1 first=swd-signal-integrity 'best_khz>0' \
        'best_khz<=1000' 'f.khz>1000' 'f.khz<=1000'
    doctor_row f407-v2-nrst-unconnected - 1 first=nrst-not-connected f.blocking=false \
        nblocking=0 'f.ev~NRST|reset'
    # NRST held low: the core reports S_RESET_ST in DHCSR.
    doctor_row f407-nrst-stuck-low - 1 first=nrst-held-low 'f.ev~DHCSR' 'f.ev~S_RESET_ST'
    doctor_row l476rg-v3-nrst-stuck-low - 1 first=nrst-held-low 'f.ev~DHCSR' 'f.ev~S_RESET_ST'
    # Healthy boards, one per family of the seeds.
    doctor_row f407-v2-blinky - 0 first=healthy verdict=healthy healthy=true nblocking=0 \
        'target_mv>3000' 'best_khz>0' 'part~F40[57]'
    doctor_row f407-v3-blinky - 0 first=healthy healthy=true 'part~F40[57]'
    doctor_row f103rc-v2-blinky - 0 first=healthy healthy=true 'part~F10[13]'
    doctor_row l476rg-v2-1-blinky - 0 first=healthy healthy=true 'part~L47'
    doctor_row h747ii-v3-blinky - 0 first=healthy healthy=true 'part~H74'
}

rows_firmware() {
    # Firmware that turns PA13/PA14 into GPIO, on three families: the
    # instruction, its function (MX_GPIO_Init), file:line and the register.
    doctor_row f407-v2-swd-off swd-off.elf 1 first=debug-pins-disabled-by-firmware \
        f.recoverable=true f.loc.function=MX_GPIO_Init "$PINS_F4" "${WITH_LINE[@]}"
    # Without the ELF the doctor still has the address and the register.
    doctor_row f407-v2-swd-off - 1 first=debug-pins-disabled-by-firmware "$PINS_F4" \
        'f.loc.address~^0x0800'
    doctor_row f103rc-v2-swd-off f103-swd-off.elf 1 first=debug-pins-disabled-by-firmware \
        f.recoverable=true f.loc.function=MX_GPIO_Init "$PINS_F1" "${WITH_LINE[@]}"
    doctor_row l476rg-v2-1-swd-off l476-swd-off.elf 1 first=debug-pins-disabled-by-firmware \
        f.recoverable=true f.loc.function=MX_GPIO_Init "$PINS_F4" "${WITH_LINE[@]}"
    # No NRST (clone V2, seed 003; a genuine V2 with NRST unwired): connect
    # under reset is impossible, so software cannot recover it: BOOT0.
    # As the user lived it: swdoctor flashed the firmware (so this probe's
    # last target is on record), and from then on nothing answers.
    flash_first_row f103rc-v2-clone-swd-off f103-swd-off.elf 1 \
        first=debug-pins-disabled-by-firmware f.recoverable=false 'f.fix~BOOT0'
    flash_first_row f407-v2-swd-off-no-nrst swd-off.elf 1 \
        first=debug-pins-disabled-by-firmware f.recoverable=false 'f.fix~BOOT0'
    # STOP without DBGMCU bits: the instruction that set SLEEPDEEP / the
    # PWR low-power mode, and DBGMCU_CR as found.
    doctor_row f407-v2-stop stop-loop.elf 1 first=low-power-without-debug f.recoverable=true \
        'f.ev~DBGMCU' 'f.loc.register~SCB_SCR|PWR_CR' 'f.loc.function~^[A-Za-z_]'
    doctor_row l476rg-v2-1-stop l476-stop.elf 1 first=low-power-without-debug \
        f.recoverable=true 'f.ev~DBGMCU' 'f.loc.register~SCB_SCR|PWR_CR1' \
        f.loc.function=enter_stop_mode
    # IWDG started (0xCCCC to IWDG_KR) and never refreshed: the reset flag.
    doctor_row f407-v2-watchdog watchdog.elf 1 first=watchdog-resets-core f.recoverable=true \
        'f.ev~IWDG' 'f.ev~IWDGRSTF|IWDG ?RST|reset flag' f.loc.function=MX_IWDG_Init \
        'f.loc.register~IWDG_KR'
    # No valid vector table: DHCSR.S_LOCKUP.
    doctor_row f407-v2-lockup - 1 first=core-lockup f.recoverable=true 'f.ev~S_LOCKUP'
}

rows_protect() {
    doctor_row f407-rdp1 - 1 first=rdp-level-1 f.recoverable=true 'f.ev~RDP|read.?out|level' \
        'f.ev~\b1\b' 'f.fix~--unlock|rdp set 0'
    # Combined fault: RDP 1 and firmware that disables SWD.  The pins are
    # what keeps the user out first; RDP 1 comes next.
    # (Under RDP 1 the firmware cannot run under the debugger: no
    # instruction to name, the pins finding rests on "answers only under
    # reset".)
    doctor_row f407-rdp1-swd-off swd-off.elf 1 first=debug-pins-disabled-by-firmware \
        second=rdp-level-1 'F[rdp-level-1].ev~RDP|level'
    # BOOT0 high: the core runs the ST bootloader (system memory).
    doctor_row f407-v2-boot0 - 1 first=boot-from-system-memory \
        'f.ev~0x1fff|system memory|BOOT0'
    doctor_row f103rc-v2-clone-swd-off-boot0 - 1 first=boot-from-system-memory \
        'f.ev~0x1fff|system memory|BOOT0'
    doctor_row h747ii-supply-mismatch-boot0-v3 - 1 first=boot-from-system-memory \
        'f.ev~0x1ff|system memory|BOOT0'
    # Sectors 0 and 1 write-protected: the sectors are named.
    doctor_row f407-v2-wrp - 1 first=flash-write-protected 'f.ev~sector' 'f.ev~\b0\b' \
        'f.ev~\b1\b'
}

# Seed 004: the H747 board wired for the LDO answers; the user flashes
# firmware selecting direct SMPS and the chip locks up at every power-on.
# swdoctor recorded the chip it last reached on this probe, which is what
# tells a supply lock-up from a loose wire.
rows_seed004() {
    flash_first_row h747ii-supply-mismatch-v3 - 1 first=power-supply-config-mismatch \
        f.recoverable=false 'f.ev~H74|STM32H7' 'f.fix~BOOT0'
    # With the ELF too (nothing can run under the debugger: same verdict).
    flash_first_row h747ii-supply-mismatch-v3 h747-smps.elf 1 \
        first=power-supply-config-mismatch 'f.fix~BOOT0'
}

# The seeds, replayed: a board that worked until the user flashed it.
seed_flows() {
    local T
    # Seed 000 / 003: flash firmware that disables SWD on a board that
    # answers; it flashes, then nothing connects, and the failing command
    # points at the doctor, which names the firmware.
    unflashed "$(scen f407-v2-swd-off)" "$WORK_DIR/seed000-erased.json" >/dev/null
    STATE_DIR=$(new_state_dir)
    T=$WORK_DIR/seed000
    run_sd "$T-flash" "$WORK_DIR/seed000-erased.json" "$T.state" flash "$FW_DIR/swd-off.elf"
    show "$T-flash" 20
    [[ $RC == 0 ]] || bad "seed 000: flashing swd-off.elf on an answering F407: exit $RC"
    run_sd "$T-info" "$WORK_DIR/seed000-erased.json" "$T.state" info
    show "$T-info" 20
    [[ $RC == 1 ]] || bad "seed 000: info after swd-off.elf: exit $RC, expected 1"
    grep -q 'swdoctor doctor' "$T-info.out" "$T-info.err" ||
        bad "seed 000: info failing to connect does not point at \`swdoctor doctor\`"
    run_sd "$T-doctor" "$WORK_DIR/seed000-erased.json" "$T.state" --json doctor
    show "$T-doctor" 40
    [[ $RC == 1 ]] || bad "seed 000: doctor exit $RC, expected 1"
    check_json "$T-doctor" "seed 000" first=debug-pins-disabled-by-firmware "$PINS_F4" >&2 ||
        bad "seed 000: doctor after flashing swd-off.elf"

    # Seed 002: the L476 board whose reset switch holds NRST low: st-link
    # "detects" it (info reads the IDs under reset) but flashing fails.
    STATE_DIR=$(new_state_dir)
    T=$WORK_DIR/seed002
    run_sd "$T-flash" "$(scen l476rg-v3-nrst-stuck-low)" "$T.state" flash "$FW_DIR/l476-blinky.elf"
    show "$T-flash" 20
    [[ $RC == 1 ]] || bad "seed 002: flash with NRST held low: exit $RC, expected 1"
    # The failure names the likely cause (cheap to tell: S_RESET_ST with
    # NRST released) and points at the doctor.
    grep -q 'NRST' "$T-flash.out" "$T-flash.err" ||
        bad "seed 002: the failed flash does not name NRST"
    grep -q 'swdoctor doctor' "$T-flash.out" "$T-flash.err" ||
        bad "seed 002: the failed flash does not point at \`swdoctor doctor\`"
    run_sd "$T-doctor" "$(scen l476rg-v3-nrst-stuck-low)" "$T.state" --json doctor
    show "$T-doctor" 40
    [[ $RC == 1 ]] || bad "seed 002: doctor exit $RC, expected 1"
    check_json "$T-doctor" "seed 002" first=nrst-held-low 'f.ev~S_RESET_ST' 'part~L47' >&2 ||
        bad "seed 002: doctor on the L476 with NRST held low"

    rows_seed004
    STATE_DIR=
}

case $group in
--list)   rows_probe; rows_wire; rows_firmware; rows_protect; rows_seed004 ;;
probe)    rows_probe ;;
wire)     rows_wire ;;
firmware) rows_firmware ;;
protect)  rows_protect ;;
seeds)    seed_flows ;;
*) echo "doctor.sh: unknown group $group" >&2; exit 2 ;;
esac
[[ "$group" == --list ]] || finish
