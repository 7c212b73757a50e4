"""routing_train and routing_evaluate, through call_command, on invented data."""

import csv
import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from sambat.routing.tests.textmodel_fixtures import invented_examples
from sambat.routing.textmodel import DEFAULT_MODEL_PATH, TextModel, current_model_path


class RoutingCommandTests(TestCase):
    def setUp(self) -> None:
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.dir = Path(directory.name)
        self.csv = self.dir / "labelled.csv"
        with open(self.csv, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["isi", "dinas", "kategori"])
            for example in invented_examples():
                writer.writerow([example.text, example.department, example.category])

    def run_command(self, *args: str) -> str:
        out = StringIO()
        call_command(*args, stdout=out, stderr=StringIO())
        return out.getvalue()

    def train_to(self, output: Path, *extra: str) -> str:
        return self.run_command(
            "routing_train",
            "--csv", str(self.csv), "--text-column", "isi", "--label-column", "dinas", "--no-city-data",
            "--output", str(output), *extra,
        )  # fmt: skip

    def test_it_trains_a_model_that_evaluate_reads(self) -> None:
        output = self.dir / "model.npz"
        printed = self.train_to(output, "--category-column", "kategori")
        self.assertIn("cross_validated", printed)
        model = TextModel.load(output)
        self.assertEqual(model.labels, ("dishub", "dispendukcapil", "dlh", "dpuprpkp"))
        self.assertIsNotNone(model.category_head)
        # Mandates join as extra examples of the departments the data has.
        self.assertGreater(model.metadata["n_examples"], 80)
        printed = self.run_command(
            "routing_evaluate", "--csv", str(self.csv), "--text-column", "isi", "--label-column", "dinas",
            "--model", str(output),
        )  # fmt: skip
        self.assertIn("top-1 accuracy", printed)
        self.assertIn("dpuprpkp", printed)

    def test_it_prints_one_json_object(self) -> None:
        output = self.dir / "model.npz"
        self.train_to(output)
        printed = self.run_command(
            "routing_evaluate", "--csv", str(self.csv), "--text-column", "isi", "--label-column", "dinas",
            "--model", str(output), "--json",
        )  # fmt: skip
        data = json.loads(printed)
        for key in ("top1", "top3", "macro_f1", "coverage_at_90", "coverage_at_95", "n"):
            self.assertIn(key, data)
        self.assertEqual(data["n"], 80)

    def test_it_writes_versioned_models_that_become_current(self) -> None:
        with override_settings(ROUTING_MODEL_DIR=self.dir / "models"):
            self.assertEqual(current_model_path(), DEFAULT_MODEL_PATH)
            self.run_command(
                "routing_train", "--csv", str(self.csv), "--text-column", "isi", "--label-column", "dinas",
                "--no-city-data",
            )  # fmt: skip
            written = list((self.dir / "models").glob("routing-*.npz"))
            self.assertEqual(len(written), 1)
            self.assertEqual(current_model_path(), written[0])
            self.assertEqual(written[0].name, f"routing-{TextModel.load(written[0]).version}.npz")

    def test_it_counts_unknown_labels_as_errors(self) -> None:
        output = self.dir / "model.npz"
        self.train_to(output)
        unknown = self.dir / "unknown.csv"
        unknown.write_text("text,label\njalan berlubang,dinas-lain\nsampah menumpuk,dlh\n", encoding="utf-8")
        data = json.loads(self.run_command("routing_evaluate", "--csv", str(unknown), "--model", str(output), "--json"))
        self.assertEqual((data["n"], data["top1"], data["top3"]), (2, 0.5, 0.5))

    def test_it_refuses_missing_columns(self) -> None:
        with self.assertRaisesMessage(CommandError, "missing column(s) text"):
            self.run_command("routing_train", "--csv", str(self.csv), "--no-city-data")
        with self.assertRaisesMessage(CommandError, "missing column(s) text"):
            self.run_command("routing_evaluate", "--csv", str(self.csv), "--model", str(DEFAULT_MODEL_PATH))

    def test_it_refuses_too_few_examples(self) -> None:
        with self.assertRaisesMessage(CommandError, "Only 0 labelled examples"):
            self.run_command("routing_train")
        with self.assertRaisesMessage(CommandError, "at least 500"):
            self.run_command(
                "routing_train", "--csv", str(self.csv), "--text-column", "isi", "--label-column", "dinas",
                "--no-city-data", "--min-examples", "500",
            )  # fmt: skip

    def test_it_reports_an_unreadable_model(self) -> None:
        broken = self.dir / "broken.npz"
        broken.write_bytes(b"not a model")
        with self.assertRaises(CommandError):
            self.run_command("routing_evaluate", "--csv", str(self.csv), "--model", str(broken))


class DefaultModelTests(TestCase):
    def test_it_ships_a_model_that_routes_obvious_complaints(self) -> None:
        model = TextModel.load(DEFAULT_MODEL_PATH)
        cases = {
            "jalan berlubang di depan sekolah, mohon segera ditambal": "dpuprpkp",
            "sampah di pinggir sungai menumpuk dan bau sekali": "dlh",
            "parkir liar di trotoar depan minimarket bikin macet": "dishub",
            "KTP elektronik saya belum jadi sudah tiga bulan": "dispendukcapil",
            "air PDAM mati sejak kemarin, tidak mengalir sama sekali": "perumda-tugu-tirta",
        }
        for text, department in cases.items():
            with self.subTest(text=text):
                self.assertEqual(model.predict(text).departments[0][0], department)
        self.assertIsNotNone(model.recommended_threshold(0.9))
