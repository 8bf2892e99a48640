#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for the sweep tests (tests/DistillDsl.Module.Tests/Pester/Sweep.Slurm.Tests.ps1).
#   build/local-slurm.sh start   installs slurm-wlm and munge with apt-get where missing (Debian 12, as root), writes a
#                                slurm.conf under $DISTILLDSL_SLURM_DIR (default /tmp/distilldsl-slurm) with this node's
#                                real CPUs and memory (from `slurmd -C`), and starts munged, slurmctld and slurmd
#   build/local-slurm.sh stop    stops the three daemons by the process ids start recorded, and nothing else
#   build/local-slurm.sh env     prints `export SLURM_CONF=...` for clients in other shells
# Clients find the cluster through SLURM_CONF=$DISTILLDSL_SLURM_DIR/slurm.conf (the tests also look there when it is unset),
# so the system's /etc/slurm is never touched. No accounting: sacct is not available, and Get-DistillSweep works from
# squeue and the cell folders.
set -euo pipefail
dir="${DISTILLDSL_SLURM_DIR:-/tmp/distilldsl-slurm}"
conf="$dir/slurm.conf"

log() { echo "local-slurm: $*"; }

install_packages() {
  local missing=()
  command -v slurmctld >/dev/null 2>&1 || missing+=(slurmctld)
  command -v slurmd >/dev/null 2>&1 || missing+=(slurmd)
  command -v sbatch >/dev/null 2>&1 || missing+=(slurm-client)
  command -v munged >/dev/null 2>&1 || missing+=(munge)
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || { log "apt-get not found; cannot install ${missing[*]}" >&2; return 1; }
  [ "$(id -u)" -eq 0 ] || { log "must run as root to install ${missing[*]}" >&2; return 1; }
  log "installing ${missing[*]} ..."
  # The packages' own service start-up fails without systemd; that is harmless, the daemons are started below.
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${missing[@]}" >"$dir/apt.log" 2>&1 \
    || { apt-get update >>"$dir/apt.log" 2>&1 && apt-get install -y --no-install-recommends "${missing[@]}" >>"$dir/apt.log" 2>&1; } \
    || { log "apt-get install failed; see $dir/apt.log" >&2; tail -20 "$dir/apt.log" >&2; return 1; }
}

is_running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

write_config() {
  local host node_line
  host="$(hostname -s)"
  # `slurmd -C` prints this node's real layout: NodeName=... CPUs=.. Boards=.. SocketsPerBoard=.. CoresPerSocket=.. ThreadsPerCore=.. RealMemory=..
  node_line="$(slurmd -C | head -1 | sed "s/^NodeName=[^ ]*/NodeName=$host/")"
  mkdir -p "$dir/state" "$dir/spool"
  cat >"$conf" <<EOF
# Written by build/local-slurm.sh: one node, this machine.
ClusterName=distilldsl
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
# No cgroups in containers: processes tracked by parent id, no task binding.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
# Cancelled tasks are reaped quickly, so a test's resubmission does not wait on them.
KillWait=5
MinJobAge=300
$node_line State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

start_munge() {
  [ -f /etc/munge/munge.key ] || { log "no /etc/munge/munge.key (the munge package creates it)" >&2; return 1; }
  if is_running "$dir/munged.pid"; then return 0; fi
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge /etc/munge 2>/dev/null || true
  chmod 0755 /run/munge
  # munged refuses to run as root; the package's munge user owns the key.
  runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid
  for _ in $(seq 1 50); do [ -s /run/munge/munged.pid ] && break; sleep 0.1; done
  cp /run/munge/munged.pid "$dir/munged.pid"
}

wait_for_node() {
  for _ in $(seq 1 120); do
    if SLURM_CONF="$conf" sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then return 0; fi
    sleep 0.5
  done
  log "the node did not become idle; see $dir/slurmctld.log and $dir/slurmd.log" >&2
  SLURM_CONF="$conf" sinfo >&2 || true
  return 1
}

start() {
  [ "$(uname -s)" = "Linux" ] || { log "Linux only" >&2; return 1; }
  mkdir -p "$dir"
  install_packages
  if is_running "$dir/slurmctld.pid" && is_running "$dir/slurmd.pid"; then log "already running (SLURM_CONF=$conf)"; return 0; fi
  write_config
  start_munge
  export SLURM_CONF="$conf"
  is_running "$dir/slurmctld.pid" || slurmctld -c -f "$conf"   # -c: a clean start, no state of an earlier cluster
  is_running "$dir/slurmd.pid" || slurmd -f "$conf"
  for _ in $(seq 1 50); do [ -s "$dir/slurmctld.pid" ] && [ -s "$dir/slurmd.pid" ] && break; sleep 0.1; done
  wait_for_node
  log "running: $(sinfo -h -o '%n %c CPUs %m MB %T'); SLURM_CONF=$conf"
}

stop() {
  local name pid
  for name in slurmd slurmctld munged; do
    [ -f "$dir/$name.pid" ] || continue
    pid="$(cat "$dir/$name.pid")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
      log "stopped $name ($pid)"
    fi
    rm -f "$dir/$name.pid"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) echo "export SLURM_CONF=$conf" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
