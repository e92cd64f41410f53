// The background loop behind the aggregator and housekeeping: a failing run is logged and retried
// after a growing pause, never thrown; the first success resets the pace and is logged; runs never
// overlap; stop waits for the run in progress.
import t from 'tap';
import { backgroundLoop, backoffMs } from '../../server/db/background-loop.ts';

function recorder() {
  const lines: { level: string; msg: string; obj: Record<string, unknown> }[] = [];
  const at = (level: string) => (obj: object, msg: string) => lines.push({ level, msg, obj: obj as Record<string, unknown> });
  return { lines, log: { error: at('error'), warn: at('warn'), info: at('info') } };
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

t.test('the backoff doubles, is capped, and is half random', async (t) => {
  t.equal(backoffMs(0, 1000, 30_000), 1000, 'no failure: the usual pace');
  t.equal(
    backoffMs(1, 1000, 30_000, () => 0),
    1000,
    'one failure: 2 s, at least half of it',
  );
  t.equal(
    backoffMs(1, 1000, 30_000, () => 1),
    2000,
  );
  t.equal(
    backoffMs(3, 1000, 30_000, () => 1),
    8000,
  );
  t.equal(
    backoffMs(30, 1000, 30_000, () => 1),
    30_000,
    'capped',
  );
  t.equal(
    backoffMs(30, 1000, 30_000, () => 0),
    15_000,
  );
});

t.test('fails while the database is away, resumes by itself, never overlaps', async (t) => {
  const { lines, log } = recorder();
  let calls = 0;
  let running = 0;
  let overlapped = false;
  let away = true;
  const loop = backgroundLoop(
    async () => {
      calls++;
      running++;
      if (running > 1) overlapped = true;
      await pause(5);
      running--;
      if (away) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    },
    { everyMs: 5, maxBackoffMs: 40, name: 'test', log },
  );
  loop.start();
  await pause(400);
  t.ok(calls >= 3, `retried while failing (${calls} runs)`);
  t.ok(loop.failures >= 3, 'counting the failures');
  t.equal(lines.filter((l) => l.level === 'error').length, 1, 'the first failure logged with its error, once');
  away = false;
  await pause(200);
  t.equal(loop.failures, 0, 'the pace is reset');
  t.ok(
    lines.some((l) => l.level === 'info' && l.msg === 'background job recovered'),
    'the recovery is logged',
  );
  const before = calls;
  await pause(50);
  t.ok(calls > before, 'and it keeps running at its usual pace');
  await loop.stop();
  const stopped = calls;
  await pause(50);
  t.equal(calls, stopped, 'nothing runs after stop');
  t.notOk(overlapped, 'runs never overlapped');
});
