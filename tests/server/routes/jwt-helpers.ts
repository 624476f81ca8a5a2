/** The old path of the JWT lab's test helpers; new tests import ../helpers/jwt. */
export * from '../helpers/jwt';
