// A complete SIPAS 2017 response with varied answers: every criterion, the element questions,
// E5 applicable, the overall question, expectations, background and a comment — what a portal
// sends for one citizen.
import { randomUUID } from 'node:crypto';

const ELEMENTS: [string, number][] = [
  ['E1', 4],
  ['E2', 5],
  ['E3', 6],
  ['E4', 3],
  ['E5', 4],
];
const IMPROVE = ['information', 'facilities', 'simplify', 'time', 'fees', 'attitude', 'capability', 'feedback', 'online'];
const AGES = ['18-30', '31-45', '46-60', '61+'];

export function sipasAnswers(seed: number): Record<string, unknown> {
  const pick = (i: number) => (seed * 7 + i * 13) % 6; // 0 (no opinion) to 5
  const answers: Record<string, unknown> = {};
  for (const [element, n] of ELEMENTS) {
    if (element === 'E5') answers['E5.0'] = 1;
    for (let i = 1; i <= n; i++) answers[`${element}.${i}`] = pick(i + element.charCodeAt(1));
    answers[`${element}.S`] = 1 + (pick(n) % 5);
  }
  answers['OVERALL'] = 1 + (seed % 5);
  answers['X.IMPROVE'] = [IMPROVE[seed % 9], IMPROVE[(seed + 4) % 9]];
  return answers;
}

export function sipasResponse(seed: number, servicePoint: string): Record<string, unknown> {
  return {
    id: randomUUID(),
    questionnaire: 'sipas-2017',
    version: 1,
    service_point: servicePoint,
    channel: 'api',
    submitted_at: new Date(Date.now() - 60_000).toISOString(),
    locale: 'vi',
    answers: sipasAnswers(seed),
    comment: seed % 4 === 0 ? 'Cán bộ hướng dẫn tận tình, thủ tục nhanh gọn.' : null,
    background: { 'B.TYPE': 'individual', 'B.FIELD': 'land', 'B.CHANNEL': 'counter', 'B.TRIPS': '1', 'B.AGE': AGES[seed % 4] },
  };
}
