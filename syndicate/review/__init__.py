"""Editors' review of an export: the reference-free checks of every translated sentence (checks),
the QA of every edition (qa: term checks, flagged sentences, the publishing gate) and the
side-by-side review page (page)."""
