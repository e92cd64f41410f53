// Staff passwords: argon2id hashes (the library's default algorithm and OWASP's baseline costs),
// generated passwords that survive being read out over the phone, and a dummy check so that an
// unknown email costs the same time as a wrong password (no user enumeration by timing).
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 12;
/** Longer input is refused before hashing: nobody types more, and it bounds the work per attempt. */
export const MAX_PASSWORD_LENGTH = 1024;

// argon2id, m = 19 MiB, t = 2, p = 1 (OWASP password storage cheat sheet).
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password.normalize('NFC'));
  } catch {
    // A malformed stored hash is a failed sign-in, not a crash.
    return false;
  }
}

let dummy: Promise<string> | null = null;

/** Spends the same effort as verifyPassword and always answers false. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword(`dummy-${randomInt(1e9)}`);
  await verifyPassword(await dummy, password);
  return false;
}

// No 0/O, 1/l/I: a generated password is often read aloud or copied by hand.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY3479';

/** 4 groups of 5 from a 49-letter alphabet: about 112 bits, and easy to type. */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 5; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}

export function passwordProblem(password: string): 'short' | 'long' | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'long';
  return null;
}
