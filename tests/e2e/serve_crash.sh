#!/usr/bin/env bash
# Crash safety of `tmkit serve` (docs/reliability.md): a writer adds units through POST /api/units
# one after another while two readers look up, and the server is killed with SIGKILL at a random
# moment, 20 times. After every kill the TM must open, `tmkit verify` must be clean, and it must
# hold exactly the units whose POST was acknowledged (201), plus at most the one whose request was
# in flight when the server died (it may have committed without its answer getting out).
# One Python process drives all rounds: starting Python per round costs more than a round.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}"
WORK=$(mktemp -d)
source "$TMKIT_SOURCE_DIR/tests/e2e/lib/serve.sh"
trap 'rm -rf "$WORK"' EXIT

seed_tmx "$WORK/seed.tmx"
"$TMKIT" import --tm "$WORK/tm" "$WORK/seed.tmx" >/dev/null
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/token"

python3 - "$TMKIT" "$WORK" "${SERVE_CRASH_KILLS:-20}" <<'PY'
import http.client, json, os, random, re, signal, subprocess, sys, threading, time

tmkit, work, kills = sys.argv[1], sys.argv[2], int(sys.argv[3])
tm, token = f"{work}/tm", open(f"{work}/token").read().strip()
random.seed(7)

def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)

def start_server():
    err = open(f"{work}/serve.err", "w")
    server = subprocess.Popen([tmkit, "serve", "--tm", tm, "--write-token-file", f"{work}/token",
                               "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=err, text=True)
    line = server.stdout.readline()
    m = re.match(r"tmkit serve: listening on http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        server.wait()
        fail(f"tmkit serve did not start: {line!r} {open(f'{work}/serve.err').read()}")
    return server, int(m.group(1))

def units_in_tm():
    """The (round, n) of every crash unit the TM holds, from its TMX export."""
    subprocess.run([tmkit, "export", "--tm", tm, "--out", f"{work}/export.tmx"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    text = open(f"{work}/export.tmx", encoding="utf-8").read()
    return {(int(r), int(n)) for r, n in re.findall(r"Crash round (\d+) unit (\d+):", text)}

expected = set()  # units that must be in the TM
in_flight_landed = 0
for rnd in range(1, kills + 1):
    server, port = start_server()
    stop = threading.Event()
    first_ack = threading.Event()
    state = {"sent": 0, "acked": [], "error": None}

    def reader():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while not stop.is_set():
            try:
                conn.request("GET", "/api/lookup?q=Secretary+of+State+meets+her+counterpart&src=en&tgt=ru")
                conn.getresponse().read()
            except Exception:
                return

    def writer():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        n = 0
        while True:
            n += 1
            body = json.dumps({"variants": [
                {"lang": "en", "text": f"Crash round {rnd} unit {n}: the envoy reported progress."},
                {"lang": "ru", "text": f"Авария раунд {rnd} единица {n}: посланник сообщил о прогрессе."}]})
            state["sent"] = n
            try:
                conn.request("POST", "/api/units", body,
                             {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
                resp = conn.getresponse()
                answer = json.loads(resp.read())
            except Exception:
                return  # the server is gone
            if resp.status != 201:
                state["error"] = f"unit {n}: {resp.status} {answer}"
                return
            state["acked"].append(n)
            first_ack.set()

    threads = [threading.Thread(target=reader) for _ in range(2)] + [threading.Thread(target=writer)]
    for t in threads:
        t.start()
    # The kill falls at a random moment once the writer is under way.
    if not first_ack.wait(20):
        fail(f"round {rnd}: no write was acknowledged within 20 s: {state} {open(f'{work}/serve.err').read()}")
    delay = random.uniform(0, 0.3)
    time.sleep(delay)
    os.kill(server.pid, signal.SIGKILL)
    server.wait()
    stop.set()
    for t in threads:
        t.join()
    if state["error"]:
        fail(f"round {rnd}: a write was refused: {state['error']}")

    verify = subprocess.run([tmkit, "verify", "--tm", tm], capture_output=True, text=True)
    if verify.returncode != 0:
        fail(f"round {rnd} (killed {delay * 1000:.0f} ms after the first write): verify: {verify.stdout}{verify.stderr}")
    expected |= {(rnd, n) for n in state["acked"]}
    actual = units_in_tm()
    missing = expected - actual
    if missing:
        fail(f"round {rnd}: acknowledged units missing from the TM: {sorted(missing)}")
    extra = actual - expected
    in_flight = (rnd, state["sent"])
    if extra:
        if extra != {in_flight} or state["sent"] in state["acked"]:
            fail(f"round {rnd}: units in the TM that were never acknowledged: {sorted(extra)} "
                 f"(last sent {state['sent']}, acknowledged {len(state['acked'])})")
        expected |= extra
        in_flight_landed += 1

if len(expected) <= kills:
    fail(f"only {len(expected)} units were acknowledged over {kills} rounds: the writer hardly ran")
print(f"serve_crash: {kills} kills, {len(expected)} units acknowledged and all present, verify clean every time; "
      f"{in_flight_landed} in-flight writes had landed unacknowledged")
PY
