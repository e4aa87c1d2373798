"""The translate stage: an Article → a TranslatedArticle per language, offline.

- ``engine``: the Engine (routes, translation memory, the per-sentence hook seam)
- ``plan``: an article's texts in batch order, long sentences cut, translations put back
- ``runner``: CTranslate2 + SentencePiece on an Argos package, decoded as Argos does
- ``segment``: sentence splitting with offsets
- ``hooks``: the seam the glossary plugs into
- ``memory``: the SQLite translation memory
- ``routes``: post-processors for languages without a model of their own (Dari, Tajik)
- ``packages``: installing, listing and removing Argos packages
"""
