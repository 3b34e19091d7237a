#!/usr/bin/env bash
# Connect modes, transports and clocks.  The seed case: firmware that turns
# the SWD pins into GPIO ("SYS > Debug: No Debug") is unreachable with a
# plain connect and reachable under reset, where it can be erased.
TEST_NAME=connect-modes
source "$(dirname "$0")/lib.sh"
swdoff=$(fw swd-off.elf)
scenario swdoff.json "" "\"firmware\": \"$swdoff\""
S=swdoff.bin

sd swdoff.json $S info
expect 1 "debug port does not answer" "firmware took the SWD pins: plain connect fails"
expect 1 "connect under-reset" "the message points at --connect under-reset"

sd swdoff.json $S --connect under-reset info
expect 0 "Cortex-M4 .*halted" "under reset: the core is halted before the firmware runs"

sd swdoff.json $S --connect under-reset erase --all
expect 0 "erased the whole flash" "under reset: the firmware can be erased"

sd swdoff.json $S info
expect 0 "locked up" "after the erase a plain connect works again (empty chip)"

scenario f407.json
sd f407.json plain.bin --transport jtag info
expect 0 "DEV_ID 0x413" "JTAG transport"

cat > v3.json <<'JSON'
{"probe": {"model": "v3", "firmware": "V3J7M3", "serial": "002F00283137510239383538"},
 "board": {"part": "STM32F407VG", "swd_max_khz": 24000}, "chip": {"rdp": 0}}
JSON
sd v3.json v3.bin --speed 8000 info
expect 0 "clock: +8000 kHz" "V3 runs at the requested 8 MHz"
sd f407.json plain.bin --speed 3000 info
expect 0 "clock: +1800 kHz" "V2: the nearest supported clock not above 3 MHz"
say "PASS"
