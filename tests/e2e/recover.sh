#!/usr/bin/env bash
# `swdoctor recover` on every scenario the doctor calls recoverable: it
# exits 0, the application is erased, a plain `swdoctor info` (no
# --connect) reaches the chip afterwards and the doctor finds nothing
# blocking (an erased chip is a healthy board: there is nothing for the
# user to fix, `swdoctor flash` works).  Where software cannot help (NRST
# held low, no NRST to hold the firmware off, H7 supply mismatch, no
# power) recover exits 1, names the hardware step and leaves the flash as
# it was.  RDP 1 is regressed only with --unlock.
#
#   recover.sh GROUP   pins | lowpower | protect | boot0 | hardware
#
# The bench keeps each board's flash in a state file; flash_dump (lib.sh)
# reads it before and after, which is how "erased" and "untouched" are
# checked without trusting swdoctor's own report.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
group=${1:?usage: recover.sh GROUP}
TEST_NAME=recover-$group
source "$here/lib.sh"
source "$here/doctor-lib.sh"

# blank FILE [BYTES] : the first BYTES (default 1 KiB: the vector table and
# the code after it) of a flash dump are erased (0xFF).
blank() {
    python3 - "$1" "${2:-1024}" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()[: int(sys.argv[2])]
sys.exit(0 if d and d == b"\xff" * len(d) else 1)
PY
}

# board_state TAG SCENARIO : create the bench state of a fresh board (the
# scenario's flash as shipped) without touching the chip, and dump it.
board_state() {
    local tag=$1 file=$2
    rm -f "$tag.state"
    "$SWDOCTOR_SIM" run --state "$tag.state" "$file" -- "$SWDOCTOR" list >/dev/null 2>&1 || true
    flash_dump "$tag.state" "$tag.before.bin" 2>/dev/null ||
        bad "$(basename "$tag"): no bench state to dump after \`swdoctor list\`"
}

# ids_of TAG : the finding ids of a doctor report, comma-separated.
ids_of() {
    python3 -c 'import json, sys; print(",".join(f["id"] for f in json.load(open(sys.argv[1]))["findings"]))' \
        "$1.out" 2>/dev/null || echo "(no report)"
}

# after_recover TAG SCENARIO DOCTOR_EXIT : on the recovered board (same
# bench state, same last-target record), run SCENARIO (the board, or its
# BOOT0 = 0 twin): plain info works, the doctor finds nothing blocking and
# exits DOCTOR_EXIT (0: healthy; 1: advisories only, e.g. a clone probe).
after_recover() {
    local tag=$1 file=$2 want=$3 name
    name=$(basename "$tag")
    run_sd "$tag-info" "$file" "$tag.state" info
    show "$tag-info" 20
    [[ $RC == 0 ]] || bad "$name: plain info after recover: exit $RC, expected 0"
    run_sd "$tag-doctor" "$file" "$tag.state" --json doctor
    show "$tag-doctor" 30
    [[ $RC == "$want" ]] || bad "$name: doctor after recover: exit $RC, expected $want"
    local -a extra=()
    [[ $want == 0 ]] && extra=(healthy=true first=healthy)
    check_json "$tag-doctor" "$name: doctor after recover" nblocking=0 "${extra[@]}" \
        'ids!~debug-pins|low-power|watchdog|lockup|boot-from|rdp-level' >&2 ||
        bad "$name: after recover the doctor says: $(ids_of "$tag-doctor")"
}

# recover_row SCENARIO "RECOVER ARGS" DOCTOR_EXIT ASSERTION... : a fresh
# board; `swdoctor --json recover ARGS` exits 0 with the assertions (on
# its JSON report), the application is erased, then after_recover.
recover_row() {
    local name=$1 args=$2 want=$3
    shift 3
    local file tag
    file=$(scen "$name")
    tag=$WORK_DIR/$name
    [[ -z "$args" ]] || tag+="-${args//[ -]/}"
    [[ -f "$file" ]] || { bad "$name: scenario $file does not exist"; return 0; }
    STATE_DIR=$(new_state_dir)
    rm -f "$tag.state"
    # shellcheck disable=SC2086  # ARGS is a word list
    run_sd "$tag" "$file" "$tag.state" --json recover $args
    say "recover $name $args: exit $RC"
    show "$tag" 40
    [[ $RC == 0 ]] || bad "$name: recover $args: exit $RC, expected 0"
    check_json "$tag" "$name: recover $args" recovered=true answers_normally=true \
        erased=true hardware_step= "$@" >&2 || bad "$name: recover $args report"
    if [[ ! -f "$tag.state" ]]; then
        bad "$name: recover never reached the bench (no state): the rest of the row is skipped"
        return 0
    fi
    flash_dump "$tag.state" "$tag.after.bin"
    blank "$tag.after.bin" || bad "$name: recover left the application in flash"
    after_recover "$tag" "$file" "$want"
    say "done: $name"
}

# hardware_row TAG SCENARIO PATTERN [KEEP] : software cannot recover this
# board: recover exits 1 both as text (which must show the hardware step,
# PATTERN) and as JSON (recovered false, hardware_step ~ PATTERN), and the
# flash is as it was.  KEEP (any word): keep the caller's last-target
# record directory (and the bench state WORK_DIR/TAG.state if it exists).
hardware_row() {
    local name=$1 file=$2 pattern=$3 keep=${4:-}
    local tag=$WORK_DIR/$name
    [[ -f "$file" ]] || { bad "$name: scenario $file does not exist"; return 0; }
    [[ -n "$keep" ]] || STATE_DIR=$(new_state_dir)
    if [[ -f "$tag.state" ]]; then flash_dump "$tag.state" "$tag.before.bin"
    else board_state "$tag" "$file"; fi
    run_sd "$tag-text" "$file" "$tag.state" recover
    say "recover $name: exit $RC"
    show "$tag-text" 30
    [[ $RC == 1 ]] || bad "$name: recover: exit $RC, expected 1"
    grep -qiE -- "$pattern" "$tag-text.out" "$tag-text.err" ||
        bad "$name: recover does not print the hardware step /$pattern/"
    run_sd "$tag-json" "$file" "$tag.state" --json recover
    show "$tag-json" 30
    [[ $RC == 1 ]] || bad "$name: --json recover: exit $RC, expected 1"
    check_json "$tag-json" "$name: --json recover" recovered=false answers_normally=false \
        "hardware_step~$pattern" >&2 || bad "$name: recover report"
    flash_dump "$tag.state" "$tag.after.bin"
    cmp -s "$tag.before.bin" "$tag.after.bin" || bad "$name: recover changed the flash"
    say "done: $name"
}

group_pins() {
    # Firmware that takes PA13/PA14 (F4, L4: GPIOA_MODER; F1: AFIO_MAPR):
    # reached under reset, halted before the firmware runs.
    recover_row f407-v2-swd-off "" 0 connected_under_reset=true
    recover_row f103rc-v2-swd-off "" 0 connected_under_reset=true
    recover_row l476rg-v2-1-swd-off "" 0 connected_under_reset=true
}

group_lowpower() {
    recover_row f407-v2-stop "" 0 connected_under_reset=true dbgmcu_set=true
    recover_row l476rg-v2-1-stop "" 0 connected_under_reset=true dbgmcu_set=true
    recover_row f407-v2-watchdog "" 0
    recover_row f407-v2-lockup "" 0
    # --keep-firmware: only the DBGMCU bits (they last until power-off);
    # the flash is as it was.
    local tag=$WORK_DIR/f407-v2-stop-keep
    STATE_DIR=$(new_state_dir)
    board_state "$tag" "$(scen f407-v2-stop)"
    run_sd "$tag" "$(scen f407-v2-stop)" "$tag.state" --json recover --keep-firmware
    say "recover f407-v2-stop --keep-firmware: exit $RC"
    show "$tag" 30
    [[ $RC == 0 ]] || bad "f407-v2-stop: recover --keep-firmware: exit $RC, expected 0"
    check_json "$tag" "f407-v2-stop --keep-firmware" recovered=true answers_normally=true \
        erased=false dbgmcu_set=true >&2 || bad "f407-v2-stop: recover --keep-firmware report"
    flash_dump "$tag.state" "$tag.after.bin"
    cmp -s "$tag.before.bin" "$tag.after.bin" || bad "f407-v2-stop: --keep-firmware changed the flash"
}

group_protect() {
    # RDP 1 without --unlock: refused, says the regression erases
    # everything, flash untouched (the combined board has firmware in it).
    local name tag
    for name in f407-rdp1 f407-rdp1-swd-off; do
        tag=$WORK_DIR/$name-nounlock
        STATE_DIR=$(new_state_dir)
        board_state "$tag" "$(scen "$name")"
        run_sd "$tag" "$(scen "$name")" "$tag.state" recover
        say "recover $name (no --unlock): exit $RC"
        show "$tag" 30
        [[ $RC == 1 ]] || bad "$name: recover without --unlock: exit $RC, expected 1"
        grep -q -- '--unlock' "$tag.out" "$tag.err" || bad "$name: refusal does not name --unlock"
        grep -qiE 'erases? (the whole|all|every|the entire)|whole flash|mass erase' \
            "$tag.out" "$tag.err" || bad "$name: refusal does not say --unlock erases everything"
        flash_dump "$tag.state" "$tag.after.bin"
        cmp -s "$tag.before.bin" "$tag.after.bin" || bad "$name: recover without --unlock changed the flash"
        [[ $name == f407-rdp1 ]] || ! blank "$tag.before.bin" ||
            bad "$name: the scenario's flash is empty (no firmware for the refusal to keep)"
        run_sd "$tag-rdp" "$(scen "$name")" "$tag.state" --connect under-reset rdp get
        grep -q 'RDP level 1' "$tag-rdp.out" || bad "$name: RDP is no longer 1 after a refused recover"
    done
    # With --unlock: RDP 1 -> 0 (which erases the flash); the combined board
    # also has its SWD-killing firmware gone with it.
    recover_row f407-rdp1 --unlock 0 unlocked=true
    recover_row f407-rdp1-swd-off --unlock 0 unlocked=true
    run_sd "$WORK_DIR/rdp-after" "$(scen f407-rdp1-swd-off)" "$WORK_DIR/f407-rdp1-swd-off-unlock.state" \
        --connect under-reset rdp get
    grep -q 'RDP level 0' "$WORK_DIR/rdp-after.out" || bad "f407-rdp1-swd-off: RDP not 0 after recover --unlock"
}

# Boards software alone cannot recover, and their BOOT0 = 1 twins, which
# share the bench state: the hardware step (BOOT0 high), then recover, then
# BOOT0 low and the board answers.
group_boot0() {
    local tag
    # Seed 003: clone V2 (no NRST) and firmware that disables SWD (F103).
    STATE_DIR=$(new_state_dir)
    hardware_row f103-clone "$(scen f103rc-v2-clone-swd-off)" 'BOOT0' keep
    tag=$WORK_DIR/f103-clone
    run_sd "$tag-boot0" "$(scen f103rc-v2-clone-swd-off-boot0)" "$tag.state" --json recover
    say "recover f103rc-v2-clone-swd-off-boot0: exit $RC"
    show "$tag-boot0" 30
    [[ $RC == 0 ]] || bad "f103rc-v2-clone-swd-off-boot0: recover exit $RC, expected 0"
    check_json "$tag-boot0" "f103 BOOT0 recover" recovered=true answers_normally=true erased=true >&2 ||
        bad "f103rc-v2-clone-swd-off-boot0: recover report"
    flash_dump "$tag.state" "$tag.erased.bin"
    blank "$tag.erased.bin" || bad "f103rc-v2-clone-swd-off-boot0: application not erased"
    # BOOT0 low again: the clone's advisories remain (exit 1), nothing blocks.
    after_recover "$tag" "$(scen f103rc-v2-clone-swd-off)" 1

    # Seed 004: H747 wired for the LDO, firmware selects direct SMPS.  The
    # user flashes it with swdoctor while the board still answers (which
    # records the chip), then nothing answers.
    python3 - "$(scen h747ii-supply-mismatch-v3)" "$WORK_DIR/h747-answers.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["board"]["firmware"] = ""
json.dump(s, open(sys.argv[2], "w"))
PY
    STATE_DIR=$(new_state_dir)
    tag=$WORK_DIR/h747
    rm -f "$tag.state"
    run_sd "$tag-flash" "$WORK_DIR/h747-answers.json" "$tag.state" flash "$FW_DIR/h747-smps.elf"
    show "$tag-flash" 20
    [[ $RC == 0 ]] || bad "h747: flashing h747-smps.elf on the answering board: exit $RC"
    run_sd "$tag-doctor" "$(scen h747ii-supply-mismatch-v3)" "$tag.state" --json doctor
    show "$tag-doctor" 30
    check_json "$tag-doctor" "h747 doctor" first=power-supply-config-mismatch >&2 ||
        bad "h747: doctor after flashing h747-smps.elf"
    hardware_row h747 "$(scen h747ii-supply-mismatch-v3)" 'BOOT0' keep
    run_sd "$tag-boot0" "$(scen h747ii-supply-mismatch-boot0-v3)" "$tag.state" --json recover
    say "recover h747ii-supply-mismatch-boot0-v3: exit $RC"
    show "$tag-boot0" 30
    [[ $RC == 0 ]] || bad "h747ii-supply-mismatch-boot0-v3: recover exit $RC, expected 0"
    check_json "$tag-boot0" "h747 BOOT0 recover" recovered=true answers_normally=true erased=true >&2 ||
        bad "h747ii-supply-mismatch-boot0-v3: recover report"
    # BOOT0 low: normal boot answers.
    after_recover "$tag" "$(scen h747ii-supply-mismatch-v3)" 0
}

group_hardware() {
    hardware_row f407-nrst "$(scen f407-nrst-stuck-low)" 'NRST'
    hardware_row l476-nrst "$(scen l476rg-v3-nrst-stuck-low)" 'NRST'
    hardware_row f407-unpowered "$(scen f407-unpowered)" 'power|VDD'
    # A genuine V2 whose NRST is not wired: no connect under reset, BOOT0.
    hardware_row f407-swd-off-no-nrst "$(scen f407-v2-swd-off-no-nrst)" 'BOOT0|NRST'
}

case $group in
pins)     group_pins ;;
lowpower) group_lowpower ;;
protect)  group_protect ;;
boot0)    group_boot0 ;;
hardware) group_hardware ;;
*) echo "recover.sh: unknown group $group" >&2; exit 2 ;;
esac
finish
