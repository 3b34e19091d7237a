#!/usr/bin/env bash
# gdb through OpenOCD's GDB server on the bench: load blinky, break at
# main, continue, read pc, single-step, read the program's variables, and
# compare with what the ELF says.
TEST_NAME="gdb-openocd"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tool openocd gdb-multiarch arm-none-eabi-nm arm-none-eabi-objcopy od

elf="$(fw blinky elf)"
scenario="$WORK_DIR/v2-erased.json"
make_scenario "$scenario" v2 ""

# What the ELF says, independently of gdb.
sym() {
    local a
    a=$(arm-none-eabi-nm "$elf" | awk -v s="$1" '$3 == s { print $1 }')
    [[ -n "$a" ]] || fail "symbol $1 not in $elf"
    printf '%d\n' "0x$a"
}
main_addr=$(sym main)
toggle_addr=$(sym toggle_leds)
arm-none-eabi-objcopy -O binary -j .data "$elf" "$WORK_DIR/data.bin"
delay_init=$(od -An -tu4 -N4 "$WORK_DIR/data.bin" | tr -d ' ')
say "ELF: main at $(printf '%#x' "$main_addr"), toggle_leds at $(printf '%#x' "$toggle_addr"), blink_delay_loops initialised to $delay_init"

port=$(free_port)
ocd_log="$WORK_DIR/openocd.log"
say "starting OpenOCD's GDB server on 127.0.0.1:$port"
"$SWDOCTOR_SIM" run --state "$STATE" --stats "$STATS" "$scenario" -- \
    openocd "${OPENOCD_STLINK_GDB[@]}" \
    -c "gdb_port $port; bindto 127.0.0.1; tcl_port disabled; telnet_port disabled" \
    >"$ocd_log" 2>&1 &
ocd_pid=$!
# Stop exactly the OpenOCD we started (the launcher execs it, so $! is
# OpenOCD): SIGTERM, then SIGKILL if it has not gone within 5 s.
stop_openocd() {
    kill -0 "$ocd_pid" 2>/dev/null || return 0
    kill "$ocd_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$ocd_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$ocd_pid" 2>/dev/null || true
    wait "$ocd_pid" 2>/dev/null || true
}
trap stop_openocd EXIT

# Wait for the server to listen (it prints this line when it does).
for _ in $(seq 1 300); do
    grep -q "Listening on port $port for gdb connections" "$ocd_log" && break
    kill -0 "$ocd_pid" 2>/dev/null || break
    sleep 0.1
done
if ! grep -q "Listening on port $port for gdb connections" "$ocd_log"; then
    sed 's/^/    | /' "$ocd_log"
    fail "OpenOCD did not start its GDB server on port $port (output above)"
fi
say "ok: OpenOCD listens on $port (pid $ocd_pid)"

cat >"$WORK_DIR/session.gdb" <<EOF2
set pagination off
set confirm off
set width 0
target extended-remote 127.0.0.1:$port
monitor reset halt
load
break *main
continue
printf "MAIN_PC=%u\n", (unsigned int)\$pc
stepi
printf "STEP_PC=%u\n", (unsigned int)\$pc
printf "DELAY=%u\n", blink_delay_loops
break *toggle_leds
continue
printf "TOGGLE_PC=%u\n", (unsigned int)\$pc
printf "COUNT_AT_FIRST=%u\n", blink_count
finish
printf "COUNT_AFTER_FIRST=%u\n", blink_count
set var blink_delay_loops = 1000
continue
finish
printf "COUNT_AFTER_SECOND=%u\n", blink_count
info registers pc
delete
detach
EOF2
gdb_log="$WORK_DIR/gdb.log"
rc=0
run_tool "$gdb_log" 180 gdb-multiarch -nx -batch -x "$WORK_DIR/session.gdb" "$elf" || rc=$?
say "OpenOCD's output:"
sed 's/^/    | /' "$ocd_log"

value() { sed -n "s/^$1=//p" "$gdb_log" | tail -n 1; }
check_eq() {
    local name="$1" want="$2" what="$3" got
    got=$(value "$name")
    [[ -n "$got" ]] || fail "$what: gdb printed no $name (gdb exit status $rc; output above)"
    [[ "$got" == "$want" ]] || fail "$what: expected $want, gdb says $got"
    say "ok: $what ($got)"
}

expect_log "$gdb_log" 'Transfer rate|Start address' "gdb loaded the ELF"
check_eq MAIN_PC "$main_addr" "pc at the main breakpoint equals nm's address of main"
step_pc=$(value STEP_PC)
[[ -n "$step_pc" ]] || fail "stepi: gdb printed no pc"
(( step_pc == main_addr + 2 || step_pc == main_addr + 4 )) ||
    fail "stepi from main: pc $(printf '%#x' "$step_pc"), expected main+2 or main+4 (one Thumb instruction)"
say "ok: stepi moved pc by one instruction to $(printf '%#x' "$step_pc")"
check_eq DELAY "$delay_init" "blink_delay_loops copied from flash by the reset handler (.data)"
check_eq TOGGLE_PC "$toggle_addr" "breakpoint in toggle_leds hit at its address"
check_eq COUNT_AT_FIRST 0 "blink_count zeroed by the reset handler (.bss)"
check_eq COUNT_AFTER_FIRST 1 "blink_count after the first toggle_leds"
check_eq COUNT_AFTER_SECOND 2 "blink_count after the second toggle_leds"
[[ $rc -eq 0 ]] || fail "gdb exited with status $rc"
pass "gdb load/break/continue/stepi/print through OpenOCD agree with the ELF"
