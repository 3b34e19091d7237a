#!/usr/bin/env bash
# `make demo`: the main job on the virtual bench, as a user would type it:
# an STM32F407 behind an ST-LINK/V2 gets the blinky firmware; then a board
# whose chip is read-out protected, to show what a failure looks like.
set -uo pipefail
build=${1:-build}
sd=$(realpath "$build/bin/swdoctor")
sim=$(realpath "$build/bin/swdoctor-sim")
fw=$(realpath "$build/firmware")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SWDOCTOR_STATE_DIR="$work/swdoctor-state"   # the last-target record stays in $work

bold() { printf '\n\033[1m%s\033[0m\n' "$*"; }
run() { # run SCENARIO ARGS... : show the command, run swdoctor on the bench
    local scen="$1"; shift
    printf '\n\033[1m$ swdoctor %s\033[0m\n' "$*"
    "$sim" run --state "$work/$(basename "$scen" .json).state" "$scen" -- "$sd" "$@"
    printf '\033[2m(exit status %d)\033[0m\n' "$?"
}

cat > "$work/desk.json" <<JSON
{"probe": {"model": "v2", "firmware": "V2J37S7", "serial": "066DFF485550755187123456"},
 "board": {"part": "STM32F407VG", "vdd_mv": 3300},
 "chip": {"rdp": 0}}
JSON
cat > "$work/protected.json" <<JSON
{"probe": {"model": "v2", "firmware": "V2J37S7", "serial": "066DFF485550755187123456"},
 "board": {"part": "STM32F407VG", "firmware": "$fw/blinky.elf"},
 "chip": {"rdp": 1}}
JSON

bold "A virtual desk: an ST-LINK/V2 and a blank STM32F407VG board (sim/, no hardware needed)."
run "$work/desk.json" list
run "$work/desk.json" info
run "$work/desk.json" flash "$fw/blinky.elf"
run "$work/desk.json" verify "$fw/blinky.elf"
run "$work/desk.json" flash "$fw/blinky.elf"
run "$work/desk.json" reset
run "$work/desk.json" info

bold "A second board: its chip is read-out protected (RDP level 1)."
run "$work/protected.json" flash "$fw/blinky.elf"
scen=$(realpath "$(dirname "$0")/../sim/scenarios")
bold "The seed boards of other families: an F103RC, an L476RG (Nucleo, V2-1), an H747 (V3)."
run "$scen/f103rc-v2.json" info
run "$scen/l476rg-v2-1.json" option-bytes show
run "$scen/h747ii-v3.json" info
bold "Read protection on the L476: level 1, then back to 0 (which erases the flash)."
run "$scen/l476rg-v2-1.json" rdp set 1
run "$scen/l476rg-v2-1.json" rdp set 0
run "$scen/l476rg-v2-1.json" rdp set 0 --yes
bscen=$(realpath "$build/scenarios")   # scenarios with firmware, next to build/firmware
runs() { # runs SCENARIO STATE ARGS... : like run, with the state file named
    local scen="$1" state="$2"; shift 2
    printf '\n\033[1m$ swdoctor %s\033[0m\n' "$*"
    "$sim" run --state "$work/$state.state" "$scen" -- "$sd" "$@"
    printf '\033[2m(exit status %d)\033[0m\n' "$?"
}
bold "When the board stops answering: the doctor (the seed reports in the README)."
bold "1. It flashed once and never again: the firmware turns the SWD pins into GPIO."
runs "$work/desk.json" seed0 flash "$fw/swd-off.elf"
runs "$work/desk.json" seed0 info
runs "$work/desk.json" seed0 doctor --firmware "$fw/swd-off.elf"
runs "$work/desk.json" seed0 recover
runs "$work/desk.json" seed0 info
bold "2. It is detected but cannot be flashed: a reset switch holds NRST low."
runs "$scen/l476rg-v3-nrst-stuck-low.json" seed2 doctor
bold "3. An STM32H747 lost after flashing: its firmware picks the SMPS on an LDO board."
runs "$bscen/h747ii-v3-blinky.json" seed4 flash "$fw/h747-smps.elf"
runs "$bscen/h747ii-supply-mismatch-v3.json" seed4 doctor
runs "$bscen/h747ii-supply-mismatch-v3.json" seed4 recover
bold "   ... after the BOOT0 procedure (BOOT0 high, power cycle):"
runs "$bscen/h747ii-supply-mismatch-boot0-v3.json" seed4 recover
bold "The same job, with the drop-in libusb's statistics in virtual time:"
"$sim" run --state "$work/stats.state" --stats "$work/stats.json" "$work/desk.json" -- "$sd" -q flash "$fw/blinky.elf"
cat "$work/stats.json"
echo
