// The dynamic provider interface, restated without importing Pulumi: the implementations run in
// Pulumi's provider host, where only these plain shapes cross the boundary.

/** The value Pulumi passes for an input that is not known yet (during preview). */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

export const isUnknown = (v: unknown): boolean => v === UNKNOWN || (typeof v === 'object' && v !== null && Object.values(v).some(isUnknown));

export interface CheckFailure {
  property: string;
  reason: string;
}

// Pulumi hands providers untyped property bags; each provider narrows them with its own types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ProviderImpl<I = any, O = any> {
  check(olds: Partial<I>, news: I): Promise<{ inputs?: I; failures?: CheckFailure[] }>;
  diff(id: string, olds: O, news: I): Promise<{ changes?: boolean; replaces?: string[]; stables?: string[]; deleteBeforeReplace?: boolean }>;
  create(inputs: I): Promise<{ id: string; outs?: O }>;
  read(id: string, props?: O): Promise<{ id?: string; props?: O; inputs?: I }>;
  update(id: string, olds: O, news: I): Promise<{ outs?: O }>;
  delete(id: string, props: O): Promise<void>;
}

/** An error a provider reports to the user: its message only, never a connection string. */
export class ProviderError extends Error {
  override name = 'ProviderError';
}
