#!/usr/bin/env bash
# bench/doctor: time to the verdict of `swdoctor doctor` on every doctor
# scenario (the rows of tests/e2e/doctor.sh --list), in the bench's
# virtual time.  Each board is fresh (new bench state, new last-target
# record); rows marked flash-first replay the seed: swdoctor flashes the
# scenario's firmware while the board still answers (recording the chip),
# then the doctor runs on the scenario.
#
# Two figures per row: "verdict" is the report's elapsed_ms (the doctor's
# own clock, from sd_doctor_run's start to the verdict); "run" is the whole
# process under `swdoctor-sim run --stats` minus the board's uptime before
# the host starts (1 s unless the scenario says otherwise).  The doctor
# reads its start time before the bench's world exists, so "verdict"
# includes that uptime too (about 1 s more than "run").  The aim is a verdict in under 5 virtual s; rows
# over it are listed.  Not a pass/fail benchmark: exits 1 only when the
# doctor gives no report at all.
set -euo pipefail
build=$(realpath "${1:-build}")
here=$(cd "$(dirname "$0")" && pwd)
sim=$build/bin/swdoctor-sim
sd=$build/bin/swdoctor
scen_dir=$build/scenarios
fw_dir=$build/firmware
aim_s=5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in "$sim" "$sd"; do [[ -x "$f" ]] || { echo "bench: $f missing (make)"; exit 1; }; done
command -v python3 >/dev/null || { echo "bench: python3 missing: make deps"; exit 1; }

# scenario FILE with its firmware removed (the board as it was before the
# user flashed it); firmware paths made absolute.
unflashed() {
    python3 - "$1" "$2" <<'PY'
import json, os, sys
s = json.load(open(sys.argv[1]))
b = s.get("board", {})
fw = b.get("firmware", "")
b["firmware"] = ""
json.dump(s, open(sys.argv[2], "w"))
print(os.path.normpath(os.path.join(os.path.dirname(sys.argv[1]), fw)) if fw else "")
PY
}

n=0
while read -r scen elf prep; do
    n=$((n + 1))
    file=$scen_dir/$scen.json
    tag=$work/$n
    if [[ ! -f "$file" ]]; then
        printf '%s\t%s\tNO-SCENARIO\t-\t-\t-\n' "$scen" "$elf" >> "$work/rows"
        continue
    fi
    args=(--json doctor)
    [[ "$elf" == - ]] || args+=(--firmware "$fw_dir/$elf")
    export SWDOCTOR_STATE_DIR=$tag.records
    mkdir -p "$SWDOCTOR_STATE_DIR"
    if [[ "${prep:-}" == flash-first ]]; then
        image=$(unflashed "$file" "$tag.unflashed.json")
        [[ -z "$image" ]] || "$sim" run --state "$tag.state" "$tag.unflashed.json" -- \
            "$sd" -q flash "$image" < /dev/null > "$tag.flash.log" 2>&1 || true
    fi
    "$sim" run --state "$tag.state" --stats "$tag.stats" "$file" -- "$sd" "${args[@]}" \
        < /dev/null > "$tag.json" 2> "$tag.err" || true
    python3 - "$file" "$tag.json" "$tag.stats" "$scen${prep:+ ($prep)}" "$elf" >> "$work/rows" <<'PY'
import json, sys
scen_file, report, stats, name, elf = sys.argv[1:]
board = json.load(open(scen_file)).get("board", {})
uptime_s = board.get("uptime_ms", 1000) / 1000.0
try:
    r = json.load(open(report))
    verdict = r.get("verdict") or "NO-REPORT"
    elapsed = r.get("elapsed_ms")
    verdict_s = f"{elapsed / 1000.0:.3f}" if isinstance(elapsed, (int, float)) else "-"
except Exception:
    verdict, verdict_s = "NO-REPORT", "-"
try:
    s = json.load(open(stats))
    run_s = f"{max(s['virtual_ns'] / 1e9 - uptime_s, 0.0):.3f}"
except Exception:
    run_s = "-"
print(f"{name}\t{elf}\t{verdict}\t{verdict_s}\t{run_s}")
PY
done < <(bash "$here/../tests/e2e/doctor.sh" --list)

python3 - "$work/rows" "$aim_s" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
aim = float(sys.argv[2])
print(f"Time to the verdict of `swdoctor doctor`, per scenario (virtual s; aim < {aim:g} s)")
w = max(len(r[0]) for r in rows) + 2
print(f"{'scenario':{w}} {'--firmware':18} {'first finding':34} {'verdict':>8} {'run':>8}")
over, broken = [], []
for name, elf, verdict, vs, rs in rows:
    print(f"{name:{w}} {elf if elf != '-' else '':18} {verdict:34} {vs:>8} {rs:>8}")
    # The larger of the two figures counts against the aim.
    t = max((float(x) for x in (vs, rs) if x != "-"), default=None)
    if verdict in ("NO-REPORT", "NO-SCENARIO"):
        broken.append(f"{name}: {verdict}")
    elif t is not None and t >= aim:
        over.append(f"{name} ({t:.3f} s)")
print(f"over {aim:g} virtual s: " + (", ".join(over) if over else "none"))
if broken:
    print("no report: " + ", ".join(broken))
sys.exit(1 if broken else 0)
PY
