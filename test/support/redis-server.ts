import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import Redis from 'ioredis';

/**
 * A Redis server of the test's own (the `redis-server` binary, no persistence) on a free
 * port, that the test can stop and start again: Redis going away for real, without
 * touching the Redis everything else uses.
 */
export class TestRedis {
  private process: ChildProcess | null = null;
  private port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it (on the same port as before, if it ran before); a no-op while it runs. */
  async start(): Promise<string> {
    if (this.process) return this.url;
    if (!this.port) this.port = await freePort();
    this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const deadline = Date.now() + 5_000;
    for (;;) {
      try {
        await client.connect();
        await client.ping();
        client.disconnect();
        return this.url;
      } catch {
        client.disconnect();
        if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${this.port}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /** Stops it at once (SIGKILL): whatever it held is gone, as when a Redis without persistence dies. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
