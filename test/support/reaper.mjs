// Kills the given processes once their owner is gone, so a crashed or SIGKILLed test run never
// leaves etcd, kube-apiserver or postgres behind, and then removes their scratch directories.
// Started detached by the test harness:
//   node reaper.mjs <owner-pid> <pid> [<pid> ...] [--remove <directory> ...]
// It exits as soon as all the processes it guards have ended.
import { rmSync } from 'node:fs';

const [owner, ...rest] = process.argv.slice(2);
const ownerPid = Number(owner);
const split = rest.indexOf('--remove');
const guarded = (split === -1 ? rest : rest.slice(0, split)).map(Number);
const directories = split === -1 ? [] : rest.slice(split + 1);

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
  clearInterval(timer);
  for (const pid of living) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  // Give the kernel a moment to reap them before their files go.
  setTimeout(() => {
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
    process.exit(0);
  }, 1_000);
}, 500);
