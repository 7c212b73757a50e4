from django.http import HttpRequest

from sambat.accounts.choices import Role


def staff_role(request: HttpRequest) -> dict[str, object]:
    """Exposes the signed-in user's role to templates so the navigation shows the right screens."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", None) if user is not None and user.is_authenticated else None
    return {"sambat_role": role, "Role": Role}
