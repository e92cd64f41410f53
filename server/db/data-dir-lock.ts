// PGlite opens its data directory from one process only. A second process (a `hailong` command
// while the server runs) must refuse clearly rather than corrupt or fork the data.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly pid: number,
    readonly dataDir: string,
  ) {
    super(
      `Cơ sở dữ liệu nhúng ở ${dataDir} đang được tiến trình ${pid} sử dụng (có thể là máy chủ hailong). ` +
        `Hãy dừng tiến trình đó, hoặc đặt DATABASE_URL để dùng máy chủ PostgreSQL.\n` +
        `The embedded database in ${dataDir} is in use by process ${pid} (probably the hailong server). ` +
        `Stop it first, or set DATABASE_URL to use a PostgreSQL server.`,
    );
    this.name = 'DataDirLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dataDir: string): () => Promise<void> {
  const file = join(dataDir, 'hailong.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new DataDirLockedError(pid, dataDir);
      }
      // A lock left by a process that died: take it over.
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}
