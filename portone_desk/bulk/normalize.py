"""Sheet text → API codes: couriers by code or Korean name, delivery methods, receipt use, dates."""

from __future__ import annotations

import re
from datetime import datetime

from portone_desk.api.catalog import DELIVERY_COMPANIES, DELIVERY_METHODS, IDENTIFIER_TYPES, RECEIPT_TYPES
from portone_desk.api.model import Option
from portone_desk.api.timefmt import KST


def _key(text: str) -> str:
    return re.sub(r"[\s_\-.()]+", "", text).lower()


def _table(options: tuple[Option, ...], extra: dict[str, str]) -> dict[str, str]:
    table = {}
    for option in options:
        table[_key(option.code)] = option.code
        table[_key(option.label)] = option.code
        for alias in option.aliases:
            table[_key(alias)] = option.code
    table.update({_key(name): code for name, code in extra.items()})
    return table


# Couriers' other names ("대한통운", "롯데", the old "현대택배") live with them in the catalog.
_COURIERS = _table(DELIVERY_COMPANIES, {})

_METHODS = _table(
    DELIVERY_METHODS,
    {
        "택배": "DELIVERY",
        "등기": "DELIVERY",
        "소포": "DELIVERY",
        "굿스플로": "GDFW_ISSUE_SVC",
        "방문수령": "VISIT_RECEIPT",
        "직접전달": "DIRECT_DELIVERY",
        "직접배송": "DIRECT_DELIVERY",
        "퀵": "QUICK_SVC",
        "퀵서비스": "QUICK_SVC",
        "배송없음": "NOTHING",
    },
)

_RECEIPT_TYPES = _table(
    RECEIPT_TYPES,
    {
        "소득공제": "person",
        "소득공제용": "person",
        "지출증빙용": "company",
        "개인": "person",
        "지출증빙": "company",
        "사업자": "company",
        "법인": "company",
    },
)
_IDENTIFIER_TYPES = _table(
    IDENTIFIER_TYPES,
    {
        "휴대폰": "phone",
        "전화번호": "phone",
        "사업자번호": "business",
        "주민번호": "person",
        "카드": "taxcard",
    },
)


def courier_code(text: str) -> str:
    """``CJGLS`` for "CJ대한통운", "CJ 대한통운", "cjgls"…; the text unchanged when unknown
    (so validation names the bad value)."""
    return _COURIERS.get(_key(text), text.strip()) if text.strip() else ""


def delivery_method_code(text: str) -> str:
    return _METHODS.get(_key(text), text.strip()) if text.strip() else ""


def receipt_type_code(text: str) -> str:
    return _RECEIPT_TYPES.get(_key(text), text.strip()) if text.strip() else ""


def identifier_type_code(text: str) -> str:
    return _IDENTIFIER_TYPES.get(_key(text), text.strip()) if text.strip() else ""


_DATE_SEPARATORS = re.compile(r"[./]")


def kst_text(text: str) -> str:
    """Dates as sheets write them ("2026.03.05", "2026/03/05 14:30", "20260305") in the
    ``YYYY-MM-DD HH:MM:SS`` form the catalog's timestamp fields read; other text unchanged."""
    text = text.strip()
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    text = _DATE_SEPARATORS.sub("-", text.split(" ", 1)[0]) + (
        " " + text.split(" ", 1)[1] if " " in text else ""
    )
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).strftime("%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
    return text


def now_kst_text(unix: float) -> str:
    return datetime.fromtimestamp(int(unix), KST).strftime("%Y-%m-%d %H:%M:%S")
