"""The benefit plan's editing pages (issue 15 with issue 12's roles, drafts and change log):
an unscoped editor changes a benefit in the form, it is a draft until an approver publishes
it, then the public benefits page shows it; a bad value is refused (422) naming its place and
value, with what was typed kept and nothing stored; "add" buttons show an empty item without
saving; readers, scoped editors and approvers may not save; a form without its CSRF token is
refused; typed text is escaped. On Asker's example and on a small Oslo."""

import html
import re
import shutil
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sdgplan import accounts
from sdgplan.benefits import import_benefit_file
from sdgplan.config import Settings
from sdgplan.domain.users import Role
from sdgplan.store import edit_repo
from sdgplan.store.db import make_engine, session_scope
from sdgplan.store.tables import ChangeLogRow
from sdgplan.web.app import create_app
from tests.editing.test_benefits_kind import OSLO_BENEFITS
from tests.reports.oslo import oslo_database
from tests.web.test_method_pages import text_of
from tests.web.test_pages import asker_database
from tests.web.test_programme_edit import PASSWORD, csrf_of, signed_in


@dataclass(frozen=True)
class Place:
    number: str
    key: str
    scope: str
    area: int  # the target area changed, by its place in the form
    benefit: int  # the benefit changed in it
    area_name: str
    indicator: str  # another indicator of the municipality
    public: str  # the public page's expected value after the change
    url: str = ""


PLACES = {
    "asker": Place(
        "3203",
        "gevinster-2019",
        "okonomi",
        2,
        0,
        "Økonomisk robusthet",
        "okonomi-netto-driftsresultat",
        "Forventet 17,5 % i 2025",
    ),
    "oslo": Place(
        "0301", "gevinster", "fokus-1", 0, 1, "Tjenesteproduksjon", "andel", "Forventet 17,5"
    ),
}
HOSTILE = "<script>alert('x')</script> & \"mål\""


@pytest.fixture(scope="module")
def databases(tmp_path_factory) -> dict[str, str]:
    built = {}
    for name, place in PLACES.items():
        folder = tmp_path_factory.mktemp(name)
        url = asker_database(folder) if name == "asker" else oslo_database(folder)
        engine = make_engine(url)
        with session_scope(engine) as session:
            if name == "oslo":
                path = folder / "benefits.yaml"
                path.write_text(OSLO_BENEFITS, encoding="utf-8")
                import_benefit_file(session, path, municipality=place.number, who="test")
            for user, role, scope in (
                ("writer", Role.EDITOR, []),
                ("scoped", Role.EDITOR, [place.scope]),
                ("approver", Role.APPROVER, []),
                ("reader", Role.READER, []),
            ):
                accounts.add_user(
                    session,
                    name=user,
                    password=PASSWORD,
                    role=role,
                    municipality=place.number,
                    scope=scope,
                    who="test",
                )
        engine.dispose()
        built[name] = url.removeprefix("sqlite:///")
    return built


@pytest.fixture(params=sorted(PLACES))
def place(request, databases, tmp_path) -> Place:
    copied = tmp_path / "db.sqlite"
    shutil.copy(databases[request.param], copied)
    return Place(**{**PLACES[request.param].__dict__, "url": f"sqlite:///{copied}"})


def form_fields(text: str) -> dict[str, str]:
    """What a browser sends: inputs (checked boxes only), text areas and selected options."""
    fields = {}
    for m in re.finditer(r"<input([^>]*)>", text):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        if "name" not in attrs or ('type="checkbox"' in m.group(1) and "checked" not in m.group(1)):
            continue
        fields[attrs["name"]] = html.unescape(attrs.get("value", ""))
    for m in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', text, re.S):
        fields[m.group(1)] = html.unescape(m.group(2))
    for m in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', text, re.S):
        chosen = re.search(r'value="([^"]*)" selected', m.group(2))
        first = re.search(r'value="([^"]*)"', m.group(2))
        fields[m.group(1)] = html.unescape((chosen or first).group(1))
    return fields


def path_of(place: Place) -> str:
    return f"/nb/edit/{place.number}/benefits/{place.key}"


def filled(client: TestClient, place: Place, **typed: str) -> dict[str, str]:
    """The form as shown, with the chosen benefit's fields (`text`, `expected`, ...) typed."""
    page = client.get(path_of(place))
    assert page.status_code == 200
    fields = form_fields(page.text)
    prefix = f"a.{place.area}.b.{place.benefit}"
    fields.update({f"{prefix}.{name}": value for name, value in typed.items()})
    return fields


def log_size(place: Place) -> int:
    engine = make_engine(place.url)
    with session_scope(engine) as session:
        count = session.scalar(select(func.count(ChangeLogRow.id)))
    engine.dispose()
    return count


def open_draft(place: Place):
    engine = make_engine(place.url)
    with session_scope(engine) as session:
        draft = edit_repo.open_draft(session, place.number, f"benefits:{place.key}")
    engine.dispose()
    return draft


def benefit_card(page: str, text: str) -> str:
    """The public page's card of the benefit with `text`, as text."""
    cards = re.findall(r'<li class="card">.*?</li>', page, re.S)
    found = [c for c in cards if text in html.unescape(c)]
    assert len(found) == 1, text
    return text_of(f"<main>{found[0]}</main>")


def test_a_changed_benefit_is_a_draft_until_published_then_public(place):
    writer = signed_in(place, "writer")
    listing = writer.get(f"/nb/edit/{place.number}/benefits")
    assert listing.status_code == 200
    assert f'href="/nb/edit/{place.number}/benefits/{place.key}"' in listing.text
    fields = filled(
        writer,
        place,
        text="Bedre styring",
        indicator=place.indicator,
        expected="17,5",
        expected_year="2025",
    )
    saved = writer.post(path_of(place), data=fields, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"].endswith(f"{path_of(place)}?saved=1")
    page = writer.get(saved.headers["location"]).text
    assert "Lagret som utkast." in page and ">Bedre styring</textarea>" in page
    assert open_draft(place).author == "writer"
    public = TestClient(create_app(Settings(db=place.url)))
    assert "Bedre styring" not in public.get("/nb/benefits").text

    approver = signed_in(place, "approver")
    pending = approver.get(f"/nb/edit/{place.number}/pending").text
    assert "Gevinstplan: " in pending
    publish = form_fields(
        re.search(
            rf'<form method="post" action="/nb/edit/{place.number}/act"(?:(?!</form>).)*'
            rf'value="benefits:{place.key}".*?</form>',
            pending,
            re.S,
        ).group(0)
    )
    assert publish["action"] == "publish"
    answer = approver.post(f"/nb/edit/{place.number}/act", data=publish, follow_redirects=False)
    assert answer.status_code == 303
    assert open_draft(place) is None
    card = benefit_card(public.get("/nb/benefits").text, "Bedre styring")
    assert place.public in card
    history = writer.get(f"/nb/edit/{place.number}/history?subject=benefits:{place.key}").text
    assert "publish draft" in history and ">writer<" in history


def test_a_bad_value_is_refused_naming_its_place_and_value(place):
    writer = signed_in(place, "writer")
    fields = filled(writer, place, expected="mye")
    size = log_size(place)
    answer = writer.post(path_of(place), data=fields)
    assert answer.status_code == 422
    text = html.unescape(answer.text)
    where = f"Målområde {place.area + 1}, gevinst {place.benefit + 1}"
    assert f"{where}, forventet verdi: «mye» er ikke et tall" in text
    field = f"b-a-{place.area}-b-{place.benefit}-expected"
    assert f'<a href="#{field}">' in answer.text
    assert re.search(rf'id="{field}"[^>]*value="mye"[^>]*aria-invalid="true"', answer.text)
    assert log_size(place) == size and open_draft(place) is None

    fields = filled(writer, place, indicator="finnes-ikke", expected="5")
    answer = writer.post(path_of(place), data=fields)
    assert answer.status_code == 422
    assert (
        f"{where}, indikator: Ukjent indikator «finnes-ikke»: kommunen har ingen indikator"
        in html.unescape(answer.text)
    )
    assert '<option value="finnes-ikke" selected>' in answer.text  # what was chosen is kept
    assert log_size(place) == size and open_draft(place) is None


def test_a_missing_name_and_year_are_named_by_their_fields(place):
    writer = signed_in(place, "writer")
    fields = filled(writer, place)
    fields.update({f"a.{place.area}.name": " ", "baseline_year": ""})
    answer = writer.post(path_of(place), data=fields)
    assert answer.status_code == 422
    text = html.unescape(answer.text)
    assert "Nullpunktsår: Mangler «baseline_year»" in text
    assert f"Målområde {place.area + 1}, navn: Mangler «name»" in text
    assert '<a href="#b-baseline_year">' in answer.text


def test_add_buttons_show_an_empty_item_and_save_nothing(place):
    writer = signed_in(place, "writer")
    fields = filled(writer, place)
    size = log_size(place)
    benefits = len(
        re.findall(rf'name="a\.{place.area}\.b\.\d+\.text"', writer.get(path_of(place)).text)
    )
    more = writer.post(path_of(place), data={**fields, "add": f"a.{place.area}"})
    assert more.status_code == 200 and "Et tomt felt er lagt til." in more.text
    new = f"a.{place.area}.b.{benefits}"
    assert f'name="{new}.text"' in more.text and 'id="added"' in more.text
    area = writer.post(path_of(place), data={**fields, "add": "a"})
    assert area.status_code == 200 and 'name="a.' in area.text
    assert log_size(place) == size and open_draft(place) is None

    fields = form_fields(more.text)
    fields.update({f"{new}.text": "Færre klager", f"{new}.indicator": place.indicator})
    saved = writer.post(path_of(place), data=fields, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    benefits = open_draft(place).state["areas"][place.area]["benefits"]
    assert benefits[-1] == {
        "key": "faerre-klager",
        "text": "Færre klager",
        "indicator": place.indicator,
    }


def test_a_removed_benefit_is_left_out_of_the_draft(place):
    writer = signed_in(place, "writer")
    fields = filled(writer, place, remove="1")
    before = form_fields(writer.get(path_of(place)).text)[f"a.{place.area}.b.{place.benefit}.key"]
    assert writer.post(path_of(place), data=fields, follow_redirects=False).status_code == 303
    keys = [b["key"] for a in open_draft(place).state["areas"] for b in a["benefits"]]
    assert before not in keys and keys


@pytest.mark.parametrize(
    ("who", "refusal"),
    [
        ("reader", "Rollen leser kan ikke gjøre dette her"),
        ("scoped", "scoped kan bare endre innenfor satsingsområdene"),
        ("approver", "Rollen godkjenner kan ikke gjøre dette her"),
    ],
)
def test_readers_scoped_editors_and_approvers_may_not_save(place, who, refusal):
    writer = signed_in(place, "writer")
    fields = filled(writer, place, expected="17,5")
    client = signed_in(place, who)
    page = client.get(path_of(place))
    assert page.status_code == 200 and "Du kan lese, men ikke endre gevinstplanen." in page.text
    assert "Lagre som utkast" not in page.text
    size = log_size(place)
    answer = client.post(path_of(place), data={**fields, "csrf": csrf_of(page.text)})
    assert answer.status_code == 403
    assert refusal in html.unescape(answer.text)
    assert log_size(place) == size and open_draft(place) is None


def test_a_form_without_its_csrf_token_is_refused(place):
    writer = signed_in(place, "writer")
    fields = filled(writer, place, expected="17,5")
    size = log_size(place)
    for sent in ({k: v for k, v in fields.items() if k != "csrf"}, {**fields, "csrf": "feil"}):
        answer = writer.post(path_of(place), data=sent, follow_redirects=False)
        assert answer.status_code == 403
    assert log_size(place) == size and open_draft(place) is None


def test_typed_text_is_escaped(place):
    writer = signed_in(place, "writer")
    fields = filled(writer, place, text=HOSTILE, expected=HOSTILE)
    fields["title"] = HOSTILE
    refused = writer.post(path_of(place), data=fields)
    assert refused.status_code == 422
    assert "<script>alert" not in refused.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;mål&#34;" in refused.text
    fields[f"a.{place.area}.b.{place.benefit}.expected"] = "3"
    saved = writer.post(path_of(place), data=fields, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    for path in (path_of(place), f"/nb/edit/{place.number}/benefits"):
        page = writer.get(path).text
        assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    pending = signed_in(place, "approver").get(f"/nb/edit/{place.number}/pending").text
    assert "<script>alert" not in pending and "&lt;script&gt;alert" in pending


def test_an_unknown_plan_is_not_found(place):
    writer = signed_in(place, "writer")
    answer = writer.get(f"/nb/edit/{place.number}/benefits/ny-plan")
    assert answer.status_code == 404
    assert "Fant ikke gevinstplanen «ny-plan»" in html.unescape(answer.text)


def test_a_form_read_before_another_save_is_a_conflict_showing_the_real_change(place):
    writer = signed_in(place, "writer")
    fields = filled(writer, place, expected="17,5")
    assert writer.post(path_of(place), data=fields, follow_redirects=False).status_code == 303
    changed = {**fields, f"a.{place.area}.b.{place.benefit}.expected": "18,0"}
    answer = writer.post(path_of(place), data=changed)
    assert answer.status_code == 409
    mine = html.unescape(answer.text).split("Din versjon")[1]
    rows = re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td><td>([^<]*)</td>', mine)
    assert len(rows) == 1 and rows[0][0].endswith(".expected") and rows[0][1:] == ("17.5", "18.0")
    draft = open_draft(place).state["areas"][place.area]["benefits"][place.benefit]
    assert draft["expected"] == "17.5"
