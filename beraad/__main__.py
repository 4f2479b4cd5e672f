from beraad.cli import main

raise SystemExit(main())
