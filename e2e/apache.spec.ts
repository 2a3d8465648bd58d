/**
 * The smoke against a console attached to Apache RocketMQ. Run by interop/console-apache.interop.test.ts
 * (playwright.apache.config.ts), which starts both and passes ORBIT_E2E_APACHE_NAMESRV and ORBIT_E2E_APACHE_URL.
 */
import { defineSmoke } from './support/smoke';

const namesrvAddr = process.env.ORBIT_E2E_APACHE_NAMESRV;
if (!namesrvAddr) throw new Error('ORBIT_E2E_APACHE_NAMESRV is not set: run this spec through interop/console-apache.interop.test.ts');

defineSmoke({ name: 'apache', namesrvAddr, brokerName: process.env.ORBIT_E2E_APACHE_BROKER ?? 'broker-a' });
