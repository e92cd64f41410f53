// Kiosk devices for route tests: a paired device's cookie through the real pairing address, JSON
// calls as the client script makes them, and uuid v7 ids as it generates them.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { KIOSK_COOKIE } from '../../server/plugins/kiosk-auth.ts';

/** A uuid v7: 48 bits of milliseconds, then random bits with the version and variant set. */
export function uuidv7(ms = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export type Device = Record<string, string>;

/** Opens the pairing address as the device would and returns its cookies. */
export async function pairDevice(app: FastifyInstance, code: string): Promise<Device> {
  const res = await app.inject({ url: `/kiosk/pair/${code}` });
  if (res.statusCode !== 303) throw new Error(`pairing with ${code} answered ${res.statusCode}`);
  const cookie = (res.cookies as { name: string; value: string }[]).find((c) => c.name === KIOSK_COOKIE);
  if (!cookie) throw new Error('pairing set no device cookie');
  return { [KIOSK_COOKIE]: cookie.value };
}

export function postJson(app: FastifyInstance, url: string, device: Device | null, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body),
    ...(device ? { cookies: device } : {}),
  });
}

export function rating(over: Record<string, unknown> = {}, at = new Date(Date.now() - 60_000)) {
  return { id: uuidv7(at.getTime()), submitted_at: at.toISOString(), locale: 'vi', answers: { 'Q.OVERALL': 4 }, ...over };
}
