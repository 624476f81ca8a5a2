// Regenerates resources/passwords/deny-list.txt from the zxcvbn-ts common-password
// dictionary (passwords ranked by how often they appear in public breach corpora).
// Run by hand when updating the list: node scripts/build-deny-list.mjs
// The output is committed so the app ships the list and never fetches it.
import { writeFileSync } from 'node:fs';
import { dictionary } from '@zxcvbn-ts/language-common';

const words = dictionary['passwords-common'];
// The policy already refuses anything shorter than 8 characters, so keep only
// entries the length rule would let through: those are the ones the list must catch.
const candidates = [...new Set(words.map((w) => String(w).toLowerCase()))].filter((w) => [...w].length >= 8);
const header =
  '# Common and breached passwords refused by the password policy (NIST SP 800-63B 3.1.1.2).\n# Source: @zxcvbn-ts/language-common passwords dictionary, entries of 8+ characters, lower-cased.\n';
writeFileSync(new URL('../resources/passwords/deny-list.txt', import.meta.url), header + candidates.join('\n') + '\n');
console.log(`wrote ${candidates.length} entries`);
