#!/usr/bin/env python3
"""Regenerates the conformance golden files in tests/T0Sharp.Prompts.Tests/Golden/ (run from the repository root).

  python3 tools/reference/make_golden.py

templates.jsonl.gz: every template of assets/promptsource/templates (HEAD) and v0.1.0 as PyYAML loads it,
                    plus its fixed answer choices.
render.jsonl.gz:    groups of {collection, dataset, subset, source, seed, inputs, outputs}; inputs are example
                    JSON lines (real rows from assets/datasets where the dataset is there, synthesised ones for
                    every file) and outputs are the JSON lines `promptsource_ref.py render` writes for them.
"""
import gzip
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import copy  # noqa: E402

import example_overrides  # noqa: E402
import make_examples  # noqa: E402
import promptsource_ref as ref  # noqa: E402

ASSETS = "assets"
OUT = "tests/T0Sharp.Prompts.Tests/Golden"
COLLECTIONS = {"head": f"{ASSETS}/promptsource/templates", "v0.1.0": f"{ASSETS}/promptsource/v0.1.0/templates"}
# assets/datasets/<dataset>/<config> -> (template dataset, subset)
REAL = {
    "ag_news/default": ("ag_news", None), "anli/plain_text": ("anli", None),
    "commonsense_qa/default": ("commonsense_qa", None), "cos_e/v1.11": ("cos_e", "v1.11"),
    "glue/mrpc": ("glue", "mrpc"), "hellaswag/default": ("hellaswag", None), "imdb/plain_text": ("imdb", None),
    "ropes/plain_text": ("ropes", None), "rotten_tomatoes/default": ("rotten_tomatoes", None),
    "social_i_qa/default": ("social_i_qa", None), "super_glue/boolq": ("super_glue", "boolq"),
    "super_glue/cb": ("super_glue", "cb"), "super_glue/copa": ("super_glue", "copa"),
    "super_glue/rte": ("super_glue", "rte"), "super_glue/wic": ("super_glue", "wic"),
    "super_glue/wsc.fixed": ("super_glue", "wsc.fixed"), "trec/default": ("trec", None),
    "winogrande/winogrande_xl": ("winogrande", "winogrande_xl"), "xnli/en": ("xnli", "en"),
}
USER_NAMESPACES = {"Zaid", "craffel"}


def template_files(root):
    for ds in sorted(os.listdir(root)):
        d = os.path.join(root, ds)
        if os.path.isfile(os.path.join(d, "templates.yaml")):
            yield ds, None, os.path.join(d, "templates.yaml")
            continue
        for sub in sorted(os.listdir(d)):
            f = os.path.join(d, sub, "templates.yaml")
            if os.path.isfile(f):
                yield (f"{ds}/{sub}", None, f) if ds in USER_NAMESPACES else (ds, sub, f)


def sources(doc):
    ts = doc["templates"].values()
    return [(t["jinja"], t.get("answer_choices")) for t in ts] + [t["answer_choices"] for t in ts if t.get("answer_choices")]


def real_lines(path):
    lines = [l for l in open(path, encoding="utf-8").read().split("\n") if l.strip()]
    picked = lines[:3] + [max(lines, key=len)]
    return list(dict.fromkeys(picked))


def render_group(collection, dataset, subset, source, seed, doc, inputs):
    outputs = [ref.dumps(rec) for rec in ref.render_lines(ref.sorted_templates(doc), inputs, seed)]
    return {"collection": collection, "dataset": dataset, "subset": subset, "source": source, "seed": seed,
            "inputs": inputs, "outputs": outputs}


def main():
    sentences = make_examples.load_sentences(f"{ASSETS}/datasets")
    os.makedirs(OUT, exist_ok=True)
    groups, template_rows = [], []
    for collection, root in COLLECTIONS.items():
        for n, (dataset, subset, path) in enumerate(template_files(root)):
            doc = ref.load_templates_file(path)
            rel = os.path.relpath(path, root)
            for t in ref.sorted_templates(doc):
                random.seed(0)
                try:
                    fixed = ref.fixed_answer_choices_list(t)
                except Exception as e:  # noqa: BLE001
                    fixed = f"error: {type(e).__name__}"
                template_rows.append({"collection": collection, "file": rel, "dataset": dataset, "subset": subset,
                                      "id": t["id"], "name": t["name"], "jinja": t["jinja"],
                                      "answer_choices": t.get("answer_choices"), "reference": t.get("reference", ""),
                                      "metadata": t.get("metadata"), "fixed_answer_choices": fixed})
            examples = make_examples.synthesize(sources(doc), 6, n + (1000 if collection != "head" else 0),
                                                sentences, restricted_key=(n % 10 == 3))
            for patch in example_overrides.PATCHES.get(dataset + (f"/{subset}" if subset else ""), []):
                ex = copy.deepcopy(examples[0])
                ex.update(patch)
                examples.append(ex)
            inputs = [json.dumps(e, ensure_ascii=False) for e in examples]
            groups.append(render_group(collection, dataset, subset, "synthetic", 7, doc, inputs))
            for real, (rds, rsub) in REAL.items():
                if (rds, rsub) != (dataset, subset):
                    continue
                real_dir = f"{ASSETS}/datasets/{real}"
                for split in sorted(os.listdir(real_dir)):
                    lines = real_lines(os.path.join(real_dir, split))
                    groups.append(render_group(collection, dataset, subset, f"real:{real}/{split}", 0, doc, lines))
                    if "-" in lines[0]:  # trec: t-zero renames hyphenated keys before applying templates
                        renamed = [json.dumps({k.replace("-", "_"): v for k, v in json.loads(l).items()},
                                              ensure_ascii=False) for l in lines]
                        groups.append(render_group(collection, dataset, subset, f"real-renamed:{real}/{split}",
                                                   0, doc, renamed))
    write_gz(os.path.join(OUT, "templates.jsonl.gz"), template_rows)
    write_gz(os.path.join(OUT, "render.jsonl.gz"), groups)
    records = [json.loads(o) for g in groups for o in g["outputs"]]
    errors = sum(1 for r in records if r["error"])
    print(f"{len(template_rows)} templates, {len(groups)} groups, {len(records)} renders, {errors} errors")


def write_gz(path, rows):
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        for row in rows:
            f.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))


if __name__ == "__main__":
    main()
