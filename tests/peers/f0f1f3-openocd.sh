#!/usr/bin/env bash
# OpenOCD 0.12 programs and verifies an image with its own target files
# (stm32f1x.cfg, stm32f0x.cfg, stm32f3x.cfg) on the F0/F1/F3 scenarios,
# through ST-LINK/V2 and V2-1; on the XL-density STM32F103ZG also across
# the bank boundary into bank 2 (second register block, 0x08080000).
TEST_NAME="f0f1f3-openocd"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool openocd cmp python3

SCEN_DIR="$(cd "$(dirname "$0")/../../sim/scenarios" && pwd)"
IMG="$WORK_DIR/image.bin"
SIZE=16384
python3 -c "import random,sys; r=random.Random(103); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range($SIZE)))" >"$IMG"

# program_on SCENARIO TARGET_CFG ADDR [EXTRA OPENOCD ARGS...]
program_on() {
    local scen="$1" cfg="$2" addr="$3"
    shift 3
    local log="$WORK_DIR/$scen-$addr.log"
    rm -f "$STATE"
    say "check: openocd -f target/$cfg program image.bin $addr verify on $scen"
    on_bench "$log" 120 "$SCEN_DIR/$scen.json" openocd -f interface/stlink.cfg -f "target/$cfg" \
        "${OPENOCD_NO_SERVERS[@]}" "$@" -c "program $IMG $addr verify reset exit" ||
        fail "openocd program on $scen exited with an error"
    expect_log "$log" 'Verified OK' "OpenOCD verified the image ($scen at $addr)"
    dump_flash "$WORK_DIR/flash-$scen.bin"
    python3 - "$WORK_DIR/flash-$scen.bin" "$IMG" "$addr" <<'PY' || fail "flash of $scen does not hold the image at $addr"
import sys
d = open(sys.argv[1], "rb").read(); i = open(sys.argv[2], "rb").read()
o = int(sys.argv[3], 16) - 0x08000000
assert d[o:o + len(i)] == i
PY
    say "ok: the bench's flash holds the image at $addr ($scen)"
}

program_on f103rc-v2 stm32f1x.cfg 0x08000000
program_on f103c8-v2 stm32f1x.cfg 0x08000000
program_on f072rb-v2-1 stm32f0x.cfg 0x08000000
program_on f303vc-v2-1 stm32f3x.cfg 0x08000000
# stm32f1x.cfg declares bank 1 only (OpenOCD sees 512 KiB of an XL part);
# bank 2 is a second `flash bank` at 0x08080000 using the +0x40 registers.
program_on f103zg-v2-1 stm32f1x.cfg 0x0807e000 \
    -c "flash bank stm32f1x.flash2 stm32f1x 0x08080000 0 0 0 stm32f1x.cpu"
pass "OpenOCD programs and verifies on F103RC, F103C8, F072RB, F303VC and across the F103ZG banks"
