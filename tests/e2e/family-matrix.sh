#!/usr/bin/env bash
# The family matrix: one bench scenario (sim/scenarios/SCENARIO.json) through
# what a user does with any STM32: identify it, flash an image with two
# segments (start of flash and near its end: the second bank on dual-bank
# parts), verify, read back, flash again (nothing to do), erase, show the
# option bytes, RDP 1 (flash read refused) and back to 0 (flash erased).
# Usage: family-matrix.sh SCENARIO INFO_REGEX
TEST_NAME="matrix-$1"
source "$(dirname "$0")/lib.sh"
SCEN_NAME="$1"
INFO_RE="$2"
SRC_SCEN="$(cd "$(dirname "$0")/../../sim/scenarios" && pwd)/$SCEN_NAME.json"
[[ -f "$SRC_SCEN" ]] || fail "no scenario $SRC_SCEN"
# The scenario may name a firmware relative to itself: copy nothing, use it
# in place.
SC="$SRC_SCEN"
S=state.bin

sd "$SC" $S info
expect 0 "$INFO_RE" "info names the part"
kib=$(sed -nE 's/^flash: +([0-9]+) KiB at 0x08000000.*/\1/p' <<<"$OUT")
[[ -n "$kib" ]] || fail "info does not give the flash size as 'flash: N KiB at 0x08000000'"
flash_bytes=$((kib * 1024))
say "flash: $kib KiB"

# Image: a pseudo-random block at the start (a quarter of flash, at most
# 40 KiB) and 1 KiB at 8 KiB before the end, as one Intel HEX file.
python3 - "$flash_bytes" image.hex image-a.bin image-b.bin <<'PY'
import random, sys
size = int(sys.argv[1]); out, a_out, b_out = sys.argv[2:5]
rnd = random.Random(size)
a_len = min(size // 4, 40 * 1024)
a = bytes(rnd.randrange(256) for _ in range(a_len))
b_addr = 0x08000000 + size - 8 * 1024
b = bytes(rnd.randrange(256) for _ in range(1024))
open(a_out, "wb").write(a)
open(b_out, "wb").write(b)
def rec(t, addr, data):
    body = bytes([len(data), (addr >> 8) & 0xFF, addr & 0xFF, t]) + data
    return ":" + body.hex().upper() + "%02X" % ((-sum(body)) & 0xFF) + "\n"
lines = []
for base, data in ((0x08000000, a), (b_addr, b)):
    upper = None
    for off in range(0, len(data), 16):
        addr = base + off
        if addr >> 16 != upper:
            upper = addr >> 16
            lines.append(rec(4, 0, bytes([upper >> 8, upper & 0xFF])))
        lines.append(rec(0, addr & 0xFFFF, data[off:off + 16]))
lines.append(":00000001FF\n")
open(out, "w").write("".join(lines))
PY
a_len=$(stat -c %s image-a.bin)
b_addr=$(printf '0x%08x' $((0x08000000 + flash_bytes - 8192)))

sd "$SC" $S flash image.hex
expect 0 "verified" "flash a two-segment image"

sd "$SC" $S verify image.hex
expect 0 "flash matches" "verify"

sd "$SC" $S read 0x08000000 "$a_len" -o back-a.bin
expect 0 "read $a_len bytes" "read the first segment back"
cmp back-a.bin image-a.bin || fail "first segment read back differs"
sd "$SC" $S read "$b_addr" 1024 -o back-b.bin
expect 0 "read 1024 bytes" "read the segment near the end of flash back"
cmp back-b.bin image-b.bin || fail "segment at $b_addr read back differs"
say "ok: both segments read back byte for byte"

sd "$SC" $S flash image.hex
expect 0 " 0 sectors erased, [0-9]+ already up to date, 0 bytes programmed" \
    "flashing the same image again touches nothing"

sd "$SC" $S erase --all
expect 0 "" "mass erase"
flash_dump $S dump.bin
python3 - dump.bin "$flash_bytes" <<'PY' || fail "flash is not uniformly erased after erase --all"
import sys
d = open(sys.argv[1], "rb").read()[: int(sys.argv[2])]
assert len(set(d)) == 1 and d[0] in (0x00, 0xFF), sorted(set(d))[:8]
PY
say "ok: the whole flash is erased"

sd "$SC" $S option-bytes show
expect 0 "RDP" "option-bytes show decodes the read protection"

sd "$SC" $S flash image.hex
expect 0 "verified" "flash again before protecting"
sd "$SC" $S rdp set 1
expect 0 "" "rdp set 1"
sd "$SC" $S rdp get
expect 0 "level 1" "rdp get reports level 1"
sd "$SC" $S read 0x08000000 256 -o refused.bin
expect 1 "RDP|read.out protect" "reading flash at RDP level 1 is refused with the reason"

sd "$SC" $S rdp set 0
expect 1 "erase" "rdp set 0 without --yes is refused and says it erases the flash"
sd "$SC" $S rdp get
expect 0 "level 1" "the refused regression changed nothing"

sd "$SC" $S rdp set 0 --yes
expect 0 "" "rdp set 0 --yes"
sd "$SC" $S rdp get
expect 0 "level 0" "rdp get reports level 0"
flash_dump $S dump0.bin
python3 - dump0.bin "$flash_bytes" <<'PY' || fail "flash is not erased after the RDP regression"
import sys
d = open(sys.argv[1], "rb").read()[: int(sys.argv[2])]
assert len(set(d)) == 1 and d[0] in (0x00, 0xFF)
PY
say "ok: RDP 1 -> 0 erased the flash"
say "PASS"
