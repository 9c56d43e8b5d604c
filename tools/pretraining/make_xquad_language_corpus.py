"""Writes a plain-text corpus of one XQuAD language's paragraphs (one paragraph per line, duplicates removed, file
order) for language adaptation: the first TRAIN paragraphs to train.txt, the next VALID to validation.txt.

  python3 tools/pretraining/make_xquad_language_corpus.py ../shared/datasets/xquad/xquad.el/validation.jsonl \
      assets/pretraining/xquad-el 120 20
"""
import json
import os
import sys

src, out, train, valid = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
paragraphs = []
with open(src, encoding="utf-8") as f:
    for line in f:
        context = " ".join(json.loads(line)["context"].split())  # one line per paragraph
        if context not in paragraphs:
            paragraphs.append(context)
os.makedirs(out, exist_ok=True)
for name, part in (("train.txt", paragraphs[:train]), ("validation.txt", paragraphs[train:train + valid])):
    with open(os.path.join(out, name), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(part) + "\n")
print(f"{len(paragraphs)} paragraphs; wrote {min(train, len(paragraphs))} + {len(paragraphs[train:train + valid])}")
