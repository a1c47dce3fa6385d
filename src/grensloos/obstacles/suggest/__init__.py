"""Suggestions for the obstacle register: likely classification and similar obstacles, across languages.

Three layers, each scoring in [0, 1] and combined with weights (see ``similar.DEFAULT_WEIGHTS``):

1. lexical: Snowball stems per language and character n-grams, TF-IDF (``lexical.py``);
2. cross-lingual glossary: the field's concepts in nl/fr/de/en mapped to concept ids (``glossary.py``,
   ``data/glossary.yaml``);
3. multilingual sentence embeddings, backend chosen by ``OBSTACLES_EMBEDDING_BACKEND`` (``embedding.py``).

See docs/obstacles-suggestions.md.
"""

from .classify import classify, train
from .embedding import DEFAULT_BACKEND, backend_name, embed_obstacle, embed_texts
from .index import reset_index
from .similar import Match, similar_to_obstacle, similar_to_text
from .text import detect_language

__all__ = [
    "DEFAULT_BACKEND",
    "Match",
    "backend_name",
    "classify",
    "detect_language",
    "embed_obstacle",
    "embed_texts",
    "reset_index",
    "similar_to_obstacle",
    "similar_to_text",
    "train",
]
