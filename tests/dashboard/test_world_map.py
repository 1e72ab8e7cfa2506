"""The dashboard's world map: ISO codes, shapes inside the view box, the right way up."""

from __future__ import annotations

import re

import pycountry
import pytest

from crm.dashboard.world_map import world_map

NOT_IN_ISO = {"XK"}  # Kosovo: no ISO 3166-1 code, "XK" by common use
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _bounds(path: str) -> tuple[float, float, float, float]:
    """min x, min y, max x, max y of a path of absolute M/L/Z commands."""
    numbers = [float(n) for n in _NUMBER.findall(path)]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def test_the_map_is_loaded_once():
    assert world_map() is world_map()


@pytest.mark.parametrize("code", ["MA", "CA", "FR"])
def test_partner_countries_are_drawn(code):
    assert world_map().countries[code].startswith("M")


def test_countries_are_iso_alpha_2_codes():
    codes = set(world_map().countries)
    assert len(codes) > 150
    unknown = {code for code in codes if pycountry.countries.get(alpha_2=code) is None}
    assert unknown == NOT_IN_ISO
    assert "AQ" not in codes


def test_paths_are_absolute_closed_rings():
    for code, path in world_map().countries.items():
        assert re.fullmatch(r"(M[\d.,]+L[\d., ]+Z)+", path), code
        assert len(_NUMBER.findall(path)) % 2 == 0, code


def test_paths_stay_inside_the_view_box():
    left, top, width, height = map(float, world_map().view_box.split())
    assert (left, top, width) == (0, 0, 1000)
    assert 480 < height < 495  # Equal Earth: about 0.487 times as high as wide
    for code, path in world_map().countries.items():
        min_x, min_y, max_x, max_y = _bounds(path)
        assert 0 <= min_x <= max_x <= width, code
        assert 0 <= min_y <= max_y <= height, code


def test_north_is_up_and_west_is_left():
    canada = _bounds(world_map().countries["CA"])
    morocco = _bounds(world_map().countries["MA"])
    assert canada[2] < morocco[0]  # all of Canada lies west of Morocco
    assert canada[3] < morocco[1]  # and north of it


def test_no_band_across_the_map_at_the_antimeridian():
    """Russia and Fiji straddle 180°: cut there, no ring may span the whole map."""
    for code in ("RU", "FJ", "US"):
        for ring in re.findall(r"M[^Z]+Z", world_map().countries[code]):
            min_x, _, max_x, _ = _bounds(ring)
            assert max_x - min_x < 500, code
