"""Map building: local assets only, escaped texts, styles by family/certainty/sources."""

from __future__ import annotations

import json
import re

import pytest

from geo import assets, mapping, maptext, synthetic
from geo import schema as S
from geo._basemap import city_labels

CDN = re.compile(r"(?:src|href)=[\"']https?://", re.I)


@pytest.fixture(scope="module")
def legs():
    return synthetic.legs_frame(30)


@pytest.fixture(scope="module")
def html(legs):
    m = mapping.build_map(legs, synthetic.places_frame(legs))
    return m.get_root().render()


def test_vendored_assets_exist():
    assert assets.missing() == []
    assert (assets.VENDOR_DIR / "SOURCES.md").is_file()


def test_rendered_map_loads_nothing_from_a_cdn(html):
    assert not CDN.search(html), CDN.search(html)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts and all(s.startswith(assets.URL_PREFIX) for s in scripts)
    for s in scripts:
        assert (assets.VENDOR_DIR / s[len(assets.URL_PREFIX) + 1:]).is_file()


def test_inlined_css_points_at_served_files(html):
    urls = set(re.findall(r"url\('(/app/static/vendor/[^']+)'\)", html))
    assert any("fa-solid-900.woff2" in u for u in urls)
    for u in urls:
        assert (assets.VENDOR_DIR / u[len(assets.URL_PREFIX) + 1:]).is_file(), u


def test_unknown_asset_is_an_error():
    import folium

    m = folium.Map(tiles=None)
    m.default_js = [*m.default_js, ("not_vendored", "https://cdn.example/x.js")]
    with pytest.raises(assets.AssetError, match="not_vendored"):
        assets.localize(m)


def test_basemap_is_offline_and_online_tiles_are_off(html):
    assert '"Offline basemap (borders)"' in html
    assert "Syria" in html and "Lebanon" in html
    # online tile layers are offered but not added to the map
    tile_vars = re.findall(r"var (tile_layer_\w+) = L\.tileLayer", html)
    assert len(tile_vars) == 4
    assert not any(re.search(rf"{v}\.addTo\(", html) for v in tile_vars)


EVIL = '<script>alert("x")</script> {{ 7*7 }} {% if 1 %}boom{% endif %}'


def test_texts_are_escaped_and_not_templated(legs):
    row = legs.iloc[0].to_dict()
    row[S.ACTOR] = EVIL
    row[S.SOURCES] = json.dumps([{"doc": "d", "outlet": EVIL, "title": EVIL,
                                  "url": "javascript:alert(1)", "quote": EVIL}])
    pop = maptext.leg_popup(row)
    assert "<script>" not in pop and "&lt;script&gt;" in pop
    assert "{{" not in pop and "{%" not in pop
    assert "javascript:" not in pop
    legs2 = legs.copy()
    legs2.loc[legs2.index[0], [S.ACTOR, S.SOURCES]] = [row[S.ACTOR], row[S.SOURCES]]
    html = mapping.build_map(legs2).get_root().render()
    assert "<script>alert" not in html
    assert "7*7" in html and "{{ 7*7 }}" not in html  # kept as text, never evaluated
    assert "{% if 1 %}" not in html


def test_leg_style_by_family_certainty_and_sources(legs):
    base = {S.ACTOR_FAMILY: "IRGC", S.N_SOURCES: 1, S.APPROXIMATE: False, S.INFERRED: False}
    solid = mapping.leg_style(base)
    assert solid["color"] == mapping.KNOWN_COLOURS["IRGC"] and "dashArray" not in solid
    assert "dashArray" in mapping.leg_style({**base, S.APPROXIMATE: True})
    assert "dashArray" in mapping.leg_style({**base, S.INFERRED: True})
    assert mapping.leg_style({**base, S.N_SOURCES: 4})["weight"] > solid["weight"]
    assert mapping.family_colour("Some new group") == mapping.family_colour("Some new group")


def test_features_have_arrowheads_and_popups(legs):
    feats = mapping.leg_features(legs)
    lines = [f for f in feats if f["geometry"]["type"] == "LineString"]
    arrows = [f for f in feats if "geo-arrow" in f["properties"].get("icon_class", "")]
    assert len(lines) == (legs.geom_type == "LineString").sum() == len(arrows)
    assert all("Sources (" in f["properties"]["popup"] for f in lines)
    # an arrow from west to east points right (rotation close to 0)
    from shapely.geometry import LineString

    arrow = mapping._arrow(LineString([(36, 34), (40, 34)]), "#000")
    assert "rotate(0deg)" in arrow["properties"]["icon"] or "rotate(-0deg)" in \
        arrow["properties"]["icon"]
    north = mapping._arrow(LineString([(36, 33), (36, 36)]), "#000")
    assert "rotate(-90deg)" in north["properties"]["icon"]


def test_places_sized_by_mentions_with_symbols(legs):
    feats = mapping.place_features(synthetic.places_frame(legs))
    kinds = {f["properties"].get("tooltip"): f["properties"] for f in feats}
    assert "fa-plane" in kinds["Damascus International Airport"]["icon"]
    assert "fa-jet-fighter" in kinds["Hmeimim Air Base"]["icon"]
    radii = sorted(f["properties"]["style"]["radius"] for f in feats if "style" in f["properties"])
    assert radii[0] < radii[-1]


def test_timeline_shows_each_leg_then_a_faded_copy(legs):
    feats = mapping.timeline_features(legs)
    dated = legs[S.DATE_START].notna().sum()
    assert len(feats) == 2 * dated
    main, faded = feats[0]["properties"], feats[1]["properties"]
    assert main["start"] < main["end"] < faded["start"] < faded["end"]
    assert faded["style"]["opacity"] < main["style"]["opacity"]
    assert "popup" not in faded


def test_data_layer_is_a_feature_group(legs):
    fg = mapping.data_layer(legs, synthetic.places_frame(legs))
    assert fg.layer_name == "Movements"
    assert len(fg._children) == 2


def test_city_labels_are_in_the_region():
    labels = city_labels()
    names = {n for n, _lat, _lon in labels}
    assert {"Damascus", "Beirut", "Baghdad", "Tehran"} <= names
    assert all(29 <= lat <= 43 and 25 <= lon <= 61 for _n, lat, lon in labels)


def test_city_labels_are_kept_on_disk(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))  # Settings().cache_dir is under ~/.cache
    city_labels.cache_clear()
    try:
        labels = city_labels()
        (cached,) = (tmp_path / ".cache" / "geo").glob("city-labels-*.json")
        assert [tuple(x) for x in json.loads(cached.read_text())] == list(labels)
        cached.write_text(json.dumps([["Testville", 33.0, 36.0]]))
        city_labels.cache_clear()
        assert city_labels() == (("Testville", 33.0, 36.0),)  # read back, not recomputed
        cached.write_text("not json")
        city_labels.cache_clear()
        assert city_labels() == labels  # a broken cache file is rebuilt
    finally:
        city_labels.cache_clear()


def test_per_day_chart_stacks_families_per_day():
    import datetime as dt

    import pandas as pd

    d1, d3 = dt.date(2024, 12, 1), dt.date(2024, 12, 3)
    daily = pd.DataFrame({"date": [d1, d1, d3], S.ACTOR_FAMILY: ["IRGC", "<b>x</b>", "IRGC"],
                          "count": [3, 1, 2]})
    html = maptext.per_day_chart(daily, {"IRGC": "#d62728", "<b>x</b>": "#123456"})
    assert html.count("flex-direction:column-reverse") == 3  # the empty day keeps its place
    segs = re.findall(r'class="geo-bar" title="([^"]*)" style="height:([\d.]+)%;'
                      r'background:([^"]+)"', html)
    assert [t for t, _h, _c in segs] == ["2024-12-01: IRGC 3", "2024-12-01: &lt;b&gt;x&lt;/b&gt; 1",
                                         "2024-12-03: IRGC 2"]
    heights = [float(h) for _t, h, _c in segs]
    assert heights[0] == pytest.approx(3 * heights[1]) == pytest.approx(1.5 * heights[2])
    assert 0 < sum(heights[:2]) <= 100
    assert "<b>x" not in html
    assert maptext.per_day_chart(daily.iloc[0:0], {}) == ""
    years = pd.DataFrame({"date": [dt.date(2011, 1, 1), d1], S.ACTOR_FAMILY: ["IRGC", "IRGC"],
                          "count": [1, 1]})
    html = maptext.per_day_chart(years, {"IRGC": "#d62728"})
    assert html.count("flex-direction:column-reverse") == 2  # not the 5,000 days between
    assert "2011-01-01" in html and "2024-12-01" in html


def test_play_control_covers_the_chosen_window(legs):
    import datetime as dt

    import folium

    m = folium.Map(tiles=None)
    assert mapping.add_timeline(m, legs, start=dt.date(2024, 12, 1), end=dt.date(2024, 12, 5))
    slider = next(c for c in m._children.values() if type(c).__name__ == "TimelineSlider")
    assert slider.options["start"] == mapping._ms("2024-12-01")
    assert slider.options["steps"] == 5
    assert slider.options["duration"] <= mapping.MAX_PLAYBACK_MS


def test_only_the_icons_drawn_are_in_the_page_css(html, legs):
    """Font Awesome's stylesheet is cut to the glyphs the map uses (it is resent on every
    rerun under streamlit-folium): every place symbol and legend icon, nothing else."""
    glyphs = set(re.findall(r"\.fa-([a-z0-9-]+):before", html))
    used = {f.removeprefix("fa-") for f in re.findall(r"\bfa-[a-z0-9-]+", maptext.legend_html({}))}
    for feat in mapping.place_features(synthetic.places_frame(legs)):
        used |= {f.removeprefix("fa-") for f in
                 re.findall(r"\bfa-[a-z0-9-]+", feat["properties"].get("icon", ""))}
    assert used and used <= glyphs
    assert "yelp" not in glyphs and len(glyphs) < 20
    assert "@font-face" in html and "fa-solid-900.woff2" in html
    full = assets.inline_css(assets.CSS["awesome_markers_font_css"])
    assert len(assets.icon_subset(full, mapping.ICONS)) < len(full) / 10
