#!/usr/bin/env bash
# STM32L5/U5 (TrustZone off) on the bench with OpenOCD's own stm32l4x
# driver and target files: `program ... verify` of 16 KiB on an L552ZE
# (target/stm32l5x.cfg, HLA ST-LINK) and a U585AI (target/stm32u5x.cfg,
# ST-LINK DAP driver); both run their reset-init clock setup (PLL, PWR
# voltage scaling, EPOD booster on U5) against the bench's RCC/PWR.  Then
# on the U585: `stm32l4x lock` (RDP 0xAA -> level 1, OBL_LAUNCH) and
# `stm32l4x unlock` (back to 0xAA): the regression must erase the flash.
TEST_NAME="l5u5-openocd"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool openocd cmp od

SCEN_DIR="$(cd "$(dirname "$0")/../../sim/scenarios" && pwd)"
image="$WORK_DIR/image.bin"
head -c 16384 /dev/urandom >"$image"

program_on() {
    local scen="$1" cfg="$2" iface="$3" log="$WORK_DIR/program-$1.log"
    STATE="$WORK_DIR/$scen.state"
    rm -f "$STATE"
    say "check: openocd -f interface/$iface.cfg -f target/$cfg.cfg program (16 KiB) verify on $scen"
    on_bench "$log" 60 "$SCEN_DIR/$scen.json" openocd -f "interface/$iface.cfg" \
        -f "target/$cfg.cfg" "${OPENOCD_NO_SERVERS[@]}" \
        -c "program $image 0x08000000 verify reset exit" ||
        fail "openocd program on $scen exited with an error"
    expect_log "$log" 'TZEN = 0 : TrustZone disabled' "OpenOCD reads TZEN = 0 ($scen)"
    expect_log "$log" 'flash mode : dual-bank' "OpenOCD sees two banks ($scen)"
    expect_log "$log" 'Verified OK' "OpenOCD verified the image ($scen)"
    dump_flash "$WORK_DIR/flash-$scen.bin"
    same_prefix "$image" "$WORK_DIR/flash-$scen.bin" 16384 "flash holds the image ($scen)"
}

program_on l552ze-v3 stm32l5x stlink
program_on u585ai-v3 stm32u5x stlink-dap

STATE="$WORK_DIR/u585ai-v3.state"
log="$WORK_DIR/lock-unlock.log"
ocd_c init "reset halt" "stm32l4x lock 0" "reset halt" "stm32l4x option_read 0 0x40" \
    "stm32l4x unlock 0" "reset halt" "stm32l4x option_read 0 0x40" shutdown
on_bench "$log" 60 "$SCEN_DIR/u585ai-v3.json" openocd -f interface/stlink.cfg \
    -f target/stm32u5x.cfg "${OPENOCD_NO_SERVERS[@]}" "${OCD_C[@]}" ||
    fail "openocd stm32l4x lock/unlock exited with an error"
expect_log "$log" 'RDP level 1' "stm32l4x lock set RDP level 1"
expect_log "$log" 'RDP level 0 \(0xAA\)' "stm32l4x unlock brought RDP back to level 0"
dump_flash "$WORK_DIR/flash-regressed.bin"
[[ -z "$(head -c 65536 "$WORK_DIR/flash-regressed.bin" | od -An -v -tx1 | tr -d ' \nf')" ]] ||
    fail "flash is not erased (0xFF) after the RDP 1 -> 0 regression"
say "ok: the regression erased the flash"
show_stats
pass "OpenOCD programs and verifies L552ZE and U585AI; RDP 1 -> 0 erases the U585"
