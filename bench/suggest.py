"""Time archive.annotated.suggest.suggest() on a 50 KB text with 1k, 5k and 20k names.

Run: .venv/bin/python bench/suggest.py

The text is the seed fixtures' plain text, repeated to 50 KB. The names are the fixtures' declared
names and variants, padded with generated three-syllable Korean person names (random Hangul
syllables, each given in Hangul and in its Revised Romanization), so most never occur in the text.
"""

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.annotated import parse  # noqa: E402
from archive.annotated.romanization import hangul_syllable, token_key  # noqa: E402
from archive.annotated.suggest import suggest  # noqa: E402

TEXT_SIZE = 50_000
REPEATS = 3


def fixture_names_and_text() -> tuple[list[tuple[str, str]], str]:
    parsed = [parse(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "fixtures").glob("*.txt"))]
    names = [(d.key, n) for p in parsed for d in p.meta.entities.values() for n in [d.name, *d.variants]]
    plain = "\n\n".join(text.plain for p in parsed for text in p.texts)
    text = (plain * (TEXT_SIZE // len(plain) + 1))[:TEXT_SIZE]
    return names, text.replace("\\", "").replace("{", "(").replace("}", ")")


def generated_names(count: int, rng: random.Random) -> list[tuple[str, str]]:
    names = []
    for number in range(count // 2):
        syllables = [chr(rng.randrange(0xAC00, 0xD7A4)) for _ in range(3)]
        romanized = " ".join(hangul_syllable(s).capitalize() for s in syllables)
        names += [(f"p:generated-{number}", "".join(syllables)), (f"p:generated-{number}", romanized)]
    return names


def main() -> None:
    names, text = fixture_names_and_text()
    rng = random.Random(1956)
    for total in (1_000, 5_000, 20_000):
        pool = names + generated_names(total - len(names), rng)
        timings = []
        for _ in range(REPEATS):
            token_key.cache_clear()  # cold: every token's key computed afresh
            started = time.perf_counter()
            found = suggest(text, pool)
            timings.append(time.perf_counter() - started)
        print(
            f"{len(pool):>6} names, {len(text):,} characters: best {min(timings) * 1000:6.1f} ms, "
            f"worst {max(timings) * 1000:6.1f} ms of {REPEATS}; {len(found)} suggestions"
        )


if __name__ == "__main__":
    main()
