#!/usr/bin/env bash
# Read protection of the STM32F1 (PM0075 §2.4.1) with OpenOCD's own
# commands: `stm32f1x lock` programs RDP != 0xA5 (level 1 after a reset:
# FLASH_OBR.RDPRT set, the debugger cannot read flash), `stm32f1x unlock`
# erases the option bytes and programs 0xA5, which mass-erases the flash.
TEST_NAME="f0f1f3-rdp"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool openocd python3

SCEN="$(cd "$(dirname "$0")/../../sim/scenarios" && pwd)/f103rc-v2.json"
IMG="$WORK_DIR/image.bin"
python3 -c "import random,sys; r=random.Random(1); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(8192)))" >"$IMG"
OBR=0x4002201c         # FLASH_OBR: bit 1 RDPRT (RM0008 §3.4.6)
OCD=(-f interface/stlink.cfg -f target/stm32f1x.cfg "${OPENOCD_NO_SERVERS[@]}")

rdprt() { echo $(( ($(mdw_value "$1" "$OBR") >> 1) & 1 )); }

say "check: program an image at level 0"
on_bench "$WORK_DIR/program.log" 120 "$SCEN" openocd "${OCD[@]}" -c "program $IMG 0x08000000 verify reset exit" ||
    fail "openocd program failed"
expect_log "$WORK_DIR/program.log" 'Verified OK' "image programmed"

say "check: stm32f1x lock, then a reset loads RDP level 1"
ocd_c init "reset halt" "stm32f1x lock 0" "reset halt" "mdw $OBR" exit
on_bench "$WORK_DIR/lock.log" 120 "$SCEN" openocd "${OCD[@]}" "${OCD_C[@]}" || true
expect_log "$WORK_DIR/lock.log" 'stm32x locked' "OpenOCD reports the lock"
[[ $(rdprt "$WORK_DIR/lock.log") == 1 ]] || fail "FLASH_OBR.RDPRT is not set after lock + reset"
say "ok: FLASH_OBR.RDPRT = 1"

say "check: at level 1 the debugger cannot read the flash"
rc=0
ocd_c init "reset halt" "mdw 0x08000000" exit
on_bench "$WORK_DIR/read.log" 120 "$SCEN" openocd "${OCD[@]}" "${OCD_C[@]}" || rc=$?
[[ $rc -ne 0 && $rc -ne 124 && $rc -ne 137 ]] || fail "reading flash at RDP 1 did not fail cleanly (exit status $rc)"
if grep -Eq '^0x08000000: ' "$WORK_DIR/read.log"; then fail "flash was readable at RDP 1"; fi
say "ok: flash read refused (exit status $rc)"

say "check: stm32f1x unlock mass-erases and brings back level 0"
ocd_c init "reset halt" "stm32f1x unlock 0" "reset halt" "mdw $OBR" "mdw 0x08000000 4" exit
on_bench "$WORK_DIR/unlock.log" 120 "$SCEN" openocd "${OCD[@]}" "${OCD_C[@]}" || fail "OpenOCD's unlock failed"
expect_log "$WORK_DIR/unlock.log" 'stm32x unlocked' "OpenOCD reports the unlock"
[[ $(rdprt "$WORK_DIR/unlock.log") == 0 ]] || fail "FLASH_OBR.RDPRT still set after unlock + reset"
expect_log "$WORK_DIR/unlock.log" '^0x08000000: ffffffff ffffffff ffffffff ffffffff' "flash reads erased"
dump_flash "$WORK_DIR/flash.bin"
python3 - "$WORK_DIR/flash.bin" <<'PY' || fail "the flash is not erased after the unlock"
import sys
d = open(sys.argv[1], "rb").read()
assert set(d) == {0xFF}
PY
pass "stm32f1x lock -> RDP 1 (flash closed), unlock -> mass erase, RDP 0"
