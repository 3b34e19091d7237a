#!/usr/bin/env bash
# st-flash (stlink-tools 1.7) writes an image and reads it back on the
# F0/F1/F3 scenarios; the bench's flash then holds exactly those bytes.
# On the XL-density STM32F103ZG the image spans both banks.
TEST_NAME="f0f1f3-st-flash"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool st-flash cmp python3

SCEN_DIR="$(cd "$(dirname "$0")/../../sim/scenarios" && pwd)"
IMG="$WORK_DIR/image.bin"
SIZE=16384
python3 -c "import random,sys; r=random.Random(72); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range($SIZE)))" >"$IMG"

write_read() {
    local scen="$1" addr="$2"
    rm -f "$STATE" "$WORK_DIR/back.bin"
    say "check: st-flash write/read at $addr on $scen"
    on_bench "$WORK_DIR/$scen-write.log" 120 "$SCEN_DIR/$scen.json" st-flash write "$IMG" "$addr" ||
        fail "st-flash write on $scen exited with an error"
    expect_log "$WORK_DIR/$scen-write.log" 'Flash written and verified' "st-flash verified its write ($scen)"
    on_bench "$WORK_DIR/$scen-read.log" 120 "$SCEN_DIR/$scen.json" st-flash read "$WORK_DIR/back.bin" "$addr" "$SIZE" ||
        fail "st-flash read on $scen exited with an error"
    same_prefix "$IMG" "$WORK_DIR/back.bin" "$SIZE" "st-flash read back ($scen)"
    dump_flash "$WORK_DIR/flash-$scen.bin"
    python3 - "$WORK_DIR/flash-$scen.bin" "$IMG" "$addr" <<'PY' || fail "flash of $scen does not hold the image at $addr"
import sys
d = open(sys.argv[1], "rb").read(); i = open(sys.argv[2], "rb").read()
o = int(sys.argv[3], 16) - 0x08000000
assert d[o:o + len(i)] == i
PY
    say "ok: the bench's flash holds the image ($scen)"
}

write_read f103rc-v2 0x08000000
write_read f103c8-v2 0x08000000
write_read f072rb-v2-1 0x08000000
write_read f303vc-v2-1 0x08000000
write_read f103zg-v2-1 0x0807e000
pass "st-flash writes and reads back on F103RC, F103C8, F072RB, F303VC and across the F103ZG banks"
