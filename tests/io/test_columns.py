"""Headers read back to fields for every table, generically: a new TableSpec gets its Chinese
headers from geo.vocab by declaring its fields."""

from __future__ import annotations

import pytest

from geo import vocab
from geo.errors import InvalidInput
from geo.io.columns import map_columns
from geo.io.tables import SPECS


@pytest.mark.parametrize("spec", list(SPECS.values()), ids=lambda s: s.name)
def test_every_field_has_a_chinese_header_that_reads_back(spec) -> None:
    headers = [vocab.field_word(spec.name, f, "zh") for f in spec.fields]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in h) for h in headers), headers
    assert map_columns(spec, headers).fields == dict(zip(headers, spec.fields))
    english = [vocab.field_word(spec.name, f, "en") for f in spec.fields]
    assert list(map_columns(spec, english).fields.values()) == list(spec.fields)
    assert list(map_columns(spec, list(spec.fields)).fields.values()) == list(spec.fields)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("站点名称", "name"),
        ("名称", "name"),
        ("name", "name"),
        ("所属村代码", "village_code"),
        ("村代码", "village_code"),
        ("所属乡镇", "township_code"),
        ("乡镇代码", "township_code"),
        ("类型", "kind"),
        ("站点类型", "kind"),
        ("状态", "status"),
        ("经度", "lon"),
        ("lng", "lon"),
        ("Longitude", "lon"),
        ("纬度", "lat"),
        ("lat", "lat"),
        ("latitude", "lat"),
        ("地址", "address"),
        ("负责人", "contact"),
        ("电话", "phone"),
        ("联系电话", "phone"),
        (" 站点名称 ", "name"),
    ],
)
def test_clerks_site_headers(header: str, field: str) -> None:
    assert map_columns(SPECS["site"], [header]).fields == {header: field}


def test_two_columns_for_one_field_are_refused() -> None:
    with pytest.raises(InvalidInput, match="同一字段"):
        map_columns(SPECS["site"], ["名称", "站点名称"])


def test_enumeration_words_of_every_table_are_in_the_vocabulary() -> None:
    for spec in SPECS.values():
        for field, name in spec.enums.items():
            assert field in spec.columns and name in vocab.VOCABULARIES
    assert vocab.SITE_STATUS.parse("运营中") == "operating" and vocab.INSPECTION_MODE.parse("暗访") == "unannounced"
