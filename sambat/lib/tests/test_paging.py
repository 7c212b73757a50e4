from django.test import TestCase

from sambat.agencies.models import Area
from sambat.lib.paging import CappedPaginator


class CappedPaginatorTests(TestCase):
    def setUp(self) -> None:
        Area.objects.bulk_create(Area(code=f"A{n:02d}", name=f"Area {n}", level="kelurahan") for n in range(12))

    def test_it_counts_exactly_up_to_the_cap(self) -> None:
        paginator = CappedPaginator(Area.objects.order_by("code"), 5, cap=12)
        self.assertEqual((paginator.count, paginator.num_pages, paginator.shown_count), (12, 3, "12"))
        self.assertFalse(paginator.is_capped)

    def test_it_stops_counting_beyond_the_cap(self) -> None:
        paginator = CappedPaginator(Area.objects.order_by("code"), 5, cap=10)
        with self.assertNumQueries(1):
            self.assertEqual(paginator.count, 11)
        self.assertTrue(paginator.is_capped)
        self.assertEqual(paginator.shown_count, "10+")
        self.assertEqual([area.code for area in paginator.get_page(2)], ["A05", "A06", "A07", "A08", "A09"])
