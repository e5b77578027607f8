// NOTS driver app: progressive enhancement of server-rendered pages. Without this script every page still works
// (plain forms, reload for new offers). With it: the service worker (installable app, offline shell), offer countdowns,
// live offers from dispatch's server-sent events, status taps queued while offline and sent once back online (each
// with an Idempotency-Key and the status it was made from, so a replay changes nothing), and the position while on a job.
(function () {
  'use strict';

  var QUEUE_KEY = 'nots-driver-taps';

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/driver/sw.js', { scope: '/driver/' }).catch(function () { /* the app works without it */ });
  }

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  // ---- Offline queue of status taps ----

  function load() {
    try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || '[]'); } catch (e) { return []; }
  }

  function save(queue) { localStorage.setItem(QUEUE_KEY, JSON.stringify(queue)); }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function banner(text) {
    $all('[data-testid="offline-banner"]').forEach(function (el) {
      el.textContent = text || '';
      el.hidden = !text;
    });
  }

  function showQueued() {
    var count = load().length;
    banner(count === 0 ? '' : 'No connection: ' + count + (count === 1 ? ' tap is' : ' taps are') +
      ' saved on this phone and will be sent when you are back online.');
  }

  var flushing = null;

  // Sends the queued taps in order. Resolves to the page to show after the last one, or null while still offline.
  function flush() {
    if (flushing) { return flushing; }
    flushing = (async function () {
      var next = null;
      for (;;) {
        var queue = load();
        if (queue.length === 0) { break; }
        var item = queue[0];
        var response;
        try {
          response = await fetch(item.url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Idempotency-Key': item.key },
            body: item.body,
            credentials: 'same-origin',
            redirect: 'manual'
          });
        } catch (e) {
          showQueued();
          return null;
        }
        if (response.status === 401) {
          banner('Your sign-in has ended: sign in again and your saved taps will be sent.');
          return null;
        }
        if (response.status >= 500 || response.status === 409 || response.status === 429) {
          // The server could not take it now (a 409 is the same key still being processed): try again later.
          showQueued();
          return null;
        }
        // Done, already done (the server replays the first answer or finds the step already recorded) or refused: off the queue.
        queue = load();
        if (queue.length && queue[0].key === item.key) { queue.shift(); save(queue); }
        next = item.next;
      }
      banner('');
      return next;
    })().finally(function () { flushing = null; });
    return flushing;
  }

  // Shows what a queued tap will do: the next step's buttons (the job page renders every remaining step, hidden).
  function advance(form) {
    var step = form.closest('.tap-step');
    if (!step) {
      var offer = form.closest('[data-testid="offer"]');
      if (offer) { offer.hidden = true; }
      return;
    }
    step.hidden = true;
    var following = step.nextElementSibling;
    if (form.hasAttribute('data-ends') || !following) { return; }
    following.hidden = false;
    var status = $('[data-testid="job-status"] strong');
    if (status) { status.textContent = following.getAttribute('data-label') + ' (waiting to send)'; }
  }

  $all('form[data-tap]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var body = new URLSearchParams(new FormData(form)).toString();
      var action = form.querySelector('input[name="action"]').value;
      var jobPage = form.getAttribute('action').replace(/\/tap$/, '');
      var queue = load();
      queue.push({ url: form.getAttribute('action'), body: body, key: newKey(), next: action === 'reject' ? '/driver/' : jobPage, at: Date.now() });
      save(queue);
      $all('button', form).forEach(function (b) { b.disabled = true; });
      flush().then(function (next) {
        if (next) {
          window.location.assign(next);
        } else {
          $all('button', form).forEach(function (b) { b.disabled = false; });
          advance(form);
        }
      });
    });
  });

  window.addEventListener('online', function () {
    flush().then(function (next) { if (next) { window.location.assign(next); } });
  });
  if (load().length) {
    if (navigator.onLine) {
      flush().then(function (next) { if (next) { window.location.assign(next); } });
    } else {
      showQueued();
    }
  }

  // ---- Offer countdowns ----

  var countdowns = $all('time[data-countdown]');
  if (countdowns.length) {
    // The server's clock decides: measure this phone's offset from the time the page was rendered.
    var skew = Date.parse(countdowns[0].getAttribute('data-now')) - Date.now();
    var tick = function () {
      var now = Date.now() + skew;
      countdowns.forEach(function (el) {
        var left = Math.max(0, Math.ceil((Date.parse(el.getAttribute('data-countdown')) - now) / 1000));
        el.textContent = Math.floor(left / 60) + ':' + ('0' + (left % 60)).slice(-2);
        if (left === 0 && !el.hasAttribute('data-expired')) {
          el.setAttribute('data-expired', '');
          var card = el.closest('article') || document;
          $all('button[data-testid="tap-accept"]', card).forEach(function (b) { b.disabled = true; });
          setTimeout(function () { if (!load().length) { window.location.reload(); } }, 3000);
        }
      });
    };
    tick();
    setInterval(tick, 1000);
  }

  // ---- Live offers: dispatch's server-sent events; any change to this driver's jobs reloads the list ----

  var live = $('[data-live]');
  if (live && window.EventSource) {
    var pending = null;
    var source = new EventSource(live.getAttribute('data-live'));
    source.addEventListener('job', function () {
      if (pending || load().length) { return; }
      pending = setTimeout(function () {
        var typing = document.activeElement && /INPUT|SELECT|TEXTAREA/.test(document.activeElement.tagName);
        if (!typing) { window.location.reload(); } else { pending = null; }
      }, 400);
    });
    window.addEventListener('pagehide', function () { source.close(); });
  }

  // ---- Position while on a job ----

  var positionForm = $('form[data-position]');
  if (positionForm && 'geolocation' in navigator) {
    var lastSent = 0;
    var status = $('[data-position-status]');
    navigator.geolocation.watchPosition(function (position) {
      var now = Date.now();
      if (now - lastSent < 30000 || !navigator.onLine) { return; }
      lastSent = now;
      var body = new URLSearchParams(new FormData(positionForm));
      body.set('lat', String(position.coords.latitude));
      body.set('lng', String(position.coords.longitude));
      body.set('accuracy', String(Math.round(position.coords.accuracy || 0)));
      fetch(positionForm.getAttribute('action'), { method: 'POST', body: body, credentials: 'same-origin' })
        .then(function (r) { if (status && r.ok) { status.setAttribute('data-sent', String(now)); } })
        .catch(function () { /* the next fix tries again */ });
    }, function () {
      if (status) { status.textContent = 'Your position is not shared: allow location for this app to help the office.'; }
    }, { enableHighAccuracy: true, maximumAge: 15000, timeout: 20000 });
  }

  // ---- Name board: full screen on request ----

  var full = $('[data-fullscreen]');
  if (full && document.documentElement.requestFullscreen) {
    full.hidden = false;
    full.addEventListener('click', function () { document.documentElement.requestFullscreen().catch(function () {}); });
  }
})();
