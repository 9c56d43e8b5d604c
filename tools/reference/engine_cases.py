"""Generates the engine's golden cases: tests/T0Sharp.Prompts.Tests/Jinja/Golden/engine_cases.json.

File: {"variable_sets": {name: JSON object (ints stay ints, floats floats)}, "cases": [...]}.
Each case: {"id", "template", "variables" (name of a variable set), "seed" (null or int),
"output" (string or null), "error" (Python exception class name or null), "message"}.
Python side per case: random.seed(seed) if seed is not None; env.from_string(template) (compile-time draws);
render(**variables). Run: python3 tools/reference/engine_cases.py  (needs Jinja2 3.1.6)."""
import copy
import json
import os
import random
import sys

import jinja2
from jinja2 import TemplateSyntaxError

sys.path.insert(0, os.path.dirname(__file__))
from engine_env import make_env  # noqa: E402

V = {
    "s": "Hello World", "e": "", "n": 5, "f": 2.5, "neg": -7, "zero": 0, "big": 12345678901234,
    "l": ["a", "b", "c"], "nums": [3, 1, 2], "fl_list": [1.5, 0.25, 2.0], "d": {"a": 1, "b": "x"},
    "nested": {"text": ["t1", "t2"], "answer_start": [0, 5]}, "u": "h\u00e9llo w\u00f6rld \u00df \u01c6 \u0130",
    "emoji": "a\U0001F600b\U0001F600c", "ws": "  \t spaced \n\x1c ", "none": None, "t": True, "fl": False,
    "mixed": ["b", "B", "a", "A"], "people": [{"name": "Ann", "age": 30}, {"name": "bob", "age": 25}, {"name": "Cy", "age": 30}],
    "empty_list": [], "empty_dict": {}, "pipes": "a ||| b", "long": "word " * 600, "num_str": "3.7", "int_str": " 42 ",
    "sent": "The quick brown fox jumps over the lazy dog", "choices": ["yes", "no", "maybe"], "fnum": 3.0,
    "matrix": [[1, 2], [3, 4]], "words": ["apple", "Banana", "cherry", "apple"], "fsmall": 1e-05, "fbig": 1e16,
    "qs": {"text": ["q1", "q2", "q3"], "id": [1, 2, 3]}, "tokens": ["a", "", "b", ""],
}

CASES = []


def case(template, variables=None, seed=None):
    CASES.append((template, V if variables is None else variables, seed))


def many(*templates, variables=None, seed=None):
    for t in templates:
        case(t, variables, seed)


# --- output and printing -------------------------------------------------------------------------------
many("plain text", "", "\n", "a\n", "a\n\n", "a\r\nb", "{{ s }}", "{{ n }}", "{{ f }}", "{{ neg }}", "{{ none }}",
     "{{ t }}", "{{ fl }}", "{{ l }}", "{{ d }}", "{{ nested }}", "{{ people }}", "{{ fnum }}", "{{ fsmall }}",
     "{{ fbig }}", "{{ 1e15 }}", "{{ 0.1 + 0.2 }}", "{{ 1/3 }}", "{{ 2/3 }}", "{{ 10/2 }}", "{{ 1e100 }}", "{{ -0.0 }}",
     "{{ 123456789.123456789 }}", "{{ 0.0001 }}", "{{ 0.00012345 }}", "{{ 1.5e-7 }}", "{{ 100.0 }}", "{{ 3.14159 }}",
     "{{ big }}", "{{ big * 1.0 }}", "{{ missing }}", "{{ (1, 'a') }}", "{{ (1,) }}", "{{ () }}", "{{ 1, 2 }}",
     "{{ {'k': [1, 2.0, None, True]} }}", "{{ [\"it's\"] }}", "{{ ['a\"b'] }}", "{{ ['it\\'s \"q\"'] }}",
     "{{ ['\\n\\t\\\\'] }}", "{{ [u] }}", "{{ [emoji] }}", "{{ ['\\x00\\x7f\\x85\\xa0\\u200b'] }}", "{{ {1: 'a', 2.5: None} }}",
     "{{ range(3) }}", "{{ range(1, 10, 2) }}", "{{ d.keys() }}", "{{ d.values() }}", "{{ d.items() }}",
     "{{ namespace(a=1) }}", "{{ dict(a=1, b=[2]) }}", "<b>&amp;'\"</b>{{ '<i>' }}", "{{ [1.0, 2.50, -3.25e-10] }}",
     "{{ 'a' 'b' }}", "{{ 'x' ~ 1 ~ none ~ 2.0 ~ l }}", "{{ missing ~ 'x' }}", "{{ 7 // 2 }}, {{ -7 // 2 }}, {{ 7.5 // 2 }}",
     "{{ 2 ** 10 }}, {{ 2 ** -1 }}, {{ 2.0 ** 3 }}", "{{ 7 % 3 }}, {{ -7 % 3 }}, {{ 7 % -3 }}, {{ 7.5 % 2 }}, {{ -7.5 % 2 }}",
     "{{ 1 + 2 * 3 - 4 }}", "{{ (1 + 2) * 3 }}", "{{ -n }}, {{ +n }}, {{ - -n }}", "{{ 1 + 1.0 }}", "{{ t + 1 }}",
     "{{ s * 2 }}", "{{ 3 * 'ab' }}", "{{ l * 2 }}", "{{ l + nums }}", "{{ s + '!' }}", "{{ 'a' * 0 }}|{{ 'a' * -1 }}",
     "{{ 0x1F }}, {{ 0o17 }}, {{ 0b101 }}, {{ 1_000 }}", "{{ 1.5e3 }}, {{ 2E-3 }}")

# --- errors in expressions ------------------------------------------------------------------------------
many("{{ s + 1 }}", "{{ 1 + s }}", "{{ l + 'x' }}", "{{ n / 0 }}", "{{ n // 0 }}", "{{ n % 0 }}", "{{ 1.0 / 0 }}",
     "{{ missing + 1 }}", "{{ missing.attr }}", "{{ missing[0] }}", "{{ missing() }}", "{{ s() }}", "{{ -s }}",
     "{{ s < 1 }}", "{{ l < 'a' }}", "{{ none < 1 }}", "{{ missing < 1 }}", "{{ d < d }}", "{{ s - 'a' }}",
     "{{ s * s }}", "{{ s * 1.5 }}", "{{ 1 in s }}", "{{ 'a' in n }}", "{{ [] in d }}", "{{ l.nope() }}",
     "{{ s.nope() }}", "{{ d.items().x }}", "{{ n.real }}", "{{ none.x }}", "{{ none[0] }}", "{{ d.nope.deeper }}")

# --- comparisons, logic, membership ----------------------------------------------------------------------
many("{{ 1 == 1.0 }} {{ '1' == 1 }} {{ t == 1 }} {{ none == none }} {{ missing == none }} {{ missing != -1 }}",
     "{{ missing == missing }} {{ l == ['a','b','c'] }} {{ d == {'b': 'x', 'a': 1} }} {{ (1,2) == [1,2] }}",
     "{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ 'a' < 'b' }} {{ 'B' < 'a' }} {{ [1, 2] < [1, 3] }} {{ [1] < [1, 0] }}",
     "{{ 1 < 1.5 }} {{ n >= 5 }} {{ n <= 4.9 }} {{ f > 2 }}",
     "{{ 'a' in l }} {{ 'z' not in l }} {{ 'ell' in s }} {{ 'a' in d }} {{ 1 in nums }} {{ 1.0 in nums }} {{ 'x' in missing }}",
     "{{ n and s }}|{{ zero and s }}|{{ e or 'dflt' }}|{{ s or 'dflt' }}|{{ none or e }}|{{ missing or 'm' }}|{{ not n }}|{{ not e }}",
     "{{ l and l[0] }}|{{ empty_list or 'empty' }}|{{ empty_dict and 1 }}",
     "{{ 'yes' if t else 'no' }}{{ 'yes' if fl else 'no' }}{{ 'only' if fl }}|{{ (1 if n > 3 else 2) + 1 }}",
     "{{ s if missing else 'fallback' }}", "{{ 'a' if 'x' in s else 'b' if n else 'c' }}",
     "{% if missing %}a{% elif n == 5 %}b{% else %}c{% endif %}", "{% if l %}L{% endif %}{% if empty_list %}E{% endif %}",
     "{% if not missing %}nm{% endif %}", "{% if n > 3 and s %}both{% endif %}", "{% if zero == 0.0 %}z{% endif %}",
     "{% if fsmall %}{{ fsmall }}{% endif %}", "{% if 'a' == 'a' %}{% if fl %}x{% else %}y{% endif %}{% endif %}")

# --- whitespace control, comments, raw data -----------------------------------------------------------------
many("a  {%- if t %}  b  {%- endif %}  c", "a  {% if t -%}  \n b \n {%- endif %}  c", "{# comment #}x{#- c -#}  y",
     "  {#- c #}  z", "line1\n{% if t %}\nline2\n{% endif %}\nline3\n", "  {% for x in l %}\n  {{ x }}\n  {% endfor %}\n",
     "x {{- s -}} y", "a\n\n\nb\n", "tab\there", "{{ s }}\n", "{{ s }}\n\n", "{% for x in l -%}\n{{ x }}\n{%- endfor %}",
     "{%- if t -%}  \n\t yes \n\t {%- endif -%}", "a {#\nmultiline\ncomment\n#} b", "{{ '{{' }} {{ '}}' }} {{ '{%' }}",
     "{ not a tag } {x} %} }}", "{%+ if t %}a{% endif %}", "trailing ws   \n", "{% if t %}a{% endif -%}\n\n\nb")

# --- string literals and escapes ------------------------------------------------------------------------
many("{{ 'a\\nb' }}", "{{ 'a\\\\nb' }}", "{{ \"say \\\"hi\\\"\" }}", "{{ 'tab\\tx' }}", "{{ '\\x41\\u00e9\\U0001F600' }}",
     "{{ '\\101' }}", "{{ '\\q' }}", "{{ 'line\\\ncont' }}", "{{ 'caf\u00e9' }}", "{{ 'emoji \U0001F60D' | length }}",
     "{{ s.replace('\\n', ' ') }}", "{{ 'a\\\\b' | replace('\\\\', '/') }}")

# --- variables, attributes, items, slices ---------------------------------------------------------------
many("{{ d.a }} {{ d['b'] }} {{ d.c }}|{{ d['c'] }}|", "{{ l.0 }} {{ l.2 }} {{ l.3 }}|{{ l[-1] }} {{ l[5] }}|",
     "{{ nested.text.0 }} {{ nested.text[1] }} {{ nested['answer_start'][1] }}", "{{ people[1].name }} {{ people.0['age'] }}",
     "{{ s[0] }} {{ s[-1] }} {{ s[100] }}|{{ s[1:4] }} {{ s[:5] }} {{ s[6:] }} {{ s[-5:] }} {{ s[::2] }} {{ s[::-1] }}",
     "{{ l[1:] }} {{ l[:-1] }} {{ l[5:] }} {{ l[-100:100] }} {{ l[::-1] }} {{ l[2:0:-1] }}", "{{ emoji[1] }}|{{ emoji[1:4] }}|{{ emoji|length }}|{{ emoji[-1] }}",
     "{{ u|length }} {{ u[1] }} {{ u[-3:] }}", "{{ s[n:n+3] }} {{ l[n-4] }} {{ l[zero] }} {{ l[t] }}", "{{ l['x'] }}|{{ l[1.0] }}|{{ d[1] }}|{{ s['a'] }}",
     "{{ d['items'] }}", "{{ d.items }}", "{{ l.append }}", "{{ d[none] }}", "{{ s[1:'a'] }}", "{{ n[0] }}|{{ n.x }}",
     "{{ l[1:2:0] }}", "{{ d[1:2] }}", "{{ range(10)[2:5] }} {{ range(10)[3] }}", "{{ matrix[1][0] }} {{ matrix.1.1 }}",
     "{{ qs.text[qs.id.index(2)] }}", "{{ l[nums[1]] }}", "{{ l[n % 2] }}", "{{ l[n - 6] }}", "{{ l[(n > 3) | int] }}")

# --- set, scoping, namespace ---------------------------------------------------------------------------------
many("{% set x = 1 %}{{ x }}", "{% set x, y = 1, 2 %}{{ x }}{{ y }}", "{% set x, y = 'ab' %}{{ y }}{{ x }}",
     "{% set x, y = [1, 2, 3] %}{{ x }}", "{% set x = l %}{% set _ = x.append('d') %}{{ l }}",
     "{% set a = 0 %}{% for i in nums %}{% set a = a + i %}{{ a }},{% endfor %}{{ a }}",
     "{% for i in nums %}{% set inner = i %}{% endfor %}[{{ inner }}]",
     "{% if t %}{% set x = 'in-if' %}{% endif %}{{ x }}", "{% if fl %}{% set s = 'changed' %}{% endif %}{{ s }}",
     "{% if t %}{% set s = 'changed' %}{% else %}{% set s = 'other' %}{% endif %}{{ s }}",
     "{% set ns = namespace(total=0) %}{% for i in nums %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}",
     "{% set ns = namespace(items=[]) %}{% for x in l %}{{ ns.items.append(x|upper) or '' }}{% endfor %}{{ ns.items }}",
     "{% set ns = namespace() %}{% set ns.a = 5 %}{{ ns.a }}{{ ns.b }}|", "{% set notns = {} %}{% set notns.a = 1 %}",
     "{% for x in l %}{% set x = x|upper %}{{ x }}{% endfor %}{{ x }}",
     "{% for i in nums %}{{ s }}{% set s = i %}{% endfor %}|{{ s }}",
     "{% for i in nums %}{{ q }}{% set q = i %}{% endfor %}", "{% for i in nums %}{{ n }}{% set n = i %}{% endfor %}",
     "{% for i in nums %}{{ s }}{% set s = i %}{% endfor %}", "{% set s = 'top' %}{% for i in nums %}{{ s }}{% set s = i %}{% endfor %}{{ s }}",
     "{% for i in nums %}{% if i > 1 %}{% set w = i %}{% endif %}{{ w }},{% endfor %}",
     "{% for i in [1, 2] %}{% for j in [3, 4] %}{% set k = i * j %}{{ k }} {% endfor %}{{ k }}|{% endfor %}",
     "{% set x = 5 %}{% for i in [1] %}{% set x = x + 1 %}{{ x }}{% endfor %}{{ x }}",
     "{% for i in [1, 2] %}{{ y }}{% set y = 'set' %}{{ y }}{% endfor %}",
     "{{ u2 }}{% set u2 = 'late' %}{{ u2 }}", "{% set d2 = {} %}{% set _ = d2.update({'k': 1}) %}{{ d2 }}",
     "{% set x %}block {{ s }}{% endset %}[{{ x }}]", "{% set x | upper %}block {{ s }}{% endset %}[{{ x }}]",
     "{% set lst = [] %}{% for i in range(3) %}{% set _ = lst.append(i) %}{% endfor %}{{ lst }}",
     "{% set l2 = l %}{{ l2.pop() }}{{ l }}{{ l2.pop(0) }}{{ l }}", "{{ empty_list.pop() }}", "{{ l.pop(10) }}")

# --- Jinja frame analysis corner cases (root stores, aliases, if-branches, nested loops, set-blocks) --------------
many("{% for i in [1] %}{{ s }}{% set s = 2 %}{% endfor %}{% set s = 1 %}{{ s }}",
     "{% for i in [1] %}{{ s }}{% set s = 2 %}{% endfor %}{{ s }}{% set s = 1 %}",
     "{% set s = s ~ '!' %}{% for i in [1] %}{{ s }}{% set s = 2 %}{{ s }}{% endfor %}{{ s }}",
     "{% for i in [1, 2] %}{% for j in [1] %}{{ s }}{% set s = j %}{% endfor %}{% set s = i %}{{ s }}{% endfor %}",
     "{% for i in [1, 2] %}{% set s = i %}{% for j in [1] %}{{ s }}{% set s = 'in' %}{% endfor %}{% endfor %}",
     "{% for i in [1, 2] %}{% if i == 2 %}{{ s }}{% endif %}{% set s = i %}{% endfor %}",
     "{% if t %}{% set s = 1 %}{% elif n %}{% set s = 2 %}{% else %}{% set s = 3 %}{% endif %}{{ s }}",
     "{% if fl %}{% set s = 1 %}{% elif fl %}{% set s = 2 %}{% else %}{% set s = 3 %}{% endif %}{{ s }}",
     "{% if fl %}{% set zz = 1 %}{% elif fl %}{% set zz = 2 %}{% else %}{% set zz = 3 %}{% endif %}{{ zz }}",
     "{% for i in [1] %}{% if fl %}{% set s = 1 %}{% endif %}{{ s }}{% endfor %}",
     "{% for i in [1] %}{% if t %}{% set s = 1 %}{% else %}{% set s = 2 %}{% endif %}{{ s }}{% endfor %}",
     "{% for i in [1, 2] %}{% if i == 1 %}{% set q = 'one' %}{% endif %}[{{ q }}]{% endfor %}",
     "{% set x %}{{ s }}{% set s = 'inner' %}{{ s }}{% endset %}{{ x }}|{{ s }}",
     "{% for s in l %}{{ s }}{% endfor %}{{ s }}", "{% for loop in l %}{{ loop }}{% endfor %}",
     "{% for i in l %}{% set loop = 'x' %}{{ loop }}{% endfor %}",
     "{% for i in nums if i > s|length %}{{ i }}{% endfor %}", "{% for i in nums if loop is defined %}{{ i }}{% endfor %}",
     "{% for i in [1] %}{% for j in [2] %}{{ loop.index }}{{ loop.depth }}{% endfor %}{% endfor %}",
     "{% for a in [[1, [2, 3]]] recursive %}{{ loop.depth }}{% if a is iterable %}{{ loop(a) }}{% else %}{{ a }}{% endif %}{% endfor %}",
     "{% for x in l %}{{ loop.changed(x) if loop.changed is defined }}{% endfor %}",
     "{% raw %}{{ not rendered }} {% if %}{% endraw %}", "a {%- raw -%}  {{ x }}  {%- endraw -%} b")

# --- for loops ---------------------------------------------------------------------------------------------
many("{% for x in l %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}|{% endfor %}",
     "{% for x in l %}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.previtem }}{{ loop.nextitem }}|{% endfor %}",
     "{% for x in nums if x > 1 %}{{ loop.index }}:{{ x }} {% endfor %}", "{% for x in l %}{% else %}empty{% endfor %}",
     "{% for x in empty_list %}{{ x }}{% else %}empty{% endfor %}", "{% for x in missing %}{{ x }}{% else %}none{% endfor %}",
     "{% for k in d %}{{ k }}={{ d[k] }};{% endfor %}", "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
     "{% for c in 'abc' %}{{ c }}-{% endfor %}", "{% for c in emoji %}[{{ c }}]{% endfor %}", "{% for x in n %}{% endfor %}",
     "{% for a, b in zip(l, nums) %}{{ a }}{{ b }} {% endfor %}", "{% for a, b in zip(l, [1]) %}{{ a }}{{ b }}{% endfor %}",
     "{% for i in range(n) %}{{ i }}{% endfor %}", "{% for i in range(2, n) %}{{ i }}{% endfor %}", "{% for i in range(n, 0, -2) %}{{ i }}{% endfor %}",
     "{% for a, b in matrix %}{{ a + b }} {% endfor %}", "{% for a, b, c in matrix %}{% endfor %}", "{% for a, b in l %}{% endfor %}",
     "{% for x in l %}{% for y in nums %}{{ loop.index }}{% endfor %}{{ loop.index }}|{% endfor %}",
     "{% for p in people if p.age > 26 %}{{ p.name }}{{ ',' if not loop.last }}{% endfor %}",
     "{% for x in l|reverse %}{{ x }}{% endfor %}", "{% for i in range(3) %}{% if loop.first %}F{% elif loop.last %}L{% else %}M{% endif %}{% endfor %}",
     "{% for x in l %}{{ loop.cycle('o', 'e') }}{% endfor %}", "{% for x in range(0) %}a{% else %}b{% endfor %}",
     "{% for x in l %}{{ x }}{% set _ = l.append('z') if l|length < 5 %}{% endfor %}", "{% for x in nums|sort %}{{ x }}{% endfor %}",
     "{% for x in qs.text %}{{ qs.id[loop.index0] }}{{ x }}{% endfor %}", "{% for i in nums if i is odd %}{{ i }}{% endfor %}")

# --- filters: strings ---------------------------------------------------------------------------------------
many("{{ l|join }}|{{ l|join(', ') }}|{{ nums|join('-') }}|{{ s|join('.') }}|{{ missing|join(',') }}|{{ [1, none, 2.0]|join(' ') }}",
     "{{ people|join(', ', attribute='name') }}", "{{ n|join(',') }}", "{{ d|join(',') }}",
     "{{ s|replace('l', 'L') }}|{{ s|replace('o', '0', 1) }}|{{ n|replace(5, 6) }}|{{ 'a None b'|replace(None, '') }}|{{ s|replace('', '-') }}",
     "{{ ws|trim }}|{{ '..hi!?'|trim('.?!') }}|{{ s|trim('Hd') }}|{{ missing|trim }}|{{ n|trim }}", "{{ s|trim(1) }}",
     "{{ s|lower }} {{ s|upper }} {{ u|lower }} {{ u|upper }} {{ '\u03a3\u0391\u03a3'|lower }}", "{{ 'hELLO wORLD'|capitalize }} {{ u|capitalize }} {{ '\u01c6x'|capitalize }} {{ ''|capitalize }}",
     "{{ s|title }} {{ 'hello-world foo_bar'|title }}", "{{ n|string }}{{ none|string }}{{ l|string }}{{ missing|string }}|",
     "{{ long|truncate(20) }}", "{{ long|truncate(2048)|length }}", "{{ 'short'|truncate(3) }}", "{{ 'abcdefghijklmnop'|truncate(10) }}",
     "{{ 'abcdefghijklmnop'|truncate(10, True) }}", "{{ 'abc def ghi jkl mno'|truncate(12, False, '..', 0) }}",
     "{{ 'abcdefghij'|truncate(9) }}", "{{ (long * 2)|string|truncate(2048) }}", "{{ emoji * 1000|truncate(50) }}",
     "{{ ('x' * 2050 + ' y')|truncate(2048)|length }}", "{{ ('ab ' * 1000)|truncate(2048) }}", "{{ n|truncate(3) }}",
     "{{ '%0.1f'|format(0.25) }} {{ '%0.1f'|format(0.35) }} {{ '%0.2f'|format(2.675) }} {{ '%d items'|format(3) }}",
     "{{ '%s-%s'|format(1, 'a') }} {{ '%5.1f|%-5d|%05d'|format(3.14159, 42, 7) }} {{ '%x %o %e'|format(255, 8, 12345.678) }}",
     "{{ '%(a)s'|format(a=1) }}", "{{ '%s'|format(1, 2) }}", "{{ '%d'|format('x') }}", "{{ '%0.1f'|format(n|float) }} {{ '%.3g'|format(1234.5) }}",
     "{{ '%s %%'|format(l) }} {{ '%r'|format('q') }} {{ '%c'|format(65) }}", "{{ s|wordcount }} {{ s|center(15) }}|",
     "{{ '<a href=\"x\">&</a>'|e }}", "{{ s|highlight }}")

# --- filters: numbers ---------------------------------------------------------------------------------------
many("{{ '3.7'|int }} {{ num_str|int }} {{ int_str|int }} {{ 'abc'|int }} {{ 'abc'|int(-1) }} {{ none|int }} {{ 3.99|int }} {{ -3.99|int }} {{ t|int }}",
     "{{ '0x1A'|int(0, 16) }} {{ '1_000'|int }} {{ ''|int }} {{ '1e3'|int }} {{ ' -5 '|int }} {{ '+7'|int }} {{ l|int }} {{ '٣'|int }}",
     "{{ missing|int }}", "{{ missing|float }}", "{{ 'inf'|int }}", "{{ 'nan'|int }}",
     "{{ '3.5'|float }} {{ 'x'|float }} {{ n|float }} {{ ' 1e-3 '|float }} {{ 'inf'|float }} {{ none|float }} {{ 'x'|float(1) }}",
     "{{ 2.5|round }} {{ 3.5|round }} {{ -2.5|round }} {{ 2.675|round(2) }} {{ 5|round }} {{ 5|round(2) }} {{ 1234|round(-2) }} {{ 1250|round(-2) }}",
     "{{ 42.55|round(1, 'floor') }} {{ 42.55|round(1, 'ceil') }} {{ 42.55|round }} {{ 0.5|round }} {{ 1.5|round }} {{ f|round|int }}",
     "{{ 'x'|round }}", "{{ missing|round }}", "{{ 2.5|round(0, 'bad') }}", "{{ (n / 3)|round(2) }} {{ (2 / 3 * 100)|round(1) }}",
     "{{ neg|abs }} {{ -2.5|abs }} {{ t|abs }} {{ zero|abs }}", "{{ s|abs }}", "{{ missing|abs }}",
     "{{ nums|sum }} {{ fl_list|sum }} {{ people|sum(attribute='age') }}", "{{ nums|min }} {{ nums|max }} {{ mixed|min }} {{ mixed|max }} {{ empty_list|min }}|",
     "{{ people|min(attribute='age') }}", "{{ ['b', 1]|min }}")

# --- filters: sequences -------------------------------------------------------------------------------------
many("{{ l|length }} {{ s|length }} {{ d|length }} {{ missing|length }} {{ emoji|length }} {{ l|count }}", "{{ n|length }}", "{{ l|map('upper')|length }}",
     "{{ s|list }} {{ d|list }} {{ missing|list }} {{ range(3)|list }} {{ emoji|list }}", "{{ n|list }}",
     "{{ l|first }} {{ l|last }} {{ s|first }} {{ s|last }} {{ empty_list|first }}|{{ empty_list|last }}|{{ missing|first }}|{{ d|first }} {{ d|last }}",
     "{{ l|map('upper')|first }}", "{{ l|map('upper')|last }}", "{{ n|first }}", "{{ n|last }}",
     "{{ mixed|sort }} {{ mixed|sort(case_sensitive=True) }} {{ nums|sort(reverse=True) }} {{ people|sort(attribute='age')|map(attribute='name')|list }}",
     "{{ people|sort(attribute='age', reverse=True)|map(attribute='name')|join(',') }} {{ people|sort(attribute='age,name')|map(attribute='name')|join }}",
     "{{ ['b', 1]|sort }}", "{{ words|unique|list }} {{ mixed|unique|list }} {{ mixed|unique(case_sensitive=True)|list }} {{ people|unique(attribute='age')|map(attribute='name')|list }}",
     "{{ [1, 1.0, True, 2]|unique|list }}", "{{ [[1], [1]]|unique|list }}", "{{ l|unique }}", "{{ l|reverse|list }} {{ s|reverse }}",
     "{{ d|items|list }}", "{{ l|items|list }}")

# --- less common filters ---------------------------------------------------------------------------------
many("{{ d|dictsort }} {{ {'b': 1, 'A': 2, 'a': 0}|dictsort }} {{ {'b': 1, 'a': 2}|dictsort(by='value', reverse=true) }}",
     "{{ range(7)|batch(3)|list }} {{ range(7)|batch(3, 'x')|list }} {{ range(7)|slice(3)|list }} {{ range(7)|slice(3, 0)|list }}",
     "{{ l|attr('append') is callable }} {{ d|attr('a') }}|{{ d|attr('keys') is defined }}",
     "{{ d|tojson }} {{ [1, 2.5, none, true, 'x<y>&\'', u]|tojson }} {{ {'b': [1], 'a': {'z': 1}}|tojson }}",
     "{{ 'a\nb\n\nc'|indent }}|{{ 'a\nb'|indent(2, true) }}|{{ 'a\n\nb'|indent('>', blank=true) }}",
     "{{ '<p>Hello <b>World</b> &amp; <!-- c --> you</p>'|striptags }}", "{{ missing|tojson }}", "{{ {1: 2, 'a': 3}|tojson }}")

# --- filters: higher order ------------------------------------------------------------------------------------
many("{{ l|map('upper')|list }} {{ words|map('lower')|unique|list }} {{ ['a.', 'b?']|map('trim', '.?')|list }} {{ l|map('capitalize')|join(' ') }}",
     "{{ people|map(attribute='name')|list }} {{ people|map(attribute='nope')|list }} {{ people|map(attribute='nope', default='?')|list }}",
     "{{ nested|map(attribute='0')|list }}", "{{ matrix|map(attribute='1')|list }} {{ matrix|map('first')|list }} {{ matrix|map('sum')|list }}",
     "{{ l|map('nope')|list }}", "{{ l|map('nope') and 'lazy' }}", "{{ l|map }}", "{{ missing|map('upper')|list }}",
     "{{ tokens|reject('equalto', '')|list }} {{ tokens|select|list }} {{ tokens|reject|list }} {{ tokens|select('!=', '')|list }}",
     "{{ nums|select('odd')|list }} {{ nums|reject('even')|list }} {{ nums|select('>', 1)|list }} {{ nums|select('lessthan', 3)|list }}",
     "{{ nums|select('in', [1, 3])|list }} {{ [none, 1, false, 0]|select('none')|list }} {{ ['a', 1, 2.0]|select('string')|list }}",
     "{{ nums|select('nope')|list }}", "{{ nums|select('nope') and 'lazy' }}",
     "{{ people|selectattr('age', 'equalto', 30)|map(attribute='name')|list }} {{ people|rejectattr('age', '==', 30)|map(attribute='name')|list }}",
     "{{ people|selectattr('name')|list|length }} {{ people|selectattr('nope')|list }} {{ people|selectattr('age', '>', 26)|list|length }}",
     "{{ people|selectattr('name', 'equalto', 'bob')|first }}", "{{ (people|selectattr('age', 'equalto', 99)|first).name }}",
     "{{ l|select|first }}", "{{ empty_list|select|first }}|", "{{ l|select|last }}", "{{ l|select|length }}",
     "{{ l|map('upper') }}", "{{ zip(l, nums) }}", "{{ zip(l, nums)|list }}", "{{ l|map('upper')|map('lower')|join }}",
     "{% set g = l|map('upper') %}{{ g|list }}{{ g|list }}", "{% set g = l|map('upper') %}{{ g|join }}{{ g|join }}|{{ g|first }}|",
     "{{ (l|map('upper'))[0] }}", "{{ 'x' in l|map('upper') }}{{ 'A' in l|map('upper') }}", "{{ l|select|list + ['z'] }}",
     "{{ l|map('upper') + l }}")

# --- Undefined inside sort/unique/min keys (equal Undefined keys compare equal; list keys in sort) ---------
many("{{ people|sort(attribute='nope')|map(attribute='name')|join }}", "{{ [missing, missing2, 1]|unique|list }}",
     "{{ [1, missing]|sort }}", "{{ [missing, missing]|sort }}", "{{ [missing, missing]|min }}", "{{ [1, missing]|max }}",
     "{{ [none, 1]|sort }}", "{{ [[1], [0]]|sort }}", "{{ people|unique|list }}", "{{ [missing, 'x', missing]|join('|') }}",
     "{{ people|sort(attribute='age,nope')|map(attribute='name')|join }}", "{{ [missing] == [missing] }}",
     "{{ [missing, 1] < [missing, 2] }}", "{{ missing in [missing] }}")

# --- default, tests ---------------------------------------------------------------------------------------------
many("{{ missing|default('d') }} {{ e|default('d') }} {{ e|default('d', true) }} {{ zero|default('d', True) }} {{ none|default('d') }} {{ none|default('d', true) }}",
     "{{ l.append('q')|default('', True) }}{{ l }}", "{{ l.append('q') }}", "{{ l.append('q') or '' }}{{ l|length }}", "{{ missing|default }}|{{ d.zz|default(d.a) }}",
     "{{ missing is defined }} {{ s is defined }} {{ missing is undefined }} {{ none is none }} {{ fl is false }} {{ zero is false }} {{ t is true }}",
     "{{ n is number }} {{ f is float }} {{ n is integer }} {{ t is integer }} {{ t is boolean }} {{ s is string }} {{ d is mapping }} {{ l is sequence }} {{ s is iterable }}",
     "{{ n is odd }} {{ n is even }} {{ n is divisibleby 5 }} {{ n is divisibleby(2) }} {{ s is lower }} {{ 'AB' is upper }}",
     "{{ n is eq 5 }} {{ n is equalto(5) }} {{ n is ne 5 }} {{ n is lt 6 }} {{ n is gt 6 }} {{ n is ge 5 }} {{ n is le 4 }} {{ n is in nums }} {{ 'a' is in l }}",
     "{{ n is not none }} {{ missing is not defined }} {{ none is sameas none }} {{ l is callable }} {{ l.append is callable }}",
     "{{ 'upper' is filter }} {{ 'odd' is test }} {{ 'nope' is filter }}", "{% if s is not none and s %}ok{% endif %}")

# --- methods: str ---------------------------------------------------------------------------------------------
many("{{ s.split() }} {{ ws.split() }} {{ 'a,b,,c'.split(',') }} {{ 'a b  c'.split(' ') }} {{ ''.split() }} {{ ''.split(',') }}",
     "{{ s.split(' ', 1) }} {{ 'a b c d'.split(None, 2) }} {{ '  a b c  '.split(None, 1) }} {{ 'a,b,c'.rsplit(',', 1) }} {{ '  a b c  '.rsplit(None, 1) }}",
     "{{ s.split('') }}", "{{ s.split(1) }}", "{{ 'a\\u2003b\\u00a0c\\x1cd'.split() }} {{ 'l1\\nl2\\r\\nl3'.splitlines() }}",
     "{{ ws.strip() }}|{{ '..hi!?'.strip('.?!') }}|{{ ws.lstrip() }}|{{ ws.rstrip() }}|{{ 'xxhixx'.strip('x') }}|{{ s.strip('') }}|",
     "{{ s.lower() }} {{ s.upper() }} {{ 'hELLO'.capitalize() }} {{ s.title() }} {{ s.swapcase() }} {{ '\u00df'.upper() }} {{ '\u0130'.lower()|length }}",
     "{{ s.replace('o', '0') }} {{ s.replace('o', '0', 1) }} {{ s.replace('', '|') }} {{ s.replace('l', '') }}", "{{ s.replace(1, 2) }}",
     "{{ ', '.join(l) }} {{ ''.join(s) }} {{ '-'.join(d) }}", "{{ ', '.join(nums) }}", "{{ ' '.join(missing) }}|",
     "{{ s.startswith('He') }} {{ s.startswith(('x', 'H')) }} {{ s.endswith('ld') }} {{ s.startswith('World', 6) }}", "{{ s.startswith(1) }}",
     "{{ s.index('o') }} {{ s.find('o') }} {{ s.rfind('o') }} {{ s.find('z') }} {{ s.count('l') }} {{ emoji.index('b') }} {{ s.index('o', 5) }}",
     "{{ s.index('z') }}", "{{ '42'.isdigit() }} {{ s.isalpha() }} {{ 'abc'.isalpha() }} {{ ' '.isspace() }} {{ 'ab'.islower() }} {{ 'AB'.isupper() }}",
     "{{ '5'.zfill(3) }} {{ '-5'.zfill(4) }} {{ 'ab'.center(6, '*') }} {{ 'ab'.ljust(4) }}| {{ 'ab'.rjust(4, '.') }}",
     "{{ 'a=b=c'.partition('=') }} {{ 'a=b=c'.rpartition('=') }}", "{{ '{} and {}'.format('x', 1) }} {{ '{0}{0}'.format('y') }} {{ '{a}!'.format(a=2) }} {{ '{:>5}|{:.2f}'.format('r', 3.14159) }}",
     "{{ s.lower }}", "{{ s.upper(1) }}", "{{ s.split(',', 'x') }}")

# --- methods: list and dict --------------------------------------------------------------------------------------
many("{{ l.index('b') }} {{ nums.index(2) }} {{ l.count('a') }}", "{{ l.index('z') }}", "{{ l.index() }}",
     "{% set x = [] %}{{ x.append(1) }}{{ x.extend([2, 3]) }}{{ x.insert(0, 0) }}{{ x }}{{ x.remove(2) }}{{ x }}{{ x.reverse() }}{{ x }}",
     "{% set x = [3, 1, 2] %}{{ x.sort() }}{{ x }}{{ x.sort(reverse=True) }}{{ x }}{{ x.copy() }}{{ x.clear() }}{{ x }}",
     "{% set x = [1] %}{{ x.remove(5) }}", "{{ d.keys()|list }} {{ d.values()|list }} {{ d.items()|list }} {{ d.get('a') }} {{ d.get('z') }} {{ d.get('z', 0) }}",
     "{% set x = {} %}{{ x.update({'a': 1}) }}{{ x.update(b=2) }}{{ x.update([('c', 3)]) }}{{ x }}{{ x.pop('a') }}{{ x }}{{ x.setdefault('d', []) }}{{ x }}",
     "{% set x = {'a': 1} %}{{ x.pop('z') }}", "{% set x = {'a': 1} %}{{ x.pop('z', 'dflt') }}", "{{ 'a' in d.keys() }} {{ d.keys()|length }} {{ d.keys()[0] }}|",
     "{{ d.items()|map('first')|list }}", "{{ {'b': 1, 'a': 2}|dictsort }}" if False else "{{ {'b': 1, 'a': 2} }}",
     "{% set x = {1: 'int', 1.0: 'float', True: 'bool'} %}{{ x }}", "{{ {'a': 1, 'a': 2} }}", "{{ {[1]: 2} }}")

# --- globals ---------------------------------------------------------------------------------------------------------
many("{{ range(5)|list }} {{ range(2, 5)|list }} {{ range(5, 0, -1)|list }} {{ range(0)|list }} {{ range(3)|length }}", "{{ range(1.5) }}",
     "{{ range(0, 5, 0) }}", "{{ range(missing) }}", "{{ dict(a=1) }} {{ dict({'b': 2}) }} {{ dict([('c', 3)]) }} {{ dict() }}",
     "{% set ns = namespace(a=1, b=[]) %}{{ ns.a }}{{ ns.b }}{{ ns.c }}|", "{{ zip(l)|list }} {{ zip()|list }} {{ zip(l, s, nums)|list }}",
     "{{ lipsum is defined }}", "{{ cycler is defined }}")

# --- undefined behaviour -----------------------------------------------------------------------------------------
many("[{{ missing }}]", "{{ missing|upper }}|{{ missing|lower }}|{{ missing|capitalize }}", "{% for x in missing %}{{ x }}{% endfor %}|",
     "{{ missing|length }}", "{{ missing|list }}", "{{ missing.x }}", "{{ d.missing.x }}", "{{ d.missing }}|{{ d.missing|length }}",
     "{{ l[10].x }}", "{{ missing ~ '' }}", "{{ missing + '' }}", "{{ missing * 2 }}", "{{ 'x' in missing }}", "{{ missing in l }}",
     "{{ missing is none }}", "{{ missing == '' }}", "{{ missing != '' }}", "{{ missing|string|length }}", "{{ (missing or '')|length }}",
     "{{ missing|replace('a', 'b') }}|", "{{ missing|join }}|", "{{ missing|trim }}|", "{{ missing|sort }}", "{{ missing|unique|list }}",
     "{{ missing|first }}|{{ missing|last }}|{{ missing|random }}|", "{{ missing|choice }}", "{{ missing|min }}|", "{{ missing|sum }}",
     "{{ missing|select|list }}", "{{ missing.split() }}", "{{ missing|truncate(3) }}|", "{{ missing|most_frequent }}",
     "{{ missing|wordcount }}", "{{ d['x'] ~ 'y' }}", "{{ missing.0 }}", "{{ 'x' if missing.a else 'y' }}")

# --- syntax errors ----------------------------------------------------------------------------------------------------
many("{{ }}", "{{ x + }}", "{% if x %}no end", "{% for x in l %}", "{% endif %}", "{{ x", "{% if %}{% endif %}", "{{ 'unclosed }}",
     "{% set 1 = 2 %}", "{% nope %}", "{{ x | }}", "{{ x|nosuchfilter }}", "{% if t %}{{ x|nosuchfilter }}{% endif %}", "{{ x is nosuchtest }}",
     "{% for x in l %}{% endif %}", "{{ (1, 2 }}", "{{ [1, 2 }}", "{{ a.b.}}", "{# unclosed comment", "{% if t %}a{% else %}b{% else %}c{% endif %}",
     "{{ f(x=1, 2) }}", "{{ 1 + * 2 }}", "text\n\n{% for %}", "{{ 'a' is is string }}", "{{ x = 1 }}", "{% set x %}no end", "{% for x in l recursive %}{% endfor %}")

# --- P3-style idioms -------------------------------------------------------------------------------------------------
P3 = {
    "question": "What is 2+2?", "answers": {"text": ["4", "four"], "answer_start": [10, 20]}, "label": 1,
    "options": ["A cat", "A dog"], "context": "Some |||context||| here.", "choices": {"text": ["x", "y", "z"], "label": ["A", "B", "C"]},
    "answerKey": "B", "sentence1": "It rains.", "sentence2": "It pours.", "idx": 0, "title": "T", "document": "d1|||||d2",
    "passage": "word " * 500, "endings": ["e1", "e2 ||| x", "e3"], "ctx": "The man", "score": 3.799999952316284, "year": 2019,
    "target_scores": [0, 1, 0], "utterances": [{"speaker": "A", "utterance": "hi"}, {"speaker": "B", "utterance": "yo"}],
}
many("{{ question }} ||| {{ answers.text[0] }}", "{{ answer_choices[label] }}", "{% if answers.text %}{{ answers.text | choice }}{% endif %}",
     "{{ options | join(' or ') }} ||| {{ options[label] }}", "{{ choices.text[choices.label.index(answerKey)] }}",
     "{{ sentence1 }} Question: {{ sentence2 }} True or False? ||| {{ ['True', 'False'][label] }}",
     "{% for c in choices.text %}- {{ choices.label[loop.index0] }}: {{ c }}\n{% endfor %}", "{{ context | replace('|||', '') }}",
     "{{ document.split('|||||') | length }}", "{{ passage | truncate(40) }}", "{{ endings | join(' ||| ') }}", "{{ ctx | capitalize }}",
     "{{ score | round(1) }} {{ score | round | int }} {{ (score * 2) | round(2) }}", "{{ year - 1 }} {{ year / 10 }} {{ year % 100 }}",
     "{{ target_scores.index(1) }}", "{% for u in utterances %}{{ u.speaker }}: {{ u.utterance }}\n{% endfor %}",
     "{{ utterances | map(attribute='utterance') | join(' ') }}", "{{ (utterances | selectattr('speaker', 'equalto', 'B') | first).utterance }}",
     "{% set first = answers.text[0] %}{{ first | upper }}", "{{ answers['text'] | most_frequent | choice }}",
     "{{ ['a', 'b', 'a', 'c', 'c'] | most_frequent }}", "{{ [] | most_frequent }}", "{{ [[1], [1]] | most_frequent }}", "{{ [1, 1.0, 'x'] | most_frequent }}",
     "{{ question.split(' ') | length }} {{ question.split()[-1] | trim('?') | lower }}", "{{ title | default('', True) }}{{ missing | default('', True) }}|",
     "{% set lst = [] %}{% for e in endings %}{{ lst.append(e.split('|||')[0] | trim) or '' }}{% endfor %}{{ lst }}",
     variables=P3, seed=0)

# --- randomness (seeded) -------------------------------------------------------------------------------------------
for seed in (0, 1, 42, 12345, 2**32 + 5, 2**63 - 1, -7):
    case("{{ choices | choice }} {{ l | choice }} {{ range(1000) | choice }} {{ s | choice }}", seed=seed)
    case("{{ ['A', 'B', 'C', 'D'] | choice }} {{ choices | choice }}", seed=seed)
for seed in (0, 3, 99):
    many("{% if fl %}{{ ['x', 'y'] | choice }}{% endif %}{{ l | choice }}",
         "{{ l | choice }}{{ ['x', 'y', 'z'] | choice }}{{ l | choice }}",
         "{{ (['x', 'y'] | choice) ~ s }} {{ l | choice }}", "{{ s ~ (['x', 'y'] | choice) }} {{ l | choice }}",
         "{{ ['x', 'y'] | choice ~ '!' }} {{ l | choice }}", "{% set c = ['p', 'q', 'r'] | choice %}{{ c }}{{ l | choice }}",
         "{% for i in range(3) %}{{ ['a', 'b'] | choice }}{{ l | choice }}{% endfor %}",
         "{{ l | random }} {{ ['x', 'y'] | random }} {{ empty_list | random }}|", "{{ empty_list | choice }}", "{{ [] | choice }}",
         "{{ l | map('upper') | choice }}", "{{ d | choice }}", "{{ {0: 'zero', 1: 'one'} | choice }}", "{{ (l | choice) if t else (['u'] | choice) }}",
         "{{ ['a', 'b'] | choice | upper }}{{ l | choice }}", "{{ [['a', 'b'] | choice, 'c'] | choice }}{{ l | choice }}",
         "{% if ['a', 'b'] | choice == 'a' %}A{% else %}B{% endif %}{{ l | choice }}",
         "{% for x in nums if (['a', 'b'] | choice) %}{{ x }}{% endfor %}{{ l | choice }}",
         "{{ ['a', 'b'] | choice }}{{ 'x' if (['c', 'd'] | choice) == 'c' else 'y' }}{{ l | choice }}",
         "{{ range(10) | list | choice }}{{ l | choice }}", "{{ 'abc' | choice }}{{ ('x', 'y') | choice }}{{ l | choice }}",
         "{{ ['a', 'b'] | unique | list | choice }}{{ l | choice }}", "{{ [1, 2, 3] | choice + 10 }}{{ l | choice }}",
         "{{ nums | sort | choice }} {{ range(3) | choice }}", "{{ ['a', 'b'] | choice }}{{ missing }}{{ ['c', 'd'] | choice }}",
         seed=seed)


def run(template, variables, seed):
    env = make_env()
    try:
        if seed is not None:
            random.seed(seed)
        tmpl = env.from_string(template)
        out = tmpl.render(**copy.deepcopy(variables))
        return {"output": out, "error": None, "message": None}
    except TemplateSyntaxError as e:
        return {"output": None, "error": "TemplateSyntaxError", "message": str(e), "line": e.lineno}
    except Exception as e:  # noqa: BLE001 - any Python exception is a golden outcome
        return {"output": None, "error": type(e).__name__, "message": str(e)}


VARIABLE_SETS = {"V": V, "P3": P3}


def main():
    assert jinja2.__version__ == "3.1.6", jinja2.__version__
    out = []
    seen = set()
    names = {id(v): k for k, v in VARIABLE_SETS.items()}
    for template, variables, seed in CASES:
        key = (template, id(variables), seed)
        if key in seen:
            continue
        seen.add(key)
        r = run(template, variables, seed)
        out.append({"id": len(out), "template": template, "variables": names[id(variables)], "seed": seed, **r})
    path = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "T0Sharp.Prompts.Tests", "Jinja", "Golden", "engine_cases.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"jinja2": jinja2.__version__, "variable_sets": VARIABLE_SETS, "cases": out}, f, ensure_ascii=True, indent=0)
    errors = sum(1 for c in out if c["error"])
    print(f"{len(out)} cases ({errors} errors) -> {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
