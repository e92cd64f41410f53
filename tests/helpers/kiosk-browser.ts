// The kiosk in Chromium against the real app: a server that can be stopped in the middle of a sync
// and started again on the same port over the same database, a paired device, and what the tests
// read back — the ratings stored, the device's queue as its staff indicator shows it.
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import app, { serverOptions } from '../../server/app.ts';
import type { DatabaseHandle } from '../../server/db/connection.ts';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { registerKiosk } from '../../server/db/queries/kiosks.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { testConfig } from './app.ts';

export interface RatingReply {
  id: string | null;
  status: number;
}

export interface KioskServer {
  app: FastifyInstance;
  port: number;
  baseUrl: string;
  /** Every answer to POST /kiosk/api/ratings this instance gave (or was about to give). */
  replies: RatingReply[];
  /**
   * Arms a cut: when n more ratings have been stored and the last one's 201 is about to leave, the
   * connection is destroyed instead and the server shuts down — the device never hears that the
   * rating it sent was stored, which is the hardest case for "exactly once". Resolves once closed.
   */
  cutAfterCreated(n: number): Promise<void>;
  close(): Promise<void>;
}

/** The real app, listening on 127.0.0.1 (on a given port to come back on), over a database it does not own. */
export async function startKioskServer(database: DatabaseHandle, opts: { port?: number } = {}): Promise<KioskServer> {
  const config = testConfig();
  const fastify = Fastify({ ...serverOptions(config), logger: false });
  const replies: RatingReply[] = [];
  let created = 0;
  let cut: { after: number; done: () => void; stopping: Promise<void> | null } | null = null;

  // Added before the app is registered, so that it wraps the app's own routes.
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'POST' || request.url !== '/kiosk/api/ratings') return payload;
    let id: string | null = null;
    try {
      id = (JSON.parse(String(payload)) as { id?: string }).id ?? null;
    } catch {
      // Not JSON: recorded without an id.
    }
    replies.push({ id, status: reply.statusCode });
    if (reply.statusCode === 201) created += 1;
    if (cut && !cut.stopping && created >= cut.after) {
      const c = cut;
      request.raw.socket.destroy();
      c.stopping = fastify.close().then(c.done);
      fastify.server.closeAllConnections();
    }
    return payload;
  });
  await fastify.register(app, { config, database, closeDatabase: false });
  await fastify.ready();
  await fastify.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  const port = (fastify.server.address() as AddressInfo).port;
  return {
    app: fastify,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    replies,
    cutAfterCreated(n) {
      return new Promise((resolve) => {
        cut = { after: created + n, done: resolve, stopping: null };
      });
    },
    async close() {
      if (cut?.stopping) return cut.stopping;
      await fastify.close();
    },
  };
}

export interface KioskPlace {
  agencyId: number;
  servicePointId: number;
  servicePointCode: string;
}

/** A province with one one-stop counter. */
export async function kioskPlace(db: DatabaseHandle['db']): Promise<KioskPlace> {
  const agency = await insertAgency(db, {
    code: 'KT',
    parentId: null,
    nameVi: 'Tỉnh Kiểm Thử',
    nameEn: 'Test Province',
    kind: 'province',
    validFrom: null,
    validTo: null,
  });
  const sp = await insertServicePoint(db, {
    code: 'KT-MOTCUA-01',
    agencyId: agency.id,
    nameVi: 'Bộ phận Một cửa — Quầy số 1',
    nameEn: 'One-stop desk — Counter 1',
  });
  return { agencyId: agency.id, servicePointId: sp.id, servicePointCode: sp.code };
}

/** Registers a kiosk and opens its pairing link on the page, which lands on the rating screen. */
export async function pairKiosk(
  db: DatabaseHandle['db'],
  page: Page,
  place: KioskPlace,
  name = 'Kiosk quầy 1',
): Promise<{ kioskId: number; code: string }> {
  const { kioskId, code } = await registerKiosk(db, { servicePointId: place.servicePointId, name, actorLabel: 'test' });
  await page.goto(`/kiosk/pair/${code}`);
  await page.waitForSelector('.k-start .k-face');
  return { kioskId, code };
}

export interface StoredCounts {
  rows: number;
  distinct: number;
}

/** Kiosk responses in the database: rows, and distinct ids (equal when nothing was stored twice). */
export async function storedRatings(db: DatabaseHandle['db']): Promise<StoredCounts> {
  const r = await db
    .selectFrom('responses')
    .select((eb) => [eb.fn.countAll<string>().as('rows'), eb.fn.count<string>('id').distinct().as('distinct')])
    .where('channel', '=', 'kiosk')
    .executeTakeFirstOrThrow();
  return { rows: Number(r.rows), distinct: Number(r.distinct) };
}

/** What the staff indicator says: ratings waiting on the device, refused ones, and online or not. */
export async function indicator(page: Page): Promise<{ queued: number; rejected: number; online: boolean }> {
  const staff = page.locator('.k-staff');
  return {
    queued: Number(await staff.getAttribute('data-queue')),
    rejected: Number(await staff.getAttribute('data-rejected')),
    online: (await staff.getAttribute('data-online')) === 'true',
  };
}

/**
 * Waits until the condition holds, letting the page's (fake) clock run a little each round when
 * asked, so that retry timers fire as they would in real time.
 */
export async function waitFor(
  page: Page,
  what: string,
  check: () => Promise<boolean>,
  opts: { timeoutMs?: number; tickMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    if (opts.tickMs) await page.clock.runFor(opts.tickMs);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * One citizen: taps a face (and for a low rating, sends the reasons screen as it is), then lets the
 * thank-you screen run out on the page's fake clock (4 s, or until the kiosk's 5 s interval passed).
 */
export async function rate(page: Page, value: number, thankYouMs = 5100): Promise<void> {
  await page.locator(`.k-start .k-face[data-value="${value}"]`).click();
  const send = page.locator('.k-reasons .k-send');
  if (await send.count()) await send.click();
  await page.locator('.k-thanks h1').waitFor();
  await page.clock.runFor(thankYouMs);
  await page.locator('.k-start .k-face').first().waitFor();
}

/** Every control on screen smaller than 64 × 64 CSS pixels, described. */
export async function smallTouchTargets(page: Page): Promise<string[]> {
  const small: string[] = [];
  for (const control of await page.locator('button, [role=button], a[href], input, select').all()) {
    if (!(await control.isVisible())) continue;
    const box = await control.boundingBox();
    if (!box || box.width < 64 || box.height < 64) {
      const label = ((await control.textContent()) ?? '').trim() || (await control.getAttribute('aria-label')) || '?';
      small.push(`${label} (${box ? `${Math.round(box.width)}×${Math.round(box.height)}` : 'no box'})`);
    }
  }
  return small;
}

/** Ids the server answered "created" for more than once: a rating stored twice. */
export function createdTwice(replies: RatingReply[]): string[] {
  const seen = new Map<string, number>();
  for (const r of replies) if (r.id && r.status === 201) seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}
