#!/usr/bin/env bash
# OpenOCD 0.12's own H7 support against the bench's STM32H7 models
# (sim/chips/fc_h7*.c): `program ... verify` with target/stm32h7x.cfg or
# stm32h7x_dual_bank.cfg on each H7 scenario, through the HLA driver and
# the ST-LINK DAP driver; both banks where the part has two.  On the
# dual-core H747 OpenOCD also finds the Cortex-M4 on AP3 and reads
# DBGMCU_IDCODE through the APB-AP (AP2, 0xE00E1000).
TEST_NAME="h7-openocd"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool openocd cmp python3

SCEN_DIR="$(cd "$(dirname "$0")/../../sim/scenarios" && pwd)"
img="$WORK_DIR/image.bin"
python3 - "$img" <<'PY'
import random, sys
r = random.Random(7)
open(sys.argv[1], "wb").write(bytes(r.randrange(256) for _ in range(40000)))
PY
size=$(file_size "$img")
BANK2=0x08100000

# program_on SCENARIO INTERFACE TARGET BANKS
program_on() {
    local scen="$1" iface="$2" target="$3" banks="$4"
    local log="$WORK_DIR/$scen.log"
    local cmds=(-c "program $img 0x08000000 verify")
    [[ $banks == 2 ]] && cmds+=(-c "program $img $BANK2 verify")
    cmds+=(-c "reset run" -c "shutdown")
    rm -f "$STATE"
    say "check: openocd -f interface/$iface -f target/$target programs $scen ($banks bank(s))"
    on_bench "$log" 60 "$SCEN_DIR/$scen.json" openocd -f "interface/$iface" -f "target/$target" \
        "${OPENOCD_NO_SERVERS[@]}" "${cmds[@]}" || fail "openocd on $scen exited with an error"
    [[ $(grep -c 'Verified OK' "$log") -eq $banks ]] || fail "$scen: expected $banks 'Verified OK'"
    say "ok: OpenOCD verified the image in $banks bank(s) of $scen"
    dump_flash "$WORK_DIR/$scen-flash.bin"
    same_prefix "$img" "$WORK_DIR/$scen-flash.bin" "$size" "$scen bank 1 holds the image"
    if [[ $banks == 2 ]]; then
        cmp -n "$size" "$img" "$WORK_DIR/$scen-flash.bin" 0 $((0x100000)) ||
            fail "$scen: bank 2 (0x08100000) does not hold the image"
        say "ok: $scen bank 2 holds the image"
    fi
}

program_on h743zi-v3 stlink.cfg stm32h7x_dual_bank.cfg 2
program_on h747ii-v3 stlink-dap.cfg stm32h7x_dual_bank.cfg 2
program_on h723zg-v3 stlink.cfg stm32h7x.cfg 1
program_on h7a3zi-v3 stlink-dap.cfg stm32h7x_dual_bank.cfg 2

say "check: the H747's access ports (DAP driver, DUAL_CORE=1)"
log="$WORK_DIR/h747-aps.log"
rm -f "$STATE"
on_bench "$log" 60 "$SCEN_DIR/h747ii-v3.json" openocd -f interface/stlink-dap.cfg \
    -c "set DUAL_CORE 1" -f target/stm32h7x.cfg "${OPENOCD_NO_SERVERS[@]}" \
    -c "init" -c "stm32h7x.ap2 mdw 0xE00E1000" -c "mdw 0x5C001000" -c "shutdown" ||
    fail "openocd could not attach to both cores of the H747"
expect_log "$log" 'stm32h7x.cpu0\] Cortex-M7 r1p1 processor detected' "Cortex-M7 on AP0"
expect_log "$log" 'stm32h7x.cpu1\] Cortex-M4 r0p1 processor detected' "Cortex-M4 on AP3"
expect_log "$log" '^0xe00e1000: 20030450' "DBGMCU_IDCODE through the APB-AP (AP2)"
expect_log "$log" '^0x5c001000: 20030450' "DBGMCU_IDCODE through AP0 at 0x5C001000"
pass "OpenOCD programs and verifies H743, H747, H723 and H7A3 (both banks), sees both H747 cores"
