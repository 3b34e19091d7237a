# Helpers for the doctor and recover e2e tests (sourced after lib.sh).
# The JSON contract of `swdoctor --json doctor` / `--json recover` is in
# the session brief and include/swdoctor/doctor.h; these helpers run the
# CLI on a bench scenario, keep its JSON, and check it with python3 (jq is
# not a dependency).  Failures are collected, not fatal at once, so one
# run shows every broken row; `finish` fails the test if any row failed.
# shellcheck shell=bash

command -v python3 >/dev/null || fail "python3 missing (make deps)"

# Scenarios as the build copies them (next to build/firmware, which their
# relative "firmware" paths name).
SCEN_DIR=${SCEN_DIR:-$(dirname "$SWDOCTOR")/../scenarios}
[[ -n "$SCEN_DIR" && -d "$SCEN_DIR" ]] || fail "scenario directory (build/scenarios) missing"

FAILED=()
bad() { printf '[%s] FAIL: %s\n' "$TEST_NAME" "$*" >&2; FAILED+=("$*"); }
finish() {
    if ((${#FAILED[@]})); then
        printf '[%s] %d failure(s):\n' "$TEST_NAME" "${#FAILED[@]}" >&2
        printf '  - %s\n' "${FAILED[@]}" >&2
        exit 1
    fi
    say "PASS"
}

# scen NAME: path of a scenario (a file in WORK_DIR wins over build/scenarios).
scen() {
    if [[ -f "$WORK_DIR/$1.json" ]]; then printf '%s\n' "$WORK_DIR/$1.json"
    else printf '%s\n' "$SCEN_DIR/$1.json"; fi
}

# A last-target record directory per board, unless the caller shares one
# (STATE_DIR set): records of one row must not leak into the next.
new_state_dir() { mktemp -d "$WORK_DIR/last-target.XXXXXX"; }

# run_sd TAG SCENARIO_FILE SIM_STATE ARGS... : swdoctor on the bench.
# stdout in TAG.out, stderr in TAG.err, exit status in $RC, virtual time
# in TAG.stats.  SWDOCTOR_STATE_DIR: $STATE_DIR (exported).
run_sd() {
    local tag=$1 file=$2 state=$3
    shift 3
    [[ -f "$file" ]] || { RC=127; : >"$tag.out"; echo "scenario $file missing" >"$tag.err"; return; }
    export SWDOCTOR_STATE_DIR="${STATE_DIR:?}"
    set +e
    "$SWDOCTOR_SIM" run --state "$state" --stats "$tag.stats" "$file" -- "$SWDOCTOR" "$@" \
        >"$tag.out" 2>"$tag.err"
    RC=$?
    set -e
}

# show TAG: the output of a run, indented, for the test log.
show() { { sed 's/^/    | /' "$1.out" "$1.err" 2>/dev/null | head -n "${2:-60}"; } || true; }

# check_json TAG WHAT ASSERTION... : every assertion holds on TAG.out
# (a doctor or recover report).  Assertions, KEY OP VALUE with OP one of
#   =  !=  ~ (regex search, case-insensitive)  !~  >  >=  <  <=
# KEY:
#   any top-level field (healthy, verdict, target_mv, best_khz, part,
#   recovered, answers_normally, hardware_step, ...); booleans are
#   compared as true/false;
#   first, second, ids (comma-separated), nblocking;
#   f.FIELD: the first finding (id, cause, fix, confidence, blocking,
#   recoverable, doc), f.ev (every evidence as "name: value" lines),
#   f.cand (candidates, one per line), f.cand0 .. f.cand5 (one of them),
#   f.ncand, f.loc.FIELD (location:
#   function, file, line, register, register_address, address, value),
#   f.khz (the clock figures of the evidence, as a sorted list of kHz);
#   F[ID].FIELD: the same for the finding with that id;
#   steps: every step as "check: result" lines.
# Prints the failed ones and returns 1 if any failed.
check_json() {
    local tag=$1 what=$2
    shift 2
    python3 - "$tag.out" "$what" "$@" <<'PY'
import json, re, sys

path, what, asserts = sys.argv[1], sys.argv[2], sys.argv[3:]
text = ""
try:
    text = open(path).read()
    rep = json.loads(text)
except Exception as e:
    print(f"    {what}: output is not one JSON document ({e}); it begins {text[:160]!r}")
    sys.exit(1)
if not isinstance(rep, dict):
    print(f"    {what}: output is JSON but not an object")
    sys.exit(1)
if "findings" not in rep and "recovered" not in rep:
    err = rep.get("error", {})
    print(f"    {what}: not a doctor/recover report: {err.get('message', text[:160])!r}")
    sys.exit(1)

def ev_text(f):
    return "\n".join(f"{e.get('name', '')}: {e.get('value', '')}" for e in f.get("evidence", []))

def khz(f):
    out = []
    for num, unit in re.findall(r"(\d+(?:\.\d+)?)\s*([kM])Hz", ev_text(f)):
        out.append(float(num) * (1000 if unit == "M" else 1))
    return sorted(out)

def finding_field(f, key):
    if f is None:
        return None
    if key == "ev":
        return ev_text(f)
    if key == "cand":
        return "\n".join(f.get("candidates", []))
    if key == "ncand":
        return len(f.get("candidates", []))
    if re.fullmatch(r"cand\d", key):
        c = f.get("candidates", [])
        i = int(key[4:])
        return c[i] if i < len(c) else None
    if key == "khz":
        return khz(f)
    if key.startswith("loc."):
        return (f.get("location") or {}).get(key[4:])
    return f.get(key)

def lookup(key):
    fs = rep.get("findings", []) or []
    if key == "first":
        return fs[0]["id"] if fs else None
    if key == "second":
        return fs[1]["id"] if len(fs) > 1 else None
    if key == "ids":
        return ",".join(f["id"] for f in fs)
    if key == "nblocking":
        return sum(1 for f in fs if f.get("blocking"))
    if key == "steps":
        st = rep.get("steps", [])
        return "\n".join(s if isinstance(s, str) else f"{s.get('check', '')}: {s.get('result', '')}"
                         for s in st)
    if key.startswith("f."):
        return finding_field(fs[0] if fs else None, key[2:])
    m = re.match(r"F\[([^\]]+)\]\.(.+)", key)
    if m:
        f = next((f for f in fs if f["id"] == m.group(1)), None)
        return finding_field(f, m.group(2))
    return rep.get(key)

def norm(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return ""
    return str(v)

def num(v):
    if isinstance(v, list):
        raise ValueError("list")
    if isinstance(v, str) and v.startswith("0x"):
        return int(v, 16)
    return float(v)

failed = 0
for a in asserts:
    m = re.match(r"^([^=!~<>]+?)\s*(!=|!~|>=|<=|=|~|>|<)\s*(.*)$", a, re.S)
    if not m:
        print(f"    {what}: bad assertion {a!r}")
        failed += 1
        continue
    key, op, want = m.groups()
    v = lookup(key)
    ok = False
    try:
        if key.endswith(".khz") and op in (">", ">=", "<", "<="):
            # some clock figure satisfies the comparison
            ok = any({">": x > float(want), ">=": x >= float(want),
                      "<": x < float(want), "<=": x <= float(want)}[op] for x in v or [])
        elif op == "=":
            ok = norm(v) == want
        elif op == "!=":
            ok = norm(v) != want
        elif op == "~":
            ok = v is not None and re.search(want, norm(v), re.I | re.M) is not None
        elif op == "!~":
            ok = v is None or re.search(want, norm(v), re.I | re.M) is None
        else:
            x, y = num(v), float(want)
            ok = {">": x > y, ">=": x >= y, "<": x < y, "<=": x <= y}[op]
    except (TypeError, ValueError):
        ok = False
    if not ok:
        shown = norm(v)
        if len(shown) > 300:
            shown = shown[:300] + "..."
        print(f"    {what}: expected {key} {op} {want!r}, got {shown!r}")
        failed += 1
sys.exit(1 if failed else 0)
PY
}

# doctor_row SCENARIO FIRMWARE EXIT ASSERTION... : `swdoctor --json doctor`
# on a fresh board (new sim state, new last-target record) must exit EXIT
# and satisfy every assertion.  STATE_DIR / SIM_STATE set: run on that
# last-target record / bench state instead (flash_first_row).  FIRMWARE: an ELF in FW_DIR for --firmware,
# or "-".  Sets TAG to the run's files (TAG.out, TAG.stats).
doctor_row() {
    local name=$1 elf=$2 want_rc=$3
    shift 3
    local file tagname=${ROW_TAG:-$name}
    [[ "$elf" == - ]] || tagname+="+fw"
    file=$(scen "$name")
    TAG=$WORK_DIR/$tagname
    local -a extra=()
    if [[ "$elf" != - ]]; then
        [[ -f "$FW_DIR/$elf" ]] || { bad "$name: firmware $elf not built"; return 0; }
        extra=(--firmware "$FW_DIR/$elf")
    fi
    [[ -f "$file" ]] || { bad "$name: scenario $file does not exist"; return 0; }
    local sd_dir=${STATE_DIR:-}
    STATE_DIR=${sd_dir:-$(new_state_dir)}
    [[ -n "${SIM_STATE:-}" ]] || rm -f "$TAG.state"
    run_sd "$TAG" "$file" "${SIM_STATE:-$TAG.state}" --json doctor "${extra[@]}"
    STATE_DIR=$sd_dir
    say "doctor $name${extra:+ --firmware $elf}: exit $RC"
    show "$TAG" 40
    local ok=1
    if [[ "$RC" != "$want_rc" ]]; then
        bad "$name: doctor exit status $RC, expected $want_rc"
        ok=0
    fi
    local msgs
    if ! msgs=$(check_json "$TAG" "$name" "$@"); then
        printf '%s\n' "$msgs" >&2
        bad "$name: $(printf '%s' "$msgs" | head -n 3 | sed 's/^ *//' | paste -sd ';' -)"
        ok=0
    fi
    ((ok)) && say "ok: $name -> $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("verdict"))' "$TAG.out" 2>/dev/null)"
    return 0
}

# unflashed SCENARIO DEST : DEST = the scenario with no firmware in flash
# (the board before the user flashed it); prints the scenario's firmware
# image (absolute path).
unflashed() {
    python3 - "$1" "$2" <<'PY'
import json, os, sys
s = json.load(open(sys.argv[1]))
b = s.get("board", {})
fw = b.get("firmware", "")
b["firmware"] = ""
json.dump(s, open(sys.argv[2], "w"), indent=1)
print(os.path.normpath(os.path.join(os.path.dirname(sys.argv[1]), fw)) if fw else "")
PY
}

# flash_first_row SCENARIO FIRMWARE EXIT ASSERTION... : the user's story:
# the board answered, swdoctor flashed the scenario's firmware (which
# records the chip this probe reached), and now the doctor runs on it
# (same bench state, same record).  Then as doctor_row.
flash_first_row() {
    local name=$1 image
    local tag=$WORK_DIR/$name-flash
    image=$(unflashed "$(scen "$name")" "$WORK_DIR/$name-unflashed.json")
    [[ -n "$image" ]] || { bad "$name: the scenario has no firmware to flash first"; return 0; }
    STATE_DIR=$(new_state_dir)
    SIM_STATE=$tag.state
    rm -f "$SIM_STATE"
    run_sd "$tag" "$WORK_DIR/$name-unflashed.json" "$SIM_STATE" flash "$image"
    say "flash $(basename "$image") on $name before it went quiet: exit $RC"
    show "$tag" 10
    if [[ $RC != 0 ]]; then
        bad "$name: flashing $(basename "$image") while the board still answers: exit $RC"
    else
        doctor_row "$@"
    fi
    STATE_DIR='' SIM_STATE=''
}
