// The door's camera: reads the QR code of a ticket (it holds the ticket's
// letter code) and hands it to the door page as if it had been typed and
// Enter pressed. scan.js decides it like any typed code: in order, online
// or from the phone's copy, with the same green or red and the same sound.
//
// Optional beside the keyboard: "Camera" starts the rear camera and shows
// it small under the code field, "Stop camera" stops it; typing and USB
// scanners keep working meanwhile. QR codes are read by the browser's own
// BarcodeDetector where it has one for QR codes (Chrome on Android), else
// by zxing-wasm served from this site (zxing_reader.js and .wasm, no CDN;
// the service worker keeps them, so the camera works offline too). About
// six frames a second are read, scaled down to at most 640 pixels.
//
// Browsers give the camera only to HTTPS pages and to localhost: elsewhere
// the button is replaced by a line saying so. The camera stops while the
// page is hidden (another app, the screen off) and comes back with it.
(function () {
  var box = document.getElementById("camera");
  var scanner = document.getElementById("scanner");
  if (!box || !scanner) return;
  var startButton = document.getElementById("camera-start");
  var stopButton = document.getElementById("camera-stop");
  var view = document.getElementById("camera-view");
  var video = document.getElementById("camera-video");
  var note = document.getElementById("camera-note");
  var result = document.getElementById("result");
  var input = document.getElementById("code");

  var FRAME_MS = 150;   // time between two frames read (~6-7 a second)
  var MAX_SIDE = 640;   // a frame is scaled down to this before reading
  // A code read is not sent again while it stays in front of the camera,
  // nor until it was out of sight this long (nor while its result shows);
  // another code goes at once.
  var SAME_MS = 3000;
  var MAX_CODE = 64;    // longer texts are no ticket code (the field's maxlength)

  var stream = null;    // the camera while it runs
  var wanted = false;   // "Camera" pressed and not stopped (comes back after hidden)
  var starting = false;
  var run = 0;          // counts starts and stops: a stale frame loop ends
  var decoder = null;   // promise of function(canvas, context) -> promise of [text]
  var canvas = document.createElement("canvas");
  var context = null;
  var lastCode = null;
  // When each code was last in view: two tickets shown in turn (a couple's
  // two phones) are each sent once, not again at every switch.
  var seenAt = {};

  function say(text) { note.textContent = text; }

  // No camera for this page: no button (it starts hidden), a line says why
  // and what helps.
  if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    box.classList.add("unavailable");
    if (window.isSecureContext) {
      say(T("camera-unsupported") + " " + T("camera-typing-works"));
    } else {
      // The flags as code, each kept whole on one line: the text's {cert}
      // and {key} marks are where they go.
      var flag = function (text) { var c = document.createElement("code"); c.textContent = text; return c; };
      T("camera-needs-https").split(/(\{cert\}|\{key\})/).forEach(function (part) {
        if (part === "{cert}") note.append(flag("--tls-cert"));
        else if (part === "{key}") note.append(flag("--tls-key"));
        else if (part) note.append(part);
      });
      note.append(" " + T("camera-typing-works"));
    }
    return;
  }

  // --- The decoder -----------------------------------------------------------
  function nativeDecoder() {
    if (!window.BarcodeDetector) return Promise.resolve(null);
    var formats = BarcodeDetector.getSupportedFormats ? BarcodeDetector.getSupportedFormats() : Promise.resolve(["qr_code"]);
    return formats.then(function (list) {
      if (list.indexOf("qr_code") < 0) return null;
      var detector = new BarcodeDetector({ formats: ["qr_code"] });
      return function (frame) {
        return detector.detect(frame).then(function (codes) {
          return codes.map(function (c) { return c.rawValue; });
        });
      };
    }).catch(function () { return null; });
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("cannot load " + src)); };
      document.head.appendChild(s);
    });
  }

  // zxing-wasm: its WebAssembly from this site, not from its default CDN.
  function servedDecoder() {
    return (window.ZXingWASM ? Promise.resolve() : loadScript("/static/zxing_reader.js")).then(function () {
      return ZXingWASM.prepareZXingModule({
        overrides: {
          locateFile: function (path, prefix) { return /\.wasm$/.test(path) ? "/static/zxing_reader.wasm" : prefix + path; }
        },
        fireImmediately: true
      });
    }).then(function () {
      var options = { formats: ["QRCode"], maxNumberOfSymbols: 1 };
      return function (frame, ctx) {
        return ZXingWASM.readBarcodes(ctx.getImageData(0, 0, frame.width, frame.height), options).then(function (found) {
          return found.filter(function (r) { return r.isValid; }).map(function (r) { return r.text; });
        });
      };
    });
  }

  // The browser's own reader, else the served one; loaded once, tried
  // again at the next start when it failed (e.g. offline before it was kept).
  function getDecoder() {
    if (!decoder) {
      decoder = nativeDecoder().then(function (d) { return d || servedDecoder(); });
      decoder.catch(function () { decoder = null; });
    }
    return decoder;
  }

  // --- Codes read --------------------------------------------------------------
  function read(text) {
    var now = Date.now();
    var same = (seenAt[text] !== undefined && now - seenAt[text] < SAME_MS) ||
      (text === lastCode && result.classList.contains("show"));
    Object.keys(seenAt).forEach(function (code) { if (now - seenAt[code] >= SAME_MS) delete seenAt[code]; });
    seenAt[text] = now;
    lastCode = text;
    if (same) return;
    // A link or other long text: some other QR code, not a ticket's (it
    // would only count as a wrong guess at the door guard).
    if (text.length > MAX_CODE || /:\/\//.test(text)) { say(T("camera-not-ticket")); return; }
    say(T("camera-point"));
    scanner.dispatchEvent(new CustomEvent("door-code", { detail: text }));
  }

  // One frame: drawn scaled down, read, the next one FRAME_MS after the
  // last began (never two at once).
  function frame(me, decode) {
    if (me !== run || !stream) return;
    var began = Date.now();
    var next = function () {
      if (me === run && stream) setTimeout(function () { frame(me, decode); }, Math.max(0, FRAME_MS - (Date.now() - began)));
    };
    var w = video.videoWidth, h = video.videoHeight;
    if (video.readyState < 2 || !w || !h) { next(); return; }
    var scale = Math.min(1, MAX_SIDE / Math.max(w, h));
    w = Math.round(w * scale); h = Math.round(h * scale);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w; canvas.height = h;
      context = null;
    }
    context = context || canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, w, h);
    decode(canvas, context).then(function (texts) {
      if (me === run && texts.length && texts[0]) read(String(texts[0]));
    }, function () { /* an unreadable frame: the next one */ }).then(next);
  }

  // --- Start and stop ----------------------------------------------------------
  function why(e) {
    var name = e && e.name;
    if (name === "NotAllowedError" || name === "SecurityError") {
      return T("camera-denied");
    }
    if (name === "NotFoundError" || name === "OverconstrainedError") return T("camera-none");
    if (name === "NotReadableError" || name === "AbortError") return T("camera-busy");
    return name ? T("camera-failed-named", { error: name }) : T("camera-failed");
  }

  function showRunning(on) {
    startButton.hidden = on;
    stopButton.hidden = !on;
    view.hidden = !on;
    box.classList.toggle("on", on);
  }

  function start() {
    if (stream || starting) return;
    wanted = true;
    starting = true;
    var me = ++run;
    say(T("camera-starting"));
    var ready = getDecoder();
    ready.catch(function () { /* said below */ });
    navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false
    }).then(function (s) {
      starting = false;
      // Stopped or hidden meanwhile: let it go at once.
      if (me !== run || !wanted || document.hidden) { s.getTracks().forEach(function (t) { t.stop(); }); return; }
      stream = s;
      s.getVideoTracks().forEach(function (t) {
        t.addEventListener("ended", function () { if (stream === s) { stopStream(); say(T("camera-stopped")); } });
      });
      video.srcObject = s;
      var playing = video.play();
      if (playing && playing.catch) playing.catch(function () { /* muted inline video: plays */ });
      showRunning(true);
      return ready.then(function (decode) {
        if (me !== run) return;
        say(T("camera-point"));
        frame(me, decode);
      }, function () {
        stopStream();
        wanted = false;
        say(T("camera-no-reader"));
      });
    }, function (e) {
      starting = false;
      if (me !== run) return;
      wanted = false;
      say(why(e));
    });
  }

  // The camera off (its light too); `wanted` stays as it was.
  function stopStream() {
    run++;
    starting = false;
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    video.srcObject = null;
    showRunning(false);
  }

  // Back to the code field for a USB scanner or keyboard; not on a touch
  // screen, where the phone's own keyboard would pop up over the camera.
  function backToField() {
    if (!(window.matchMedia && matchMedia("(pointer: coarse)").matches)) input.focus();
  }
  startButton.addEventListener("click", function () {
    start();
    backToField();
  });
  stopButton.addEventListener("click", function () {
    wanted = false;
    stopStream();
    say("");
    backToField();
  });

  showRunning(false);

  // Hidden (another app, the screen off, another tab): the camera rests.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      if (stream || starting) { stopStream(); say(T("camera-paused")); }
    } else if (wanted) {
      start();
    }
  });
  // Leaving the page: a running camera would keep it out of the back/forward cache.
  window.addEventListener("pagehide", function () { if (stream || starting) stopStream(); });
})();
