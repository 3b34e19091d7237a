# Helpers for tests/e2e/gdb.sh (sourced after lib.sh): GDB servers on the
# bench (swdoctor's and OpenOCD's), gdb-multiarch in batch mode, what the
# ELF says, and the normalisation that lets two gdb transcripts be compared.
# shellcheck shell=bash

need_tool() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 ||
            fail "'$t' is not installed: run \`make deps\` (gdb-multiarch, openocd, gcc-arm-none-eabi, python3)"
    done
}
need_tool gdb-multiarch openocd arm-none-eabi-nm arm-none-eabi-objcopy \
    python3 od cmp timeout

# ---------------------------------------------------------------- the ELF
# sym_addr ELF SYMBOL : the symbol's address (decimal), from nm.
sym_addr() {
    local a
    a=$(arm-none-eabi-nm "$1" | awk -v s="$2" '$3 == s { print $1; exit }')
    [[ -n "$a" ]] || fail "symbol $2 not in $1"
    printf '%d\n' "0x$a"
}
# sym_size ELF SYMBOL : the symbol's size in bytes (decimal), from nm -S.
sym_size() {
    local s
    s=$(arm-none-eabi-nm -S "$1" | awk -v s="$2" '$4 == s { print $2; exit }')
    [[ -n "$s" ]] || fail "symbol $2 has no size in $1"
    printf '%d\n' "0x$s"
}
# section_words ELF SECTION N : the first N 32-bit words of SECTION as
# gdb's x/xw prints them (0x%08x, space separated).
section_words() {
    local bin="$WORK_DIR/section$2.bin"
    arm-none-eabi-objcopy -O binary -j "$2" "$1" "$bin" || fail "objcopy -j $2 $1"
    od -An -tx4 -v -N $(( $3 * 4 )) "$bin" | xargs -n1 printf '0x%s ' | sed 's/ $//'
}
# load_image ELF OUT : what `load` must leave in flash from its start: the
# ELF's loadable sections at their load addresses (objcopy -O binary uses
# the LMA, so .data sits after .text as the reset handler expects).
load_image() {
    arm-none-eabi-objcopy -O binary "$1" "$2" || fail "objcopy -O binary $1"
}
hex() { printf '%#x' "$1"; }

# ---------------------------------------------------------------- servers
# free_port : a TCP port the kernel just gave out on 127.0.0.1 (racy by
# nature; start_server checks that its server did bind it).
free_port() {
    python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# listening PORT : something listens on 127.0.0.1:PORT (/proc/net/tcp,
# state 0A).  Read from the kernel rather than by connecting: swdoctor's
# server serves one client at a time and a probe connection would be one.
listening() {
    local want
    want=$(printf '0100007F:%04X' "$1")
    awk -v w="$want" '$2 == w && $4 == "0A" { found = 1 } END { exit !found }' /proc/net/tcp
}

# start_server KIND PORT STATE LOG SCENARIO [EXTRA_ARGS...] : a GDB server
# on the bench, in the background; sets SERVER_PID and returns once it
# listens (fails with its output if it dies or does not listen in 30 s).
#   KIND swdoctor: swdoctor gdbserver --port PORT EXTRA_ARGS...
#   KIND openocd:  OpenOCD's GDB server (as tests/peers/gdb-openocd.sh),
#                  with the memory map and flash programming through
#                  vFlash* switched on explicitly.
# swdoctor-sim execs the program, so $! is the server itself.
SERVER_PID=""
start_server() {
    local kind="$1" port="$2" state="$3" log="$4" scen="$5"
    shift 5
    local cmd
    case "$kind" in
        swdoctor) cmd=("$SWDOCTOR" gdbserver --port "$port" "$@") ;;
        openocd)
            cmd=(openocd -f interface/stlink.cfg -f target/stm32f4x.cfg
                -c "gdb_port $port" -c "bindto 127.0.0.1"
                -c "tcl_port disabled" -c "telnet_port disabled"
                -c "gdb_memory_map enable" -c "gdb_flash_program enable" "$@") ;;
        *) fail "start_server: unknown kind $kind" ;;
    esac
    say "starting $kind's GDB server on 127.0.0.1:$port"
    "$SWDOCTOR_SIM" run --state "$state" "$scen" -- "${cmd[@]}" >"$log" 2>&1 &
    SERVER_PID=$!
    local _
    for _ in $(seq 1 300); do
        listening "$port" && break
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    if ! listening "$port"; then
        sed 's/^/    | /' "$log"
        stop_server
        fail "$kind did not listen on 127.0.0.1:$port within 30 s (its output above)"
    fi
    say "ok: $kind listens on 127.0.0.1:$port (pid $SERVER_PID)"
}

# server_alive : the server we started still runs.
server_alive() { [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; }

# stop_server : stop exactly the server we started, by its PID: SIGTERM,
# SIGKILL if it is still there 5 s later.  The bench's state file is
# mmapped (sim/bench/state.c), so the flash survives either way.
stop_server() {
    [[ -n "$SERVER_PID" ]] || return 0
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        local _
        for _ in $(seq 1 50); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}
trap stop_server EXIT

# wait_server_exit SECONDS : the server ends by itself (a client detached
# and --persist is off); returns 1 if it still runs after SECONDS.
wait_server_exit() {
    local _
    for _ in $(seq 1 $(( $1 * 10 ))); do
        kill -0 "$SERVER_PID" 2>/dev/null || { wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; return 0; }
        sleep 0.1
    done
    return 1
}

# ---------------------------------------------------------------- gdb
# run_gdb LOG TIMEOUT_S SCRIPT ELF : gdb-multiarch in batch mode; output
# (stdout and stderr) in LOG and indented on ours; returns gdb's status.
run_gdb() {
    local log="$1" secs="$2" script="$3" elf="$4" rc=0
    say "\$ gdb-multiarch -nx -batch -x $(basename "$script") $(basename "$elf")"
    timeout --kill-after=5 "$secs" gdb-multiarch -nx -batch -x "$script" "$elf" >"$log" 2>&1 || rc=$?
    sed 's/^/    | /' "$log"
    [[ $rc -ne 124 && $rc -ne 137 ]] || say "gdb timed out after ${secs}s"
    say "gdb exit status $rc"
    return $rc
}

# gdb_prologue PORT REMOTE_LOG [retry] : the start every script here
# shares.  remotelogfile keeps every packet both ways (to check which
# packets the load used); width/height 0 and pagination off keep batch
# output whole.
# With "retry", a connection the server drops during the handshake is
# tried again (up to 5 times, 0.5 s apart), each failure printed as
# "@@connect-retry: ERROR".  Why: OpenOCD waits for gdb's first byte with
# select() and a 1 s timeout and rejects the connection when it expires
# (gdb_server.c check_pending); on the bench that select() runs 1 s of
# virtual time but only 1 ms of real time (sim/libusb/waitshim.c), so a
# gdb that is a few ms late on a loaded machine is turned away.  Callers
# assert that swdoctor never needs a retry.
gdb_prologue() {
    cat <<EOF
set pagination off
set confirm off
set width 0
set height 0
set remotelogfile $2
EOF
    if [[ "${3:-}" == retry ]]; then
        cat <<EOF
python
import time
for _sd_try in range(5):
    try:
        gdb.execute("target extended-remote 127.0.0.1:$1")
        break
    except gdb.error as e:
        print("@@connect-retry: %s" % e)
        time.sleep(0.5)
else:
    raise gdb.GdbError("no connection to 127.0.0.1:$1 after 5 tries")
end
EOF
    else
        echo "target extended-remote 127.0.0.1:$1"
    fi
}

# gdb_interrupt_after SECONDS : gdb commands that make the next `continue`
# end with a Ctrl-C, as a user's would: once the target runs (gdb's `cont`
# event, so never before the resume) a timer sends gdb SIGINT, which gdb
# turns into 0x03 to the server.  A stop before the timer fires (a fault,
# a breakpoint) cancels it, so it never hits gdb later.  `continue &` +
# `interrupt` is not used: in batch mode the next command runs before the
# stop is reported.
gdb_interrupt_after() {
    cat <<EOF
python
import os, signal, threading
_sd_timer = None
def _sd_disarm(event):
    gdb.events.stop.disconnect(_sd_disarm)
    _sd_timer.cancel()
def _sd_arm(event):
    global _sd_timer
    gdb.events.cont.disconnect(_sd_arm)
    _sd_timer = threading.Timer($1, lambda: os.kill(os.getpid(), signal.SIGINT))
    _sd_timer.daemon = True
    _sd_timer.start()
    gdb.events.stop.connect(_sd_disarm)
gdb.events.cont.connect(_sd_arm)
end
EOF
}

# gdb_monitor CMD : a monitor command between markers: what it prints is
# the server's own text, which normalise() leaves out.  gdb does not know
# that a monitor command moved the core, so the register cache is dropped
# afterwards (without it, `monitor reset halt` leaves gdb showing the old
# pc with either server).
gdb_monitor() {
    printf 'echo @@monitor-begin\\n\nmonitor %s\necho @@monitor-end\\n\nmaintenance flush register-cache\n' "$1"
}

# value LOG NAME : the last NAME=value line gdb printed.
value() { sed -n "s/^$2=//p" "$1" | tail -n 1; }

# check_eq LOG NAME WANT WHAT
check_eq() {
    local got
    got=$(value "$1" "$2")
    [[ -n "$got" ]] || fail "$4: gdb printed no $2= line (output above)"
    [[ "$got" == "$3" ]] || fail "$4: expected $3, gdb says $got"
    say "ok: $4 ($got)"
}

# expect_log LOG REGEX WHAT
expect_log() {
    grep -Eq -- "$2" "$1" || fail "$3: no line matching /$2/ in $(basename "$1")"
    say "ok: $3"
}

# miss WHAT : an assertion failed; the test goes on to report the others
# and fails at the end (finish).
MISSED=()
miss() {
    printf '[%s] FAIL: %s\n' "$TEST_NAME" "$*" >&2
    MISSED+=("$*")
}
# that WHAT CMD... : "ok: WHAT" when CMD succeeds, else miss "WHAT".
that() {
    local what="$1"
    shift
    if "$@"; then say "ok: $what"; else miss "$what"; fi
}
finish() {
    [[ ${#MISSED[@]} -eq 0 ]] || fail "${#MISSED[@]} assertion(s) failed: $(printf '%s; ' "${MISSED[@]}")"
    say "PASS"
}

# ---------------------------------------------------------------- compare
# normalise IN OUT : a session transcript without what legitimately differs
# between two GDB servers running the same script on the same board:
#  1. "Remote debugging using HOST:PORT": the port is chosen per run.
#  2. "Transfer rate: ..., N bytes/write": wall-clock speed, and the bytes
#     per vFlashWrite follow each server's PacketSize.
#  3. Text between @@monitor-begin and @@monitor-end: what `monitor CMD`
#     prints is each server's own wording (OpenOCD: "[stm32f4x.cpu] halted
#     due to debug-request ..."); the test checks the effect (pc) instead.
#  4. "halted: PC: 0x...": OpenOCD sends this console notice ('O' packet)
#     after every single step; swdoctor sends none.
#  5. Between @@watch-hit and @@watch-end, the whole stop report:
#     swdoctor's stop reply names the watchpoint (T05watch:ADDR;) so gdb
#     prints "Hardware watchpoint N: EXPR", "Old value", "New value";
#     OpenOCD's hla target sends a plain T05 and gdb prints "Program
#     received signal SIGTRAP".  The frame differs too: told of a
#     watchpoint, gdb steps one more instruction before it reports, as its
#     ARM architecture says watchpoints are not steppable (`maint print
#     architecture`: have_nonsteppable_watchpoint = 1), so it shows the
#     caller after `pop {..., pc}`, where after a plain T05 it shows the
#     instruction after the store.  The value is compared through COUNT_W.
#  6. Between @@interrupt and @@interrupt-end, where the target was when
#     Ctrl-C arrived (frame and source line) is timing; the "Program
#     received signal SIGINT" line is kept.  INT_PC= and COUNT_INT= (where
#     and how far it ran) are timing too.
#  7. "@@connect-retry: ..." lines (gdb_prologue: OpenOCD on the bench
#     may turn a late gdb away; the session asserts swdoctor never does).
#  8. Blank lines (gdb prints one before a stop report; rules 3, 5 and 6
#     may leave them without their neighbours).
normalise() {
    awk '
        /^@@monitor-begin$/ { skip = 1; next }
        /^@@monitor-end$/   { skip = 0; next }
        skip                { next }
        /^Remote debugging using /           { next }
        /^Transfer rate: /                   { print "Transfer rate: <rate>"; next }
        /^halted: PC: 0x[0-9a-f]+$/          { next }
        /^@@watch-hit$/     { watch = 1; print; next }
        /^@@watch-end$/     { watch = 0; print; next }
        watch                                { next }
        /^@@interrupt$/     { intr = 1; print; next }
        /^@@interrupt-end$/ { intr = 0; print; next }
        intr && !/^Program received signal / { next }
        /^(INT_PC|COUNT_INT)=/               { next }
        /^@@connect-retry: /                 { next }
        /^[[:space:]]*$/                     { next }
        { print }
    ' "$1" >"$2"
}
