import { execFileSync } from 'node:child_process';
import { chownSync } from 'node:fs';

// PostgreSQL refuses to run as root ("initdb: cannot be run as root"), and CI runs the tests as
// root. Node can start a child under another uid/gid itself (spawn's uid/gid options), so no
// runuser/sudo is needed: the service runs as Debian's `postgres` user when the package made
// one, else as `nobody`. As an ordinary user, the service simply runs as that user.

export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

let cached: RunAs | null | undefined;

/** The uid/gid to start a service under, or null when this process is not root (run as itself). */
export function unprivilegedUser(): RunAs | null {
  if (cached !== undefined) return cached;
  if (process.getuid?.() !== 0) return (cached = null);
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      if (Number.isInteger(uid) && uid > 0 && Number.isInteger(gid)) return (cached = { uid, gid });
    } catch {
      // no such user: try the next one
    }
  }
  throw new Error('running as root and neither a `postgres` nor a `nobody` user exists to run PostgreSQL as');
}

/** Gives a directory this process made to the service's user (a no-op when not root). */
export function handOver(dir: string): void {
  const user = unprivilegedUser();
  if (user) chownSync(dir, user.uid, user.gid);
}
