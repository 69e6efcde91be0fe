"""A site that already uses mkdocs-mermaid2-plugin keeps it, and cjm's default
``mermaid: true``: its journeys are drawn (by Material, from the site, mermaid2 does not
draw them), and so is the site's own diagram. Skipped when mkdocs-mermaid2-plugin is not
installed (it is in the test extras)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import MAP, PERSONA, make_project, run_build

pytest.importorskip("mermaid2")
pytestmark = pytest.mark.browser

#: mkdocs-mermaid2-plugin set up as its documentation says for Material: its custom
#: superfences fence, and the plugin before cjm.
YML = """\
site_name: Mermaid2 site
site_url: http://127.0.0.1/
theme:
  name: material
  language: en
  font: false
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:mermaid2.fence_mermaid_custom
plugins:
  - search
  - mermaid2
  - cjm{options}
"""

OWN_DIAGRAM = """\
# Home

```mermaid
graph LR
  Order --> Lunch
```
"""


def _site(root: Path, serve_dir: Any, options: str = "") -> str:
    project = make_project(root, {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/lunch.md": MAP.format(title="Lunch", persona="dina"),
    }, yml=YML.format(options=options))
    (Path(project) / "docs/index.md").write_text(OWN_DIAGRAM, encoding="utf-8")
    build = run_build(project)
    assert build.returncode == 0, build.log
    return serve_dir(project / "site")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, serve_dir: Any) -> str:
    return _site(tmp_path_factory.mktemp("mermaid2"), serve_dir)


def test_journeys_and_the_sites_own_diagram_are_drawn(new_page: Any, site: str,
                                                      mermaid_svgs: Any) -> None:
    page = new_page(site, viewport={"width": 1400, "height": 900})
    page.goto("/maps/lunch/")
    svgs = mermaid_svgs(page)
    assert any("Searches" in " ".join(s["texts"]) for s in svgs), [s["texts"] for s in svgs]
    assert page.locator("pre.mermaid").count() == 0  # no journey left as raw text
    page.goto("/")
    svgs = mermaid_svgs(page)
    assert any("Order" in s["text"] and "Lunch" in s["text"] for s in svgs), [s["text"][:200] for s in svgs]
    # Mermaid came from the site: the only request that left it is mermaid2's own import
    # of its CDN copy (aborted here), which the page does not need.
    assert all("unpkg.com/mermaid" in url for url in page.cjm_external_requests), page.cjm_external_requests

