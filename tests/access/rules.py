"""The access matrix's rule type and the collection of every domain's rules."""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.access.world import ROLES


@dataclass(frozen=True)
class Rule:
    """Who may use `method path` of `endpoint`; everyone else gets 403/404 (or the login page).

    `path` is a format string filled from World.values(); `data` is the POST body; `prepare`
    may add objects to the world first (it returns extra placeholder values).
    """

    endpoint: str
    method: str
    path: str
    allowed: frozenset
    data: dict = field(default_factory=dict)
    prepare: Callable | None = None
    note: str = ""

    def __post_init__(self):
        unknown = set(self.allowed) - set(ROLES)
        if unknown:
            raise ValueError(f"unknown roles {unknown} in rule for {self.endpoint}")

    @property
    def id(self) -> str:
        return f"{self.method} {self.endpoint}"


def rule(endpoint, method, path, allowed, **kw) -> Rule:
    return Rule(endpoint, method, path, frozenset(allowed), **kw)


def all_rules() -> list[Rule]:
    """The RULES list of every tests/access/rules_*.py module."""
    import tests.access as package

    collected = []
    for module_info in pkgutil.iter_modules(package.__path__):
        if module_info.name.startswith("rules_"):
            module = importlib.import_module(f"tests.access.{module_info.name}")
            collected.extend(module.RULES)
    return collected
