import io
import xml.etree.ElementTree as ET

from PIL import Image

from lamtheo.lib import charts

SVG = "{http://www.w3.org/2000/svg}"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def texts(root: ET.Element) -> list[str]:
    return [element.text for element in root.iter(f"{SVG}text")]


def test_bars_svg_is_accessible_and_formats_values_the_vietnamese_way():
    svg = charts.bars_svg(
        [("Đảng ủy xã Long Bình", 98.14), ("Đảng ủy phường Châu Đốc", 75.0)], title="Tỷ lệ dự sinh hoạt"
    )
    root = parse(svg)
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title.text == "Tỷ lệ dự sinh hoạt"
    assert title.get("id") in root.get("aria-labelledby").split()
    assert "Đảng ủy xã Long Bình: 98,1%" in root.find(f"{SVG}desc").text
    assert texts(root) == ["Đảng ủy xã Long Bình", "98,1%", "Đảng ủy phường Châu Đốc", "75%"]
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert widths[0] > widths[1] > 0


def test_bars_svg_escapes_labels_and_title():
    svg = charts.bars_svg([('<script>alert("x")</script> & co', 10)], title="A <b>bold</b> & title")
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)  # still well-formed XML
    assert root.find(f"{SVG}title").text == "A <b>bold</b> & title"
    assert texts(root)[0] == '<script>alert("x")</script> & co'


def test_bars_svg_bar_line_and_colour_of_bars_below_it():
    root = parse(charts.bars_svg([("A", 90), ("B", 60)], title="Sinh hoạt", bar=80))
    lines = list(root.iter(f"{SVG}line"))
    assert len(lines) == 1 and lines[0].get("stroke-dasharray")
    assert "80%" in texts(root)
    fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect")]
    assert fills == [charts.BAR_FILL, charts.LOW_FILL]


def test_bars_svg_counts_and_missing_values():
    root = parse(charts.bars_svg([("A", 40539), ("B", None)], title="Số lớp", unit="lớp"))
    assert texts(root) == ["A", "40.539 lớp", "B", "—"]
    assert len(list(root.iter(f"{SVG}rect"))) == 1


def test_two_charts_never_share_ids():
    first = parse(charts.bars_svg([("A", 1)], title="Một"))
    second = parse(charts.bars_svg([("A", 2)], title="Một"))
    assert first.find(f"{SVG}title").get("id") != second.find(f"{SVG}title").get("id")


def test_empty_data_says_so():
    for svg in (charts.bars_svg([], title="Trống"), charts.trend_svg([], title="Trống")):
        root = parse(svg)
        assert root.find(f"{SVG}title").text == "Trống"
        assert "Chưa có số liệu" in texts(root)
        assert not list(root.iter(f"{SVG}rect"))
    assert "Chưa có số liệu" in texts(parse(charts.trend_svg([("1/2026", None)], title="Trống")))


def test_trend_svg_columns_with_gaps():
    points = [("1/2026", 50.0), ("2/2026", None), ("3/2026", 100.0)]
    root = parse(charts.trend_svg(points, title="Theo tháng <&>"))
    assert root.find(f"{SVG}title").text == "Theo tháng <&>"
    heights = [float(rect.get("height")) for rect in root.iter(f"{SVG}rect")]
    assert len(heights) == 2 and heights[1] == 2 * heights[0]
    assert texts(root) == ["50%", "1/2026", "—", "2/2026", "100%", "3/2026"]


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_MAGIC)
    with Image.open(io.BytesIO(data)) as image:
        image.verify()
        return image.size


def test_png_charts_are_png_images():
    bars = charts.bars_png([("Đảng ủy xã Long Bình", 98.1), ("Chi bộ <Khóm 1>", 60)], title="Tỷ lệ", bar=80)
    many = charts.bars_png([(f"Chi bộ {i}", i) for i in range(25)], title="Tỷ lệ")
    assert png_size(many)[1] > png_size(bars)[1]
    trend = charts.trend_png([("1/2026", 10), ("2/2026", None), ("3/2026", 30)], title="Số lớp", unit="lớp")
    assert png_size(trend)[0] > 100


def test_png_charts_with_empty_data():
    png_size(charts.bars_png([], title="Trống"))
    png_size(charts.trend_png([("1/2026", None)], title="Trống"))
