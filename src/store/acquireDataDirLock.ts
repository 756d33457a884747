/**
 * An exclusive lock on the embedded database: a pid file created with O_EXCL beside
 * the database. A second process refuses to start while the holder is alive; a lock
 * left by a dead process is reaped. It is never stolen from a live pid (a heartbeat
 * or mtime rule would let two processes write one SQLite file).
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { UnavailableError } from '../errors.js';

export interface DataDirLock {
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(lockPath: string): DataDirLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            if (readFileSync(lockPath, 'utf8').trim() === String(process.pid)) unlinkSync(lockPath);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder = NaN;
      try {
        holder = Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10);
      } catch {
        continue; // removed between our open and read: try again
      }
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new UnavailableError('STORE_LOCKED', `The database is in use by another Toolshed process (pid ${holder}). Stop it, or point TOOLSHED_DATA_DIR elsewhere.`);
      }
      // Stale: the holder is dead (or the file is garbage). Reap it and retry.
      try {
        unlinkSync(lockPath);
      } catch {
        /* someone else reaped it */
      }
    }
  }
  throw new UnavailableError('STORE_LOCKED', `Could not acquire the database lock ${lockPath}.`);
}
