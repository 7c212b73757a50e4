"""The unit of training data."""

from dataclasses import dataclass

#: `Example.source` of a department mandate line and of a phrase cut from one (see csvdata.mandate_examples).
MANDATE = "mandate"
MANDATE_PHRASE = "mandate-phrase"


@dataclass(frozen=True)
class Example:
    """One labelled text: the department that must act, the category when known, and its weight.

    `source` is empty for complaints; mandate lines and phrases are marked so that training can
    weigh them against the number of complaints of their department.
    """

    text: str
    department: str
    category: str = ""
    weight: float = 1.0
    source: str = ""
