#!/usr/bin/env bash
# stlink-tools 1.7 (st-flash) on the bench's STM32H7 models: write an image
# at 0x08000000 (st-flash's own H7 loader), read it back; the bench's flash
# holds exactly those bytes.  H743 (256-bit words, 128 KiB sectors) and
# H7A3 (128-bit words, 8 KiB sectors).
TEST_NAME="h7-st-flash"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool st-flash cmp python3

SCEN_DIR="$(cd "$(dirname "$0")/../../sim/scenarios" && pwd)"
img="$WORK_DIR/image.bin"
python3 - "$img" <<'PY'
import random, sys
r = random.Random(8)
open(sys.argv[1], "wb").write(bytes(r.randrange(256) for _ in range(40000)))
PY
size=$(file_size "$img")

for scen in h743zi-v3 h7a3zi-v3; do
    rm -f "$STATE"
    say "check: st-flash write on $scen"
    on_bench "$WORK_DIR/$scen-write.log" 60 "$SCEN_DIR/$scen.json" st-flash write "$img" 0x08000000 ||
        fail "st-flash write on $scen exited with an error"
    expect_log "$WORK_DIR/$scen-write.log" 'Flash written and verified' "st-flash verified its write ($scen)"
    dump_flash "$WORK_DIR/$scen-flash.bin"
    same_prefix "$img" "$WORK_DIR/$scen-flash.bin" "$size" "$scen flash after st-flash write"
    on_bench "$WORK_DIR/$scen-read.log" 60 "$SCEN_DIR/$scen.json" \
        st-flash read "$WORK_DIR/$scen-back.bin" 0x08000000 "$size" ||
        fail "st-flash read on $scen exited with an error"
    same_prefix "$img" "$WORK_DIR/$scen-back.bin" "$size" "$scen st-flash read back"
done
pass "st-flash writes and reads back H743 and H7A3"
