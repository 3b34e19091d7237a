/* Virtual time of the bench: one clock for the whole simulated world.
 *
 * Everything that takes time on real hardware (USB transactions, SWD
 * transfers, CPU instructions, flash erase/program) advances this clock
 * through sim_clock_advance(); the cost of each comes from the cost model
 * below, one place, documented in clock.c with its sources.  Deterministic:
 * the same scenario and the same host commands give the same virtual time
 * to the nanosecond.  See ARCHITECTURE.md "Time on the bench". */
#ifndef SIM_CLOCK_H
#define SIM_CLOCK_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t sim_ns;

#define SIM_NS_PER_US 1000ull
#define SIM_NS_PER_MS 1000000ull
#define SIM_NS_PER_S  1000000000ull

/* Current virtual time since power-on of the bench. */
sim_ns sim_clock_now(void);

/* Let `ns` of virtual time pass.  Every registered ticker is called with
 * the new time, in registration order, so boards run their CPUs and
 * peripherals (flash BSY timers, firmware delays) up to it. */
void sim_clock_advance(sim_ns ns);

typedef void (*sim_ticker_fn)(void *ctx, sim_ns now);
void sim_clock_add_ticker(sim_ticker_fn fn, void *ctx);
void sim_clock_remove_ticker(sim_ticker_fn fn, void *ctx);

/* Back to t = 0 with no tickers (tests). */
void sim_clock_reset(void);

/* ---- Cost model (values and their sources in clock.c) ---- */

enum sim_usb_speed { SIM_USB_FULL_SPEED, SIM_USB_HIGH_SPEED };

/* One bulk transfer of `bytes` on a probe of that speed, including the
 * host controller's scheduling (a full-speed bulk transfer waits for the
 * next 1 ms frame; high speed for the next 125 us microframe). */
sim_ns sim_cost_usb_transfer(enum sim_usb_speed speed, size_t bytes);

/* The probe firmware's own time to decode and start one command. */
sim_ns sim_cost_probe_command(enum sim_usb_speed speed);

/* One SWD (or JTAG DPACC/APACC) transfer at `khz` on the wire, including
 * request, turnaround, ack, 33 data/parity bits and idle cycles. */
sim_ns sim_cost_swd_transfer(unsigned khz);

/* Added by the host-side helper (compatible addition): the probe
 * firmware's own time per SWD transfer, on top of the wire time above
 * (an ST-LINK/V2's SWD engine spends far longer between words than a
 * V3's; calibration in clock.c).  A probe adds both per transfer. */
sim_ns sim_cost_probe_swd_overhead(enum sim_usb_speed speed);

/* ---- Counters reported by `swdoctor-sim run --stats` ---- */
struct sim_stats {
    uint64_t usb_transfers;
    uint64_t usb_bytes_out;
    uint64_t usb_bytes_in;
    uint64_t swd_transfers;
    uint64_t cpu_instructions;
    uint64_t flash_bytes_programmed;
    uint64_t flash_erases;
    uint64_t flash_busy_ns;      /* time flash controllers were busy (erase, program) */
};
extern struct sim_stats sim_stats;

#endif
