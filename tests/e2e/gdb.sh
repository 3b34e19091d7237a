#!/usr/bin/env bash
# `swdoctor gdbserver` end to end: gdb-multiarch in batch mode on the
# bench (an STM32F407 behind an ST-LINK/V2, build/scenarios/f407-v2.json).
#
#   gdb.sh session   the session script against swdoctor: load (vFlash*),
#                    monitor reset halt, break, continue, registers and
#                    memory read and written, x/4xw of the vector table,
#                    stepi, a watchpoint hit, Ctrl-C of a running target,
#                    monitor reset halt, detach; values from the ELF; the
#                    flash afterwards is the ELF's load image.  Then the
#                    same script against OpenOCD's GDB server on a fresh
#                    board, and the two transcripts compared (normalised:
#                    gdb-lib.sh normalise says what differs and why).
#   gdb.sh openocd   the session script against OpenOCD alone: proves the
#                    script, the bench and the assertions without swdoctor.
#   gdb.sh robust    one client at a time (a second is refused, the first
#                    keeps working), raw packets: bad checksum, oversized,
#                    garbage, disconnect mid-packet; a gdb session after.
#   gdb.sh fault     hardfault.elf: gdb is told of the fault, and
#                    `monitor doctor` names it (BusFault, BFAR, FORCED).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
group=${1:?usage: gdb.sh session|openocd|robust|fault}
TEST_NAME=gdb-$group
# shellcheck source=lib.sh
source "$here/lib.sh"
# shellcheck source=gdb-lib.sh
source "$here/gdb-lib.sh"
# shellcheck source=gdb-rsp.sh
source "$here/gdb-rsp.sh"

scen="$(dirname "$FW_DIR")/scenarios/f407-v2.json"   # erased flash, RDP 0
[[ -f "$scen" ]] || fail "scenario $scen not built"
elf=$(fw blinky.elf)

# ------------------------------------------------------------ the ELF's word
reset_handler=$(sym_addr "$elf" Reset_Handler)
toggle=$(sym_addr "$elf" toggle_leds)
toggle_size=$(sym_size "$elf" toggle_leds)
text_start=$(sym_addr "$elf" Default_Handler)   # first function in .text
text_end=$(sym_addr "$elf" _sidata)             # .text ends where .data's image starts
arm-none-eabi-objcopy -O binary -j .data "$elf" "$WORK_DIR/data.bin"
delay_init=$(od -An -tu4 -N4 "$WORK_DIR/data.bin" | tr -d ' ')
vectors=$(section_words "$elf" .isr_vector 4)
load_image "$elf" "$WORK_DIR/image.bin"
image_size=$(stat -c %s "$WORK_DIR/image.bin")
say "ELF: Reset_Handler $(hex "$reset_handler"), toggle_leds $(hex "$toggle") ($toggle_size bytes)," \
    "blink_delay_loops = $delay_init, vectors $vectors, load image $image_size bytes"

# ------------------------------------------------------------ the session
# session_script PORT REMOTE_LOG : the script both servers run.
session_script() {
    gdb_prologue "$1" "$2" retry
    cat <<'EOF'
load
EOF
    gdb_monitor "reset halt"
    cat <<'EOF'
printf "RESET_PC=%#x\n", $pc
break toggle_leds
continue
info registers pc
printf "BP_PC=%#x\n", $pc
printf "COUNT=%u\n", blink_count
printf "DELAY=%u\n", blink_delay_loops
set var blink_delay_loops = 1000
printf "DELAY_SET=%u\n", blink_delay_loops
x/1xw &blink_delay_loops
set $sd_r0 = $r0
set var $r0 = 0x12345678
printf "R0_SET=%#x\n", $r0
info registers r0
set var $r0 = $sd_r0
x/4xw 0x08000000
printf "STEP_FROM=%#x\n", $pc
stepi
printf "STEP_TO=%#x\n", $pc
delete
watch blink_count
echo @@watch-hit\n
continue
echo @@watch-end\n
printf "COUNT_W=%u\n", blink_count
delete
EOF
    gdb_interrupt_after 1.0
    cat <<'EOF'
echo @@interrupt\n
continue
echo @@interrupt-end\n
printf "INT_PC=%#x\n", $pc
printf "COUNT_INT=%u\n", blink_count
EOF
    gdb_monitor "reset halt"
    cat <<'EOF'
printf "RESET_PC2=%#x\n", $pc
info registers pc
detach
EOF
}

# section LOG BEGIN END : the lines between two marker lines.
section() { sed -n "/^$2\$/,/^$3\$/p" "$1"; }

# run_session KIND : the session against KIND's server on a fresh board;
# every assertion on the transcript; the flash afterwards.  Leaves the
# transcript in $WORK_DIR/KIND/gdb.log.
run_session() {
    local kind="$1" dir="$WORK_DIR/$1" port rc=0
    mkdir -p "$dir"
    port=$(free_port)
    session_script "$port" "$dir/remote.log" >"$dir/session.gdb"
    start_server "$kind" "$port" "$dir/state.bin" "$dir/server.log" "$scen"
    run_gdb "$dir/gdb.log" 60 "$dir/session.gdb" "$elf" || rc=$?
    local log="$dir/gdb.log"
    # swdoctor's server ends when its client detaches (no --persist);
    # OpenOCD keeps listening.  Either way: stopped by PID, then its log.
    if [[ $kind == swdoctor ]]; then
        if wait_server_exit 10; then
            say "ok: swdoctor gdbserver ended when its client detached (no --persist)"
        else
            miss "swdoctor gdbserver still runs 10 s after its client detached (no --persist)"
        fi
    fi
    stop_server
    say "$kind's output:"
    sed 's/^/    | /' "$dir/server.log"

    local retries
    retries=$(grep -c '^@@connect-retry: ' "$log" || true)
    if [[ $kind == swdoctor && $retries -gt 0 ]]; then
        miss "swdoctor dropped $retries gdb connection(s) during the handshake"
    elif [[ $retries -gt 0 ]]; then
        say "note: $kind turned gdb away $retries time(s) during the handshake (gdb-lib.sh gdb_prologue: the bench's select())"
    fi
    expect_log "$log" "^Start address $(printf '0x%08x' "$reset_handler"), load size $image_size\$" \
        "$kind: load wrote the ELF's $image_size bytes, entry Reset_Handler"
    local p
    for p in vFlashErase vFlashWrite vFlashDone; do
        # ("+" first when the server keeps acknowledgements on.)
        grep -aEq "w \\+?\\\$$p" "$dir/remote.log" || fail "$kind: load sent no $p packet (remote log $dir/remote.log)"
    done
    say "ok: $kind: load programmed flash through vFlashErase/vFlashWrite/vFlashDone"
    # (load itself sets pc to the entry point; RESET_PC2 below, after the
    # target ran, is the check that matters.)
    check_eq "$log" RESET_PC "$(hex "$reset_handler")" "$kind: monitor reset halt: pc at Reset_Handler"

    local bp
    bp=$(sed -n 's/^Breakpoint 1 at \(0x[0-9a-f]*\): file .*/\1/p' "$log" | head -n 1)
    [[ -n "$bp" ]] || fail "$kind: gdb did not set breakpoint 1 in toggle_leds"
    (( bp >= toggle && bp < toggle + toggle_size )) ||
        fail "$kind: breakpoint at $bp is outside toggle_leds"
    check_eq "$log" BP_PC "$(hex "$bp")" "$kind: continue stopped at the breakpoint in toggle_leds"
    expect_log "$log" "^Breakpoint 1, toggle_leds \(\)" "$kind: gdb reports breakpoint 1 hit"
    expect_log "$log" "^pc +$(hex "$bp") +$(hex "$bp") <toggle_leds(\+[0-9]+)?>\$" \
        "$kind: info registers pc names toggle_leds"
    check_eq "$log" COUNT 0 "$kind: blink_count zeroed by the reset handler (.bss)"
    check_eq "$log" DELAY "$delay_init" "$kind: blink_delay_loops as in the ELF's .data"
    check_eq "$log" DELAY_SET 1000 "$kind: set var blink_delay_loops read back"
    expect_log "$log" "^0x20000000 <blink_delay_loops>:[[:space:]]+0x000003e8\$" \
        "$kind: x/1xw of blink_delay_loops shows the written word"
    check_eq "$log" R0_SET 0x12345678 "$kind: r0 written and read back"
    expect_log "$log" "^r0 +0x12345678 +305419896\$" "$kind: info registers r0 after the write"
    local got
    got=$(sed -n 's/^0x8000000 <fw_vector_table>:[[:space:]]*//p' "$log" | tr -s '[:space:]' ' ' | sed 's/ $//')
    [[ "$got" == "$vectors" ]] || fail "$kind: x/4xw 0x08000000 shows '$got', the ELF's vector table is '$vectors'"
    say "ok: $kind: x/4xw of the vector table equals the ELF ($got)"
    local from to
    from=$(value "$log" STEP_FROM) to=$(value "$log" STEP_TO)
    [[ -n "$from" && -n "$to" ]] || fail "$kind: no pc before/after stepi"
    (( to == from + 2 || to == from + 4 )) ||
        fail "$kind: stepi from $from went to $to (one Thumb instruction is 2 or 4 bytes)"
    say "ok: $kind: stepi advanced pc by one instruction ($from -> $to)"

    expect_log "$log" "^Hardware watchpoint 2: blink_count\$" "$kind: watchpoint on blink_count set"
    local watch
    watch=$(section "$log" @@watch-hit @@watch-end)
    # The store is in toggle_leds; gdb may step once more (gdb-lib.sh
    # normalise, rule 5) and show main, which toggle_leds returns to.
    grep -Eq "(toggle_leds|main) \(\) at " <<<"$watch" ||
        fail "$kind: the watchpoint did not stop in toggle_leds or just after it in main"
    if [[ $kind == swdoctor ]]; then
        # OpenOCD's hla target does not say which watchpoint hit (plain
        # T05: gdb shows SIGTRAP); swdoctor must (T05watch:ADDR;).
        if ! grep -q "^Hardware watchpoint 2: blink_count\$" <<<"$watch" ||
            ! grep -q "^Old value = 0\$" <<<"$watch" || ! grep -q "^New value = 1\$" <<<"$watch"; then
            fail "$kind: gdb did not report 'Hardware watchpoint 2: blink_count' with Old value = 0, New value = 1"
        fi
        say "ok: $kind: watchpoint hit reported with old and new value"
    fi
    check_eq "$log" COUNT_W 1 "$kind: blink_count after the watchpoint hit"

    section "$log" @@interrupt @@interrupt-end | grep -q "^Program received signal SIGINT, Interrupt\.\$" ||
        fail "$kind: Ctrl-C did not stop the running target with SIGINT"
    local ipc icount
    ipc=$(value "$log" INT_PC) icount=$(value "$log" COUNT_INT)
    [[ -n "$ipc" && -n "$icount" ]] || fail "$kind: no pc/count after the interrupt"
    (( ipc >= text_start && ipc < text_end )) || fail "$kind: interrupted at $ipc, outside .text"
    (( icount > 1 )) || fail "$kind: blink_count $icount after 1 s of running: the target did not run"
    say "ok: $kind: Ctrl-C stopped the running target at $ipc (blink_count $icount)"
    check_eq "$log" RESET_PC2 "$(hex "$reset_handler")" "$kind: monitor reset halt after running: pc at Reset_Handler"
    expect_log "$log" "^pc +$(hex "$reset_handler") +$(hex "$reset_handler") <Reset_Handler>\$" \
        "$kind: info registers pc names Reset_Handler"
    expect_log "$log" "^\[Inferior 1 \(Remote target\) detached\]\$" "$kind: detached"
    [[ $rc -eq 0 ]] || fail "$kind: gdb exited with status $rc"

    flash_dump "$dir/state.bin" "$dir/flash.bin"
    cmp -n "$image_size" "$dir/flash.bin" "$WORK_DIR/image.bin" ||
        fail "$kind: the flash does not hold the ELF's load image"
    say "ok: $kind: flash holds the ELF's load image ($image_size bytes)"
}

group_session() {
    run_session swdoctor
    run_session openocd
    normalise "$WORK_DIR/swdoctor/gdb.log" "$WORK_DIR/swdoctor.norm"
    normalise "$WORK_DIR/openocd/gdb.log" "$WORK_DIR/openocd.norm"
    if ! diff -u "$WORK_DIR/openocd.norm" "$WORK_DIR/swdoctor.norm" >"$WORK_DIR/compare.diff"; then
        sed 's/^/    | /' "$WORK_DIR/compare.diff"
        fail "the same gdb script gives different results with OpenOCD (-) and swdoctor (+) (diff above)"
    fi
    say "ok: normalised transcripts identical ($(wc -l <"$WORK_DIR/swdoctor.norm") lines)"
}

group_openocd() {
    run_session openocd
}

# ------------------------------------------------------------ robustness
# rsp STEP PORT : run one raw-client step; output in $WORK_DIR/rsp-STEP.log.
rsp() {
    local log="$WORK_DIR/rsp-$1.log" rc=0
    say "\$ python3 rsp.py $2 $1"
    timeout --kill-after=5 40 python3 "$WORK_DIR/rsp.py" "$2" "$1" >"$log" 2>&1 || rc=$?
    sed 's/^/    | /' "$log"
    [[ $rc -eq 0 ]] || fail "raw client step $1 failed (status $rc, output above)"
}

# The first 16 bytes of the vector table as the m packet returns them (hex,
# little endian as in memory).
vector_hex() { od -An -tx1 -v -N 16 "$WORK_DIR/image.bin" | tr -d ' \n'; }

group_robust() {
    local dir="$WORK_DIR/robust" port rc=0
    mkdir -p "$dir"
    port=$(free_port)
    write_rsp_client
    start_server swdoctor "$port" "$dir/state.bin" "$dir/server.log" "$scen" --persist

    # The board gets blinky, so memory reads have an answer to check.
    { gdb_prologue "$port" "$dir/remote-load.log"; printf 'load\ndetach\n'; } >"$dir/load.gdb"
    run_gdb "$dir/load.log" 60 "$dir/load.gdb" "$elf" || fail "gdb could not load blinky (status $?)"
    server_alive || fail "the server stopped after the first client detached (--persist)"
    say "ok: --persist: the server still runs after the first client"

    # A second client while one is attached: refused; the first goes on.
    rsp two-clients "$port"
    local l="$WORK_DIR/rsp-two-clients.log" want
    want=$(vector_hex)
    that "the second client is not served (no stop reply to '?')" [ "$(value "$l" B_SERVED)" == 0 ]
    that "the second client's connection is closed" [ "$(value "$l" B_CLOSED)" == 1 ]
    that "the second client is told why ('$(value "$l" B_TEXT)')" [ -n "$(value "$l" B_TEXT)" ]
    that "the first client keeps working: reads the ELF's vector table ('$(value "$l" A_AFTER)')" \
        [ "$(value "$l" A_AFTER)" == "$want" ]

    # The same refusal as gdb sees it: gdb must show the server's reason.
    # gdb prints an error reply to its first packet ("warning: Remote
    # failure reply: E.<text>"); text sent before gdb's first packet, or a
    # bare close, shows only "Remote communication error".
    local holder
    python3 -c 'import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"$?#3f"); time.sleep(8)' "$port" &
    holder=$!
    sleep 0.5
    { gdb_prologue "$port" "$dir/remote-second.log"; printf 'printf "CONNECTED=1\\n"\n'; } >"$dir/second.gdb"
    rc=0
    run_gdb "$dir/second.log" 30 "$dir/second.gdb" "$elf" || rc=$?
    kill "$holder" 2>/dev/null || true
    wait "$holder" 2>/dev/null || true
    if grep -q '^CONNECTED=1$' "$dir/second.log"; then
        miss "a second gdb connected while a client was attached"
    elif grep -Eiq 'busy|another client|refus' "$dir/second.log"; then
        say "ok: a second gdb is refused and says why"
    else
        miss "a second gdb is refused without a reason it can show ($(grep -v '^[[:space:]]*$' "$dir/second.log" | tail -n 1))"
    fi
    server_alive || fail "the server died after refusing a client"

    # Malformed input from one client; the server keeps serving.
    rsp bad-input "$port"
    l="$WORK_DIR/rsp-bad-input.log"
    local w4=${want:0:8}
    that "bad checksum answered with '-' (got '$(value "$l" BADSUM_REPLY)')" [ "$(value "$l" BADSUM_REPLY)" == - ]
    that "bad checksum: the packet is not acted on (more: '$(value "$l" BADSUM_MORE)')" \
        [ -z "$(value "$l" BADSUM_MORE)" ]
    that "the resent packet is served ('$(value "$l" RESEND)')" [ "$(value "$l" RESEND)" == "$w4" ]
    # An oversized packet may be refused or cost the connection; either
    # way the server answers afterwards (on this or a new connection).
    that "oversized packet dropped (reply '$(value "$l" BIG_REPLY)'), served after it ('$(value "$l" AFTER_BIG)')" \
        [ "$(value "$l" AFTER_BIG)" == "$w4" -o "$(value "$l" AFTER_BIG)" == "<disconnected>" ]
    that "garbage and a non-hex checksum are not acted on (reply '$(value "$l" GARBAGE_REPLY)')" \
        [ "$(value "$l" GARBAGE_ACTED)" == 0 ]
    that "garbage ignored (reply '$(value "$l" GARBAGE_REPLY)'), the next packet served ('$(value "$l" AFTER_GARBAGE)')" \
        [ "$(value "$l" AFTER_GARBAGE)" == "$w4" ]
    sleep 0.5
    server_alive || fail "the server died after a client disconnected mid-packet"
    say "ok: the server runs after a disconnect in the middle of a packet"

    # And a real gdb session still works.
    { gdb_prologue "$port" "$dir/remote-after.log"
      gdb_monitor "reset halt"
      # shellcheck disable=SC2016  # $pc is gdb's
      printf 'printf "PC=%%#x\\n", $pc\nx/4xw 0x08000000\ndetach\n'; } >"$dir/after.gdb"
    rc=0
    run_gdb "$dir/after.log" 60 "$dir/after.gdb" "$elf" || rc=$?
    that "gdb after the malformed input exits with status 0 ($rc)" [ "$rc" -eq 0 ]
    check_eq "$dir/after.log" PC "$(hex "$reset_handler")" "gdb after the bad input: reset halt at Reset_Handler"
    local got
    got=$(sed -n 's/^0x8000000 <fw_vector_table>:[[:space:]]*//p' "$dir/after.log" | tr -s '[:space:]' ' ' | sed 's/ $//')
    that "gdb after the bad input reads the ELF's vector table ('$got')" [ "$got" == "$vectors" ]
    server_alive || fail "the server stopped (--persist)"
    stop_server
    sed 's/^/    | /' "$dir/server.log"
}

# ------------------------------------------------------------ a fault
group_fault() {
    local dir="$WORK_DIR/fault" port rc=0 felf
    felf=$(fw hardfault.elf)
    local hf hf_size
    hf=$(sym_addr "$felf" HardFault_Handler)
    hf_size=$(sym_size "$felf" HardFault_Handler)
    mkdir -p "$dir"
    port=$(free_port)
    {
        gdb_prologue "$port" "$dir/remote.log"
        echo load
        gdb_monitor "reset halt"
        # If the server never reports the fault, Ctrl-C after 15 s ends the
        # wait (and the SIGINT below fails the test) instead of a hang.
        gdb_interrupt_after 15.0
        cat <<'EOF'
echo @@fault\n
continue
echo @@fault-end\n
printf "FAULT_PC=%#x\n", $pc
info registers pc
echo @@doctor\n
monitor doctor
echo @@doctor-end\n
detach
EOF
    } >"$dir/fault.gdb"
    start_server swdoctor "$port" "$dir/state.bin" "$dir/server.log" "$scen"
    run_gdb "$dir/gdb.log" 60 "$dir/fault.gdb" "$felf" || rc=$?
    wait_server_exit 10 || true
    stop_server
    sed 's/^/    | /' "$dir/server.log"
    local log="$dir/gdb.log" stop
    stop=$(section "$log" @@fault @@fault-end | grep '^Program received signal' || true)
    if [[ -z "$stop" ]]; then
        miss "gdb reported no stop after continue on hardfault.elf"
    elif [[ "$stop" == *SIGINT* ]]; then
        miss "the fault was not reported: only the Ctrl-C after 15 s stopped the target"
    elif ! grep -Eq 'SIGSEGV|SIGBUS' <<<"$stop"; then
        miss "the fault stop is '$stop', expected SIGSEGV (or SIGBUS)"
    else
        say "ok: gdb told of the fault: $stop"
    fi
    # With the fault caught (DEMCR.VC_HARDERR, ARMv7-M C1.6.5) the core
    # halts on exception entry: pc at HardFault_Handler's first instruction;
    # spinning in it (caught late) is inside it too.
    local fpc
    fpc=$(value "$log" FAULT_PC)
    if [[ -z "$fpc" ]]; then
        miss "no pc after the fault"
    elif (( fpc >= hf && fpc < hf + hf_size )); then
        say "ok: stopped in HardFault_Handler ($fpc)"
    else
        miss "stopped at $fpc, outside HardFault_Handler ($(hex "$hf"), $hf_size bytes)"
    fi
    local doc re
    doc=$(section "$log" @@doctor @@doctor-end)
    for re in BusFault BFAR 0x20020000 FORCED; do
        grep -q -- "$re" <<<"$doc" || miss "monitor doctor does not mention $re"
    done
    say "checked: monitor doctor names BusFault, BFAR 0x20020000 and FORCED"
    [[ $rc -eq 0 ]] || miss "gdb exited with status $rc"
}

case "$group" in
    session) group_session ;;
    openocd) group_openocd ;;
    robust) group_robust ;;
    fault) group_fault ;;
    *) fail "unknown group $group" ;;
esac
finish
