// The small bar of a results card (the public page on a phone): the share on a 0–100% track, its
// 95% interval as a whisker and the target as a dashed line with a tick above and below. It repeats
// figures the card writes in words beside it, so it is hidden from screen readers (aria-hidden) and
// has no text of its own; it is drawn with presentation attributes only (the CSP forbids style).
// It stretches to the card's width, so its lines keep their stroke width (non-scaling-stroke).
import { HALO, INK, MARK, TARGET, TRACK } from './palette.ts';
import { drawable, drawableInterval, el, join, type Svg } from './svg.ts';

export interface CardBarOptions {
  share: number | null;
  interval: readonly [number, number] | null;
  /** The target's threshold, 0–1, or null without a target. */
  target: number | null;
}

const WIDTH = 300;
const HEIGHT = 24;
const BAR_TOP = 6;
const BAR_HEIGHT = 12;

export function cardBar(opts: CardBarOptions): Svg {
  const share = drawable(opts.share);
  const interval = share === null ? null : drawableInterval(opts.interval);
  const target = drawable(opts.target);
  const x = (v: number) => v * WIDTH;
  const mid = BAR_TOP + BAR_HEIGHT / 2;
  const parts: Svg[] = [el('rect', { x: 0, y: BAR_TOP, width: WIDTH, height: BAR_HEIGHT, fill: TRACK })];
  if (share !== null)
    parts.push(el('rect', { class: 'card-bar-share', x: 0, y: BAR_TOP, width: x(share), height: BAR_HEIGHT, fill: MARK }));
  if (interval) {
    const along = { x1: x(interval[0]), x2: x(interval[1]), y1: mid, y2: mid, 'vector-effect': 'non-scaling-stroke' };
    parts.push(el('line', { ...along, stroke: HALO, 'stroke-width': 4 }));
    parts.push(el('line', { ...along, class: 'card-bar-interval', stroke: INK, 'stroke-width': 1.5 }));
  }
  if (target !== null) {
    parts.push(
      el('line', {
        x1: x(target),
        x2: x(target),
        y1: 1,
        y2: HEIGHT - 1,
        stroke: HALO,
        'stroke-width': 4,
        'vector-effect': 'non-scaling-stroke',
      }),
    );
    parts.push(
      el('line', {
        class: 'card-bar-target',
        x1: x(target),
        x2: x(target),
        y1: 1,
        y2: HEIGHT - 1,
        stroke: TARGET,
        'stroke-width': 2,
        'stroke-dasharray': '3 2',
        'vector-effect': 'non-scaling-stroke',
      }),
    );
  }
  return el(
    'svg',
    { class: 'card-bar', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, 'aria-hidden': 'true', focusable: 'false', preserveAspectRatio: 'none' },
    join(parts),
  );
}
