#!/usr/bin/env bash
# The H7 supply lock-up on the bench (stm32-families.md §6.2): on the
# seed's H747 wired for the LDO, a write of PWR_CR3 = SMPSEN (direct SMPS,
# CubeMX's H747 default) leaves VCORE unsupplied: OpenOCD loses the debug
# port at once.  The next run is a new power-on: the chip answers again
# (what the BOOT0 + power-cycle procedure relies on).
TEST_NAME="h7-supply-lock"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool openocd

# The board of h747ii-supply-mismatch-v3.json without its firmware (which
# would lock the chip itself at power-on): here OpenOCD writes PWR_CR3.
SCEN="$WORK_DIR/h747-ldo-empty.json"
python3 - "$(dirname "$0")/../../sim/scenarios/h747ii-supply-mismatch-v3.json" "$SCEN" <<'PY'
import json, sys
sc = json.load(open(sys.argv[1]))
sc["board"].pop("firmware", None)
json.dump(sc, open(sys.argv[2], "w"))
PY
PWR_CR3=0x5802480C
PWR_CSR1=0x58024804
CR3_DIRECT_SMPS=0x00000004
ACTVOSRDY=$((1 << 13))

log="$WORK_DIR/lock.log"
say "check: writing PWR_CR3 = direct SMPS on an LDO-wired H747 kills the debug port"
rc=0
on_bench "$log" 60 "$SCEN" openocd -f interface/stlink-dap.cfg -f target/stm32h7x.cfg \
    "${OPENOCD_NO_SERVERS[@]}" -c "init" -c "mdw $PWR_CR3" -c "mdw $PWR_CSR1" \
    -c "mww $PWR_CR3 $CR3_DIRECT_SMPS" -c "mdw 0x08000000" -c "shutdown" || rc=$?
expect_log "$log" "^0x5802480c: 00000006" "PWR_CR3 reads its reset value (LDOEN | SMPSEN) before"
csr1=$(mdw_value "$log" 0x58024804)
(( csr1 & ACTVOSRDY )) || fail "ACTVOSRDY is not set before the write (PWR_CSR1 $(hex "$csr1"))"
say "ok: ACTVOSRDY is set before the write (PWR_CSR1 $(hex "$csr1"))"
[[ $rc -ne 0 ]] || fail "OpenOCD still worked after the supply was misconfigured"
expect_log "$log" "Fail reading CTRL/STAT|Failed to (read|write) memory" "the debug port stops answering"

log="$WORK_DIR/after-power-cycle.log"
say "check: after a power cycle (a new run) the chip answers again"
on_bench "$log" 60 "$SCEN" openocd -f interface/stlink-dap.cfg -f target/stm32h7x.cfg \
    "${OPENOCD_NO_SERVERS[@]}" -c "init" -c "mdw 0x5C001000" -c "shutdown" ||
    fail "the H747 does not answer after a power cycle"
expect_log "$log" "^0x5c001000: 20030450" "DBGMCU_IDCODE reads again"
pass "a wrong PWR_CR3 locks the H747 until power is removed"
