#!/usr/bin/env bash
# bench/families: one row per STM32 family.  The same image (a quarter of
# the part's flash, at most 256 KiB, pseudo-random) on the same scenario,
# programmed and verified by swdoctor, OpenOCD (`program ... verify`) and
# st-flash (`write`, which reads back) where stlink-tools supports the part,
# each under `swdoctor-sim run --stats`.  Figures are virtual seconds.
#
# The flash-bound limit of a row is the least time any tool kept the flash
# controller busy (erase + program, the datasheet timings of the model):
# no tool can be faster than the flash itself.
# Exits 1 if swdoctor fails or is slower than a peer that succeeded.
set -euo pipefail
build=$(realpath "${1:-build}")
here=$(cd "$(dirname "$0")" && pwd)
sim=$build/bin/swdoctor-sim
sd=$build/bin/swdoctor
scen_dir=$here/../sim/scenarios
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in "$sim" "$sd"; do [[ -x "$f" ]] || { echo "bench: $f missing (make)"; exit 1; }; done
for t in openocd st-flash python3; do command -v $t >/dev/null || { echo "bench: $t missing: make deps"; exit 1; }; done

# family  scenario  OpenOCD target file (- none)  st-flash (yes/no: stlink-tools 1.7 knows the part)
families=(
    "F0     f072rb-v2-1   stm32f0x.cfg  yes"
    "F1     f103rc-v2     stm32f1x.cfg  yes"
    "F2     f207zg-v2     stm32f2x.cfg  yes"
    "F3     f303vc-v2-1   stm32f3x.cfg  yes"
    "F4     f407-v2       stm32f4x.cfg  yes"
    "F7     f767zi-v3     stm32f7x.cfg  yes"
    "L0     l053r8-v2-1   stm32l0.cfg   yes"
    "L1     l152re-v2     stm32l1.cfg   no"    # stlink-tools 1.7 drives 0x437 at the L0 base (stlink-org #1161)
    "L4     l476rg-v2-1   stm32l4x.cfg  yes"
    "L4+    l4r5zi-v3     stm32l4x.cfg  yes"
    "G0     g071rb-v2-1   stm32g0x.cfg  yes"
    "G4     g474re-v3     stm32g4x.cfg  yes"
    "WB     wb55rg-v2-1   stm32wbx.cfg  yes"
    "WL     wle5jc-v3     stm32wlx.cfg  no"    # not in stlink-tools 1.7
    "C0     c031c6-v3     -             no"    # neither tool knows the C0 (OpenOCD 0.12 has no stm32c0x.cfg)
    "L5     l552ze-v3     stm32l5x.cfg  no"    # not in stlink-tools 1.7
    "U5     u585ai-v3     stm32u5x.cfg  no"    # not in stlink-tools 1.7
    "H7     h743zi-v3     stm32h7x.cfg  yes"
)

# flash size in KiB of a scenario's part, from swdoctor info.
part_kib() {
    "$sim" run --state "$work/probe.state" "$1" -- "$sd" info 2>/dev/null |
        sed -nE 's/^flash: +([0-9]+) KiB at 0x08000000.*/\1/p'
    rm -f "$work/probe.state"
}

run_tool() { # run_tool FAMILY TOOL SCENARIO TARGET IMAGE.bin IMAGE.hex -> a row
    local fam=$1 tool=$2 scen=$3 target=$4 bin=$5 hex=$6
    local state=$work/$fam-$tool.state stats=$work/$fam-$tool.stats cmd
    case $tool in
    swdoctor) cmd=("$sd" -q flash "$hex") ;;
    openocd) cmd=(openocd -f interface/stlink.cfg -f "target/$target"
                  -c "gdb_port disabled; tcl_port disabled; telnet_port disabled"
                  -c "program $hex verify reset exit") ;;
    st-flash) cmd=(st-flash write "$bin" 0x08000000) ;;
    esac
    local status=ok
    "$sim" run --state "$state" --stats "$stats" "$scen" -- "${cmd[@]}" \
        > "$work/$fam-$tool.log" 2>&1 || status=FAILED
    python3 - "$stats" "$fam" "$tool" "$status" >> "$work/rows" <<'PY'
import json, sys
stats, fam, tool, status = sys.argv[1:]
try:
    s = json.load(open(stats))
except Exception:
    s = {"virtual_ns": 0, "flash_busy_ns": 0}
# The host's first transfer comes after the board's uptime (1 s).
t = max(s["virtual_ns"] / 1e9 - 1.0, 0.0)
print(f"{fam}\t{tool}\t{status}\t{t:.3f}\t{s.get('flash_busy_ns', 0) / 1e9:.3f}")
PY
}

for row in "${families[@]}"; do
    read -r fam scen target stflash <<<"$row"
    file=$scen_dir/$scen.json
    if [[ ! -f "$file" ]]; then
        printf '%s\tswdoctor\tNO-SCENARIO\t0\t0\n' "$fam" >> "$work/rows"
        continue
    fi
    kib=$(part_kib "$file")
    [[ -n "$kib" ]] || { printf '%s\tswdoctor\tFAILED\t0\t0\n' "$fam" >> "$work/rows"; continue; }
    size=$((kib * 1024 / 4)); ((size > 262144)) && size=262144
    python3 - "$size" "$work/$fam.bin" <<'PY'
import random, sys
n = int(sys.argv[1]); r = random.Random(n)
open(sys.argv[2], "wb").write(bytes(r.randrange(256) for _ in range(n)))
PY
    arm-none-eabi-objcopy -I binary -O ihex --change-addresses 0x08000000 \
        "$work/$fam.bin" "$work/$fam.hex"
    tools=(swdoctor)
    [[ $target != - ]] && tools+=(openocd)
    [[ $stflash == yes ]] && tools+=(st-flash)
    for tool in "${tools[@]}"; do
        run_tool "$fam" "$tool" "$file" "$target" "$work/$fam.bin" "$work/$fam.hex"
    done
done

python3 - "$work/rows" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
fams = []
for r in rows:
    if r[0] not in fams:
        fams.append(r[0])
print("Program + verify a quarter of flash (max 256 KiB), per family (virtual s)")
print(f"{'family':7} {'swdoctor':>9} {'OpenOCD':>9} {'st-flash':>9} {'limit':>7}  verdict")
bad = []
def cell(r):
    if r is None:
        return "-"
    return f"{float(r[3]):.2f}" if r[2] == "ok" else r[2]
for f in fams:
    by = {r[1]: r for r in rows if r[0] == f}
    ok = [r for r in by.values() if r[2] == "ok"]
    limit = min((float(r[4]) for r in ok if float(r[4]) > 0), default=0.0)
    mine = by.get("swdoctor")
    verdict = "ok"
    if not mine or mine[2] != "ok":
        verdict = "swdoctor " + (mine[2] if mine else "missing")
    else:
        slower = [t for t, r in by.items() if t != "swdoctor" and r[2] == "ok"
                  and float(r[3]) < float(mine[3])]
        if slower:
            verdict = "slower than " + ", ".join(slower)
    if verdict != "ok":
        bad.append(f"{f}: {verdict}")
    print(f"{f:7} {cell(mine):>9} {cell(by.get('openocd')):>9} {cell(by.get('st-flash')):>9} "
          f"{limit:7.2f}  {verdict}")
print("verdict: " + ("; ".join(bad) if bad else "swdoctor is not slower than any peer on any family"))
sys.exit(1 if bad else 0)
PY
