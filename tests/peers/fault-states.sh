#!/usr/bin/env bash
# The misbehaving firmwares as OpenOCD sees them on a board that has been
# powered for 1 s:
#  - hardfault: halted in HardFault_Handler, with the fault status of a
#    precise bus error at 0x20020000 escalated to HardFault;
#  - erased-vectors: the core is locked up (DHCSR.S_LOCKUP) at 0xFFFFFFFE;
#  - stop-loop: in STOP the debug port is dead; connect under reset gets
#    in, OpenOCD's stm32f4x.cfg sets DBGMCU_CR.DBG_STOP, and then the core
#    can be halted in STOP, right after its WFI.
# Register facts: ARMv7-M ARM B3.2.15 (CFSR), B3.2.16 (HFSR), B3.2.18
# (BFAR), C1.6.2 (DHCSR), B1.5.15 (lockup); RM0090 §38.16.3 (DBGMCU_CR).
TEST_NAME="fault-states"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool openocd arm-none-eabi-nm arm-none-eabi-objdump

CFSR=0xe000ed28 HFSR=0xe000ed2c BFAR=0xe000ed38 DHCSR=0xe000edf0 DBGMCU_CR=0xe0042004
CFSR_PRECISERR=$((1 << 9)) CFSR_BFARVALID=$((1 << 15)) HFSR_FORCED=$((1 << 30))
DHCSR_S_LOCKUP=$((1 << 19)) DBGMCU_DBG_STOP=$((1 << 1))

scenario_for() {
    make_scenario "$WORK_DIR/$1.json" v2 "$(fw "$1" bin)" '"uptime_ms": 1000' >&2
    printf '%s\n' "$WORK_DIR/$1.json"
}

# ---- hardfault ----
elf="$(fw hardfault elf)"
handler=$(sym_addr "$elf" HardFault_Handler)
scenario=$(scenario_for hardfault)
say "check: hardfault firmware sits in HardFault_Handler with a precise bus fault at 0x20020000"
rm -f "$STATE"
ocd_c init halt "reg pc" "mdw $CFSR" "mdw $HFSR" "mdw $BFAR" exit
on_bench "$WORK_DIR/hardfault.log" 120 "$scenario" openocd "${OPENOCD_STLINK[@]}" "${OCD_C[@]}" ||
    fail "OpenOCD could not halt the hardfault firmware"
expect_log "$WORK_DIR/hardfault.log" "pc \(/32\): $(hex "$handler")" "pc at HardFault_Handler ($(hex "$handler"))"
cfsr=$(mdw_value "$WORK_DIR/hardfault.log" $CFSR)
(( (cfsr & (CFSR_PRECISERR | CFSR_BFARVALID)) == (CFSR_PRECISERR | CFSR_BFARVALID) )) ||
    fail "CFSR $(hex "$cfsr"): expected PRECISERR and BFARVALID (0x8200)"
say "ok: CFSR $(hex "$cfsr") has PRECISERR and BFARVALID"
hfsr=$(mdw_value "$WORK_DIR/hardfault.log" $HFSR)
(( hfsr & HFSR_FORCED )) || fail "HFSR $(hex "$hfsr"): expected FORCED (bus fault escalated)"
say "ok: HFSR $(hex "$hfsr") has FORCED"
bfar=$(mdw_value "$WORK_DIR/hardfault.log" $BFAR)
(( bfar == 0x20020000 )) || fail "BFAR $(hex "$bfar"), expected 0x20020000"
say "ok: BFAR $(hex "$bfar")"

# ---- erased-vectors ----
scenario=$(scenario_for erased-vectors)
say "check: erased vector table locks the core up at 0xFFFFFFFE"
rm -f "$STATE"
ocd_c init "mdw $DHCSR" halt "reg pc" exit
on_bench "$WORK_DIR/erased.log" 120 "$scenario" openocd "${OPENOCD_STLINK[@]}" "${OCD_C[@]}" ||
    fail "OpenOCD could not halt the locked-up core"
dhcsr=$(mdw_value "$WORK_DIR/erased.log" $DHCSR)
(( dhcsr & DHCSR_S_LOCKUP )) || fail "DHCSR $(hex "$dhcsr") before halting: expected S_LOCKUP"
say "ok: DHCSR $(hex "$dhcsr") has S_LOCKUP"
expect_log "$WORK_DIR/erased.log" 'pc \(/32\): 0xfffffffe' "pc 0xfffffffe (lockup address)"

# ---- stop-loop ----
elf="$(fw stop-loop elf)"
reset_handler=$(sym_addr "$elf" Reset_Handler)
stop_entries=$(sym_addr "$elf" stop_entries)
wfi=$(arm-none-eabi-objdump -d "$elf" | awk '$3 == "wfi" { sub(":", "", $1); print $1; exit }')
[[ -n "$wfi" ]] || fail "no WFI instruction in $elf"
after_wfi=$((0x$wfi + 2))
scenario=$(scenario_for stop-loop)
rm -f "$STATE"
say "check: in STOP without DBG_STOP the debug port does not answer"
rc=0
ocd_c init "mdw 0xE0042000" exit
on_bench "$WORK_DIR/stop-plain.log" 120 "$scenario" openocd "${OPENOCD_STLINK[@]}" "${OCD_C[@]}" || rc=$?
[[ $rc -ne 0 && $rc -ne 124 && $rc -ne 137 ]] || fail "OpenOCD connected to a chip in STOP (exit status $rc)"
expect_log "$WORK_DIR/stop-plain.log" 'unable to connect to the target' "OpenOCD reports that it cannot connect"
say "check: connect under reset, DBG_STOP set, then the core halts in STOP after its WFI"
ocd_c "reset_config srst_only srst_nogate connect_assert_srst" init "reset halt" "reg pc" \
    "mdw $DBGMCU_CR" resume "sleep 100" halt "reg pc" "mdw $(hex "$stop_entries")" exit
on_bench "$WORK_DIR/stop-reset.log" 120 "$scenario" openocd "${OPENOCD_STLINK[@]}" "${OCD_C[@]}" ||
    fail "OpenOCD with connect_assert_srst failed"
expect_log "$WORK_DIR/stop-reset.log" "pc \(/32\): $(hex "$reset_handler")" "halted at Reset_Handler under reset"
dbg=$(mdw_value "$WORK_DIR/stop-reset.log" $DBGMCU_CR)
(( dbg & DBGMCU_DBG_STOP )) || fail "DBGMCU_CR $(hex "$dbg"): OpenOCD's examine-end should have set DBG_STOP"
say "ok: DBGMCU_CR $(hex "$dbg") has DBG_STOP"
expect_log "$WORK_DIR/stop-reset.log" "pc \(/32\): $(hex "$after_wfi")" "halted in STOP right after the WFI at 0x$wfi"
entries=$(mdw_value "$WORK_DIR/stop-reset.log" "$(hex "$stop_entries")")
(( entries == 1 )) || fail "stop_entries is $entries, expected 1 (nothing wakes the chip)"
say "ok: stop_entries = 1"
pass "hardfault, lockup and STOP look to OpenOCD as on silicon"
