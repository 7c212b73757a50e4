"""Pagination whose cost does not grow with the table: counting stops at a cap.

An exact "123,456 reports" costs a scan of every matching row on each page view; nobody pages that far.
Lists count at most `cap` + 1 rows and show "10,000+" beyond it.
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import QuerySet

DEFAULT_COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list: QuerySet, per_page: int, *, cap: int = DEFAULT_COUNT_CAP) -> None:
        super().__init__(object_list, per_page)
        self.queryset = object_list
        self.cap = cap

    @cached_property
    def count(self) -> int:
        """The number of rows, or `cap` + 1 when there are more than `cap`.

        Without ORDER BY the database may stop at the first `cap` + 1 rows it finds instead of sorting all.
        """
        return self.queryset.order_by()[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap

    @property
    def shown_count(self) -> str:
        """The count as lists show it: "1234", or "10000+" beyond the cap."""
        return f"{self.cap}+" if self.is_capped else str(self.count)
