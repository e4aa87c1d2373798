"""Persian (Perso-Arabic script) → Tajik (Cyrillic): the converter behind the "tg" route.

``load_converter()`` gives the built-in lexicon + morphology + letter-rule converter;
``load_converter(model_dir)`` a character-level CTranslate2 model (format in charmodel.py).
"""

from .converter import PersianToTajik, load_converter, transliterate_lines

__all__ = ["PersianToTajik", "load_converter", "transliterate_lines"]
