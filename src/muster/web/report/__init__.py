"""The conference brief: one self-contained HTML page (or its PDF) summing up the coalition."""

from muster.web.report.brief import BriefView, brief_view, render_brief

__all__ = ["BriefView", "brief_view", "render_brief"]
