"""A category's extra questions (Open311 attributes) and the answers given to them."""

from sambat.agencies.models import Category


def questions_by_code(category: Category | None) -> dict[str, dict]:
    """The category's well-formed questions, by code (malformed entries are ignored, never fatal)."""
    questions = category.extra_questions if category is not None else []
    if not isinstance(questions, list):
        return {}
    return {
        str(question["code"]): question for question in questions if isinstance(question, dict) and question.get("code")
    }


def labelled_answers(category: Category | None, answers: object) -> list[tuple[str, str]]:
    """(question label, answer text) pairs. Choice keys become their names; answers to questions that no
    longer exist keep their code as label."""
    if not isinstance(answers, dict) or not answers:
        return []
    questions = questions_by_code(category)
    rows = []
    for code, value in answers.items():
        question = questions.get(code, {})
        names = {
            str(item.get("key")): str(item.get("name") or item.get("key"))
            for item in question.get("values") or []
            if isinstance(item, dict)
        }
        values = value if isinstance(value, list) else [value]
        shown = ", ".join(names.get(str(item), str(item)) for item in values)
        rows.append((str(question.get("label") or code), shown))
    return rows
