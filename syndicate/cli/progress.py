"""Progress shown on a terminal: durations, and the sentence counter of a long translate stage."""

from __future__ import annotations

import time

import click

# Below this many texts a language translates in seconds: its one progress line is enough.
LONG_STAGE = 200


def format_duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class SentenceCounter:
    """``translate ar: 1,280/5,004 sentences, ETA 2m10s``, redrawn in place on stderr while a long
    language translates (a terminal only: logs get the one line per language)."""

    def __init__(self, *, live: bool, clock=time.monotonic):
        self.live = live
        self.clock = clock
        self._started: dict[str, tuple[float, int]] = {}
        self._shown = False

    def __call__(self, tag: str, done: int, total: int) -> None:
        if not self.live or total < LONG_STAGE:
            return
        now = self.clock()
        started, first = self._started.setdefault(tag, (now, done))
        rate = (done - first) / (now - started) if now > started and done > first else None
        eta = f", ETA {format_duration((total - done) / rate)}" if rate and done < total else ""
        click.echo(f"\rtranslate {tag}: {done:,}/{total:,} sentences{eta}\x1b[K", nl=False, err=True, color=True)
        self._shown = True
        if done >= total:
            self.clear()

    def clear(self) -> None:
        """Erase the counter so the next line starts clean."""
        if self._shown:
            click.echo("\r\x1b[K", nl=False, err=True, color=True)
            self._shown = False
