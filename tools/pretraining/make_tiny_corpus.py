"""Writes assets/pretraining/tiny-corpus.txt: a small, made-up raw-text corpus for the tiny pretraining configs
and tests (short paragraphs about an invented valley, separated by blank lines), and tiny-corpus-validation.txt:
20 more paragraphs of the same world, held out. Deterministic; no inputs.
    python3 tools/pretraining/make_tiny_corpus.py
"""
import random
from pathlib import Path

rng = random.Random(14)
towns = ["Arlen", "Brisk", "Coldwater", "Dunmore", "Elmridge", "Fallow", "Greystone", "Hollin"]
goods = ["apples", "wool", "salt", "timber", "honey", "copper", "barley", "cheese"]
animals = ["goats", "geese", "oxen", "sheep", "ponies", "bees"]
colors = ["red", "blue", "green", "yellow", "white", "brown"]
seasons = ["spring", "summer", "autumn", "winter"]
rivers = ["the Tamsin", "the Orle", "the Vey"]

facts = {t: (rng.choice(goods), rng.choice(animals), rng.choice(colors), rng.choice(rivers)) for t in towns}

def paragraph():
    t = rng.choice(towns)
    good, animal, color, river = facts[t]
    other = rng.choice([x for x in towns if x != t])
    season = rng.choice(seasons)
    sentences = [
        f"The town of {t} lies on {river}.",
        f"People in {t} trade {good} with the market at {other}.",
        f"In {season} the farmers of {t} keep {animal} on the hills.",
        f"Every door in {t} is painted {color}.",
        f"A traveller from {other} once said that the {good} of {t} was the best in the valley.",
        f"When the road to {other} floods, the people of {t} wait for the water to fall.",
    ]
    rng.shuffle(sentences)
    return " ".join(sentences[: rng.randint(3, 5)])

out = Path(__file__).resolve().parents[2] / "assets" / "pretraining" / "tiny-corpus.txt"
paragraphs = [paragraph() for _ in range(160)]
# Some paragraphs span two lines, to exercise blank-line-separated documents.
lines = []
for i, p in enumerate(paragraphs):
    if i % 5 == 0:
        cut = p.find(". ") + 1
        lines.append(p[:cut] + "\n" + p[cut + 1:])
    else:
        lines.append(p)
out.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
print(out, len(paragraphs), "paragraphs")
held_out = [paragraph() for _ in range(20)]
validation = out.with_name("tiny-corpus-validation.txt")
validation.write_text("\n\n".join(held_out) + "\n", encoding="utf-8")
print(validation, len(held_out), "paragraphs")
