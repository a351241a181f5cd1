"""STARTTLS for the mail sink, and a log of what each SMTP session said.

The mode, switchable while the sink runs (it applies to connections made
afterwards):

    off      STARTTLS is not offered (a relay without TLS)
    offer    offered in the EHLO answer; a client may go on in clear
    require  offered, and every command but EHLO, NOOP, STARTTLS and QUIT
             is answered "530 Must issue a STARTTLS command first"

The certificate and key are files (tests/stack/up.sh makes a throwaway
self-signed pair at every start); without them the mode stays off.

The session log keeps, for the last LIMIT connections, each command's verb
and whether it came inside TLS: never a command's arguments (AUTH's carry
the password), so it can be shown to anyone.
"""

import functools
import itertools
import ssl
import threading
from datetime import datetime, timezone

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

MODES = ("off", "offer", "require")


def now_iso():
    t = datetime.now(timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def server_context(cert, key):
    """The server side's TLS context from PEM files (TLS 1.2 at least)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(cert, key)
    return ctx


def tls_info(session):
    """{"version", "cipher"} for a session inside TLS, else None."""
    extra = getattr(session, "ssl", None)
    if not extra:
        return None
    cipher = extra.get("cipher") or (None, None, None)
    return {"version": cipher[1], "cipher": cipher[0]}


class Starttls:
    """The current mode, shared by the SMTP and HTTP threads."""

    def __init__(self, context, mode="off"):
        self.context = context
        self.lock = threading.Lock()
        self.mode = "off"
        self.set(mode)

    def set(self, mode):
        """Switches the mode; raises ValueError (bad mode) or LookupError
        (TLS asked for, but the sink has no certificate)."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        if mode != "off" and self.context is None:
            raise LookupError("the sink was started without --tls-cert and --tls-key")
        with self.lock:
            self.mode = mode

    def get(self):
        with self.lock:
            return self.mode

    def smtp_kwargs(self):
        """aiosmtpd's SMTP arguments for a new connection."""
        mode = self.get()
        return {"tls_context": self.context if mode != "off" else None,
                "require_starttls": mode == "require"}


class Sessions:
    """The log of the last LIMIT SMTP sessions, oldest first."""

    LIMIT = 1000

    def __init__(self):
        self.lock = threading.Lock()
        self.items = []
        self.ids = itertools.count(1)

    def open(self, peer):
        entry = {"id": next(self.ids), "peer": f"{peer[0]}:{peer[1]}" if peer else None,
                 "started_at": now_iso(), "tls": None, "commands": []}
        with self.lock:
            self.items.append(entry)
            del self.items[:-self.LIMIT]
        return entry

    def command(self, entry, verb, tls):
        with self.lock:
            entry["commands"].append({"verb": verb, "tls": tls is not None})
            if tls is not None:
                entry["tls"] = tls

    def list(self):
        with self.lock:
            return [dict(e, commands=[dict(c) for c in e["commands"]]) for e in self.items]

    def clear(self):
        with self.lock:
            self.items = []


class RecordingSMTP(SMTP):
    """aiosmtpd's SMTP, noting every command in the session log first."""

    def __init__(self, handler, *, sessions, **kwargs):
        super().__init__(handler, **kwargs)
        self._sink_sessions = sessions
        self._sink_entry = None
        self._smtp_methods = {verb: self._recorded(verb, method)
                              for verb, method in self._smtp_methods.items()}

    def _recorded(self, verb, method):
        @functools.wraps(method)  # keeps the HELP syntax attributes
        async def run(arg):
            if self._sink_entry is None:
                self._sink_entry = self._sink_sessions.open(self.session.peer)
            self._sink_sessions.command(self._sink_entry, verb, tls_info(self.session))
            return await method(arg)
        return run


class SinkController(Controller):
    """A Controller whose connections get the STARTTLS mode of the moment."""

    def __init__(self, handler, *, starttls, sessions, **kwargs):
        self.starttls = starttls
        self.sessions = sessions
        super().__init__(handler, **kwargs)

    def factory(self):
        return RecordingSMTP(self.handler, sessions=self.sessions,
                             **self.SMTP_kwargs, **self.starttls.smtp_kwargs())
