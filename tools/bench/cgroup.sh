# Sourced by the benchmarks that run a command in a cgroup of their own (needs root): one way to
# find the hierarchy (v2, or v1's per-controller trees) and to enter a group.

# new_cgroup CONTROLLER NAME: makes the group and prints its path; its limit files are v2's
# (memory.max, cpu.max) when that file exists, else v1's. Fails when neither hierarchy is there.
new_cgroup() {
  local dir
  if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then
    dir=/sys/fs/cgroup/$2
  elif [[ -d /sys/fs/cgroup/$1 ]]; then
    dir=/sys/fs/cgroup/$1/$2
  else
    echo "$(basename "$0"): no cgroup $1 controller here" >&2
    return 1
  fi
  mkdir "$dir" && echo "$dir"
}

# "${enter_cgroup[@]}" CGROUP COMMAND...: runs COMMAND, and whatever it starts, inside CGROUP. Words,
# not a function, so that /usr/bin/time can run them too.
enter_cgroup=(bash -c 'echo $$ >"$1/cgroup.procs"; shift; exec "$@"' _)
