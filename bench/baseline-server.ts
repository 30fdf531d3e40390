/**
 * The physical baseline: a minimal Node http server that verifies an HMAC-SHA256 signature over
 * the body and does one INSERT into the same PostgreSQL. Warroom's figures are ratios to it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import pg from 'pg';

export const BASELINE_SECRET = 'bench-baseline-secret';

export function sign(body: string): string {
  return createHmac('sha256', BASELINE_SECRET).update(body).digest('hex');
}

export async function startBaseline(databaseUrl: string): Promise<{ port: number; close(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  pool.on('error', () => undefined);
  await pool.query('create table if not exists bench_baseline (id bigserial primary key, body jsonb not null)');
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const expected = Buffer.from(createHmac('sha256', BASELINE_SECRET).update(body).digest('hex'));
      const given = Buffer.from(String(req.headers['x-signature'] ?? ''));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.writeHead(401).end();
        return;
      }
      pool.query('insert into bench_baseline (body) values ($1)', [body.toString('utf8')]).then(
        () => res.writeHead(202).end(),
        () => res.writeHead(503).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
