// Builds the small byte-level BPE tokenizer.json fixtures (BLOOM-style and GPT-2-style pipelines) and records what
// Hugging Face tokenizers (Rust, npm `tokenizers`) outputs for them. Run from the repository root after
// `npm install --ignore-scripts` in benchmarks/reference/node:
//   node tools/reference/make_bpe_fixtures.js
// Writes tests/T0Sharp.Data.Tests/Tokenization/Fixtures/{bloom-style-bpe,gpt2-style-bpe}/{tokenizer.json,expected.jsonl}.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const repo = path.resolve(__dirname, '..', '..');
const { Tokenizer, BPE, byteLevelPreTokenizer, byteLevelAlphabet } = require(path.join(repo, 'benchmarks/reference/node/node_modules/tokenizers'));

const MERGES = 1500; // keeps the fixture small while still exercising long merge chains
const BLOOM_SPLIT = ' ?[^(\\s|[.,!?…。，、।۔،])]+';

// Training text: multilingual XNLI premises plus some English reviews from the bundled datasets.
function texts(file, field, limit) {
  return fs.readFileSync(path.join(repo, file), 'utf8').split('\n').filter(Boolean).slice(0, limit).map(l => JSON.parse(l)[field]);
}
const train = [];
for (const lang of ['en', 'fr', 'es', 'zh', 'ar', 'hi', 'vi', 'sw', 'ur']) train.push(...texts(`assets/datasets/xnli/${lang}/validation.jsonl`, 'premise', 300));
train.push(...texts('assets/datasets/imdb/plain_text/test.jsonl', 'text', 300));
const trainFile = path.join(os.tmpdir(), `t0sharp-bpe-train-${process.pid}.txt`);
fs.writeFileSync(trainFile, train.join('\n'));

// Learn merges with the tokenizers trainer on a byte-level pipeline.
const trainer = new Tokenizer(BPE.empty());
trainer.setPreTokenizer(byteLevelPreTokenizer(false, true));
trainer.train([trainFile]);
const trainedFile = path.join(os.tmpdir(), `t0sharp-bpe-trained-${process.pid}.json`);
trainer.save(trainedFile);
const trained = JSON.parse(fs.readFileSync(trainedFile, 'utf8'));
fs.unlinkSync(trainFile); fs.unlinkSync(trainedFile);

// Vocabulary: BLOOM's four special tokens, the full 256-symbol byte alphabet, then the first MERGES merges.
const merges = trained.model.merges.slice(0, MERGES).map(m => (Array.isArray(m) ? m : m.split(' ')));
const vocab = {};
for (const t of ['<unk>', '<s>', '</s>', '<pad>']) vocab[t] = Object.keys(vocab).length;
for (const c of byteLevelAlphabet().sort()) if (!(c in vocab)) vocab[c] = Object.keys(vocab).length;
for (const [a, b] of merges) if (!((a + b) in vocab)) vocab[a + b] = Object.keys(vocab).length;

const added = ['<unk>', '<s>', '</s>', '<pad>'].map((t, id) => ({ id, content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }));
const model = { type: 'BPE', dropout: null, unk_token: '<unk>', continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges };
const pipelines = {
  'bloom-style-bpe': {
    pre_tokenizer: { type: 'Sequence', pretokenizers: [
      { type: 'Split', pattern: { Regex: BLOOM_SPLIT }, behavior: 'Isolated', invert: false },
      { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false }] },
    post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: false },
  },
  'gpt2-style-bpe': {
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'TemplateProcessing', single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] }, '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] } } },
  },
};

// Inputs: the shared corpus texts, plus lines aimed at byte-level details.
const corpus = fs.readFileSync(path.join(repo, '..', 'shared/fixtures/tokenizers/t5/expected.jsonl'), 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l).text);
const extra = ['Hello world', ' leading space', 'trailing space ', 'BLOOM splits on punctuation… like this。 and this，、 and ।۔، too!',
  "it's we'll they've I'm you'd", 'tabs\tand\nnewlines\r\n', 'emoji 👍🏽 🇫🇷 👨‍👩‍👧', 'mixed 中文 and English', '</s><s><pad><unk>', 'x</s>y', '12345 67.89 $1,000', ''];

(async () => {
  for (const [name, p] of Object.entries(pipelines)) {
    const json = { version: '1.0', truncation: null, padding: null, added_tokens: added, normalizer: null, ...p,
      decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true }, model };
    const dir = path.join(repo, 'tests/T0Sharp.Data.Tests/Tokenization/Fixtures', name);
    fs.mkdirSync(dir, { recursive: true });
    // Round-trip through tokenizers so the committed file is exactly what the library writes.
    const tok = Tokenizer.fromString(JSON.stringify(json));
    tok.save(path.join(dir, 'tokenizer.json'), false);
    const ref = Tokenizer.fromFile(path.join(dir, 'tokenizer.json'));
    const lines = [];
    for (const [index, text] of [...corpus, ...extra].entries()) {
      const plain = await ref.encode(text, null, { addSpecialTokens: false });
      const withSpecial = await ref.encode(text, null, { addSpecialTokens: true });
      const ids = plain.getIds(), idsWithSpecial = withSpecial.getIds();
      lines.push(JSON.stringify({ index, text, ids, tokens: plain.getTokens(), ids_with_special: idsWithSpecial,
        decoded: await ref.decode(idsWithSpecial, true), decoded_with_special: await ref.decode(idsWithSpecial, false) }));
    }
    fs.writeFileSync(path.join(dir, 'expected.jsonl'), lines.join('\n') + '\n');
    console.log(`${name}: ${Object.keys(vocab).length} tokens, ${merges.length} merges, ${lines.length} lines`);
  }
})();
