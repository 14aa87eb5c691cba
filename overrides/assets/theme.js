/*{# Theme fixes (issue 7), inlined into every page's <head> by overrides/partials/perf-head.html, so
   it runs before Material's bundle and costs no request. Plain ES5, no dependency. This file is read
   as a Jinja template: never write an opening brace directly followed by a percent sign, a hash or
   another brace.

   1. Lazy search. On every page load Material downloads the search index (search/search_index.json,
      the largest file of a first visit, growing with the guide) and starts its search worker. Both
      wait here until the reader shows interest in search: pointing at or focusing the search box,
      the search button, a search shortcut key (/, s, f), or a page opened with ?q= or ?h= (a search
      link or a highlighted search result). Search then works exactly as before.
   2. Accessibility of elements Material's JavaScript creates, on every page change (document$):
      a table's scroll container becomes focusable when the table is wider than the screen (axe
      scrollable-region-focusable), and each code block's toolbar (a copy button) stops being one
      more unnamed navigation landmark (axe landmark-unique). #}*/
(function (w, d) {
  "use strict";
  /*{# 0. JavaScript runs: say so before the body is styled. Material's bundle swaps "no-js" for "js"
     on <html> when it runs at the end of the page, which restyles the whole document (1,500 and more
     elements on a chapter) a second time; done here, the first style pass is already the right one. #}*/
  var root = d.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");
  /*{# The focus-visible polyfill in Material's bundle marks <html> the same way when the bundle runs,
     after the first paint, and Chrome restyles the whole page for that class (1,500 elements on the
     coding chapter). Marked here, before the body is styled, the polyfill's marking changes nothing.
     No stylesheet of the guide or of Material selects on these two marks. #}*/
  root.classList.add("js-focus-visible");
  root.setAttribute("data-js-focus-visible", "");
  /*{# A browser that refuses storage: the guide's widgets show their note that nothing will be kept
     (guide.css, "g-nostore"), from the first paint on instead of pushing the page down later. #}*/
  try { w.localStorage.setItem("__guide?", "1"); w.localStorage.removeItem("__guide?"); }
  catch (e) { root.classList.add("g-nostore"); }
  /*{# A returning reader's level (guide.js keeps it, and the attribute, up to date): the practice
     rubrics show that level's table alone from the first paint (the rule is in each rubric's HTML),
     instead of all of them until practice-ui.js has run. Same key as guide.js. #}*/
  try {
    var scope = w.__md_scope, saved = JSON.parse(w.localStorage.getItem((scope && scope.pathname) + ".guide"));
    if (saved && typeof saved.level === "string" && /^[A-Za-z0-9][\w.-]{0,99}$/.test(saved.level)) {
      root.setAttribute("data-g-level", saved.level);
    }
    /*{# and company (issue 13): the loop summaries and timers show that company's alone #}*/
    if (saved && typeof saved.company === "string" && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(saved.company)) {
      root.setAttribute("data-g-company", saved.company);
    }
  } catch (e) { /*{# no storage, or not the guide's: every table shows #}*/ }

  var released = false, held = [];

  function release() {
    if (released) return;
    released = true;
    var todo = held.splice(0);
    for (var i = 0; i < todo.length; i++) {
      try { todo[i](); } catch (e) { /*{# an aborted request: nothing to send #}*/ }
    }
  }

  var INDEX = /\/search\/search_index\.json(\?|$)/;
  var WORKER = /(^|\/)workers\/search\.[^\/]*\.js(\?|$)/;

  var xhr = w.XMLHttpRequest && w.XMLHttpRequest.prototype;
  if (xhr) {
    var open = xhr.open, send = xhr.send;
    xhr.open = function (method, url) {
      this.__guideLazy = INDEX.test(String(url));
      return open.apply(this, arguments);
    };
    xhr.send = function () {
      var req = this, args = arguments;
      if (req.__guideLazy && !released) {
        held.push(function () { send.apply(req, args); });
        return;
      }
      return send.apply(req, args);
    };
  }

  var RealWorker = w.Worker;
  if (RealWorker) {
    var LazyWorker = function (url, options) {
      if (released || !WORKER.test(String(url))) return new RealWorker(url, options);
      /*{# Material passes a URL relative to the page; resolve it now, as the browser would, since
         instant navigation may have moved to another page by the time the worker starts. #}*/
      url = new URL(String(url), d.baseURI).href;
      var real = null, listeners = [], queue = [];
      held.unshift(function () {
        real = new RealWorker(url, options);
        for (var i = 0; i < listeners.length; i++) real.addEventListener.apply(real, listeners[i]);
        for (var j = 0; j < queue.length; j++) real.postMessage(queue[j]);
        listeners = queue = null;
      });
      return {
        addEventListener: function () {
          if (real) real.addEventListener.apply(real, arguments); else listeners.push(arguments);
        },
        removeEventListener: function (type, fn) {
          if (real) { real.removeEventListener.apply(real, arguments); return; }
          listeners = listeners.filter(function (l) { return l[0] !== type || l[1] !== fn; });
        },
        postMessage: function (message) {
          if (real) real.postMessage(message); else queue.push(message);
        },
        terminate: function () { if (real) real.terminate(); }
      };
    };
    LazyWorker.prototype = RealWorker.prototype;
    w.Worker = LazyWorker;
  }

  function intent(event) {
    var t = event.target;
    if (t && t.closest && t.closest(".md-search, [for='__search'], #__search")) release();
  }
  var types = ["focusin", "pointerover", "pointerdown", "touchstart", "change"];
  for (var i = 0; i < types.length; i++) d.addEventListener(types[i], intent, true);
  d.addEventListener("keydown", function (event) {
    if (event.key === "/" || event.key === "s" || event.key === "f") release();
  }, true);
  if (/[?&][qh]=/.test(w.location.search)) release();

  /*{# 2. Accessibility of what Material's JavaScript adds to the content. #}*/
  function fixContent() {
    var wraps = d.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < wraps.length; i++) {
      var el = wraps[i];
      if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
      else if (el.getAttribute("tabindex") === "0") el.removeAttribute("tabindex");
    }
    var navs = d.querySelectorAll("nav.md-code__nav");
    for (var j = 0; j < navs.length; j++) {
      navs[j].setAttribute("role", "none");
    }
  }
  var timer = 0;
  w.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(fixContent, 150);
  });
  /*{# Material's bundle loads after the first paint (macros/afterpaint.py); its loader runs these
     once the bundle is there, before Material's document$ emits this page (and, later, each page
     reached by instant navigation). #}*/
  (w.__gAfterBundle = w.__gAfterBundle || []).push(function () {
    if (w.document$ && w.document$.subscribe) w.document$.subscribe(fixContent);
  });
})(window, document);
