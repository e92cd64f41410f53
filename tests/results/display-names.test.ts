// Names made unique where shown (issue 16): two service points called the same after a merger are
// told apart by their codes; a name shown once stays as it is.
import t from 'tap';
import { uniqueNames } from '../../server/results/display.ts';

t.test('a repeated name carries its code', async (t) => {
  const points = [
    { code: 'KHA-TTPVHCC-PR-Q01', name: 'Quầy 01' },
    { code: 'NTH-TTPVHCC-Q01', name: 'Quầy 01' },
    { code: 'NTH-TTPVHCC-Q02', name: 'Quầy 02' },
  ];
  const names = uniqueNames(
    points,
    (p) => p.name,
    (p) => p.code,
  );
  t.same(
    points.map((p) => names.get(p)),
    ['Quầy 01 (KHA-TTPVHCC-PR-Q01)', 'Quầy 01 (NTH-TTPVHCC-Q01)', 'Quầy 02'],
  );
});
