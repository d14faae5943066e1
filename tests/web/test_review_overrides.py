"""Overrides in the review area: a form per criterion, open overrides with confirm and withdraw, all audited."""

from __future__ import annotations

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlmodel import select

from directory.db import session_scope
from directory.models import Page
from directory.overrides import overridable_criteria
from directory.rescore import rescore
from tests.web.helpers import form_token, parse, post_form
from tests.web.test_review import clinic_id


def criterion_section(page: BeautifulSoup, key: str) -> BeautifulSoup:
    return page.find(id=f"ev-{key}").find_parent("section")


def override(client: FlaskClient, cid: int, criterion: str, score: str, reason: str):  # type: ignore[no-untyped-def]
    url = f"/review/clinics/{cid}"
    return post_form(client, url, f"{url}/criteria/{criterion}/override",
                     {f"override-{criterion}-score": score, f"override-{criterion}-reason": reason})


def test_each_weighted_criterion_has_a_labelled_override_form(maintainer: FlaskClient, directory_db: str) -> None:
    cid = clinic_id(directory_db, "denver-test-clinic")
    page = parse(maintainer.get(f"/review/clinics/{cid}"))
    forms = page.select("details.override-form form")
    assert [f["action"] for f in forms] == [f"/review/clinics/{cid}/criteria/{key}/override"
                                             for key in overridable_criteria()]
    assert criterion_section(page, "red_flags").select("details.override-form") == []
    labels = [label.get_text() for label in page.select("details.override-form label")]
    assert len(labels) == len(set(labels)) == 2 * len(forms)  # every label names its criterion
    for form in forms:
        for control in form.select("input:not([type=hidden]), textarea"):
            assert page.find("label", {"for": control["id"]}) is not None
        assert form.find("input", {"name": lambda n: bool(n) and n.endswith("csrf_token")}) is not None


def test_an_override_changes_the_public_page_and_lands_in_the_audit_log(
    maintainer: FlaskClient, anon: FlaskClient, directory_db: str
) -> None:
    cid = clinic_id(directory_db, "denver-test-clinic")
    before = parse(anon.get("/clinics/denver-test-clinic")).find(id="crit-safety").find_parent("section")
    assert "90 / 100" not in before.get_text()
    response = override(maintainer, cid, "safety", "90", "The intake form behind the portal lists full screening.")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/review/clinics/{cid}#overrides")

    page = parse(maintainer.get(f"/review/clinics/{cid}"))
    assert "“Screening and monitoring” is now scored 90" in page.select_one(".flashes").get_text()
    [item] = page.find(id="overrides").find_parent("section").select("ul.overrides > li")
    assert "Screening and monitoring: 90" in item.h3.get_text(" ", strip=True) and "active" in item.h3.get_text()
    assert "The intake form behind the portal lists full screening." in item.get_text()
    assert item.find("form", {"action": lambda a: a.endswith("/withdraw")}) is not None
    assert item.find("form", {"action": lambda a: a.endswith("/confirm")}) is None  # nothing to confirm yet

    public = parse(anon.get("/clinics/denver-test-clinic")).find(id="crit-safety").find_parent("section")
    assert "90 / 100" in public.get_text() and "The intake form behind the portal" in public.get_text()

    [row] = parse(maintainer.get(f"/review/log?clinic={cid}")).select("table.audit tbody tr")
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells[1:3] == ["ana", "override"]
    assert cells[4] == "The intake form behind the portal lists full screening."
    assert "criterion: safety" in cells[5] and "score: 90" in cells[5]


def test_bad_overrides_are_refused_with_the_form_open_and_its_errors(maintainer: FlaskClient, directory_db: str) -> None:
    cid = clinic_id(directory_db, "denver-test-clinic")
    for score, reason, field in [("101", "Checked.", "score"), ("", "Checked.", "score"), ("50", "", "reason")]:
        refused = override(maintainer, cid, "insurance", score, reason)
        assert refused.status_code == 400
        page = parse(refused)
        details = page.find(id=f"override-insurance-{field}").find_parent("details")
        assert details.has_attr("open")
        assert page.find(id=f"override-insurance-{field}-error") is not None
    assert parse(maintainer.get("/review/log")).select("table.audit tbody tr") == []
    name, token = form_token(maintainer, f"/review/clinics/{cid}", f"/review/clinics/{cid}/criteria/insurance/override")
    red_flags = maintainer.post(f"/review/clinics/{cid}/criteria/red_flags/override",
                                data={name: token, "override-red_flags-score": "50", "override-red_flags-reason": "r"})
    assert red_flags.status_code == 404
    unknown = maintainer.post("/review/clinics/99999/criteria/insurance/override",
                              data={name: token, "override-insurance-score": "50", "override-insurance-reason": "r"})
    assert unknown.status_code == 404


def test_overrides_need_a_signed_in_maintainer_and_a_csrf_token(
    anon: FlaskClient, maintainer: FlaskClient, directory_db: str
) -> None:
    cid = clinic_id(directory_db, "denver-test-clinic")
    action = f"/review/clinics/{cid}/criteria/insurance/override"
    name, token = form_token(anon, "/login", "/login")
    sent = anon.post(action, data={name: token, "override-insurance-score": "5", "override-insurance-reason": "r"})
    assert sent.status_code == 302 and "/login" in sent.headers["Location"]
    refused = maintainer.post(action, data={"override-insurance-score": "5", "override-insurance-reason": "r"})
    assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True)
    assert parse(maintainer.get("/review/log")).select("table.audit tbody tr") == []


def test_an_override_whose_evidence_changed_is_queued_then_confirmed_or_withdrawn(
    maintainer: FlaskClient, directory_db: str
) -> None:
    cid = clinic_id(directory_db, "denver-test-clinic")
    override(maintainer, cid, "modalities", "20", "IV only on request.")
    with session_scope(directory_db) as session:
        page = session.exec(select(Page).where(Page.clinic_id == cid)).one()
        page.text = page.text.replace("IV ketamine infusions", "IV and IM ketamine")
        session.add(page)
        rescore(session, ids=[cid])
    queue = parse(maintainer.get("/review/"))
    [link] = queue.find(id="q-overrides").find_parent("section").select(".queue a")
    assert link.get_text() == "Denver Test Clinic" and link["href"] == f"/review/clinics/{cid}#overrides"

    page = parse(maintainer.get(link["href"]))
    [item] = page.select("ul.overrides > li")
    assert "needs review" in item.h3.get_text() and "The evidence changed" in item.get_text()
    confirm = item.find("form", {"action": lambda a: a.endswith("/confirm")})
    assert confirm is not None
    override_id = int(confirm["action"].split("/")[-2])
    url = f"/review/clinics/{cid}"
    post_form(maintainer, url, f"/review/overrides/{override_id}/confirm",
              {f"confirm-{override_id}-note": "Still IV only."})
    assert parse(maintainer.get("/review/")).find(id="q-overrides").find_parent("section").select(".queue a") == []
    refused = post_form(maintainer, url, f"/review/overrides/{override_id}/withdraw",
                        {f"withdraw-{override_id}-reason": ""})
    assert refused.status_code == 400 and parse(refused).find(id=f"withdraw-{override_id}-reason-error")
    post_form(maintainer, url, f"/review/overrides/{override_id}/withdraw",
              {f"withdraw-{override_id}-reason": "The clinic now offers IM too."})
    page = parse(maintainer.get(url))
    assert page.select("ul.overrides > li") == [] and "is withdrawn" in page.select_one(".flashes").get_text()
    actions = [row.select_one("td.action").get_text() for row in
               parse(maintainer.get(f"/review/log?clinic={cid}")).select("table.audit tbody tr")]
    assert actions == ["withdraw override", "confirm override", "override"]
    name, token = form_token(maintainer, "/review/", "/logout")
    assert maintainer.post("/review/overrides/99999/withdraw", data={name: token}).status_code == 404
