#!/usr/bin/env python3
"""A slowloris against a tmkit serve on this machine: N connections that each send a request's first
line and then one header line every INTERVAL seconds, never finishing it; a connection the server
closes is opened again at once. For the benchmark (tools/bench/serve_slowloris.sh) and the e2e test
(tests/e2e/serve_slowloris.sh). Loopback only, at most 5,000 connections and 600 seconds.

  slowloris.py --port PORT [--connections 2000] [--seconds 30] [--interval 1.0] [--ready FILE]

--ready FILE is written once every connection has been opened the first time. At the end one line
"SLOWLORIS {json}" gives the connections opened in all, the most open at once and the closes seen.
"""
import argparse
import errno
import json
import resource
import selectors
import signal
import socket
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--connections", type=int, default=2000)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--interval", type=float, default=1.0)
    ap.add_argument("--ready")
    a = ap.parse_args()
    if a.host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("slowloris: loopback only")
    if not 1 <= a.connections <= 5000 or not 0 < a.seconds <= 600:
        sys.exit("slowloris: 1-5000 connections, at most 600 seconds")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = a.connections + 64
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))

    sel = selectors.DefaultSelector()
    opened = closed = 0
    most = 0
    live = {}  # socket -> next time to send a header line

    def open_one():
        nonlocal opened
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.connect((a.host, a.port))
        except BlockingIOError:
            pass
        except OSError as e:
            s.close()
            if e.errno in (errno.EMFILE, errno.ENFILE, errno.EADDRNOTAVAIL):
                return False
            raise
        try:
            s.send(b"GET /api/lookup?q=slow&src=en&tgt=ru HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        except (BlockingIOError, OSError):
            pass  # still connecting: the first header line goes with the next tick
        sel.register(s, selectors.EVENT_READ)
        live[s] = time.monotonic() + a.interval
        opened += 1
        return True

    def drop(s):
        nonlocal closed
        closed += 1
        sel.unregister(s)
        live.pop(s, None)
        s.close()

    start = time.monotonic()
    end = start + a.seconds
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    ready_written = False
    while time.monotonic() < end and not stop:
        while len(live) < a.connections:
            if not open_one():
                break
        most = max(most, len(live))
        if not ready_written and a.ready and opened >= a.connections:
            open(a.ready, "w").write("ready\n")
            ready_written = True
        for key, _ in sel.select(timeout=0.05):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if not data:
                drop(s)
            # an answer (a 408/4xx) also means the server is done with it: it closes next
        now = time.monotonic()
        for s, due in list(live.items()):
            if due <= now:
                try:
                    s.send(b"X-Slow: 1\r\n")
                    live[s] = now + a.interval
                except (BlockingIOError, InterruptedError):
                    live[s] = now + a.interval
                except OSError:
                    drop(s)
    for s in list(live):
        drop(s)
    print("SLOWLORIS " + json.dumps({"connections": a.connections, "opened": opened, "most_open": most,
                                     "closed_by_server_or_end": closed, "seconds": a.seconds}))


if __name__ == "__main__":
    main()
