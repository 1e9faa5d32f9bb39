// Ending what a command started. run_command's shell runs in its own process group (POSIX), so
// one signal to the group reaches the shell's children and their children. The group is ended
// on timeout and cancel, and also when the shell exits normally: a `server &` left running would
// outlive the tool call, holding ports and files with nobody watching it.
//
// What escapes: a process that leaves the group on purpose (`setsid`, `nohup setsid ...`, a
// daemon that double-forks into a new session, `systemd-run`, a container started through a
// daemon such as `docker run -d`) is outside the group and keeps running. On Windows, taskkill /T
// ends the tree while the shell lives; what it left behind after exiting is not tracked.

/** Time between asking the group to stop (SIGTERM) and making it (SIGKILL). */
export const GROUP_KILL_GRACE_MS = 1000;

/** Sends `signal` to the process group led by `pid` (POSIX); false when nothing is left in it. */
export function signalProcessGroup(pid: number | undefined, signal: NodeJS.Signals): boolean {
  if (pid === undefined || process.platform === "win32") return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is empty
  }
}

/**
 * Ends the group of a shell that has exited: SIGTERM now, SIGKILL after the grace for whatever
 * ignored it. The timer does not keep Node alive.
 */
export function endProcessGroup(pid: number | undefined, graceMs = GROUP_KILL_GRACE_MS): void {
  if (!signalProcessGroup(pid, "SIGTERM")) return;
  setTimeout(() => signalProcessGroup(pid, "SIGKILL"), graceMs).unref();
}
