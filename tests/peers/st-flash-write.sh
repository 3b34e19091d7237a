#!/usr/bin/env bash
# st-flash writes blinky.bin at 0x08000000; the bench's flash then holds
# exactly those bytes, and st-flash reads them back.
TEST_NAME="st-flash-write"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool st-flash cmp

image="$(fw blinky bin)"
size=$(file_size "$image")
scenario="$WORK_DIR/v2-erased.json"
make_scenario "$scenario" v2 ""        # an erased chip: st-flash must write it all

say "check: st-flash write $image ($size bytes) at 0x08000000"
on_bench "$WORK_DIR/write.log" 120 "$scenario" st-flash write "$image" 0x08000000 ||
    fail "st-flash write exited with an error"

say "check: the bench's flash starts with the image"
dump_flash "$WORK_DIR/flash.bin"
same_prefix "$image" "$WORK_DIR/flash.bin" "$size" "flash content after st-flash write"

say "check: st-flash read gives the image back"
on_bench "$WORK_DIR/read.log" 120 "$scenario" st-flash read "$WORK_DIR/readback.bin" 0x08000000 "$size" ||
    fail "st-flash read exited with an error"
need_file "$WORK_DIR/readback.bin" "st-flash read output"
[[ $(file_size "$WORK_DIR/readback.bin") -eq $size ]] ||
    fail "st-flash read wrote $(file_size "$WORK_DIR/readback.bin") bytes, expected $size"
same_prefix "$image" "$WORK_DIR/readback.bin" "$size" "st-flash read back"
pass "st-flash write, dump and read agree"
