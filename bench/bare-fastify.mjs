// The ceiling for `npm run bench`: one bare Fastify route in its own process,
// with nothing of the lab in it (no hooks, no recorder, no plugins).
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ ok: true }));
await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`bare fastify ready: http://127.0.0.1:${app.server.address().port}`);
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
