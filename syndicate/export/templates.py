"""Jinja2 rendering of the package's templates (syndicate/templates/*), autoescaped; the environment
belongs to the renderer."""

from __future__ import annotations

from ..resources import package_file


class TemplateRenderer:
    """Renders the package's templates; builds its Jinja2 environment on first use."""

    def __init__(self):
        self._environment = None

    @property
    def environment(self):
        if self._environment is None:
            import jinja2

            self._environment = jinja2.Environment(
                loader=jinja2.PackageLoader("syndicate", "templates"),
                autoescape=True,  # every rendered template here is HTML
                undefined=jinja2.StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
            )
        return self._environment

    def render(self, name: str, **context) -> str:
        return self.environment.get_template(name).render(**context)

    def read(self, name: str) -> str:
        """A template file's text as it is (the stylesheet)."""
        return package_file("templates", name).read_text(encoding="utf-8")
