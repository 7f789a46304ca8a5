// The case page for a day's work: the original page opens beside the claim (not in place of the case page),
// and keys move between claims and decide them. Without this script every link and form still works.
(function () {
  "use strict";
  var panel = document.getElementById("pageview");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card[data-claim]"));
  var current = null;

  function showPage(link) {
    if (!panel) return false;
    var img = document.getElementById("pageview-img");
    img.src = link.getAttribute("data-page");
    document.getElementById("pageview-caption").textContent = link.getAttribute("data-caption") || "原件整页";
    document.getElementById("pageview-open").href = link.getAttribute("href");
    panel.hidden = false;
    document.body.classList.add("with-panel");
    var shown = document.querySelectorAll("figure.ev.shown");
    for (var i = 0; i < shown.length; i++) shown[i].classList.remove("shown");
    var fig = link.closest("figure.ev");
    if (fig) fig.classList.add("shown");
    var card = link.closest(".card[data-claim]");
    if (card) select(card, false);
    return true;
  }

  function closePage() {
    if (!panel) return;
    panel.hidden = true;
    document.body.classList.remove("with-panel");
  }

  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a[data-page]");
    if (link && !e.ctrlKey && !e.metaKey && !e.shiftKey && showPage(link)) e.preventDefault();
  });
  var close = document.getElementById("pageview-close");
  if (close) close.addEventListener("click", closePage);

  function select(card, scroll) {
    if (current) current.classList.remove("current");
    current = card;
    card.classList.add("current");
    if (scroll) {
      card.scrollIntoView({block: "start"});
      card.focus({preventScroll: true});
    }
  }

  function move(step, onlyOpen) {
    if (!cards.length) return;
    var i = current ? cards.indexOf(current) : -1;
    for (var n = 0; n < cards.length; n++) {
      i = (i + step + cards.length) % cards.length;
      if (!onlyOpen || cards[i].getAttribute("data-open")) { select(cards[i], true); return; }
    }
  }

  function decide(value) {
    if (!current) return;
    var form = current.querySelector("form[action$='/decision']");
    if (!form) return;
    var radio = form.querySelector("input[name=decision][value=" + value + "]");
    if (!radio) return;
    radio.checked = true;
    if (value === "accept") { form.submit(); return; }
    var field = form.querySelector(value === "adjust" ? "input[name=amount]" : "textarea[name=reason]");
    if (field) field.focus();
  }

  function confirmItem() {
    if (!current) return;
    var form = current.querySelector("form[data-check]");
    if (!form) return;
    form.querySelector("input[name=verdict][value=confirm]").checked = true;
    form.submit();
  }

  document.addEventListener("focusin", function (e) {
    var card = e.target.closest && e.target.closest(".card[data-claim]");
    if (card && card !== current) select(card, false);
  });

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { closePage(); return; }
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
    var k = e.key.toLowerCase();
    if (k === "j") move(1, false);
    else if (k === "k") move(-1, false);
    else if (k === "n") move(1, true);
    else if (k === "a") decide("accept");
    else if (k === "d") decide("adjust");
    else if (k === "r") decide("reject");
    else if (k === "c") confirmItem();
    else return;
    e.preventDefault();
  });

  // After a save the page comes back at the claim it was about: make it the current one.
  if (location.hash) {
    var target = document.querySelector(".card" + location.hash.replace(/[^#\w-]/g, ""));
    if (target) select(target, false);
  }
})();
