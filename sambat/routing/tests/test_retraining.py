"""The loop a city runs: staff decisions become examples, routing_train learns them, the next complaint uses it."""

import io
import shutil
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from sambat.agencies.models import Department
from sambat.complaints import actions
from sambat.complaints.choices import RoutingSource, Status
from sambat.complaints.tests import factories as f
from sambat.routing import service
from sambat.routing.decide import decide_route
from sambat.routing.models import RoutingPolicy
from sambat.routing.textmodel import mandate_examples

# Words the shipped model has no reason to tie to the fire brigade: only the city's decisions teach it.
HORNETS = [
    "sarang tawon vespa besar di atap rumah warga",
    "tawon ndas bersarang di pohon mangga depan rumah",
    "ada sarang tawon di plafon kamar anak",
    "mohon evakuasi sarang tawon di teras",
    "tawon menyengat anak anak, sarangnya di genteng",
    "sarang tawon vespa di pagar sekolah",
]
ROADS = [
    "jalan berlubang besar di depan pasar",
    "aspal rusak dan berlubang di jalan kampung",
    "jalan ambles dekat jembatan",
    "lubang besar di tengah jalan raya",
    "jalan retak dan berlubang setelah hujan",
    "aspal mengelupas, jalan rusak parah",
]


class RetrainingTests(TestCase):
    people: f.Personas
    damkar: Department

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()
        cls.damkar = f.make_department(code="upt-damkar", name="UPT Pemadam Kebakaran")
        verifier = cls.people.vera
        for text in HORNETS:
            complaint = f.make_complaint(text=text, category=None)
            actions.assign_complaint(complaint=complaint, actor=verifier, department=cls.damkar)
        for text in ROADS:
            complaint = f.make_complaint(text=text, category=None)
            actions.assign_complaint(complaint=complaint, actor=verifier, department=cls.people.dpuprpkp)

    def setUp(self) -> None:
        self.model_dir = Path(tempfile.mkdtemp(prefix="sambat-retrain-"))
        self.addCleanup(shutil.rmtree, self.model_dir, ignore_errors=True)
        settings_override = override_settings(ROUTING_MODEL_DIR=self.model_dir)
        settings_override.enable()
        self.addCleanup(settings_override.disable)

    def train(self, *args: str) -> str:
        out = io.StringIO()
        call_command("routing_train", *args, stdout=out, stderr=io.StringIO())
        return out.getvalue()

    def test_it_keeps_the_current_model_while_the_city_has_few_examples(self) -> None:
        before = service.current_model()
        assert before is not None
        with self.assertRaisesMessage(CommandError, "The current model stays in use"):
            self.train()
        self.assertEqual(list(self.model_dir.iterdir()), [])
        after = service.current_model()
        assert after is not None
        self.assertEqual(after.version, before.version)

    def test_the_next_complaint_is_routed_by_what_the_verifiers_taught(self) -> None:
        self.train("--min-city-examples", "10", "--min-examples", "10")
        model = service.current_model()
        assert model is not None
        self.assertEqual(set(model.labels), {"upt-damkar", "dpuprpkp"})
        mandates = len(mandate_examples({"upt-damkar"}))
        self.assertEqual(model.metadata["examples_per_department"]["upt-damkar"], len(HORNETS) + mandates)

        RoutingPolicy.objects.update_or_create(pk=RoutingPolicy.SINGLETON_ID, defaults={"auto_route_threshold": 0.5})
        decision = decide_route(text="Ada sarang tawon besar di atap rumah kami", category=None, area=None)
        self.assertEqual((decision.department, decision.source), (self.damkar, RoutingSource.MODEL))
        complaint = f.make_complaint(text="Sarang tawon vespa di pohon depan rumah", category=None, classify=True)
        self.assertEqual((complaint.status, complaint.department), (Status.ASSIGNED, self.damkar))
