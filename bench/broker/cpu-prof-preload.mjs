// Loaded with `NODE_OPTIONS=--import .../cpu-prof-preload.mjs` by `npm run bench -- java --profile`
// (Node 20 refuses --cpu-prof in NODE_OPTIONS): profiles the whole process with the in-process inspector
// and writes CPU.<pid>.cpuprofile into $ORBIT_BENCH_CPU_PROF_DIR when the process exits.
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';

const dir = process.env.ORBIT_BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  process.on('exit', () => {
    // The in-process session answers synchronously, so this completes inside the 'exit' handler.
    session.post('Profiler.stop', (err, res) => {
      if (!err && res?.profile) fs.writeFileSync(path.join(dir, `CPU.${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    });
  });
}
