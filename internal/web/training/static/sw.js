// Vigil's service worker: it lets a phone finish a lesson with no signal.
// Lesson pages are kept by offline.js (one cache per lesson); here, when
// the network fails, a kept copy is served instead. Quiz pages are kept
// without the answers in their address, which their script reads itself.
// Signing out forgets every kept page, for shared phones and computers.

const lessonPages = /^\/training\/lessons\/[a-z0-9-]+(\/|$)/;
const kept = /^\/(training\/offline\.js|assets\/)/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// withoutAnswers is the address a quiz page is kept under.
function withoutAnswers(url) {
  const u = new URL(url);
  u.searchParams.delete("answers");
  return u.toString();
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (event.request.method === "POST" && url.pathname === "/sign-out") {
    event.waitUntil(caches.keys().then((names) => Promise.all(names.map((n) => caches.delete(n)))));
    return;
  }
  if (event.request.method !== "GET" || !(lessonPages.test(url.pathname) || kept.test(url.pathname))) {
    return;
  }
  event.respondWith(
    fetch(event.request).catch(() =>
      caches.match(withoutAnswers(event.request.url)).then((copy) => copy || Response.error()),
    ),
  );
});
