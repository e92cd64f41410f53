// Signs that a response may not be a citizen's honest answer. Such responses are kept, flagged with
// the reason, and left out of the indices by the reportable rule — never dropped, because a wrong
// flag can be lifted later and a dropped answer cannot come back.
import type { Channel } from '../db/schema.ts';

/**
 * The reason codes stored in responses.status_reason (comma-separated, in this spelling: the flag
 * review shows them, so they never change). 'closed-period': dated in a year a coordinator closed
 * after the annual report (server/db/queries/closed-periods.ts).
 */
export type FlagReason = 'too-fast' | 'honeypot' | 'late' | 'burst' | 'closed-period';

/** Least plausible time per answered question, by channel; a kiosk tap is one quick answer. */
const SECONDS_PER_ANSWER: Record<Channel, number> = { online: 1.5, paper: 0, api: 0, kiosk: 0.5 };
export const LATE_AFTER_DAYS = 30;
/** Clocks drift: a submitted_at up to this far ahead of the server is accepted as now. */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export interface Signals {
  channel: Channel;
  answered: number;
  /** When the citizen opened the questionnaire, if known. */
  startedAt?: Date | null;
  submittedAt: Date;
  receivedAt: Date;
  honeypot?: boolean;
}

export function flagReasons(s: Signals): FlagReason[] {
  const reasons: FlagReason[] = [];
  if (s.honeypot) reasons.push('honeypot');
  if (s.startedAt) {
    const seconds = (s.submittedAt.getTime() - s.startedAt.getTime()) / 1000;
    if (seconds < s.answered * SECONDS_PER_ANSWER[s.channel]) reasons.push('too-fast');
  }
  // Paper forms are keyed days or weeks after the citizen filled them in: lateness is their nature.
  // Only a clerk keys paper (an API token cannot claim the channel), so the exemption cannot be
  // borrowed to backdate responses.
  if (s.channel !== 'paper' && s.receivedAt.getTime() - s.submittedAt.getTime() > LATE_AFTER_DAYS * 24 * 3600 * 1000) reasons.push('late');
  return reasons;
}

export function isInFuture(submittedAt: Date, receivedAt: Date): boolean {
  return submittedAt.getTime() - receivedAt.getTime() > FUTURE_TOLERANCE_MS;
}
