// The compact form a rollup row's integer arrays are stored in (migration 0015, decision 78):
// PostgreSQL never compresses a row under about 2 kB, and a rollup row is mostly zeros and small
// counts, so the app encodes them itself. Each number is a zigzag varint (7 bits a byte, low bits
// first, so negative deltas work too); a zero is the byte 0 followed by a varint count of the zeros
// in its run (no other number's encoding starts with byte 0). Exact for every safe integer.

function pushVarint(out: number[], z: number): void {
  while (z >= 128) {
    out.push((z % 128) + 128);
    z = Math.floor(z / 128);
  }
  out.push(z);
}

/** Encodes integers (safe integers, any sign) into the compact form. */
export function encodeCounts(xs: readonly number[]): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < xs.length;) {
    const v = xs[i]!;
    if (!Number.isSafeInteger(v)) throw new Error(`rollup value ${v} is not a safe integer`);
    if (v === 0) {
      let j = i + 1;
      while (j < xs.length && xs[j] === 0) j++;
      out.push(0);
      pushVarint(out, j - i);
      i = j;
    } else {
      pushVarint(out, v > 0 ? 2 * v : -2 * v - 1);
      i++;
    }
  }
  return Uint8Array.from(out);
}

/** Decodes the compact form back into the integers. */
export function decodeCounts(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  const varint = () => {
    let z = 0;
    let scale = 1;
    for (;;) {
      const b = bytes[i++];
      if (b === undefined) throw new Error('truncated rollup value');
      z += (b & 127) * scale;
      if (b < 128) return z;
      scale *= 128;
    }
  };
  while (i < bytes.length) {
    if (bytes[i] === 0) {
      i++;
      const run = varint();
      for (let k = 0; k < run; k++) out.push(0);
    } else {
      const z = varint();
      out.push(z % 2 === 0 ? z / 2 : -(z + 1) / 2);
    }
  }
  return out;
}

/** Hex of the compact form, as a `decode(…, 'hex')` parameter takes it. */
export function encodeCountsHex(xs: readonly number[]): string {
  return Buffer.from(encodeCounts(xs)).toString('hex');
}

/** A bytea column as either driver returns it (Buffer, Uint8Array, or '\x…' text). */
export function storedCounts(v: Uint8Array | string): number[] {
  if (typeof v === 'string') return decodeCounts(Buffer.from(v.startsWith('\\x') ? v.slice(2) : v, 'hex'));
  return decodeCounts(v);
}
