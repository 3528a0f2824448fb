import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  /** Connection string for @azure/storage-blob (what AZURE_STORAGE_CONNECTION_STRING takes). */
  readonly connectionString: string;
  readonly port: number;
  /** The connection string with another account key: what a misconfigured instance would use. */
  readonly wrongKeyConnectionString: string;
  stop(): Promise<void>;
}

/** The connection string of an Azurite blob service on a loopback port (with another key: what a misconfigured instance would use). */
export function azuriteConnectionString(port: number, key: string = AZURITE_KEY): string {
  return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${key};BlobEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT};`;
}

/** A free loopback port, found by letting the OS pick one and releasing it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts Azurite's blob service (the pinned devDependency, 3.35.0: the last release for Node 20)
 * on a free loopback port with its data in a temporary folder, and waits until it listens.
 * `stop()` kills it and removes the folder.
 */
export async function startAzurite(): Promise<RunningAzurite> {
  const location = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-azurite-'));
  const bin = path.join(__dirname, '..', '..', 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [bin, '--location', location, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--skipApiVersionCheck', '--disableTelemetry', '--silent'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const listening = await waitForListening(child);
    if (listening.ok) {
      return {
        port,
        connectionString: azuriteConnectionString(port),
        wrongKeyConnectionString: azuriteConnectionString(port, Buffer.from(`not the key of ${AZURITE_ACCOUNT}`).toString('base64')),
        stop: async () => {
          await stopChild(child);
          rmSync(location, { recursive: true, force: true });
        },
      };
    }
    await stopChild(child);
    // Another process may have taken the port between the probe and the spawn: try another.
    if (attempt >= 2) {
      rmSync(location, { recursive: true, force: true });
      throw new Error(`azurite: did not start: ${listening.output.slice(-500)}`);
    }
  }
}

/**
 * Azurite for the calling test file: started in its beforeAll, stopped in its afterAll. The
 * object reads the running instance, so it can be declared at the top of the file and used in
 * tests and later hooks.
 */
export function useAzurite(): RunningAzurite {
  let running: RunningAzurite | undefined;
  beforeAll(async () => {
    running = await startAzurite();
  });
  afterAll(async () => {
    await running?.stop();
    running = undefined;
  });
  const current = (): RunningAzurite => {
    if (!running) throw new Error('azurite: not running here (useAzurite starts it in beforeAll and stops it in afterAll)');
    return running;
  };
  return {
    get connectionString() {
      return current().connectionString;
    },
    get wrongKeyConnectionString() {
      return current().wrongKeyConnectionString;
    },
    get port() {
      return current().port;
    },
    stop: () => current().stop(),
  };
}

function waitForListening(child: ChildProcess): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const timer = setTimeout(() => finish(false), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/successfully listens on/i.test(output)) finish(true);
    };
    function finish(ok: boolean) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      resolve({ ok, output });
    }
    const onExit = () => finish(false);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}
