"""Retrain the routing text model from the city's own labelled complaints (plus an optional CSV)."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sambat.routing import learning
from sambat.routing.textmodel import DEFAULT_MODEL_PATH, Example, TextModel, mandate_examples, model_dir, train
from sambat.routing.textmodel.csvdata import read_labelled_csv, read_rows
from sambat.routing.textmodel.normalise import place_words
from sambat.routing.textmodel.train import summary

#: Where `--default-model` reads the Surabaya export (outside the repository: it holds real people's words).
SURABAYA_CSV = Path(settings.BASE_DIR).parent / "shared" / "data" / "routing" / "train_surabaya.csv"
OTHER_CITIES_CSV = Path(settings.BASE_DIR) / "bench" / "data" / "other_cities.csv"


# Below this many settled complaints a city's own model is likely worse than the shipped one.
CITY_ONLY_MINIMUM = 1000


class Command(BaseCommand):
    help = (
        "Train the routing text model from the city's labelled complaints, an optional CSV and the department "
        "mandates; write a versioned model file and print held-out metrics. With --default-model, rebuild the "
        "model shipped with Sambat (sambat/routing/default_model/model.npz) from the Surabaya export, "
        "deterministically, with time and topic holdouts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", type=Path, help="extra labelled complaints (UTF-8 CSV with a header)")
        parser.add_argument("--text-column", default="text")
        parser.add_argument("--label-column", default="label", help="column holding the department code")
        parser.add_argument("--category-column", default=None, help="column holding the category code, if any")
        parser.add_argument("--no-city-data", action="store_true", help="do not use the city's own corrections")
        parser.add_argument("--no-mandates", action="store_true", help="do not add the department mandates")
        parser.add_argument("--output", type=Path, help="model file to write (default: ROUTING_MODEL_DIR)")
        parser.add_argument("--min-examples", type=int, default=50, help="refuse to train on fewer (default 50)")
        parser.add_argument(
            "--min-city-examples",
            type=int,
            default=CITY_ONLY_MINIMUM,
            help=f"without --csv, refuse to replace the model with fewer city examples (default {CITY_ONLY_MINIMUM})",
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--default-model",
            action="store_true",
            help=f"rebuild the shipped default model from {SURABAYA_CSV} (or --csv) with holdout metrics",
        )

    def handle(self, *args: object, **options) -> None:
        started = time.monotonic()
        if options["default_model"]:
            model = self._default_model(options)
            output = options["output"] or DEFAULT_MODEL_PATH
        else:
            model = self._city_model(options)
            output = options["output"] or model_dir() / f"routing-{model.version}.npz"
        model.save(output)
        self._print_summary(model, Path(output), time.monotonic() - started)

    def _city_model(self, options: dict) -> TextModel:
        examples: list[Example] = []
        sources = []
        if not options["no_city_data"]:
            city = learning.city_examples()
            examples += city
            sources.append(f"city corrections: {len(city)}")
        if options["csv"]:
            from_csv = self._read_csv(options)
            examples += from_csv
            sources.append(f"{options['csv'].name}: {len(from_csv)}")
        elif len(examples) < options["min_city_examples"]:
            # A model from a few hundred local complaints knows less than the shipped one: keep the current one.
            raise CommandError(
                f"Only {len(examples)} labelled examples of the city's own; at least {options['min_city_examples']} "
                "are needed to train from them alone. The current model stays in use (add --csv PATH with "
                "historical complaints, or lower --min-city-examples)."
            )
        return self._train(examples, sources, options)

    def _train(self, examples: list[Example], sources: list[str], options: dict, **kwargs) -> TextModel:
        if len(examples) < options["min_examples"]:
            raise CommandError(
                f"Only {len(examples)} labelled examples; at least {options['min_examples']} are needed "
                "(add --csv PATH, or lower --min-examples)."
            )
        if not options["no_mandates"]:
            mandates = mandate_examples({e.department for e in examples})
            examples = examples + mandates
            sources.append(f"department mandates: {len(mandates)}")
        try:
            return train(examples, seed=options["seed"], sources=sources, **kwargs)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

    def _read_csv(self, options: dict) -> list[Example]:
        try:
            return read_labelled_csv(
                options["csv"],
                text_column=options["text_column"],
                label_column=options["label_column"],
                category_column=options["category_column"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

    def _default_model(self, options: dict) -> TextModel:
        from datetime import UTC, datetime

        from sambat.routing.textmodel import holdout, surabaya

        path = options["csv"] or SURABAYA_CSV
        try:
            rows = read_rows(path, required=["text", "label", "topic", "date", "kecamatan"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        examples = surabaya.examples_from_rows(rows)
        drop = place_words(surabaya.place_names(rows))
        # The training date is the newest complaint's, so rebuilding gives the same file.
        newest = max(row["date"][:10] for row in rows)
        trained_at = datetime.strptime(newest, "%Y-%m-%d").replace(tzinfo=UTC)
        sources = [f"Surabaya complaint export ({len(examples)} complaints, labels mapped to Kota Malang departments)"]
        # One worker: the shipped file must come out the same bit for bit (see train()).
        model = self._train(examples, sources, options, drop_words=drop, trained_at=trained_at, workers=1)
        mandates = [] if options["no_mandates"] else mandate_examples({e.department for e in examples})
        temperature = model.head.temperature
        self.stdout.write("Holdouts (each trains again; about a minute) ...")
        metrics = model.metadata["metrics"]
        metrics["random_split"] = summary(
            holdout.random_holdout(examples + mandates, drop=drop, temperature=temperature, seed=options["seed"])
        )
        years = [row["date"][:4] for row in rows if row["text"].strip() and row["label"].strip()]
        first_year = min(years)
        time_report = holdout.split_holdout(
            [e for e, y in zip(examples, years, strict=True) if y == first_year] + mandates,
            [e for e, y in zip(examples, years, strict=True) if y != first_year],
            drop=drop,
            temperature=temperature,
        )
        metrics["time_holdout"] = summary(time_report) | {
            "train": first_year,
            "test": "later",
            "threshold_at_90": time_report.threshold_at_90,
            "threshold_at_95": time_report.threshold_at_95,
        }
        topics = [row["topic"] or "-" for row in rows if row["text"].strip() and row["label"].strip()]
        metrics["topic_holdout"] = summary(
            holdout.group_holdout(examples, topics, drop=drop, temperature=temperature, extra_training=mandates)
        )
        if OTHER_CITIES_CSV.is_file():
            from sambat.routing.textmodel import evaluate

            other = read_labelled_csv(OTHER_CITIES_CSV, text_column="text", label_column="label")
            other_report = evaluate(model, [e.text for e in other], [e.department for e in other])
            metrics["other_cities"] = summary(other_report) | {"threshold_at_90": other_report.threshold_at_90}
        # A city starting with this model is not Surabaya: recommend the thresholds that held on the
        # later period (never those of the evaluation set), whichever is stricter than same-city ones.
        for key, found in (("0.9", time_report.threshold_at_90), ("0.95", time_report.threshold_at_95)):
            current = model.metadata["thresholds"].get(key)
            if found is not None and (current is None or found > current):
                model.metadata["thresholds"][key] = found
        return model

    def _print_summary(self, model: TextModel, output: Path, seconds: float) -> None:
        meta = model.metadata
        self.stdout.write(f"Model {model.version}: {meta['n_examples']} examples, {len(model.labels)} departments")
        for source in meta.get("sources", []):
            self.stdout.write(f"  source: {source}")
        for name, figures in meta.get("metrics", {}).items():
            line = ", ".join(
                f"{key} {figures[key]:.3f}" for key in ("top1", "top3", "macro_f1", "coverage_at_90", "coverage_at_95")
            )
            self.stdout.write(f"  {name} (n={figures['n']}): {line}")
        self.stdout.write(f"  recommended threshold at 90% precision: {model.recommended_threshold(0.9)}")
        if model.category_head is not None:
            self.stdout.write(f"  category head: {len(model.category_head.labels)} categories")
        self.stdout.write(f"Wrote {output} ({output.stat().st_size / 1e6:.1f} MB) in {seconds:.0f} s.")
