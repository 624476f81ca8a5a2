/** The token inspector's pure logic: shared by the renderer and its unit tests, no DOM and no server. */
export * from './attacks';
export * from './claims';
export * from './decode';
export * from './keys';
export * from './samples';
export * from './token-kind';
export * from './verify';
export * from './warnings';
