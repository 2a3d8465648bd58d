/**
 * Message bodies against a console attached to Apache RocketMQ 4.9.7 (run by
 * interop/console-apache.interop.test.ts): the same JSON, binary and 200 KiB checks as against Orbit.
 */
import { defineMessageBodyTests } from './support/message-bodies';

const namesrvAddr = process.env.ORBIT_E2E_APACHE_NAMESRV;
if (!namesrvAddr) throw new Error('ORBIT_E2E_APACHE_NAMESRV is not set: run this spec through interop/console-apache.interop.test.ts');

defineMessageBodyTests(namesrvAddr);
