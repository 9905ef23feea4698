#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine (munge + slurmctld + slurmd, as root), enough to
# run the workflow's Slurm profile end to end; `stop` ends it. The configuration and state live in
# STATE_DIR (default /tmp/tmkit-slurm); nothing under /etc is changed. Afterwards:
#   export SLURM_CONF=STATE_DIR/slurm.conf     (sbatch, squeue and the profile read it)
# Needs Debian's slurm-wlm and munge (scripts/setup.sh --with-test-peers installs them).
set -euo pipefail
cmd=${1:-start}
state=${2:-/tmp/tmkit-slurm}
conf="$state/slurm.conf"

stop() {
  for pidfile in "$state"/slurmd.pid "$state"/slurmctld.pid "$state"/munged.pid; do
    [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 1
}

if [[ $cmd == stop ]]; then
  stop
  exit 0
fi
[[ $cmd == start ]] || { echo "usage: $0 start|stop [STATE_DIR]" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "one-node.sh: run as root (slurmd starts jobs as their users)" >&2; exit 2; }
for tool in munged slurmctld slurmd sinfo; do
  command -v "$tool" >/dev/null || { echo "one-node.sh: $tool missing: apt-get install slurm-wlm munge" >&2; exit 2; }
done
stop
mkdir -p "$state"/{ctld,spool,munge}
chmod 700 "$state/munge"

# munge: a key of our own and a socket in the state directory, so a system munged is not needed.
[[ -f $state/munge/munge.key ]] || dd if=/dev/urandom of="$state/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$state/munge/munge.key"
munged --key-file="$state/munge/munge.key" --socket="$state/munge/socket" --pid-file="$state/munged.pid" \
  --log-file="$state/munge/munged.log" --seed-file="$state/munge/seed" --force

host=$(hostname -s)
cpus=$(nproc)
mem=$(awk '/MemTotal/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)
cat > "$conf" <<CONF
ClusterName=tmkit
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$state/munge/socket
CredType=cred/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
MpiDefault=none
ReturnToService=2
MinJobAge=3600
SlurmctldPort=6817
SlurmdPort=6818
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$conf
slurmctld -c
slurmd
for _ in $(seq 60); do
  if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed)'; then
    echo "one-node Slurm is up ($host, $cpus CPUs). export SLURM_CONF=$conf"
    exit 0
  fi
  sleep 1
done
echo "one-node.sh: the node did not come up; see $state/slurmctld.log and $state/slurmd.log" >&2
exit 1
