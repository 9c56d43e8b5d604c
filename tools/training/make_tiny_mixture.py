"""Writes configs/data/tiny-{train,validation}.jsonl: a small rendered prompted mixture (4 tasks x 2 prompts) for the
tiny CPU config and the training tests. Each line: {"task", "inputs", "targets", "answer_choices"}.
Deterministic (seeded). Run: python3 tools/training/make_tiny_mixture.py"""
import json, random, os

NAMES = ["Alice", "Bob", "Emma", "Tom", "Mia", "Leo", "Sara", "Sam"]
COLORS = ["red", "blue", "green", "yellow", "black", "white"]
OBJECTS = ["ball", "book", "cup", "hat", "kite", "pen"]
ANIMALS = ["ant", "mouse", "cat", "dog", "sheep", "horse", "cow", "elephant"]  # by size
POS = ["great", "wonderful", "lovely", "excellent", "fun"]
NEG = ["terrible", "awful", "boring", "dreadful", "bad"]
NUMS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

def sentiment(r):
    good = r.random() < 0.5
    w = r.choice(POS if good else NEG)
    thing = r.choice(["movie", "book", "meal", "song"])
    label = "positive" if good else "negative"
    text = f"The {thing} was {w}."
    prompts = [f"Review: {text} Is this review positive or negative?", f"{text} How does the reviewer feel? positive or negative?"]
    return r.randrange(2), prompts, label, ["positive", "negative"]

def color(r):
    n, c, o = r.choice(NAMES), r.choice(COLORS), r.choice(OBJECTS)
    prompts = [f"{n} has a {c} {o}. What color is the {o}?", f"Story: {n} bought a {c} {o}. Question: which color was it?"]
    return r.randrange(2), prompts, c, list(COLORS)

def bigger(r):
    a, b = r.sample(ANIMALS, 2)
    big = a if ANIMALS.index(a) > ANIMALS.index(b) else b
    prompts = [f"Which is bigger, a {a} or a {b}?", f"Pick the larger animal: {a} or {b}."]
    return r.randrange(2), prompts, big, [a, b]

def plus(r):
    a, b = r.randrange(5), r.randrange(5)
    prompts = [f"What is {NUMS[a]} plus {NUMS[b]}?", f"Add {NUMS[a]} and {NUMS[b]}. The sum is"]
    return r.randrange(2), prompts, NUMS[a + b], NUMS[:9]

TASKS = {"sentiment": sentiment, "color": color, "bigger": bigger, "plus": plus}

def write(path, per_task, seed):
    r = random.Random(seed)
    rows = []
    for name, f in TASKS.items():
        for _ in range(per_task):
            k, prompts, target, choices = f(r)
            rows.append({"task": f"{name}_prompt{k}", "inputs": prompts[k], "targets": target, "answer_choices": choices})
    r.shuffle(rows)
    with open(path, "w") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")

root = os.path.join(os.path.dirname(__file__), "..", "..", "configs", "data")
write(os.path.join(root, "tiny-train.jsonl"), 400, 1)
write(os.path.join(root, "tiny-validation.jsonl"), 16, 2)
