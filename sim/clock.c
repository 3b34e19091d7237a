/* Virtual time of the bench and the cost model (clock.h).
 *
 * One global clock, advanced only by sim_clock_advance(): no wall-clock
 * reading anywhere, so the same scenario and host commands give the same
 * virtual time to the nanosecond.
 *
 * Cost model and its sources
 * --------------------------
 * USB (USB 2.0 specification, §5.8 "Bulk transfers", §5.8.4 Table 5-10,
 * §8.4.3 frames and microframes):
 *   - Full speed (ST-LINK/V2, V2-1): 1 ms frames, bulk max packet 64 bytes,
 *     at most 19 bulk transactions of 64 bytes in one frame.
 *   - High speed (STLINK-V3): 125 us microframes, bulk max packet 512
 *     bytes, at most 13 bulk transactions of 512 bytes per microframe.
 *   The host controller reports a URB complete at the end of the
 *   (micro)frame in which its last packet moved (EHCI/xHCI interrupt on
 *   frame boundaries).  So a transfer that starts at `now` ends at the
 *   first frame boundary after the frames its packets need.  A short
 *   command and its reply therefore cost about two frames on full speed
 *   (~2 ms per command/reply pair) and two microframes on high speed
 *   (~250 us); stlink-protocol.md §1.3 gives the endpoints (V2/V2-1 full
 *   speed with 64-byte packets, V3 high speed with 512).  The published
 *   V2 read rate quoted below is consistent with these frame costs.
 *
 * Probe firmware (no public figure from ST: our estimate, used only for
 * calibration): an ST-LINK/V2 is an STM32F103 at 72 MHz, a V3 an
 * STM32F723 at 216 MHz; decoding a 16-byte command and starting it is
 * taken as 40 us on V2 and 10 us on V3.
 *
 * SWD (ADIv5.2 §B4.2): one transfer is 8 request bits, 1 turnaround,
 * 3 ACK bits, 1 turnaround, 32 data + 1 parity bits = 46 clocks, plus the
 * idle cycles a host inserts after it (ST-LINK firmware: 2 idle clocks,
 * our estimate) and the engine's reload between words, taken as 8 clock
 * periods -> 56 clock periods per transfer: 31 us at 1.8 MHz, 14 us at
 * 4 MHz (sim_cost_swd_transfer).
 *
 * Probe firmware per SWD transfer (sim_cost_probe_swd_overhead): real
 * ST-LINK/V2s move words much slower than the wire allows.  A published
 * OpenOCD log with an ST-LINK/V2 at 1.8 MHz on an STM32F4 (cholla.mmto.org
 * "stm32all/black_pill/first.html": "dumped 131072 bytes in 2.538966s
 * (50.414 KiB/s)") needs about 70 us per word in all; the wire takes 31.
 * We charge 20 us per transfer on the V2 (F103 at 72 MHz) -- between the
 * ideal wire and that clone's figure -- and 2 us on the V3 (F723 at
 * 216 MHz, high-speed USB; ST advertises V3 as several times faster).
 *
 * Calibration check (what the model gives; tests/unit/sim/test_clock.c
 * recomputes it):
 *   ST-LINK/V2 at 1.8 MHz writing RAM in 1 KiB WRITEMEM_32BIT chunks:
 *   command OUT 1 frame + data OUT (16 packets) 1 frame + 256 SWD
 *   transfers of 51 us + GETLASTRWSTATUS2 OUT/IN 2 frames ~= 17 ms per KiB,
 *   ~60 KiB/s to RAM.  Adding the F4's flash times (16 us per 32-bit word,
 *   and sector erase, datasheet DS8626 "Flash memory programming") gives
 *   the ~20 KiB/s that OpenOCD `program` reports for a V2 on an F4
 *   (64 KiB in about 3 s with erase and verify on the bench).  The same
 *   chunk on a V3 at 8 MHz: 4 microframes + 256 * 9 us ~= 2.8 ms, about
 *   350 KiB/s, several times the V2.
 */
#include "clock.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct sim_stats sim_stats;

/* ---- clock and tickers ---- */

#define SIM_MAX_TICKERS 64

struct ticker {
    sim_ticker_fn fn;
    void *ctx;
};

static sim_ns clock_now;
static struct ticker tickers[SIM_MAX_TICKERS];
static size_t n_tickers;
/* A ticker that advances the clock itself (a board waiting for a flash
 * operation) must not re-enter the tickers: time just moves on, and the
 * outer loop runs every ticker again up to the final time. */
static int advancing;

sim_ns sim_clock_now(void)
{
    return clock_now;
}

void sim_clock_advance(sim_ns ns)
{
    clock_now += ns;
    if (advancing)
        return;
    advancing = 1;
    sim_ns done;
    do {
        done = clock_now;
        for (size_t i = 0; i < n_tickers; i++)
            if (tickers[i].fn)
                tickers[i].fn(tickers[i].ctx, done);
    } while (clock_now != done);
    advancing = 0;
}

void sim_clock_add_ticker(sim_ticker_fn fn, void *ctx)
{
    if (!fn || n_tickers >= SIM_MAX_TICKERS)
        abort(); /* a bench with more than 64 boards is a bug */
    tickers[n_tickers].fn = fn;
    tickers[n_tickers].ctx = ctx;
    n_tickers++;
}

void sim_clock_remove_ticker(sim_ticker_fn fn, void *ctx)
{
    for (size_t i = 0; i < n_tickers; i++) {
        if (tickers[i].fn == fn && tickers[i].ctx == ctx) {
            memmove(&tickers[i], &tickers[i + 1],
                    (n_tickers - i - 1) * sizeof tickers[0]);
            n_tickers--;
            return;
        }
    }
}

void sim_clock_reset(void)
{
    clock_now = 0;
    n_tickers = 0;
    advancing = 0;
    memset(&sim_stats, 0, sizeof sim_stats);
}

/* ---- cost model ---- */

/* USB 2.0 §8.4.3: 1 ms frame (FS), 125 us microframe (HS). */
#define USB_FS_FRAME_NS        (1 * SIM_NS_PER_MS)
#define USB_HS_MICROFRAME_NS   (125 * SIM_NS_PER_US)
/* USB 2.0 §5.8.3 max bulk packet sizes. */
#define USB_FS_BULK_PACKET     64u
#define USB_HS_BULK_PACKET     512u
/* USB 2.0 §5.8.4 Table 5-10: bulk transactions per (micro)frame. */
#define USB_FS_BULK_PER_FRAME  19u
#define USB_HS_BULK_PER_UFRAME 13u

/* Probe firmware decode time: our estimate (see header comment). */
#define PROBE_FS_CMD_NS        (40 * SIM_NS_PER_US)
#define PROBE_HS_CMD_NS        (10 * SIM_NS_PER_US)

/* Probe firmware per SWD transfer (see header comment). */
#define PROBE_FS_SWD_NS        (20 * SIM_NS_PER_US)
#define PROBE_HS_SWD_NS        (2 * SIM_NS_PER_US)

/* ADIv5.2 §B4.2: 8 + 1 + 3 + 1 + 32 + 1 clocks; plus idle and gap. */
#define SWD_TRANSFER_CLOCKS    46u
#define SWD_IDLE_CLOCKS        2u
#define SWD_FIRMWARE_GAP_CLOCKS 8u

sim_ns sim_cost_usb_transfer(enum sim_usb_speed speed, size_t bytes)
{
    const bool hs = speed == SIM_USB_HIGH_SPEED;
    const sim_ns frame = hs ? USB_HS_MICROFRAME_NS : USB_FS_FRAME_NS;
    const size_t pkt = hs ? USB_HS_BULK_PACKET : USB_FS_BULK_PACKET;
    const size_t per_frame = hs ? USB_HS_BULK_PER_UFRAME : USB_FS_BULK_PER_FRAME;

    /* A zero-length transfer is still one (zero-length) packet. */
    size_t packets = bytes ? (bytes + pkt - 1) / pkt : 1;
    size_t frames = (packets + per_frame - 1) / per_frame;
    sim_ns now = sim_clock_now();
    sim_ns frame_start = now - now % frame;
    sim_ns end = frame_start + (sim_ns)frames * frame;
    return end - now;
}

sim_ns sim_cost_probe_command(enum sim_usb_speed speed)
{
    return speed == SIM_USB_HIGH_SPEED ? PROBE_HS_CMD_NS : PROBE_FS_CMD_NS;
}

sim_ns sim_cost_probe_swd_overhead(enum sim_usb_speed speed)
{
    return speed == SIM_USB_HIGH_SPEED ? PROBE_HS_SWD_NS : PROBE_FS_SWD_NS;
}

sim_ns sim_cost_swd_transfer(unsigned khz)
{
    if (khz == 0)
        khz = 1; /* never divide by zero; 1 kHz is "very slow" */
    const sim_ns clocks = SWD_TRANSFER_CLOCKS + SWD_IDLE_CLOCKS +
                          SWD_FIRMWARE_GAP_CLOCKS;
    /* period in ns = 1e6 / khz; multiply first to stay exact. */
    return clocks * SIM_NS_PER_MS / khz;
}
