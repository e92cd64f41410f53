// LibreOffice (Debian's libreoffice-calc-nogui, installed by .ci/run) opening the files a
// coordinator downloads, headless: what it reads is what a person would see in Calc.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A scratch folder with its own LibreOffice profile, removed by the test's teardown. */
export function libreOfficeScratch(t: { teardown(fn: () => unknown): void }): {
  dir: string;
  convert(file: string, to: string, infilter?: string): Promise<string[]>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'hailong-lo-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const profile = `file://${join(dir, 'profile')}`;
  return {
    dir,
    /** Converts a file as `soffice --convert-to` does; returns the names of the files it wrote. */
    async convert(file, to, infilter) {
      const out = join(dir, `out-${Date.now()}-${Math.random().toString(36).slice(2)}`);
      const args = [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--nolockcheck'];
      if (infilter) args.push(`--infilter=${infilter}`);
      args.push('--convert-to', to, '--outdir', out, file);
      await run('soffice', args, { timeout: 180_000, env: { ...process.env, HOME: dir } });
      return readdirSync(out).map((name) => join(out, name));
    },
  };
}
