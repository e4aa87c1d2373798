"""The glossary hook inside the real engine: placeholders survive SentencePiece, CTranslate2,
the Dari table and the Persian→Tajik converter (fixture copy models, see tests/plugin_models.py)."""

import pytest

from syndicate.article import Article, Block
from syndicate.translate.engine import Engine
from syndicate.glossary.hook import GlossaryHook
from syndicate.languages import get_language


@pytest.fixture(scope="module")
def seed_paragraph_article(seed_path) -> Article:
    lines = [line.strip() for line in seed_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = lines[3 : lines.index("• no comments")]
    return Article(url=None, title=lines[0], blocks=tuple(Block("paragraph", text) for text in body))


@pytest.mark.parametrize("tag", ["ar", "fa-AF", "tg", "ru"])
def test_every_protected_term_comes_back_through_the_engine(installed_models_dir, shipped_glossary,
                                                           seed_paragraph_article, tag):
    hook = GlossaryHook(shipped_glossary)
    with Engine(installed_models_dir, memory=None) as engine:
        translated = engine.translate(seed_paragraph_article, get_language(tag), hook)
    protected = [c for c in translated.term_checks if shipped_glossary.find(c.term).protected
                 or shipped_glossary.effective(shipped_glossary.find(c.term)).protected]
    assert len(protected) >= 35
    assert [c for c in protected if c.status != "hit"] == []
    assert not [c for c in translated.term_checks if c.status == "placeholder"]
    text = "\n".join(block.text for block in translated.blocks)
    assert "ZQ" not in text
    assert shipped_glossary.find("Dushanbe").target(tag) in text
    assert translated.glossary_version == hook.version
