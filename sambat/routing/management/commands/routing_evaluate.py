"""Evaluate the current routing model (or a given file) on any labelled CSV."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sambat.routing.textmodel import ModelFileError, TextModel, current_model_path, evaluate, read_labelled_csv


class Command(BaseCommand):
    help = (
        "Evaluate the routing model on a labelled CSV: top-1 and top-3 accuracy, macro-F1, per-department "
        "precision/recall/F1, the most frequent confusions, and coverage at 90%/95% precision (the share "
        "it could route by itself at that precision). Labels the model does not know count as errors."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", type=Path, required=True)
        parser.add_argument("--text-column", default="text")
        parser.add_argument("--label-column", default="label")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--model", type=Path, help="model file (default: the current model)")

    def handle(self, *args: object, **options) -> None:
        path = options["model"] or current_model_path()
        try:
            model = TextModel.load(path)
        except ModelFileError as exc:
            raise CommandError(str(exc)) from exc
        try:
            examples = read_labelled_csv(
                options["csv"], text_column=options["text_column"], label_column=options["label_column"]
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not examples:
            raise CommandError(f"{options['csv']}: no labelled rows")
        result = evaluate(model, [e.text for e in examples], [e.department for e in examples])
        if options["json"]:
            data = result.as_dict() | {"model": model.version, "model_path": str(path)}
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(f"Model {model.version} ({path}) on {result.n} complaints")
        self.stdout.write(f"  top-1 accuracy      {result.top1:.3f}")
        self.stdout.write(f"  top-3 accuracy      {result.top3:.3f}")
        self.stdout.write(f"  macro-F1            {result.macro_f1:.3f}")
        self.stdout.write(f"  coverage at 90%     {result.coverage_at_90:.3f} (threshold {result.threshold_at_90})")
        self.stdout.write(f"  coverage at 95%     {result.coverage_at_95:.3f} (threshold {result.threshold_at_95})")
        self.stdout.write("  department                 precision recall  f1     support")
        for code, row in sorted(result.per_department.items(), key=lambda item: -item[1]["support"]):
            self.stdout.write(
                f"  {code:26} {row['precision']:.3f}     {row['recall']:.3f}   {row['f1']:.3f}  {int(row['support'])}"
            )
        if result.confusion_pairs:
            self.stdout.write("  most frequent confusions (true -> predicted: count)")
            for true, predicted, count in result.confusion_pairs:
                self.stdout.write(f"    {true} -> {predicted}: {count}")
