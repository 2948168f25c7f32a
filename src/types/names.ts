// Names of generated declarations, the way each ecosystem spells them: camelCase for TypeScript
// values, PascalCase for classes, singular class names for table rows.

const words = (s: string) => s.split(/[^A-Za-z0-9]+/).filter(Boolean);

export const pascalCase = (s: string) =>
  words(s)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('') || '_';

export function camelCase(s: string): string {
  const p = pascalCase(s);
  return p[0].toLowerCase() + p.slice(1);
}

/** English singular of a table name's last word: user_credentials → user_credential, dexes → dex. */
export function singular(s: string): string {
  const m = /^(.*?)([A-Za-z]+)$/.exec(s);
  if (!m) return s;
  const [, head, w] = m;
  const lower = w.toLowerCase();
  let one = w;
  if (/[^aeiou]ies$/.test(lower)) one = w.slice(0, -3) + 'y';
  else if (/(ss|sh|ch|x|z|us)es$/.test(lower)) one = w.slice(0, -2);
  else if (/(ss|us|is)$/.test(lower)) one = w;
  else if (/s$/.test(lower)) one = w.slice(0, -1);
  return head + one;
}

/** A name that does not clash with `taken`: name, name2, name3, ... */
export function unique(name: string, taken: Set<string>): string {
  let n = name;
  for (let i = 2; taken.has(n); i++) n = `${name}${i}`;
  taken.add(n);
  return n;
}
