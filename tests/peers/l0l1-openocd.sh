#!/usr/bin/env bash
# STM32L0/L1 on the bench with OpenOCD's own stm32lx driver: `program ...
# verify` on an L053 (stm32l0.cfg), an L073 (dual bank,
# stm32l0_dual_bank.cfg) and an L152RE (stm32l1.cfg); then `stm32lx
# mass_erase`, which sets RDP level 1, OBL_LAUNCH, back to level 0 and
# OBL_LAUNCH again: the regression must leave program memory erased (0x00)
# and the option word at level 0 (0xFF5500AA).
TEST_NAME="l0l1-openocd"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool openocd cmp od

SCEN_DIR="$(cd "$(dirname "$0")/../../sim/scenarios" && pwd)"
image="$WORK_DIR/image.bin"
head -c 16384 /dev/urandom >"$image"

program_on() {
    local scen="$1" cfg="$2" log="$WORK_DIR/program-$1.log"
    STATE="$WORK_DIR/$scen.state"
    rm -f "$STATE"
    say "check: openocd -f target/$cfg.cfg program (16 KiB) verify on $scen"
    on_bench "$log" 120 "$SCEN_DIR/$scen.json" openocd -f interface/stlink.cfg \
        -f "target/$cfg.cfg" "${OPENOCD_NO_SERVERS[@]}" \
        -c "program $image 0x08000000 verify reset exit" ||
        fail "openocd program on $scen exited with an error"
    expect_log "$log" 'Verified OK' "OpenOCD verified the image ($scen)"
    dump_flash "$WORK_DIR/flash-$scen.bin"
    same_prefix "$image" "$WORK_DIR/flash-$scen.bin" 16384 "flash holds the image ($scen)"
}

program_on l053r8-v2-1 stm32l0
program_on l073rz-v2-1 stm32l0_dual_bank
program_on l152re-v2 stm32l1

STATE="$WORK_DIR/l053r8-v2-1.state"
log="$WORK_DIR/mass-erase.log"
ocd_c init "reset halt" "stm32lx mass_erase 0" "mdw 0x1ff80000" "mdw 0x08000000 4" shutdown
on_bench "$log" 120 "$SCEN_DIR/l053r8-v2-1.json" openocd -f interface/stlink.cfg \
    -f target/stm32l0.cfg "${OPENOCD_NO_SERVERS[@]}" "${OCD_C[@]}" ||
    fail "openocd stm32lx mass_erase exited with an error"
expect_log "$log" 'mass erase complete' "stm32lx mass_erase (RDP 1 -> 0) completed"
[[ $(mdw_value "$log" 0x1ff80000) -eq $((0xff5500aa)) ]] ||
    fail "option word 0 after mass_erase is not 0xFF5500AA (level 0)"
dump_flash "$WORK_DIR/flash-erased.bin"
[[ -z "$(head -c 65536 "$WORK_DIR/flash-erased.bin" | od -An -v -tx1 | tr -d ' \n0')" ]] ||
    fail "program memory is not all 0x00 after the RDP regression"
say "ok: program memory erased to 0x00 by the regression"
show_stats
pass "OpenOCD programs and verifies L053, L073, L152RE; RDP regression erases the L053"
