import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import type { PemKeyPair } from '../core/context';

/** A fresh key pair for one JWS algorithm, exported as PEM so it can live in SQLite. */
export async function generatePemKeyPair(alg: 'RS256' | 'ES256' | 'EdDSA'): Promise<PemKeyPair> {
  const pair = await generateKeyPair(alg, { extractable: true });
  return { privatePem: await exportPKCS8(pair.privateKey), publicPem: await exportSPKI(pair.publicKey) };
}
