from corechat.cli import main

raise SystemExit(main())
