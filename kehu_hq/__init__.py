"""Head-office service (FastAPI + uvicorn): branch registration, push, pull, monitoring.

Comes with the sync issue; it reuses kehu_desktop.models and services.
"""
