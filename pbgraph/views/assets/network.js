/* pbgraph views: one street's network (canvas; click a node to see and highlight its
   neighbours). Nodes come placed: organizations by their coordinates, the others beside
   what they serve. */
(function (V) {
  "use strict";
  if (V.network) return;

  V.network = function (id, W) {
    V.unpack(id).then(function (d) { show(id, W, d); }).catch(function (e) { V.fail(id, W, e); });
  };

  var SHAPES = ["circle", "square", "triangle", "star", "diamond", "hexagon"];

  function shape(ctx, kind, x, y, r) {
    ctx.beginPath();
    var s = SHAPES[kind];
    if (s === "circle") { ctx.arc(x, y, r, 0, 2 * Math.PI); return; }
    if (s === "square") { ctx.rect(x - r, y - r, 2 * r, 2 * r); return; }
    var pts = s === "triangle" ? 3 : s === "diamond" ? 4 : s === "hexagon" ? 6 : 10;
    for (var k = 0; k < pts; k++) {
      var a = -Math.PI / 2 + 2 * Math.PI * k / pts, rr = s === "star" && k % 2 ? r * 0.45 : r;
      if (s === "star") rr *= 1.3;
      ctx[k ? "lineTo" : "moveTo"](x + rr * Math.cos(a), y + rr * Math.sin(a));
    }
    ctx.closePath();
  }

  function show(id, W, d) {
    var root = document.getElementById(id), canvas = V.$(id, "canvas"), tip = V.$(id, "tip");
    var panel = V.$(id, "panel"), ctx = canvas.getContext("2d");
    var n = d.kind.length, m = d.a.length, X = d.x, Y = d.y, K = d.kind, C = d.cat;
    /* adjacency (both directions) */
    var deg = new Uint32Array(n + 1), adj = new Uint32Array(2 * m);
    for (var e = 0; e < m; e++) { deg[d.a[e] + 1]++; deg[d.b[e] + 1]++; }
    for (var i = 0; i < n; i++) deg[i + 1] += deg[i];
    var at = deg.slice(0, n);
    for (e = 0; e < m; e++) {
      adj[at[d.a[e]]++] = d.b[e];
      adj[at[d.b[e]]++] = d.a[e];
    }
    var sel = -1, near = new Uint8Array(n), hoverAt = -1;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (i = 0; i < n; i++) {
      x0 = Math.min(x0, X[i]); x1 = Math.max(x1, X[i]); y0 = Math.min(y0, Y[i]); y1 = Math.max(y1, Y[i]);
    }

    /* legend */
    var legend = V.$(id, "legend");
    d.kinds.forEach(function (name, k) {
      var cnt = 0; for (var j = 0; j < n; j++) if (K[j] === k) cnt++;
      if (!cnt) return;
      var lab = document.createElement("span");
      lab.innerHTML = '<i class="pbv-shape" style="background:' + d.kind_colors[k] + '"></i>' + V.esc(name) + " (" + cnt + ")";
      legend.appendChild(lab);
    });
    d.categories.forEach(function (name, c) {
      var lab = document.createElement("span");
      lab.innerHTML = '<i style="background:' + d.colors[c] + ';border-radius:50%"></i>' + V.esc(name);
      legend.appendChild(lab);
    });

    function color(j) { return K[j] === 0 ? d.colors[C[j]] : d.kind_colors[K[j]]; }
    function size(j) { return K[j] === 0 ? (d.states[C[j]] === "uncovered" ? 4.5 : 3.2) : [0, 6, 5, 7, 5.5, 7][K[j]]; }

    function draw(st) {
      var dpr = st.dpr;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, st.w, st.h);
      var z = Math.min(2.2, Math.max(0.6, Math.sqrt(st.s / fitScale))) * dense;
      /* edges: the selected node's dark, the rest faint */
      for (var pass = 0; pass < 2; pass++) {
        ctx.beginPath();
        for (var e = 0; e < m; e++) {
          var a = d.a[e], b = d.b[e], mine = sel >= 0 && (a === sel || b === sel);
          if ((pass === 1) !== mine) continue;
          ctx.moveTo(X[a] * st.s + st.tx, Y[a] * st.s + st.ty);
          ctx.lineTo(X[b] * st.s + st.tx, Y[b] * st.s + st.ty);
        }
        ctx.strokeStyle = pass ? "rgba(20,20,20,.85)" : sel >= 0 ? "rgba(150,150,150,.12)" : "rgba(120,120,120,.35)";
        ctx.lineWidth = pass ? 1.6 : 0.7;
        ctx.stroke();
      }
      /* nodes: organizations first, then the others; dimmed away from the selection */
      for (pass = 0; pass < 2; pass++) {
        for (var j = 0; j < n; j++) {
          if ((K[j] === 0) === (pass === 1)) continue;
          var sx = X[j] * st.s + st.tx, sy = Y[j] * st.s + st.ty;
          if (sx < -20 || sy < -20 || sx > st.w + 20 || sy > st.h + 20) continue;
          ctx.globalAlpha = sel < 0 || j === sel || near[j] ? 1 : 0.15;
          shape(ctx, K[j], sx, sy, size(j) * z * (j === sel ? 1.6 : 1));
          ctx.fillStyle = color(j); ctx.fill();
          ctx.lineWidth = j === sel ? 2.5 : 0.8; ctx.strokeStyle = j === sel ? "#000" : "#fff"; ctx.stroke();
        }
      }
      ctx.globalAlpha = 1;
      /* labels: the selection and its neighbours; others than organizations when zoomed in */
      ctx.font = "12px " + getComputedStyle(root).fontFamily;
      ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,.9)"; ctx.fillStyle = "#222";
      var many = st.s / fitScale < 2.5;
      for (j = 0; j < n; j++) {
        var show = sel >= 0 ? j === sel || near[j] : (K[j] !== 0 && K[j] !== 2 && !(many && n > 400));
        if (!show) continue;
        sx = X[j] * st.s + st.tx + 7; sy = Y[j] * st.s + st.ty - 5;
        if (sx < -200 || sy < -20 || sx > st.w || sy > st.h + 20) continue;
        ctx.strokeText(d.labels[j], sx, sy); ctx.fillText(d.labels[j], sx, sy);
      }
    }

    function hit(mx, my) {
      var best = -1, bd = 100;
      for (var j = 0; j < n; j++) {
        var dx = X[j] * stage.s + stage.tx - mx, dy = Y[j] * stage.s + stage.ty - my, dd = dx * dx + dy * dy;
        if (dd <= bd) { bd = dd; best = j; }
      }
      return best;
    }

    function select(j) {
      sel = j; near.fill(0);
      root.setAttribute("data-selected", j);
      if (j < 0) {
        panel.innerHTML = "<p>" + V.esc(W.pick) + "</p>";
        root.setAttribute("data-neighbours", 0);
        stage.redraw(); return;
      }
      var groups = {};
      for (var k = deg[j]; k < deg[j + 1]; k++) {
        var o = adj[k];
        if (near[o]) continue;
        near[o] = 1;
        (groups[K[o]] = groups[K[o]] || []).push(o);
      }
      var html = "<h4>" + V.esc(d.labels[j]) + "</h4><p class=\"pbv-kind\">" +
        V.esc(d.kinds[K[j]]) + (K[j] === 0 ? " · " + V.esc(d.categories[C[j]]) : "") + "</p>";
      if (d.info[j]) html += "<p>" + V.esc(d.info[j]) + "</p>";
      var total = 0; Object.keys(groups).forEach(function (k) { total += groups[k].length; });
      html += "<h5>" + V.esc(V.fmt(W.neighbours, {n: total})) + "</h5>";
      Object.keys(groups).sort().forEach(function (k) {
        html += "<p class=\"pbv-kind\">" + V.esc(d.kinds[k]) + "</p><ul>";
        groups[k].forEach(function (o) {
          html += "<li data-node=\"" + o + "\"><i style=\"background:" + color(o) + "\"></i>" + V.esc(d.labels[o]) + "</li>";
        });
        html += "</ul>";
      });
      panel.innerHTML = html;
      root.setAttribute("data-neighbours", total);
      stage.redraw();
    }
    panel.addEventListener("click", function (e) {
      var li = e.target.closest("li[data-node]");
      if (li) select(+li.getAttribute("data-node"));
    });

    function hover(mx, my) {
      var j = mx < 0 ? -1 : hit(mx, my);
      if (j === hoverAt) return;
      hoverAt = j;
      if (j < 0) { tip.hidden = true; canvas.style.cursor = ""; return; }
      canvas.style.cursor = "pointer";
      tip.innerHTML = "<b>" + V.esc(d.labels[j]) + "</b><br>" + V.esc(d.kinds[K[j]]) +
        (K[j] === 0 ? " · " + V.esc(d.categories[C[j]]) : "") + (d.info[j] ? "<br>" + V.esc(d.info[j]) : "");
      tip.hidden = false;
      tip.style.left = Math.min(mx + 14, canvas.clientWidth - tip.offsetWidth - 4) + "px";
      tip.style.top = (my + 14) + "px";
    }

    var fitScale = 1, dense = Math.min(1, Math.max(0.45, Math.sqrt(1200 / n)));
    var stage = V.stage(canvas, draw, function (x, y) { select(hit(x, y)); }, hover);
    function fit() { stage.fit(x0, y0, x1, y1); stage.redraw(); }
    fit();
    fitScale = stage.s;
    V.$(id, "reset").addEventListener("click", function () { select(-1); fit(); });
    V.$(id, "zoomin").addEventListener("click", function () { stage.zoom(1.5, stage.w / 2, stage.h / 2); });
    V.$(id, "zoomout").addEventListener("click", function () { stage.zoom(1 / 1.5, stage.w / 2, stage.h / 2); });
    select(-1);
    root.pbv = {
      data: d, stage: stage, select: select,
      screenOf: function (j) { return [X[j] * stage.s + stage.tx, Y[j] * stage.s + stage.ty]; },
      find: function (label) { return d.labels.indexOf(label); },
    };
    stage.now();
    root.setAttribute("data-state", "ready");
  }
})(pbgraphViews);
