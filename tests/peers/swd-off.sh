#!/usr/bin/env bash
# Firmware that turns PA13/PA14 into GPIO ~50 ms after reset ("CubeMX: No
# Debug"), on a board powered for 1 s: OpenOCD's plain connect fails, and
# connect under reset (NRST held while attaching) gets in.
TEST_NAME="swd-off"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool openocd arm-none-eabi-nm

elf="$(fw swd-off elf)"
scenario="$WORK_DIR/v2-swd-off.json"
make_scenario "$scenario" v2 "$(fw swd-off bin)" '"uptime_ms": 1000'
reset_handler=$(arm-none-eabi-nm "$elf" | awk '$3 == "Reset_Handler" { print $1 }')
[[ -n "$reset_handler" ]] || fail "Reset_Handler not in $elf"

say "check: a plain connect fails once the firmware has taken the SWD pins"
rc=0
ocd_c init "mdw 0xE0042000" exit
on_bench "$WORK_DIR/plain.log" 120 "$scenario" openocd "${OPENOCD_STLINK[@]}" "${OCD_C[@]}" || rc=$?
[[ $rc -ne 0 ]] || fail "OpenOCD connected to a chip whose SWD pins are GPIO (exit status 0)"
[[ $rc -ne 124 && $rc -ne 137 ]] || fail "OpenOCD hung instead of failing to connect"
# What the hla ST-LINK driver prints when the target does not answer.
expect_log "$WORK_DIR/plain.log" 'unable to connect to the target' "OpenOCD reports that it cannot connect"

say "check: connect under reset reaches the chip and halts it at the reset vector"
ocd_c "reset_config srst_only srst_nogate connect_assert_srst" init "reset halt" "mdw 0xE0042000" exit
on_bench "$WORK_DIR/under-reset.log" 120 "$scenario" openocd "${OPENOCD_STLINK[@]}" "${OCD_C[@]}" ||
    fail "OpenOCD with connect_assert_srst failed"
idcode=$(sed -n 's/^0xe0042000: \([0-9a-fA-F]\{8\}\).*/\1/p' "$WORK_DIR/under-reset.log" | tail -n 1)
[[ -n "$idcode" ]] || fail "no DBGMCU_IDCODE value (mdw 0xE0042000) in the output above"
(( (16#$idcode & 0xfff) == 0x413 )) ||
    fail "DBGMCU_IDCODE 0x$idcode: DEV_ID $(printf '%#x' $((16#$idcode & 0xfff))), expected 0x413"
say "ok: DBGMCU_IDCODE 0x$idcode, DEV_ID 0x413"
expect_log "$WORK_DIR/under-reset.log" "pc: 0x0*${reset_handler#0}" \
    "halted at Reset_Handler (0x$reset_handler), before the firmware took the pins"
pass "swd-off: plain connect refused, connect under reset works"
