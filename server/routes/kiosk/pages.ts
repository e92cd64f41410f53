// The kiosk's pages: the pairing address, the shell the client script fills in, and the service
// worker. The shell carries nothing about any citizen (the service worker caches it), and the pages
// for an unpaired or revoked device load no script at all.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../../db/queries/audit.ts';
import { consumePairingCode } from '../../db/queries/kiosk-pairing.ts';
import { generateDeviceSecret, hashDeviceSecret, hashPairingCode, normalisePairingCode } from '../../domain/kiosk-pairing.ts';
import { translator, type Locale } from '../../i18n/index.ts';
import { identifyKiosk, KIOSK_COOKIE, KIOSK_COOKIE_MAX_AGE_SECONDS } from '../../plugins/kiosk-auth.ts';

const SERVICE_WORKER = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'public', 'kiosk', 'sw.js');

const CodeParams = z.object({ code: z.string().max(40) });

type Message = 'unpaired' | 'revoked' | 'pairError';

export default async function kioskPages(app: FastifyInstance): Promise<void> {
  /** A page for staff standing at the device: in their language, with the other one beneath. */
  function message(request: FastifyRequest, reply: FastifyReply, which: Message, status: number) {
    const other: Locale = request.locale === 'vi' ? 'en' : 'vi';
    const t2 = translator(other);
    return reply
      .code(status)
      .header('Cache-Control', 'no-store')
      .header('Vary', 'Cookie, Accept-Language')
      .view('kiosk/message.eta', {
        t: request.t,
        locale: request.locale,
        which,
        title: request.t(`kiosk.${which}.title`),
        text: request.t(`kiosk.${which}.text`),
        other: { locale: other, title: t2(`kiosk.${which}.title`), text: t2(`kiosk.${which}.text`) },
      });
  }

  app.get('/', async (request, reply) => {
    const found = await identifyKiosk(request);
    if (found.state === 'unpaired') return message(request, reply, 'unpaired', 401);
    if (found.state === 'revoked') return message(request, reply, 'revoked', 403);
    // The citizen's screen starts in Vietnamese whatever the device's own language; the client
    // switches when the citizen asks. Revalidated on every load so that a revoked device learns it.
    return reply
      .header('Cache-Control', 'no-cache')
      .header('Vary', 'Cookie')
      .view('kiosk/shell.eta', { t: translator('vi') });
  });

  app.get('/pair/:code', async (request, reply) => {
    const params = CodeParams.safeParse(request.params);
    const canonical = params.success ? normalisePairingCode(params.data.code) : null;
    if (!canonical) return message(request, reply, 'pairError', 404);
    const secret = generateDeviceSecret();
    const outcome = await consumePairingCode(app.db, hashPairingCode(canonical), hashDeviceSecret(secret), new Date());
    if (!outcome.ok) return message(request, reply, 'pairError', outcome.reason === 'expired' ? 410 : 404);
    await audit(app.db, {
      action: 'kiosk.pair',
      actorLabel: `kiosk:${outcome.kioskId}`,
      agencyId: outcome.agencyId,
      ip: request.ip || null,
      details: { kioskId: outcome.kioskId, name: outcome.name, userAgent: request.headers['user-agent']?.slice(0, 300) ?? null },
    });
    reply.setCookie(KIOSK_COOKIE, secret, {
      path: '/kiosk',
      httpOnly: true,
      sameSite: 'strict',
      secure: app.config.secureCookies,
      maxAge: KIOSK_COOKIE_MAX_AGE_SECONDS,
    });
    return reply.header('Cache-Control', 'no-store').redirect('/kiosk', 303);
  });

  // Served from /kiosk so that it may control the shell; the header widens its scope from
  // "/kiosk/" to "/kiosk", the address pairing leads to.
  app.get('/sw.js', async (request, reply) => {
    let body: string;
    try {
      body = await readFile(SERVICE_WORKER, 'utf8');
    } catch {
      return reply.callNotFound();
    }
    return reply
      .type('application/javascript; charset=utf-8')
      .header('Service-Worker-Allowed', '/kiosk')
      .header('Cache-Control', 'no-cache')
      .send(body);
  });
}
