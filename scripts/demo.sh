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
bold "The same job, with the drop-in libusb's statistics in virtual time:"
"$sim" run --state "$work/stats.state" --stats "$work/stats.json" "$work/desk.json" -- "$sd" -q flash "$fw/blinky.elf"
cat "$work/stats.json"
echo
