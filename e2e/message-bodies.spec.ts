/** Message bodies against the embedded cluster (the tests: e2e/support/message-bodies.ts). */
import { defineMessageBodyTests } from './support/message-bodies';

defineMessageBodyTests(`127.0.0.1:${process.env.ORBIT_E2E_PORTS!.split(',')[1]}`);
