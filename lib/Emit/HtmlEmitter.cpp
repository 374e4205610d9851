//===- HtmlEmitter.cpp - Source beside its state machines ----------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `hoist --emit=html`: one self-contained page (no network, no external
/// assets): the source on the left, the lowered C++ in the middle, and on
/// the right each async function's state graph (drawn here as inline SVG, so
/// that the page needs nothing else) with a panel describing the selected
/// state.
///
/// Hovering or selecting a co_await in the source (or a state in a graph)
/// highlights its state everywhere: the await, the state's enumerator and
/// dispatch in the future, the code that resumes there, the members that
/// hold its stored values, and its node. The page's script reads a JSON
/// description of the functions; for each state it lists the lowered lines
/// of each kind, found in the lowered text by the names the shape chose.
///
/// The page exposes `window.hoist.select(fn, node)` and
/// `window.hoist.selection()` for scripted use (the Chromium test).
///
//===----------------------------------------------------------------------===//
#include "Emit/Reports.h"
#include "Emit/StateGraph.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>

namespace hoist {

namespace {

std::string escapeHtml(llvm::StringRef S) {
  std::string R;
  for (char C : S) {
    switch (C) {
    case '<':
      R += "&lt;";
      break;
    case '>':
      R += "&gt;";
      break;
    case '&':
      R += "&amp;";
      break;
    case '"':
      R += "&quot;";
      break;
    default:
      R += C;
    }
  }
  return R;
}

std::vector<std::string> splitLines(llvm::StringRef Text) {
  std::vector<std::string> Lines;
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Lines.push_back(Line.str());
    Text = Rest;
  }
  return Lines;
}

std::string shorten(std::string S, size_t Max) {
  if (S.size() > Max)
    S = S.substr(0, Max - 3) + "...";
  return S;
}

std::string slotNames(const AsyncFnShape &S, const std::vector<unsigned> &Ids) {
  std::vector<std::string> Names;
  for (unsigned Id : Ids)
    Names.push_back(S.slot(Id).Name);
  return Names.empty() ? std::string("nothing") : llvm::join(Names, ", ");
}

/// The lowered lines (0-based) that show one state of one future.
struct StateLines {
  std::vector<unsigned> Decl;   ///< its enumerator, its cases
  std::vector<unsigned> Resume; ///< the label poll() jumps to and the poll
  std::vector<unsigned> After;  ///< what runs on once the awaitee is ready
  std::vector<unsigned> Slots;  ///< the members holding its values
};

/// Finds one future's class in the lowered text and the lines of each of
/// its states. The class is the first `struct <FutureName> {` at or after
/// `From` (or anywhere, failing that).
class LoweredIndex {
public:
  LoweredIndex(const std::vector<std::string> &Lines) : Lines(Lines) {}

  /// [Begin, End) of the future's class; {0, 0} if it is not found.
  std::pair<unsigned, unsigned> findClass(const AsyncFnShape &S,
                                          unsigned From) const {
    std::string Head = "struct " + S.FutureName + " {";
    for (unsigned Pass = 0; Pass < 2; ++Pass)
      for (unsigned I = Pass ? 0 : From; I < Lines.size(); ++I) {
        llvm::StringRef L = Lines[I];
        if (L.trim() != Head)
          continue;
        std::string Close =
            L.take_front(L.size() - L.ltrim().size()).str() + "};";
        for (unsigned J = I + 1; J < Lines.size(); ++J)
          if (Lines[J] == Close)
            return {I, J + 1};
        return {I, unsigned(Lines.size())};
      }
    return {0, 0};
  }

  StateLines stateLines(const AsyncFnShape &S, const StateGraph &G,
                        unsigned Node, std::pair<unsigned, unsigned> Class) const {
    StateLines R;
    if (Class.first == Class.second)
      return R;
    std::string Name = G.nodeName(Node);
    std::string Case = "case " + S.Names.StateEnum + "::" + Name + ":";
    bool InEnum = false;
    for (unsigned I = Class.first; I < Class.second; ++I) {
      llvm::StringRef L = llvm::StringRef(Lines[I]).trim();
      if (L.starts_with("enum class " + S.Names.StateEnum))
        InEnum = true;
      else if (InEnum && L.starts_with("};"))
        InEnum = false;
      else if (InEnum && (L.starts_with(Name + ",") || L.starts_with(Name + " ")))
        R.Decl.push_back(I);
      if (L.starts_with(Case))
        R.Decl.push_back(I);
    }

    int K = G.suspendIndex(Node);
    if (K >= 0) {
      const SuspendState &St = S.States[K];
      std::string Label = St.ResumeLabel + ":";
      for (unsigned I = Class.first; I < Class.second; ++I) {
        if (llvm::StringRef(Lines[I]).trim() != Label)
          continue;
        // The construction of the awaitee just before, the label, and the
        // poll that suspends; then the code that runs on, up to the next
        // await's awaitee or the end of poll().
        std::string Awaitee = S.slot(St.Awaitee).Name;
        if (I > Class.first &&
            llvm::StringRef(Lines[I - 1]).contains("(&" + Awaitee + ")"))
          R.Resume.push_back(I - 1);
        R.Resume.push_back(I);
        unsigned J = I + 1;
        for (; J < Class.second; ++J) {
          R.Resume.push_back(J);
          if (llvm::StringRef(Lines[J]).contains("(" + S.Names.StateEnum +
                                                 "::" + Name + ")"))
            break;
        }
        for (++J; J < Class.second; ++J) {
          llvm::StringRef L = llvm::StringRef(Lines[J]).trim();
          if (L.ends_with(":") && L.starts_with("resume_"))
            break;
          if (L.starts_with("::new (&awaitee") ||
              L.starts_with(S.Names.Suspend + "(") || L.starts_with("hoist::Pending "))
            break;
          if (J + 1 < Class.second &&
              llvm::StringRef(Lines[J + 1]).trim().ends_with(":") &&
              llvm::StringRef(Lines[J + 1]).trim().starts_with("resume_"))
            break;
          R.After.push_back(J);
        }
        break;
      }
    }

    // The members: `Type name; // ...` in the frame, after its comment.
    bool InFrame = false;
    std::vector<unsigned> Held = slotsHeld(S, G, Node);
    for (unsigned I = Class.first; I < Class.second; ++I) {
      llvm::StringRef L = llvm::StringRef(Lines[I]).trim();
      if (L.starts_with("// The frame."))
        InFrame = true;
      if (!InFrame)
        continue;
      llvm::StringRef Code = L.split(" //").first.rtrim();
      for (unsigned Id : Held)
        if (Code.ends_with(" " + S.slot(Id).Name + ";") ||
            Code.ends_with("&" + S.slot(Id).Name + ";") ||
            Code.ends_with("*" + S.slot(Id).Name + ";"))
          R.Slots.push_back(I);
    }
    return R;
  }

private:
  const std::vector<std::string> &Lines;
};

llvm::json::Array numbers(const std::vector<unsigned> &Ns) {
  llvm::json::Array A;
  for (unsigned N : Ns)
    A.push_back(int64_t(N) + 1);
  return A;
}

//===----------------------------------------------------------------------===//
// The state graph as SVG: states in a column in state order, an edge to the
// next state straight down, other edges as arcs on the right (in lanes, so
// that they do not overlap), loops on the left.
//===----------------------------------------------------------------------===//

const char *edgeColor(StateEdgeKind K) {
  switch (K) {
  case StateEdgeKind::Start:
  case StateEdgeKind::Ready:
  case StateEdgeKind::Pending:
    return "#222";
  case StateEdgeKind::Return:
    return "#1a7a1a";
  case StateEdgeKind::Caught:
    return "#c07000";
  case StateEdgeKind::Throw:
    return "#b01818";
  }
  llvm_unreachable("unknown StateEdgeKind");
}

const char *edgeClass(StateEdgeKind K) {
  switch (K) {
  case StateEdgeKind::Start:
    return "start";
  case StateEdgeKind::Ready:
    return "ready";
  case StateEdgeKind::Pending:
    return "pending";
  case StateEdgeKind::Return:
    return "return";
  case StateEdgeKind::Caught:
    return "caught";
  case StateEdgeKind::Throw:
    return "throw";
  }
  llvm_unreachable("unknown StateEdgeKind");
}

std::string edgeText(const StateEdge &E) {
  std::vector<std::string> Ls;
  for (unsigned L : E.Lines)
    Ls.push_back(std::to_string(L));
  std::string At = Ls.empty() ? "" : " " + llvm::join(Ls, ",");
  switch (E.Kind) {
  case StateEdgeKind::Start:
    return "first poll";
  case StateEdgeKind::Ready:
    return "ready";
  case StateEdgeKind::Pending:
    return "pending";
  case StateEdgeKind::Return:
    return Ls.empty() ? "end" : "co_return" + At;
  case StateEdgeKind::Caught:
    return "caught" + At;
  case StateEdgeKind::Throw:
    return Ls.empty() ? "exception" : "throw" + At;
  }
  llvm_unreachable("unknown StateEdgeKind");
}

std::string num(double D) {
  char Buf[32];
  snprintf(Buf, sizeof(Buf), "%.1f", D);
  return Buf;
}

std::string renderSvg(const AsyncFnShape &S, const StateGraph &G,
                      unsigned Fn) {
  constexpr double CharW = 6.6, LineH = 14, NodeH = 52, Gap = 40, Left = 78,
                   Top = 8;
  // The node labels, and the widest.
  std::vector<std::vector<std::string>> Labels(G.numNodes());
  size_t Widest = 16;
  for (unsigned N = 0; N < G.numNodes(); ++N) {
    auto &L = Labels[N];
    L.push_back(G.nodeName(N));
    int K = G.suspendIndex(N);
    if (K >= 0)
      L.push_back(shorten("line " + std::to_string(S.States[K].Line) + ": " +
                              S.States[K].AwaitText,
                          38));
    if (N == G.returned())
      L.push_back("completed");
    else if (N == G.poisoned())
      L.push_back("an exception escaped");
    else
      L.push_back(shorten("holds: " + slotNames(S, slotsHeld(S, G, N)), 38));
    for (const std::string &T : L)
      Widest = std::max(Widest, T.size());
  }
  double W = Widest * CharW + 16;
  auto Y = [&](unsigned N) { return Top + N * (NodeH + Gap); };

  // Edges: self loops on the left, to the next node straight, arcs in lanes.
  std::vector<const StateEdge *> Arcs;
  for (const StateEdge &E : G.Edges)
    if (E.From != E.To && E.To != E.From + 1)
      Arcs.push_back(&E);
  std::stable_sort(Arcs.begin(), Arcs.end(), [](const StateEdge *A, const StateEdge *B) {
    auto Span = [](const StateEdge *E) {
      return E->From < E->To ? E->To - E->From : E->From - E->To;
    };
    return Span(A) < Span(B);
  });
  std::map<const StateEdge *, unsigned> Lane;
  std::vector<std::vector<std::pair<unsigned, unsigned>>> Lanes;
  for (const StateEdge *E : Arcs) {
    unsigned Lo = std::min(E->From, E->To), Hi = std::max(E->From, E->To);
    unsigned L = 0;
    for (;; ++L) {
      if (L == Lanes.size())
        Lanes.emplace_back();
      bool Free = llvm::all_of(Lanes[L], [&](std::pair<unsigned, unsigned> I) {
        return Hi <= I.first || I.second <= Lo;
      });
      if (Free)
        break;
    }
    Lanes[L].push_back({Lo, Hi});
    Lane[E] = L;
  }
  constexpr double LaneW = 56;
  double Width = Left + W + 24 + Lanes.size() * LaneW + 16;
  double Height = Y(G.numNodes() - 1) + NodeH + Top;

  std::string F = std::to_string(Fn);
  std::string Out = "<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" "
                    "viewBox=\"0 0 " + num(Width) + " " + num(Height) +
                    "\" width=\"" + num(Width) + "\">\n<defs>";
  for (StateEdgeKind K : {StateEdgeKind::Ready, StateEdgeKind::Return,
                          StateEdgeKind::Caught, StateEdgeKind::Throw})
    Out += "<marker id=\"ah" + F + "-" + edgeClass(K) +
           "\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"7\" "
           "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L8,4L0,8z\" fill=\"" +
           edgeColor(K) + "\"/></marker>";
  Out += "</defs>\n";

  auto Marker = [&](StateEdgeKind K) {
    if (K == StateEdgeKind::Start || K == StateEdgeKind::Pending)
      K = StateEdgeKind::Ready;
    return "url(#ah" + F + "-" + edgeClass(K) + ")";
  };
  auto Path = [&](const StateEdge &E, const std::string &D, double LX, double LY,
                  const char *Anchor) {
    std::string Dash = E.Kind == StateEdgeKind::Pending || E.Kind == StateEdgeKind::Throw
                           ? " stroke-dasharray=\"4 3\""
                           : "";
    Out += "<g class=\"edge " + std::string(edgeClass(E.Kind)) +
           "\" data-from=\"" + std::to_string(E.From) + "\" data-to=\"" +
           std::to_string(E.To) + "\"><path d=\"" + D +
           "\" fill=\"none\" stroke=\"" + edgeColor(E.Kind) + "\"" + Dash +
           " marker-end=\"" + Marker(E.Kind) + "\"/><text x=\"" + num(LX) +
           "\" y=\"" + num(LY) + "\" text-anchor=\"" + Anchor + "\" fill=\"" +
           edgeColor(E.Kind) + "\">" + escapeHtml(edgeText(E)) + "</text></g>\n";
  };
  std::map<unsigned, unsigned> Loops;
  for (const StateEdge &E : G.Edges) {
    double YF = Y(E.From), YT = Y(E.To);
    if (E.From == E.To) {
      // A loop on the left side of the node.
      unsigned I = Loops[E.From]++;
      double Y0 = YF + 12 + I * 22, Y1 = Y0 + 14, R = 26 + I * 8;
      Path(E,
           "M" + num(Left) + "," + num(Y0) + " C" + num(Left - R) + "," +
               num(Y0 - 10) + " " + num(Left - R) + "," + num(Y1 + 10) + " " +
               num(Left) + "," + num(Y1),
           Left - R + 6, Y0 + 11, "end");
      continue;
    }
    if (E.To == E.From + 1) {
      double X = Left + W / 2;
      Path(E, "M" + num(X) + "," + num(YF + NodeH) + " L" + num(X) + "," + num(YT),
           X + 6, YF + NodeH + Gap / 2 + 4, "start");
      continue;
    }
    // An arc on the right, in its lane; leaving below the middle of the
    // node, arriving above it.
    double X0 = Left + W, XL = X0 + 24 + Lane[&E] * LaneW;
    double Y0 = YF + NodeH / 2 + 8, Y1 = YT + NodeH / 2 - 8;
    Path(E,
         "M" + num(X0) + "," + num(Y0) + " C" + num(XL) + "," + num(Y0) + " " +
             num(XL) + "," + num(Y1) + " " + num(X0) + "," + num(Y1),
         X0 + (XL - X0) * 0.75 + 2, (Y0 + Y1) / 2 + 4, "start");
  }

  for (unsigned N = 0; N < G.numNodes(); ++N) {
    std::string Kind = N == G.returned()   ? " returned"
                       : N == G.poisoned() ? " poisoned"
                                           : "";
    Out += "<g class=\"node" + Kind + "\" id=\"node-" + F + "-" +
           std::to_string(N) + "\" data-fn=\"" + F + "\" data-node=\"" +
           std::to_string(N) + "\" tabindex=\"0\"><title>" +
           escapeHtml(G.nodeName(N)) + "</title><rect x=\"" + num(Left) +
           "\" y=\"" + num(Y(N)) + "\" width=\"" + num(W) + "\" height=\"" +
           num(NodeH) + "\" rx=\"8\"/>";
    for (size_t I = 0; I < Labels[N].size(); ++I)
      Out += "<text x=\"" + num(Left + W / 2) + "\" y=\"" +
             num(Y(N) + 16 + I * LineH) + "\" text-anchor=\"middle\"" +
             (I == 0 ? " font-weight=\"bold\"" : "") + ">" +
             escapeHtml(Labels[N][I]) + "</text>";
    Out += "</g>\n";
  }
  Out += "</svg>\n";
  return Out;
}

/// The source with each co_await wrapped in a span naming its state.
std::string renderSource(const std::vector<std::string> &Lines,
                         const std::vector<const AsyncFnShape *> &Shapes) {
  // Per line: (column, end, fn, node) of each await on it.
  struct Mark {
    unsigned Begin, End, Fn, Node;
  };
  std::map<unsigned, std::vector<Mark>> Marks;
  for (unsigned F = 0; F < Shapes.size(); ++F)
    for (const SuspendState &St : Shapes[F]->States) {
      if (St.Line == 0 || St.Line > Lines.size() || St.Column == 0)
        continue;
      llvm::StringRef L = Lines[St.Line - 1];
      unsigned B = St.Column - 1;
      if (B >= L.size())
        continue;
      unsigned Len = L.substr(B).starts_with(St.AwaitText)
                         ? St.AwaitText.size()
                         : std::min<size_t>(8, L.size() - B);
      Marks[St.Line].push_back({B, B + Len, F, St.Index + 1});
    }
  std::string Out;
  for (unsigned I = 0; I < Lines.size(); ++I) {
    llvm::StringRef L = Lines[I];
    std::string Text;
    auto It = Marks.find(I + 1);
    if (It == Marks.end()) {
      Text = escapeHtml(L);
    } else {
      auto &Ms = It->second;
      llvm::sort(Ms, [](const Mark &A, const Mark &B) { return A.Begin < B.Begin; });
      unsigned At = 0;
      for (size_t M = 0; M < Ms.size(); ++M) {
        unsigned End = Ms[M].End;
        if (M + 1 < Ms.size())
          End = std::min(End, Ms[M + 1].Begin);
        if (Ms[M].Begin < At)
          continue;
        Text += escapeHtml(L.slice(At, Ms[M].Begin));
        Text += "<span class=\"await\" tabindex=\"0\" data-fn=\"" +
                std::to_string(Ms[M].Fn) + "\" data-node=\"" +
                std::to_string(Ms[M].Node) + "\" title=\"" +
                escapeHtml(Shapes[Ms[M].Fn]->DisplayName) + ": Suspend" +
                std::to_string(Ms[M].Node - 1) + "\">" +
                escapeHtml(L.slice(Ms[M].Begin, End)) + "</span>";
        At = End;
      }
      Text += escapeHtml(L.substr(At));
    }
    Out += "<span class=\"line\" id=\"s" + std::to_string(I + 1) +
           "\"><span class=\"no\">" + std::to_string(I + 1) + "</span>" + Text +
           "</span>";
  }
  return Out;
}

std::string renderLowered(const std::vector<std::string> &Lines) {
  std::string Out;
  for (unsigned I = 0; I < Lines.size(); ++I)
    Out += "<span class=\"line\" id=\"l" + std::to_string(I + 1) +
           "\"><span class=\"no\">" + std::to_string(I + 1) + "</span>" +
           escapeHtml(Lines[I]) + "</span>";
  return Out;
}

const char *Style = R"css(
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,sans-serif;color:#1b1b1b;background:#fafafa;height:100vh;display:flex;flex-direction:column;overflow:hidden}
header{padding:6px 12px;border-bottom:1px solid #ddd;background:#fff}
header h1{font-size:16px;margin:0;display:inline}
header p{display:inline;margin:0 0 0 12px;color:#555;font-size:13px}
main{flex:1;display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.2fr) minmax(300px,1fr);min-height:0}
section{display:flex;flex-direction:column;min-height:0;min-width:0;border-right:1px solid #ddd}
section h2{font-size:13px;margin:0;padding:4px 8px;background:#f0f0f0;border-bottom:1px solid #ddd}
.scroll{overflow:auto;flex:1}
pre{margin:0;font:12px/1.45 ui-monospace,monospace}
.line{display:block;padding-right:8px;white-space:pre}
.no{display:inline-block;width:3.5em;padding-right:0.8em;text-align:right;color:#999;user-select:none}
.await{background:#e6eefc;border-radius:3px;cursor:pointer;outline:none}
.await.hl{background:#ffd54a}
.line.hl-decl{background:#fff3c4}
.line.hl-resume{background:#ffe28a}
.line.hl-after{background:#fff8dc}
.line.hl-slot{background:#d5f0d5}
.line.hl-src{background:#fff3c4}
.fn{padding:6px 8px;border-bottom:1px solid #ddd}
.fn h3{font-size:13px;margin:2px 0 4px;font-family:ui-monospace,monospace}
svg.graph{max-width:100%;height:auto;font:11px ui-monospace,monospace}
svg .node rect{fill:#fff;stroke:#444}
svg .node{cursor:pointer;outline:none}
svg .node.returned rect{stroke-width:2.5}
svg .node.poisoned rect{stroke:#b01818}
svg .node.hl rect{fill:#ffd54a;stroke:#8a6d00;stroke-width:2}
svg .edge.out path{stroke-width:2.2}
#info{padding:8px;font-size:13px;border-top:2px solid #ddd;background:#fff}
#info table{border-collapse:collapse;font:12px ui-monospace,monospace}
#info td{padding:1px 8px 1px 0;vertical-align:top}
.legend span{padding:0 4px;margin-right:4px;border-radius:3px}
)css";

const char *Script = R"js(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('hoist-data').textContent);
  var pinned = null, current = null;
  var classes = ['hl', 'hl-decl', 'hl-resume', 'hl-after', 'hl-slot', 'hl-src', 'out'];
  function clear() {
    classes.forEach(function (c) {
      document.querySelectorAll('.' + c).forEach(function (e) { e.classList.remove(c); });
    });
  }
  function mark(prefix, lines, cls) {
    (lines || []).forEach(function (n) {
      var e = document.getElementById(prefix + n);
      if (e) e.classList.add(cls);
    });
  }
  function text(tag, s) { var e = document.createElement(tag); e.textContent = s; return e; }
  function show(fn, node) {
    var info = document.getElementById('info');
    info.textContent = '';
    if (fn === null) { info.appendChild(text('p', data.hint)); return; }
    var f = data.functions[fn], st = f.states[node];
    info.appendChild(text('h3', f.name + ': ' + st.name));
    if (st.await) info.appendChild(text('p', 'line ' + st.line + ': ' + st.await));
    info.appendChild(text('p', st.about));
    var t = document.createElement('table');
    st.holds.forEach(function (h) {
      var r = document.createElement('tr');
      r.appendChild(text('td', h.name));
      r.appendChild(text('td', h.kind));
      r.appendChild(text('td', h.type));
      r.appendChild(text('td', h.what));
      t.appendChild(r);
    });
    if (st.holds.length) { info.appendChild(text('p', 'Stored while here:')); info.appendChild(t); }
    info.appendChild(text('p', 'Destroying the future here destroys: ' +
                                (st.drops.length ? st.drops.join(', ') : 'nothing')));
  }
  function select(fn, node) {
    clear();
    current = fn === null ? null : [fn, node];
    if (fn === null) { show(null); return; }
    var st = data.functions[fn].states[node];
    document.querySelectorAll('.await[data-fn="' + fn + '"][data-node="' + node + '"]')
      .forEach(function (e) { e.classList.add('hl'); });
    var n = document.getElementById('node-' + fn + '-' + node);
    if (n) n.classList.add('hl');
    document.querySelectorAll('#graph-' + fn + ' .edge[data-from="' + node + '"]')
      .forEach(function (e) { e.classList.add('out'); });
    if (st.line) mark('s', [st.line], 'hl-src');
    mark('l', st.decl, 'hl-decl');
    mark('l', st.after, 'hl-after');
    mark('l', st.resume, 'hl-resume');
    mark('l', st.slots, 'hl-slot');
    show(fn, node);
    var first = st.resume.length ? st.resume[0] : (st.decl.length ? st.decl[0] : null);
    reveal(first && document.getElementById('l' + first));
    reveal(st.line && document.getElementById('s' + st.line));
    reveal(document.getElementById('graph-' + fn));
  }
  // Scrolls the pane around `e` (not the page) to show it in the middle.
  function reveal(e) {
    if (!e) return;
    var pane = e.closest('.scroll');
    var top = e.offsetTop - pane.offsetTop;
    if (top < pane.scrollTop || top > pane.scrollTop + pane.clientHeight - 20)
      pane.scrollTop = top - pane.clientHeight / 2;
  }
  function target(ev) {
    var e = ev.target.closest && ev.target.closest('[data-node]');
    return e ? [Number(e.dataset.fn), Number(e.dataset.node)] : null;
  }
  document.addEventListener('mouseover', function (ev) {
    var t = target(ev);
    if (t) select(t[0], t[1]);
  });
  document.addEventListener('mouseout', function (ev) {
    if (!target(ev)) return;
    if (pinned) select(pinned[0], pinned[1]); else select(null);
  });
  function pin(ev) {
    var t = target(ev);
    if (!t) return;
    pinned = t;
    select(t[0], t[1]);
  }
  document.addEventListener('click', pin);
  document.addEventListener('focusin', pin);
  function lines(cls) {
    return Array.prototype.map.call(document.querySelectorAll('#lowered .' + cls),
      function (e) { return Number(e.id.slice(1)); });
  }
  window.hoist = {
    data: data,
    select: function (fn, node) { pinned = [fn, node]; select(fn, node); },
    selection: function () {
      return {
        current: current,
        awaits: Array.prototype.map.call(document.querySelectorAll('.await.hl'),
          function (e) { return e.textContent; }),
        nodes: Array.prototype.map.call(document.querySelectorAll('.node.hl'),
          function (e) { return e.id; }),
        decl: lines('hl-decl'), resume: lines('hl-resume'), slots: lines('hl-slot'),
        text: function (ns) {
          return ns.map(function (n) {
            var e = document.getElementById('l' + n);
            return e.textContent.slice(e.firstChild.textContent.length);
          });
        }
      };
    }
  };
  show(null);
})();
)js";

std::string aboutState(const AsyncFnShape &S, const StateGraph &G, unsigned N) {
  if (N == G.unresumed())
    return "Created: the call stored the parameters and ran none of the body. "
           "The first poll() starts at the top.";
  if (N == G.returned())
    return "Completed: poll() returned ready; the body's locals and the "
           "parameters are destroyed. Polling again aborts.";
  if (N == G.poisoned())
    return "While poll() runs, and after an exception escaped it: polling "
           "aborts.";
  int K = G.suspendIndex(N);
  return "Suspended at the co_await on line " +
         std::to_string(S.States[K].Line) + ": its awaitee was pending. The "
         "next poll() jumps to " + S.States[K].ResumeLabel +
         " and polls the awaitee again.";
}

} // namespace

std::string renderHtml(const std::vector<const AsyncFnShape *> &Shapes,
                       SourceRewriter &Rewriter, const std::string &LoweredCpp,
                       llvm::StringRef FileName) {
  std::vector<std::string> Source = splitLines(Rewriter.rawText(0, ~0u));
  std::vector<std::string> Lowered = splitLines(LoweredCpp);
  LoweredIndex Index(Lowered);

  // Shapes in source order, so that the futures are found in order.
  std::vector<const AsyncFnShape *> Fns(Shapes);
  std::stable_sort(Fns.begin(), Fns.end(),
                   [](const AsyncFnShape *A, const AsyncFnShape *B) {
                     return A->Line < B->Line;
                   });

  llvm::json::Array Functions;
  std::string Graphs;
  unsigned From = 0;
  for (unsigned F = 0; F < Fns.size(); ++F) {
    const AsyncFnShape &S = *Fns[F];
    StateGraph G = computeStateGraph(S);
    auto Class = Index.findClass(S, From);
    if (Class.second > Class.first)
      From = Class.first + 1;
    llvm::json::Array States;
    for (unsigned N = 0; N < G.numNodes(); ++N) {
      StateLines L = Index.stateLines(S, G, N, Class);
      llvm::json::Array Holds;
      for (unsigned Id : slotsHeld(S, G, N)) {
        const Slot &Sl = S.slot(Id);
        Holds.push_back(llvm::json::Object{{"name", Sl.Name},
                                           {"kind", slotKindName(Sl.Kind)},
                                           {"type", Sl.Type},
                                           {"what", Sl.What}});
      }
      llvm::json::Array Drops;
      for (unsigned Id : slotsDropped(S, G, N))
        Drops.push_back(S.slot(Id).Name);
      int K = G.suspendIndex(N);
      llvm::json::Object St{{"name", G.nodeName(N)},
                            {"about", aboutState(S, G, N)},
                            {"holds", std::move(Holds)},
                            {"drops", std::move(Drops)},
                            {"decl", numbers(L.Decl)},
                            {"resume", numbers(L.Resume)},
                            {"after", numbers(L.After)},
                            {"slots", numbers(L.Slots)}};
      if (K >= 0) {
        St["line"] = int64_t(S.States[K].Line);
        St["await"] = S.States[K].AwaitText;
      } else if (N == G.unresumed()) {
        St["line"] = int64_t(S.Line);
      }
      States.push_back(std::move(St));
    }
    Functions.push_back(llvm::json::Object{{"name", S.DisplayName},
                                           {"future", S.FutureName},
                                           {"location", S.Location},
                                           {"exact", G.Exact},
                                           {"states", std::move(States)}});
    Graphs += "<div class=\"fn\" id=\"graph-" + std::to_string(F) + "\"><h3>" +
              escapeHtml(S.DisplayName) + " <small>(" + escapeHtml(S.Location) +
              ")</small></h3>\n" + renderSvg(S, G, F) + "</div>\n";
  }
  llvm::json::Object Data{
      {"file", llvm::sys::path::filename(FileName)},
      {"hint", "Point at a co_await in the source, or at a state in a graph, to "
               "see where the future stores what, and where poll() resumes. "
               "Click to keep the selection."},
      {"functions", std::move(Functions)}};
  std::string Json;
  llvm::raw_string_ostream OS(Json);
  OS << llvm::json::Value(std::move(Data));
  OS.flush();
  // Inside <script>, "</" could end the element.
  std::string SafeJson;
  for (size_t I = 0; I < Json.size(); ++I) {
    if (Json[I] == '<' && I + 1 < Json.size() && Json[I + 1] == '/')
      SafeJson += "<\\";
    else
      SafeJson += Json[I];
  }

  std::string Name = escapeHtml(llvm::sys::path::filename(FileName));
  std::string Out;
  Out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
         "<title>hoist: " + Name + "</title>\n<style>" + Style +
         "</style></head>\n<body>\n<header><h1>" + Name +
         ": async functions as state machines</h1><p class=\"legend\">"
         "<span class=\"await\">co_await</span>a suspend point "
         "<span style=\"background:#fff3c4\">state</span>"
         "<span style=\"background:#ffe28a\">resumes here</span>"
         "<span style=\"background:#fff8dc\">runs on</span>"
         "<span style=\"background:#d5f0d5\">stored values</span></p></header>\n"
         "<main>\n<section><h2>" + Name + "</h2><div class=\"scroll\"><pre id=\"source\">" +
         renderSource(Source, Fns) +
         "</pre></div></section>\n<section><h2>lowered C++17</h2><div "
         "class=\"scroll\"><pre id=\"lowered\">" + renderLowered(Lowered) +
         "</pre></div></section>\n<section><h2>state graphs</h2><div "
         "class=\"scroll\" id=\"graphs\">\n" + Graphs +
         "</div><div id=\"info\"></div></section>\n</main>\n"
         "<script type=\"application/json\" id=\"hoist-data\">" + SafeJson +
         "</script>\n<script>" + Script + "</script>\n</body></html>\n";
  return Out;
}

} // namespace hoist
