"""Which comparator made a set of findings, so a store can tell when its findings are stale.

Findings are stored and served until the claims change. An upgrade that compares differently,
or a setting that moves a threshold, changes what the same claims give, and a store must then
compare again rather than keep serving the old findings. `comparison_fingerprint` names both.
"""

from __future__ import annotations

import hashlib
import json

from claims.config import PipelineConfig

# What this version finds in a given set of claims. Raised whenever a detector, alignment or
# the shape of a finding changes, so that stores compare again on their next read;
# tests/claims/test_analysis_version.py fails when the demo and development findings move and
# neither this nor ANALYSIS_VERSION does. 1: finding ids start with their kind ('name-', not
# the 'n-' numbers also had). 2: statements include where outlets say a person lives.
# 3: past an article's lead, a toll that agrees with none of the lead's is not compared.
# 4: a spelling's family name is taken as written ('iran-Nejad' is not 'Irannejad').
# 5: the same weekday written by two outlets is never a date finding, whatever weeks it
# resolves to. 6: one distance from one place in opposite directions is a statement finding
# ('150 nautical miles east of Aden' / 'west of Aden'). 7: miles set against nautical miles
# may be nautical miles written short ('13 miles' / '13 nautical miles'). 8: a bearing's
# evidence starts where the extractor's figure does, hedge included ('around 150 ...').
# 9: a stated zero is set against a toll in claims 0.6 alike, as figures are, and not by a
# claim that gives the zero too. 10: 'passed' and 'failed' are antonyms (inspections, motions).
# 11: every statement rule reads claims 0.6 alike, as alignment pairs them ('did not collapse').
# 12: a fraction in words is as precise as the fraction ('half a mile' is not 300 metres).
# 13: 'is survived by' is no antonym of 'died'. 14: a place named with and without 'City'
# is one place to alignment ('Qeshm City' / 'Qeshm'), and a name said to come through whole
# is disputed by the same name hit ('Qeshm, was undamaged' / 'toppled in ... Qeshm City').
# 15: capitalised words stand for the name spaCy missed before a whole state ('The Merrow
# Bridge was undamaged.'). 16: a person's marriages are counted exactly, and compared only
# when both clauses name that person ('Page married twice' / 'Page was married three times').
# 17: a city named after its country or state keeps its 'City' ('Mexico City' is not Mexico).
# 18: a place by its older name or without its accents is one place ('Bombay' is Mumbai).
# 19: a month or weekday before a marriage count names no one ('In February she married').
# 20: late one day and early the next are one night ('late Thursday' / 'early Friday').
# 21: the organisation a claim cites anchors nothing ('..., the U.S. Geological Survey said').
# 22: a cited organisation is one named whole in the attribution ('an UNRWA official' cites no UN).
COMPARISON_VERSION = 22
# Detector settings that change how fast findings come, not which.
SPEED_ONLY = {"statement": {"nli_batch_size", "nli_cache_readings"}}


def comparison_fingerprint(config: PipelineConfig) -> str:
    """The comparator version and a digest of the settings it reads, as 'v1.e7b109f72e': the
    model that embeds figures' clauses, the index that finds neighbours, alignment and the
    detectors. Parsing and batching settings change no finding made from stored claims."""
    settings = json.dumps(
        [
            config.embed.model,
            config.index.model_dump(mode="json"),
            config.align.model_dump(mode="json"),
            config.detectors.model_dump(mode="json", exclude=SPEED_ONLY),
        ],
        sort_keys=True,
    )
    digest = hashlib.sha256(settings.encode()).hexdigest()[:10]
    return f"v{COMPARISON_VERSION}.{digest}"
