"""Head office's refusals as the branch's errors: a status a person must act on becomes its
catalogue code, any other failure ``sync.server_error`` with the status."""

from __future__ import annotations

import httpx

from kehu_desktop.domain.errors import KehuError

#: Head office's refusal statuses → our catalogue's codes (the ones a person must act on).
REFUSED = {
    401: "sync.secret_refused",
    403: "sync.forbidden",
    413: "sync.too_large",
    426: "sync.upgrade_needed",
}


def refusal(reply: httpx.Response, url: str) -> KehuError:
    try:
        body = reply.json()
        detail = str(body.get("message") or body.get("error") or "")
    except (ValueError, AttributeError):
        detail = ""
    code = REFUSED.get(reply.status_code)
    if code is not None:
        return KehuError(code, url=url, detail=detail)
    return KehuError("sync.server_error", url=url, status=reply.status_code, detail=detail)
