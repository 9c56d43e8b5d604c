#!/usr/bin/env python3
"""Golden per-choice scores of t-zero's rank-classification procedure, computed by Hugging Face transformers.

t-zero's `evaluation/run_eval.py` (bigscience-workshop/t-zero @ 7a699e3) renders each example with a promptsource
template, tokenizes the input with `add_special_tokens=False` (no EOS) and every answer choice with the tokenizer's
defaults (T5: EOS appended), both with `truncation=True, max_length=1024`, and scores a choice by the sum of the
log-probabilities of its tokens (`t0/model.py`, EncoderDecoderModel.forward). This script repeats that on the bundled
RTE and CB validation rows with the T0 held-out suite's templates (t-zero's evaluation/template_list.py, here
assets/promptsource/t0/eval_template_list.csv) and the tiny random-weight T0 fixture, one example and choice at a time.

Run with the reference runtime (transformers 4.37 on Debian's torch 1.13, see /work/coord/REFERENCE_RUNTIME.md):
  /work/refrt/python tools/reference/make_t0_eval_golden.py \
      --model tests/TestData/models/tiny-t0-t5-v1_1-gated-gelu --rows 4 \
      --output tests/TestData/golden/t0-eval-rte-cb/golden.json
Rendering reuses tools/reference/promptsource_ref.py (promptsource's Template.apply re-implemented with Jinja2).
The slow `T5Tokenizer` is used (the runtime has no Rust tokenizers); the C# test checks T0Sharp's ids against the
ids stored here before it compares scores.
"""
import argparse
import csv
import json
import os
import random
import sys

import torch
from transformers import T5ForConditionalGeneration, T5Tokenizer
import transformers

sys.path.insert(0, os.path.dirname(__file__))
from promptsource_ref import answer_choices_list, apply, load_templates_file, sorted_templates  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATASETS = {"rte": ("super_glue", "rte"), "cb": ("super_glue", "cb")}


def eval_templates(dataset, subset):
    with open(os.path.join(REPO, "assets", "promptsource", "t0", "eval_template_list.csv"), encoding="utf-8") as f:
        wanted = [r["template_name"] for r in csv.DictReader(f) if r["HF_name"] == dataset and (r["subset"] or None) == subset]
    doc = load_templates_file(os.path.join(REPO, "assets", "promptsource", "templates", dataset, subset, "templates.yaml"))
    return [t for t in sorted_templates(doc) if t["name"] in wanted]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True)
    p.add_argument("--tokenizer", default=os.path.join(REPO, "assets", "tokenizers", "t5", "spiece.model"))
    p.add_argument("--rows", type=int, default=4)
    p.add_argument("--output", required=True)
    a = p.parse_args(argv)

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    tok = T5Tokenizer(a.tokenizer, legacy=True)
    model = T5ForConditionalGeneration.from_pretrained(a.model).eval()
    if len(tok) > model.config.vocab_size:
        raise SystemExit(f"tokenizer has {len(tok)} ids, the model's vocabulary {model.config.vocab_size}")

    items = []
    for name, (dataset, subset) in DATASETS.items():
        path = os.path.join(REPO, "assets", "datasets", dataset, subset, "validation.jsonl")
        with open(path, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()][: a.rows]
        for template in eval_templates(dataset, subset):
            for index, row in enumerate(rows):
                random.seed(0)   # these templates draw nothing at random
                parts, _ = apply(template, dict(row))
                choices = answer_choices_list(template, dict(row))
                input_text, target = parts
                input_ids = tok(input_text, add_special_tokens=False, truncation=True, max_length=1024).input_ids
                choice_ids = [tok(c, truncation=True, max_length=1024).input_ids for c in choices]
                sums = []
                with torch.no_grad():
                    for ids in choice_ids:
                        out = model(input_ids=torch.tensor([input_ids]), labels=torch.tensor([ids]))
                        logp = torch.log_softmax(out.logits[0], dim=-1)   # float32, as t0/model.py
                        sums.append(float(logp.gather(1, torch.tensor(ids)[:, None]).sum()))
                items.append({"dataset": name, "template": template["name"], "index": index, "input": input_text,
                              "target": target, "choices": choices, "input_ids": input_ids, "choice_ids": choice_ids,
                              "logprob_sums": sums})
    doc = {
        "procedure": "t-zero run_eval: input add_special_tokens=False, choices with EOS, sum of choice-token log-probs",
        "model": os.path.basename(os.path.normpath(a.model)),
        "tokenizer": "assets/tokenizers/t5/spiece.model (transformers T5Tokenizer, legacy=True)",
        "templates": "assets/promptsource/templates (HEAD), t-zero's evaluation template list",
        "rows": a.rows,
        "runtime": {"transformers": transformers.__version__, "torch": torch.__version__, "threads": 1, "dtype": "float32"},
        "items": items,
    }
    os.makedirs(os.path.dirname(a.output), exist_ok=True)
    tmp = a.output + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, ensure_ascii=False, indent=None, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, a.output)
    print(f"{len(items)} items, {sum(len(i['choices']) for i in items)} choice scores -> {a.output}")


if __name__ == "__main__":
    sys.exit(main())
