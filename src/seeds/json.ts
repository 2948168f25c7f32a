// JSON that keeps every number exactly and refuses repeated fields: a number with more significant
// digits than a JavaScript number holds (12345678901234567890) stays as its text (a
// LosslessNumber) from the seed file to PostgreSQL and back, and `{"a": 1, "a": 2}` is an error,
// not the last value.
import { LosslessNumber, isLosslessNumber, isSafeNumber, parse, stringify } from 'lossless-json';

export { LosslessNumber, isLosslessNumber };

const DIGITS = /\d/g;
/** A number literal as a JavaScript number when that keeps what it says, else as its exact text. */
export function exactNumber(text: string): number | LosslessNumber {
  if (isSafeNumber(text)) return Number(text);
  const mantissa = text.split(/[eE]/)[0].replace(/^[-+]?0*|\.|0+$/g, '');
  return (mantissa.match(DIGITS)?.length ?? 0) <= 15 && Number.isFinite(Number(text)) ? Number(text) : new LosslessNumber(text);
}

/** JSON.parse with exact numbers; throws on a repeated field. */
export const parseJson = (text: string): unknown => parse(text, undefined, exactNumber);

/** Sixteen digits in a row; spelled out, as V8 runs `\d{16}` several times slower (every live row is tested). */
const LONG_DIGITS = new RegExp('\\d'.repeat(16));

/** Only values read back from PostgreSQL (jsonb has no repeated fields): the fast parser unless a long number is there. */
export const parseJsonFromServer = (text: string): unknown => (LONG_DIGITS.test(text) ? parseJson(text) : JSON.parse(text));

/**
 * JSON text of a value holding exact numbers. JSON.stringify is many times faster and writes the
 * same text for plain values; a LosslessNumber shows in its output as an object with that field
 * (a bigint makes it throw), and only then is the slower writer needed.
 */
export function toJson(v: unknown): string {
  let s: string | undefined;
  try {
    s = JSON.stringify(v);
  } catch {
    s = undefined;
  }
  return s !== undefined && !s.includes('"isLosslessNumber":') ? s : (stringify(v) ?? 'null');
}
