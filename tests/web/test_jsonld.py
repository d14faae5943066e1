"""schema.org JSON-LD on clinic pages: the right fields, and nothing crawled can break out."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from directory.models import Clinic, Location
from directory.queries import ClinicDetail
from tests.factories import add_clinic
from web import create_app
from web.jsonld import clinic_jsonld


def jsonld(html: str) -> dict:
    [script] = BeautifulSoup(html, "html.parser").select('script[type="application/ld+json"]')
    return json.loads(script.string)


def test_clinic_page_describes_a_medical_clinic(anon: FlaskClient) -> None:
    data = jsonld(anon.get("/clinics/denver-test-clinic").get_data(as_text=True))
    assert data["@context"] == "https://schema.org" and data["@type"] == "MedicalClinic"
    assert data["name"] == "Denver Test Clinic" and data["url"] == "http://127.0.0.1:9001/"
    assert data["telephone"] == "+13035550100"
    assert data["address"] == {"@type": "PostalAddress", "streetAddress": "1 Main St", "addressLocality": "Denver",
                               "addressRegion": "CO", "postalCode": "80205", "addressCountry": "US"}
    assert "geo" not in data  # a ZIP centroid is not where the clinic is
    assert data["mainEntityOfPage"].endswith("/clinics/denver-test-clinic")


def test_crawled_text_cannot_close_the_script(db_url: str) -> None:
    name = "Evil </script><script>alert('x')</script> & Co"
    add_clinic(db_url, name=name, port=9005, zip_code="80205", city="Denver", state="CO", text="We offer IV ketamine.",
               street="</SCRIPT><img src=x onerror=alert(1)>")
    client = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "test-only"}).test_client()
    html = client.get("/clinics/evil-script-script-alert-x-script-co").get_data(as_text=True)
    page = BeautifulSoup(html, "html.parser")
    inline = [script for script in page.find_all("script") if not script.get("src")]
    assert len(inline) == 1 and page.find("img") is None
    assert all(script["src"].startswith("/static/") for script in page.find_all("script", src=True))
    assert "</script><script>" not in html.lower().replace(" ", "")
    data = jsonld(html)
    assert data["name"] == name and data["address"]["streetAddress"].startswith("</SCRIPT>")


def test_published_coordinates_and_several_locations() -> None:
    clinic = Clinic(id=1, name="Two Sites", slug="two-sites", homepage="https://two.example/", domain="two.example")
    locations = [
        Location(clinic_id=1, street="1 A St", city="Raleigh", state="NC", zip="27601", phone="+19195550100",
                 lat=35.78, lon=-78.64, geo_source="published"),
        Location(clinic_id=1, street="2 B St", city="Durham", state="NC", zip="27701", phone="+19195550199",
                 lat=35.99, lon=-78.9, geo_source="zip"),
    ]
    data = clinic_jsonld(ClinicDetail(clinic=clinic, locations=locations, scores={}), "http://127.0.0.1/clinics/two-sites")
    assert data["telephone"] == ["+19195550100", "+19195550199"]
    assert [a["addressLocality"] for a in data["address"]] == ["Raleigh", "Durham"]
    assert data["location"][0]["geo"] == {"@type": "GeoCoordinates", "latitude": 35.78, "longitude": -78.64}
    assert "geo" not in data["location"][1] and "geo" not in data
    single = clinic_jsonld(ClinicDetail(clinic=clinic, locations=locations[:1], scores={}), "u")
    assert single["geo"]["latitude"] == 35.78 and "location" not in single


def test_fictional_clinics_say_so() -> None:
    clinic = Clinic(id=1, name="Sample", slug="s", homepage="http://127.0.0.1:1/", domain="d", fictional=True)
    assert "fictional" in clinic_jsonld(ClinicDetail(clinic=clinic, locations=[], scores={}), "u")["description"]
