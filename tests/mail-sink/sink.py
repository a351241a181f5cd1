#!/usr/bin/python3
"""A local SMTP sink with a small web page, for the tests and `make run`.

    /usr/bin/python3 tests/mail-sink/sink.py --smtp-port N --http-port M --dir DIR
        [--auth-user USER --auth-password-file FILE]
        [--tls-cert FILE --tls-key FILE [--starttls off|offer|require]]

Accepts every message over SMTP and stores it as DIR/<n>.eml, the bytes
exactly as received, with DIR/<n>.json beside it holding the envelope
(mail_from, rcpt_tos, auth_user, tls: null in clear, else {version,
cipher}; received_at: when the data arrived, answered_at: when the 250 went
back; both with milliseconds). Numbers go on from the highest already in
DIR, so a restart keeps the history. With --auth-user, AUTH PLAIN/LOGIN
(allowed over plain TCP too: a test double) is required before MAIL, with
the password of FILE's first line. With a certificate, STARTTLS can be
offered or required (see starttls.py), from the start or switched later.

HTTP:

    GET    /                   an HTML page listing the messages
    GET    /messages[?to=A]    JSON: {"messages":[{id, from, to, subject, date,
                               message_id, mail_from, rcpt_tos, auth_user,
                               received_at, answered_at, size, text, url}]},
                               oldest first; ?to= only those with A among
                               the envelope's recipients
    GET    /messages/<n>.eml   the raw message (message/rfc822)
    DELETE /messages           forget every message (tests start clean)

Failure injection, for the tests:

    POST   /faults             add a rule (JSON below); 201 with it and its id
    GET    /faults             {"faults":[rule + "hits"]}
    DELETE /faults[/<id>]      remove every rule, or one
    POST   /down {"ms": N}     no SMTP listener for N ms: connections are
                               refused; sessions in progress are cut
    GET    /state              {"smtp": "up"|"down", "starttls": MODE}

STARTTLS and what each session said (see starttls.py):

    POST   /starttls {"mode": "off"|"offer"|"require"}
                               for connections made from now on; 409
                               when the sink has no certificate
    GET    /sessions           {"sessions":[{id, peer, started_at, tls:
                               null|{version, cipher}, commands:[{verb,
                               tls: bool}]}]}, the last 1000, oldest first
    DELETE /sessions           forget them

A rule: {"stage": "ehlo"|"mail"|"rcpt"|"data", "rcpt": REGEX (optional:
only transactions with a recipient matching it; stages rcpt and data),
"delay_ms": N (wait before answering: a slow server), "action": "pass"
(then answer normally) | "reply" (answer "code text" instead, e.g. 451 or
554) | "drop" (close the connection without an answer), "code", "text",
"store": true (data stage: keep the message before the delay and the
action; with "drop" the server has it but the client never hears so:
the duplicate window), "times": N (fire N times, then disappear; default
forever)}. The first matching rule of a stage fires.

Binds 127.0.0.1 only. Needs Debian's python3-aiosmtpd, hence /usr/bin/python3
(the python3 on PATH may be a build without it).
"""

import argparse
import asyncio
import email
import email.policy
import html
import itertools
import json
import logging
import os
import re
import signal
import sys
import threading
import time
import warnings
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.smtp import MISSING, AuthResult, LoginPassword

from starttls import Sessions, SinkController, Starttls, server_context, tls_info

# AUTH over plain TCP is what a local test double does; say it once, in
# the docstring, rather than on every connection.
warnings.filterwarnings("ignore", module="aiosmtpd")
logging.getLogger("mail.log").setLevel(logging.CRITICAL)

HOST = "127.0.0.1"
EML = re.compile(r"^([0-9]+)\.eml$")
STAGES = ("ehlo", "mail", "rcpt", "data")
ACTIONS = ("pass", "reply", "drop")


def now_iso():
    t = datetime.now(timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


class Store:
    """The message directory; one lock orders numbering and deletion."""

    def __init__(self, directory):
        self.dir = directory
        self.lock = threading.Lock()
        os.makedirs(directory, exist_ok=True)
        self.next = max(self.ids(), default=0) + 1

    def ids(self):
        found = (EML.match(name) for name in os.listdir(self.dir))
        return sorted(int(m.group(1)) for m in found if m)

    def add(self, raw, envelope):
        """Stores one message; returns its number."""
        with self.lock:
            n = self.next
            self.next += 1
            self._write(f"{n}.json", json.dumps(envelope).encode())
            self._write(f"{n}.eml", raw)  # last: a listed .eml is complete
        return n

    def note(self, n, **fields):
        """Adds fields to a stored message's envelope."""
        with self.lock:
            envelope = self.envelope(n)
            envelope.update(fields)
            self._write(f"{n}.json", json.dumps(envelope).encode())

    def _write(self, name, data):
        tmp = os.path.join(self.dir, f".{name}.tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, os.path.join(self.dir, name))

    def raw(self, n):
        try:
            with open(os.path.join(self.dir, f"{n}.eml"), "rb") as f:
                return f.read()
        except FileNotFoundError:
            return None

    def envelope(self, n):
        try:
            with open(os.path.join(self.dir, f"{n}.json"), encoding="utf-8") as f:
                return json.load(f)
        except (FileNotFoundError, ValueError):
            return {"mail_from": None, "rcpt_tos": [], "received_at": None}

    def summary(self, n):
        raw = self.raw(n)
        if raw is None:
            return None
        envelope = self.envelope(n)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",))
        try:
            text = body.get_content() if body is not None else ""
        except (LookupError, ValueError):
            text = ""
        return {
            "id": n,
            "from": str(msg.get("from", "")),
            "to": str(msg.get("to", "")),
            "subject": str(msg.get("subject", "")),
            "date": str(msg.get("date", "")),
            "message_id": str(msg.get("message-id", "")),
            "auth_user": None,
            "tls": None,
            "answered_at": None,
            **envelope,
            "size": len(raw),
            "text": text,
            "url": f"/messages/{n}.eml",
        }

    def all(self, to=None):
        out = []
        for n in self.ids():
            if to is not None:
                rcpts = [r.lower() for r in self.envelope(n).get("rcpt_tos") or []]
                if to.lower() not in rcpts:
                    continue
            s = self.summary(n)
            if s is not None:
                out.append(s)
        return out

    def clear(self):
        with self.lock:
            for name in os.listdir(self.dir):
                if EML.match(name) or re.match(r"^[0-9]+\.json$", name):
                    os.unlink(os.path.join(self.dir, name))


class Faults:
    """The failure-injection rules, shared by the SMTP and HTTP threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rules = []
        self.ids = itertools.count(1)

    @staticmethod
    def check(rule):
        """A clean copy of a rule from JSON, or raises ValueError."""
        if not isinstance(rule, dict):
            raise ValueError("a rule is a JSON object")
        stage = rule.get("stage")
        action = rule.get("action", "pass")
        if stage not in STAGES:
            raise ValueError(f"stage must be one of {', '.join(STAGES)}")
        if action not in ACTIONS:
            raise ValueError(f"action must be one of {', '.join(ACTIONS)}")
        out = {"stage": stage, "action": action, "rcpt": None, "delay_ms": 0,
               "code": None, "text": "", "store": False, "times": None}
        if rule.get("rcpt") is not None:
            re.compile(rule["rcpt"])
            out["rcpt"] = str(rule["rcpt"])
        for key in ("delay_ms", "times", "code"):
            v = rule.get(key)
            if v is not None and (not isinstance(v, int) or v < 0):
                raise ValueError(f"{key} must be a whole number")
            if v is not None:
                out[key] = v
        if action == "reply" and not (out["code"] and 200 <= out["code"] <= 599):
            raise ValueError("reply needs a code from 200 to 599")
        out["text"] = str(rule.get("text") or "Injected by the mail sink")
        out["store"] = bool(rule.get("store", False))
        return out

    def add(self, rule):
        rule = self.check(rule)
        with self.lock:
            rule["id"] = next(self.ids)
            rule["hits"] = 0
            self.rules.append(rule)
            return dict(rule)

    def list(self):
        with self.lock:
            return [dict(r) for r in self.rules]

    def remove(self, rule_id=None):
        with self.lock:
            before = len(self.rules)
            self.rules = [r for r in self.rules if rule_id is not None and r["id"] != rule_id]
            return before - len(self.rules)

    def take(self, stage, rcpts):
        """The first rule of stage matching rcpts, counted as a hit."""
        with self.lock:
            for r in self.rules:
                if r["stage"] != stage:
                    continue
                if r["rcpt"] is not None and not any(re.search(r["rcpt"], a or "") for a in rcpts):
                    continue
                r["hits"] += 1
                if r["times"] is not None:
                    r["times"] -= 1
                    if r["times"] <= 0:
                        self.rules.remove(r)
                return dict(r)
        return None


class SmtpHandler:
    """aiosmtpd handler: stores every message, unless a fault rule says otherwise."""

    def __init__(self, store, faults, state):
        self.store = store
        self.faults = faults
        self.state = state

    async def fault(self, server, stage, rcpts, default, on_store=None):
        """Applies the rule of this stage, if any. Returns the answer to give
        (default: go on normally), or None after dropping the connection."""
        rule = self.faults.take(stage, rcpts)
        if rule is None:
            return default
        stored = on_store() if rule["store"] and on_store else None
        print(f"mail-sink: fault {rule['id']} at {stage}: {rule['action']}"
              f" after {rule['delay_ms']} ms", file=sys.stderr, flush=True)
        if rule["delay_ms"]:
            await asyncio.sleep(rule["delay_ms"] / 1000)
        if rule["action"] == "drop":
            server.transport.abort()  # no answer at all
            return None
        if rule["action"] == "reply":
            return f"{rule['code']} {rule['text']}"
        if stored is not None:
            return ("stored", stored)
        return default

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        answer = await self.fault(server, "ehlo", [], MISSING)
        if answer is MISSING or answer is None:
            return responses
        return [answer]

    async def handle_MAIL(self, server, session, envelope, address, options):
        answer = await self.fault(server, "mail", [], MISSING)
        if answer is MISSING:
            envelope.mail_from = address
            envelope.mail_options.extend(options)
            return "250 OK"
        return answer or "421 closing"

    async def handle_RCPT(self, server, session, envelope, address, options):
        answer = await self.fault(server, "rcpt", [address], MISSING)
        if answer is MISSING:
            envelope.rcpt_tos.append(address)
            envelope.rcpt_options.extend(options)
            return "250 OK"
        return answer or "421 closing"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "auth_user": self.state.get_auth(session),
            "tls": tls_info(session),
            "received_at": now_iso(),
            "answered_at": None,
        }

        def keep():
            n = self.store.add(raw, meta)
            print(f"mail-sink: message {n} from {envelope.mail_from} to "
                  f"{', '.join(envelope.rcpt_tos)}", file=sys.stderr, flush=True)
            return n

        answer = await self.fault(server, "data", envelope.rcpt_tos, MISSING, keep)
        if answer is None:
            return "421 closing"  # the transport is gone; never sent
        if isinstance(answer, tuple):  # stored before the delay
            n = answer[1]
        elif answer is MISSING:
            n = keep()
        else:
            return answer
        status = "250 Message accepted for delivery"
        self.store.note(n, answered_at=now_iso())
        return status


class SmtpState:
    """The listener (started, stopped for /down), AUTH and STARTTLS."""

    def __init__(self, handler_factory, port, auth_user, auth_password, starttls):
        self.port = port
        self.starttls = starttls
        self.sessions = Sessions()
        self.auth_user = auth_user
        self.auth_password = auth_password
        self.lock = threading.Lock()
        self.controller = None
        self.handler = handler_factory(self)
        self.down_until = 0.0
        self.timer = None

    def get_auth(self, session):
        data = getattr(session, "auth_data", None)
        if isinstance(data, LoginPassword):
            return data.login.decode("utf-8", "replace")
        return data if isinstance(data, str) else None

    def authenticator(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode("utf-8", "replace") == self.auth_user
              and auth_data.password.decode("utf-8", "replace") == self.auth_password)
        return AuthResult(success=ok, handled=False,
                          auth_data=auth_data.login.decode("utf-8", "replace") if ok else None)

    def start(self):
        kwargs = {"enable_SMTPUTF8": True, "server_hostname": "mail-sink.invalid"}
        if self.auth_user is not None:
            kwargs.update(authenticator=self.authenticator, auth_required=True,
                          auth_require_tls=False)
        self.controller = SinkController(self.handler, starttls=self.starttls,
                                         sessions=self.sessions, hostname=HOST,
                                         port=self.port, **kwargs)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def down(self, ms):
        """No listener for ms milliseconds."""
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()
            if self.controller is not None:
                self.stop()
            self.down_until = time.monotonic() + ms / 1000
            self.timer = threading.Timer(ms / 1000, self.up)
            self.timer.daemon = True
            self.timer.start()
        print(f"mail-sink: SMTP down for {ms} ms", file=sys.stderr, flush=True)

    def up(self):
        with self.lock:
            self.timer = None
            if self.controller is None:
                self.start()
        print("mail-sink: SMTP up again", file=sys.stderr, flush=True)

    def is_up(self):
        return self.controller is not None


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<link rel="icon" href="data:,"><title>Launchline mail sink</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #ddd; }}
</style></head><body>
<h1>Mail sink</h1>
<p>{count} message(s), newest first. SMTP on {host}:{smtp_port} ({smtp_state}, STARTTLS {starttls}).</p>
<table><thead><tr><th>#</th><th>From</th><th>To</th><th>Subject</th><th>Date</th><th>TLS</th></tr></thead>
<tbody>{rows}</tbody></table>
</body></html>
"""


def make_http_handler(store, faults, smtp):
    class HttpHandler(BaseHTTPRequestHandler):
        server_version = "mail-sink"

        def send(self, status, body, content_type):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def send_json(self, status, value):
            self.send(status, json.dumps(value).encode(), "application/json")

        def body_json(self):
            n = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(n) if n else b""
            return json.loads(raw.decode() or "{}")

        def query(self):
            q = {}
            if "?" in self.path:
                from urllib.parse import parse_qs
                for k, v in parse_qs(self.path.split("?", 1)[1]).items():
                    q[k] = v[0]
            return q

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path == "/":
                messages = list(reversed(store.all()))
                rows = "".join(
                    "<tr><td><a href=\"{url}\">{id}</a></td><td>{f}</td><td>{t}</td>"
                    "<td>{s}</td><td>{d}</td><td>{tls}</td></tr>".format(
                        url=html.escape(m["url"]), id=m["id"], f=html.escape(m["from"]),
                        t=html.escape(m["to"]), s=html.escape(m["subject"]),
                        d=html.escape(m["date"]),
                        tls=html.escape((m.get("tls") or {}).get("version") or "no"))
                    for m in messages)
                page = PAGE.format(count=len(messages), host=HOST, smtp_port=smtp.port,
                                   smtp_state="up" if smtp.is_up() else "down",
                                   starttls=smtp.starttls.get(), rows=rows)
                self.send(200, page.encode(), "text/html; charset=utf-8")
            elif path == "/messages":
                self.send_json(200, {"messages": store.all(self.query().get("to"))})
            elif m := re.fullmatch(r"/messages/([0-9]+)\.eml", path):
                raw = store.raw(int(m.group(1)))
                if raw is None:
                    self.send_json(404, {"error": "no such message"})
                else:
                    self.send(200, raw, "message/rfc822")
            elif path == "/faults":
                self.send_json(200, {"faults": faults.list()})
            elif path == "/state":
                self.send_json(200, {"smtp": "up" if smtp.is_up() else "down",
                                     "starttls": smtp.starttls.get()})
            elif path == "/sessions":
                self.send_json(200, {"sessions": smtp.sessions.list()})
            else:
                self.send_json(404, {"error": "not found"})

        do_HEAD = do_GET

        def do_POST(self):
            path = self.path.split("?", 1)[0]
            try:
                body = self.body_json()
            except ValueError:
                return self.send_json(400, {"error": "the body is not JSON"})
            if path == "/faults":
                try:
                    self.send_json(201, faults.add(body))
                except (ValueError, re.error) as e:
                    self.send_json(400, {"error": str(e)})
            elif path == "/down":
                ms = body.get("ms") if isinstance(body, dict) else None
                if not isinstance(ms, int) or ms < 1 or ms > 600000:
                    return self.send_json(400, {"error": "ms must be 1..600000"})
                smtp.down(ms)
                self.send_json(200, {"smtp": "down", "ms": ms})
            elif path == "/starttls":
                try:
                    smtp.starttls.set(body.get("mode") if isinstance(body, dict) else None)
                except ValueError as e:
                    return self.send_json(400, {"error": str(e)})
                except LookupError as e:
                    return self.send_json(409, {"error": str(e)})
                print(f"mail-sink: STARTTLS {smtp.starttls.get()}", file=sys.stderr, flush=True)
                self.send_json(200, {"starttls": smtp.starttls.get()})
            else:
                self.send_json(404, {"error": "not found"})

        def do_DELETE(self):
            path = self.path.split("?", 1)[0]
            if path == "/messages":
                store.clear()
                self.send(204, b"", "application/json")
            elif path == "/faults":
                faults.remove()
                self.send(204, b"", "application/json")
            elif path == "/sessions":
                smtp.sessions.clear()
                self.send(204, b"", "application/json")
            elif m := re.fullmatch(r"/faults/([0-9]+)", path):
                if faults.remove(int(m.group(1))):
                    self.send(204, b"", "application/json")
                else:
                    self.send_json(404, {"error": "no such rule"})
            else:
                self.send_json(404, {"error": "not found"})

        def log_message(self, fmt, *args):
            pass  # quiet: the tests poll this often

    return HttpHandler


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--smtp-port", type=int, required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--auth-user")
    parser.add_argument("--auth-password-file")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--starttls", default="off")
    args = parser.parse_args()

    password = None
    if args.auth_user is not None:
        if not args.auth_password_file:
            parser.error("--auth-user needs --auth-password-file")
        with open(args.auth_password_file, encoding="utf-8") as f:
            password = f.readline().rstrip("\r\n")

    if (args.tls_cert is None) != (args.tls_key is None):
        parser.error("--tls-cert and --tls-key go together")
    context = server_context(args.tls_cert, args.tls_key) if args.tls_cert else None
    try:
        starttls = Starttls(context, args.starttls)
    except (ValueError, LookupError) as e:
        parser.error(f"--starttls: {e}")

    store = Store(args.dir)
    faults = Faults()
    smtp = SmtpState(lambda state: SmtpHandler(store, faults, state), args.smtp_port,
                     args.auth_user, password, starttls)
    # The web port first: if it is taken, nothing else has started yet.
    httpd = ThreadingHTTPServer((HOST, args.http_port), make_http_handler(store, faults, smtp))
    httpd.daemon_threads = True
    try:
        smtp.start()
    except Exception:
        httpd.server_close()
        raise

    def stop(signum, frame):
        # shutdown() waits for serve_forever(), so not from its own thread.
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"mail-sink: SMTP on {HOST}:{args.smtp_port}"
          f"{' (AUTH required)' if args.auth_user else ''}"
          f"{', STARTTLS ' + starttls.get() if context else ''}, web on "
          f"http://{HOST}:{args.http_port}/, storing in {args.dir}",
          file=sys.stderr, flush=True)
    try:
        httpd.serve_forever()
    finally:
        httpd.server_close()
        smtp.stop()


if __name__ == "__main__":
    main()
