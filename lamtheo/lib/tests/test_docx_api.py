"""lamtheo.lib.docx is used through its public API only: no module outside it reaches for an underscore name."""

import ast
from pathlib import Path

import lamtheo

MODULE = "lamtheo.lib.docx"
PACKAGE = Path(lamtheo.__file__).parent


def private_uses(source: str) -> list[str]:
    """The underscore names of lamtheo.lib.docx that `source` imports or reads, as `name` strings."""
    tree = ast.parse(source)
    aliases = set()  # local names bound to the module itself
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == MODULE:
            found += [alias.name for alias in node.names if alias.name.startswith("_")]
        elif isinstance(node, ast.ImportFrom) and node.module == "lamtheo.lib":
            aliases |= {alias.asname or alias.name for alias in node.names if alias.name == "docx"}
        elif isinstance(node, ast.Import):
            # `import lamtheo.lib.docx` without a name: the dotted check below finds `lamtheo.lib.docx._x`.
            aliases |= {alias.asname for alias in node.names if alias.name == MODULE and alias.asname}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and f"{MODULE}._" in node.value:
            found.append(node.value)  # monkeypatch.setattr("lamtheo.lib.docx._font", ...)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            base = node.value
            if (isinstance(base, ast.Name) and base.id in aliases) or ast.unparse(base) == MODULE:
                found.append(node.attr)
    return found


def test_the_check_finds_what_it_looks_for():
    assert private_uses("from lamtheo.lib.docx import FONT, _font") == ["_font"]
    assert private_uses("from lamtheo.lib import docx as d\nd._paragraph(x)\nd.paragraph(x)") == [
        "_paragraph"
    ]
    assert private_uses("from lamtheo.lib import docx\ndocx._ITEM.match(t)") == ["_ITEM"]
    assert private_uses("import lamtheo.lib.docx\nlamtheo.lib.docx._SECTION") == ["_SECTION"]
    assert private_uses("import docx\ndocx._private") == []  # python-docx is another module
    assert private_uses("from lamtheo.lib.docx import paragraph, run") == []


def test_no_module_imports_a_private_name_of_lib_docx():
    offenders = {}
    for path in PACKAGE.rglob("*.py"):
        if path == PACKAGE / "lib" / "docx.py" or path == Path(__file__):
            continue
        if uses := private_uses(path.read_text(encoding="utf-8")):
            offenders[str(path.relative_to(PACKAGE))] = uses
    assert offenders == {}
