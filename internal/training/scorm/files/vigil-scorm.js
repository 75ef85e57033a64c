// Marks the lesson's quiz in the browser and tells the learning system
// how it went, through the SCORM 1.2 run-time API (window.API) that the
// learning system puts in a window above this one.
(function () {
  "use strict";

  // findAPI looks for the API in win and the windows above it, as SCORM
  // 1.2 says a lesson must; a learning system nests frames only so deep.
  function findAPI(win) {
    for (var depth = 0; win && depth < 10; depth++) {
      try {
        if (win.API) { return win.API; }
      } catch (e) { return null; } // a window of another site: stop looking
      if (!win.parent || win.parent === win) { return null; }
      win = win.parent;
    }
    return null;
  }

  var api = findAPI(window);
  if (!api && window.opener) { api = findAPI(window.opener); }
  var open = false;

  function lms(name) {
    if (!api || typeof api[name] !== "function") { return ""; }
    try {
      return String(api[name].apply(api, Array.prototype.slice.call(arguments, 1)));
    } catch (e) {
      return "";
    }
  }

  function finish() {
    if (open) {
      open = false;
      lms("LMSFinish", "");
    }
  }

  if (api && lms("LMSInitialize", "") === "true") {
    open = true;
    var status = lms("LMSGetValue", "cmi.core.lesson_status");
    if (status === "" || status === "not attempted") {
      lms("LMSSetValue", "cmi.core.lesson_status", "incomplete");
      lms("LMSCommit", "");
    }
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);

  var key = JSON.parse(document.getElementById("vigil-key").textContent);
  var form = document.getElementById("quiz");
  var errors = document.getElementById("quiz-errors");
  var errorList = document.getElementById("quiz-errors-list");
  var result = document.getElementById("result");

  function chosen(n) {
    var picked = form.querySelector("input[name='q" + n + "']:checked");
    return picked ? parseInt(picked.value, 10) : -1;
  }

  function reset() {
    var marks = form.querySelectorAll(".vigil-explanation, .vigil-mark");
    for (var i = 0; i < marks.length; i++) { marks[i].hidden = true; }
    var fieldsets = form.querySelectorAll("fieldset");
    for (var j = 0; j < fieldsets.length; j++) { fieldsets[j].className = "vigil-question"; }
    errors.hidden = true;
    errorList.textContent = "";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    reset();
    var missing = [];
    for (var n = 1; n <= key.right.length; n++) {
      if (chosen(n) < 0) { missing.push(n); }
    }
    if (missing.length > 0) {
      missing.forEach(function (m) {
        document.getElementById("q" + m).className = "vigil-question vigil-question--error";
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = "#q" + m + "-0";
        link.textContent = "Choose an answer to question " + m;
        item.appendChild(link);
        errorList.appendChild(item);
      });
      errors.hidden = false;
      errors.focus();
      return;
    }
    var right = 0;
    for (var q = 1; q <= key.right.length; q++) {
      var pick = chosen(q);
      var correct = pick === key.right[q - 1];
      if (correct) { right++; }
      document.getElementById("q" + q).className = "vigil-question " + (correct ? "vigil-question--right" : "vigil-question--wrong");
      var mark = document.getElementById("q" + q + "-mark");
      mark.textContent = correct ? "Right." : "Not quite. The right answer is explained below.";
      mark.hidden = false;
      document.getElementById("q" + q + "-" + pick + "-why").hidden = false;
      document.getElementById("q" + q + "-" + key.right[q - 1] + "-why").hidden = false;
    }
    var total = key.right.length;
    var percent = Math.round(right * 100 / total);
    var passed = right * 100 >= key.passMark * total;
    document.getElementById("result-heading").textContent = passed ? "You passed" : "Not passed yet";
    document.getElementById("result-text").textContent = "You got " + right + " of " + total + " right (" + percent + "%). " +
      (passed ? "Well done: you have finished this lesson." : "Read the answers above, then try the quiz again.");
    result.className = "vigil-result " + (passed ? "vigil-result--passed" : "vigil-result--failed");
    result.hidden = false;
    result.focus();
    lms("LMSSetValue", "cmi.core.score.min", "0");
    lms("LMSSetValue", "cmi.core.score.max", "100");
    lms("LMSSetValue", "cmi.core.score.raw", String(percent));
    lms("LMSSetValue", "cmi.core.lesson_status", passed ? "passed" : "failed");
    lms("LMSCommit", "");
    if (passed) { finish(); } // nothing more to record; a fail stays open for another try
  });

  document.getElementById("again").addEventListener("click", function () {
    reset();
    form.reset();
    result.hidden = true;
    document.getElementById("q1-0").focus();
  });
}());
