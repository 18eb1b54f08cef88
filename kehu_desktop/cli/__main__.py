from kehu_desktop.cli import main

raise SystemExit(main())
