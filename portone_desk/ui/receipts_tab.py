"""The cash-receipt tabs as the main window imports them (the code lives in ``ui/receipts/``)."""

from portone_desk.ui.receipts import ExternalReceiptsTab, ReceiptsTab

__all__ = ["ExternalReceiptsTab", "ReceiptsTab"]
