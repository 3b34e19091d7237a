# Shared helpers for the peer tests: real tools (st-info, st-flash, OpenOCD,
# gdb) against the virtual bench.  Sourced by each test script, which sets
# TEST_NAME first.  CTest passes, through the environment:
#   SWDOCTOR_SIM  the launcher (build/bin/swdoctor-sim)
#   FW_DIR        the built test firmwares (build/firmware)
#   WORK_DIR      this test's own directory (state, scenarios, logs)
# Nothing is skipped: a missing tool or file fails the test and says why.
# shellcheck shell=bash

set -euo pipefail

: "${TEST_NAME:?the test script must set TEST_NAME}"

say() { printf '[%s] %s\n' "$TEST_NAME" "$*"; }

fail() {
    printf '[%s] FAIL: %s\n' "$TEST_NAME" "$*" >&2
    exit 1
}

pass() { say "PASS: $*"; }

need_env() {
    local v
    for v in "$@"; do
        [[ -n "${!v:-}" ]] || fail "environment variable $v is not set (run this test through ctest)"
    done
}

need_tool() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 ||
            fail "'$t' is not installed: run \`make deps\` (it installs openocd, stlink-tools, gdb-multiarch, gcc-arm-none-eabi)"
    done
}

need_file() {
    local f="$1" what="$2"
    [[ -f "$f" ]] || fail "$what not found at $f"
}

need_env SWDOCTOR_SIM FW_DIR WORK_DIR
[[ -x "$SWDOCTOR_SIM" ]] ||
    fail "the bench launcher is not built: $SWDOCTOR_SIM (build the project with SWDOCTOR_WITH_SIM=ON)"

# A fresh directory per test: its own state file, so tests run in parallel
# and never see flash left over by an earlier run.
rm -rf "$WORK_DIR"
mkdir -p "$WORK_DIR"
STATE="$WORK_DIR/state.bin"
STATS="$WORK_DIR/stats.txt"

# fw NAME EXT -> path of a built firmware image, or fail.
fw() {
    local f="$FW_DIR/$1.$2"
    need_file "$f" "firmware $1.$2 (configure with -DSWDOCTOR_WITH_FIRMWARE=ON and build target 'firmware')"
    printf '%s\n' "$f"
}

# make_scenario FILE MODEL FIRMWARE [BOARD_EXTRA_JSON] [CHIP_JSON]
# Writes a one-probe scenario: an STM32F407VG behind a probe of MODEL
# (v2, v2-1, v3) whose flash holds FIRMWARE (absolute path, "" = erased).
# BOARD_EXTRA_JSON is spliced into "board" (e.g. '"uptime_ms": 1000').
SCENARIO_SERIAL="37406B06304E4B3238123456"   # 24 hex digits, every byte < 0x80
make_scenario() {
    local file="$1" model="$2" firmware="$3" board_extra="${4:-}" chip="${5:-}"
    local fw_json=""
    [[ -n "$firmware" ]] && fw_json=", \"firmware\": \"$firmware\""
    [[ -n "$board_extra" ]] && board_extra=", $board_extra"
    [[ -n "$chip" ]] || chip='{"rdp": 0}'
    cat >"$file" <<EOF
{
  "probe": {"model": "$model", "serial": "$SCENARIO_SERIAL"},
  "board": {"part": "STM32F407VG"$fw_json$board_extra},
  "chip": $chip
}
EOF
    say "scenario $(basename "$file"): probe $model, STM32F407VG, firmware ${firmware:-(erased)}${board_extra:+, board$board_extra}, chip $chip"
}

# run_tool LOG TIMEOUT_S CMD ARGS... : run a command, output to LOG and to
# our stdout (indented), return its exit status (124 = timed out).
run_tool() {
    local log="$1" secs="$2"
    shift 2
    say "\$ $(printf '%q ' "$@")"
    local rc=0
    timeout --kill-after=5 "$secs" "$@" >"$log" 2>&1 || rc=$?
    sed 's/^/    | /' "$log"
    if [[ $rc -eq 124 || $rc -eq 137 ]]; then
        say "timed out after ${secs}s"
    fi
    say "exit status $rc"
    return $rc
}

# on_bench LOG TIMEOUT_S SCENARIO CMD ARGS... : run CMD on the bench with
# this test's state and stats files.
on_bench() {
    local log="$1" secs="$2" scenario="$3"
    shift 3
    run_tool "$log" "$secs" "$SWDOCTOR_SIM" run --state "$STATE" --stats "$STATS" "$scenario" -- "$@"
}

# expect_log LOG REGEX WHAT : the log must contain a line matching REGEX.
expect_log() {
    local log="$1" re="$2" what="$3"
    grep -Eq -- "$re" "$log" || fail "$what: no line matching /$re/ in the output above"
    say "ok: $what"
}

# dump_flash OUT : the bench's flash content (whole 1 MiB) from the state.
dump_flash() {
    local out="$1"
    run_tool "$WORK_DIR/dump.log" 60 "$SWDOCTOR_SIM" dump --state "$STATE" --flash -o "$out" ||
        fail "swdoctor-sim dump failed"
    need_file "$out" "flash dump"
}

# same_prefix A B N WHAT : the first N bytes of A and B are equal.
same_prefix() {
    local a="$1" b="$2" n="$3" what="$4"
    cmp -n "$n" "$a" "$b" || fail "$what: first $n bytes of $a and $b differ"
    say "ok: $what ($n bytes identical)"
}

file_size() { stat -c %s "$1"; }

# free_port : a TCP port nobody listens on (127.0.0.1).  Racy by nature;
# the caller checks that its server did bind it.
free_port() {
    local used port tries
    used=$({ tail -n +2 /proc/net/tcp; tail -n +2 /proc/net/tcp6; } 2>/dev/null |
        while read -r _ local_addr _; do echo $((16#${local_addr##*:})); done | sort -u)
    for tries in $(seq 1 200); do
        port=$(( 20000 + (RANDOM * 32768 + RANDOM + $$ + tries) % 40000 ))
        if ! grep -qx "$port" <<<"$used"; then
            printf '%s\n' "$port"
            return 0
        fi
    done
    fail "no free TCP port found"
}

# show_stats : print the bench's --stats file (virtual time and counters).
show_stats() {
    if [[ -s "$STATS" ]]; then
        say "bench stats ($STATS):"
        sed 's/^/    | /' "$STATS"
        [[ -z "$(tail -c 1 "$STATS")" ]] || echo   # the JSON may end without a newline
    else
        fail "the bench wrote no stats to $STATS"
    fi
}

# OpenOCD on the bench: the ST-LINK through the HLA driver (V2, V2-1) or
# the DAP driver (V3), an STM32F4 target, and no servers: tests (and other
# builds' tests) run in parallel and must not fight over ports 3333/4444/6666.
OPENOCD_NO_SERVERS=(-c "gdb_port disabled" -c "tcl_port disabled" -c "telnet_port disabled")
# shellcheck disable=SC2034  # used by the scripts that source this file
OPENOCD_STLINK=(-f interface/stlink.cfg -f target/stm32f4x.cfg "${OPENOCD_NO_SERVERS[@]}")
# shellcheck disable=SC2034
OPENOCD_STLINK_DAP=(-f interface/stlink-dap.cfg -f target/stm32f4x.cfg "${OPENOCD_NO_SERVERS[@]}")
# For the GDB test: the same without the servers line.
# shellcheck disable=SC2034
OPENOCD_STLINK_GDB=(-f interface/stlink.cfg -f target/stm32f4x.cfg)

# ocd_c CMD... : sets OCD_C to "-c CMD" pairs, one per command.  OpenOCD
# prints a command's output (mdw, stm32f2x unlock) only when the command is
# a -c of its own; in "a; b; c" only the last result would be shown.
OCD_C=()
ocd_c() {
    OCD_C=()
    local c
    for c in "$@"; do
        OCD_C+=(-c "$c")
    done
}

# mdw_value LOG ADDR : the last value OpenOCD's `mdw ADDR` printed, as a
# number (ADDR as mdw prints it: lower case, 0x and 8 digits).
mdw_value() {
    local v
    v=$(sed -n "s/^$2: \([0-9a-fA-F]\{8\}\).*/\1/p" "$1" | tail -n 1)
    [[ -n "$v" ]] || fail "no value for mdw $2 in the output above"
    printf '%d\n' "0x$v"
}

# sym_addr ELF SYMBOL : the symbol's address (decimal) from arm-none-eabi-nm.
sym_addr() {
    local a
    a=$(arm-none-eabi-nm "$1" | awk -v s="$2" '$3 == s { print $1 }')
    [[ -n "$a" ]] || fail "symbol $2 not in $1"
    printf '%d\n' "0x$a"
}

hex() { printf '%#010x' "$1"; }
