"""Load the page's scripts after its first paint (issue 7). Plain functions, no MkDocs import.

A page of the guide is readable without JavaScript: its scripts (Material's 35 KB bundle, then
assets/guide.js and assets/practice.js) add search, instant navigation, the toggles and the
checklists. Requested by the HTML, they compete with the page's stylesheets for a slow phone's
bandwidth before anything is shown. `load_after_paint` replaces their <script> tags with one small
inline loader that requests them, in the same order, once the browser reports the page's first
contentful paint (or after the next frame where paint timing is missing, and after 3 s at most).

Material's bundle starts its components when DOMContentLoaded fires, which has already happened by
then, so the loader hands the page to Material's `document$` itself, once the last script has run
(so guide.js and practice.js have subscribed and registered), in a task of its own (the bundle's
start-up and the components' set-up are two shorter tasks instead of one long one). Functions
queued in `window.__gAfterBundle` (overrides/assets/theme.js) run just before. If the bundle cannot
load, a small stand-in for `document$` lets the other scripts mount as usual.
"""

from __future__ import annotations

import json
import re

# Material's bundle as base.html writes it, and the guide's own scripts as overrides/main.html marks
# them (data-after-paint). Both must be plain external scripts with no other attributes.
BUNDLE = re.compile(r'[ \t]*<script src="(?P<src>[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>\n?')
OURS = re.compile(r'[ \t]*<script src="(?P<src>[^"]+)" data-after-paint></script>\n?')

LOADER = """<script>(function (w, d) {
  var srcs = %s;
  function start() {
    var q = w.__gAfterBundle || [];
    for (var i = 0; i < q.length; i++) { try { q[i](); } catch (e) { setTimeout(function () { throw e; }); } }
    if (d.readyState !== "loading" && w.document$ && w.document$.next) w.document$.next(d);
    w.__gStarted = true;
  }
  function stand_in() {
    /* The bundle failed to load: a stand-in for its document$, so the scripts after it mount as usual. */
    if (w.document$) return;
    var subs = [], last = null;
    w.document$ = {
      subscribe: function (f) { subs.push(f); if (last) f(last); return { unsubscribe: function () {} }; },
      next: function (v) { last = v; for (var i = 0; i < subs.length; i++) subs[i](v); }
    };
  }
  function load() {
    for (var i = 0; i < srcs.length; i++) {
      var s = d.createElement("script");
      s.src = srcs[i];
      s.async = false;
      if (i === 0) s.onerror = stand_in;
      /* The scripts run in order; once the last has run (or failed), every one has registered. */
      if (i === srcs.length - 1) s.onload = s.onerror = function () { setTimeout(start, 0); };
      d.body.appendChild(s);
    }
  }
  var asked = false;
  function after() { if (!asked) { asked = true; setTimeout(load, 0); } }
  var types = w.PerformanceObserver && PerformanceObserver.supportedEntryTypes || [];
  if (types.indexOf("paint") >= 0) {
    new PerformanceObserver(function (list) {
      if (list.getEntriesByName("first-contentful-paint").length) after();
    }).observe({ type: "paint", buffered: true });
  } else if (w.requestAnimationFrame) {
    w.requestAnimationFrame(function () { setTimeout(after, 0); });
  }
  setTimeout(after, 3000);
})(window, document);</script>
"""


class AfterPaintError(Exception):
    """The page does not have the scripts this module expects; the message says what to change."""


def load_after_paint(html: str, where: str) -> str:
    """`html` with Material's bundle and the guide's data-after-paint scripts replaced by one
    inline loader at the end of <body> that requests them, in order, after the first paint.
    `where` names the page in the error raised when Material's bundle tag is not found."""
    bundles = BUNDLE.findall(html)
    if len(bundles) != 1:
        raise AfterPaintError(
            f"{where}: expected Material's bundle <script src=\".../assets/javascripts/bundle.<hash>.min.js\">"
            f" once, found it {len(bundles)} times; if Material changed how base.html writes it, update"
            " BUNDLE in macros/afterpaint.py")
    ours = OURS.findall(html)
    if "</body>" not in html:
        raise AfterPaintError(f"{where}: no </body> to put the script loader before")
    html = OURS.sub("", BUNDLE.sub("", html))
    srcs = json.dumps([bundles[0], *ours]).replace("</", "<\\/")
    head, tail = html.rsplit("</body>", 1)
    return head + (LOADER % srcs) + "</body>" + tail
