/* Practice prompts (issue 8): "Start this prompt with the mock-round timer". Loaded by practice.js
 * only on a page with prompt cards whose timer is on the same page. Shows the prompt's name in the
 * timer of guide.js and presses its Start button (after asking, when a round is under way). */
(function () {
  "use strict";
  var doc = document;

  var chosen = {};   // the prompt shown in each page's timer, kept across instant navigation

  function timerFor(id) { return doc.querySelector('.g-timer[data-timer="' + id + '"]'); }
  function showPrompt(timer, name, ask) {
    var p = timer.querySelector(".g-timer__prompt");
    if (!p) {
      p = doc.createElement("p");
      p.className = "g-ctl g-timer__prompt";
      p.style.cssText = "border-left:.2rem solid var(--md-accent-fg-color);padding-left:.6em";
      var title = timer.querySelector(".g-timer__plan-title");
      timer.insertBefore(p, title ? title.nextSibling : timer.firstChild);
    }
    p.textContent = "";
    p.appendChild(doc.createTextNode("Prompt: "));
    var b = doc.createElement("strong");
    b.textContent = name;
    p.appendChild(b);
    if (ask) p.appendChild(doc.createTextNode(" " + ask));
  }

  function mountPromptStart(signal) {
    var buttons = Array.prototype.slice.call(doc.querySelectorAll("button[data-start-timer]"));
    buttons.forEach(function (btn) {
      // shown from the first paint (practice.css); hidden only when its timer is not on this page
      if (!timerFor(btn.getAttribute("data-start-timer"))) btn.parentNode.hidden = true;
      else btn.disabled = false;  // disabled in the page's HTML until this script runs
    });
    var keep = chosen[location.pathname];
    if (keep && timerFor(keep.timer)) showPrompt(timerFor(keep.timer), keep.name, keep.ask);
    if (!buttons.length) return;
    doc.addEventListener("click", function (e) {
      var btn = e.target.closest && e.target.closest("button[data-start-timer]");
      if (!btn) return;
      var id = btn.getAttribute("data-start-timer"), timer = timerFor(id);
      if (!timer) return;
      var card = btn.closest(".g-prompt"), askEl = card && card.querySelector(".g-prompt__ask");
      var name = btn.getAttribute("data-prompt-name"), ask = askEl ? askEl.textContent : "";
      var ctl = timer.querySelectorAll(".g-timer__btns button");   // start/pause, skip, reset (guide.js)
      if (ctl.length === 3 && !ctl[2].disabled) {
        if (!window.confirm("The timer is in the middle of a round. Start again with “" + name + "”?")) return;
        ctl[2].click();
      }
      chosen[location.pathname] = { timer: id, name: name, ask: ask };
      showPrompt(timer, name, ask);
      timer.scrollIntoView({ block: "start", behavior: "smooth" });
      if (ctl.length === 3) {
        ctl[0].click();
        ctl[0].focus({ preventScroll: true });
      }
    }, { signal: signal });
  }

  window.PracticePromptTimer = { mount: mountPromptStart };
})();
