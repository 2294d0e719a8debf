"""The REST API in-process: auth and scopes, limits, problem+json, checks, pages, entities."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from models import ArticleIn
from models.check import MAX_CHECK_CHARS
from service import workspace as workspace_module
from service.api.main import create_app
from service.settings import Settings
from service.storage import repo
from service.workspace import Workspace

PROBLEM = "application/problem+json"
ApiClient = tuple[TestClient, dict[str, str]]  # the client and its keys by scope


def demo_articles(demo_corpus: Path) -> list[dict[str, Any]]:
    return [
        ArticleIn.model_validate_json(line).model_dump(mode="json")
        for line in demo_corpus.read_text().splitlines()
    ]


@pytest.fixture()
def settings(tmp_path: Path, database_url: str | None) -> Settings:
    """Refreshes compare in the server's process here, where a test can watch them; the
    real servers of test_server.py compare in a refresh process, as servers do by default."""
    return Settings(
        home=tmp_path / "home",
        database_url=database_url,
        rate_limit_per_minute=1000,
        api_refresh_process=False,
    )


def make_keys(settings: Settings) -> dict[str, str]:
    workspace = Workspace(settings)
    with workspace.sessions.begin() as session:
        write, _ = repo.create_api_key(session, name="importer", scopes=["read", "write"])
        read, _ = repo.create_api_key(session, name="reader", scopes=["read"])
    workspace.close()
    return {"write": write, "read": read}


@pytest.fixture()
def api(settings: Settings) -> Iterator[ApiClient]:
    keys = make_keys(settings)
    with TestClient(create_app(settings)) as client:
        yield client, keys


@pytest.fixture()
def loaded(api: ApiClient, demo_corpus: Path) -> ApiClient:
    client, keys = api
    response = client.post(
        "/v1/articles",
        json={"articles": demo_articles(demo_corpus)},
        headers={"X-API-Key": keys["write"]},
    )
    assert response.status_code == 200, response.text
    wait_for_background_refresh()
    return client, keys


def wait_for_background_refresh() -> None:
    for thread in threading.enumerate():
        if thread.name == "parallax-refresh":
            thread.join(timeout=120)
            assert not thread.is_alive()


def test_new_articles_are_compared_before_anyone_reads_the_findings(
    api: ApiClient, demo_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, keys = api
    posted = client.post(
        "/v1/articles",
        json={"articles": demo_articles(demo_corpus)},
        headers={"X-API-Key": keys["write"]},
    )
    assert posted.status_code == 200 and posted.json()["items"]
    wait_for_background_refresh()

    def no_comparison(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a reader compared the corpus: the background refresh had not")

    monkeypatch.setattr(workspace_module, "find_discrepancies", no_comparison)
    listed = client.get("/v1/discrepancies", params={"limit": 500})
    assert listed.status_code == 200 and len(listed.json()["items"]) >= 8
    # Posting the same articles again creates nothing, so nothing is compared again.
    again = client.post(
        "/v1/articles",
        json={"articles": demo_articles(demo_corpus)},
        headers={"X-API-Key": keys["write"]},
    )
    assert again.status_code == 200 and not any(i["created"] for i in again.json()["items"])
    assert not [t for t in threading.enumerate() if t.name == "parallax-refresh"]


def test_writes_need_a_write_key_and_store_nothing_without_one(
    api: ApiClient, demo_corpus: Path
) -> None:
    client, keys = api
    body = {"articles": demo_articles(demo_corpus)[:2]}
    missing = client.post("/v1/articles", json=body)
    assert missing.status_code == 401 and missing.headers["content-type"] == PROBLEM
    assert "X-API-Key" in missing.json()["detail"]
    wrong = client.post("/v1/articles", json=body, headers={"X-API-Key": "plx_not-a-key"})
    assert wrong.status_code == 401
    read_only = client.post("/v1/articles", json=body, headers={"X-API-Key": keys["read"]})
    assert read_only.status_code == 403 and "'write' scope" in read_only.json()["detail"]
    assert client.get("/readyz").json()["articles"] == 0

    created = client.post(
        "/v1/articles", json=body, headers={"Authorization": f"Bearer {keys['write']}"}
    )
    assert created.status_code == 200
    assert [item["created"] for item in created.json()["items"]] == [True, True]
    again = client.post(
        "/v1/articles", json=body["articles"][0], headers={"X-API-Key": keys["write"]}
    )
    assert again.json()["items"][0]["created"] is False


def test_per_item_errors_do_not_stop_the_batch(api: ApiClient) -> None:
    client, keys = api
    body = [
        {
            "id": "ok",
            "outlet": "Metro Wire",
            "text": "Police in Port Alder said seven people were killed.",
        },
        {"id": "empty", "outlet": "Metro Wire", "text": "   "},
    ]
    result = client.post("/v1/articles", json=body, headers={"X-API-Key": keys["write"]}).json()
    assert [item["article_id"] for item in result["items"]] == ["ok"]
    assert result["errors"] == [{"source": "item 1", "message": "the article text is empty"}]


def test_a_bad_item_is_refused_by_its_position_and_the_rest_go_in(api: ApiClient) -> None:
    client, keys = api
    good = {
        "id": "good",
        "outlet": "Metro Wire",
        "text": "Police in Port Alder said seven people were killed.",
        "section": "news",
    }
    body = [
        good,
        {"outlet": "Metro Wire"},
        {"text": 5},
        {"text": "Seven hurt.", "published": "2026-99-01"},
    ]
    response = client.post("/v1/articles", json=body, headers={"X-API-Key": keys["write"]})
    assert response.status_code == 200, response.text
    result = response.json()
    assert [item["article_id"] for item in result["items"]] == ["good"]
    assert result["errors"] == [
        {"source": "item 1", "message": "text: Field required"},
        {"source": "item 2", "message": "text: Input should be a valid string"},
        {
            "source": "item 3",
            "message": "published: Input should be a valid date or datetime, month value is "
            "outside expected range of 1-12",
        },
    ]
    assert result["warnings"] == ["item 0: ignored unknown fields: section"]
    assert client.get("/v1/articles/good").status_code == 200


def test_one_article_that_cannot_go_in_is_a_problem(api: ApiClient) -> None:
    client, keys = api
    headers = {"X-API-Key": keys["write"]}
    empty = client.post("/v1/articles", json={"id": "e", "text": "  "}, headers=headers)
    assert empty.status_code == 422 and empty.headers["content-type"] == PROBLEM
    assert empty.json()["detail"] == "The article was refused: the article text is empty."
    shapeless = client.post("/v1/articles", json="Seven people were killed.", headers=headers)
    assert shapeless.status_code == 422 and '{"articles": [...]}' in shapeless.json()["detail"]


def test_validation_errors_are_problems_naming_the_field(api: ApiClient) -> None:
    client, keys = api
    response = client.post("/v1/claims/check", json={"text": ""})
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
    assert response.json()["errors"][0]["field"] == "text"
    dated = client.post("/v1/claims/check", json={"text": "Seven hurt.", "published": "2026-99"})
    assert [error["field"] for error in dated.json()["errors"]] == ["published"]
    assert dated.json()["detail"] == "The request is not valid: check published."
    for path, headers in (("/v1/claims/check", {}), ("/v1/articles", {"X-API-Key": keys["write"]})):
        not_json = client.post(
            path, content=b"{not json", headers={**headers, "Content-Type": "application/json"}
        )
        assert not_json.status_code == 422 and not_json.headers["content-type"] == PROBLEM
        assert not_json.json()["detail"].startswith("The body is not valid JSON: Expecting")
        form = client.post(
            path,
            content=b'{"text": "Seven hurt."}',
            headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
        )
        assert form.status_code == 415
        assert "Content-Type: application/json" in form.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/v1/discrepancies?cursor=%00",
        "/v1/discrepancies?outlet=Metro%00Wire",
        "/v1/entities/e-%00",
        "/v1/articles/demo-01%00",
    ],
)
def test_a_nul_in_the_path_or_query_is_the_callers_mistake(api: ApiClient, path: str) -> None:
    """PostgreSQL refuses NUL in text: schemathesis found it as a 500, now it is a 400."""
    client, _ = api
    response = client.get(path)
    assert response.status_code == 400 and response.headers["content-type"] == PROBLEM
    assert "NUL" in response.json()["detail"]


def test_a_nul_in_an_article_is_a_space_in_its_text_and_refused_elsewhere(api: ApiClient) -> None:
    client, keys = api
    headers = {"X-API-Key": keys["write"]}
    text = {"id": "nul-text", "outlet": "Metro Wire", "text": "Seven people were\x00 killed."}
    assert client.post("/v1/articles", json=[text], headers=headers).status_code == 200
    stored = client.get("/v1/articles/nul-text").json()["article"]
    assert stored["text"] == "Seven people were  killed."
    outlet = {"id": "nul-outlet", "outlet": "Metro\x00Wire", "text": "Seven people were killed."}
    in_a_batch = client.post("/v1/articles", json=[outlet], headers=headers).json()
    assert in_a_batch["items"] == [] and "NUL" in in_a_batch["errors"][0]["message"]
    alone = client.post("/v1/articles", json=outlet, headers=headers)
    assert alone.status_code == 422 and "NUL" in alone.json()["detail"]
    checked = client.post("/v1/claims/check", json={"text": "Seven killed.", "outlet": "\x00"})
    assert checked.status_code == 422
    ((field, problem),) = [(e["field"], e["problem"]) for e in checked.json()["errors"]]
    assert field == "outlet" and "NUL" in problem


def test_limits(tmp_path: Path, database_url: str | None) -> None:
    settings = Settings(
        home=tmp_path / "home",
        database_url=database_url,
        max_body_bytes=2_000,
        max_batch=2,
        rate_limit_per_minute=3,
    )
    keys = make_keys(settings)
    with TestClient(create_app(settings)) as client:
        headers = {"X-API-Key": keys["write"]}
        big = client.post("/v1/articles", json={"text": "x" * 5_000}, headers=headers)
        assert big.status_code == 413 and "2,000 bytes" in big.json()["detail"]
        batch = [{"text": f"Police said {n} people were hurt."} for n in range(3)]
        assert client.post("/v1/articles", json=batch, headers=headers).status_code == 413
        statuses = [client.get("/v1/discrepancies").status_code for _ in range(4)]
        assert statuses[-1] == 429
        limited = client.get("/v1/discrepancies")
        assert (
            limited.headers["content-type"] == PROBLEM and int(limited.headers["Retry-After"]) >= 1
        )


def test_closed_reads_need_a_key(tmp_path: Path, database_url: str | None) -> None:
    settings = Settings(home=tmp_path / "home", database_url=database_url, api_open_reads=False)
    keys = make_keys(settings)
    with TestClient(create_app(settings)) as client:
        assert client.get("/v1/discrepancies").status_code == 401
        assert (
            client.get("/v1/discrepancies", headers={"X-API-Key": keys["read"]}).status_code == 200
        )


def test_check_finds_the_conflict_and_the_matches(loaded: ApiClient) -> None:
    client, _ = loaded
    result = client.post(
        "/v1/claims/check",
        json={
            "text": "Twenty people were killed when the Merrow Bridge in Port Alder collapsed on Sunday.",
            "published": "2026-03-09",
            "outlet": "Evening Post",
        },
    ).json()
    assert result["verdict"] == "conflicting"
    assert result["claims"][0]["quantities"][0]["value"] == 20
    assert {match["article_id"] for match in result["matches"]} >= {"demo-01", "demo-02"}
    killed = next(f for f in result["discrepancies"] if f["subject"] == "killed")
    assert any(value["outlets"] == ["Evening Post"] for value in killed["values"])


def test_check_of_an_agreeing_and_an_unknown_claim(loaded: ApiClient) -> None:
    client, _ = loaded
    agreeing = client.post(
        "/v1/claims/check",
        json={
            "text": "Fifteen people were injured in the Merrow Bridge collapse in Port Alder, hospital officials said.",
            "outlet": "Evening Post",
        },
    ).json()
    assert agreeing["verdict"] == "supported" and agreeing["matches"]
    unknown = client.post(
        "/v1/claims/check", json={"text": "The Lisbon orchestra will tour Japan in May."}
    ).json()
    assert unknown["verdict"] == "unverified" and unknown["matches"] == []


def test_a_draft_gets_a_verdict_per_claim(loaded: ApiClient) -> None:
    client, _ = loaded
    result = client.post(
        "/v1/claims/check",
        json={
            "text": "The Lisbon orchestra will tour Japan in May with 80 musicians.\n"
            "Twenty people were killed when the Merrow Bridge in Port Alder collapsed on Sunday.",
            "published": "2026-03-09",
        },
    ).json()
    assert result["verdict"] == "conflicting"
    assert result["claim_verdicts"] == ["unverified", "conflicting"]
    assert all(match["posted_claims"] == [1] for match in result["matches"])


def test_metrics_count_checks_answered_from_memory(loaded: ApiClient) -> None:
    client, _ = loaded

    def counted(name: str) -> float:
        lines = client.get("/metrics").text.splitlines()
        return float(next(line.split()[-1] for line in lines if line.startswith(name + " ")))

    hits, misses = (
        counted("parallax_check_cache_hits_total"),
        counted("parallax_check_cache_misses_total"),
    )
    claim = {"text": "Seven people were killed when the Merrow Bridge collapsed in Port Alder."}
    for _ in range(3):
        assert client.post("/v1/claims/check", json=claim).status_code == 200
    assert counted("parallax_check_cache_misses_total") == misses + 1
    assert counted("parallax_check_cache_hits_total") == hits + 2
    assert counted("parallax_check_cache_claims") >= 1


def test_discrepancy_pages_follow_the_cursor(loaded: ApiClient) -> None:
    client, _ = loaded
    everything = client.get("/v1/discrepancies", params={"limit": 500}).json()["items"]
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/discrepancies", params=params).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [f["id"] for f in seen] == [f["id"] for f in everything] and len(seen) >= 8
    numbers = client.get("/v1/discrepancies", params={"kind": "number", "status": "update"}).json()[
        "items"
    ]
    assert [f["subject"] for f in numbers] == ["killed"]
    assert client.get("/v1/discrepancies", params={"kind": "gossip"}).status_code == 422
    for garbage in ("garbage", "n-" + seen[0]["id"].split("-")[1]):  # an id before ids named kinds
        bad_cursor = client.get("/v1/discrepancies", params={"cursor": garbage})
        assert bad_cursor.status_code == 422 and "next_cursor" in bad_cursor.json()["detail"]


def test_discrepancies_since_a_date_or_a_span_of_hours(loaded: ApiClient) -> None:
    """The demo's articles are of March 2026: every finding since the 1st, none in a day."""
    client, _ = loaded
    everything = client.get("/v1/discrepancies", params={"limit": 500}).json()["items"]
    since_march = client.get("/v1/discrepancies", params={"since": "2026-03-01", "limit": 500})
    assert since_march.json()["items"] == everything
    assert client.get("/v1/discrepancies", params={"since": "24h"}).json()["items"] == []
    assert len(client.get("/v1/discrepancies", params={"since": "36500d"}).json()["items"]) > 0
    unreadable = client.get("/v1/discrepancies", params={"since": "last week"})
    assert unreadable.status_code == 422 and "'24h', '7d'" in unreadable.json()["detail"]


def test_article_and_entity(loaded: ApiClient) -> None:
    client, _ = loaded
    article = client.get("/v1/articles/demo-01").json()
    assert article["article"]["outlet"] == "Harbour Herald" and article["claims"]
    missing = client.get("/v1/articles/nope")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    names = client.get("/v1/discrepancies", params={"kind": "name"}).json()["items"]
    entity = client.get(f"/v1/entities/{names[0]['entity_id']}").json()
    assert entity["name"] == "Yusuf Qaradi"
    assert {s["form"] for s in entity["spellings"]} == {
        "Yusuf Qaradi",
        "Youssef Kharadi",
        "Yusuf Karadi",
    }


def test_health_readiness_metrics_and_reports(loaded: ApiClient) -> None:
    client, _ = loaded
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["model_loaded"] and ready["index_in_step"] and ready["articles"] == 10
    metrics = client.get("/metrics").text
    assert 'parallax_requests_total{method="POST",route="/v1/articles",status="200"}' in metrics
    assert client.get("/v1/reports/latest").status_code == 404


def test_editor_page_is_served(api: ApiClient) -> None:
    client, _ = api
    page = client.get("/")
    assert page.status_code == 200 and "check-form" in page.text
    assert f'maxlength="{MAX_CHECK_CHARS}"' in page.text  # what the API takes, no more
    assert "textContent" in client.get("/static/editor.js").text
