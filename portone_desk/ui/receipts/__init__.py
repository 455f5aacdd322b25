"""The cash-receipt tabs: PortOne payments (``portone_tab.py``, imp_uid) and cash sales outside PortOne
(``external_tab.py``, merchant_uid). Importing the package loads no Qt: ``rules.py`` and
``presenter.py`` are Qt-free."""
