// The KMS key policy and the encryption contexts the code produces agree: the credentials role may
// use the key only with a context that names a credential table, an account, a column and a row,
// and with no other keys; every other principal is refused decryption of such values.
import { describe, expect, it } from 'vitest';
import { keyPolicy } from '../../src/infra/kms';
import { bindingOf, BINDING_KEYS, CREDENTIAL_TABLES } from '../../src/credentials/tables';

const creds = 'arn:aws:iam::111122223333:role/credentials-service';
const args = { accountId: '111122223333', partition: 'aws', region: 'eu-west-1', applicationRoleArn: 'arn:aws:iam::111122223333:role/app' };

describe('key policy for credentials', () => {
  it('lets exactly the credentials role use the key with a credential encryption context', () => {
    const st = JSON.parse(keyPolicy({ ...args, credentialsRoleArn: creds })).Statement as { Sid: string; Effect: string; Principal: { AWS: string }; Action: string | string[]; Condition?: Record<string, Record<string, unknown>> }[];
    const use = st.find((s) => s.Sid === 'CredentialsServiceUsesWithContext')!;
    expect(use.Principal.AWS).toBe(creds);
    expect(use.Action).toEqual(['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey']);
    expect(use.Condition!.StringEquals['kms:EncryptionContext:table']).toEqual(CREDENTIAL_TABLES.map((t) => t.table));
    const deny = st.find((s) => s.Sid === 'OnlyCredentialsServiceDecryptsCredentials')!;
    expect([deny.Effect, deny.Condition!.ArnNotEquals['aws:PrincipalArn']]).toEqual(['Deny', creds]);
    // Without a credentials role the policy is as before.
    expect(JSON.parse(keyPolicy(args)).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['AccountAdministers', 'ServicesUseForTheAccount', 'ApplicationUses']);
  });

  it('matches every context the code produces', () => {
    for (const t of CREDENTIAL_TABLES) {
      for (const s of t.secrets) {
        const b = bindingOf(t, { id: '1', account: 'a', exchange: 'x' }, s.column, s.kind === 'jsonb' ? 'passphrase' : undefined);
        expect(Object.keys(b).every((k) => (BINDING_KEYS as readonly string[]).includes(k))).toBe(true);
        for (const k of ['table', 'account', 'column', 'row']) expect(b[k]).toBeTruthy();
      }
    }
  });
});
