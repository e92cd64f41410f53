// Flags as stored and as reviewed. A flagged response keeps its reasons in responses.status_reason
// as comma-separated codes (server/domain/plausibility.ts and the kiosk's 'burst'; a closed period
// adds its own code). A coordinator's review includes it (status 'valid', counted) or excludes it
// (status 'excluded', not counted); the reasons stay, so the review list still says why it was
// flagged, and the decision can be reversed.
import type { ResponseStatus, ReviewDecision } from '../db/schema.ts';

/** Codes with a name on screen; any other code is shown as it is stored. */
export const KNOWN_FLAGS = ['too-fast', 'late', 'honeypot', 'burst', 'implausible', 'closed-period'] as const;
export type KnownFlag = (typeof KNOWN_FLAGS)[number];

export function isKnownFlag(v: string): v is KnownFlag {
  return (KNOWN_FLAGS as readonly string[]).includes(v);
}

export function flagCodes(statusReason: string | null): string[] {
  if (!statusReason) return [];
  return statusReason
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
}

/** The review states a flagged response can be in, as the review list filters them. */
export const REVIEW_STATES = ['flagged', 'included', 'excluded'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export function reviewState(status: ResponseStatus): ReviewState {
  return status === 'valid' ? 'included' : status === 'excluded' ? 'excluded' : 'flagged';
}

export const DECISIONS: readonly ReviewDecision[] = ['include', 'exclude'];

export function statusAfter(decision: ReviewDecision): ResponseStatus {
  return decision === 'include' ? 'valid' : 'excluded';
}

export const REVIEW_REASON_MAX = 1000;
/** How many responses one review may decide at once (a page's worth, or a late batch). */
export const REVIEW_BATCH_MAX = 5000;
