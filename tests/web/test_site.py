"""The web site and JSON API on a small stored directory."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from web import create_app


def test_create_app_refuses_to_run_without_a_secret(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLINICS_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="CLINICS_SECRET_KEY"):
        create_app({"DATABASE_URL": db_url})


def test_home_has_one_labelled_search_box(client: FlaskClient) -> None:
    page = BeautifulSoup(client.get("/").data, "html.parser")
    field = page.find("input", {"name": "where"})
    assert field is not None and page.find("label", {"for": field["id"]}) is not None
    assert "988" in page.get_text() and "Not medical advice" in page.get_text()


def test_results_are_ordered_by_distance(client: FlaskClient) -> None:
    response = client.get("/search?where=80205&radius=50")
    assert response.status_code == 200
    names = [a.get_text() for a in BeautifulSoup(response.data, "html.parser").select(".result h2 a")]
    assert names == ["Denver Test Clinic", "Boulder Test Clinic"]


def test_results_say_so_when_nothing_is_near(client: FlaskClient) -> None:
    response = client.get("/search?where=Miami, FL&radius=10")
    assert response.status_code == 200 and b"No clinic in our directory" in response.data


def test_bad_place_is_a_clear_400_with_suggestions(client: FlaskClient) -> None:
    response = client.get("/search?where=Denvr, CO")
    assert response.status_code == 400
    text = BeautifulSoup(response.data, "html.parser").get_text()
    assert "couldn't find" in text and "Denver, CO" in text


def test_clinic_page_shows_evidence_linked_to_source(client: FlaskClient) -> None:
    page = BeautifulSoup(client.get("/clinics/denver-test-clinic").data, "html.parser")
    quotes = [q.get_text() for q in page.select(".evidence blockquote")]
    assert any("board-certified anesthesiologist" in q for q in quotes)
    sources = page.select(".evidence .source a")
    assert sources and all(a["href"] == "http://127.0.0.1:9001/" for a in sources)
    assert "Not stated on the pages we read (confidence" in page.get_text()
    assert page.select_one('a[href^="tel:"]') is not None


def test_unknown_clinic_is_404(client: FlaskClient) -> None:
    assert client.get("/clinics/nope").status_code == 404


def test_api_search_matches_the_page(client: FlaskClient) -> None:
    data = client.get("/api/v1/clinics?near=Denver, CO&radius=50").get_json()
    assert [c["name"] for c in data["clinics"]] == ["Denver Test Clinic", "Boulder Test Clinic"]
    assert data["clinics"][0]["distance_mi"] <= data["clinics"][1]["distance_mi"]
    assert "iv" in data["clinics"][0]["modalities"]
    assert "cash_only" in data["clinics"][1]["insurance"]


def test_api_errors_are_json_400(client: FlaskClient) -> None:
    response = client.get("/api/v1/clinics?near=nowhere-at-all&radius=10")
    assert response.status_code == 400 and response.get_json()["error"]["message"]
    response = client.get("/api/v1/clinics?near=80205&radius=500")
    assert response.status_code == 400


def test_api_clinic_has_findings_with_quotes(client: FlaskClient) -> None:
    [first] = client.get("/api/v1/clinics?near=78701&radius=5").get_json()["clinics"]
    data = client.get(f"/api/v1/clinics/{first['id']}").get_json()
    assert data["findings"] and all(f["quote"] and f["url"] for f in data["findings"])
    assert client.get("/api/v1/clinics/999999").status_code == 404


def _plain(markdown: str) -> str:
    """What a reader sees of inline markdown: the words, without the markers."""
    return " ".join(markdown.replace("`", "").replace("*", "").split())


def test_how_we_grade_shows_every_criterion_in_html_not_markdown(client: FlaskClient) -> None:
    from scoring.docs import INTRO, sections

    main = BeautifulSoup(client.get("/how-we-grade").data, "html.parser").main
    assert main is not None
    for paragraph in INTRO:
        assert _plain(paragraph) in " ".join(main.get_text().split())
    for section in sections():
        block = main.find(id=f"c-{section.key}").find_parent("section")
        text = " ".join(block.get_text().split())
        assert section.title in text and _plain(section.question) in text
        assert _plain(section.description) in text
        assert [" ".join(li.get_text().split()) for li in block.find("h3", string="Based on").find_next("ul")("li")] \
            == [_plain(source) for source in section.sources]
        assert section.points and all(_plain(line) in text for line in section.points)
    shown = main.get_text()
    assert "*" not in shown and "`" not in shown  # no markdown left raw
    assert [em.get_text() for em in main.select("p em")][:2] == ["not stated", "Not stated"]
    assert main.find("code", string="scoring/weights.toml") is not None


@pytest.mark.parametrize("url", ["/", "/search?where=80205&radius=50", "/clinics/denver-test-clinic", "/how-we-grade",
                                 "/api/v1/clinics?near=80205", "/static/site.css", "/no-such-page"])
def test_every_response_forbids_assets_from_other_origins(client: FlaskClient, url: str) -> None:
    with client.get(url) as response:  # a static file stays open until the response is closed
        policy = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == directives["script-src"] == directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == directives["base-uri"] == "'self'" and directives["object-src"] == "'none'"


@pytest.mark.parametrize("url", ["/", "/search?where=80205&radius=50", "/clinics/denver-test-clinic", "/how-we-grade",
                                 "/clinics/denver-test-clinic/correction", "/login"])
def test_pages_have_no_inline_script_or_style_the_policy_would_block(client: FlaskClient, url: str) -> None:
    page = BeautifulSoup(client.get(url).data, "html.parser")
    assert page.find("style") is None and page.find(style=True) is None
    assert not [tag.name for tag in page.find_all(True) if any(attr.startswith("on") for attr in tag.attrs)]
    for script in page.find_all("script"):  # a file of the site's own, or JSON-LD (data, which CSP leaves alone)
        assert script.get("src", "").startswith("/static/") or script.get("type") == "application/ld+json", script
    for tag in page.find_all(["link", "img", "script", "form"]):
        target = tag.get("href") or tag.get("src") or tag.get("action") or ""
        assert not target.startswith(("http:", "https:", "//")), tag
