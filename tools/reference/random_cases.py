"""Emits tests/T0Sharp.Prompts.Tests/Random/random_cases.json: CPython random-module outputs per seed
(random(), getrandbits(k), _randbelow(n), choice over range(n)) for PyRandom's bit-exact tests.
Run: python3 tools/reference/random_cases.py"""
import json
import os
import random

SEEDS = [0, 1, 42, 12345, -5, 2**32 - 1, 2**32, 2**32 + 5, 2**63 - 1, 2**63, 2**64 + 17, 123456789012345678901234567890]


def main():
    cases = []
    for seed in SEEDS:
        r = random.Random(seed)
        randoms = [r.random() for _ in range(5)]
        bits = {str(k): str(r.getrandbits(k)) for k in (1, 7, 31, 32, 33, 53, 64, 100)}
        below = {str(n): [r._randbelow(n) for _ in range(6)] for n in (1, 2, 3, 10, 1000, 2**31 - 1)}
        choice = [r.choice(range(7)) for _ in range(10)]
        after = [r.random() for _ in range(2)]
        cases.append({"seed": str(seed), "random": [repr(x) for x in randoms], "getrandbits": bits,
                      "randbelow": below, "choice7": choice, "after": [repr(x) for x in after]})
    # The 625th+ output crosses a state regeneration.
    r = random.Random(7)
    long_run = [r.getrandbits(32) for _ in range(1300)]
    path = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "T0Sharp.Prompts.Tests", "Random", "random_cases.json")
    with open(path, "w") as f:
        json.dump({"cases": cases, "seed7_uint32_x1300_tail": long_run[-5:], "seed7_sum": sum(long_run)}, f, indent=1)
    print(f"{len(cases)} seeds -> {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
