// The door's service worker: keeps the door page and its assets so a phone
// that opened the door once can load it again without the server. Scans
// never go through here: the page decides them (online or from its copy).
var CACHE = "door-v1";
var ASSETS = ["/static/app.css", "/static/app.js", "/static/scan.js", "/static/icon.svg",
  // The camera and its QR decoder (used where the browser has no BarcodeDetector).
  "/static/camera.js", "/static/zxing_reader.js", "/static/zxing_reader.wasm"];

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(ASSETS); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

// The network within `ms`, else (or on failure) the cached copy.
function networkFirst(request, ms) {
  return caches.open(CACHE).then(function (cache) {
    return new Promise(function (resolve, reject) {
      var settled = false;
      function fallback() {
        if (settled) return;
        cache.match(request, { ignoreSearch: true }).then(function (hit) {
          if (settled) return;
          if (hit) { settled = true; resolve(hit); }
        });
      }
      var timer = setTimeout(fallback, ms);
      fetch(request).then(function (response) {
        clearTimeout(timer);
        if (response.status === 200 && response.type === "basic") cache.put(request, response.clone());
        if (!settled) { settled = true; resolve(response); }
      }).catch(function () {
        clearTimeout(timer);
        cache.match(request, { ignoreSearch: true }).then(function (hit) {
          if (settled) return;
          settled = true;
          if (hit) resolve(hit); else reject(new Error("offline and not cached"));
        });
      });
    });
  });
}

self.addEventListener("fetch", function (e) {
  var url = new URL(e.request.url);
  if (e.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (/^\/events\/[^/]+\/scan$/.test(url.pathname) && e.request.mode === "navigate") {
    e.respondWith(networkFirst(e.request, 1500));
  } else if (url.pathname.indexOf("/static/") === 0) {
    e.respondWith(networkFirst(e.request, 1500));
  }
});
