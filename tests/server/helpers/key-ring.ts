import { generatePemKeyPair } from '../../../src/server/crypto/key-pairs';
import type { PemKeyPair } from '../../../src/server/core/context';

type Alg = 'RS256' | 'ES256' | 'EdDSA';

/** How many distinct pairs each algorithm cycles through: enough that a rotation always gets a new key. */
const RING_SIZE = 3;

const rings = new Map<Alg, Promise<PemKeyPair[]>>();
const next = new Map<Alg, number>();

/**
 * A shared, pre-generated key ring for the JWT lab in tests. RSA key
 * generation is the slowest thing a route test did (a reset drops every key,
 * so each test made new ones); here each algorithm's pairs are made once per
 * test file and handed out in turn.
 */
export async function testKeyPair(alg: Alg): Promise<PemKeyPair> {
  let ring = rings.get(alg);
  if (!ring) {
    ring = Promise.all(Array.from({ length: RING_SIZE }, () => generatePemKeyPair(alg)));
    rings.set(alg, ring);
  }
  const pairs = await ring;
  const index = next.get(alg) ?? 0;
  next.set(alg, (index + 1) % RING_SIZE);
  return pairs[index]!;
}
