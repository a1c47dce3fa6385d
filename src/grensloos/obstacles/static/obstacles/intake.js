// Intake form: solve the proof-of-work challenge in the background and show similar obstacles while typing.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) { return; }
  var status = document.getElementById("pow-status");
  var field = form.querySelector("input[name=altcha]");

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  async function solve(ch) {
    var encoder = new TextEncoder();
    for (var n = 0; n <= ch.maxnumber; n++) {
      var digest = await crypto.subtle.digest("SHA-256", encoder.encode(ch.salt + n));
      if (hex(digest) === ch.challenge) { return n; }
    }
    return null;
  }

  async function proofOfWork() {
    if (!field || !window.crypto || !crypto.subtle) { return; }
    status.textContent = form.dataset.textChecking;
    try {
      var response = await fetch(form.dataset.challengeUrl, {credentials: "same-origin"});
      var ch = await response.json();
      var number = await solve(ch);
      if (number === null) { throw new Error("unsolved"); }
      field.value = btoa(JSON.stringify({algorithm: ch.algorithm, challenge: ch.challenge, number: number,
                                         salt: ch.salt, signature: ch.signature}));
      status.textContent = form.dataset.textDone;
      form.dataset.powReady = "1";
    } catch (e) {
      status.textContent = form.dataset.textFailed;
    }
  }

  var box = document.getElementById("suggestions");
  var timer = null;
  var last = "";

  function render(items) {
    var heading = box.querySelector("h2");
    box.textContent = "";
    if (heading) { box.appendChild(heading); }
    if (!items.length) { return; }
    var intro = document.createElement("p");
    intro.textContent = form.dataset.textSimilar;
    box.appendChild(intro);
    var list = document.createElement("ul");
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = form.dataset.detailUrl.replace("REFERENCE", encodeURIComponent(item.reference));
      a.textContent = item.title;
      a.lang = item.language;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" (" + item.reference + ")"));
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  async function suggest() {
    var text = (form.elements.title.value + "\n" + form.elements.description.value).trim();
    if (text.length < 25 || text === last) { return; }
    last = text;
    var body = {text: text, top: 5};
    if (form.elements.language.value) { body.language = form.elements.language.value; }
    try {
      var response = await fetch(form.dataset.suggestUrl, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json",
                  "X-CSRFToken": form.elements.csrfmiddlewaretoken.value},
        body: JSON.stringify(body)
      });
      if (!response.ok) { return; }
      var data = await response.json();
      render(data.similar.filter(function (m) { return m.score >= 0.35; }));
    } catch (e) { /* suggestions are a help, not a requirement */ }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(suggest, 600);
  }
  form.elements.title.addEventListener("input", schedule);
  form.elements.description.addEventListener("input", schedule);
  proofOfWork();
})();
