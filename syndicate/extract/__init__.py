"""The extract stage: a read Page → an Article (metadata and typed body blocks).

- ``extractor``: the Extractor (web pages: trafilatura plus what it lacks) and the language check
- ``meta``: title, byline, dates, outlet, canonical URL, lead image, summary
- ``boilerplate``: page furniture dropped by structure and by text
- ``blocks``: typed blocks with their links and images
- ``profiles``: per-outlet CSS rules (packaged and user files)
- ``plaintext``: text and Markdown op-eds
- ``text``: the text of markup as a reader sees it (never script or style)
"""
