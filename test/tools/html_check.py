#!/usr/bin/env python3
"""Checks a page from `hoist --emit=html` in headless Chromium.

Drives Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe:
JSON messages, each ended by a NUL byte, read by the browser from fd 3 and
written to fd 4), so that nothing but the standard library is needed:

  1. loads the page and fails on any console error or uncaught exception;
  2. checks that it asked for nothing over the network (self-contained);
  3. selects a state by script (window.hoist.select) and by hovering the
     first co_await with the mouse, and checks what is highlighted: the await,
     the state's node in the graph, its enumerator, the code that resumes
     there and the members holding its values;
  4. saves a screenshot of the selection.

  html_check.py PAGE --fn NAME --state SuspendK --expect-slot NAME...
                [--screenshot OUT.png] [--chromium PATH]
Exits 0 if every check passes; prints what failed otherwise.
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


class Browser:
    """One headless Chromium, spoken to over the pipe."""

    def __init__(self, chromium, profile):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        # The child reads commands on fd 3 and writes replies on fd 4 (kept
        # open by pass_fds, which is applied after preexec_fn).
        def remap():
            r, w = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(r, 3)
            os.dup2(w, 4)
        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu",
             "--user-data-dir=" + profile, "--remote-debugging-pipe",
             "--no-first-run", "--no-default-browser-check",
             "--window-size=1600,1000", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, preexec_fn=remap,
            pass_fds=(3, 4))
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("no reply from chromium")
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
        msg, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_browser, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError("{}: {}".format(method, reply["error"]))
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method, timeout=30):
        deadline = time.time() + timeout
        for i, e in enumerate(self.events):
            if e.get("method") == method:
                return self.events.pop(i)
        while True:
            e = self._read_message(deadline)
            if e.get("method") == method:
                return e
            self.events.append(e)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("page")
    ap.add_argument("--fn", required=True, help="the function to select")
    ap.add_argument("--state", required=True, help="SuspendK")
    ap.add_argument("--expect-slot", action="append", default=[])
    ap.add_argument("--screenshot")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = ap.parse_args()

    failures = []
    profile = tempfile.mkdtemp(prefix="hoist-chromium-")
    browser = Browser(args.chromium, profile)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})
        session = browser.send("Target.attachToTarget",
                               {"targetId": target["targetId"], "flatten": True})["sessionId"]

        def cmd(method, params=None):
            return browser.send(method, params, session=session)

        def evaluate(expr):
            r = cmd("Runtime.evaluate", {"expression": expr, "returnByValue": True,
                                         "awaitPromise": True})
            if "exceptionDetails" in r:
                raise RuntimeError("script failed: {}: {}".format(
                    expr, r["exceptionDetails"].get("text")))
            return r["result"].get("value")

        for domain in ("Page", "Runtime", "Log", "Network"):
            cmd(domain + ".enable")
        cmd("Page.navigate", {"url": "file://" + os.path.abspath(args.page)})
        browser.wait_event("Page.loadEventFired")

        # What a complete view needs is there.
        counts = evaluate("""({
            awaits: document.querySelectorAll('#source .await').length,
            graphs: document.querySelectorAll('svg.graph').length,
            nodes: document.querySelectorAll('svg.graph .node').length,
            api: typeof window.hoist === 'object'})""")
        if not counts["api"]:
            failures.append("window.hoist is missing")
        if counts["awaits"] == 0 or counts["graphs"] == 0:
            failures.append("no awaits or no graphs on the page: {}".format(counts))

        fns = evaluate("window.hoist.data.functions.map(f => f.name)")
        if args.fn not in fns:
            raise RuntimeError("no function {} on the page: {}".format(args.fn, fns))
        fn = fns.index(args.fn)
        states = evaluate("window.hoist.data.functions[{}].states.map(s => s.name)".format(fn))
        node = states.index(args.state)

        def check_selection(how):
            sel = evaluate("""(() => { const s = window.hoist.selection();
                return {current: s.current, awaits: s.awaits, nodes: s.nodes,
                        decl: s.text(s.decl), resume: s.text(s.resume),
                        slots: s.text(s.slots)}; })()""")
            def need(cond, what):
                if not cond:
                    failures.append("{}: {} (selection: {})".format(
                        how, what, json.dumps(sel, indent=1)))
            need(sel["current"] == [fn, node], "selected the wrong state")
            need(len(sel["awaits"]) >= 1 and all("co_await" in a for a in sel["awaits"]),
                 "the co_await is not highlighted")
            need(sel["nodes"] == ["node-{}-{}".format(fn, node)],
                 "the graph does not highlight {}".format(args.state))
            need(any(d.strip().startswith(args.state + ",") for d in sel["decl"]),
                 "the enumerator {} is not highlighted".format(args.state))
            need(any("resume_suspend{}:".format(node - 1) in r for r in sel["resume"]),
                 "the resume label is not highlighted")
            need(any("return suspend(State::{})".format(args.state) in r
                     for r in sel["resume"]),
                 "the poll that suspends is not highlighted")
            for slot in args.expect_slot:
                need(any(s.split("//")[0].rstrip().endswith(" " + slot + ";")
                         for s in sel["slots"]),
                     "the member {} is not highlighted".format(slot))
            return sel

        # A scripted selection.
        evaluate("window.hoist.select({}, {})".format(fn, node))
        check_selection("window.hoist.select")

        # The mouse: hover the await of that state in the source.
        evaluate("window.hoist.select(null)")
        box = evaluate("""(() => {{
            const e = document.querySelector('#source .await[data-fn="{}"][data-node="{}"]');
            const p = e.closest('.scroll'); p.scrollTop = e.offsetTop - p.offsetTop - p.clientHeight / 2;
            const r = e.getBoundingClientRect();
            return {{x: r.left + r.width / 2, y: r.top + r.height / 2}}; }})()""".format(fn, node))
        cmd("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": box["x"], "y": box["y"]})
        cmd("Input.dispatchMouseEvent", {"type": "mousePressed", "x": box["x"], "y": box["y"],
                                         "button": "left", "clickCount": 1})
        cmd("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": box["x"], "y": box["y"],
                                         "button": "left", "clickCount": 1})
        check_selection("hovering and clicking the co_await")

        if args.screenshot:
            shot = cmd("Page.captureScreenshot", {"format": "png"})
            with open(args.screenshot, "wb") as f:
                f.write(base64.b64decode(shot["data"]))

        # Let late errors arrive, then look at everything the page said.
        evaluate("new Promise(r => setTimeout(r, 100))")
        for e in browser.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                failures.append("uncaught exception: {}".format(
                    p["exceptionDetails"].get("exception", {}).get("description")
                    or p["exceptionDetails"].get("text")))
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                failures.append("console error: {}".format(
                    " ".join(str(a.get("value", a.get("description"))) for a in p["args"])))
            elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
                failures.append("error: {}".format(p["entry"].get("text")))
            elif m == "Network.requestWillBeSent":
                url = p["request"]["url"]
                if not url.startswith(("file://", "data:", "about:")):
                    failures.append("the page asked the network for {}".format(url))
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)

    for f in failures:
        print("FAIL:", f)
    if failures:
        return 1
    print("ok: {} {} highlighted; page loaded without errors".format(args.fn, args.state))
    return 0


if __name__ == "__main__":
    sys.exit(main())
