// Checks T0Sharp's tokenizer.json encoding against Hugging Face tokenizers (Rust, npm `tokenizers`) on any text
// file, one text per line. Run from the repository root after
// `(cd benchmarks/reference/node && npm install --ignore-scripts)`:
//   t0sharp tokenize --tokenizer TOKENIZER.json --input LINES.txt --output OURS.jsonl
//   node tools/reference/check_hf_tokenizers.mjs TOKENIZER.json LINES.txt OURS.jsonl
// Compares ids with special tokens (HF's default) and token strings. Lines are split as t0sharp tokenize splits them.
import fs from 'fs';
import path from 'path';
import { createRequire } from 'module';
const require = createRequire(path.resolve('benchmarks/reference/node/package.json'));
const { Tokenizer } = require('tokenizers');

const [file, linesFile, oursFile] = process.argv.slice(2);
const tok = Tokenizer.fromFile(file);
let text = fs.readFileSync(linesFile, 'utf8');
if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
const lines = text.split('\n').map(l => (l.endsWith('\r') ? l.slice(0, -1) : l));
if (text.endsWith('\n')) lines.pop();
const ours = fs.readFileSync(oursFile, 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l));
if (ours.length !== lines.length) throw new Error(`${oursFile} has ${ours.length} lines, ${linesFile} has ${lines.length}`);
const encs = await tok.encodeBatch(lines, { addSpecialTokens: true });
const eq = (a, b) => a.length === b.length && a.every((v, k) => v === b[k]);
let same = 0;
encs.forEach((e, i) => {
  if (eq(e.getIds(), ours[i].ids) && eq(e.getTokens(), ours[i].tokens)) same++;
  else if (i - same < 5) console.log(`line ${i + 1} differs:\n  tokenizers ${e.getTokens().join(' ')}\n  t0sharp    ${ours[i].tokens.join(' ')}`);
});
console.log(`HF tokenizers vs T0Sharp on ${file}: ${same} of ${lines.length} lines identical (ids and tokens)`);
process.exit(same === lines.length ? 0 : 1);
