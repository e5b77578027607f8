// Live dispatch board: progressive enhancement over the server-rendered page.
// - Listens to the dispatch module's server-sent events (/v1/dispatch/live) and, on every job change, re-reads this
//   page and swaps in the board section (the server renders everything; forms keep working without this script).
// - Shows the drivers' last positions on a Leaflet map with OpenStreetMap tiles; the list on the page stays the
//   source of truth and the map is hidden again if the tiles cannot load.
(function () {
  'use strict';
  var live = document.getElementById('board-live');
  var status = document.getElementById('live-status');
  if (!live || !status) { return; }

  var map = null;
  var markers = null;

  function drivers() {
    return Array.prototype.slice.call(live.querySelectorAll('li.driver')).map(function (li) {
      return { name: li.dataset.name, lat: parseFloat(li.dataset.lat), lng: parseFloat(li.dataset.lng), job: li.dataset.job };
    }).filter(function (d) { return !isNaN(d.lat) && !isNaN(d.lng); });
  }

  function drawMarkers() {
    if (!map) { return; }
    markers.clearLayers();
    var points = drivers();
    points.forEach(function (d) {
      window.L.marker([d.lat, d.lng], { title: d.name, alt: d.name }).bindPopup(d.name + (d.job ? ' — ' + d.job : ' — free')).addTo(markers);
    });
    if (points.length > 0) {
      map.fitBounds(points.map(function (d) { return [d.lat, d.lng]; }), { maxZoom: 12, padding: [30, 30] });
    }
  }

  function startMap() {
    var section = document.getElementById('map-section');
    if (!section || !window.L) { return; }
    section.hidden = false;
    map = window.L.map('map', { keyboard: true }).setView([50.8, -1.9], 9);
    markers = window.L.layerGroup().addTo(map);
    var loaded = 0;
    var failed = 0;
    var tiles = window.L.tileLayer('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png', {
      maxZoom: 18, attribution: '© OpenStreetMap contributors'
    });
    tiles.on('tileload', function () { loaded++; });
    tiles.on('tileerror', function () {
      failed++;
      if (loaded === 0 && failed >= 4) { giveUp(); }
    });
    tiles.addTo(map);
    // No tile within a few seconds (offline, blocked): the list above is the map.
    window.setTimeout(function () { if (loaded === 0) { giveUp(); } }, 6000);
    drawMarkers();

    function giveUp() {
      if (!map) { return; }
      map.remove();
      map = null;
      section.hidden = true;
    }
  }

  var pending = null;
  function refresh() {
    if (pending) { return; }
    pending = window.setTimeout(function () {
      pending = null;
      fetch(window.location.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('board-live');
          if (!fresh) { return; }
          // Keep what a dispatcher is typing or choosing: skip the swap while a form control has focus.
          var active = document.activeElement;
          if (active && live.contains(active) && active.tagName === 'SELECT') {
            refresh();
            return;
          }
          live.innerHTML = fresh.innerHTML;
          live.dataset.boardVersion = fresh.dataset.boardVersion;
          status.textContent = 'Live: updated ' + new Date().toLocaleTimeString('en-GB');
          drawMarkers();
        })
        .catch(function () { status.textContent = 'Live updates paused: reload the page to see changes.'; });
    }, 250);
  }

  if (window.EventSource) {
    var source = new EventSource('/v1/dispatch/live');
    source.addEventListener('hello', function (event) {
      status.textContent = 'Live: the board updates by itself.';
      var hello = JSON.parse(event.data);
      if (hello.boardVersion > Number(live.dataset.boardVersion || 0)) { refresh(); }
    });
    source.addEventListener('job', function () { refresh(); });
    source.onerror = function () { status.textContent = 'Live updates reconnecting… (reload the page to see changes).'; };
  }

  startMap();
})();
