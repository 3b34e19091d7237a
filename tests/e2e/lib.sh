# Shared helpers for the e2e tests (sourced).  CTest passes SWDOCTOR,
# SWDOCTOR_SIM, SIM_LIB, FW_DIR and WORK_DIR.  Nothing is skipped: a
# missing tool or file fails the test and says why.
# shellcheck shell=bash
set -euo pipefail
: "${TEST_NAME:?}"

say() { printf '[%s] %s\n' "$TEST_NAME" "$*"; }
fail() { printf '[%s] FAIL: %s\n' "$TEST_NAME" "$*" >&2; exit 1; }

for v in SWDOCTOR SWDOCTOR_SIM SIM_LIB FW_DIR WORK_DIR; do
    [[ -n "${!v:-}" ]] || fail "$v is not set (run through ctest)"
done
[[ -x "$SWDOCTOR" && -x "$SWDOCTOR_SIM" ]] || fail "swdoctor or swdoctor-sim not built"
rm -rf "$WORK_DIR"
mkdir -p "$WORK_DIR"
cd "$WORK_DIR"
# swdoctor records the last chip each probe reached (src/doctor/last_target.h):
# keep it in the test's directory, never in the user's home.
export SWDOCTOR_STATE_DIR="$WORK_DIR/swdoctor-state"

fw() {
    local f="$FW_DIR/$1"
    [[ -f "$f" ]] || fail "firmware $1 not built (SWDOCTOR_WITH_FIRMWARE=ON)"
    printf '%s\n' "$f"
}

# scenario FILE [PROBE_JSON_EXTRA] [BOARD_JSON_EXTRA] [CHIP_JSON]
scenario() {
    local file="$1" probe="${2:-}" board="${3:-}" chip="${4:-{\"rdp\": 0\}}"
    cat >"$file" <<JSON
{
  "probe": {"model": "v2", "firmware": "V2J37S7", "serial": "066DFF485550755187123456"${probe:+, $probe}},
  "board": {"part": "STM32F407VG"${board:+, $board}},
  "chip": $chip
}
JSON
}

# sd SCENARIO STATE ARGS... : swdoctor on the bench; output in $OUT, exit in $RC.
sd() {
    local scen="$1" state="$2"
    shift 2
    set +e
    OUT=$("$SWDOCTOR_SIM" run --state "$state" "$scen" -- "$SWDOCTOR" "$@" 2>&1)
    RC=$?
    set -e
    printf '%s\n' "$OUT" | sed "s/^/    | /"
}

# expect RC PATTERN WHAT : the last sd call exited RC and printed PATTERN.
expect() {
    local want="$1" pattern="$2" what="$3"
    [[ "$RC" == "$want" ]] || fail "$what: exit status $RC, expected $want"
    [[ -z "$pattern" ]] || grep -qE -- "$pattern" <<<"$OUT" || fail "$what: output lacks /$pattern/"
    say "ok: $what"
}

# flash_dump STATE OUT : the flash content the bench keeps in STATE.
flash_dump() {
    "$SWDOCTOR_SIM" dump --state "$1" --flash -o "$2" >/dev/null
}
