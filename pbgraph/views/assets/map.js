/* pbgraph views: the map of organizations by coverage category (canvas, every point drawn
   into one ImageData per frame; a grid index for hovering). */
(function (V) {
  "use strict";
  if (V.map) return;

  function rgba32(hex) {  /* "#rrggbb" -> the ImageData's little-endian 0xAABBGGRR */
    var r = parseInt(hex.slice(1, 3), 16), g = parseInt(hex.slice(3, 5), 16), b = parseInt(hex.slice(5, 7), 16);
    return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
  }

  V.map = function (id, W) {
    V.unpack(id).then(function (d) { show(id, W, d); }).catch(function (e) { V.fail(id, W, e); });
  };

  function show(id, W, d) {
    var root = document.getElementById(id), canvas = V.$(id, "canvas"), tip = V.$(id, "tip");
    var ctx = canvas.getContext("2d");
    var n = d.n, X = d.x, Y = d.y, CAT = d.cat, ST = d.street, DOS = d.district_of_street;
    var nc = d.categories.length, colors = d.colors.map(rgba32);
    var midLat = (d.box[1] + d.box[3]) / 2;
    /* data units: quantized x scaled to equal distances at the city's latitude; y up */
    var kx = (d.box[2] - d.box[0]) * Math.cos(midLat * Math.PI / 180) / 65534;
    var ky = (d.box[3] - d.box[1]) / 65534;
    var aspect = kx / ky;  /* x data = qx * aspect, y data = -qy */
    var catOn = new Uint8Array(nc).fill(1), streetOn = new Uint8Array(d.streets.length).fill(1);
    var district = -1, street = -1;
    /* instructors of point i: guides[gstart[i] .. gstart[i+1]) */
    var gstart = new Uint32Array(n + 1);
    for (var i = 0; i < n; i++) gstart[i + 1] = gstart[i] + d.n_guides[i];
    var missing = 0;
    for (i = 0; i < n; i++) if (X[i] === 65535) missing++;
    /* a 256 x 256 grid of the points, for hovering */
    var G = 256, cnt = new Uint32Array(G * G + 1), items = new Uint32Array(n);
    for (i = 0; i < n; i++) if (X[i] !== 65535) cnt[((X[i] >> 8) * G + (Y[i] >> 8)) + 1]++;
    for (i = 0; i < G * G; i++) cnt[i + 1] += cnt[i];
    var fill = cnt.slice(0, G * G);
    for (i = 0; i < n; i++) if (X[i] !== 65535) items[fill[(X[i] >> 8) * G + (Y[i] >> 8)]++] = i;

    /* -- controls -------------------------------------------------------------------- */
    var selD = V.$(id, "district"), selS = V.$(id, "street"), legend = V.$(id, "legend");
    function option(sel, value, text) {
      var o = document.createElement("option"); o.value = value; o.textContent = text; sel.appendChild(o);
    }
    option(selD, -1, W.all);
    d.districts.forEach(function (name, k) { option(selD, k, name); });
    function streetOptions() {
      selS.textContent = "";
      option(selS, -1, W.all);
      d.streets.forEach(function (name, k) {
        if (district < 0 || DOS[k] === district) option(selS, k, district < 0 ? d.districts[DOS[k]] + " " + name : name);
      });
      selS.value = street;
    }
    streetOptions();
    var boxes = [];
    d.categories.forEach(function (name, c) {
      var lab = document.createElement("label");
      lab.innerHTML = '<input type="checkbox" checked data-category="' + d.codes[c] + '"><i style="background:' +
        d.colors[c] + '"></i>' + V.esc(name) + ' <span class="pbv-count"></span>';
      var box = lab.querySelector("input");
      box.addEventListener("change", function () { catOn[c] = box.checked ? 1 : 0; update(false); });
      boxes.push(lab);
      legend.appendChild(lab);
    });
    selD.addEventListener("change", function () {
      district = +selD.value; street = -1; streetOptions(); update(true);
    });
    selS.addEventListener("change", function () { street = +selS.value; update(true); });
    V.$(id, "reset").addEventListener("click", function () {
      district = -1; street = -1; selD.value = -1; streetOptions();
      catOn.fill(1); legend.querySelectorAll("input").forEach(function (b) { b.checked = true; });
      update(true);
    });

    /* -- what is shown --------------------------------------------------------------- */
    var shown = 0;
    function update(refit) {
      for (var k = 0; k < d.streets.length; k++) {
        streetOn[k] = (street >= 0 ? k === street : district < 0 || DOS[k] === district) ? 1 : 0;
      }
      var counts = new Uint32Array(nc), x0 = 65535, y0 = 65535, x1 = 0, y1 = 0;
      shown = 0;
      for (var j = 0; j < n; j++) {
        if (!streetOn[ST[j]]) continue;
        counts[CAT[j]]++;
        if (!catOn[CAT[j]] || X[j] === 65535) continue;
        shown++;
        if (refit) {
          if (X[j] < x0) x0 = X[j]; if (X[j] > x1) x1 = X[j];
          if (Y[j] < y0) y0 = Y[j]; if (Y[j] > y1) y1 = Y[j];
        }
      }
      boxes.forEach(function (lab, c) { lab.querySelector(".pbv-count").textContent = "(" + counts[c] + ")"; });
      var all = 0; for (k = 0; k < nc; k++) all += counts[k];
      var status = V.fmt(W.shown, {shown: shown, total: all});
      if (missing) status += V.fmt(W.no_coords, {n: missing});
      V.$(id, "status").textContent = status + W.close;
      root.setAttribute("data-shown", shown);
      if (refit) {
        if (x1 < x0) { x0 = 0; y0 = 0; x1 = 65534; y1 = 65534; }
        stage.fit(x0 * aspect, -y1, x1 * aspect, -y0);
      }
      hide();
      stage.now();
    }

    function radius(st) {  /* point size in device pixels: by density, then by zoom */
      var base = n > 50000 ? 1 : n > 5000 ? 2 : 3;
      var z = st.s / fitScale;
      return Math.min(7, base + Math.max(0, Math.floor(Math.log2(z) / 1.5))) * (st.dpr > 1.5 ? 2 : 1);
    }

    var fitScale = 1, drawnCount = 0;
    function draw(st) {
      var w = canvas.width, h = canvas.height, dpr = st.dpr;
      var img = ctx.createImageData(w, h), buf = new Uint32Array(img.data.buffer);
      buf.fill(0xffffffff);
      var r = radius(st), half = r >> 1;
      var ax = aspect * st.s * dpr, bx = st.tx * dpr - half, ay = st.s * dpr, by = st.ty * dpr - half;
      var drawn = 0;
      for (var j = 0; j < n; j++) {
        var c = CAT[j];
        if (!catOn[c] || !streetOn[ST[j]] || X[j] === 65535) continue;
        var px = (X[j] * ax + bx) | 0, py = (by - Y[j] * ay) | 0;
        if (px < -r || py < -r || px >= w || py >= h) continue;
        drawn++;
        var col = colors[c];
        for (var yy = py < 0 ? 0 : py, ye = Math.min(h, py + r); yy < ye; yy++) {
          var row = yy * w;
          for (var xx = px < 0 ? 0 : px, xe = Math.min(w, px + r); xx < xe; xx++) buf[row + xx] = col;
        }
      }
      ctx.putImageData(img, 0, 0);
      drawnCount = drawn;
      root.setAttribute("data-drawn", drawn);
      /* the districts' outlines and names */
      ctx.save();
      ctx.scale(dpr, dpr);
      ctx.lineWidth = 1; ctx.strokeStyle = "rgba(80,80,80,.55)";
      ctx.font = "13px " + getComputedStyle(root).fontFamily;
      ctx.textAlign = "center"; ctx.fillStyle = "#333";
      d.hulls.forEach(function (hl, k) {
        if (hl.length < 6 || (district >= 0 && k !== district)) return;
        ctx.beginPath();
        var cx = 0, cy = 0;
        for (var q = 0; q < hl.length; q += 2) {
          var sx = hl[q] * aspect * st.s + st.tx, sy = -hl[q + 1] * st.s + st.ty;
          if (q === 0) ctx.moveTo(sx, sy); else ctx.lineTo(sx, sy);
          cx += sx; cy += sy;
        }
        ctx.closePath(); ctx.stroke();
        ctx.strokeStyle = "rgba(255,255,255,.9)"; ctx.lineWidth = 3;
        var lx = cx / (hl.length / 2), ly = cy / (hl.length / 2);
        ctx.strokeText(d.districts[k], lx, ly); ctx.fillText(d.districts[k], lx, ly);
        ctx.lineWidth = 1; ctx.strokeStyle = "rgba(80,80,80,.55)";
      });
      ctx.restore();
    }

    /* -- hover ----------------------------------------------------------------------- */
    function hide() { tip.hidden = true; }
    function nearest(mx, my) {
      var st = stage, r = radius(st) / st.dpr + 4;
      var qx = (mx - st.tx) / (aspect * st.s), qy = (st.ty - my) / st.s;
      var rx = r / (aspect * st.s), ry = r / st.s;
      var cx0 = Math.max(0, (qx - rx) >> 8), cx1 = Math.min(G - 1, (qx + rx) >> 8);
      var cy0 = Math.max(0, (qy - ry) >> 8), cy1 = Math.min(G - 1, (qy + ry) >> 8);
      if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > 4096) return -1;
      var best = -1, bd = Infinity;
      for (var cx = cx0; cx <= cx1; cx++) for (var cy = cy0; cy <= cy1; cy++) {
        var cell = cx * G + cy;
        for (var k = cnt[cell]; k < cnt[cell + 1]; k++) {
          var j = items[k];
          if (!catOn[CAT[j]] || !streetOn[ST[j]]) continue;
          var dx = (X[j] * aspect * st.s + st.tx) - mx, dy = (st.ty - Y[j] * st.s) - my;
          var dd = dx * dx + dy * dy;
          if (dd <= r * r && dd <= bd) { bd = dd; best = j; }
        }
      }
      return best;
    }
    function hover(mx, my) {
      var j = mx < 0 ? -1 : nearest(mx, my);
      if (j < 0) { hide(); return; }
      var c = CAT[j], g = [];
      for (var k = gstart[j]; k < gstart[j + 1]; k++) g.push(d.instructors[d.guides[k]]);
      var who = g.length ? g.slice(0, 6).join("、") + (g.length > 6 ? " …(" + g.length + ")" : "") : W.nobody;
      tip.innerHTML = "<b>" + V.esc(d.names[j]) + "</b><br><i style=\"background:" + d.colors[c] + "\"></i>" +
        V.esc(d.categories[c]) + " · " + V.esc(d.districts[DOS[ST[j]]] + " " + d.streets[ST[j]]) +
        "<br>" + V.esc(W.reason) + "：" + V.esc(d.reasons[d.reason[j]]) +
        "<br>" + V.esc(W.guided_by) + "：" + V.esc(who);
      tip.hidden = false;
      var bw = canvas.clientWidth;
      tip.style.left = Math.min(mx + 14, bw - tip.offsetWidth - 4) + "px";
      tip.style.top = (my + 14) + "px";
      root.setAttribute("data-hover", j);
    }

    var stage = V.stage(canvas, draw, null, hover);
    stage.fit(0, -65534, 65534 * aspect, 0);
    fitScale = stage.s;
    V.$(id, "zoomin").addEventListener("click", function () { stage.zoom(1.5, stage.w / 2, stage.h / 2); });
    V.$(id, "zoomout").addEventListener("click", function () { stage.zoom(1 / 1.5, stage.w / 2, stage.h / 2); });
    root.pbv = {
      data: d, stage: stage,
      drawn: function () { return drawnCount; },
      screenOf: function (j) { return [X[j] * aspect * stage.s + stage.tx, stage.ty - Y[j] * stage.s]; },
    };
    update(true);
    root.setAttribute("data-state", "ready");
  }
})(pbgraphViews);
