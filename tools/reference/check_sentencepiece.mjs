// Checks T0Sharp's spiece.model encoding against Google SentencePiece (compiled to WASM, npm @sctg/sentencepiece-js)
// on any text file, one text per line. Run from the repository root after
// `(cd benchmarks/reference/node && npm install --ignore-scripts)`:
//   t0sharp tokenize --tokenizer MODEL --input LINES.txt --output OURS.jsonl --no-special-tokens
//   node tools/reference/check_sentencepiece.mjs MODEL LINES.txt OURS.jsonl
// Lines are split as t0sharp tokenize splits them (LF; a CR before LF belongs to the line ending).
import fs from 'fs';
import path from 'path';
import { createRequire } from 'module';
const require = createRequire(path.resolve('benchmarks/reference/node/package.json'));
const { SentencePieceProcessor } = await import(require.resolve('@sctg/sentencepiece-js'));

const [model, linesFile, oursFile] = process.argv.slice(2);
const sp = new SentencePieceProcessor();
await sp.loadFromB64StringModel(fs.readFileSync(model).toString('base64'));
let text = fs.readFileSync(linesFile, 'utf8');
if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
const lines = text.split('\n').map(l => (l.endsWith('\r') ? l.slice(0, -1) : l));
if (text.endsWith('\n')) lines.pop();
const ours = fs.readFileSync(oursFile, 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l).ids);
if (ours.length !== lines.length) throw new Error(`${oursFile} has ${ours.length} lines, ${linesFile} has ${lines.length}`);
let same = 0;
lines.forEach((line, i) => {
  const ref = sp.encodeIds(line);
  if (ref.length === ours[i].length && ref.every((v, k) => v === ours[i][k])) same++;
  else if (i - same < 5) console.log(`line ${i + 1} differs:\n  sentencepiece ${ref.join(',')}\n  t0sharp       ${ours[i].join(',')}`);
});
console.log(`SentencePiece (WASM) vs T0Sharp on ${model}: ${same} of ${lines.length} lines identical`);
process.exit(same === lines.length ? 0 : 1);
