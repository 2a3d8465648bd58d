/** The smoke against `orbit console --namesrv` attached to separate `orbit namesrv` and `orbit broker` processes (project `attached`). */
import { defineSmoke } from './support/smoke';

const attachedNamesrvPort = Number(process.env.ORBIT_E2E_PORTS!.split(',')[4]);

defineSmoke({ name: 'attached', namesrvAddr: `127.0.0.1:${attachedNamesrvPort}`, brokerName: 'broker-attached' });
