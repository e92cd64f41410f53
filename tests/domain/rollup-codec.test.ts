// The compact form of the rollups' arrays (server/domain/rollup-codec.ts): bytes worked by hand, and
// every value coming back exactly, negative deltas and moments beyond 32 bits included.
import t from 'tap';
import { decodeCounts, encodeCounts, encodeCountsHex, storedCounts } from '../../server/domain/rollup-codec.ts';

t.test('hand-worked bytes', async (t) => {
  // 3 → zigzag 6; a run of four zeros → 0, 4; −1 → 1; 64 → 128 = 0x80 0x01.
  t.same([...encodeCounts([3, 0, 0, 0, 0, -1, 64])], [6, 0, 4, 1, 0x80, 0x01]);
  t.same([...encodeCounts([])], []);
  t.same([...encodeCounts([0])], [0, 1]);
  t.equal(encodeCountsHex([3, 0, 0]), '060002');
  t.same(decodeCounts(Uint8Array.from([6, 0, 4, 1, 0x80, 0x01])), [3, 0, 0, 0, 0, -1, 64]);
});

t.test('round trips exactly, and is small for mostly-zero rows', async (t) => {
  let seed = 7;
  const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  for (let n = 0; n < 200; n++) {
    const xs = Array.from({ length: Math.floor(rnd() * 400) }, () => {
      const r = rnd();
      if (r < 0.6) return 0;
      if (r < 0.9) return Math.floor(rnd() * 10);
      if (r < 0.95) return -Math.floor(rnd() * 1000);
      return Math.floor(rnd() * 2 ** 52) * (rnd() < 0.5 ? -1 : 1);
    });
    t.same(decodeCounts(encodeCounts(xs)), xs);
  }
  t.same(storedCounts(`\\x${encodeCountsHex([5, 0, 2 ** 40])}`), [5, 0, 2 ** 40], "'\\x…' text, as a driver may return bytea");
  const sparse = new Array<number>(150).fill(0);
  sparse[3] = 1;
  sparse[40] = 2;
  t.ok(encodeCounts(sparse).length <= 8, 'a 150-cell row with two counts takes a few bytes');
  t.throws(() => encodeCounts([0.5]), /not a safe integer/);
});
