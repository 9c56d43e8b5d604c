#!/usr/bin/env python3
"""Python reference for `t0sharp prompts render`: promptsource's Template.apply semantics, re-implemented.

promptsource itself is not needed (nor installed): this file reproduces its templates.py behaviour with the
same Jinja2 environment (BaseLoader, default Undefined, filters choice / most_frequent / highlight, global zip),
the same pipe protection token, the same `}}` truncation rewrite and the same order of operations (the prompt
is compiled before answer_choices are rendered, so compile-time constant-folded `choice` draws come first).

Usage (same contract and byte-identical output as the C# command):
  python3 tools/reference/promptsource_ref.py render --templates DIR --dataset D [--subset S]
      --input EXAMPLES.jsonl --output OUT.jsonl [--seed N] [--template NAME]...
"""
import argparse
import json
import os
import random
import sys
from collections import Counter

import yaml
from jinja2 import BaseLoader, Environment, meta

TEXT_VAR_LENGTH = 2048
PIPE_PROTECTOR = "3ed2dface8203c4c9dfb1a5dc58e41e0"


def highlight(value):
    return "<span style='color: #F08080'>" + value + "</span>"


def choice(choices):
    return random.choice(choices)


def most_frequent(items):
    if not items:
        return None
    counts = Counter(items).most_common()
    top = counts[0][1]
    return [item for item, count in counts if count == top]


env = Environment(loader=BaseLoader)
env.filters["highlight"] = highlight
env.filters["choice"] = choice
env.filters["most_frequent"] = most_frequent
env.globals.update(zip=zip)


# ---- YAML: !Template / !TemplateMetadata become plain dicts (promptsource sets the attributes verbatim) ----
class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader, node):
    return loader.construct_mapping(node, deep=True)


_Loader.add_constructor("!Template", _mapping)
_Loader.add_constructor("!TemplateMetadata", _mapping)


def load_templates_file(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=_Loader)


def templates_path(templates_dir, dataset, subset):
    parts = [templates_dir, dataset] + ([subset] if subset else []) + ["templates.yaml"]
    return os.path.join(*parts)


def sorted_templates(doc):
    return sorted(doc["templates"].values(), key=lambda t: t["name"])


# ---- promptsource Template methods ----
def escape_pipe(example):
    return {k: (v.replace("|||", PIPE_PROTECTOR) if isinstance(v, str) else v) for k, v in example.items()}


def unescape_pipe(s):
    return s.replace(PIPE_PROTECTOR, "|||")


def answer_choices_list(template, example):
    jinja = template.get("answer_choices")
    if jinja is None:
        return None
    rtemplate = env.from_string(jinja)
    rendered = rtemplate.render(**escape_pipe(example))
    return [unescape_pipe(c.strip()) for c in rendered.split("|||")]


def fixed_answer_choices_list(template):
    jinja = template.get("answer_choices")
    if jinja is None:
        return None
    if meta.find_undeclared_variables(env.parse(jinja)):
        return None
    return [c.strip() for c in env.from_string(jinja).render().split("|||")]


def apply(template, example, truncate=True):
    jinja = template["jinja"]
    if truncate:
        jinja = jinja.replace("}}", f" | string | truncate({TEXT_VAR_LENGTH}) }}}}")
    rtemplate = env.from_string(jinja)
    protected = escape_pipe(example)
    if "answer_choices" in example:
        raise ValueError("Example contains the restricted key 'answer_choices'.")
    protected["answer_choices"] = answer_choices_list(template, example)
    rendered = rtemplate.render(**protected)
    return [unescape_pipe(part).strip() for part in rendered.split("|||")], protected["answer_choices"]


# ---- JSON lines, byte-identical to the C# writer ----
def dumps(obj):
    return json.dumps(obj, ensure_ascii=False)


def render_record(i, template, example):
    try:
        parts, choices = apply(template, example)
        error = None
    except Exception as e:  # noqa: BLE001 - a failing template must not stop the run
        parts, choices, error = [], None, f"{type(e).__name__}: {e}"
    return {"example": i, "template": template["name"], "id": template["id"], "parts": parts,
            "answer_choices": choices, "error": error}


def render_lines(templates, example_lines, seed):
    for i, line in enumerate(example_lines):
        example = json.loads(line)  # one object per line, shared by all its templates (mutations persist)
        for template in templates:
            random.seed(seed + i)
            yield render_record(i, template, example)


def select_templates(doc, names):
    templates = sorted_templates(doc)
    if not names:
        return templates
    by_name = {t["name"]: t for t in templates}
    missing = [n for n in names if n not in by_name]
    if missing:
        raise SystemExit(f"error: no template named {missing[0]!r}")
    wanted = set(names)
    return [t for t in templates if t["name"] in wanted]


def read_example_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line for line in f.read().split("\n") if line.strip()]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("render")
    r.add_argument("--templates", required=True)
    r.add_argument("--dataset", required=True)
    r.add_argument("--subset")
    r.add_argument("--input", required=True)
    r.add_argument("--output", required=True)
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--template", action="append", default=[])
    a = p.parse_args(argv)
    doc = load_templates_file(templates_path(a.templates, a.dataset, a.subset))
    templates = select_templates(doc, a.template)
    lines = read_example_lines(a.input)
    tmp = a.output + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as out:
        for rec in render_lines(templates, lines, a.seed):
            out.write(dumps(rec) + "\n")
    os.replace(tmp, a.output)


if __name__ == "__main__":
    sys.exit(main())
