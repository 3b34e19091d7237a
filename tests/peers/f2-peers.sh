#!/usr/bin/env bash
# STM32F2 on the bench with the peers' own F2 support: OpenOCD 0.12
# `program ... verify` with target/stm32f2x.cfg, and st-flash 1.7 write +
# read back, on an F207ZG behind a V2.  The image (36 KiB of random data)
# crosses sectors 0-2 (16 KiB each, RM0033 §2.3 Table 3).
TEST_NAME="f2-peers"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool openocd st-flash cmp

SCEN="$(cd "$(dirname "$0")/../../sim/scenarios" && pwd)/f207zg-v2.json"
SIZE=$((36 * 1024))
image="$WORK_DIR/image.bin"
head -c "$SIZE" /dev/urandom >"$image"

STATE="$WORK_DIR/openocd.state"
log="$WORK_DIR/program.log"
on_bench "$log" 90 "$SCEN" openocd -f interface/stlink.cfg -f target/stm32f2x.cfg \
    "${OPENOCD_NO_SERVERS[@]}" -c "program $image 0x08000000 verify reset exit" ||
    fail "openocd program on the F207ZG exited with an error"
expect_log "$log" 'Verified OK' "OpenOCD verified the image (F207ZG)"
dump_flash "$WORK_DIR/flash.bin"
same_prefix "$image" "$WORK_DIR/flash.bin" "$SIZE" "flash holds the image (OpenOCD)"

STATE="$WORK_DIR/st-flash.state"
log="$WORK_DIR/st-flash-write.log"
on_bench "$log" 90 "$SCEN" st-flash --reset write "$image" 0x08000000 ||
    fail "st-flash write on the F207ZG exited with an error"
expect_log "$log" '(Flash written and verified|jolly good)' "st-flash wrote and verified the image"
back="$WORK_DIR/read-back.bin"
on_bench "$WORK_DIR/st-flash-read.log" 90 "$SCEN" st-flash read "$back" 0x08000000 "$SIZE" ||
    fail "st-flash read on the F207ZG exited with an error"
same_prefix "$image" "$back" "$SIZE" "st-flash reads back what it wrote"
show_stats
pass "OpenOCD programs and verifies the F207ZG; st-flash writes and reads it back"
