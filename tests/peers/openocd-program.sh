#!/usr/bin/env bash
# OpenOCD's `program ... verify reset exit` on the bench: through the HLA
# ST-LINK driver on a V2, and through the ST-LINK DAP driver on a V3.
TEST_NAME="openocd-program"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool openocd cmp

elf="$(fw blinky elf)"
bin="$(fw blinky bin)"

program_on() {
    local model="$1"
    shift
    local scenario="$WORK_DIR/$model-erased.json" log="$WORK_DIR/program-$model.log"
    rm -f "$STATE"
    make_scenario "$scenario" "$model" ""
    say "check: openocd $* -c \"program blinky.elf verify reset exit\" on a $model"
    on_bench "$log" 120 "$scenario" openocd "$@" -c "program $elf verify reset exit" ||
        fail "openocd program on a $model exited with an error"
    expect_log "$log" 'Verified OK' "OpenOCD verified the image ($model)"
    dump_flash "$WORK_DIR/flash-$model.bin"
    same_prefix "$bin" "$WORK_DIR/flash-$model.bin" "$(file_size "$bin")" "flash holds blinky after OpenOCD ($model)"
}

program_on v2 "${OPENOCD_STLINK[@]}"
program_on v3 "${OPENOCD_STLINK_DAP[@]}"
pass "OpenOCD programs and verifies blinky on V2 (hla) and V3 (stlink-dap)"
