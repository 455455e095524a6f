import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');

let build: string | undefined;
/**
 * src/ transpiled to JavaScript (no type check: `tsc` does that) into a directory of this
 * test process's own, once: a worker started from it is up in a second or two, where
 * ts-node needs ten on this machine, and a test that restarts the worker pays that each
 * time. Always the current source, unlike dist/, which is only as new as the last build.
 */
function transpiledSource(): string {
  if (build) return build;
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (f) => readFileSync(f, 'utf8'));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const out = mkdtempSync(join(tmpdir(), 'sheber-worker-'));
  process.once('exit', () => rmSync(out, { recursive: true, force: true }));
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  for (const file of walk(SRC)) {
    if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { ...options, sourceMap: false, inlineSourceMap: false, declaration: false, incremental: false },
      fileName: file,
    });
    const target = join(out, relative(SRC, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  return (build = out);
}

/**
 * The worker as a separate OS process (its entry point, transpiled from the current source,
 * run as `npm run start:worker` runs the build), on the given environment overrides, so that a test
 * can kill it for real (SIGKILL: no shutdown hook runs) and start another.
 */
export class WorkerProcess {
  private child: ChildProcess | null = null;
  /** Everything it printed, for the failure message of a test. */
  output = '';

  constructor(private readonly env: Record<string, string>) {}

  /** Starts it and waits until it logs that it started. */
  async start(timeoutMs = 40_000): Promise<void> {
    if (this.child) throw new Error('the worker is already running');
    const child = spawn(process.execPath, [join(transpiledSource(), 'worker.js')], {
      cwd: ROOT,
      // Outside the repository, packages are found through NODE_PATH.
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the worker did not start in ${timeoutMs} ms; output: ${this.output.slice(-2000)}`)), timeoutMs);
      const onData = (d: Buffer) => {
        this.output += d.toString();
        if (/worker started/.test(this.output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the worker exited (${code ?? signal}) before it started; output: ${this.output.slice(-2000)}`));
      });
    });
  }

  /** SIGKILL: the process dies where it stands, mid-job. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM, for the end of a test: it finishes its jobs and exits. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
