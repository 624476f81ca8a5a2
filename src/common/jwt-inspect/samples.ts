/**
 * The inspector's shipped sample, loaded when a "Show me" link opens a step
 * and the learner has no lab token yet. HS256, signed with the secret from
 * jwt.io's own example, which is on the lab's dictionary of weak secrets: the
 * verify step accepts it with that secret, and the crack step finds it.
 */
export const SAMPLE_TOKEN_SECRET = 'your-256-bit-secret';
export const SAMPLE_TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJuYW1lIjoiU2FtcGxlIExlYXJuZXIiLCJyb2xlIjoidXNlciIsInN1YiI6InNhbXBsZS1sZWFybmVyLTEiLCJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwiYXVkIjoic2FtcGxlLWFwaSIsImlhdCI6MTc2NzIyNTYwMCwiZXhwIjo0MTAyNDQ0ODAwfQ.DA8x0m0b0YY6tT6V6iXO5yb97aTTagzD8q2037Up57E';
