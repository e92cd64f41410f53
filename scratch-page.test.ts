// scratch: CPU of GET /s/SP-D/p/1 in process (not committed)
import { buildTestApp } from './tests/helpers/app.ts';
import { Citizen, surveyWorld } from './tests/helpers/survey.ts';
const { app, database } = await buildTestApp();
await surveyWorld(database.db);
const c = new Citizen(app);
const r = await c.start('/s/SP-D');
const url = r.headers.location as string;
const N = Number(process.env.N ?? 3000);
for (let i = 0; i < 300; i++) await c.get(url);
const t0 = process.cpuUsage(); const w0 = performance.now();
for (let i = 0; i < N; i++) { const res = await c.get(url); if (res.statusCode !== 200) throw new Error(String(res.statusCode)); }
const cpu = process.cpuUsage(t0);
console.log(url, 'cpu ms/req', ((cpu.user + cpu.system) / 1000 / N).toFixed(3), 'wall ms/req', ((performance.now() - w0) / N).toFixed(3), 'bytes', c.last.body.length);
const t1 = process.cpuUsage();
for (let i = 0; i < N; i++) { const res = await c.get('/s/SP-D'); }
const cpu1 = process.cpuUsage(t1);
console.log('intro cpu ms/req', ((cpu1.user + cpu1.system) / 1000 / N).toFixed(3));
await app.close();
