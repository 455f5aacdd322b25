"""Field builders and status texts shared by several catalog modules."""

from __future__ import annotations

from .model import Field, FieldType, Location

STATUS_401 = "인증 토큰이 없거나 유효하지 않습니다. 다시 로그인(토큰 발급)이 필요합니다"
STATUS_NOT_ACCESSIBLE = "해당 거래를 찾을 수 없거나 이 계정으로 접근할 권한이 없습니다"
STATUS_501 = "포트원이 이 PG사의 현금영수증 기능을 지원하지 않습니다"


def path_string(name: str, label: str, help: str = "") -> Field:
    return Field(name, Location.PATH, FieldType.STRING, label, help=help, required=True)


def imp_uid_path(help: str = "포트원 거래고유번호입니다. 예: imp_448280090638") -> Field:
    return path_string("imp_uid", "포트원 거래고유번호", help)


def merchant_uid_path(help: str = "결제 요청 때 쓴 고객사 주문번호입니다.") -> Field:
    return path_string("merchant_uid", "고객사 주문번호", help)
