#!/usr/bin/env python3
"""Python side of `t0sharp bench prompts`: single-thread render throughput with promptsource semantics.

  python3 tools/reference/bench_render.py [--seconds S]

Reads the workload from benchmarks/T0Sharp.Benchmarks/prompts-workload.txt and prints two lines:
  promptsource_apply renders_per_s=...   (Template.apply as promptsource runs it: compiles on every call)
  precompiled        renders_per_s=...   (the same, with each template compiled once: a fairer engine-only figure)
"""
import argparse
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import promptsource_ref as ref  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
ROWS = 10


def workload():
    jobs = []
    for line in open(os.path.join(ROOT, "benchmarks/T0Sharp.Benchmarks/prompts-workload.txt"), encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        path, dataset, subset = line.rstrip("\n").split("\t")
        subset = None if subset == "-" else subset
        data_dir = os.path.join(ROOT, "assets/datasets", path)
        split = sorted(f for f in os.listdir(data_dir) if f.endswith(".jsonl"))[0]
        lines = ref.read_example_lines(os.path.join(data_dir, split))[:ROWS]
        doc = ref.load_templates_file(ref.templates_path(os.path.join(ROOT, "assets/promptsource/templates"), dataset, subset))
        jobs.append((ref.sorted_templates(doc), lines))
    return jobs


def run_once(jobs, apply):
    n = 0
    for templates, lines in jobs:
        for i, line in enumerate(lines):
            example = ref.json.loads(line)
            for t in templates:
                random.seed(i)
                try:
                    apply(t, example)
                except Exception:  # noqa: BLE001
                    pass
                n += 1
    return n


def precompiled_apply():
    cache = {}

    def apply(t, example):
        key = id(t)
        if key not in cache:
            jinja = t["jinja"].replace("}}", " | string | truncate(2048) }}")
            choices = t.get("answer_choices")
            cache[key] = (ref.env.from_string(jinja), ref.env.from_string(choices) if choices is not None else None)
        prompt, choices = cache[key]
        protected = ref.escape_pipe(example)
        if choices is not None:
            protected["answer_choices"] = [ref.unescape_pipe(c.strip()) for c in choices.render(**protected).split("|||")]
        else:
            protected["answer_choices"] = None
        return [ref.unescape_pipe(p).strip() for p in prompt.render(**protected).split("|||")]
    return apply


def measure(jobs, apply, seconds, warm_up=True):
    if warm_up:
        run_once(jobs, apply)
    n, start = 0, time.perf_counter()
    while True:
        n += run_once(jobs, apply)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed, n


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=3.0)
    a = p.parse_args()
    jobs = workload()
    rate, n = measure(jobs, lambda t, e: ref.apply(t, e), a.seconds, warm_up=False)  # compiles every call anyway
    print(f"promptsource_apply renders_per_s={rate:.1f} renders={n}")
    rate, n = measure(jobs, precompiled_apply(), a.seconds)
    print(f"precompiled renders_per_s={rate:.1f} renders={n}")


if __name__ == "__main__":
    main()
