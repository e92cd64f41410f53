// The fault suite's world and load: a small province with a service point and a submit token, and
// clients that post responses to /api/v1/responses the way a well-behaved integration does — each
// response keeps its id and body across retries; a network error or a 5xx is retried after a short
// pause until the server acknowledges it (201 created or 200 replayed) or the run's deadline passes.
// What they record (acknowledged, refused, still pending) is checked against what the database holds.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { connectPostgres, type DatabaseHandle } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrator.ts';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { createApiToken } from '../../server/db/queries/api-tokens.ts';
import { ensureBuiltInQuestionnaires } from '../../server/db/queries/questionnaires.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';

export const SERVICE_POINT = 'FAULT-SP';

/** Migrates the database and creates the province, service point and token the load uses. */
export async function prepareWorld(database: DatabaseHandle): Promise<{ token: string }> {
  await migrate(database);
  const { db } = database;
  await ensureBuiltInQuestionnaires(db);
  const province = await insertAgency(db, {
    code: 'FAULT',
    parentId: null,
    nameVi: 'Tỉnh Thử Lỗi',
    nameEn: null,
    kind: 'province',
    validFrom: null,
    validTo: null,
  });
  await insertServicePoint(db, { code: SERVICE_POINT, agencyId: province.id, nameVi: 'Quầy thử lỗi', nameEn: null });
  const { token } = await createApiToken(db, { name: 'fault load', agencyId: province.id, scope: 'submit' });
  return { token };
}

/** A database of its own on a server (the cluster's), created empty. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function openWorld(url: string): Promise<{ database: DatabaseHandle; token: string }> {
  const database = await connectPostgres(url);
  const { token } = await prepareWorld(database);
  return { database, token };
}

export interface LoadFigures {
  clients: number;
  /** Responses generated (each with its own id). */
  generated: number;
  /** HTTP requests made, retries included. */
  requests: number;
  acknowledged: Set<string>;
  /** Generated but never acknowledged before the deadline. */
  pending: Set<string>;
  /** Ids the server refused with a 4xx (should never happen here). */
  refused: Map<string, number>;
  /** Answers by status (0 = network error). */
  statuses: Map<number, number>;
  /** The first few bodies of 5xx answers, to show what a client sees during a fault. */
  fiveHundredBodies: string[];
}

export interface LoadRun {
  /** Stop generating new responses; resolves when every client has finished or given up. */
  finish(drainMs: number): Promise<LoadFigures>;
  figures: LoadFigures;
}

function responseBody(id: string): string {
  return JSON.stringify({
    id,
    questionnaire: 'counter-quick',
    service_point: SERVICE_POINT,
    channel: 'api',
    submitted_at: new Date(Date.now() - 1000).toISOString(),
    answers: { 'Q.OVERALL': 1 + Math.floor(Math.random() * 4) },
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until cond() holds, polling every 50 ms, and fails after maxMs. The fault runs wait for
 * what a phase needs (so many responses acknowledged, /healthz seen saying 503) instead of fixed
 * pauses: a quiet machine gets through a phase in a fraction of a second, and a busy one — where a
 * fixed pause could pass before the load had even started — takes as long as it needs.
 */
export async function until(what: string, cond: () => boolean, maxMs = 60_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`waited ${maxMs / 1000} s for ${what}`);
    await pause(50);
  }
}

/** Waits until the load has had `more` responses acknowledged since the call. */
export function acknowledgedMore(figures: LoadFigures, more: number, maxMs?: number): Promise<void> {
  const target = figures.acknowledged.size + more;
  return until(`${more} more acknowledged responses`, () => figures.acknowledged.size >= target, maxMs);
}

/**
 * Starts `clients` clients posting to baseUrl() (a function, so that a restarted app on another
 * port is followed). Each sends one response at a time and retries it until acknowledged.
 */
export function startLoad(opts: { baseUrl: () => string; token: string; clients: number; pauseMs?: number }): LoadRun {
  const figures: LoadFigures = {
    clients: opts.clients,
    generated: 0,
    requests: 0,
    acknowledged: new Set(),
    pending: new Set(),
    refused: new Map(),
    statuses: new Map(),
    fiveHundredBodies: [],
  };
  let generating = true;
  let deadline = Infinity;
  const count = (status: number) => figures.statuses.set(status, (figures.statuses.get(status) ?? 0) + 1);

  async function client(): Promise<void> {
    while (generating) {
      const id = randomUUID();
      const body = responseBody(id);
      figures.generated++;
      figures.pending.add(id);
      let backoff = 50;
      while (Date.now() < deadline) {
        figures.requests++;
        let status = 0;
        try {
          const res = await fetch(`${opts.baseUrl()}/api/v1/responses`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          status = res.status;
          const text = await res.text().catch(() => '');
          if (status >= 500 && figures.fiveHundredBodies.length < 20) figures.fiveHundredBodies.push(text);
          let answer: { id?: string } | null = null;
          try {
            answer = JSON.parse(text) as { id?: string };
          } catch {
            answer = null;
          }
          if ((status === 201 || status === 200) && answer?.id === id) {
            figures.pending.delete(id);
            figures.acknowledged.add(id);
            count(status);
            break;
          }
          if (status >= 400 && status < 500) {
            figures.pending.delete(id);
            figures.refused.set(id, status);
            count(status);
            break;
          }
        } catch {
          status = 0;
        }
        count(status);
        await pause(backoff + Math.random() * backoff);
        backoff = Math.min(1000, backoff * 2);
      }
      if (opts.pauseMs) await pause(opts.pauseMs);
    }
  }

  const running = Promise.all(Array.from({ length: opts.clients }, () => client()));
  return {
    figures,
    async finish(drainMs) {
      generating = false;
      deadline = Date.now() + drainMs;
      await running;
      return figures;
    },
  };
}

/** What the database holds of the generated ids: stored, lost (acknowledged but absent), duplicated. */
export async function storedFigures(
  url: string,
  figures: LoadFigures,
): Promise<{ stored: number; lost: string[]; duplicated: number; unknown: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const rows = await c.query<{ id: string }>('select id::text from responses');
    const ids = rows.rows.map((r) => r.id);
    const stored = new Set(ids);
    const generated = new Set([...figures.acknowledged, ...figures.pending, ...figures.refused.keys()]);
    return {
      stored: stored.size,
      lost: [...figures.acknowledged].filter((id) => !stored.has(id)),
      // The primary key makes a second row of an id impossible; counted anyway, from the rows.
      duplicated: ids.length - stored.size,
      unknown: ids.filter((id) => !generated.has(id)).length,
    };
  } finally {
    await c.end();
  }
}

/** A database code or driver text in a body: what a 5xx must never show. */
export const DATABASE_LEAK = /\b(08[0-9A-Z]{3}|57P0[1-3]|53300|22021|22P02|42P01)\b|terminat|ECONN|pg_|postgres|relation /i;
