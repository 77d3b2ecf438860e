"""Every view and API endpoint asks the rules (lamtheo.accounts.rules) rather than the roles, by names that exist;
the rules themselves answer as the roles say."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from rules.rulesets import default_rules

from lamtheo.accounts.rules import allows, refusal, require
from lamtheo.units.models import Unit

PACKAGE = Path(__file__).resolve().parents[2]
# What only a rules module (or the scoping helper) may read: the roles and the role checks of a scope.
ROLE_CHECKS = {"has_role", "has_any_role", "roles_at", "paths_with", "covers"}


def _web_modules() -> list[Path]:
    """Every module that answers a request: views, API routers, context processors."""
    paths = [
        path
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and (
            path.name in {"views.py", "api.py", "context_processors.py"}
            or path.name.endswith("_views.py")
            or path.name.startswith("views_")
        )
    ]
    assert len(paths) > 20
    return sorted(paths)


def _asked_rule_names(tree: ast.AST) -> list[tuple[int, str]]:
    names = []
    for node in ast.walk(tree):
        asks = (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"allows", "require"}
        )
        if asks and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant):
            names.append((node.lineno, node.args[1].value))
    return names


@pytest.mark.parametrize("path", _web_modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_the_views_ask_the_rules_not_the_roles(path):
    tree = ast.parse(path.read_text())
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if alias.name == "Role" or (node.module.endswith(".rules") and alias.name.isupper()):
                    problems.append(f"{node.lineno}: imports {alias.name} from {node.module}")
            if node.module.endswith(".permissions"):
                problems.append(f"{node.lineno}: imports {node.module}")
        if isinstance(node, ast.Attribute) and node.attr in ROLE_CHECKS:
            problems.append(f"{node.lineno}: reads the roles with .{node.attr}()")
        if isinstance(node, ast.keyword) and node.arg == "roles":
            problems.append(f"{node.lineno}: filters by roles")
        if isinstance(node, ast.FunctionDef) and node.name.startswith(("may_", "can_", "_require_", "_may_")):
            problems.append(f"{node.lineno}: declares its own rule {node.name}()")
    for line, name in _asked_rule_names(tree):
        if name not in default_rules:
            problems.append(f"{line}: asks the rule {name!r}, which no rules module declares")
    assert problems == []


def test_every_app_declares_its_rules_in_one_module_of_the_same_form():
    apps = {name.split(".")[0] for name in default_rules if "." in name}
    assert apps >= {
        "documents",
        "reports",
        "study",
        "meetings",
        "topics",
        "conduct",
        "pledges",
        "people",
        "units",
    }
    for app in apps:
        source = (PACKAGE / app / "rules.py").read_text()
        assert "declare(" in source, app
    assert not list(PACKAGE.glob("*/permissions.py"))


def test_an_unknown_rule_name_is_an_error_not_a_refusal(secretary):
    with pytest.raises(KeyError, match="No rule named"):
        allows(secretary, "documents.drafts", Unit.objects.get(code="LB-01"))


def test_the_same_rule_answers_the_page_and_the_action(secretary, commune_leader, member):
    chi_bo, commune = Unit.objects.get(code="LB-01"), Unit.objects.get(code="LB")
    # A cell secretary runs their own chi bộ's work, not the commune's; the commune's leader runs both.
    assert allows(secretary, "meetings.manage", chi_bo)
    assert not allows(secretary, "meetings.manage", commune)
    assert allows(commune_leader, "meetings.manage", chi_bo)
    assert not allows(member, "meetings.manage", chi_bo)
    with pytest.raises(PermissionDenied, match="Vai trò của anh/chị không làm được việc này"):
        require(secretary, "meetings.manage", commune)
    assert refusal(commune_leader, "meetings.manage", chi_bo) is None
    require(None, "meetings.manage", commune)  # the system (a command, the demo loader) is not a person
