#!/usr/bin/python3
"""Reads one email (raw bytes) on stdin and prints what a real MIME parser
(Python's email package, policy=default) makes of it, as JSON, for the API
tests: headers as they came (raw, in order) and decoded, the addresses, the
parts with their decoded content, every defect the parser found, and the
line-ending facts (bare LF or CR anywhere, the longest line)."""

import json
import re
import sys
import email
import email.policy
from email.header import decode_header, make_header
from email.utils import getaddresses


def addresses(raw_msg, name):
    """Every address of every header `name`: unfolded, split by
    email.utils.getaddresses, display names decoded by email.header (which
    follows RFC 2047 6.2: the whitespace between adjacent encoded-words is
    dropped; the policy.default address parser keeps it, a known quirk)."""
    values = [re.sub(r"\r?\n(?=[ \t])", "", v) for v in raw_msg.get_all(name) or []]
    out = []
    for n, a in getaddresses(values):
        out.append({"name": str(make_header(decode_header(n))) if n else "", "addr": a})
    return out


def main():
    raw = sys.stdin.buffer.read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    raw_msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    head, _, _ = raw.partition(b"\r\n\r\n")
    lines = raw.split(b"\r\n")
    parts = []
    defects = [f"message: {type(d).__name__}" for d in msg.defects]
    for part in msg.walk():
        if part is not msg:
            defects += [f"{part.get_content_type()}: {type(d).__name__}" for d in part.defects]
        if part.is_multipart():
            continue
        try:
            content = part.get_content()
        except (LookupError, ValueError) as e:
            content = None
            defects.append(f"{part.get_content_type()}: cannot decode: {e}")
        parts.append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "content": content,
        })
    out = {
        "raw_headers": [[k, v] for k, v in email.message_from_bytes(head + b"\r\n\r\n", policy=email.policy.compat32).items()],
        "header_names": [k for k in msg.keys()],
        "subject": str(msg.get("subject", "")),
        "date": str(msg.get("date", "")),
        "message_id": str(msg.get("message-id", "")),
        "mime_version": str(msg.get("mime-version", "")),
        "auto_submitted": str(msg.get("auto-submitted", "")),
        "from": addresses(raw_msg, "from"),
        "reply_to": addresses(raw_msg, "reply-to"),
        "to": addresses(raw_msg, "to"),
        "cc": addresses(raw_msg, "cc"),
        "bcc": addresses(raw_msg, "bcc"),
        "content_type": msg.get_content_type(),
        "is_multipart": msg.is_multipart(),
        "parts": parts,
        "defects": defects,
        "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
        "bare_cr": b"\r" in raw.replace(b"\r\n", b""),
        "ends_with_crlf": raw.endswith(b"\r\n"),
        "max_line_length": max((len(line) for line in lines), default=0),
        "header_max_line_length": max((len(line) for line in head.split(b"\r\n")), default=0),
        "non_ascii_bytes": any(b > 127 for b in raw),
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
