/* pbgraph views: shared parts (unpacking the data, pan and zoom). Hand-written, no library;
   nothing is fetched. Included once per view; the first copy defines it. */
var pbgraphViews = window.pbgraphViews || (window.pbgraphViews = {});
(function (V) {
  "use strict";
  if (V.unpack) return;

  /* The data of view `id`: base64 of gzip of [u32 header length][JSON header][typed arrays]. */
  V.unpack = async function (id) {
    var text = document.getElementById(id + "-data").textContent.trim();
    var bin = atob(text), n = bin.length, bytes = new Uint8Array(n);
    for (var i = 0; i < n; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    var buf = await new Response(stream).arrayBuffer();
    var hl = new DataView(buf).getUint32(0, true);
    var meta = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, hl)));
    var base = 4 + hl, types = {Uint8Array: Uint8Array, Uint16Array: Uint16Array,
      Uint32Array: Uint32Array, Int32Array: Int32Array, Float32Array: Float32Array};
    Object.keys(meta.arrays).forEach(function (name) {
      var a = meta.arrays[name];
      meta[name] = new types[a[2]](buf, base + a[0], a[1]);
    });
    return meta;
  };

  V.$ = function (id, part) { return document.getElementById(id + "-" + part); };

  V.esc = function (s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  };

  V.fmt = function (s, o) {
    return s.replace(/\{(\w+)\}/g, function (_, k) { return o[k]; });
  };

  /* A canvas that fills its box at the device's resolution; `draw` is called on changes.
     The view: screen = data * s + t (y as given: callers flip it). Wheel zooms at the
     pointer, dragging pans; `onClick(x, y)` and `onHover(x, y)` get CSS pixels. */
  V.stage = function (canvas, draw, onClick, onHover) {
    var st = {s: 1, tx: 0, ty: 0, w: 0, h: 0, dpr: 1, queued: false};
    function size() {
      st.dpr = window.devicePixelRatio || 1;
      st.w = canvas.clientWidth; st.h = canvas.clientHeight;
      canvas.width = Math.max(1, Math.round(st.w * st.dpr));
      canvas.height = Math.max(1, Math.round(st.h * st.dpr));
    }
    st.redraw = function () {
      if (st.queued) return;
      st.queued = true;
      requestAnimationFrame(function () { st.queued = false; draw(st); });
    };
    st.now = function () { st.queued = false; draw(st); };
    st.fit = function (x0, y0, x1, y1) {
      var w = Math.max(x1 - x0, 1e-12), h = Math.max(y1 - y0, 1e-12);
      st.s = 0.92 * Math.min(st.w / w, st.h / h);
      st.tx = st.w / 2 - st.s * (x0 + x1) / 2;
      st.ty = st.h / 2 - st.s * (y0 + y1) / 2;
    };
    st.zoom = function (f, x, y) {
      st.tx = x - (x - st.tx) * f; st.ty = y - (y - st.ty) * f; st.s *= f; st.redraw();
    };
    size();
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        if (canvas.clientWidth !== st.w || canvas.clientHeight !== st.h) {
          var cx = st.w / 2, cy = st.h / 2; size();
          st.tx += st.w / 2 - cx; st.ty += st.h / 2 - cy; st.redraw();
        }
      }).observe(canvas);
    }
    canvas.addEventListener("wheel", function (e) {
      e.preventDefault();
      var r = canvas.getBoundingClientRect();
      st.zoom(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    }, {passive: false});
    var drag = null;
    canvas.addEventListener("mousedown", function (e) {
      drag = {x: e.clientX, y: e.clientY, tx: st.tx, ty: st.ty, moved: false};
      canvas.style.cursor = "grabbing";
    });
    window.addEventListener("mousemove", function (e) {
      if (drag) {
        var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
        if (drag.moved) { st.tx = drag.tx + dx; st.ty = drag.ty + dy; st.redraw(); }
      }
    });
    window.addEventListener("mouseup", function (e) {
      if (!drag) return;
      var r = canvas.getBoundingClientRect(), d = drag;
      drag = null; canvas.style.cursor = "";
      if (!d.moved && onClick && e.target === canvas) onClick(e.clientX - r.left, e.clientY - r.top);
    });
    canvas.addEventListener("mousemove", function (e) {
      if (drag || !onHover) return;
      var r = canvas.getBoundingClientRect();
      onHover(e.clientX - r.left, e.clientY - r.top);
    });
    canvas.addEventListener("mouseleave", function () { if (onHover) onHover(-1, -1); });
    return st;
  };

  V.fail = function (id, words, err) {
    var s = V.$(id, "status");
    if (s) s.textContent = (typeof DecompressionStream === "undefined" ? words.unsupported : String(err));
    document.getElementById(id).setAttribute("data-state", "error");
  };
})(pbgraphViews);
