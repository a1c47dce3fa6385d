"""Text handling shared by the layers: language detection, tokens, stems.

Everything here is pure Python on one text at a time and cached where words repeat (stems), so that
analysing a large register stays linear in its number of words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

LANGUAGES = ("nl", "fr", "de", "en")
_STEMMER_NAMES = {"nl": "dutch", "fr": "french", "de": "german", "en": "english"}
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
# Elided articles and pronouns in French (l', d', qu') and the English possessive.
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)

# Short function words of the four languages; they carry no meaning for matching and would only add
# long posting lists to the lexical index. Kept deliberately short: the TF-IDF weighting handles the rest.
_STOPWORD_TEXT = """
    de het een en van in op te dat die is ik je mijn wij we ze zij hij met voor niet er aan om ook als
    maar bij of dan nog naar door uit over tot wordt worden werd zijn was heb heeft hebben kan kunnen moet
    moeten mag zal zou wel geen meer deze dit hun onze ons u uw wat wie waar hoe men al toch omdat
    le la les un une des du et en au aux dans pour par sur pas ne est sont être été je il elle nous vous
    ils elles mon ma mes son sa ses leur leurs ce cette ces qui que quoi dont où avec sans mais ou donc
    ni car se plus très tout tous toute toutes avoir ai as avons avez ont fait peut peux doit dois faut
    der die das den dem des ein eine einen einem einer und oder aber in im ins auf für mit von vom zu
    zum zur bei aus nach ist sind war wurde werden wird bin habe hat haben ich du er sie es wir ihr mein
    meine kein keine nicht auch noch nur so wie als wenn dass weil kann können muss müssen darf man sich
    the a an and or of to in on for with by from at is are was were be been have has had i my we our
    you your he she it they their this that these those not no can cannot could must should would will
    do does did as but if than so there here which who what when where how
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ß", "ss")


def words(text: str) -> list[str]:
    """Lower-case words of a text, elisions removed, hyphenated words split."""
    found = []
    for match in _WORD.finditer(text or ""):
        word = _ELISION.sub("", match.group(0).lower())
        for part in re.split(r"['’-]", word):
            if part:
                found.append(part)
    return found


@lru_cache(maxsize=8)
def _stemmer(language: str):  # noqa: ANN202
    import snowballstemmer

    return snowballstemmer.stemmer(_STEMMER_NAMES.get(language, "english"))


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The Snowball stem of one lower-case word, without accents (so stems of all languages compare)."""
    if word.isdigit():
        return word
    return strip_accents(_stemmer(language).stemWord(word))


def stems(text: str, language: str, *, keep_stopwords: bool = False) -> list[str]:
    return [stem(w, language) for w in words(text) if keep_stopwords or w not in STOPWORDS]


_IDENTIFIER = None


def _identifier():  # noqa: ANN202
    global _IDENTIFIER
    if _IDENTIFIER is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        identifier.set_languages(list(LANGUAGES))
        _IDENTIFIER = identifier
    return _IDENTIFIER


def detect_language(text: str, default: str = "en") -> str:
    """The most likely of nl/fr/de/en; ``default`` for a text without letters. Never raises."""
    if not text or not any(ch.isalpha() for ch in text):
        return default
    try:
        language, _confidence = _identifier().classify(text)
    except Exception:  # a broken input must not break intake  # noqa: BLE001
        return default
    return language if language in LANGUAGES else default
