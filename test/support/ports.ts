// A TCP port nothing listens on right now, chosen by the OS (no collisions between test files).
export { freePort } from '../../src/util/ports';
