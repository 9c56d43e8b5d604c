"""PyYAML's reading of the bundled xP3 prompt collections (assets/promptsource/xp3/{tr13,xp3mt}/templates), as
promptsource loads them (yaml.load; the last of two equal ids wins; only files named templates.yaml). Writes
tests/TestData/xp3/templates.jsonl.gz: one line per template with collection, dataset, subset, id, name, jinja,
answer_choices and original_task, for Xp3CollectionTests. Needs PyYAML only.

    python3 tools/reference/xp3_templates_ref.py
"""
import gzip
import json
import os

import yaml


class Loader(yaml.SafeLoader):
    pass


Loader.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_mapping(node, deep=True))

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
OUT = os.path.join(ROOT, "tests", "TestData", "xp3", "templates.jsonl.gz")


def main():
    lines = []
    for collection in ("tr13", "xp3mt"):
        base = os.path.join(ROOT, "assets", "promptsource", "xp3", collection, "templates")
        for folder, _, files in sorted(os.walk(base)):
            if "templates.yaml" not in files:
                continue
            rel = os.path.relpath(folder, base).split(os.sep)
            with open(os.path.join(folder, "templates.yaml"), encoding="utf-8") as f:
                doc = yaml.load(f, Loader=Loader)
            if len(rel) == 3:
                dataset, subset = "/".join(rel[:2]), rel[2]
            elif len(rel) == 2 and doc.get("subset"):
                dataset, subset = rel[0], rel[1]
            else:
                dataset, subset = "/".join(rel), None
            for tid, t in sorted(doc["templates"].items()):
                lines.append(json.dumps({
                    "collection": collection, "dataset": dataset, "subset": subset, "id": t["id"], "name": t["name"],
                    "jinja": t["jinja"], "answer_choices": t.get("answer_choices"),
                    "original_task": bool((t.get("metadata") or {}).get("original_task")),
                }, ensure_ascii=False))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{len(lines)} templates -> {OUT}")


if __name__ == "__main__":
    main()
