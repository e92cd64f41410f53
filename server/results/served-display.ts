// The response rate in words, once, for every place that shows it: the agency page, the overview,
// the CSV summary, the XLSX and the PDF. Where no people served are recorded it says so ("chưa có
// số lượt phục vụ") instead of 0 %; a rate under the province's floor or above 100 % is marked in
// words, not only by colour.
import { formatNumber, formatPercent } from '../i18n/format.ts';
import type { Locale, Translate } from '../i18n/index.ts';
import type { RateFigures } from './served.ts';

export interface RateView {
  known: boolean;
  /** '6,30%', or 'chưa có số lượt phục vụ'. */
  rate: string;
  served: string;
  responses: string;
  /** '± 8,81 điểm phần trăm', or '' without a margin. */
  margin: string;
  /** A short mark for a table cell: 'dưới ngưỡng 5%', 'số phiếu > lượt phục vụ', or ''. */
  mark: string;
  /** The sentences that explain the mark and what was left out. */
  notes: string[];
  belowFloor: boolean;
  inconsistent: boolean;
}

export function rateView(r: RateFigures | null, t: Translate, locale: Locale): RateView {
  if (!r)
    return {
      known: false,
      rate: t('responseRate.none'),
      served: '',
      responses: '',
      margin: '',
      mark: '',
      notes: [t('responseRate.noneLong')],
      belowFloor: false,
      inconsistent: false,
    };
  const floor = formatPercent(r.floor, locale, r.floor * 100 === Math.round(r.floor * 100) ? 0 : 1);
  const notes: string[] = [];
  if (r.inconsistent) notes.push(t('responseRate.inconsistent'));
  else if (r.belowFloor) notes.push(t('responseRate.belowFloor', { floor }));
  if (r.pointsLeftOut > 0)
    notes.push(
      t('responseRate.partial', { missing: formatNumber(r.pointsLeftOut, locale), responses: formatNumber(r.responsesLeftOut, locale) }),
    );
  return {
    known: true,
    rate: r.rate === null ? t('responseRate.none') : formatPercent(r.rate, locale),
    served: formatNumber(r.served, locale),
    responses: formatNumber(r.responses, locale),
    margin: r.margin === null ? '' : t('responseRate.marginValue', { margin: formatPercent(r.margin, locale).replace(/\s?%$/, '') }),
    mark: r.inconsistent ? t('responseRate.inconsistentShort') : r.belowFloor ? t('responseRate.belowFloorShort', { floor }) : '',
    notes,
    belowFloor: r.belowFloor,
    inconsistent: r.inconsistent,
  };
}
