# The raw RSP client of tests/e2e/gdb.sh (group robust), sourced: python3
# sockets speaking the GDB remote protocol byte by byte, so that the test
# can send what gdb never would (bad checksums, oversized packets, garbage,
# a second client, a packet cut in the middle).  GDB manual, "Remote
# Protocol": packets `$data#cs`, '+'/'-' acknowledgements.
# shellcheck shell=bash

# rsp.py PORT STEP : a raw RSP client (python3 sockets) for the robustness
# steps; prints KEY=value lines.  Written into WORK_DIR at run time.
write_rsp_client() {
    cat >"$WORK_DIR/rsp.py" <<'PY'
import socket, sys, time

PORT = int(sys.argv[1])
STEP = sys.argv[2]

def frame(data: bytes) -> bytes:
    return b"$" + data + b"#%02x" % (sum(data) & 0xFF)

def connect():
    s = socket.create_connection(("127.0.0.1", PORT), timeout=10)
    return s

def read_until(s, pred, secs=10.0):
    """Bytes from s until pred(buf) or EOF/timeout; returns (buf, eof)."""
    buf, end = b"", time.time() + secs
    while not pred(buf) and time.time() < end:
        s.settimeout(max(0.05, end - time.time()))
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            return buf, True
        if not chunk:
            return buf, True
        buf += chunk
    return buf, False

def has_packet(buf):
    i = buf.find(b"$")
    j = buf.find(b"#", i + 1) if i >= 0 else -1
    return i >= 0 and j >= 0 and len(buf) >= j + 3

def packet_of(buf):
    i = buf.find(b"$")
    j = buf.find(b"#", i + 1)
    return buf[i + 1:j]

def request(s, data: bytes, secs=10.0):
    """Send a packet, return (first reply byte, reply packet data or None); acks the reply."""
    s.sendall(frame(data))
    buf, _ = read_until(s, has_packet, secs)
    if has_packet(buf):
        s.sendall(b"+")
        return buf[:1], packet_of(buf)
    return buf[:1], None

def out(k, v):
    print(f"{k}={v}", flush=True)

def show(b):
    return b.decode("latin-1").encode("unicode_escape").decode()

if STEP == "two-clients":
    a = connect()
    ack, rep = request(a, b"?")
    out("A_FIRST", show(rep or b"<none>"))
    b = connect()
    # A second client while A is attached: it must be told no, and not be
    # served (no stop reply to '?').
    try:
        b.sendall(frame(b"?"))
    except OSError:
        pass
    bbuf, beof = read_until(b, lambda x: False, 5.0)
    out("B_GOT", show(bbuf))
    out("B_CLOSED", 1 if beof else 0)
    # Any 'O' packet in B's bytes, decoded (the server's words to a refused gdb).
    texts = []
    for part in bbuf.split(b"$")[1:]:
        body = part.split(b"#")[0]
        if body.startswith(b"O") and len(body) > 1:
            try:
                texts.append(bytes.fromhex(body[1:].decode()).decode("latin-1"))
            except ValueError:
                pass
        elif body.startswith(b"E"):
            texts.append(body.decode("latin-1"))
    out("B_TEXT", show("".join(texts).encode("latin-1")))
    out("B_SERVED", 1 if any(p.split(b"#")[0][:1] in (b"S", b"T") for p in bbuf.split(b"$")[1:]) else 0)
    b.close()
    # A keeps working.
    ack, rep = request(a, b"m8000000,10")
    out("A_AFTER", show(rep or b"<none>"))
    a.close()

elif STEP == "bad-input":
    a = connect()
    ack, rep = request(a, b"?")
    out("HELLO", show(rep or b"<none>"))
    # 1. Bad checksum: '-' (the GDB manual: "a '-' requests retransmission").
    a.sendall(b"$m8000000,4#00")
    buf, _ = read_until(a, lambda x: len(x) >= 1, 5.0)
    out("BADSUM_REPLY", show(buf[:1]))
    buf, _ = read_until(a, lambda x: False, 0.5)   # nothing else follows
    out("BADSUM_MORE", show(buf))
    ack, rep = request(a, b"m8000000,4")
    out("RESEND", show(rep or b"<none>"))
    # 2. Oversized: 64 KiB of data, far above PacketSize.
    big = b"m" + b"0" * 65536
    a.sendall(frame(big))
    buf, eof = read_until(a, lambda x: False, 1.0)
    out("BIG_REPLY", show(buf[:16]))
    out("BIG_EOF", 1 if eof else 0)
    if not eof:
        ack, rep = request(a, b"m8000000,4")
        out("AFTER_BIG", show(rep or b"<none>"))
    else:
        a = connect()
        out("AFTER_BIG", "<disconnected>")
    # 3. Garbage outside packets (no '$', and no '+'/'-'/0x03, which mean
    #    something there), then a packet whose checksum digits are not hex:
    #    neither may be acted on (no '$' reply).
    a.sendall(b"hello\x00\xff\x7f}}*garbage#00\r\n" + b"$m8000000,4#zz")
    buf, eof = read_until(a, lambda x: False, 1.0)
    out("GARBAGE_REPLY", show(buf[:16]))
    out("GARBAGE_ACTED", 1 if b"$" in buf else 0)
    out("GARBAGE_EOF", 1 if eof else 0)
    if not eof:
        ack, rep = request(a, b"m8000000,4")
        out("AFTER_GARBAGE", show(rep or b"<none>"))
    else:
        out("AFTER_GARBAGE", "<disconnected>")
    # 4. Disconnect in the middle of a packet.
    a.sendall(b"$m8000000,")
    time.sleep(0.2)
    a.close()
    out("MID_PACKET", "closed")
PY
}
