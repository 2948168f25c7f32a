// A real KMS API for the tests: local-kms (built by `npm run tools`) on a free port, its keys in a
// temporary folder. The AWS SDK talks to it like to AWS (any credentials are accepted).
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { toolPath } from '../../src/util/tools';
import { freePort } from '../support/ports';


export const KMS_ENV = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'eu-west-1' };

export interface LocalKms {
  endpoint: string;
  createKey(alias?: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startLocalKms(): Promise<LocalKms> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'local-kms-'));
  const port = await freePort();
  const child: ChildProcess = spawn(toolPath('local-kms'), [], {
    env: { ...process.env, PORT: String(port), KMS_DATA_PATH: dir, KMS_SEED_PATH: path.join(dir, 'none.yaml'), KMS_REGION: KMS_ENV.AWS_REGION, KMS_ACCOUNT_ID: '111122223333' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let log = '';
    const t = setTimeout(() => reject(new Error(`local-kms did not start: ${log}`)), 15_000);
    const on = (d: Buffer) => {
      log += d;
      if (log.includes('Local KMS started')) {
        clearTimeout(t);
        resolve();
      }
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.on('exit', (code) => reject(new Error(`local-kms exited (${code}): ${log}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const kms = new KMSClient({ endpoint, region: KMS_ENV.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return {
    endpoint,
    async createKey(alias) {
      const k = await kms.send(new CreateKeyCommand({ Description: 'schemaop test key' }));
      if (alias) await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: k.KeyMetadata!.KeyId }));
      return k.KeyMetadata!.Arn!;
    },
    async stop() {
      kms.destroy();
      child.kill('SIGTERM');
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
