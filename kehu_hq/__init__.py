"""Head-office service (FastAPI + uvicorn) on the same schema as a branch: today the branch
registry (``registry``), registration and the bearer-secret check (``app``) and the ``kehu-hq``
command (``cli``). Push, pull and monitoring come with the rest of issue 8 (docs/sync.md).
"""
