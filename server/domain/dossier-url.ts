// The citizen-facing URL of a per-dossier survey link: the service point's survey page with the
// signed token in `d`. The API and `hailong link` mint them the same way.
import { DEFAULT_LINK_DAYS, signDossierLink } from './dossier-link.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface MintedLink {
  url: string;
  expiresAt: Date;
}

export function mintDossierUrl(
  p: { publicUrl: string; secret: string; servicePointCode: string; dossierCode: string; days?: number | undefined },
  now = new Date(),
): MintedLink {
  // Whole seconds, as the token carries it, so the expiry we print is the one that applies.
  const expiresAt = new Date(Math.floor((now.getTime() + (p.days ?? DEFAULT_LINK_DAYS) * DAY_MS) / 1000) * 1000);
  const token = signDossierLink({ servicePointCode: p.servicePointCode, dossierCode: p.dossierCode, expiresAt }, p.secret);
  // The token is base64url + '.' + base64url: safe in a query string as it is.
  const url = `${p.publicUrl.replace(/\/$/, '')}/s/${encodeURIComponent(p.servicePointCode)}?d=${token}`;
  return { url, expiresAt };
}
