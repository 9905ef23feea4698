#!/usr/bin/env python3
"""Runs one command and prints one JSON line: wall and CPU time, max RSS as the kernel counts it
(getrusage: anonymous memory plus every page of a mapped file the process has mapped) and, sampled
every 5 ms from /proc/PID/status, the peaks of its two parts: RssAnon (heap, stacks: what the
process owns) and RssFile (the TM's LMDB pages mapped in, which the page cache shares and can
reclaim). The load average before the run says how quiet the machine was.

  xliff_run.py LABEL COMMAND... [> /dev/null is the command's own stdout]
"""
import json
import os
import subprocess
import sys
import time


def rss_parts(pid):
    parts = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("RssAnon", "RssFile"):
                    parts[key] = int(value.split()[0])
    except OSError:
        pass
    return parts


def main():
    label, command = sys.argv[1], sys.argv[2:]
    load = os.getloadavg()[0]
    start = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    peak = {"RssAnon": 0, "RssFile": 0}
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid == child.pid:
            break
        for key, value in rss_parts(child.pid).items():
            peak[key] = max(peak[key], value)
        time.sleep(0.005)
    wall = time.monotonic() - start
    print(json.dumps({"run": label, "exit": os.waitstatus_to_exitcode(status), "elapsed_s": round(wall, 3),
                      "user_s": round(usage.ru_utime, 3), "sys_s": round(usage.ru_stime, 3),
                      "max_rss_kb": usage.ru_maxrss, "peak_anon_kb": peak["RssAnon"],
                      "peak_file_kb": peak["RssFile"], "load1_before": round(load, 2)}))
    return 0 if os.waitstatus_to_exitcode(status) == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
