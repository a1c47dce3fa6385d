"""Reading Eurostat's formats: values, flags, missing values, breaks, and precise errors."""

from __future__ import annotations

import gzip

import pytest

from grensloos.insights import formats
from grensloos.insights.formats import ParseError, parse, parse_cell, series_from_block

from .conftest import FIXTURES


def _obs(parsed: formats.ParsedDataset) -> dict:
    out = {}
    for body in parsed.blocks.values():
        for key, cells in series_from_block(body).items():
            for period, cell in zip(parsed.periods, cells, strict=True):
                value, flags = parse_cell(cell)
                if value is not None or flags:
                    out[(key, period)] = (value, flags)
    return out


def test_tsv_values_flags_and_missing(samples) -> None:  # noqa: ANN001
    parsed = parse((samples / "tran_hv_frmod.tsv").read_bytes())  # CRLF line endings
    assert parsed.dimensions == ["freq", "unit", "tra_mode", "geo"]
    assert parsed.periods[0] == "2005" and parsed.periods[-1] == "2023"
    obs = _obs(parsed)
    assert obs[("A,PC,IWW,BE", "2018")] == (11.9, "be")
    assert obs[("A,PC,IWW,BE", "2019")] == (11.3, "e")
    assert obs[("A,PC,IWW,BE", "2005")] == (13.5, "")
    crime = _obs(parse((samples / "crim_off_cat.tsv").read_bytes()))  # LF line endings
    assert ("A,ICCS0101,NR,NL", "2010") not in crime  # ": " → no observation
    assert crime[("A,ICCS0101,NR,BE", "2008")] == (204.0, "")


def test_tsv_counts_on_the_big_file(samples) -> None:  # noqa: ANN001
    parsed = parse((samples / "lfsa_egised.tsv").read_bytes())
    assert parsed.series_count == 14733 and len(parsed.periods) == 41
    assert parsed.observation_count == len(_obs(parsed)) - sum(1 for v, _f in _obs(parsed).values() if v is None)


def test_missing_value_with_a_flag_is_kept(samples) -> None:  # noqa: ANN001
    obs = _obs(parse((samples / "lfsa_egised.tsv").read_bytes()))
    flagged_missing = [k for k, (v, f) in obs.items() if v is None and f]
    assert flagged_missing  # e.g. ": u" and ": bu"
    assert all(f for (v, f) in (obs[k] for k in flagged_missing))


def test_gzip_is_read(samples, tmp_path) -> None:  # noqa: ANN001
    plain = (samples / "nrg_ind_ren.tsv").read_bytes()
    assert parse(gzip.compress(plain)).checksum == parse(plain).checksum


def test_tsv_and_sdmx_csv_agree(samples) -> None:  # noqa: ANN001
    tsv = _obs(parse((samples / "isoc_e_dii.tsv").read_bytes()))
    csv = _obs(parse((samples / "sdmxcsv2_isoc_e_dii.csv").read_bytes()))
    assert len(csv) == 4308
    assert {k: tsv.get(k) for k in csv} == csv


def test_sdmx_csv_1_0_with_last_update(samples) -> None:  # noqa: ANN001
    parsed = parse((samples / "sdmxcsv_isoc_eb_ics.csv").read_bytes())
    assert parsed.code == "isoc_eb_ics" and parsed.file_format == "sdmx-csv"
    assert parsed.last_update.isoformat() == "2023-12-08T11:00:00+00:00"
    assert parsed.rows_read == 26763


def test_jsonstat_sparse_values_and_status(samples) -> None:  # noqa: ANN001
    parsed = parse((samples / "jsonstat_hlth_ehis_hc7.json").read_bytes())
    obs = _obs(parsed)
    assert parsed.code == "hlth_ehis_hc7" and parsed.periods == ["2008"]
    assert sum(1 for v, _f in obs.values() if v is not None) == 6537
    assert any(f == "c" for _v, f in obs.values())  # "|C" (confidential) becomes the flag c
    assert any(f == "u" for _v, f in obs.values())
    own = _obs(parse((FIXTURES / "isoc_ec_ibuy.json").read_bytes()))
    assert own[("A,I_BUY3,PC_IND,IND_TOTAL,NL", "2023")] == (None, "c")  # a status without a value
    assert own[("A,I_BUY3,PC_IND,IND_TOTAL,NL", "2022")] == (80.4, "")
    assert own[("A,I_BUY3,PC_IND,IND_TOTAL,LU", "2023")] == (74.5, "p")
    assert own[("A,I_BUY3,PC_IND,IND_TOTAL,BE", "2021")] == (63.0, "e")


def test_sdmx_ml(samples) -> None:  # noqa: ANN001
    parsed = parse((samples / "sdmxml_nama_10_gdp.xml").read_bytes())
    obs = _obs(parsed)
    assert parsed.dimensions[-1] == "geo"
    key = next(k for k, _p in obs)
    assert key.endswith(",LU") and obs[(key, "2012")] == (46526.2, "")


def test_own_tsv_fixture_with_regions_and_breaks() -> None:
    obs = _obs(parse((FIXTURES / "lfst_r_lfe2ecomm.tsv").read_bytes()))
    assert obs[("A,FOR,T,Y15-64,THS_PER,BE", "2021")] == (110.5, "b")
    assert obs[("A,FOR,T,Y15-64,THS_PER,LU", "2021")] == (13.8, "bu")
    assert ("A,FOR,T,Y15-64,THS_PER,LU", "2020") not in obs


GOOD = "freq,unit,geo\\TIME_PERIOD\t2020 \t2021 \nA,PC,BE\t1.5 \t2.0 e\nA,PC,NL\t: \t3 b\n"


def test_good_minimal_file() -> None:
    parsed = parse(GOOD.encode())
    assert parsed.series_count == 2 and parsed.observation_count == 3
    assert parsed.blocks == {"BE": "A,PC,BE\t1.5 \t2.0 e", "NL": "A,PC,NL\t: \t3 b"}


def test_file_without_final_newline_or_body() -> None:
    assert parse(GOOD.rstrip("\n").encode()).observation_count == 3
    empty = parse(GOOD.split("\n", 1)[0].encode())
    assert (empty.series_count, empty.observation_count, empty.blocks) == (0, 0, {})


@pytest.mark.parametrize(
    "text,expected",
    [
        (GOOD.replace("2.0 e", "2.0.1 e"), "line 2, column 2021"),
        (GOOD.replace("3 b", "3 B"), "line 3, column 2021"),
        (GOOD.replace("3 b", "x3"), "line 3, column 2021"),
        (GOOD.replace("\t3 b", ""), "line 3: 1 values for 2 periods"),
        (GOOD.replace("A,PC,NL", "A,NL"), "line 3, column 1"),
        (GOOD.replace("A,PC,NL", "A,PC:X,NL"), "line 3, column 1"),
        (GOOD.replace("\t2.0 e\n", "\t2.0 e\t4 \n").replace("\t3 b", ""), "line 2: 3 values for 2 periods"),
        (GOOD + "A,PC,BE\t1 \t2 \n", "line 4: the series A,PC,BE occurs twice"),
        (GOOD.replace("2021 ", "20x1 "), "line 1, column 3"),
        (GOOD.replace("geo\\TIME", "country\\TIME"), "line 1"),
        ("just some text\n", "not a Eurostat"),
    ],
)
def test_corrupted_tsv_names_line_and_column(text, expected) -> None:  # noqa: ANN001
    with pytest.raises(ParseError) as exc:
        parse(text.encode())
    assert expected in exc.value.message


def test_not_utf8_names_the_line() -> None:
    with pytest.raises(ParseError, match="line 3"):
        parse(GOOD.encode().replace(b"3 b", b"\xff3 b"))


CSV = (
    "DATAFLOW,LAST UPDATE,freq,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
    "ESTAT:X(1.0),01/02/24 10:00:00,A,PC,BE,2020,1.5,\n"
)


@pytest.mark.parametrize(
    "text,expected",
    [
        (CSV.replace("1.5,", "abc,"), "line 2, column OBS_VALUE"),
        (CSV.replace("2020", "20-20"), "line 2, column TIME_PERIOD"),
        (CSV.replace(",PC,", ",,"), "line 2, column unit"),
        (CSV + "ESTAT:X(1.0),01/02/24 10:00:00,A,PC,BE,2020,2.5,\n", "line 3: a second value"),
        (CSV.replace("1.5,", "1.5,!"), "line 2, column OBS_FLAG"),
    ],
)
def test_corrupted_sdmx_csv(text, expected) -> None:  # noqa: ANN001
    with pytest.raises(ParseError) as exc:
        parse(text.encode())
    assert expected in exc.value.message


def test_corrupted_jsonstat() -> None:
    text = (FIXTURES / "isoc_ec_ibuy.json").read_text().replace('"size":[1,1,1,1,4,3]', '"size":[1,1,1,1,5,3]')
    with pytest.raises(ParseError, match=r"\$.dimension.geo"):
        parse(text.encode())
    with pytest.raises(ParseError, match="line 1"):
        parse(b'{"version": "2.0", ')


def test_older_bulk_files_with_the_newest_year_first_are_put_in_order() -> None:
    newest_first = "freq,unit,geo\\TIME_PERIOD\t2021 \t2020 \nA,PC,BE\t2.0 e\t1.5 \nA,PC,NL\t3 b\t: \n"
    reordered = parse(newest_first.encode())
    assert reordered.periods == ["2020", "2021"]
    assert reordered.blocks == parse(GOOD.encode()).blocks
    assert reordered.checksum == parse(GOOD.encode()).checksum


@pytest.mark.parametrize(
    "text,expected",
    [
        (GOOD.replace("1.5 ", "1e400 "), "line 2, column 2020"),  # would be infinite
        (GOOD.replace("1.5 ", "1" * 250 + " "), "line 2, column 2020"),
        (GOOD.replace("2021 ", "2021-13 "), "line 1, column 3"),
        (GOOD.replace("2020 \t2021 ", "2020W54 \t2021W01 "), "line 1, column 2"),
    ],
)
def test_numbers_and_periods_must_be_real(text, expected) -> None:  # noqa: ANN001
    with pytest.raises(ParseError) as exc:
        parse(text.encode())
    assert expected in exc.value.message


def test_large_but_finite_numbers_are_kept() -> None:
    assert parse(GOOD.replace("1.5 ", "1.5e99 ").encode()).observation_count == 3


def _jsonstat(**changes: str) -> bytes:
    text = (FIXTURES / "isoc_ec_ibuy.json").read_text()
    for old, new in changes.values():
        text = text.replace(old, new)
    return text.encode()


@pytest.mark.parametrize(
    "change,expected",
    [
        (('"0":63.0', '"0":true'), r"\$.value\[0\]: True is not a number"),
        (('"0":63.0', '"0":NaN'), r"\$.value\[0\]"),
        (('"0":63.0', '"0":Infinity'), r"\$.value\[0\]"),
        (('"1":65.2', '"x":65.2'), r"\$.value\['x'\]: not a cell position"),
        (('"BE":0,"NL"', '"B\\tE":0,"NL"'), r"\$.dimension.geo.category.index"),
        (('"status":{"5":"c","0":"e","8":"p"}', '"status":7'), r"\$.value/\$.status"),
    ],
)
def test_jsonstat_values_codes_and_status_are_checked(change, expected) -> None:  # noqa: ANN001
    with pytest.raises(ParseError, match=expected):
        parse(_jsonstat(change=change))


def test_jsonstat_one_status_for_every_cell() -> None:
    parsed = parse(_jsonstat(change=('"status":{"5":"c","0":"e","8":"p"}', '"status":"p"')))
    assert all(cell.endswith(" p") for block in parsed.blocks.values() for cell in block.split("\t")[1:])


@pytest.mark.parametrize(
    "text,expected",
    [
        (CSV.replace(",BE,", ',"BE\n",'), "line 3, column geo"),  # a quoted field over two lines
        (CSV.replace(",BE,", ",BE:Belgium,"), "codes, not labels"),
        (CSV.replace(",BE,", ',"BE,'), "line"),  # an unclosed quote
    ],
)
def test_sdmx_csv_codes_and_quotes(text, expected) -> None:  # noqa: ANN001
    with pytest.raises(ParseError) as exc:
        parse(text.encode())
    assert expected in exc.value.message
