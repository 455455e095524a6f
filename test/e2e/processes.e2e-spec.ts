import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Queue } from 'bullmq';

const ROOT = join(__dirname, '..', '..');

/** Runs an entry point from source, as `npm start` would run it from the build. */
function run(entry: 'main' | 'worker', env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join('src', `${entry}.ts`)], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: string | null; stderr: string; stdout: string }> {
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => (stdout += d));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr, stdout })));
}

function waitForOutput(child: ChildProcessWithoutNullStreams, pattern: RegExp, timeoutMs = 40000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output: ${seen.slice(-2000)}`)), timeoutMs);
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('processes', () => {
  it('refuses a bad configuration with one line naming each variable', async () => {
    const child = run('main', { PORT: 'not-a-port', JWT_SECRET: 'short' });
    const { code, stderr, stdout } = await exited(child);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: .*PORT.*JWT_SECRET/);
    expect(stdout).toBe('');
  });

  it('refuses to run in production with the development JWT secret', async () => {
    const { code, stderr } = await exited(run('main', { NODE_ENV: 'production', JWT_SECRET: '' }));
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^Configuration error: .*JWT_SECRET/);
  });

  it('serves, then shuts the API down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = run('main', { PORT: String(port), HOST: '127.0.0.1' });
    const done = exited(child);
    await waitForOutput(child, /listening on/);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    child.kill('SIGTERM');
    const { code, signal } = await done;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });

  it('starts the worker with its schedule, and stops it cleanly on SIGTERM', async () => {
    const child = run('worker', {});
    const done = exited(child);
    await waitForOutput(child, /worker started/);
    const url = new URL(process.env.REDIS_URL!);
    const queue = new Queue('maintenance', {
      connection: { host: url.hostname, port: Number(url.port) },
      prefix: `${process.env.REDIS_PREFIX}:bull`,
    });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key)).toContain('purge-refresh-tokens');
    } finally {
      await queue.close();
    }
    child.kill('SIGTERM');
    const { code, signal } = await done;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });
});
