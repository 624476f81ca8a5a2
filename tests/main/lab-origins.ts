import type { LabOrigins } from '../../src/common/api';

/** The four origins as startLab reports them (the attacker is another site: localhost). */
export const labOrigins: LabOrigins = {
  app: 'http://127.0.0.1:5123',
  idp: 'http://127.0.0.1:5124',
  client: 'http://127.0.0.1:5125',
  attacker: 'http://localhost:5126',
};
