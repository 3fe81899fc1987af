// Kills the given processes once their owner is gone, so a crashed or SIGKILLed test run never
// leaves etcd, kube-apiserver or postgres behind. Started detached by the test harness:
//   node reaper.mjs <owner-pid> <pid> [<pid> ...]
// It exits as soon as all the processes it guards have ended.
const [ownerPid, ...guarded] = process.argv.slice(2).map(Number);

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const timer = setInterval(() => {
  const living = guarded.filter(alive);
  if (living.length === 0) process.exit(0);
  if (alive(ownerPid)) return;
  for (const pid of living) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  clearInterval(timer);
  process.exit(0);
}, 500);
