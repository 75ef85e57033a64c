// Finishing a lesson offline (the pages work without this script).
//
// - On a lesson's screen, keep every page of the lesson on the phone and
//   start the service worker that serves them with no signal.
// - On a kept quiz page, take the answers so far from the address.
// - Sending the quiz with no signal keeps the answers on the phone, with an
//   id made here so that sending them twice records them once; they are
//   sent when a Vigil page opens with a signal, or when the signal returns
//   (iPhones have no background sync).

const queueKey = "vigil-training-queue";

function queued() {
  try {
    return JSON.parse(localStorage.getItem(queueKey) || "[]");
  } catch {
    return [];
  }
}

function keep(items) {
  localStorage.setItem(queueKey, JSON.stringify(items));
}

function csrfToken() {
  const field = document.querySelector('input[name="csrf_token"]');
  return field ? field.value : "";
}

let flushing = false;

// flush sends each waiting quiz; one that the server answered is done with,
// whatever it said, except when the person must sign in again first.
async function flush() {
  if (flushing || !navigator.onLine || queued().length === 0 || !csrfToken()) {
    return;
  }
  flushing = true;
  try {
    for (const item of queued()) {
      const body = new URLSearchParams({ answers: item.answers, attempt_id: item.id, csrf_token: csrfToken() });
      let res;
      try {
        res = await fetch(`/training/lessons/${item.lesson}/quiz`, { method: "POST", body, credentials: "same-origin" });
      } catch {
        return; // still no signal
      }
      if (res.status === 401 || res.status === 403) {
        return; // signed out: try again after signing in
      }
      keep(queued().filter((q) => q.id !== item.id));
    }
  } finally {
    flushing = false;
  }
}

function answersFromAddress() {
  return new URLSearchParams(location.search).get("answers") || "";
}

function joinAnswers(before, choice) {
  return before === "" ? choice : `${before},${choice}`;
}

async function keepLesson(list) {
  if (!("caches" in window)) {
    return;
  }
  const res = await fetch(list, { credentials: "same-origin" });
  if (!res.ok) {
    return;
  }
  const { cache, pages } = await res.json();
  const store = await caches.open(cache);
  await store.addAll(pages);
}

function start() {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(() => {});
  }
  const lesson = document.querySelector("[data-offline-lesson]");
  if (lesson) {
    keepLesson(lesson.dataset.offlineLesson).catch(() => {});
  }
  // A kept page was kept without the answers before it: take them from the address.
  const before = document.querySelector('[data-quiz-answers="before"]');
  if (before) {
    before.value = answersFromAddress();
  }
  const all = document.querySelector('[data-quiz-answers="all"]');
  if (all) {
    all.value = joinAnswers(answersFromAddress(), all.dataset.choice);
  }
  const next = document.querySelector("[data-quiz-next]");
  if (next) {
    next.href = `${next.dataset.quizNext}?answers=${joinAnswers(answersFromAddress(), next.dataset.choice)}`;
  }
  const result = document.querySelector("[data-quiz-result]");
  if (result) {
    result.addEventListener("submit", (event) => {
      if (navigator.onLine) {
        return;
      }
      event.preventDefault();
      const id = crypto.randomUUID();
      keep([...queued(), { id, lesson: result.dataset.quizResult, answers: all.value }]);
      result.hidden = true;
      document.getElementById("offline-saved").hidden = false;
    });
  }
  window.addEventListener("online", flush);
  flush();
}

start();
