"""segment(): check-worthy sentences with attribution, quotes whole, polarity."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from claims.clean import clean
from claims.config import SegmentConfig
from claims.segment import segment
from models import Claim


def claims_of(nlp: Language, text: str) -> list[Claim]:
    return [found.claim for found in segment(nlp(clean(text)), SegmentConfig())]


def test_attribution_from_a_trailing_said(nlp: Language) -> None:
    (claim,) = claims_of(
        nlp,
        "The United States and Russia both said on Thursday they could not support a United "
        "Nations Security Council resolution calling for a ceasefire in Libya at this time, "
        "diplomats said.",
    )
    assert claim.attribution == "The United States and Russia"
    assert claim.predicate == "support" and claim.negated


def test_attribution_from_according_to(nlp: Language) -> None:
    (claim,) = claims_of(
        nlp,
        "According to the Ministry of Health of the government of Libya, eleven people were "
        "killed and 23 injured in the fighting over Tripoli.",
    )
    assert claim.attribution == "the Ministry of Health of the government of Libya"
    assert claim.predicate == "kill" and not claim.negated


def test_attribution_to_evidence_that_shows_a_clause(nlp: Language) -> None:
    """'City records show' is a source as 'officials said' is; the claim is what they show."""
    (claim,) = claims_of(
        nlp, "City records show the Merrow Bridge passed two safety inspections last year."
    )
    assert claim.attribution == "City records"
    assert claim.predicate == "pass" and not claim.negated


def test_showing_a_thing_attributes_nothing(nlp: Language) -> None:
    (claim,) = claims_of(
        nlp, "The harbour camera's video shows the Merrow Bridge an hour before the collapse."
    )
    assert claim.attribution is None
    assert claim.predicate == "show"


def test_a_quote_split_over_sentences_stays_one_claim(nlp: Language) -> None:
    text = (
        '"I leave Libya with a heavy heart and deeply concerned. I still hope it is possible to '
        'avoid a bloody confrontation in and around Tripoli," he said on Twitter after his meeting.'
    )
    (claim,) = claims_of(nlp, text)
    assert claim.is_quote
    assert claim.text == text


def test_a_stray_quote_mark_does_not_swallow_the_next_paragraph(nlp: Language) -> None:
    """Captured copy closes a quote after a space; spaCy gives the mark to the next sentence,
    which then looked like an open quotation joining the following paragraphs to it."""
    text = (
        'He added: "We will stand alongside the families who lost loved ones.\n'
        '"Those responsible will be identified and held accountable for what they have done. "\n'
        "The general strike was staged as a protest against a new round of austerity measures.\n"
        "Police said as many as 20,000 people took to the streets of Athens.\n"
        "Violence was also reported in Thessaloniki, where a further 20,000 people joined the "
        "city's demonstrations.\n"
    )
    texts = [claim.text for claim in claims_of(nlp, text)]
    assert "Police said as many as 20,000 people took to the streets of Athens." in texts
    assert (
        "Violence was also reported in Thessaloniki, where a further 20,000 people joined the "
        "city's demonstrations." in texts
    )


def test_a_quote_closed_on_its_own_line_ends_there(nlp: Language) -> None:
    text = (
        'The minister said: "We were warned about the bridge.\n'
        'We acted on every warning we were given."\n'
        "Twelve people were killed when the Merrow Bridge collapsed on Sunday.\n"
    )
    texts = [claim.text for claim in claims_of(nlp, text)]
    assert texts[-1] == "Twelve people were killed when the Merrow Bridge collapsed on Sunday."


def test_quote_marks_padded_with_spaces_are_read_by_position(nlp: Language) -> None:
    """ECB+ captures pad marks on both sides: the one between spaces closes this quotation."""
    text = (
        '" Several crucial minutes were lost, " the official said, visibly upset.\n'
        "Twelve people were killed when the Merrow Bridge collapsed on Sunday.\n"
    )
    texts = [claim.text for claim in claims_of(nlp, text)]
    assert texts == [
        '" Several crucial minutes were lost, " the official said, visibly upset.',
        "Twelve people were killed when the Merrow Bridge collapsed on Sunday.",
    ]


def test_a_sentence_wrapped_over_lines_stays_one_claim(nlp: Language) -> None:
    text = (
        "The Security Council called on the warring parties to allow safe passage for\n\n"
        "unconditional humanitarian aid to Port Alder, which has been cut off since Sunday.\n"
        "Harbour Gazette\n"
        "Twelve people were killed when the Merrow Bridge collapsed on Sunday.\n"
    )
    texts = [claim.text for claim in claims_of(nlp, text)]
    assert texts[0].startswith("The Security Council") and texts[0].endswith("since Sunday.")
    assert texts[-1] == "Twelve people were killed when the Merrow Bridge collapsed on Sunday."


def test_negated_subject_no_one(nlp: Language) -> None:
    (claim,) = claims_of(nlp, "No one was killed in the blast at the Kestrel Hill mine.")
    assert claim.negated and claim.predicate == "kill"


def test_no_longer_negates_its_verb(nlp: Language) -> None:
    (claim,) = claims_of(
        nlp,
        "Divers were no longer searching the river below the Merrow Bridge, Inspector Daniel "
        "Reyes said.",
    )
    assert (claim.predicate, claim.negated) == ("search", True)


def test_denial_flips_the_reported_clause(nlp: Language) -> None:
    (claim,) = claims_of(
        nlp,
        "The bridge operator, Alder Span Ltd, denied that the Merrow Bridge had failed safety "
        "inspections.",
    )
    assert claim.predicate == "fail" and claim.negated
    assert claim.subject == "bridge"


def test_the_subject_of_the_reported_statement(nlp: Language) -> None:
    (claim,) = claims_of(
        nlp,
        "The regulations don't require federal agencies to seek consultation with the U.S. Fish "
        "and Wildlife Service, the lawsuit said.",
    )
    assert (claim.predicate, claim.negated, claim.subject) == ("require", True, "regulation")


def test_headline_lines_do_not_swallow_the_next_paragraph(nlp: Language) -> None:
    claims = claims_of(
        nlp,
        "Twelve killed in Port Alder bridge disaster\n\nPolice said the Merrow Bridge collapsed on Sunday.",
    )
    assert [c.text for c in claims] == [
        "Twelve killed in Port Alder bridge disaster",
        "Police said the Merrow Bridge collapsed on Sunday.",
    ]


def test_repeated_standfirst_counts_once(nlp: Language) -> None:
    line = (
        "The UN Security Council has called on Libyan commander Khalifa Haftar to halt his forces."
    )
    assert len(claims_of(nlp, f"{line}\n{line}\n")) == 1


def test_spans_slice_the_raw_text(nlp: Language, seeds_dir: Path) -> None:
    raw = (seeds_dir / "000.txt").read_text(encoding="utf-8")
    claims = claims_of(nlp, raw)
    assert len(claims) >= 10
    for claim in claims:
        assert raw[claim.span.start : claim.span.end] == claim.text
    assert not any("Related article" in claim.text for claim in claims)
    attributions = {claim.attribution for claim in claims}
    assert "diplomats" in attributions


def test_a_dateline_is_not_the_source(nlp: Language) -> None:
    (claim,) = claims_of(
        nlp,
        "PORT ALDER — Seven people were killed and 15 injured when the Merrow Bridge in Port "
        "Alder collapsed late Sunday, police said.",
    )
    assert claim.attribution == "police"
    assert claim.text.startswith("Seven people")
