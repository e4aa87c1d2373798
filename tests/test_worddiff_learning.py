"""Word diffs (the history's before → after) and the glossary entries corrections propose
(glossary.learning), on sentences written for them, hostile and odd ones included."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from syndicate.glossary.learning import Evidence, proposals, shared_term, word_runs
from syndicate.glossary.matching import SourceMatcher
from syndicate.glossary.model import Entry
from syndicate.worddiff import DELETED, INSERTED, SAME, replacements, word_diff

WORDS = st.text(alphabet=st.sampled_from("ab سلام\u200c\n<>&"), max_size=40)


@given(WORDS, WORDS)
@example("", "")
@example("a  b", "a b")
@example("<script>x</script>", "")
@example("کابل \u200cو", "كابل و")
def test_a_word_diff_gives_back_both_texts(before, after):
    runs = word_diff(before, after)
    assert "".join(text for kind, text in runs if kind in (SAME, DELETED)).split() == before.split()
    assert "".join(text for kind, text in runs if kind in (SAME, INSERTED)).split() == after.split()


def test_replacements_are_the_swapped_words_only():
    before = "The leader of the Resistance Front spoke in Dushanbe on Tuesday."
    after = "The head of the Resistance Front spoke in Dushanbe on Tuesday evening."
    assert replacements(before, after) == [("leader", "head"), ("Tuesday.", "Tuesday evening.")]
    assert replacements("same words", "same words") == []
    assert replacements("", "new") == []


def entry(en: str) -> Entry:
    return Entry(en=en, type="term", targets=(("ar", "x"),))


def evidence(slug: str, sentence: int, source: str, before: str, after: str) -> Evidence:
    return Evidence(slug, "ar", sentence, source, before, after, "Rahima", "2026-12-07T10:00:00+00:00")


def test_two_corrections_of_the_same_rendering_propose_their_shared_term():
    corrections = [
        evidence("a", 3, "The humanitarian corridor opened in Herat on Monday.",
                 "فتح الممر الإنساني في هرات", "فتح الرواق الإنساني في هرات"),
        evidence("b", 7, "Aid trucks used the humanitarian corridor again.",
                 "استخدمت الشاحنات الممر الإنساني", "استخدمت الشاحنات الرواق الإنساني"),
        evidence("b", 9, "Nothing in common here at all.", "الممر", "الممر"),  # no change: no evidence
    ]
    [proposal] = proposals(corrections, [entry("Herat")])
    assert (proposal.en, proposal.language, proposal.old, proposal.new) == (
        "humanitarian corridor", "ar", "الممر", "الرواق")
    assert [(e.slug, e.sentence) for e in proposal.evidence] == [("a", 3), ("b", 7)]
    assert proposal.note.startswith("proposed from 2 corrections replacing 'الممر' by 'الرواق' (Rahima)")
    # one correction, or a term the glossary has, proposes nothing
    assert proposals(corrections[:1], []) == []
    assert proposals(corrections, [entry("humanitarian corridor")]) == []
    # the same sentence corrected twice is one piece of evidence
    assert proposals([corrections[0], corrections[0]], []) == []


def test_names_come_before_other_shared_words():
    matcher = SourceMatcher([])
    sources = ["Ahmad Massoud met the delegation in the capital.", "The delegation later met Ahmad Massoud."]
    assert shared_term(sources, matcher) == "Ahmad Massoud"
    assert shared_term(["alpha beta", "gamma delta"], matcher) is None
    assert shared_term(["of the and", "the of and"], matcher) is None  # stop words alone are no term


def test_word_runs_skip_stop_word_edges_and_keep_the_spelling():
    runs = word_runs("The chargé d’affaires of the US Mission")
    assert runs[("charge", "d'affaires")] == "chargé d’affaires"
    assert ("the", "us") not in runs and ("us", "mission") in runs
    assert word_runs("") == {} and word_runs("<script>") == {("script",): "script"}
    assert len(max(word_runs("a b c d e f g h").keys(), key=len)) <= 4
