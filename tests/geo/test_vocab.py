"""The one vocabulary: every spelling reads back to exactly one code, and words never show a code."""

import pytest

from geo import vocab


@pytest.mark.parametrize("voc", list(vocab.VOCABULARIES.values()), ids=lambda v: v.name)
def test_no_spelling_means_two_codes(voc):
    seen: dict[str, str] = {}
    for code, (zh, en) in voc.words.items():
        for spelling in (code, zh, en, *((voc.aliases or {}).get(code, ()))):
            key = vocab.normalise(spelling)
            assert seen.setdefault(key, code) == code, f"{voc.name}: {spelling!r} means {seen[key]} and {code}"


@pytest.mark.parametrize(
    ("voc", "typed", "code"),
    [
        (vocab.SITE_KIND, "村级电商服务站", "village_station"),
        (vocab.SITE_KIND, "乡村直播站点", "live_station"),
        (vocab.SITE_KIND, "仓储物流配送中心", "warehouse"),
        (vocab.SITE_KIND, " Village_Station ", "village_station"),
        (vocab.SITE_STATUS, "运营中", "operating"),
        (vocab.SITE_STATUS, "暂停", "suspended"),
        (vocab.SITE_STATUS, "关闭", "closed"),
        (vocab.SITE_STATUS, "在建", "building"),
        (vocab.INSPECTION_MODE, "明察", "announced"),
        (vocab.INSPECTION_MODE, "暗访", "unannounced"),
        (vocab.COORDINATE_FRAME, "高德", "gcj02"),
    ],
)
def test_clerks_words_read_back(voc, typed, code):
    assert voc.parse(typed) == code


def test_unknown_word_is_none_not_a_guess():
    assert vocab.SITE_STATUS.parse("营业额") is None
    assert vocab.SITE_KIND.parse("") is None


def test_words_one_language_at_a_time():
    assert vocab.SITE_KIND.word("village_station", "zh") == "村级电商服务站"
    assert vocab.SITE_KIND.word("village_station", "en") == "Village e-commerce station"
    assert vocab.parse_bool("是") is True and vocab.parse_bool("否") is False and vocab.parse_bool("也许") is None


def test_role_rank_and_utm_zone():
    assert [vocab.role_rank(r) for r in (None, "viewer", "official", "supervisor", "admin", "root")] == [
        0,
        1,
        2,
        3,
        4,
        0,
    ]
    assert vocab.utm_epsg(98.58, 24.43) == 32647  # Mangshi
    assert vocab.utm_epsg(116.4, 39.9) == 32650  # Beijing
