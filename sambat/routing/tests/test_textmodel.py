"""The routing text model: training, prediction on any input, and the safe model file."""

import io
import json
import pickle
import tempfile
import zipfile
from pathlib import Path

import numpy as np
from django.test import SimpleTestCase

from sambat.routing.tests.textmodel_fixtures import invented_examples
from sambat.routing.textmodel import Example, ModelFileError, Prediction, TextModel, mandate_examples, train
from sambat.routing.textmodel.examples import MANDATE, MANDATE_PHRASE
from sambat.routing.textmodel.features import Featuriser, raw_features, vectorise_one
from sambat.routing.textmodel.normalise import normalise, place_words
from sambat.routing.textmodel.train import MANDATE_MAX_WEIGHT, _weigh_mandates


class TrainedModelMixin:
    model: TextModel

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()  # type: ignore[misc]
        cls.model = train(invented_examples(), folds=3)

    def temporary_path(self, name: str = "model.npz") -> Path:
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)  # type: ignore[attr-defined]
        return Path(directory.name) / name


class NormaliseTests(SimpleTestCase):
    def test_it_expands_chat_abbreviations_and_javanese(self) -> None:
        self.assertEqual(normalise("Jln yg rusak gk diperbaiki"), "jalan yang rusak tidak diperbaiki")
        self.assertEqual(normalise("dalane bolong, uwuh numpuk"), "jalan berlubang sampah numpuk")

    def test_it_drops_numbers_links_and_repeated_letters(self) -> None:
        self.assertEqual(normalise("RT 05 https://x.id/a sampahhhh!!!"), "rt sampahh")

    def test_it_reads_words_the_same_way_whatever_surrounds_them(self) -> None:
        # Repeated letters and slang are handled per word; links only where their characters occur.
        self.assertEqual(normalise("Sampahhh, yg numpuk di jalan_RAYA!!"), "sampahh yang numpuk di jalan raya")
        self.assertEqual(normalise("PKL di trotoar mail@x.id #lapor"), "pedagang kaki lima di trotoar")
        self.assertEqual(normalise("Kécamatan kluuuuung jalannnn"), "kécamatan kluung jalann")

    def test_it_removes_the_given_place_names(self) -> None:
        drop = place_words(["Dukuh Pakis", "Surabaya"])
        self.assertEqual(normalise("Jalan di Dukuh Pakis, Surabaya rusak", drop=drop), "jalan di rusak")


class PredictionTests(TrainedModelMixin, SimpleTestCase):
    def test_it_ranks_the_right_department_first(self) -> None:
        prediction = self.model.predict("jalan di depan rumah berlubang besar")
        self.assertIsInstance(prediction, Prediction)
        self.assertEqual(prediction.departments[0][0], "dpuprpkp")
        self.assertEqual(len(prediction.departments), 3)
        self.assertTrue(prediction.usable)
        probabilities = [p for _, p in prediction.departments]
        self.assertEqual(probabilities, sorted(probabilities, reverse=True))

    def test_it_reads_slang_and_typos(self) -> None:
        self.assertEqual(self.model.predict("uwuh numpuk gk diangkut2").departments[0][0], "dlh")

    def test_it_predicts_the_category_only_when_sure(self) -> None:
        sure = self.model.predict("ktp elektronik belum jadi juga")
        self.assertEqual(sure.category and sure.category[0], "adminduk")
        self.assertIsNone(self.model.predict("").category)

    def test_it_never_raises_on_bad_input(self) -> None:
        for text in [
            "",
            "   ",
            "😀😡🙏",
            "!!!???",
            "x" * 100_000,
            "jalan rusak " * 20_000,
            "Bonjour, je voudrais",
            "\x00\ud800",
        ]:
            with self.subTest(text=text[:20]):
                prediction = self.model.predict(text)
                self.assertEqual(len(prediction.departments), 3)
                for _, probability in prediction.departments:
                    self.assertTrue(0.0 <= probability <= 1.0)

    def test_it_says_when_a_text_has_nothing_to_go_on(self) -> None:
        for text in ["", "😀😡🙏", "12345 678"]:
            with self.subTest(text=text):
                prediction = self.model.predict(text)
                self.assertFalse(prediction.usable)
                self.assertFalse(self.model.has_signal(text))
                self.assertEqual(len({p for _, p in prediction.departments}), 1)
        self.assertTrue(self.model.has_signal("sampah"))

    def test_it_returns_k_departments_within_the_labels(self) -> None:
        self.assertEqual(len(self.model.predict("sampah", k=1).departments), 1)
        self.assertEqual(len(self.model.predict("sampah", k=50).departments), len(self.model.labels))

    def test_it_gives_probability_rows(self) -> None:
        proba = self.model.predict_proba(["sampah menumpuk", "", "parkir liar"])
        self.assertEqual(proba.shape, (3, len(self.model.labels)))
        np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)
        self.assertEqual(self.model.labels[int(proba[2].argmax())], "dishub")

    def test_its_fast_path_computes_the_training_features(self) -> None:
        for example in invented_examples(3, seed=7) + [Example("Jln yg rusak, uwuh 😀 numpuk!!", "x")]:
            expected_pos, expected_val = vectorise_one(
                raw_features(example.text, self.model.config), self.model.vocab, self.model.config
            )
            pos, val, _ = self.model._vector(example.text)
            order = np.argsort(expected_pos)
            np.testing.assert_array_equal(pos, expected_pos[order])
            np.testing.assert_allclose(val, expected_val[order], rtol=1e-5)

    def test_its_fast_path_hashes_many_new_words_at_once_as_one_by_one(self) -> None:
        text = " ".join(e.text for e in invented_examples(2, seed=3)) + " jalannya diperbaikiii sampahé"
        expected_pos, expected_val = vectorise_one(
            raw_features(text, self.model.config), self.model.vocab, self.model.config
        )
        order = np.argsort(expected_pos)
        for batch_min in (1, 10_000):  # every text's new words in one numpy batch, or each on its own
            with self.subTest(batch_min=batch_min):
                featuriser = Featuriser(self.model.vocab, self.model.config)
                featuriser.BATCH_MIN = batch_min
                pos, val, _ = featuriser.vector(text)
                np.testing.assert_array_equal(pos, expected_pos[order])
                np.testing.assert_allclose(val, expected_val[order], rtol=1e-5)

    def test_its_fast_path_gives_the_same_vector_from_its_cache(self) -> None:
        featuriser = Featuriser(self.model.vocab, self.model.config)
        text = "Jln yg rusak, uwuh numpuk numpuk di jalan rusak!!"
        first = featuriser.vector(text)
        second = featuriser.vector(text)
        np.testing.assert_array_equal(first[0], second[0])
        np.testing.assert_array_equal(first[1], second[1])
        self.assertEqual(first[2], second[2])
        featuriser.CACHE_SIZE = 1  # a full cache is emptied, not trusted
        third = featuriser.vector(text)
        np.testing.assert_array_equal(first[0], third[0])

    def test_it_recommends_thresholds_from_held_out_data(self) -> None:
        self.assertIn("cross_validated", self.model.metadata["metrics"])
        at_90 = self.model.recommended_threshold(0.9)
        at_95 = self.model.recommended_threshold(0.95)
        assert at_90 is not None and at_95 is not None
        self.assertLessEqual(at_90, at_95)
        self.assertIsNone(self.model.recommended_threshold(0.999))

    def test_it_refuses_to_train_on_one_department(self) -> None:
        with self.assertRaises(ValueError):
            train([Example(text="jalan rusak", department="dpuprpkp")] * 10)


class MandateTests(SimpleTestCase):
    def test_it_adds_each_listed_phrase_of_a_mandate_line(self) -> None:
        mandates = mandate_examples({"bpbd"})
        lines = [e for e in mandates if e.source == MANDATE]
        phrases = [e.text for e in mandates if e.source == MANDATE_PHRASE]
        self.assertTrue(lines)
        self.assertEqual({e.department for e in mandates}, {"bpbd"})
        self.assertIn("tanah longsor", phrases)
        self.assertTrue(all(len(phrase.split()) >= 2 for phrase in phrases))

    def test_it_weighs_mandate_lines_against_the_complaints_of_their_department(self) -> None:
        complaints = [Example("jalan rusak", "dpuprpkp")] * 200 + [Example("sampah", "dlh")] * 4
        mandates = [
            Example("jalan dan saluran", "dpuprpkp", weight=3.0, source=MANDATE),
            Example("jalan rusak", "dpuprpkp", source=MANDATE_PHRASE),
            Example("sampah dan taman", "dlh", weight=3.0, source=MANDATE),
        ]
        weights = {(e.department, e.source): e.weight for e in _weigh_mandates(complaints + mandates)}
        self.assertEqual(weights[("dpuprpkp", MANDATE)], MANDATE_MAX_WEIGHT)
        self.assertEqual(weights[("dlh", MANDATE)], 3.0)  # never below the weight it came with
        self.assertEqual(weights[("dpuprpkp", MANDATE_PHRASE)], 1.0)
        self.assertEqual(weights[("dpuprpkp", "")], 1.0)


class ModelFileTests(TrainedModelMixin, SimpleTestCase):
    def test_it_loads_what_it_saved(self) -> None:
        path = self.temporary_path()
        self.model.save(path)
        loaded = TextModel.load(path)
        self.assertEqual((loaded.version, loaded.labels), (self.model.version, self.model.labels))
        self.assertEqual(loaded.metadata["thresholds"], self.model.metadata["thresholds"])
        self.assertEqual(loaded.metadata["n_examples"], 80)
        for text in ["jalan berlubang", "ktp belum jadi", "parkir liar", ""]:
            self.assertEqual(loaded.predict(text).departments[0][0], self.model.predict(text).departments[0][0])
            self.assertEqual(loaded.predict(text).category, self.model.predict(text).category)
        self.assertLess(path.stat().st_size, 10_000_000)

    def test_it_stores_no_words_of_the_training_texts(self) -> None:
        path = self.temporary_path()
        self.model.save(path)
        with zipfile.ZipFile(path) as archive:
            content = b"".join(archive.read(name) for name in archive.namelist())
        for word in (b"berlubang", b"tumpukan", b"melati", b"kelahiran"):
            self.assertNotIn(word, content)

    def test_it_refuses_a_pickle(self) -> None:
        path = self.temporary_path()
        path.write_bytes(pickle.dumps({"coef": [1, 2, 3]}))
        with self.assertRaises(ModelFileError):
            TextModel.load(path)

    def test_it_refuses_a_numpy_file_holding_objects(self) -> None:
        path = self.temporary_path()
        with open(path, "wb") as fh:
            np.savez(fh, metadata=np.array([{"evil": True}], dtype=object))
        with self.assertRaises(ModelFileError):
            TextModel.load(path)

    def test_it_refuses_a_truncated_file(self) -> None:
        path = self.temporary_path()
        self.model.save(path)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        with self.assertRaises(ModelFileError):
            TextModel.load(path)

    def test_it_refuses_another_format_version(self) -> None:
        path = self.temporary_path()
        self.model.save(path)
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
        meta = json.loads(bytes(arrays["metadata"]))
        meta["format_version"] = 99
        arrays["metadata"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        path.write_bytes(buffer.getvalue())
        with self.assertRaisesMessage(ModelFileError, "version 99"):
            TextModel.load(path)

    def test_it_refuses_missing_garbage_and_inconsistent_files(self) -> None:
        with self.assertRaisesMessage(ModelFileError, "not found"):
            TextModel.load(self.temporary_path("absent.npz"))
        garbage = self.temporary_path("garbage.npz")
        garbage.write_bytes(b"\x00not a model" * 10)
        with self.assertRaises(ModelFileError):
            TextModel.load(garbage)
        path = self.temporary_path()
        self.model.save(path)
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
        arrays["coef"] = arrays["coef"][:-1]
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        path.write_bytes(buffer.getvalue())
        with self.assertRaisesMessage(ModelFileError, "inconsistent"):
            TextModel.load(path)
