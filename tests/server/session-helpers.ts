/** The old path of the session lab's test helpers; new tests import ./helpers/session. */
export * from './helpers/session';
