"""Evaluation figures checked against a fixture computed by hand."""

import numpy as np
from django.test import SimpleTestCase

from sambat.routing.textmodel.metrics import coverage_at_precision, report

LABELS = ("a", "b", "c")
# truth, probabilities over (a, b, c); "x" is a department the model does not know.
ROWS = [
    ("a", [0.9, 0.05, 0.05]),  # right, 0.9
    ("b", [0.1, 0.8, 0.1]),  # right, 0.8
    ("c", [0.6, 0.3, 0.1]),  # wrong (a), 0.6, in top 3
    ("a", [0.2, 0.7, 0.1]),  # wrong (b), 0.7, in top 3
    ("x", [0.5, 0.25, 0.25]),  # wrong (a), 0.5, never in top 3
]


class ReportTests(SimpleTestCase):
    def setUp(self) -> None:
        self.report = report(np.array([p for _, p in ROWS]), LABELS, [t for t, _ in ROWS])

    def test_it_counts_top1_and_top3(self) -> None:
        self.assertEqual((self.report.top1, self.report.top3, self.report.n), (0.4, 0.8, 5))

    def test_it_computes_macro_f1_over_true_and_predicted_departments(self) -> None:
        # a: P 1/3 R 1/2 F1 0.4; b: P 1/2 R 1 F1 2/3; c and x: 0.
        self.assertAlmostEqual(self.report.macro_f1, (0.4 + 2 / 3) / 4, places=4)
        self.assertEqual(self.report.per_department["a"], {"precision": 0.3333, "recall": 0.5, "f1": 0.4, "support": 2})
        self.assertEqual(self.report.per_department["x"]["recall"], 0.0)

    def test_it_measures_coverage_at_a_precision(self) -> None:
        # Sorted by confidence: right, right, wrong, ... -> the two most confident keep 100 %.
        self.assertEqual((self.report.coverage_at_90, self.report.coverage_at_95), (0.4, 0.4))
        self.assertEqual(self.report.threshold_at_90, 0.8)

    def test_it_lists_confusions_most_frequent_first(self) -> None:
        self.assertEqual(self.report.confusion_pairs, [("a", "b", 1), ("c", "a", 1), ("x", "a", 1)])
        self.assertEqual(self.report.as_dict()["confusion_pairs"][0], ["a", "b", 1])

    def test_it_keeps_equal_confidences_together(self) -> None:
        confidence = np.array([0.9, 0.7, 0.7, 0.5])
        correct = np.array([True, True, False, True])
        # A threshold at 0.7 takes both 0.7s: 2/3 right; only 0.9 alone keeps 100 %.
        self.assertEqual(coverage_at_precision(confidence, correct, 0.9), (0.25, 0.9))
        self.assertEqual(coverage_at_precision(confidence, np.zeros(4, dtype=bool), 0.9), (0.0, None))
        self.assertEqual(coverage_at_precision(confidence, correct, 0.75), (1.0, 0.5))

    def test_it_reports_nothing_for_no_data(self) -> None:
        empty = report(np.zeros((0, 3)), LABELS, [])
        self.assertEqual((empty.n, empty.top1, empty.coverage_at_90), (0, 0.0, 0.0))
