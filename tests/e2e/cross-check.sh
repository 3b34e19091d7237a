#!/usr/bin/env bash
# What swdoctor flashes, OpenOCD verifies; what OpenOCD flashes, swdoctor verifies.
TEST_NAME=cross-check
source "$(dirname "$0")/lib.sh"
command -v openocd >/dev/null || fail "openocd missing: run \`make deps\`"
elf=$(fw blinky.elf)
scenario f407.json
ocd() {
    set +e
    OUT=$("$SWDOCTOR_SIM" run --state "$1" f407.json -- openocd -f interface/stlink.cfg \
        -f target/stm32f4x.cfg -c "gdb_port disabled; tcl_port disabled; telnet_port disabled" \
        -c "$2" 2>&1)
    RC=$?
    set -e
    printf '%s\n' "$OUT" | sed "s/^/    | /"
}

sd f407.json a.bin flash "$elf"
expect 0 "verified" "swdoctor flashes blinky.elf"
# OpenOCD 0.12 does not echo command output in -c scripts: capture it.
ocd a.bin "init; reset halt; echo \"RESULT: [capture {verify_image $elf}]\"; shutdown"
expect 0 "RESULT: verified [0-9]+ bytes" "OpenOCD verifies what swdoctor flashed"

ocd b.bin "program $elf verify reset exit"
expect 0 "Verified OK" "OpenOCD programs blinky.elf"
sd f407.json b.bin verify "$elf"
expect 0 "flash matches" "swdoctor verifies what OpenOCD flashed"
say "PASS"
