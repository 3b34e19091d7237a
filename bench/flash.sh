#!/usr/bin/env bash
# bench/flash: the same 1 MiB image on the same STM32F407 scenario, behind
# an ST-LINK/V2 and a V3, programmed and verified by swdoctor, by OpenOCD
# (`program ... verify`) and by st-flash (`write`, which verifies), each
# under `swdoctor-sim run --stats`.  Every figure is the bench's virtual
# time.  Prints a table; exits 1 if swdoctor is slower than a peer.
set -euo pipefail
build=$(realpath "${1:-build}")
sim=$build/bin/swdoctor-sim
sd=$build/bin/swdoctor
img=$build/firmware/big-1m.bin
elf=$build/firmware/big-1m.elf
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in "$sim" "$sd" "$img" "$elf"; do [[ -e "$f" ]] || { echo "bench: $f missing (make)"; exit 1; }; done
for t in openocd st-flash python3; do command -v $t >/dev/null || { echo "bench: $t missing: make deps"; exit 1; }; done

# The flash-bound limit: what the datasheet says erasing and programming
# this image takes on an STM32F407 at x32 parallelism (DS8626: sector
# erase typ 250 ms / 16 KiB, 550 ms / 64 KiB, 1 s / 128 KiB; word program
# typ 16 us): 4 x 250 + 550 + 7 x 1000 ms + 262144 words x 16 us.
limit_s=$(python3 -c 'print((4*0.250 + 0.550 + 7*1.0) + (1048576/4)*16e-6)')

run_tool() { # run_tool NAME MODEL -> appends a row
    local name=$1 model=$2 scen=$work/$2.json state=$work/$1-$2.state stats=$work/$1-$2.stats
    cat > "$scen" <<JSON
{"probe": {"model": "$model", "serial": "066DFF485550755187123456"},
 "board": {"part": "STM32F407VG", "swd_max_khz": 24000}, "chip": {"rdp": 0}}
JSON
    local cmd
    case $name in
    swdoctor) cmd=("$sd" -q --speed 24000 flash "$elf") ;;
    openocd) cmd=(openocd -f interface/stlink.cfg -f target/stm32f4x.cfg
                  -c "gdb_port disabled; tcl_port disabled; telnet_port disabled"
                  -c "adapter speed 24000" -c "program $elf verify reset exit") ;;
    st-flash) cmd=(st-flash --freq=24M write "$img" 0x08000000) ;;
    esac
    local t0=$(date +%s.%N) status=ok
    "$sim" run --state "$state" --stats "$stats" "$scen" -- "${cmd[@]}" > "$work/$name-$model.log" 2>&1 || status=FAILED
    local wall=$(python3 -c "import time; print(round(time.time() - $t0, 1))")
    python3 - "$stats" "$name" "$model" "$status" "$limit_s" "$wall" >> "$work/rows" <<'PY'
import json, sys
stats, name, model, status, limit, wall = sys.argv[1:]
try:
    s = json.load(open(stats))
except Exception:
    s = {"virtual_ns": 0, "usb_transfers": 0}
# The bench starts at power-on; the host's first transfer comes after the
# board's uptime (1 s by default), which is not the tool's time.
t = max(s["virtual_ns"] / 1e9 - 1.0, 1e-9)
print(f"{name}\t{model}\t{status}\t{t:.2f}\t{1024/t:.1f}\t{s['usb_transfers']}\t{t/float(limit):.2f}\t{wall}")
PY
}

for model in v2 v3; do
    for tool in swdoctor openocd st-flash; do
        run_tool "$tool" "$model"
    done
done

python3 - "$work/rows" "$limit_s" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
limit = float(sys.argv[2])
print(f"1 MiB program + verify on STM32F407VG (virtual time; flash-bound limit {limit:.2f} s)")
print(f"{'tool':10} {'probe':5} {'result':7} {'virtual s':>10} {'KiB/s':>8} {'USB xfers':>10} {'x limit':>8} {'wall s':>7}")
for r in rows:
    print(f"{r[0]:10} {r[1]:5} {r[2]:7} {float(r[3]):10.2f} {float(r[4]):8.1f} {int(r[5]):10d} {float(r[6]):8.2f} {float(r[7]):7.1f}")
slow = []
for model in ("v2", "v3"):
    mine = [r for r in rows if r[0] == "swdoctor" and r[1] == model]
    peers = [r for r in rows if r[0] != "swdoctor" and r[1] == model and r[2] == "ok"]
    if not mine or mine[0][2] != "ok":
        slow.append(f"swdoctor failed on {model}")
        continue
    for p in peers:
        if float(mine[0][3]) > float(p[3]):
            slow.append(f"swdoctor slower than {p[0]} on {model}")
print("verdict: " + ("; ".join(slow) if slow else "swdoctor is not slower than any peer"))
sys.exit(1 if slow else 0)
PY
