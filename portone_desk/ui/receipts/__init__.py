"""The cash-receipt tabs: PortOne payments (imp_uid) and cash sales outside PortOne (merchant_uid)."""

from portone_desk.ui.receipts.external_tab import ExternalReceiptsTab
from portone_desk.ui.receipts.portone_tab import ReceiptsTab

__all__ = ["ExternalReceiptsTab", "ReceiptsTab"]
