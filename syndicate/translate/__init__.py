"""The translate stage: an Article → a TranslatedArticle per language, offline.

- ``engine``: the Engine (routes, translation memory, the per-sentence hook seam)
- ``families``: each model family's conventions (Argos, Marian, NLLB, MADLAD)
- ``routing``: which installed model translates into each language, and back for the round trip
- ``plan``: an article's texts in batch order, long sentences cut, translations put back
- ``decoding``: CTranslate2 + SentencePiece on an installed model, tokenized as its family does
- ``segment``: sentence splitting with offsets
- ``hooks``: the seam the glossary plugs into
- ``memory``: the SQLite translation memory
- ``routes``: post-processors for languages without a model of their own (Dari, Tajik)
- ``packages``: installing, listing and removing Argos packages; installing converted model folders
"""
