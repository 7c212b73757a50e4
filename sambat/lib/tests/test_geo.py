from django.test import SimpleTestCase

from sambat.lib.geo import bounding_box, geometry_contains


def ring(min_lon: float, min_lat: float, max_lon: float, max_lat: float) -> list[list[float]]:
    return [[min_lon, min_lat], [max_lon, min_lat], [max_lon, max_lat], [min_lon, max_lat], [min_lon, min_lat]]


# A kelurahan of 0.1° with a 0.02° hole (another kelurahan enclosed in it).
WITH_HOLE = {"type": "Polygon", "coordinates": [ring(112.60, -8.00, 112.70, -7.90), ring(112.64, -7.96, 112.66, -7.94)]}
# Two islands: the second one is a separate part of the same area.
TWO_PARTS = {
    "type": "MultiPolygon",
    "coordinates": [[ring(112.60, -8.00, 112.62, -7.98)], [ring(112.70, -7.90, 112.72, -7.88)]],
}
# A concave "L" shape: the notch at the top right is outside.
L_SHAPE = {
    "type": "Polygon",
    "coordinates": [
        [[112.0, -8.0], [112.2, -8.0], [112.2, -7.9], [112.1, -7.9], [112.1, -7.8], [112.0, -7.8], [112.0, -8.0]]
    ],
}


class GeometryContainsTests(SimpleTestCase):
    def test_it_finds_points_inside_a_polygon_but_not_in_its_hole(self) -> None:
        self.assertTrue(geometry_contains(WITH_HOLE, lat=-7.99, lon=112.61))
        self.assertTrue(geometry_contains(WITH_HOLE, lat=-7.93, lon=112.65))
        self.assertFalse(geometry_contains(WITH_HOLE, lat=-7.95, lon=112.65))  # in the hole
        self.assertFalse(geometry_contains(WITH_HOLE, lat=-7.95, lon=112.75))  # east of it
        self.assertFalse(geometry_contains(WITH_HOLE, lat=-7.85, lon=112.65))  # north of it

    def test_it_finds_points_in_any_part_of_a_multipolygon(self) -> None:
        self.assertTrue(geometry_contains(TWO_PARTS, lat=-7.99, lon=112.61))
        self.assertTrue(geometry_contains(TWO_PARTS, lat=-7.89, lon=112.71))
        self.assertFalse(geometry_contains(TWO_PARTS, lat=-7.94, lon=112.66))  # between the parts

    def test_it_handles_concave_shapes(self) -> None:
        self.assertTrue(geometry_contains(L_SHAPE, lat=-7.95, lon=112.15))
        self.assertTrue(geometry_contains(L_SHAPE, lat=-7.85, lon=112.05))
        self.assertFalse(geometry_contains(L_SHAPE, lat=-7.85, lon=112.15))

    def test_it_says_no_for_missing_or_unknown_geometries(self) -> None:
        for geometry in (
            None,
            {},
            {"type": "Point", "coordinates": [112.6, -7.9]},
            {"type": "Polygon"},
            {"type": "Polygon", "coordinates": []},
        ):
            with self.subTest(geometry=geometry):
                self.assertFalse(geometry_contains(geometry, lat=-7.9, lon=112.6))

    def test_it_computes_bounding_boxes(self) -> None:
        self.assertEqual(bounding_box(WITH_HOLE), (-8.00, -7.90, 112.60, 112.70))
        self.assertEqual(bounding_box(TWO_PARTS), (-8.00, -7.88, 112.60, 112.72))
