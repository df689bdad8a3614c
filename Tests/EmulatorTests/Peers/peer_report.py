"""What every peer script shares: one JSON line per call on stdout, `{"call": ..., "ok": ...}`,
which PeerScript.swift reads and asserts."""

import json


def report(call, **facts):
    print(json.dumps({"call": call, **facts}, sort_keys=True), flush=True)


def attempt(call, action):
    """Runs action(); reports what it returns (a dict of facts) or the error it raised."""
    try:
        report(call, ok=True, **action())
    except Exception as error:  # noqa: BLE001 - every failure is a result to report
        report(call, ok=False, error=type(error).__name__, message=str(error)[:300])


def expect_error(call, action, kind, facts, matches=lambda error: True):
    """Reports ok when action() raises `kind` and `matches` it, with `facts(error)`."""
    try:
        action()
        report(call, ok=False, error="no error raised")
    except kind as error:
        report(call, ok=matches(error), **facts(error))
    except Exception as error:  # noqa: BLE001
        report(call, ok=False, error=type(error).__name__, message=str(error)[:300])
