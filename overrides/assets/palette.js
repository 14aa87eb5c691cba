/*{# The light/dark toggle (issue 7), inlined by overrides/partials/javascripts/palette.html right after
   the toggle's form in the header, in place of Material's palette component. Plain ES5. This file is
   read as a Jinja template: never write an opening brace directly followed by a percent sign, a hash
   or another brace.

   Why: Material's component starts after the page has rendered, marks <body> as switching palettes
   and adds two <meta> tags, and each of these restyles the whole page (four passes over 1,500 and
   more elements on a chapter, about half of the style work of a first visit). Done here, while the
   header is being parsed, the page is styled once, in the right palette, with no flash of the light
   palette for a reader whose system is dark.

   What it keeps from Material: the same form and labels (overrides/partials/palette.html only
   renames its data-md-component, so Material leaves it alone), the same stored choice
   (__md_set("__palette", { index, color: { media, scheme, primary, accent } }), which Material's
   own code reads too), Enter on the toggle moves to the next palette, arrow keys work as on any
   radio group, and the automatic palette follows the system's setting as it changes. #}*/
(function (d) {
  "use strict";
  var form = d.querySelector("form[data-g-palette]");
  if (!form || !window.matchMedia) return;
  var inputs = form.querySelectorAll("input[name='__palette']");
  if (!inputs.length) return;
  var body = d.body, root = d.documentElement;
  var light = matchMedia("(prefers-color-scheme: light)");
  var KEYS = ["media", "scheme", "primary", "accent"];

  function colorOf(input) {
    var media = input.getAttribute("data-md-color-media");
    var from = input;
    if (media === "(prefers-color-scheme)") {
      /*{# "Automatic": take the colours of the palette for the system's current scheme. #}*/
      from = form.querySelector(light.matches ? "[data-md-color-media='(prefers-color-scheme: light)']"
                                             : "[data-md-color-media='(prefers-color-scheme: dark)']") || input;
    }
    var color = { media: media };
    for (var i = 1; i < KEYS.length; i++) color[KEYS[i]] = from.getAttribute("data-md-color-" + KEYS[i]);
    return color;
  }

  function stored() {
    try {
      var saved = __md_get("__palette");
      var n = saved && saved.index;
      return typeof n === "number" && n >= 0 && n < inputs.length ? n : 0;
    } catch (e) { return 0; }
  }

  var current = -1;
  function apply(index, chosen) {
    var input = inputs[index], color = colorOf(input);
    /*{# Only a reader's own switch is animated-free: Material's CSS turns transitions off under
       data-md-color-switching; at load nothing has been painted yet, so nothing can transition. #}*/
    if (chosen) body.setAttribute("data-md-color-switching", "");
    for (var i = 1; i < KEYS.length; i++) {
      var name = "data-md-color-" + KEYS[i];
      if (color[KEYS[i]] && body.getAttribute(name) !== color[KEYS[i]]) body.setAttribute(name, color[KEYS[i]]);
    }
    /*{# The page's own colour scheme (scroll bars, form controls outside the body's styles). #}*/
    var scheme = color.scheme === "slate" ? "dark" : "light";
    if (root.style.colorScheme !== scheme) root.style.colorScheme = scheme;
    for (var j = 0; j < inputs.length; j++) {
      var label = inputs[j].nextElementSibling;
      if (label && label.tagName === "LABEL") label.hidden = j !== index;
    }
    input.checked = true;
    current = index;
    if (chosen) {
      __md_set("__palette", { index: index, color: color });
      requestAnimationFrame(function () {
        requestAnimationFrame(function () { body.removeAttribute("data-md-color-switching"); });
      });
    }
  }

  apply(stored(), false);

  form.addEventListener("change", function () {
    for (var i = 0; i < inputs.length; i++) if (inputs[i].checked && i !== current) apply(i, true);
  });
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    var next = inputs[(current + 1) % inputs.length];
    next.click();
    next.focus();
  });
  function follow() {
    if (current >= 0 && inputs[current].getAttribute("data-md-color-media") === "(prefers-color-scheme)") apply(current, false);
  }
  if (light.addEventListener) light.addEventListener("change", follow);
  else if (light.addListener) light.addListener(follow);
})(document);
