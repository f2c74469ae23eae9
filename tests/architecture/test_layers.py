"""The apps in their order (README, "Layout"): a module imports only from its own app or a lower
one, except through the seams listed here, and no two modules import each other."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. imh_courses is the project's kernel (helpers every app may use); its URLconf
# and home view sit above every app, as the project's top.
LAYERS = [
    "imh_courses",
    "audit",
    "accounts",
    "modules",
    "enrolment",
    "certificates",
    "assessment",
    "evaluations",
    "oversight",
    "reports",
    "privacy",
    "todo",
    "seeding",
]
PROJECT_TOP = {"imh_courses.urls", "imh_courses.views"}

# Upward imports allowed, each with the reason it is a seam and not a tangle.
PRIVACY_TOOLS = (
    "Course administrators work in the admin: the pages of a person and of an enrolment offer "
    "privacy's tools (subject access, erasure, record pack); privacy holds their rules and code."
)
PLACES = (
    "A cohort's places are counted and offered by enrolment: the catalogue and the cohort admin "
    "show them and offer free places to the waiting list through enrolment's selectors and "
    "services."
)
DASHBOARD = (
    "The student's dashboard lists each enrolment with what is due on it: its dates (the "
    "enrolment's timeline) and which questionnaires are answered."
)
PLACE_EMAILS = (
    "The emails that give a student a place say when the assignment opens and is due: the "
    "enrolment's timeline works that out."
)
REGISTER = (
    "Recording a catch-up in the register can complete a passed student's course: the register "
    "page records through assessment's register_record, which then issues the certificate."
)
SEAMS = {
    ("enrolment.admin", "assessment.services"): REGISTER,
    ("accounts.admin", "privacy"): PRIVACY_TOOLS,
    ("accounts.admin", "privacy.services"): PRIVACY_TOOLS,
    ("enrolment.admin", "privacy.record_pack"): PRIVACY_TOOLS,
    ("modules.admin", "enrolment.selectors"): PLACES,
    ("modules.admin", "enrolment.services"): PLACES,
    ("modules.selectors", "enrolment.selectors"): PLACES,
    ("enrolment.views", "assessment.timeline"): DASHBOARD,
    ("enrolment.services", "assessment.timeline"): PLACE_EMAILS,
    ("enrolment.selectors", "evaluations.choices"): DASHBOARD,
    ("enrolment.selectors", "evaluations.models"): DASHBOARD,
}


def _modules():
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            yield name.removesuffix(".__init__"), path


def _imports(path):
    """Every module of ours this file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.split(".")[0] in LAYERS}


MODULES = dict(_modules())
IMPORTS = {name: {i for i in _imports(path) if i in MODULES} for name, path in MODULES.items()}


def _rank(module):
    if module in PROJECT_TOP:
        return len(LAYERS)
    return LAYERS.index(module.split(".")[0])


def test_every_app_is_in_the_layers():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps - {"imh_courses"} <= set(LAYERS)


def test_no_module_imports_from_a_higher_app_but_through_a_seam():
    upward = {
        (importer, imported)
        for importer, imported_modules in IMPORTS.items()
        for imported in imported_modules
        if _rank(imported) > _rank(importer)
    }
    assert upward <= set(SEAMS), sorted(upward - set(SEAMS))


def test_every_seam_is_still_used():
    used = {(importer, imported) for importer, found in IMPORTS.items() for imported in found}
    assert set(SEAMS) <= used, sorted(set(SEAMS) - used)


def test_no_two_modules_import_each_other():
    pairs = {
        tuple(sorted((module, other)))
        for module, imported in IMPORTS.items()
        for other in imported
        if module in IMPORTS[other]
    }
    assert sorted(pairs) == []
