"""promptsource's Jinja environment (templates.py), shared by the reference scripts."""
import random
from collections import Counter

from jinja2 import BaseLoader, Environment


def most_frequent(items):
    """promptsource's most_frequent filter."""
    if not items:
        return
    item_counts = Counter(items).most_common()
    max_freq = item_counts[0][1]
    return [c[0] for c in item_counts if c[1] == max_freq]


def choice(choices):
    return random.choice(choices)


def make_env():
    env = Environment(loader=BaseLoader)
    env.globals.update(zip=zip)
    env.filters["highlight"] = lambda x: x  # UI-only in promptsource; identity here
    env.filters["choice"] = choice
    env.filters["most_frequent"] = most_frequent
    return env
