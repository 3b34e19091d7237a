#!/usr/bin/env bash
# st-flash (stlink-tools 1.7) writes, verifies and reads back 8 KiB on the
# STM32L0/L1 parts it supports: L053 (0x417), L073 (0x447) and the L1 cat.1
# L151C8 (0x416).  Not the L152RE (0x437): st-flash 1.7.0 drives it through
# the L0 flash registers ("Flash base use default L0 address", stlink-org
# issue #1161), which fails on silicon too.
TEST_NAME="l0l1-st-flash"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool st-flash cmp

SCEN_DIR="$(cd "$(dirname "$0")/../../sim/scenarios" && pwd)"
image="$WORK_DIR/image.bin"
head -c 8192 /dev/urandom >"$image"

for scen in l053r8-v2-1 l073rz-v2-1 l151c8-v2; do
    STATE="$WORK_DIR/$scen.state"
    rm -f "$STATE"
    say "check: st-flash write 8 KiB at 0x08000000 on $scen"
    on_bench "$WORK_DIR/write-$scen.log" 120 "$SCEN_DIR/$scen.json" \
        st-flash write "$image" 0x08000000 || fail "st-flash write on $scen exited with an error"
    expect_log "$WORK_DIR/write-$scen.log" 'Flash written and verified' "st-flash verified ($scen)"
    dump_flash "$WORK_DIR/flash-$scen.bin"
    same_prefix "$image" "$WORK_DIR/flash-$scen.bin" 8192 "flash content after st-flash write ($scen)"
    on_bench "$WORK_DIR/read-$scen.log" 120 "$SCEN_DIR/$scen.json" \
        st-flash read "$WORK_DIR/readback-$scen.bin" 0x08000000 8192 ||
        fail "st-flash read on $scen exited with an error"
    same_prefix "$image" "$WORK_DIR/readback-$scen.bin" 8192 "st-flash read back ($scen)"
done
pass "st-flash writes, verifies and reads back L053, L073 and L151C8"
