"""What both overlap checks share: how messages are compared (check-overlap.py for a new held-out set,
check-training-overlap.py for new training rows)."""

import difflib
import re

THRESHOLD = 0.8


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


class Pool:
    """Distinct normalised messages, with a near-match lookup."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.exact: set[str] = set()

    def add(self, n: str) -> None:
        if n not in self.exact:
            self.exact.add(n)
            self.items.append(n)

    def match(self, n: str) -> str | None:
        if n in self.exact:
            return "exact"
        matcher = difflib.SequenceMatcher(None, "", n, autojunk=False)
        for other in self.items:
            # Cheap upper bounds first: most pairs are nowhere near the threshold.
            if 2 * min(len(n), len(other)) / (len(n) + len(other)) < THRESHOLD:
                continue
            matcher.set_seq1(other)
            if matcher.real_quick_ratio() < THRESHOLD or matcher.quick_ratio() < THRESHOLD:
                continue
            r = matcher.ratio()
            if r >= THRESHOLD:
                return f"near ({r:.2f})"
        return None
