#!/usr/bin/env bash
# What the user sees when the probe or the target is not usable.
TEST_NAME=probe-errors
source "$(dirname "$0")/lib.sh"
elf=$(fw blinky.elf)

# No probe at all: the drop-in library with no scenario shows no devices.
set +e
OUT=$(LD_PRELOAD="$SIM_LIB" "$SWDOCTOR" info 2>&1); RC=$?
set -e
expect 3 "no ST-LINK probe found" "no probe: exit 3"

cat > two.json <<'JSON'
{"probes": [
  {"probe": {"model": "v2", "firmware": "V2J37S7", "serial": "066DFF485550755187123456"},
   "board": {"part": "STM32F407VG"}},
  {"probe": {"model": "v3", "firmware": "V3J7M3", "serial": "002F00283137510239383538"},
   "board": {"part": "STM32F407VG"}}]}
JSON
sd two.json two.bin info
expect 2 "066DFF485550755187123456.*002F00283137510239383538|002F00283137510239383538.*066DFF485550755187123456" "two probes and no --probe lists both, exit 2"
sd two.json two.bin --probe 002F info
expect 0 "STLINK-V3" "--probe with a unique prefix picks the V3"

scenario busy.json '"usb_access": "busy"'
sd busy.json busy.bin info
expect 3 "in use by another program" "probe claimed by another program: exit 3"

scenario denied.json '"usb_access": "denied"'
sd denied.json denied.bin info
expect 3 "udev" "permission denied names the udev rules: exit 3"

scenario off.json "" '"powered": false'
sd off.json off.bin info
expect 1 "0\.[0-9]+ V on the target's VDD" "unpowered target: the voltage read"

scenario stuck.json "" '"nrst": "stuck_low"'
sd stuck.json stuck.bin info
expect 0 "Cortex-M4 .*held in reset" "NRST stuck low: info shows the core held in reset"

scenario rdp1.json "" "" '{"rdp": 1}'
sd rdp1.json rdp1.bin flash "$elf"
expect 1 "RDP level 1.*rdp set 0 --yes" "RDP 1: flashing refused with the way out"

big=$(fw big-1m.bin)
scenario unplug.json '"unplug_after_transfers": 400'
sd unplug.json unplug.bin flash "$big"
expect 1 "disconnected" "probe unplugged mid-write"
expect 1 "only partly written: run the same command again" "unplug: says what to do"
say "PASS"
