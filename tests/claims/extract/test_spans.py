"""Sentence text and entities looked up once per document give what spaCy's spans give."""

from __future__ import annotations

from spacy.language import Language

from claims.extract.spans import Entities, source_text

TEXT = (
    "Police in Tripoli said eleven people were killed on Monday. "
    "The UN envoy Ghassan Salame called for a ceasefire. "
    "No one else was hurt."
)


def test_entities_within_each_sentence_match_spacy(nlp: Language) -> None:
    doc = nlp(TEXT)
    entities = Entities(doc)
    sentences = list(doc.sents)
    assert len(sentences) == 3
    for sent in [*sentences, doc[2:9], doc[:]]:
        assert [(e.start, e.end, e.label_) for e in entities.within(sent)] == [
            (e.start, e.end, e.label_) for e in sent.ents
        ]
    assert [e.text for e in entities.within(sentences[1])] == ["UN", "Ghassan Salame"]
    assert entities.within(sentences[2]) == []


def test_source_text_reads_document_offsets_inside_a_sentence(nlp: Language) -> None:
    doc = nlp(TEXT)
    second = list(doc.sents)[1]
    start = TEXT.index("Ghassan")
    end = start + len("Ghassan Salame")
    assert source_text(second, start, end) == "Ghassan Salame" == doc.text[start:end]
