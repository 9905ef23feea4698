#!/usr/bin/env python3
"""Snakemake's cluster-status hook: reads a Slurm job's state with scontrol (no accounting
database needed) and answers running, success or failed."""
import re
import subprocess
import sys

job = sys.argv[1]
try:
    out = subprocess.run(["scontrol", "show", "job", job], capture_output=True, text=True, timeout=30).stdout
except (OSError, subprocess.TimeoutExpired):
    print("running")  # the controller is busy: ask again later
    sys.exit(0)
m = re.search(r"JobState=(\w+)", out)
state = m.group(1) if m else "UNKNOWN"
if state == "COMPLETED":
    print("success")
elif state in ("PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING", "UNKNOWN"):
    print("running")
else:  # FAILED, CANCELLED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY, BOOT_FAIL, DEADLINE, PREEMPTED
    print("failed")
