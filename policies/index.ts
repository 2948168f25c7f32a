// schemaop's CrossGuard policy pack: `pulumi preview --policy-pack policies` after the project's `npm ci`
// The migration rules are the ones of `schemaop lint` (../src/lint), not a copy.
import { PolicyPack } from '@pulumi/policy';
import { policies } from './policies';

new PolicyPack('schemaop', { policies });
