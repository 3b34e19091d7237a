#!/usr/bin/env bash
# Bad images: one clear line naming the place, exit 1, flash untouched.
TEST_NAME=bad-input
source "$(dirname "$0")/lib.sh"
elf=$(fw blinky.elf)
scenario f407.json
S=state.bin
sd f407.json $S flash "$elf"
expect 0 "verified" "start from a flashed chip"
flash_dump $S before.bin

untouched() {
    flash_dump $S after.bin
    cmp before.bin after.bin || fail "$1: the flash was changed"
    say "ok: $1 left the flash untouched"
}

sd f407.json $S flash missing.hex
expect 1 "cannot use 'missing.hex'.*(No such file|cannot)" "missing file"

arm-none-eabi-objcopy -O ihex "$elf" good.hex
head -n 3 good.hex > truncated.hex
sd f407.json $S flash truncated.hex
expect 1 "truncated" "truncated HEX (no end record)"
untouched "truncated HEX"

# Change one data digit of line 2 so its checksum no longer matches.
python3 - good.hex badsum.hex <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
l = lines[1]
lines[1] = l[:9] + ("1" if l[9] == "0" else "0") + l[10:]
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
PY
sd f407.json $S flash badsum.hex
expect 1 "badsum.hex:2: checksum" "bad checksum names line 2"
untouched "bad checksum"

printf 'S0030000FC\nS1130000ZZ\n' > garbled.srec
sd f407.json $S flash garbled.srec
expect 1 "garbled.srec:2:" "garbled S-record names line 2"

sd f407.json $S flash /bin/true
expect 1 "not an ARM image" "ELF for another architecture"

head -c 2048 /dev/urandom > big.bin
sd f407.json $S flash big.bin --base 0x080FFC00
expect 1 "beyond the chip's flash 0x08000000-0x080FFFFF" "image past the end of flash"
untouched "image past the end of flash"

sd f407.json $S read 0x08000000 16
expect 2 "-o FILE" "read without -o is a usage error"
sd f407.json $S erase
expect 2 "expected --all or ADDR LEN" "erase without a range is a usage error"
say "PASS"
