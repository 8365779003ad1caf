"""Check annotated-text files without a database: python -m archive.annotated.check FILE..."""

import sys
from pathlib import Path

from .parser import parse_bytes


def main(paths: list[str]) -> int:
    failed = 0
    for name in paths:
        parsed = parse_bytes(Path(name).read_bytes())
        for problem in parsed.problems:
            print(problem.format(name))
        for key, places in parsed.undeclared.items():
            for line, column in places:
                print(f"{name}:{line}:{column}: entity '{key}' is not declared in the header")
        if parsed.errors or parsed.undeclared:
            failed += 1
        else:
            spans = sum(len(t.entity_spans()) for t in parsed.texts)
            supplied = len(parsed.meta.supplied)
            print(
                f"{name}: ok ({len(parsed.meta.entities)} entities, {spans} entity marks, "
                f"{supplied} value{'' if supplied == 1 else 's'} supplied by the archive)"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
