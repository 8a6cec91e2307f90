"""A small readability measure for Dutch prose at language level B1.

B1 guidance (Direct Duidelijk, Stichting Makkelijk Lezen) comes down to short
sentences and everyday words. We measure the two things that can be counted
without a dictionary: average sentence length in words, and the share of long
words (13 letters or more; Dutch compounds make long words the main source of
difficulty). ``learn check-modules`` prints the figures; the content tests hold
every module to the limits below.
"""

import dataclasses
import html
import re
from dataclasses import dataclass

import bleach
from markupsafe import Markup

MAX_AVERAGE_SENTENCE_WORDS = 15.0
LONG_WORD_LETTERS = 13
MAX_LONG_WORD_SHARE = 0.08

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'\-]*")


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    long_words: int

    @property
    def average_sentence_words(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def long_word_share(self) -> float:
        return self.long_words / self.words if self.words else 0.0

    @property
    def within_b1(self) -> bool:
        return self.average_sentence_words <= MAX_AVERAGE_SENTENCE_WORDS and self.long_word_share <= MAX_LONG_WORD_SHARE


def prose(value):
    """Every piece of rendered prose (``Markup``) inside a module, step or nested content."""
    if isinstance(value, Markup):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from prose(getattr(value, field.name))
    elif isinstance(value, (list, tuple, frozenset, set)):
        for item in value:
            yield from prose(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from prose(item)


def plain_text(text) -> str:
    """Rendered prose (or plain text) as the words a reader sees, one line per block."""
    block_ends = re.sub(r"</(p|li|h\d|td|th|blockquote)>", "\n", str(text))
    return html.unescape(bleach.clean(block_ends, tags=[], strip=True))


def count_words(texts) -> int:
    """Words in rendered prose or plain text, counted as :func:`measure` counts them."""
    return sum(len(_WORD.findall(plain_text(text))) for text in texts if text)


def measure(texts) -> Readability:
    """Readability of rendered prose taken together (one module's text)."""
    sentences = words = long_words = 0
    for text in texts:
        words_only = plain_text(text)
        for sentence in _SENTENCE_END.split(words_only):
            found = _WORD.findall(sentence)
            if not found:
                continue
            sentences += 1
            words += len(found)
            long_words += sum(1 for word in found if len(word.replace("-", "")) >= LONG_WORD_LETTERS)
    return Readability(sentences, words, long_words)
