"""Persian (Perso-Arabic script) → Tajik (Cyrillic): the converter behind the "tg" route.

``load_converter()`` gives the built-in lexicon + morphology + letter-rule converter;
``load_converter(model_dir)`` a character-level CTranslate2 model (format in charmodel.py);
``load_tajik_route`` the route post-processor on one (routes.PostProcessor).
"""

from .converter import PersianToTajik, TajikRoute, load_converter, load_tajik_route, transliterate_lines

__all__ = ["PersianToTajik", "TajikRoute", "load_converter", "load_tajik_route", "transliterate_lines"]
