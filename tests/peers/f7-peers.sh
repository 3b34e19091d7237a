#!/usr/bin/env bash
# STM32F7 on the bench with the peers' own F7 support: OpenOCD 0.12
# `program ... verify` with target/stm32f7x.cfg on an F767ZI behind a V3
# (stlink-dap) and an F746ZG behind a V2-1 (hla), and st-flash 1.7 write +
# read back on the F746ZG.  Images are 32 KiB of random data: they cross
# the 32 KiB sector 0 into sector 1 (RM0385 §3.3.1 geometry).
TEST_NAME="f7-peers"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool openocd st-flash cmp

SCEN_DIR="$(cd "$(dirname "$0")/../../sim/scenarios" && pwd)"
SIZE=$((32 * 1024 + 4096))
image="$WORK_DIR/image.bin"
head -c "$SIZE" /dev/urandom >"$image"

program_on() {
    local scen="$1" iface="$2" log="$WORK_DIR/program-$1.log"
    STATE="$WORK_DIR/$scen.state"
    rm -f "$STATE"
    say "check: openocd -f interface/$iface.cfg -f target/stm32f7x.cfg program verify on $scen"
    on_bench "$log" 90 "$SCEN_DIR/$scen.json" openocd -f "interface/$iface.cfg" \
        -f target/stm32f7x.cfg "${OPENOCD_NO_SERVERS[@]}" \
        -c "program $image 0x08000000 verify reset exit" ||
        fail "openocd program on $scen exited with an error"
    expect_log "$log" 'Verified OK' "OpenOCD verified the image ($scen)"
    dump_flash "$WORK_DIR/flash-$scen.bin"
    same_prefix "$image" "$WORK_DIR/flash-$scen.bin" "$SIZE" "flash holds the image ($scen)"
}

program_on f767zi-v3 stlink-dap
program_on f746zg-v2-1 stlink

# st-flash on a fresh F746ZG: write, then read back through the probe.
STATE="$WORK_DIR/f746-st-flash.state"
rm -f "$STATE"
log="$WORK_DIR/st-flash-write.log"
on_bench "$log" 90 "$SCEN_DIR/f746zg-v2-1.json" st-flash --reset write "$image" 0x08000000 ||
    fail "st-flash write on the F746ZG exited with an error"
expect_log "$log" '(Flash written and verified|jolly good)' "st-flash wrote and verified the image (F746ZG)"
back="$WORK_DIR/read-back.bin"
on_bench "$WORK_DIR/st-flash-read.log" 90 "$SCEN_DIR/f746zg-v2-1.json" \
    st-flash read "$back" 0x08000000 "$SIZE" ||
    fail "st-flash read on the F746ZG exited with an error"
same_prefix "$image" "$back" "$SIZE" "st-flash reads back what it wrote (F746ZG)"
show_stats
pass "OpenOCD programs and verifies F767ZI (V3) and F746ZG (V2-1); st-flash writes and reads back the F746ZG"
