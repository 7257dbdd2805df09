// The code blocks of the documents: README.md, docs/*.md and CONTRIBUTING.md. A block whose
// info string says `fragment` (```ts fragment) is only type-checked; every other ts, js and
// sh block also runs (scripts/check-docs.mjs).
import { readFileSync, readdirSync } from 'node:fs';

export const DOCUMENTS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync('docs')
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

/** `{ file, line, lang, fragment, code }` for every fenced block (line: its first code line). */
export function docBlocks() {
  return DOCUMENTS.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```/gm)].map((match) => ({
      file,
      line: text.slice(0, match.index).split('\n').length + 1,
      lang: match[1],
      fragment: /\bfragment\b/.test(match[2]),
      code: match[3],
    }));
  });
}
