// `LocalDataKey` (dev stacks): a 256-bit data key generated once and kept in the stack state as a
// secret, in place of the KMS key of the cloud stacks. The application encrypts exchange
// credentials with it locally. It changes only when `rotation` changes.
import { randomBytes } from 'node:crypto';
import { CheckFailure, ProviderImpl } from './types';

export interface LocalKeyInputs {
  /** Bump to rotate: a new key replaces the old one. */
  rotation: number;
}

export interface LocalKeyState extends LocalKeyInputs {
  /** base64 of 32 random bytes (a secret). */
  key: string;
  keyId: string;
  createdAt: string;
}

export const provider: ProviderImpl<LocalKeyInputs, LocalKeyState> = {
  async check(_olds, news) {
    const failures: CheckFailure[] = [];
    if (!Number.isInteger(news.rotation) || news.rotation < 0) failures.push({ property: 'rotation', reason: 'expected an integer >= 0' });
    return { inputs: news, failures };
  },
  async diff(_id, olds, news) {
    const rotate = olds.rotation !== news.rotation;
    return { changes: rotate, replaces: rotate ? ['rotation'] : [] };
  },
  async create(inputs) {
    const keyId = `local-${randomBytes(8).toString('hex')}`;
    return { id: keyId, outs: { ...inputs, key: randomBytes(32).toString('base64'), keyId, createdAt: new Date().toISOString() } };
  },
  async read(id, props) {
    return { id, props };
  },
  async update(_id, olds, news) {
    return { outs: { ...olds, ...news } };
  },
  async delete() {
    // Nothing outside the state holds the key.
  },
};
