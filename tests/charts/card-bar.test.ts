// The public card's bar: 300 units wide, so the share 0.8234 ends at x = 247.02, the interval's
// whisker runs from 0.78 to 0.86 (234 to 258) and the target line stands at 0.8 (240). Hidden
// from screen readers, with presentation attributes only (the CSP forbids style).
import t from 'tap';
import { cardBar } from '../../server/charts/card-bar.ts';
import { attrNum, findAll, parseSvg } from '../helpers/svg.ts';

t.test('share, interval and target where the numbers say', async (t) => {
  const markup = cardBar({ share: 0.8234, interval: [0.78, 0.86], target: 0.8 });
  t.notMatch(markup, /style=/, 'no style attributes');
  const svg = parseSvg(markup);
  t.equal(svg.attrs['aria-hidden'], 'true');
  t.equal(svg.attrs['focusable'], 'false');
  const [share] = findAll(svg, 'rect', 'card-bar-share');
  t.equal(attrNum(share!, 'width'), 247.02);
  const [interval] = findAll(svg, 'line', 'card-bar-interval');
  t.same([attrNum(interval!, 'x1'), attrNum(interval!, 'x2')], [234, 258]);
  const [target] = findAll(svg, 'line', 'card-bar-target');
  t.same([attrNum(target!, 'x1'), attrNum(target!, 'x2')], [240, 240]);
  t.equal(target!.attrs['stroke-dasharray'], '3 2', 'the target line is dashed, not only coloured');
});

t.test('no share, no target, odd values: only what can be drawn', async (t) => {
  const empty = parseSvg(cardBar({ share: null, interval: [0.1, 0.2], target: null }));
  t.equal(findAll(empty, 'rect', 'card-bar-share').length, 0, 'no share, no bar');
  t.equal(findAll(empty, 'line', 'card-bar-interval').length, 0, 'and no interval without it');
  t.equal(findAll(empty, 'line', 'card-bar-target').length, 0);
  const odd = parseSvg(cardBar({ share: 1.4, interval: [0.9, Number.NaN], target: -1 }));
  t.equal(attrNum(findAll(odd, 'rect', 'card-bar-share')[0]!, 'width'), 300, 'a share over 1 fills the track, no more');
  t.equal(findAll(odd, 'line', 'card-bar-interval').length, 0, 'an interval with NaN is not drawn');
  t.equal(attrNum(findAll(odd, 'line', 'card-bar-target')[0]!, 'x1'), 0, 'a target below 0 sits at 0');
});
