// One-thread throughput of Hugging Face tokenizers (Rust, npm `tokenizers`) for `t0sharp bench tokenize`.
// Usage: RAYON_NUM_THREADS=1 node bench_tokenizers.js TOKENIZER_JSON TEXTS_JSONL REPEATS [IDS_OUT_JSONL]
// With IDS_OUT_JSONL, also writes each text's ids (no special tokens), one JSON array per line, for comparison.
// Prints one JSON object: total tokens (no special tokens), bytes, and the best seconds of two modes:
//   batch: encodeBatch over all texts (Rust loop, one rayon thread), sequential: one awaited encode() per text.
'use strict';
const fs = require('fs');
const { Tokenizer } = require('tokenizers');

(async () => {
  const [file, textsFile, repeatsArg, idsOut] = process.argv.slice(2);
  const tok = Tokenizer.fromFile(file);
  const texts = fs.readFileSync(textsFile, 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);
  const repeats = Number(repeatsArg || 3);
  const opts = { addSpecialTokens: false };
  await tok.encodeBatch(texts.slice(0, 500), opts); // warm-up
  let tokens = 0, batch = Infinity, sequential = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    const encs = await tok.encodeBatch(texts, opts);
    batch = Math.min(batch, Number(process.hrtime.bigint() - t0) / 1e9);
    tokens = encs.reduce((n, e) => n + e.getIds().length, 0);
    if (idsOut && r === 0) fs.writeFileSync(idsOut, encs.map(e => JSON.stringify(e.getIds())).join('\n') + '\n');
  }
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    for (const t of texts) await tok.encode(t, null, opts);
    sequential = Math.min(sequential, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  console.log(JSON.stringify({ tokens, bytes, texts: texts.length, batch_seconds: batch, sequential_seconds: sequential }));
})().catch(e => { console.error(e.message); process.exit(1); });
