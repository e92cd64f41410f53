// The baseline of bench/survey: a Fastify route that answers a fixed HTML page of the same size as
// the survey's intro (/fixed/intro) or first question page (/fixed/page), built once, with no
// database, no template and no cookie: what this machine serves when a page costs nothing to make.
// The sizes come as JSON in argv[2]; it prints its port and stops on SIGTERM.
import Fastify from 'fastify';

const sizes = JSON.parse(process.argv[2] ?? '{}') as Record<string, number>;
const pages = new Map(
  Object.entries(sizes).map(([name, bytes]) => {
    const head = '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Khảo sát</title></head><body><main>';
    const tail = '</main></body></html>';
    const fill = Math.max(0, bytes - Buffer.byteLength(head + tail));
    return [name, head + 'x'.repeat(fill) + tail];
  }),
);

const server = Fastify({ logger: false });
server.get('/fixed/:name', async (request, reply) => {
  const page = pages.get((request.params as { name: string }).name);
  if (page === undefined) return reply.code(404).send();
  return reply.type('text/html; charset=utf-8').send(page);
});
await server.listen({ host: '127.0.0.1', port: 0 });
const address = server.server.address();
if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
process.stdout.write(`listening ${address.port}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
