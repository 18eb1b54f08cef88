"""``python -m kehu_hq``: the same as the ``kehu-hq`` command."""

from kehu_hq.cli import main

raise SystemExit(main())
