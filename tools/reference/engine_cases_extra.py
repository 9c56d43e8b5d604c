"""Golden cases for two engine behaviours outside engine_cases.py's set (issue 15):

- a `{% for x in xs if cond %}` filter is evaluated lazily, item by item, as Jinja2 does: when the loop body
  changes what the condition reads (a list it appends to), later items see the change; `loop.last`, `loop.length`,
  `loop.nextitem` and `loop.revindex` look ahead (Jinja2 peeks at, or exhausts, the filtered iterator);
- Python integers are unbounded: a field holding 10**20 behaves as in Python (arithmetic, comparison, string
  conversion, filters).

Output: tests/TestData/golden/jinja-lazy-filter-bigint/golden.json in engine_cases.json's format
({"jinja2", "variable_sets", "cases": [{"id", "template", "variables", "seed", "output", "error", "message"}]}).
Run from anywhere: python3 tools/reference/engine_cases_extra.py  (needs Jinja2 3.1.6)."""
import json
import os
import sys

import jinja2

sys.path.insert(0, os.path.dirname(__file__))
from engine_cases import run  # noqa: E402

# Integers beyond 64 bits arrive from JSON inputs; json.dump writes them as plain integer literals.
B = {
    "big": 10**20, "nbig": -(10**20), "huge": 2**100, "i64max": 2**63 - 1, "i64min": -(2**63), "small": 7,
    "bigs": [10**20, 3, -(10**19), 2**64], "f": 2.5, "s": "x", "xs": [1, 2, 3, 4, 5, 6], "words": ["a", "b", "a", "c", "b", "d"],
}

LAZY = [
    # The body appends to the list the filter reads: later items see it.
    "{% set seen = [] %}{% for w in words if w not in seen %}{{ w }}{% set _ = seen.append(w) %}{% endfor %}",
    "{% set seen = [] %}{% for w in words if w not in seen %}{{ w }}{{ seen.append(w) or '' }}{% endfor %}|{{ seen }}",
    "{% set acc = [] %}{% for x in xs if acc | length < 3 %}{{ x }}{% set _ = acc.append(x) %}{% endfor %}|{{ acc }}",
    "{% set acc = [] %}{% for x in xs if acc | sum < 6 %}{{ x }},{% set _ = acc.append(x) %}{% endfor %}",
    # Jinja2 peeks one item ahead for loop.last / loop.nextitem, so the next condition runs before the body.
    "{% set seen = [] %}{% for w in words if w not in seen %}{{ w }}{{ loop.last }}{% set _ = seen.append(w) %};{% endfor %}",
    "{% set seen = [] %}{% for w in words if w not in seen %}{% set _ = seen.append(w) %}{{ w }}{{ loop.nextitem }};{% endfor %}",
    # loop.length / revindex exhaust the filtered iterator on first use.
    "{% set seen = [] %}{% for w in words if w not in seen %}{{ w }}{{ loop.length }}{% set _ = seen.append(w) %};{% endfor %}",
    "{% set seen = [] %}{% for w in words if w not in seen %}{% set _ = seen.append(w) %}{{ w }}{{ loop.revindex }};{% endfor %}",
    "{% set seen = [] %}{% for w in words if w not in seen %}{{ loop.index }}{{ loop.first }}{{ loop.previtem }}{% set _ = seen.append(w) %};{% endfor %}",
    # A filter that keeps nothing (after the body's change) falls to else only when nothing at all was kept.
    "{% set stop = [] %}{% for x in xs if not stop %}{{ x }}{% set _ = stop.append(1) %}{% else %}none{% endfor %}",
    "{% for x in xs if x > 10 %}{{ x }}{% else %}none{% endfor %}",
    "{% set seen = [] %}{% for w in words if w not in seen %}{{ loop.cycle('<', '>') }}{{ w }}{% set _ = seen.append(w) %}{% endfor %}",
    # Nested: the inner filter reads the outer body's list.
    "{% set seen = [] %}{% for a in [words, words] %}[{% for w in a if w not in seen %}{{ w }}{% set _ = seen.append(w) %}{% endfor %}]{% endfor %}",
]

BIG = [
    "{{ big }}", "{{ nbig }}", "{{ huge }}", "{{ big + 1 }}", "{{ big - 1 }}", "{{ big * 2 }}", "{{ big * big }}",
    "{{ big // 3 }}", "{{ big % 7 }}", "{{ nbig // 3 }}", "{{ nbig % 7 }}", "{{ big / 4 }}", "{{ big / 3 }}",
    "{{ -big }}", "{{ +big }}", "{{ big ** 2 }}", "{{ 2 ** 70 }}", "{{ 10 ** 20 == big }}", "{{ i64max + 1 }}",
    "{{ i64min - 1 }}", "{{ i64max * i64max }}", "{{ -i64min }}", "{{ i64min // -1 }}", "{{ big + 0.5 }}",
    "{{ big * 1.0 }}", "{{ big > small }}", "{{ big < huge }}", "{{ big == 10 ** 20 }}", "{{ big != big + 1 }}",
    "{{ big >= 100000000000000000000 }}", "{{ big == 1e20 }}", "{{ big > 1e19 }}", "{{ big ~ '' }}", "{{ 'n=' ~ big }}",
    "{{ big | string }}", "{{ big | string | length }}", "{{ big | int }}", "{{ big | float }}", "{{ big | abs }}",
    "{{ nbig | abs }}", "{{ big | round }}", "{{ bigs | sum }}", "{{ bigs | max }}", "{{ bigs | min }}",
    "{{ bigs | sort }}", "{{ bigs | sort(reverse=true) | first }}", "{{ bigs }}", "{{ bigs | join(',') }}",
    "{{ big is number }}", "{{ big is integer }}", "{{ big is divisibleby 3 }}",
    "{{ big is divisibleby 5 }}", "{{ big is even }}", "{{ huge is odd }}", "{{ big | tojson }}", "{{ [big] | tojson }}",
    "{{ '%d' % big }}", "{{ '%s' % big }}", "{{ '{:,}'.format(big) }}", "{{ '{}'.format(huge) }}", "{{ big | format }}",
    "{{ '%d items' | format(big) }}", "{{ big in bigs }}", "{{ bigs.index(2 ** 64) }}",
    "{{ big if big else 'zero' }}", "{{ big and 'yes' }}", "{{ (big - big) or 'zero' }}",
    "{{ xs[big] }}", "{{ 'abc' * big }}", "{{ big | int + 1 }}", "{{ '100000000000000000000' | int + 1 }}",
    "{{ '123456789012345678901234567890' | int }}", "{{ big | center(30) }}", "{{ big | list }}",
    "{{ {big: 'v'}[10 ** 20] }}", "{{ [big, small] | unique | list }}",
]


def main():
    assert jinja2.__version__ == "3.1.6", jinja2.__version__
    out = []
    for t in LAZY + BIG:
        out.append({"id": len(out), "template": t, "variables": "B", "seed": None, **run(t, B, None)})
    path = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "TestData", "golden", "jinja-lazy-filter-bigint", "golden.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"jinja2": jinja2.__version__, "variable_sets": {"B": B}, "cases": out}, f, ensure_ascii=True, indent=0)
    errors = sum(1 for c in out if c["error"])
    print(f"{len(out)} cases ({errors} errors) -> {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
