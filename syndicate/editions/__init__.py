"""Editions: one article in one language, and what editors decide about it.

An edition is ``draft`` (machine output, in no feed), ``published`` (in its language feed) or
``withdrawn`` (its page replaced by a notice). Every edition keeps its ``working`` text (the latest
machine output with the editors' corrections) and its ``public`` text (what was published), its
approvals and corrections, in one SQLite database in the workspace (store.EditionStore): a crash
loses nothing, and the public output folder is rendered from it (render.render).

- ``model``: Edition, Event, the states and outcomes
- ``store``: the editorial database
- ``lifecycle``: the operations ``translate``, ``batch``, the editorial commands and the web desk
  all call through job.OutputFolder: submit a run's translations, correct, approve, withdraw
- ``gate``: what keeps an edition from being published
- ``numbering``: the one numbering of an article's sentences across its languages
- ``inputs``: what an editor types, checked
- ``render``: the public folder (and the drafts' previews) written from the database
- ``status``: `syndicate status`
"""
