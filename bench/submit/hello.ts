// The ceiling of this machine for any Node HTTP app: a Fastify route at the same address that
// parses the same JSON body and answers 201 without validating or storing anything. Driven by the
// same load generator with the same clients, it shows how many requests per second are possible
// here before the app does any work of its own.
import Fastify from 'fastify';

const server = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
server.post('/api/v1/responses', async (request, reply) => {
  const body = request.body as { id?: string };
  return reply.code(201).send({ id: body.id, status: 'created', flagged: [] });
});
await server.listen({ host: '127.0.0.1', port: 0 });
const address = server.server.address();
if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
process.stdout.write(`listening ${address.port}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
