"""Russian morphology for the glossary, through pymorphy3: lemmas for matching inflected forms,
and the case a preposition governs for the names put in place of placeholders."""

from __future__ import annotations

import re

# Prepositions that govern one case only ("в", "на", "с", "за" govern two and are left alone).
_CASE_AFTER = {
    **dict.fromkeys("из изо от ото до у без безо для около возле после против среди вокруг кроме "
                    "вдоль мимо вместо из-за из-под".split(), "gent"),
    **dict.fromkeys("к ко благодаря согласно".split(), "datv"),
    **dict.fromkeys("о об обо при".split(), "loct"),
    **dict.fromkeys("над надо перед передо между".split(), "ablt"),
}
_LAST_WORD = re.compile(r"([\w-]+)\s+$")
# Lemmas that name one thing where pymorphy3 gives each its own: a movement and its members, a
# people and its adjective. A form with one of them accepts the others (Талибан: талибы, талибское).
_LEMMA_FAMILIES = (
    frozenset({"талибан", "талиб", "талибский"}),
    frozenset({"хазареец", "хазарейский"}),
    frozenset({"таджик", "таджикский"}),
    frozenset({"узбек", "узбекский"}),
    frozenset({"пакистанец", "пакистанский"}),
    frozenset({"шиит", "шиитский"}),
)


class RussianMorphology:
    """Owns one pymorphy3 MorphAnalyzer, loaded on first use, and a lemma cache."""

    def __init__(self):
        self._analyzer = None
        self._lemmas: dict[str, frozenset[str]] = {}

    @property
    def analyzer(self):
        if self._analyzer is None:
            import pymorphy3  # loads its dictionaries: only when Russian is checked

            self._analyzer = pymorphy3.MorphAnalyzer()
        return self._analyzer

    def lemmas(self, word: str) -> frozenset[str]:
        """The word (lower case, ё as е) and every lemma pymorphy3 gives it."""
        lemmas = self._lemmas.get(word)
        if lemmas is None:
            parses = self.analyzer.parse(word)
            lemmas = frozenset({word} | {p.normal_form.replace("ё", "е") for p in parses})
            self._lemmas[word] = lemmas
        return lemmas

    def related_lemmas(self, word: str) -> frozenset[str]:
        """The lemmas of ``word`` and of every family one of them belongs to (талибы → талибан)."""
        lemmas = self.lemmas(word)
        return lemmas.union(*(family for family in _LEMMA_FAMILIES if family & lemmas))

    def after_preposition(self, before: str, name: str) -> str:
        """``name`` in the case the preposition ending ``before`` governs (из + Кабул → Кабула).

        Only one-word place names in the dictionary are inflected; anything else is returned as is.
        """
        match = _LAST_WORD.search(before)
        case = _CASE_AFTER.get(match.group(1).lower()) if match else None
        if not case or " " in name or "-" in name or name.isupper():
            return name
        for parse in self.analyzer.parse(name):
            if "Geox" in parse.tag and "nomn" in parse.tag and "sing" in parse.tag:
                inflected = parse.inflect({case})
                if inflected:
                    word = inflected.word
                    return name[0] + word[1:] if name[0].isupper() else word
        return name
