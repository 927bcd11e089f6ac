#!/usr/bin/env bash
# Start a one-node Slurm on this machine (as root), from Debian's slurm-wlm and munge: this host
# is controller and compute node, one partition "netevo". Idempotent: a running cluster whose
# node answers is left alone. The sweep and fit tests submit `sbatch --array` jobs to it.
#   scripts/slurm-up.sh            start (installs nothing; .ci/run installs the packages)
#   scripts/slurm-up.sh --status   print sinfo and exit 0 if the node is up
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "slurm-up: needs root (munge and slurmd run as root here)" >&2; exit 2; }
for b in munged slurmctld slurmd sinfo; do
  command -v "$b" >/dev/null || [ -x "/usr/sbin/$b" ] || { echo "slurm-up: $b not found: apt-get install -y slurm-wlm munge" >&2; exit 2; }
done
up() { sinfo -h -N -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; }
if [ "${1:-}" = "--status" ]; then sinfo; up; exit; fi
if up; then echo "slurm-up: already up"; sinfo; exit 0; fi

host=$(hostname -s)
# The node as slurmd sees it (CPUs, sockets, memory), a little memory kept back for the system.
node=$(/usr/sbin/slurmd -C | head -1)
mem=$(sed -nE 's/.*RealMemory=([0-9]+).*/\1/p' <<<"$node")
node=$(sed -E "s/RealMemory=[0-9]+/RealMemory=$((mem * 9 / 10))/" <<<"$node")
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=netevo
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
$node State=UNKNOWN
PartitionName=netevo Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
# munge: a key owned by munge, then the daemon.
if [ ! -s /etc/munge/munge.key ]; then
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
fi
chown munge:munge /etc/munge/munge.key /run/munge
chmod 400 /etc/munge/munge.key
mkdir -p /var/lib/munge /var/log/munge && chown munge:munge /var/lib/munge /var/log/munge
pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged
pgrep -x slurmctld >/dev/null || /usr/sbin/slurmctld
pgrep -x slurmd >/dev/null || /usr/sbin/slurmd
for _ in $(seq 1 60); do
  if up; then sinfo; exit 0; fi
  scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true
  sleep 1
done
echo "slurm-up: the node did not come up within 60 s; last lines of the logs:" >&2
tail -n 5 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
sinfo >&2 || true
exit 1
