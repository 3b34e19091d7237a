#!/usr/bin/env bash
# Every everyday command on an STM32F407 behind an ST-LINK/V2.
TEST_NAME=commands
source "$(dirname "$0")/lib.sh"
elf=$(fw blinky.elf)
bin=$(fw blinky.bin)
scenario f407.json
S=state.bin

sd f407.json $S list
expect 0 "066DFF485550755187123456 +ST-LINK/V2 .*firmware V2J37S7 +target 3\.[0-9]+ V" "list shows the probe, firmware and voltage"

sd f407.json $S info
expect 0 "chip: +STM32F405/407/415/417 .*DEV_ID 0x413" "info names the chip"
expect 0 "flash: +1024 KiB at 0x08000000, 12 sectors" "info gives the flash size"
expect 0 "protection: RDP level 0" "info gives the RDP level"
expect 0 "locked up" "an erased chip's core is locked up (no vector table)"

sd f407.json $S --json info
expect 0 '"part": "STM32F405/407/415/417"' "info --json"
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["ok"] and d["chip"]["flash_kib"]==1024' "$OUT" ||
    fail "info --json is not one JSON document with ok=true and flash_kib=1024"

sd f407.json $S flash "$elf"
expect 0 "flashed [0-9]+ bytes: 1 sectors erased.*verified, running" "flash an ELF"
flash_dump $S dump.bin
cmp -n "$(stat -c %s "$bin")" "$bin" dump.bin || fail "flash content differs from blinky.bin"
say "ok: the bench's flash holds blinky.bin byte for byte"

sd f407.json $S info
expect 0 "Cortex-M4 .*running" "after flashing the core runs the firmware"

sd f407.json $S verify "$elf"
expect 0 "flash matches" "verify the ELF"

sd f407.json $S flash "$elf"
expect 0 "0 sectors erased, 1 already up to date, 0 bytes programmed" "flashing the same image again touches nothing"

sd f407.json $S read 0x08000000 "$(stat -c %s "$bin")" -o back.bin
expect 0 "read [0-9]+ bytes from 0x08000000" "read flash back"
cmp back.bin "$bin" || fail "read back differs from blinky.bin"
say "ok: read back equals blinky.bin"

sd f407.json $S read 0x08000000 64 -o back.hex --format hex
expect 0 "" "read as Intel HEX"
grep -q '^:020000040800F2$' back.hex || fail "HEX output lacks the extended address record for 0x0800"
tail -1 back.hex | grep -q '^:00000001FF$' || fail "HEX output lacks the EOF record"

sd f407.json $S reset --halt
expect 0 "core halted at the reset vector" "reset --halt"
sd f407.json $S --connect hot-plug info
expect 0 "Cortex-M4 .*running" "hot-plug attach leaves the running firmware alone"
sd f407.json $S reset
expect 0 "running" "reset runs the firmware"

sd f407.json $S erase 0x08020000 128K
expect 0 "erased sectors 5..5" "erase a range erases its sector"
sd f407.json $S verify "$elf"
expect 0 "flash matches" "erasing sector 5 leaves sector 0 alone"

sd f407.json $S erase --all
expect 0 "erased the whole flash" "mass erase"
sd f407.json $S verify "$elf"
expect 1 "differs from the image at 0x08000000" "verify after mass erase fails at the first byte"
flash_dump $S dump.bin
[[ "$(head -c 16 dump.bin | od -An -tx1 | tr -d ' \n')" == "ffffffffffffffffffffffffffffffff" ]] ||
    fail "flash is not erased after erase --all"
# The bench is deterministic: the same scenario and commands give the same
# virtual time to the nanosecond, and the same traffic.
for i in 1 2; do
    "$SWDOCTOR_SIM" run --state det$i.bin --stats det$i.json f407.json -- "$SWDOCTOR" -q flash "$elf"
done
cmp det1.json det2.json || fail "two identical runs gave different bench statistics"
grep -q '"virtual_ns": [1-9]' det1.json || fail "no virtual time in the statistics"
say "ok: two identical flash runs take the same virtual time ($(grep virtual_ns det1.json | tr -dc 0-9) ns)"
say "PASS"
