// One Chromium for a whole test run: `node --import=tsx tests/helpers/chromium-server.ts <command…>`
// launches Chromium as a Playwright browser server, runs the command (npm run test:external: tap on
// the browser tests) with HAILONG_CHROMIUM_WS set to its endpoint, and stops Chromium when the command
// ends, passing on its exit code. launchChromium (tests/helpers/browser.ts) connects to that server
// instead of starting a Chromium of its own: each browser test file saves a browser start (some 5 s
// of CPU on the test machine under load), and every file still works in contexts of its own, which
// keep cookies, storage and offline state apart. Without the variable (one file run by hand) each
// file launches its own Chromium as before.
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing } from './browser.ts';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('usage: node --import=tsx tests/helpers/chromium-server.ts <command> [args…]');
  process.exit(2);
}
chromiumMissing();
const server = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
const child = spawn(command[0]!, command.slice(1), {
  stdio: 'inherit',
  env: { ...process.env, HAILONG_CHROMIUM_WS: server.wsEndpoint() },
});
// Interrupting the run stops the command first; Chromium is closed when it has gone.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
const code = await new Promise<number>((resolve) => {
  child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  child.on('error', (err) => {
    console.error(err);
    resolve(1);
  });
});
await server.close();
process.exit(code);
