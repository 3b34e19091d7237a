#!/usr/bin/env bash
# A chip at RDP level 1: the debugger cannot read the flash; OpenOCD's
# `stm32f2x unlock` sets RDP back to level 0 (0xAA), which mass-erases the
# flash (RM0090 §3.7.3), after which the flash reads erased.
TEST_NAME="rdp-unlock"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool openocd cmp head tr

scenario="$WORK_DIR/v2-rdp1.json"
make_scenario "$scenario" v2 "$(fw blinky bin)" "" '{"rdp": 1}'

OPTCR=0x40023c14       # FLASH_OPTCR, RDP in bits 15:8 (RM0090 §3.9, FLASH_OPTCR)
RDP_LEVEL0=0xaa

# optcr_rdp LOG : the RDP byte of the last FLASH_OPTCR value mdw printed.
optcr_rdp() {
    local v
    v=$(sed -n "s/^$OPTCR: \([0-9a-fA-F]\{8\}\).*/\1/p" "$1" | tail -n 1)
    [[ -n "$v" ]] || fail "no FLASH_OPTCR value (mdw $OPTCR) in the output above"
    printf '%#x\n' $(( (16#$v >> 8) & 0xff ))
}

say "check: at RDP 1 the option register says so"
ocd_c init "reset halt" "mdw $OPTCR" exit
on_bench "$WORK_DIR/before.log" 120 "$scenario" openocd "${OPENOCD_STLINK[@]}" "${OCD_C[@]}" || fail "OpenOCD could not read FLASH_OPTCR at RDP 1"
rdp=$(optcr_rdp "$WORK_DIR/before.log")
[[ $rdp != "$RDP_LEVEL0" && $rdp != 0xcc ]] || fail "FLASH_OPTCR RDP byte is $rdp, expected level 1 (neither 0xaa nor 0xcc)"
say "ok: RDP byte $rdp (level 1)"

say "check: at RDP 1 the debugger cannot read the flash"
rc=0
ocd_c init "reset halt" "mdw 0x08000000" exit
on_bench "$WORK_DIR/read-protected.log" 120 "$scenario" openocd "${OPENOCD_STLINK[@]}" "${OCD_C[@]}" || rc=$?
[[ $rc -ne 0 && $rc -ne 124 && $rc -ne 137 ]] || fail "reading flash at RDP 1 did not fail cleanly (exit status $rc)"
say "ok: flash read refused (exit status $rc)"

say "check: stm32f2x unlock brings the chip back to level 0 and erases the flash"
ocd_c init "reset halt" "stm32f2x unlock 0" "reset halt" "mdw 0x08000000" "mdw $OPTCR" exit
on_bench "$WORK_DIR/unlock.log" 180 "$scenario" openocd "${OPENOCD_STLINK[@]}" "${OCD_C[@]}" ||
    fail "OpenOCD's unlock sequence failed"
expect_log "$WORK_DIR/unlock.log" 'stm32f2x unlocked' "OpenOCD reports the unlock"
expect_log "$WORK_DIR/unlock.log" '^0x08000000: ffffffff' "flash reads erased after the unlock"
rdp=$(optcr_rdp "$WORK_DIR/unlock.log")
[[ $rdp == "$RDP_LEVEL0" ]] || fail "FLASH_OPTCR RDP byte is $rdp after the unlock, expected $RDP_LEVEL0"
say "ok: RDP byte $rdp (level 0)"

say "check: level 0 and the erase survive a new session (kept in the state)"
ocd_c init "reset halt" "mdw 0x08000000 4" "mdw $OPTCR" exit
on_bench "$WORK_DIR/after.log" 120 "$scenario" openocd "${OPENOCD_STLINK[@]}" "${OCD_C[@]}" ||
    fail "OpenOCD could not read the flash after the unlock"
expect_log "$WORK_DIR/after.log" '^0x08000000: ffffffff ffffffff ffffffff ffffffff' "flash still erased"
rdp=$(optcr_rdp "$WORK_DIR/after.log")
[[ $rdp == "$RDP_LEVEL0" ]] || fail "RDP byte $rdp in a new session, expected $RDP_LEVEL0"
dump_flash "$WORK_DIR/flash.bin"
size=$(file_size "$WORK_DIR/flash.bin")
head -c "$size" /dev/zero | tr '\0' '\377' >"$WORK_DIR/erased.bin"
same_prefix "$WORK_DIR/erased.bin" "$WORK_DIR/flash.bin" "$size" "the whole flash is erased (mass erase)"
pass "RDP 1 -> 0 with stm32f2x unlock: flash erased, level 0"
