"""Synthesises examples for a promptsource templates file from the fields its templates use.

infer_fields.py gives each top-level variable a Shape; this module turns shapes into values. Six variants per
file exercise different behaviour: two plain ones, a hard one (unicode, emoji, "|||" inside top-level and
nested strings, floats where ints are expected), a long one (text over 2,048 characters, so truncation
applies), a sparse one (empty lists and strings, missing keys, a restricted 'answer_choices' key on some
files) and an edge one (out-of-range and negative numbers, short lists).
"""
import json
import os
import random

import infer_fields

HARD_STRINGS = [
    "Ünïcödé café — naïve façade, 日本語のテキスト, Ελληνικά, עברית",
    "Emoji time 😍🎉👍🏽 and a flag 🇫🇷 in the middle",
    "pipes ||| inside a field",
    "five pipes ||||| split documents",
    "  leading and trailing whitespace\t\n ",
    "quotes \"double\" and 'single' & <tags> \\ backslash",
    "non-breaking\u00a0space and\u2003em space\u2028line separator",
    "Mixed CASE Title Words",
]
WORDS = ("the model reads a question about history science sports music river city ancient modern quickly "
         "slowly because however answer true false maybe doctor teacher student garden window winter summer "
         "people often write short long stories about friends family travel food weather").split()


def load_sentences(datasets_dir, limit=400):
    out = []
    for root, _, files in sorted(os.walk(datasets_dir)):
        for f in sorted(files):
            if not f.endswith(".jsonl"):
                continue
            with open(os.path.join(root, f), encoding="utf-8") as fh:
                for n, line in enumerate(fh):
                    if n >= 8:
                        break
                    for v in json.loads(line).values():
                        if isinstance(v, str) and 20 <= len(v) <= 400 and " " in v:
                            out.append(v)
    random.Random(0).shuffle(out)
    return out[:limit] or [" ".join(WORDS[:12])]


class Synth:
    def __init__(self, rng, variant, sentences):
        self.rng, self.variant, self.sentences = rng, variant, sentences
        self.generated = {}  # id(shape) -> last value generated for it

    def text(self, shape, long=False):
        s = self.text0(shape, long)
        needed = [c[1] for c in shape.consts if isinstance(c, tuple) and c[0] == "contains"]
        if needed and self.variant != "edge":
            s = s + " " + " ".join(needed)
        return s

    def text0(self, shape, long=False):
        r = self.rng
        strs = [c for c in shape.consts if isinstance(c, str)]
        if strs and r.random() < (0.4 if self.variant in ("edge", "hard") else 0.8):
            return r.choice(strs)
        if self.variant == "hard" and r.random() < 0.7:
            return r.choice(HARD_STRINGS)
        if self.variant == "sparse" and r.random() < 0.5:
            return ""
        if long or (self.variant == "long" and r.random() < 0.7):
            parts = []
            while sum(len(p) + 1 for p in parts) < 2300 + r.randrange(800):
                parts.append(r.choice(self.sentences))
            return " ".join(parts)
        if r.random() < 0.5:
            return r.choice(self.sentences)
        return " ".join(r.choice(WORDS) for _ in range(r.randrange(1, 9)))

    def number(self, shape):
        r = self.rng
        ints = [c for c in shape.consts if isinstance(c, (int, float)) and not isinstance(c, bool)]
        if self.variant == "edge":
            return r.choice([-1, 7, 12, 100, 3.5]) if r.random() < 0.6 else (r.choice(ints) if ints else 0)
        if ints and r.random() < 0.85:
            v = r.choice(ints)
        else:
            v = r.randrange(2) if shape.used_as_index else r.randrange(5)
        if self.variant == "hard" and r.random() < 0.5:
            return float(v)
        return v

    def value(self, shape, depth=0):
        v = self.value0(shape, depth)
        self.generated[id(shape)] = v
        return v

    def value0(self, shape, depth=0):
        r = self.rng
        k = shape.kinds
        if "dict" in k and shape.keys:
            return {key: self.value(s, depth + 1) for key, s in shape.keys.items()
                    if not (self.variant == "sparse" and r.random() < 0.15)}
        looks_like_str = ("sliced" in k and not shape.strong_list and not shape.keys
                          and (shape.elem is None or (not shape.elem.keys and shape.elem.elem is None)))
        if ("list" in k or shape.elem is not None) and not looks_like_str:
            n = max(shape.max_index + 1, 2 + r.randrange(3))
            if self.variant == "sparse" and r.random() < 0.6:
                n = 0
            elif self.variant == "edge" and shape.max_index > 0:
                n = shape.max_index
            elem = shape.elem or infer_fields.Shape()
            return [self.value(elem, depth + 1) for _ in range(n)]
        if "bool" in k:
            return r.random() < 0.5
        if ("num" in k or "int" in k or "float" in k) and "str" not in k:
            return self.number(shape)
        if "int" in k and "str" in k:
            return self.number(shape) if r.random() < 0.5 else self.text(shape)
        return self.text(shape)


def synthesize(sources, n_variants, seed, sentences, restricted_key=False):
    roots = infer_fields.infer(sources)
    variants = ["plain", "plain", "hard", "long", "sparse", "edge"][:n_variants]
    examples = []
    for vi, variant in enumerate(variants):
        rng = random.Random(seed * 100 + vi)
        syn = Synth(rng, variant, sentences)
        ex = {}
        for name, shape in roots.items():
            if variant == "sparse" and rng.random() < 0.2:
                continue  # missing key
            ex[name] = syn.value(shape)
        # a value looked up with list.index(...) should usually be a member of that list
        for name, shape in roots.items():
            for c in shape.consts:
                if isinstance(c, tuple) and c[0] == "member_of" and variant != "edge":
                    target = syn.generated.get(c[1])
                    if isinstance(target, list) and target and name in ex:
                        ex[name] = rng.choice(target)
        if variant == "sparse" and restricted_key:
            ex["answer_choices"] = ["not", "allowed"]
        examples.append(ex)
    return examples
