#!/usr/bin/env bash
# STM32L5/U5 with stlink-tools 1.7.  Its chip table has no L5 or U5 entry
# (no DEV_ID 0x472/0x482 in libstlink 1.7.0's list; `st-flash` says
# "unknown chip id! 0x482" and "Failed to connect to target"), so there is
# no st-flash write/read test for these families: st-flash cannot program
# them, on the bench or on silicon.  What 1.7 does do is identify the chip
# the Cortex-M33 way (DBGMCU_IDCODE at 0xE0044000), which this checks.
TEST_NAME="l5u5-st-info"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool st-info st-flash

SCEN_DIR="$(cd "$(dirname "$0")/../../sim/scenarios" && pwd)"

probe_on() {
    local scen="$1" id="$2" log="$WORK_DIR/probe-$1.log"
    STATE="$WORK_DIR/$scen.state"
    say "check: st-info --probe reads chip id $id on $scen"
    on_bench "$log" 60 "$SCEN_DIR/$scen.json" st-info --probe ||
        fail "st-info --probe failed on $scen"
    expect_log "$log" "chipid: +$id" "st-info reads the chip id ($scen)"
}

probe_on l552ze-v3 0x0472
probe_on u585ai-v3 0x0482

# The limitation itself, so that a newer stlink-tools that learns these
# parts shows up here (and a write test can replace this check).
log="$WORK_DIR/st-flash-u585.log"
STATE="$WORK_DIR/u585ai-v3.state"
on_bench "$log" 60 "$SCEN_DIR/u585ai-v3.json" st-flash read "$WORK_DIR/r.bin" 0x08000000 256 &&
    fail "st-flash 1.7 read a U585: it now supports U5, add a write/read-back test"
expect_log "$log" 'unknown chip id' "st-flash 1.7 does not know the U5 (as on silicon)"
pass "st-info identifies L552ZE and U585AI; st-flash 1.7 has no L5/U5 support"
