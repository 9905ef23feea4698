#!/usr/bin/env bash
# Hostile requests at the HTTP transport of `tmkit serve` (issue 27): each gets its 4xx (or its
# connection closed) and the service keeps answering everyone else. A 70 KiB chunked trailer, an
# endless chunk extension, Transfer-Encoding framings that disagree with Content-Length, and Host
# names the service was not started for (--allowed-host).
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}"
WORK=$(mktemp -d)
source "$TMKIT_SOURCE_DIR/tests/e2e/lib/serve.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

seed_tmx "$WORK/seed.tmx"
"$TMKIT" import --tm "$WORK/tm" "$WORK/seed.tmx" >/dev/null
start_server --tm "$WORK/tm" --allowed-host tm.newsroom.example

python3 - "${BASE#http://}" "$SERVER_PID" <<'PY'
import json, os, socket, sys, time

host, port = sys.argv[1].rsplit(":", 1)
port, pid = int(port), int(sys.argv[2])
failures = []

def report():
    if failures:
        print("FAIL:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)

def exchange(raw, timeout=10.0, send_all=True):
    """Sends raw bytes, returns (status or None, body) of the first answer; None when closed unanswered."""
    s = socket.create_connection((host, port), timeout=timeout)
    try:
        if send_all:
            s.sendall(raw)
        else:
            for piece in raw:  # an iterable of pieces: stop sending once the server hangs up
                try:
                    s.sendall(piece)
                except OSError:
                    break
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        if not data:
            return None, b""
        head, _, body = data.partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        while len(body) < length:
            chunk = s.recv(65536)
            if not chunk:
                break
            body += chunk
        return status, body
    except (ConnectionResetError, BrokenPipeError):
        return None, b""
    finally:
        s.close()

def alive(what):
    try:
        os.kill(pid, 0)
    except OSError:
        failures.append(f"{what}: the server died")
        report()
    status, body = exchange(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    if status != 200:
        failures.append(f"{what}: /healthz afterwards answered {status}")
        return False
    return True

def expect(what, raw, statuses, code=None, **kw):
    status, body = exchange(raw, **kw)
    if status not in statuses:
        failures.append(f"{what}: status {status}, want one of {statuses}: {body[:200]!r}")
    elif status is not None:
        try:
            error = json.loads(body)["error"]
            if error["status"] != status or (code and error["code"] != code):
                failures.append(f"{what}: error {error}, want code {code}")
        except (ValueError, KeyError):
            failures.append(f"{what}: not a JSON error: {body[:200]!r}")
    alive(what)

# 1. A chunked request whose trailer holds one 70 KiB field (Beast throws on a field >= 64 KiB).
trailer = b"X-Big: " + b"a" * (70 * 1024) + b"\r\n"
expect("a 70 KiB trailer field", b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
       b"Content-Type: application/json\r\n\r\n2\r\n{}\r\n0\r\n" + trailer + b"\r\n", {431})
# ... also on a path that does not exist, without a Host.
expect("a 70 KiB trailer, no Host", b"POST /nowhere HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" +
       trailer + b"\r\n", {431})

# 8. A chunk extension that never ends: refused once it passes the limit, not buffered for ever.
def endless_extension():
    yield b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n1;x="
    for _ in range(2048):  # up to 32 MiB
        yield b"b" * 16384
expect("an endless chunk extension", endless_extension(), {431}, send_all=False)
# Many small chunks each with an extension: the extensions add up.
chunks = b"".join(b"1;ext=" + b"e" * 200 + b"\r\n{\r\n" for _ in range(20))
expect("extensions over many chunks", b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n" +
       chunks + b"0\r\n\r\n", {431})

# 15. Framings that disagree: the body must not be read by Content-Length.
for te in (b"chunked, identity", b"identity", b"gzip", b"chunked"):
    expect(f"Transfer-Encoding: {te.decode()} with Content-Length",
           b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: " + te +
           b"\r\nContent-Length: 2\r\n\r\n{}", {400}, code="bad_request")
expect("Transfer-Encoding: chunked, identity alone",
       b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked, identity\r\n\r\n{}", {400}, code="bad_request")
# A plain chunked request still works.
status, body = exchange(b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                        b"Content-Type: application/json\r\n\r\n2;name=value\r\n{}\r\n0\r\n\r\n")
if status not in (200, 400):  # {} is not a valid check request, but it was read and answered
    failures.append(f"a plain chunked request: status {status}")
elif b"headers_too_large" in body or b"bad_request\",\"message\":\"Transfer" in body:
    failures.append(f"a plain chunked request was refused by the transport: {body[:200]!r}")

# 11. Host names: loopback names and --allowed-host pass, others get 403.
for name, want in ((b"127.0.0.1", 200), (b"localhost:8080", 200), (b"TM.Newsroom.Example", 200),
                   (b"tm.newsroom.example:80", 200), (b"attacker.example", 403), (b"tm.newsroom.example.attacker", 403)):
    status, _ = exchange(b"GET /healthz HTTP/1.1\r\nHost: " + name + b"\r\n\r\n")
    if status != want:
        failures.append(f"Host: {name.decode()}: status {status}, want {want}")

alive("the end")
report()
print("serve_transport_abuse: ok")
PY
