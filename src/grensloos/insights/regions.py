"""NUTS 2 regions of the Benelux and of the neighbouring border areas (NUTS 2021, with 2024 codes for NL)."""

from __future__ import annotations

# Names are the regions' own official names, which are used unchanged in every language.
NUTS2 = {
    "BE10": "Région de Bruxelles-Capitale / Brussels Hoofdstedelijk Gewest",
    "BE21": "Prov. Antwerpen",
    "BE22": "Prov. Limburg (BE)",
    "BE23": "Prov. Oost-Vlaanderen",
    "BE24": "Prov. Vlaams-Brabant",
    "BE25": "Prov. West-Vlaanderen",
    "BE31": "Prov. Brabant wallon",
    "BE32": "Prov. Hainaut",
    "BE33": "Prov. Liège",
    "BE34": "Prov. Luxembourg (BE)",
    "BE35": "Prov. Namur",
    "NL11": "Groningen",
    "NL12": "Friesland (NL)",
    "NL13": "Drenthe",
    "NL21": "Overijssel",
    "NL22": "Gelderland",
    "NL23": "Flevoland",
    "NL31": "Utrecht",
    "NL32": "Noord-Holland",
    "NL33": "Zuid-Holland",
    "NL34": "Zeeland",
    "NL35": "Utrecht",
    "NL36": "Zuid-Holland",
    "NL41": "Noord-Brabant",
    "NL42": "Limburg (NL)",
    "LU00": "Luxembourg",
    "DEA1": "Düsseldorf",
    "DEA2": "Köln",
    "DEA3": "Münster",
    "DEB2": "Trier",
    "DEC0": "Saarland",
    "FRE1": "Nord-Pas-de-Calais",
    "FRF2": "Champagne-Ardenne",
    "FRF3": "Lorraine",
}

# Regions along an internal Benelux border or a border with Germany or France, with the pairs they touch.
BORDER_REGIONS = {
    "BE21": ["BE-NL"],
    "BE22": ["BE-NL"],
    "BE23": ["BE-NL"],
    "BE25": ["BE-FR"],
    "BE32": ["BE-FR"],
    "BE33": ["BE-DE", "BE-NL"],
    "BE34": ["BE-FR", "BE-LU"],
    "BE35": ["BE-FR"],
    "NL11": ["DE-NL"],
    "NL13": ["DE-NL"],
    "NL21": ["DE-NL"],
    "NL22": ["DE-NL"],
    "NL34": ["BE-NL"],
    "NL41": ["BE-NL"],
    "NL42": ["BE-NL", "DE-NL"],
    "LU00": ["BE-LU", "DE-LU", "FR-LU"],
    "DEA1": ["DE-NL"],
    "DEA2": ["BE-DE", "DE-NL"],
    "DEA3": ["DE-NL"],
    "DEB2": ["BE-DE", "DE-LU"],
    "DEC0": ["DE-FR"],
    "FRE1": ["BE-FR"],
    "FRF2": ["BE-FR"],
    "FRF3": ["BE-FR", "FR-LU"],
}

BENELUX = ("BE", "NL", "LU")
EU_AGGREGATES = ("EU27_2020", "EU28", "EU27_2007", "EU15")


def is_benelux_region(geo: str) -> bool:
    return len(geo) == 4 and geo[:2] in BENELUX
