#!/usr/bin/env bash
# st-info --probe sees the virtual ST-LINK/V2 with its serial, and through
# it an STM32F4 (DEV_ID 0x413) with 1 MiB of flash.
TEST_NAME="st-info-probe"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool st-info

scenario="$WORK_DIR/v2-f407.json"
make_scenario "$scenario" v2 "$(fw blinky bin)"
log="$WORK_DIR/st-info.log"
on_bench "$log" 60 "$scenario" st-info --probe || fail "st-info --probe exited with an error"

expect_log "$log" '^Found 1 stlink programmers' "exactly one probe found"
grep -Eiq "^ *serial: *$SCENARIO_SERIAL\$" "$log" ||
    fail "serial: expected $SCENARIO_SERIAL (the scenario's), see the output above"
say "ok: serial is the scenario's $SCENARIO_SERIAL"
expect_log "$log" '^ *chipid: *0x0?413$' "chip id 0x413 (STM32F405/407)"
expect_log "$log" '^ *flash: *1048576 ' "flash 1048576 bytes (F407VG flash size register says 1024 KiB)"
expect_log "$log" '^ *version: *V2J37S7$' "probe firmware V2J37S7 (the scenario default for a v2)"
# stlink-tools 1.7 takes the SRAM size from its own chip table, where 0x413
# has 0x30000 (112 + 16 KiB SRAM plus the 64 KiB CCM): 196608.
expect_log "$log" '^ *sram: *196608$' "SRAM 196608 bytes (stlink-tools' table for 0x413)"
pass "st-info --probe lists the virtual V2 and its F407"
