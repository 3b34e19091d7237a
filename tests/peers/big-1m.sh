#!/usr/bin/env bash
# Program and verify the whole 1 MiB flash with OpenOCD on the bench; print
# the wall time and the bench's virtual time.  Fails above 60 s of wall time.
TEST_NAME="big-1m"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool openocd cmp date

elf="$(fw big-1m elf)"
bin="$(fw big-1m bin)"
[[ $(file_size "$bin") -eq 1048576 ]] || fail "big-1m.bin is $(file_size "$bin") bytes, expected 1048576"
scenario="$WORK_DIR/v2-erased.json"
make_scenario "$scenario" v2 ""

WALL_LIMIT_S=60
start=$(date +%s%N)
on_bench "$WORK_DIR/program.log" 300 "$scenario" openocd "${OPENOCD_STLINK[@]}" \
    -c "program $elf verify reset exit" || fail "OpenOCD could not program big-1m"
end=$(date +%s%N)
wall_ms=$(( (end - start) / 1000000 ))
expect_log "$WORK_DIR/program.log" 'Verified OK' "OpenOCD verified 1 MiB"
dump_flash "$WORK_DIR/flash.bin"
same_prefix "$bin" "$WORK_DIR/flash.bin" 1048576 "the bench's flash holds big-1m"

show_stats
virtual_ns=$(sed -n 's/.*"virtual_ns": *\([0-9]*\).*/\1/p' "$STATS" | head -n 1)
[[ -n "$virtual_ns" ]] || fail "no virtual_ns in $STATS"
say "RESULT big-1m OpenOCD program+verify: wall $((wall_ms / 1000)).$(printf '%03d' $((wall_ms % 1000))) s, virtual $((virtual_ns / 1000000000)).$(printf '%03d' $((virtual_ns / 1000000 % 1000))) s"
(( wall_ms <= WALL_LIMIT_S * 1000 )) || fail "wall time ${wall_ms} ms is above ${WALL_LIMIT_S} s"
pass "1 MiB programmed and verified within ${WALL_LIMIT_S} s of wall time"
