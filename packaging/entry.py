"""PyInstaller's entry script: the same ``main`` as the ``portone-desk`` console script."""

from portone_desk.cli import main

raise SystemExit(main())
