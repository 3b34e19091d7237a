#!/usr/bin/env bash
# st-flash (stlink-tools 1.7) writes a 32 KiB image and reads it back on
# the L4-class parts its chip table knows: L4xx (0x415), L4Rx (0x470),
# G070/G071/G081 (0x460), G4 cat.3 (0x469), WB55 (0x495).  stlink 1.7 has
# no WL or C0 entry (`strings libstlink.so.1` lists its chips).
TEST_NAME="l4-st-flash"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool st-flash cmp python3

SCEN_DIR="$(cd "$(dirname "$0")/../../sim/scenarios" && pwd)"
image="$WORK_DIR/image.bin"
python3 - "$image" <<'PY'
import random, struct, sys
rnd = random.Random(0x15)
data = bytearray(rnd.randrange(256) for _ in range(32 * 1024))
data[0:8] = struct.pack('<II', 0x20001000, 0x08000009)
data[8:10] = b'\xfe\xe7'
open(sys.argv[1], 'wb').write(data)
PY
size=$(file_size "$image")

write_read_on() {
    local scen="$1" sc="$SCEN_DIR/$1.json"
    rm -f "$STATE"
    say "check: st-flash write / read on $scen"
    on_bench "$WORK_DIR/write-$scen.log" 60 "$sc" st-flash write "$image" 0x08000000 ||
        fail "st-flash write on $scen exited with an error"
    dump_flash "$WORK_DIR/flash-$scen.bin"
    same_prefix "$image" "$WORK_DIR/flash-$scen.bin" "$size" "flash holds the image after st-flash ($scen)"
    on_bench "$WORK_DIR/read-$scen.log" 60 "$sc" st-flash read "$WORK_DIR/back-$scen.bin" 0x08000000 "$size" ||
        fail "st-flash read on $scen exited with an error"
    same_prefix "$image" "$WORK_DIR/back-$scen.bin" "$size" "st-flash read back ($scen)"
}

write_read_on l476rg-v2-1
write_read_on l4r5zi-v3
write_read_on g071rb-v2-1
write_read_on g474re-v3
write_read_on wb55rg-v2-1
show_stats
pass "st-flash writes and reads back on L4, L4+, G0, G4 and WB"
