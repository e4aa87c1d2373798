"""Editors' term glossaries: the TSV format, TBX/CSV exchange, lint, matching and the sentence hook.

One concern per module: ``model`` (entries), ``tsv`` (the canonical file format), ``files``
(which files are loaded), ``tbx`` (TBX-Basic and CSV exchange), ``lint``, ``normalize``,
``matching`` (source terms), ``targets`` (target forms with inflection), ``russian``
(pymorphy3 lemmas, related lemmas and case after prepositions), ``hook`` (the SentenceHook the
engine calls), ``coverage`` (which terms an article uses), ``edit`` (editors' approve, deprecate
and add, recording who and when) and ``evaluation`` (the term checker's recall and precision on
a labelled test set).
"""
