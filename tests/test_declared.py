"""The declared header matching every importer shares (`importers.declared`, `importers.names`).

Small inline headers and tables, then the real tables: every importer's
declaration uses names its platform's table knows, localised headers
import, and the refusal of an unclaimed file suggests a format only when
it is close (never Google Analytics for a Meta or YouTube file).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from kpitui.core.errors import InputError
from kpitui.core.importers import ImportOptions, ParsedFile, Sample, importers, load_sample, names, read_file
from kpitui.core.importers.declared import DeclaredImporter, Format, Header, Near, refusal
from kpitui.core.importers.names import Names, norm, owners, read, tables

PARIS = ImportOptions(timezone="Europe/Paris")

SHOP = Names(
    "shop",
    "Shop",
    {
        "Post ID": ("Identifiant de la publication",),
        "Likes": ("Mentions J'aime",),
        "Traffic source": ("Origem do tráfego",),
        "Views": (),
        "Publish time": ("Heure de publication",),
    },
)
"""A small table of spellings for the tests of the mechanism."""


def write(tmp_path: Path, text: str | bytes, name: str = "file.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


# --- how names compare ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        "Mentions J'aime",
        "mentions j'aime",  # case
        "Mentions J’aime",  # typographic apostrophe
        "Mentions Jʼaime",  # modifier letter apostrophe
        "  Mentions   J'aime ",  # spaces
        '"Mentions J\'aime"',  # quotes left around the name
        "\ufeffMentions J'aime",  # a BOM on the first name
        "MENTIONS_J'AIME",  # underscores for spaces
        "Mentions J'aimé",  # an accent (compared without)
    ],
)
def test_spellings_compare_alike(spelling: str) -> None:
    assert norm(spelling) == "mentions j'aime"
    assert Header([spelling], SHOP).get("Likes") == spelling  # the file's column, as written


def test_accents_parentheses_and_underscores() -> None:
    assert norm("Duração") == norm("duracao") == "duracao"
    assert norm("Impressions_click-through_rate(%)") == norm("Impressions click-through rate (%)")
    assert norm("Traffic_source") == norm("Traffic source")
    assert norm("Conteúdo") != norm("Content")  # translations are spellings, not normalisation


def test_header_finds_any_spelling_by_the_english_name() -> None:
    header = Header(
        ["\ufeffIdentifiant de la publication", "Heure de publication", "Vues", "Origem_do_tráfego"], SHOP
    )
    assert header.get("Post ID") == "\ufeffIdentifiant de la publication"
    assert header.get("publish time") == "Heure de publication"  # the English name in any case
    assert header.get("Traffic source") == "Origem_do_tráfego"
    assert header.get("Views") is None  # `Vues` is not in this table
    assert header.get("Vues") == "Vues"  # an unknown column is still found by its own name
    assert header.first("Likes", "Publish time") == "Heure de publication"
    assert header.keys() == ["post id", "publish time", "vues", "traffic source"]


def test_a_repeated_name_resolves_to_its_first_copy() -> None:
    header = Header(["Post ID", "Views", "Reach", "Views (2)"], SHOP)
    assert header.get("Views") == "Views"
    assert header.keys() == ["post id", "views", "reach", "views"]  # the copy is a copy, not a column


def test_the_description_row_picks_the_total_count_copy() -> None:
    descriptions = {
        "Views": "Lifetime: The number of people who viewed. (Unique Users)",
        "Views (2)": "Lifetime: The number of times it was viewed. (Total Count)",
    }
    assert Header(["Views", "Views (2)"], SHOP, descriptions).get("Views") == "Views (2)"


def test_a_numbered_name_without_its_first_copy_is_its_own_column() -> None:
    header = Header(["Impressions (2)"], SHOP)
    assert header.get("Impressions") is None
    assert header.get("Impressions (2)") == "Impressions (2)"


def test_exact_headers_compare_only_trimmed_and_lower_case() -> None:
    header = Header(["Post_ID", " views "], SHOP, exact=True)
    assert header.get("post_id") == "Post_ID"
    assert header.get("Post ID") is None
    assert header.get("Views") == " views "


def test_a_spelling_of_two_names_is_refused_when_the_table_is_built() -> None:
    with pytest.raises(ValueError, match=r"'vues' spells both 'Views' and 'Visits'"):
        Names("p", "P", {"Views": ("Vues",), "Visits": ("vues",)})


def test_every_names_data_file_reads_as_its_platforms_table() -> None:
    """The TOML tables beside the names modules hold their platform, label and lists of
    strings, and give the names the importers expect (a spelling of each kind)."""
    folder = Path(names.__file__).parent
    files = sorted(p.stem for p in folder.glob("*.toml"))
    assert files == ["meta", "tiktok", "youtube"]
    for stem in files:
        table = read(stem)
        assert table.platform == stem and table.label and table.table
    assert read("youtube").key("Durée de visionnage (heures)") == "watch time(hours)"
    assert read("meta").key("Identifiant de la publication") == "post id"
    assert read("meta", "titles").key("Followers en plus") == "follows"
    assert read("tiktok").key("Vues du profil") == "profile views"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('label = "P"\n[columns]\n"Views" = []\n', "platform = 'p' and label"),
        ('platform = "p"\nlabel = "P"\n', r"no table \[columns\]"),
        ('platform = "p"\nlabel = "P"\n[columns]\n"Views" = "Vues"\n', r"\[columns\] 'Views' must be a list"),
        ('platform = "p"\nlabel = "P"\n[columns]\n"Views" = [1]\n', r"\[columns\] 'Views' must be a list"),
    ],
)
def test_a_names_file_of_another_shape_is_refused(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "p.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=f"p.toml: {message}"):
        read("p", folder=tmp_path)


# --- what a declaration gives -----------------------------------------------------------------

POSTS = Format(
    SHOP,
    signature=("Post ID", ("Likes", "Views")),
    required=("Post ID", "Publish time"),
    ignored=("Traffic source",),
    excluded=("Origin",),
    unknown_score=0.7,
    reasons={"Publish time": "every post needs its time"},
)


@pytest.mark.parametrize(
    ("columns", "score"),
    [
        (["Post ID", "Likes", "Publish time"], 1.0),
        (["Identifiant de la publication", "Views"], 1.0),  # one of the alternatives is enough
        (["Post ID", "Likes", "Traffic source"], 1.0),  # ignored columns are known
        (["Post ID", "Likes", "Comments"], 0.7),  # a column the format does not declare
        (["Post ID", "Publish time"], 0.0),  # no Likes nor Views
        (["Post ID", "Likes", "Origin"], 0.0),  # an excluded column: another format
        ([], 0.0),
    ],
)
def test_detection_score(columns: list[str], score: float) -> None:
    assert POSTS.match(columns).score == score


def test_near_lists_what_is_lacking_as_messages_write_it() -> None:
    near = POSTS.match(["Post ID", "Comments"]).near
    assert near.lacking == ("'Likes' (or 'Views')", "'Publish time'")
    assert near.share == pytest.approx(1 / 3)  # of Post ID, Likes-or-Views, Publish time
    assert near.needs() == "needs 'Likes' (or 'Views') and 'Publish time'"


def test_near_never_lacks_a_column_the_file_has_in_another_spelling() -> None:
    near = POSTS.match(["Identifiant de la publication", "mentions_j’aime"]).near
    assert near.lacking == ("'Publish time'",)


def test_near_says_how_the_shape_differs() -> None:
    near = POSTS.match(["Post ID", "Likes", "Publish time", "Origin"]).near
    assert near.lacking == () and near.unlike == ("has no 'Origin' column",)
    fixed = Format(SHOP, signature=("Post ID",), width=2)
    assert fixed.match(["Post ID", "Views", "Likes"]).near.unlike == ("has 2 columns, where this file has 3",)
    assert fixed.match(["Post ID", "Views", "Likes"]).score == 0.0
    assert fixed.match(["Post ID", "Views"]).score == 1.0


def test_require_names_the_first_missing_column_and_why(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    with pytest.raises(InputError) as info:
        POSTS.require(path, POSTS.header(["Post ID", "Likes"]), "Shop posts")
    assert str(info.value) == (
        f"{path}, row 1: no 'Publish time' column (every post needs its time); "
        "this does not look like Shop posts."
    )
    POSTS.require(path, POSTS.header(["identifiant de la publication", "heure de publication"]), "Shop posts")


@pytest.mark.parametrize(
    ("near", "close"),
    [
        (Near("shop", 0.75, ("'A'",), evidence=True), True),
        (Near("shop", 0.75, ("'A'",), evidence=False), False),  # no sign of the platform
        (Near("shop", 0.5, ("'A'",), evidence=True), False),  # half is not most
        (Near("shop", 1.0, (), ("has 2 columns, where this file has 3",), evidence=True), True),
        (Near("shop", 1.0, (), (), evidence=True), False),  # nothing to say
    ],
)
def test_a_format_is_close_only_with_evidence_and_most_of_what_it_needs(near: Near, close: bool) -> None:
    assert near.close is close


# --- the refusal message ------------------------------------------------------------------------


class _Stub(DeclaredImporter):
    """An importer that claims nothing and is as near as it is told."""

    def __init__(self, label: str, near: Near | None) -> None:
        self.label = label  # type: ignore[misc]
        self.id = label.lower()  # type: ignore[misc]
        self._near = near

    def detect(self, sample: Sample) -> float:
        return 0.0

    def near(self, sample: Sample) -> Near | None:
        return self._near

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        raise AssertionError("never parsed")


def _refuse(tmp_path: Path, known: Sequence[_Stub], text: str = "Alpha,Beta\n1,2\n") -> str:
    path = write(tmp_path, text)
    return refusal(load_sample(path), known).replace(str(path), "FILE")


def test_refusal_suggests_the_closest_of_the_close_formats(tmp_path: Path) -> None:
    known = [
        _Stub("Far", Near("a", 0.4, ("'X'",), evidence=True)),
        _Stub("Near", Near("a", 0.8, ("'Y'", "'Z'"), evidence=True)),
        _Stub("Nearer", Near("a", 0.8, ("'Y'",), evidence=True)),
        _Stub("Sure but foreign", Near("b", 0.9, ("'W'",), evidence=False)),
    ]
    assert _refuse(tmp_path, known) == (
        "FILE: not a known export format (first columns: 'Alpha', 'Beta'). "
        "The closest is Nearer, which needs 'Y'."
    )


def test_refusal_without_a_close_format_names_the_platform_it_recognises(tmp_path: Path) -> None:
    known = [
        _Stub("Alpha posts", Near("a", 0.2, ("'X'",), evidence=True)),
        _Stub("Alpha daily", Near("a", 0.0, ("'Y'",), evidence=True)),
        _Stub("Beta report", Near("b", 0.5, ("'Sessions'",), evidence=False)),
    ]
    assert _refuse(tmp_path, known) == (
        "FILE: looks like a a export that kpitui does not read (first columns: 'Alpha', 'Beta'). "
        "It reads: Alpha posts; Alpha daily."
    )


def test_refusal_of_an_unrecognised_file_lists_the_platforms_tried(tmp_path: Path) -> None:
    known = [_Stub("Alpha posts", Near("a", 0.9, ("'X'",))), _Stub("Beta report", None)]
    assert _refuse(tmp_path, known) == (
        "FILE: not a known export format (first columns: 'Alpha', 'Beta'). Formats tried: a, Beta report."
    )


def test_refusal_says_what_the_file_looks_like(tmp_path: Path) -> None:
    known = [_Stub("Alpha posts", None)]
    assert "fields separated by ';', not by commas" in _refuse(tmp_path, known, "Date;Views\n2025-01-01;3\n")
    assert "a spreadsheet's 'sep=,' line, then 'Reach'" in _refuse(
        tmp_path, known, 'sep=,\n"Reach"\nDay,Value\n'
    )
    many = _refuse(tmp_path, known, "a,b,c,d,e,f,g,h\n1,2,3,4,5,6,7,8\n")
    assert "(first columns: 'a', 'b', 'c', 'd', 'e', 'f', …)" in many


def test_refusal_of_a_sep_line_then_a_lone_carriage_return(tmp_path: Path) -> None:
    """Found by the fuzzer: a carriage return inside a line after `sep=` made the message's
    own CSV reader raise instead of refusing the file."""
    said = _refuse(tmp_path, [_Stub("Alpha posts", None)], "sep=,\nRe\rach\nDay,Value\n")
    assert "a spreadsheet's 'sep=,' line, then 'Re ach'" in said


# --- the real tables ----------------------------------------------------------------------------


def test_every_platform_has_a_table_and_labels_it() -> None:
    found = {t.platform: t.label for t in tables()}
    assert set(found) == {"analytics", "linkedin", "meta", "tiktok", "x", "youtube"}
    assert all(found.values())


def test_every_declared_column_is_in_its_platform_table() -> None:
    """A format asks only for columns its table spells, so messages show their English name."""
    for importer in importers():
        declared = getattr(importer, "format", None)
        if not isinstance(declared, Format) or declared.exact:
            continue
        needs = (*declared.signature, *declared.required, *declared.optional, *declared.ignored)
        for need in needs:
            for name in (need,) if isinstance(need, str) else need:
                assert declared.names.key(name) is not None, (importer.id, name)


def test_distinctive_columns_are_evidence_of_one_platform() -> None:
    known = owners()
    assert known[norm("Page ID")] == {"meta"}
    assert known[norm("Post ID")] == {"meta", "x"}  # X Premium's `Post id`: evidence of neither
    assert known[norm("Watch time (hours)")] == {"youtube"}
    assert known[norm("Sessions")] == {"analytics"}
    assert len(known[norm("Views")]) > 1  # everyone's: evidence of none
    assert len(known[norm("Date")]) > 1


# --- localised headers import through the tables ---------------------------------------------

FRENCH_FACEBOOK = (
    '\ufeff"Identifiant de la publication","Page ID","Page name",Title,"Heure de publication",'
    '"Post type",Date,Vues,Couverture,"Réactions, commentaires et partages",Reactions,Comments,Shares,'
    '"Clics sur un lien"\n'
    '104000000000001_900000000000101,104000000000001,"Boulangerie Azur","Pain du jour",'
    '"09/28/2026 18:12",Photos,Lifetime,1250,980,57,40,9,8,12\n'
)


def test_a_french_facebook_posts_export_imports(tmp_path: Path) -> None:
    parsed = read_file(write(tmp_path, FRENCH_FACEBOOK), PARIS)
    assert parsed.format == "meta-facebook-posts"
    row = parsed.tables["posts"].row(0, named=True)
    assert row["post_id"] == "104000000000001_900000000000101"
    assert (row["impressions"], row["reach"], row["platform_engagements"], row["link_clicks"]) == (
        1250,
        980,
        57,
        12,
    )
    assert row["published_at"].isoformat() == "2026-09-28T16:12:00+00:00"  # 18:12 in Paris (CEST)


def test_a_french_instagram_posts_export_imports(tmp_path: Path) -> None:
    text = (
        '"Identifiant de la publication","Account username","Heure de publication",Vues,Couverture,'
        '"Mentions J’aime",Enregistrements\n'
        '17960320052859139,boulangerie.azur,"03/25/2025 22:00",145,75,10,3\n'
    )
    parsed = read_file(write(tmp_path, text), PARIS)
    assert parsed.format == "meta-instagram-posts"
    row = parsed.tables["posts"].row(0, named=True)
    assert (row["impressions"], row["reach"], row["likes"], row["saves"]) == (145, 75, 10, 3)


def test_a_portuguese_meta_daily_file_imports(tmp_path: Path) -> None:
    text = 'sep=,\n"Alcance"\n"Data","Primary"\n"2025-05-05T00:00:00","287"\n"2025-05-06T00:00:00","13"\n'
    parsed = read_file(write(tmp_path, text.encode("utf-16")), ImportOptions(account="azur"))
    assert parsed.format == "meta-daily"
    assert parsed.tables["daily"]["reach"].to_list() == [287, 13]


def test_a_portuguese_youtube_table_imports(tmp_path: Path) -> None:
    text = (
        "Conteúdo,Título do vídeo,Horário de publicação do vídeo,Duração,Visualizações,"
        "Tempo de exibição (horas),Inscritos,Impressões\n"
        "Total,,,,1800,35.5,4,9000\n"
        'Zo7Ll82R0oQ,"Aula aberta, parte 1","Jul 6, 2023",294,1500,30.25,3,8000\n'
        'SYbcvVgQpVE,Curta,"May 7, 2025",45,300,5.25,1,1000\n'
    )
    parsed = read_file(write(tmp_path, text), ImportOptions(account="canal"))
    assert parsed.format == "youtube-table"
    posts = parsed.tables["posts"]
    assert posts["views"].to_list() == [1500, 300]
    assert posts["watch_time_hours"].to_list() == [30.25, 5.25]
    assert posts["content_type"].to_list() == ["video", "short"]


# --- what refusals say about files of the real world (shapes of shared/real-exports) -----------


def _message(tmp_path: Path, data: str | bytes) -> str:
    with pytest.raises(InputError) as info:
        read_file(write(tmp_path, data))
    return str(info.value)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        # a YouTube table by subscription status: YouTube's, no video or date rows
        (
            "Subscription status,Views,Watch time (hours),Average view duration\nTotal,10,1.5,0:01:10\n",
            "a YouTube Studio table by subscription status, without dates",
        ),
        # a YouTube traffic-source table whose owner typed underscores
        (
            "Traffic_source,Views,Watch_time (hours),Average_view_duration\nExternal,21,1.1,0:03:03\n",
            "a YouTube Studio table by traffic source, without dates",
        ),
        # a Meta breakdown re-saved with `;`: a metric title, then no Date/Primary table (Meta's
        # audience and "Top content formats" files are recognised and skipped: test_import_meta_pages)
        ("Views;;;\nCountry;Share\nFrance;5%\n", "fields separated by ';', not by commas"),
        # a Meta export that a spreadsheet wrapped into one quoted field per row
        (
            '\ufeff"Post ID,""Page ID"",""Page name"",Title,""Publish time"",Reach"\n'
            '"4388442338054561,191026444094537,""Azur"",,""11/01/2025 11:04"",2222"\n'
            '"1143661437958712,191026444094537,""Azur"",,""10/31/2025 11:01"",1196"\n',
            "each row is one quoted field holding the whole row",
        ),
    ],
)
def test_refusals_point_at_the_truth(tmp_path: Path, data: str | bytes, says: str) -> None:
    message = _message(tmp_path, data)
    assert says in message
    assert "Google Analytics" not in message.split("Formats tried:")[0]
    assert message.count("\n") == 0 and len(message.split(": ", 1)[1]) <= 320  # two lines at most


def test_a_meta_export_lacking_a_column_is_told_what_it_lacks(tmp_path: Path) -> None:
    header = '"Page ID","Page name",Title,"Publish time",Date,Views,Reach'
    row = '\n1,Azur,x,"09/28/2026 18:12",Lifetime,3,2'
    message = _message(tmp_path, header + ',"Reactions, Comments and Shares"' + row + ",4\n")
    assert message.endswith(
        "The closest is Facebook Page posts (Meta Business Suite), which needs 'Post ID'."
    )
    # without `Reactions, Comments and Shares` too: its Page columns still make it a posts export
    # lacking only its ids (a language whose `Reactions, …` kpitui does not know yet is read)
    message = _message(tmp_path, header + row + "\n")
    assert message.endswith(
        "The closest is Facebook Page posts (Meta Business Suite), which needs 'Post ID'."
    )
    # a Meta file far from every format: Meta's formats are listed, not the closest
    message = _message(tmp_path, '"Page ID","Page name",Title\n1,Azur,x\n')
    assert "looks like a Meta Business Suite export that kpitui does not read" in message
    assert message.endswith("Facebook Page posts; Instagram posts.")


def test_a_wrapped_file_says_which_platform_it_came_from(tmp_path: Path) -> None:
    text = '"Post ID,""Page ID"",Title,Reach"\n"1,2,x,3"\n"4,5,y,6"\n'
    assert _message(tmp_path, text).endswith(
        "import the file as downloaded. It looks like a Meta Business Suite export."
    )
