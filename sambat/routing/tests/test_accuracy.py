"""The live routing figures, checked against a hand-built history over the last 30 and 90 days."""

import datetime as dt
from unittest import mock

from django.test import TestCase
from django.utils import timezone

from sambat.complaints import actions
from sambat.complaints.choices import RoutingSource
from sambat.complaints.models import Complaint
from sambat.complaints.tests import factories as f
from sambat.demo.clock import simulated_time
from sambat.routing import queries
from sambat.routing.decide import RouteDecision
from sambat.routing.models import RoutingPolicy, RoutingRule
from sambat.routing.rules import forget_cached_rules


def by_model(department: object) -> mock._patch:  # type: ignore[type-arg]
    decision = RouteDecision(department=department, category=None, source=RoutingSource.MODEL, confidence=0.9)  # type: ignore[arg-type]
    return mock.patch("sambat.complaints.actions.decide_route", return_value=decision)


class AccuracyFiguresTests(TestCase):
    """History (days ago → what happened):

    100: two category routes (outside both windows)
     60: A roads→DPUPRPKP then returned; B parking→Dishub; C to the verifiers
     10: D roads→DPUPRPKP; E roads→DPUPRPKP then moved to Dishub; F rule→Dishub; G verifiers then assigned;
         H classifier→Dishub
    """

    people: f.Personas
    now: dt.datetime

    @classmethod
    def setUpTestData(cls) -> None:
        forget_cached_rules()
        p = cls.people = f.Personas()
        cls.now = timezone.now()
        RoutingPolicy.objects.create(pk=1, enabled=False)  # texts without a category go to the verifiers
        RoutingRule.objects.create(name="Trotoar", keywords="trotoar", department=p.dishub)
        with simulated_time(cls.now - dt.timedelta(days=100)) as clock:
            f.make_complaint(category=p.roads)
            f.make_complaint(category=p.parking)
            clock.set(cls.now - dt.timedelta(days=60))
            a = f.make_complaint(category=p.roads)
            f.make_complaint(category=p.parking)
            f.make_complaint(category=None, text="Tidak jelas")
            clock.set(cls.now - dt.timedelta(days=59))
            actions.return_not_our_remit(complaint=a, actor=p.oscar, reason="Bukan kami.")
            clock.set(cls.now - dt.timedelta(days=10))
            f.make_complaint(category=p.roads)
            e = f.make_complaint(category=p.roads)
            f.make_complaint(text="Motor parkir di trotoar")
            g = f.make_complaint(category=None, text="Tidak jelas juga")
            with by_model(p.dishub):
                f.make_complaint(text="Lampu lalu lintas mati")
            clock.set(cls.now - dt.timedelta(days=9))
            actions.reassign_complaint(complaint=e, actor=p.vera, department=p.dishub)
            actions.assign_complaint(complaint=g, actor=p.vera, department=p.dpuprpkp)

    def test_the_fixture_went_as_planned(self) -> None:
        sources = sorted(Complaint.objects.values_list("auto_routing_source", flat=True))
        self.assertEqual(
            sources, ["", "", "category", "category", "category", "category", "category", "category", "model", "rule"]
        )

    def test_it_counts_auto_routed_and_corrected_complaints_per_window(self) -> None:
        last_30, last_90 = queries.window_figures(now=self.now)
        self.assertEqual(
            (last_30.days, last_30.received, last_30.auto_routed, last_30.to_verification, last_30.corrected),
            (30, 5, 4, 1, 1),
        )
        self.assertEqual((last_30.auto_share, last_30.corrected_share), (0.8, 0.25))
        self.assertEqual(
            {row.source: row.count for row in last_30.by_source}, {"rule": 1, "area": 0, "category": 2, "model": 1}
        )
        self.assertEqual(
            (last_90.days, last_90.received, last_90.auto_routed, last_90.to_verification, last_90.corrected),
            (90, 8, 6, 2, 2),
        )
        self.assertEqual((last_90.auto_share, last_90.corrected_share), (0.75, 2 / 6))

    def test_it_measures_each_departments_accuracy(self) -> None:
        rows = {row.code: row for row in queries.department_accuracy(now=self.now)}
        self.assertEqual(set(rows), {"dpuprpkp", "dishub"})
        roads, transport = rows["dpuprpkp"], rows["dishub"]
        self.assertEqual((roads.routed, roads.corrected), ({30: 2, 90: 3}, {30: 1, 90: 2}))
        self.assertEqual((roads.accuracy_30, roads.accuracy_90), (0.5, 1 / 3))
        self.assertEqual((transport.routed, transport.corrected), ({30: 2, 90: 3}, {30: 0, 90: 0}))
        self.assertEqual((transport.accuracy_30, transport.accuracy_90), (1.0, 1.0))

    def test_an_empty_window_has_no_shares_rather_than_a_division_by_zero(self) -> None:
        last_30, _ = queries.window_figures(now=self.now + dt.timedelta(days=365))
        self.assertEqual((last_30.received, last_30.auto_share, last_30.corrected_share), (0, None, None))
        self.assertEqual(queries.department_accuracy(now=self.now + dt.timedelta(days=365)), [])

    def test_each_figure_is_one_query(self) -> None:
        with self.assertNumQueries(1):
            queries.window_figures(now=self.now)
        with self.assertNumQueries(2):
            queries.department_accuracy(now=self.now)
