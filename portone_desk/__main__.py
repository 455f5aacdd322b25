from portone_desk.cli import main

raise SystemExit(main())
