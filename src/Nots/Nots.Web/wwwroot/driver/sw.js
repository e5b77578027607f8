// NOTS driver app service worker: caches the app shell (styles, script, icons, manifest, the offline page) so the app
// opens and queued taps survive without signal. Pages themselves are personal and change by the second: they always
// come from the network and are never stored; without a network the offline page is shown. POSTs are never touched.
'use strict';

var CACHE = 'nots-driver-shell-v1';
var SHELL = [
  '/driver/offline.html',
  '/driver/driver.css',
  '/driver/driver.js',
  '/driver/manifest.webmanifest',
  '/driver/icons/icon-192.png',
  '/driver/icons/icon-512.png',
  '/lib/pico/pico.min.css'
];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('nots-driver-') === 0 && k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }

  if (request.mode === 'navigate') {
    // Network only for pages (never cached: they belong to whoever is signed in); the offline page when there is none.
    event.respondWith(fetch(request).catch(function () { return caches.match('/driver/offline.html'); }));
    return;
  }

  if (SHELL.indexOf(url.pathname) >= 0) {
    // Shell files: from the cache at once, refreshed in the background.
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(url.pathname).then(function (cached) {
        var network = fetch(request).then(function (response) {
          if (response.ok) { cache.put(url.pathname, response.clone()); }
          return response;
        }).catch(function () { return cached; });
        return cached || network;
      });
    }));
  }
});
