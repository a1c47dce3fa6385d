"""Eurostat's dissemination API, through the ``sdmx1`` library.

Why sdmx1 rather than the ``eurostat`` package: the dissemination API *is* an SDMX 2.1 web service, and
sdmx1 is a maintained, typed implementation of SDMX: it reads structure (dataset names, the UPDATE_DATA
annotation that gives the last update) and data messages with their observation attributes (OBS_FLAG),
raises real exceptions (the ``eurostat`` package prints and retries silently), and knows other SDMX
agencies, so a national office that publishes SDMX (e.g. STATEC's LUSTAT) is a new source, not new code.
It talks HTTP through ``requests``, so the tests replay recorded responses without a network.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from grensloos.core.errors import DomainError

from . import formats


class SourceUnavailable(DomainError):
    """The statistical source could not be reached or answered with an error."""


@dataclass
class Fetched:
    parsed: formats.ParsedDataset
    title: str
    last_update: datetime.datetime | None
    url: str


class EurostatClient:
    source_id = "ESTAT"

    def __init__(self, timeout: float = 60.0) -> None:
        import logging

        import sdmx

        # Eurostat's data messages come without their structure, which sdmx1 reads fine but warns about.
        logging.getLogger("sdmx").setLevel(logging.ERROR)

        self._client = sdmx.Client(self.source_id)
        self.timeout = timeout

    def fetch(self, code: str, start_period: str | None = None) -> Fetched:
        """Dataset ``code`` (all series) with its title and Eurostat's last-update date."""
        import requests

        flow_id = code.upper()
        params = {"startPeriod": start_period} if start_period else {}
        try:
            structure = self._client.dataflow(flow_id, timeout=self.timeout)
            data = self._client.data(flow_id, params=params, timeout=self.timeout)
        except requests.exceptions.ConnectionError as exc:
            raise SourceUnavailable(
                f"Eurostat cannot be reached ({type(exc).__name__}); check the internet connection. "
                "Nothing was changed."
            ) from exc
        except requests.exceptions.HTTPError as exc:
            status = getattr(exc.response, "status_code", "?")
            raise SourceUnavailable(f"Eurostat answered HTTP {status} for {code}. Nothing was changed.") from exc
        except requests.exceptions.RequestException as exc:
            raise SourceUnavailable(f"The request to Eurostat failed: {exc}. Nothing was changed.") from exc
        except Exception as exc:  # noqa: BLE001 - sdmx1 parse errors
            raise SourceUnavailable(
                f"Eurostat's answer for {code} could not be read: {exc}. Nothing was changed."
            ) from exc
        flow = structure.dataflow.get(flow_id) if hasattr(structure, "dataflow") else None
        title = str(flow.name) if flow is not None and flow.name else ""
        last_update = None
        for annotation in getattr(flow, "annotations", []) or []:
            if annotation.type == "UPDATE_DATA" and annotation.title:
                last_update = _parse_date(str(annotation.title))
        parsed = formats.from_sdmx_message(data, code=code)
        url = f"{self._client.source.url}/data/{flow_id}"
        return Fetched(parsed, title, last_update, url)


def _parse_date(text: str) -> datetime.datetime | None:
    text = text.strip()
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":
        text = text[:-2] + ":" + text[-2:]  # 2024-04-26T23:00:00+0200 → +02:00
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
