"""The board report as a PDF, laid out by WeasyPrint from the report's HTML.

The page's stylesheet is read from the app's static folder and nothing else is fetched:
a report never reaches the network (and works offline)."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher


class NothingFetched(URLFetcher):
    """Refuses every resource the page might name: all a report needs is in the page."""

    def fetch(self, url, headers=None):
        raise ValueError(f"not fetched: {url}")


def pdf_of(html: str, base_url: str) -> bytes:
    """``base_url`` makes the report's links absolute, so they work from the PDF."""
    stylesheet = Path(current_app.static_folder) / "css" / "report.css"
    return HTML(string=html, base_url=base_url, url_fetcher=NothingFetched()).write_pdf(
        stylesheets=[CSS(filename=str(stylesheet))]
    )
