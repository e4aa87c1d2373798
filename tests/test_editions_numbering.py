"""editions.numbering: one numbering of an article's sentences across its languages."""

from syndicate.article import Article, SentencePair, TranslatedArticle
from syndicate.editions.numbering import merge_orders, sentence_index, sentence_numbers

SOURCE = Article(url=None, title="t", blocks=())


def text(language: str, *pairs: tuple[int, str]) -> TranslatedArticle:
    return TranslatedArticle(SOURCE, language, "t", None, (),
                             sentences=tuple(SentencePair(block, source, f"{language}:{source}") for block, source in pairs))


def test_languages_split_differently_share_one_numbering():
    ar = text("ar", (-1, "Title"), (0, "One."), (0, "Two."), (1, "Three."))
    ru = text("ru", (-1, "Title"), (0, "One. Two."), (1, "Three."))  # an earlier run cut ¶ 1 as one sentence
    tg = text("tg", (-1, "Title"), (1, "Three."), (1, "Three."))  # lacks ¶ 1; one sentence twice in ¶ 2
    # ar places Title, One, Two, Three; ru's "One. Two." is new and goes right after the sentence
    # before it in ru (Title); tg's second "Three." goes after its first
    numbers = sentence_numbers([ar, ru, tg])
    assert numbers == {"ar": [1, 3, 4, 5], "ru": [1, 2, 5], "tg": [1, 5, 6]}
    assert [sentence_index([ar, ru, tg], ru, n) for n in range(0, 8)] == [None, 0, 1, None, None, 2, None, None]


def test_merging_keeps_every_order_and_puts_a_new_first_key_in_front():
    assert merge_orders([[(0, "b", 0), (0, "c", 0)], [(0, "a", 0), (0, "c", 0), (0, "d", 0)]]) == [
        (0, "a", 0), (0, "b", 0), (0, "c", 0), (0, "d", 0)]
    assert merge_orders([]) == [] and merge_orders([[]]) == []


def test_a_long_report_is_numbered_whole():
    """50,000 sentences in four languages, one of them missing every other sentence (the merge was
    quadratic once: this took minutes)."""
    pairs = [(i, f"Sentence {i}.") for i in range(50_000)]
    texts = [text("ar", *pairs), text("fa-AF", *pairs[::2]), text("tg", *pairs), text("ru", *pairs)]
    numbers = sentence_numbers(texts)
    assert numbers["ar"] == list(range(1, 50_001)) and numbers["fa-AF"] == list(range(1, 50_001, 2))
