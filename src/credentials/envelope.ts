// Envelope encryption of one secret value with the AWS Encryption SDK: a fresh data key per
// message, wrapped by the KMS key (or the dev stack's local data key), the value bound to its row
// and column through the encryption context. Data keys are cached within a message and an age cap.
import { DescribeKeyCommand, KMS, type KMSClientConfig } from '@aws-sdk/client-kms';
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  getLocalCryptographicMaterialsCache,
  KeyringNode,
  KmsKeyringNode,
  MultiKeyringNode,
  NodeAlgorithmSuite,
  NodeCachingMaterialsManager,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';
import { deserializeFactory } from '@aws-crypto/serialize';
import { SchemaopError } from '../errors';
import { dataKeyName, KeyConfig } from './keys';
import { EXIT } from '../exit-codes';

/** Committing AES-256-GCM without a signature: the smallest message that still commits to its key. */
const SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;
const KEY_NAMESPACE = 'schemaop';
const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const { deserializeMessageHeader } = deserializeFactory((b) => Buffer.from(b).toString('utf8'), NodeAlgorithmSuite);

/** What a value is bound to: a ciphertext only decrypts with exactly this context. */
export type Binding = Readonly<Record<string, string>>;

/** A value that does not decrypt: tampered, moved to another row or column, or under an unknown key. */
export class DecryptError extends SchemaopError {
  constructor(
    readonly where: string,
    reason: string,
  ) {
    super(`${where}: does not decrypt (${reason})`, EXIT.error);
  }
}

export interface Envelope {
  /** The key new values are encrypted under (KMS key ARN, or `schemaop:local-<hash>`). */
  readonly currentKey: string;
  encrypt(plaintext: string, binding: Binding): Promise<Buffer>;
  /** The plaintext, only if `message` was encrypted with exactly `binding`. `where` names the value in errors. */
  decrypt(message: Buffer, binding: Binding, where: string): Promise<{ plaintext: string; key: string }>;
  /** The key a message is encrypted under, read from its header (no decryption). */
  keyOf(message: Buffer): string | undefined;
  /** Releases the KMS client's connections (a process with an open client does not exit). */
  close(): void;
  /** KMS calls made so far (to see the data key cache at work). */
  readonly kmsCalls: { generate: number; decrypt: number };
}

/** Whether `b` starts like a message of the Encryption SDK (format version 2). */
export const isEnvelope = (b: Buffer) => b.length > 3 && b[0] === 0x02 && b.readUInt16BE(1) === SUITE;

/** The key a message is encrypted under, from its header (nothing is decrypted). */
export function keyOfMessage(message: Buffer): string | undefined {
  let header;
  try {
    header = deserializeMessageHeader(message);
  } catch {
    return undefined;
  }
  if (!header) return undefined;
  const edk = header.messageHeader.encryptedDataKeys[0];
  if (!edk) return undefined;
  if (edk.providerId === 'aws-kms') return edk.providerInfo;
  // Raw AES provider info is the key name followed by the IV lengths and the IV.
  return `${edk.providerId}:${Buffer.from(edk.rawInfo ?? Buffer.from(edk.providerInfo)).subarray(0, dataKeyName('A'.repeat(44)).length).toString('utf8')}`;
}

function rawKeyring(key: string): KeyringNode {
  return new RawAesKeyringNode({
    keyNamespace: KEY_NAMESPACE,
    keyName: dataKeyName(key),
    unencryptedMasterKey: new Uint8Array(Buffer.from(key, 'base64')),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}

export async function openEnvelope(cfg: KeyConfig): Promise<Envelope> {
  const kmsCalls = { generate: 0, decrypt: 0 };
  let encryptKeyring: KeyringNode;
  let currentKey: string;
  const kmsIds = [...(cfg.kmsKeyId ? [cfg.kmsKeyId] : []), ...cfg.previousKmsKeyIds];
  let kmsClient: KMS | undefined;
  if (kmsIds.length) {
    const config: KMSClientConfig = { region: cfg.region ?? 'us-east-1', ...(cfg.kmsEndpoint ? { endpoint: cfg.kmsEndpoint } : {}) };
    kmsClient = new KMS(config);
    kmsClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GenerateDataKeyCommand') kmsCalls.generate++;
        if (context.commandName === 'DecryptCommand') kmsCalls.decrypt++;
        return next(args);
      },
      { step: 'initialize', name: 'schemaopCountKmsCalls' },
    );
  }
  const client = kmsClient;
  const provider = () => client!;
  const rawKeys = [...(cfg.dataKey ? [cfg.dataKey] : []), ...cfg.previousDataKeys];
  const decryptChildren: KeyringNode[] = rawKeys.map(rawKeyring);
  if (client) {
    // Aliases are resolved once, so that the key recorded in each message is compared by ARN.
    const arns = await Promise.all(
      kmsIds.map(async (id) => {
        try {
          const r = await client.send(new DescribeKeyCommand({ KeyId: id }));
          if (!r.KeyMetadata?.Arn) throw new Error('no key ARN in the answer');
          return r.KeyMetadata.Arn;
        } catch (e) {
          throw new SchemaopError(`KMS key ${id}: ${(e as Error).name}: ${(e as Error).message}`, EXIT.unreachable);
        }
      }),
    );
    decryptChildren.push(new KmsKeyringNode({ clientProvider: provider, keyIds: arns }));
    if (cfg.kmsKeyId) {
      currentKey = arns[0];
      encryptKeyring = new KmsKeyringNode({ clientProvider: provider, generatorKeyId: arns[0] });
    }
  }
  if (cfg.dataKey) {
    encryptKeyring = rawKeyring(cfg.dataKey);
    currentKey = `${KEY_NAMESPACE}:${dataKeyName(cfg.dataKey)}`;
  }
  const decryptKeyring = decryptChildren.length === 1 ? decryptChildren[0] : new MultiKeyringNode({ children: decryptChildren });
  const cache = getLocalCryptographicMaterialsCache<NodeAlgorithmSuite>(cfg.cacheCapacity);
  const limits = { cache, maxAge: cfg.cacheMaxAgeMs, maxMessagesEncrypted: cfg.cacheMaxMessages };
  const encryptCmm = new NodeCachingMaterialsManager({ ...limits, backingMaterials: encryptKeyring! });
  const decryptCmm = new NodeCachingMaterialsManager({ ...limits, backingMaterials: decryptKeyring });

  return {
    currentKey: currentKey!,
    kmsCalls,
    keyOf: keyOfMessage,
    close: () => client?.destroy(),
    async encrypt(plaintext, binding) {
      const bytes = Buffer.from(plaintext, 'utf8');
      const { result } = await encrypt(encryptCmm, bytes, { encryptionContext: { ...binding }, suiteId: SUITE, plaintextLength: bytes.length });
      return result;
    },
    async decrypt(message, binding, where) {
      if (!isEnvelope(message)) throw new DecryptError(where, 'not an envelope of this project');
      let out;
      try {
        out = await decrypt(decryptCmm, message);
      } catch (e) {
        const msg = String((e as Error).message).split('\n')[0];
        // No keyring could unwrap the data key: say which key the value needs.
        if (/unencryptedDataKey has not been set/.test(msg)) throw new DecryptError(where, `it is under ${keyOfMessage(message) ?? 'an unknown key'}, which is not among the configured keys`);
        // The SDK's other messages name no plaintext; keep only the first line.
        throw new DecryptError(where, msg);
      }
      const got = out.messageHeader.encryptionContext;
      const keys = new Set([...Object.keys(got), ...Object.keys(binding)]);
      for (const k of keys) {
        if (got[k] !== binding[k]) {
          out.plaintext.fill(0);
          throw new DecryptError(where, `encryption context ${k} is ${JSON.stringify(got[k] ?? null)}, expected ${JSON.stringify(binding[k] ?? null)}: the value belongs to another row or column`);
        }
      }
      const plaintext = out.plaintext.toString('utf8');
      out.plaintext.fill(0);
      return { plaintext, key: keyOfMessage(message) ?? 'unknown' };
    },
  };
}
