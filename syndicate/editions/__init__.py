"""Editions: one article in one language, and what editors decide about it.

An edition is ``draft`` (machine output, in no feed), ``published`` (in its language feed) or
``withdrawn`` (its page replaced by a notice). Every edition keeps its ``working`` text (the latest
machine output with the editors' corrections) and its ``public`` text (what was published), its
approvals and corrections, in one SQLite database in the workspace (store.EditionStore): a crash
loses nothing, and the public output folder is rendered from it (desk.render_article).

syndicate.editions.desk holds the operations (submit a run's translations, correct, approve,
withdraw) that ``translate``, ``batch``, the editorial commands and the web desk all call, through
job.OutputFolder.
"""
