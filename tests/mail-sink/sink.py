#!/usr/bin/python3
"""A local SMTP sink with a small web page, for the tests and `make run`.

    /usr/bin/python3 tests/mail-sink/sink.py --smtp-port N --http-port M --dir DIR

Accepts every message over SMTP (no auth, no TLS) and stores it as DIR/<n>.eml,
the bytes exactly as received, with DIR/<n>.json beside it holding the
envelope. Numbers go on from the highest already in DIR, so a restart keeps
the history. HTTP:

    GET    /                   an HTML page listing the messages
    GET    /messages           JSON: {"messages":[{id, from, to, subject, date,
                               mail_from, rcpt_tos, received_at, size, text,
                               url}]}, oldest first
    GET    /messages/<n>.eml   the raw message (message/rfc822)
    DELETE /messages           forget every message (tests start clean)

Binds 127.0.0.1 only. Needs Debian's python3-aiosmtpd, hence /usr/bin/python3
(the python3 on PATH may be a build without it).
"""

import argparse
import email
import email.policy
import html
import json
import os
import re
import signal
import sys
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"
EML = re.compile(r"^([0-9]+)\.eml$")


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

    def add(self, raw, mail_from, rcpt_tos):
        """Stores one message; returns its number."""
        with self.lock:
            n = self.next
            self.next += 1
            envelope = {
                "mail_from": mail_from,
                "rcpt_tos": rcpt_tos,
                "received_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
            self._write(f"{n}.json", json.dumps(envelope).encode())
            self._write(f"{n}.eml", raw)  # last: a listed .eml is complete
        return n

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

    def summary(self, n):
        raw = self.raw(n)
        if raw is None:
            return None
        try:
            with open(os.path.join(self.dir, f"{n}.json"), encoding="utf-8") as f:
                envelope = json.load(f)
        except (FileNotFoundError, ValueError):
            envelope = {"mail_from": None, "rcpt_tos": [], "received_at": None}
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
            **envelope,
            "size": len(raw),
            "text": text,
            "url": f"/messages/{n}.eml",
        }

    def all(self):
        return [s for s in (self.summary(n) for n in self.ids()) if s is not None]

    def clear(self):
        with self.lock:
            for name in os.listdir(self.dir):
                if EML.match(name) or re.match(r"^[0-9]+\.json$", name):
                    os.unlink(os.path.join(self.dir, name))


class SmtpHandler:
    """aiosmtpd handler: every message is accepted and stored."""

    def __init__(self, store):
        self.store = store

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        n = self.store.add(raw, envelope.mail_from, list(envelope.rcpt_tos))
        print(f"mail-sink: message {n} from {envelope.mail_from} to "
              f"{', '.join(envelope.rcpt_tos)}", file=sys.stderr, flush=True)
        return "250 Message accepted for delivery"


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<link rel="icon" href="data:,"><title>Launchline mail sink</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #ddd; }}
</style></head><body>
<h1>Mail sink</h1>
<p>{count} message(s), newest first. SMTP on {host}:{smtp_port}.</p>
<table><thead><tr><th>#</th><th>From</th><th>To</th><th>Subject</th><th>Date</th></tr></thead>
<tbody>{rows}</tbody></table>
</body></html>
"""


def make_http_handler(store, smtp_port):
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

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path == "/":
                messages = list(reversed(store.all()))
                rows = "".join(
                    "<tr><td><a href=\"{url}\">{id}</a></td><td>{f}</td><td>{t}</td>"
                    "<td>{s}</td><td>{d}</td></tr>".format(
                        url=html.escape(m["url"]), id=m["id"], f=html.escape(m["from"]),
                        t=html.escape(m["to"]), s=html.escape(m["subject"]),
                        d=html.escape(m["date"]))
                    for m in messages)
                page = PAGE.format(count=len(messages), host=HOST, smtp_port=smtp_port,
                                   rows=rows)
                self.send(200, page.encode(), "text/html; charset=utf-8")
            elif path == "/messages":
                self.send_json(200, {"messages": store.all()})
            elif m := re.fullmatch(r"/messages/([0-9]+)\.eml", path):
                raw = store.raw(int(m.group(1)))
                if raw is None:
                    self.send_json(404, {"error": "no such message"})
                else:
                    self.send(200, raw, "message/rfc822")
            else:
                self.send_json(404, {"error": "not found"})

        do_HEAD = do_GET

        def do_DELETE(self):
            if self.path == "/messages":
                store.clear()
                self.send(204, b"", "application/json")
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
    args = parser.parse_args()

    store = Store(args.dir)
    # The web port first: if it is taken, nothing else has started yet.
    httpd = ThreadingHTTPServer((HOST, args.http_port),
                                make_http_handler(store, args.smtp_port))
    httpd.daemon_threads = True
    smtp = Controller(SmtpHandler(store), hostname=HOST, port=args.smtp_port,
                      enable_SMTPUTF8=True, server_hostname="mail-sink.invalid")
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
    print(f"mail-sink: SMTP on {HOST}:{args.smtp_port}, web on "
          f"http://{HOST}:{args.http_port}/, storing in {args.dir}",
          file=sys.stderr, flush=True)
    try:
        httpd.serve_forever()
    finally:
        httpd.server_close()
        smtp.stop()


if __name__ == "__main__":
    main()
