#!/usr/bin/env bash
# The same firmware as raw binary (with --base), Intel HEX, S-record, ELF.
TEST_NAME=formats
source "$(dirname "$0")/lib.sh"
command -v arm-none-eabi-objcopy >/dev/null || fail "arm-none-eabi-objcopy missing: run \`make deps\`"
elf=$(fw blinky.elf)
bin=$(fw blinky.bin)
arm-none-eabi-objcopy -O srec "$elf" blinky.srec
arm-none-eabi-objcopy -O ihex "$elf" blinky.hex
scenario f407.json

for f in blinky.hex blinky.srec "$elf"; do
    S=state-$(basename "$f").bin
    sd f407.json "$S" flash "$f"
    expect 0 "verified" "flash $(basename "$f")"
    flash_dump "$S" dump.bin
    cmp -n "$(stat -c %s "$bin")" "$bin" dump.bin || fail "$(basename "$f"): flash differs from blinky.bin"
done

sd f407.json state-bin.bin flash "$bin" --base 0x08020000
expect 0 "verified" "flash a raw binary at --base 0x08020000"
sd f407.json state-bin.bin read 0x08020000 "$(stat -c %s "$bin")" -o back.bin
cmp back.bin "$bin" || fail "raw binary not at 0x08020000"
say "ok: raw binary landed at its base"

sd f407.json state-bin.bin verify "$bin" --base 0x08020000
expect 0 "flash matches" "verify a raw binary at its base"
say "PASS"
