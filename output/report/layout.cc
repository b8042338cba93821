#include "output/report/parts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>
#include <thread>

#include "analysis/estimate.h"
#include "analysis/network.h"
#include "output/text_table.h"

namespace flowsim::models::report {
namespace {

// --- the pathway network ----------------------------------------------------------------------

// The network laid out in layers from left to right, as in a Sugiyama layout. A unit's layer is
// the longest chain of routes leading to it from an arrival stream (routes that close a loop, and
// overflows and step-downs, do not count); each arrival stream stands just before its unit and
// the exit after the last unit. Links that skip layers pass through invisible waypoints, which
// take part in ordering each layer to reduce crossings (barycentres); links back to an earlier
// layer run right to left. Labels are placed along their link where they overlap nothing else.
class NetworkDrawing {
 public:
  explicit NetworkDrawing(const Scenario& s) : s_(s), estimate_(estimate_network(s)) {
    build();
    assign_layers();
    add_waypoints();
    order_layers();
    place();
    spread_ports();
  }

  void draw(std::ostream& o) {
    double w = 0, h = 0;
    for (const auto& n : nodes_) w = std::max(w, n.x + n.w / 2), h = std::max(h, n.y + n.h / 2);
    w += kMargin;
    h += kMargin;
    // Never drawn larger than its natural size: a small network stays small.
    o << "<svg class=\"network\" viewBox=\"0 0 " << px(w) << ' ' << px(h)
      << "\" style=\"max-width:" << px(w) << "px\" role=\"img\" aria-label=\"pathway network\">";
    o << "<defs><marker id=\"flowsim-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
         "markerWidth=\"8\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" "
         "orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#6b7280\"/></marker></defs>";
    double max_flow = 0;
    for (const auto& l : links_) max_flow = std::max(max_flow, l.flow);
    for (const auto& l : links_) draw_link(o, l, max_flow);
    for (const auto& n : nodes_) draw_node(o, n);
    draw_labels(o);
    o << "</svg>\n";
  }

 private:
  static constexpr double kMargin = 12, kColumnGap = 84, kNodeGap = 18, kWaypointHeight = 14;
  static constexpr int kToExit = -1;  // a link's `to` until assign_layers places the exits

  enum class NodeKind { kArrival, kElectives, kUnit, kExit, kWaypoint };
  struct Node {
    NodeKind kind = NodeKind::kUnit;
    std::vector<std::string> lines;
    std::string cls, title;
    int layer = -1;
    double w = 0, h = 0, x = 0, y = 0;  // centre
    std::vector<int> prev, next;        // neighbours in the layers before and after
  };
  enum class LinkKind { kArrival, kRoute, kOverflow, kStepDown, kAssessment };
  struct Point {
    double x, y;
  };
  struct Link {
    int from = 0, to = 0;
    LinkKind kind = LinkKind::kRoute;
    double flow = 0;  // expected patients a day (an upper bound for overflows and step-downs)
    std::string label, title;
    std::vector<int> via;               // waypoints from `from` to `to`
    double from_port = 0, to_port = 0;  // offsets from the middle of the side it leaves, enters
  };

  static double text_width(const std::string& s, double per_char) {
    return double(display_width(s)) * per_char;
  }

  int add_node(NodeKind kind, std::vector<std::string> lines, std::string cls, std::string title) {
    Node n;
    n.kind = kind;
    n.lines = std::move(lines);
    n.cls = std::move(cls);
    n.title = std::move(title);
    if (kind == NodeKind::kWaypoint) {
      n.h = kWaypointHeight;
    } else {
      // A long detail ("acute, 961 places + 50 escalation") takes two lines.
      if (n.lines.size() == 2 && n.lines[1].size() > 24 &&
          n.lines[1].find(" + ") != std::string::npos) {
        const size_t plus = n.lines[1].find(" + ");
        n.lines.push_back(n.lines[1].substr(plus + 1));
        n.lines[1].resize(plus);
      }
      double w = text_width(n.lines[0], 7.2);
      for (size_t i = 1; i < n.lines.size(); ++i) w = std::max(w, text_width(n.lines[i], 6.0));
      n.w = std::max(24 + w, kind == NodeKind::kExit ? 56.0 : 84.0);
      n.h = 28 + 13 * double(n.lines.size() - 1);
    }
    nodes_.push_back(std::move(n));
    return int(nodes_.size() - 1);
  }

  // Patients a day arriving at unit u by cohort, from the traffic equations (0 when not finite).
  double cohort_rate(size_t u, size_t c) const {
    const auto& by = estimate_.units[u].arrivals_per_day_by_cohort;
    return c < by.size() && std::isfinite(by[c]) ? by[c] : 0.0;
  }

  // A share as a label: two decimals, or two significant digits below 0.1 ("0.73", "0.052").
  static std::string share_text(double p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, p >= 0.1 ? "%.2f" : "%.2g", p);
    return buf;
  }

  void add_link(Link l) {
    // Links of the same kind between the same two nodes are drawn as one (the overflows of several
    // virtual wards into one ward).
    for (auto& m : links_) {
      if (m.from == l.from && m.to == l.to && m.kind == l.kind && l.kind != LinkKind::kRoute) {
        m.flow += l.flow;
        m.title += "; " + l.title;
        return;
      }
    }
    links_.push_back(std::move(l));
  }

  void build() {
    const size_t units = s_.units.size();
    unit_node_.resize(units);
    for (size_t a = 0; a < s_.arrivals.size(); ++a) {
      const ArrivalStream& stream = s_.arrivals[a];
      const double rate = mean_rate_per_hour(s_, stream, s_.warmup, s_.horizon);
      std::vector<std::string> mix;
      for (size_t c = 0; c < s_.cohorts.size(); ++c)
        if (stream.cohort_share[c] > 0)
          mix.push_back(s_.cohorts[c].name + " " + percent(stream.cohort_share[c]));
      arrival_node_.push_back(add_node(NodeKind::kArrival, {stream.name, per_day(rate)}, "arrival",
                                       stream.name + ": " + format_fixed(rate * 24, 1) +
                                           " patients a day on average over the measured period" +
                                           (s_.cohorts.size() > 1 ? "; " + join(mix, ", ") : "")));
    }
    const Electives& e = s_.electives;
    int electives = -1;
    if (e.present && e.inpatient_to >= 0) {
      electives =
          add_node(NodeKind::kElectives,
                   {"elective list", grouped(double(e.backlog), 0) + " waiting"}, "arrival",
                   "the elective waiting list: " + grouped(double(e.backlog), 0) +
                       " waiting at the start, " + format_fixed(e.referral_rate_per_hour * 24, 1) +
                       " referrals a day; inpatient cases need a bed in " +
                       s_.units[size_t(e.inpatient_to)].name);
    }
    for (size_t u = 0; u < units; ++u) {
      const std::string label = unit_label(s_, u);
      const size_t nl = label.find('\n');
      unit_node_[u] = add_node(NodeKind::kUnit, {label.substr(0, nl), label.substr(nl + 1)},
                               std::string("unit ") + kind_name(s_.units[u].kind),
                               label.substr(0, nl) + " (" + label.substr(nl + 1) + ")");
    }

    for (size_t a = 0; a < s_.arrivals.size(); ++a) {
      Link l;
      l.from = arrival_node_[a];
      l.to = unit_node_[size_t(s_.arrivals[a].to)];
      l.kind = LinkKind::kArrival;
      l.flow = mean_rate_per_hour(s_, s_.arrivals[a], s_.warmup, s_.horizon) * 24;
      add_link(std::move(l));
    }
    if (electives >= 0) {
      double inpatient = 0;
      for (size_t c = 0; c < e.cohort_share.size(); ++c)
        inpatient += e.cohort_share[c] * (1 - (c < e.day_case.size() ? e.day_case[c] : 0.0));
      Link l;
      l.from = electives;
      l.to = unit_node_[size_t(e.inpatient_to)];
      l.kind = LinkKind::kArrival;
      l.flow = e.referral_rate_per_hour * 24 * inpatient;
      add_link(std::move(l));
    }
    for (const DrawnEdge& d : drawn_edges(s_)) {
      const size_t from = size_t(d.from);
      double in = 0, out = 0;
      for (size_t c = 0; c < d.p.size(); ++c) {
        in += cohort_rate(from, c);
        out += cohort_rate(from, c) * d.p[c];
      }
      Link l;
      l.from = unit_node_[from];
      l.to = d.to == kExit ? kToExit : unit_node_[size_t(d.to)];
      l.flow = out;
      const std::string where = s_.units[from].name + " \u2192 " +
                                (d.to == kExit ? std::string("exit") : s_.units[size_t(d.to)].name);
      std::string by_cohort = d.label;
      std::replace(by_cohort.begin(), by_cohort.end(), '\n', ';');
      if (d.kind == EdgeKind::kRoute) {
        // The share of the unit's patients who go this way, its cohorts weighted by their
        // expected arrivals; without expected arrivals, the drawing's own label.
        // A route no cohort arriving here takes is drawn faint and unlabelled.
        l.label = in > 0                                    ? (out > 0 ? share_text(out / in) : "")
                  : d.label.find('\n') == std::string::npos ? d.label
                                                            : "by cohort";
        l.title =
            where + ": " + (in > 0 ? format_fixed(out, 1) + " patients a day expected; " : "") +
            (d.label.find('\n') == std::string::npos ? "probability " : "by cohort: ") + by_cohort;
      } else {
        l.kind = d.kind == EdgeKind::kOverflow ? LinkKind::kOverflow : LinkKind::kStepDown;
        l.label = d.kind == EdgeKind::kOverflow ? "when full" : "step-down";
        l.title = where + ": " + by_cohort;
      }
      add_link(std::move(l));
    }
    // Assessments happen while the patient keeps their place: a link from each unit that asks.
    for (size_t u = 0; u < units; ++u) {
      std::vector<int> asked;
      for (const auto& routes : s_.units[u].routes)
        for (const Route& r : routes)
          if (r.assessment >= 0 && r.p > 0 &&
              std::find(asked.begin(), asked.end(), r.assessment) == asked.end())
            asked.push_back(r.assessment);
      for (int a : asked) {
        Link l;
        l.from = unit_node_[u];
        l.to = unit_node_[size_t(a)];
        l.kind = LinkKind::kAssessment;
        l.label = "assessed";
        l.title = s_.units[u].name + ": patients are assessed by " + s_.units[size_t(a)].name +
                  " in their place before they move on";
        add_link(std::move(l));
      }
    }
  }

  bool layering(const Link& l) const {
    return l.to != kToExit && (l.kind == LinkKind::kArrival || l.kind == LinkKind::kRoute ||
                               l.kind == LinkKind::kAssessment);
  }

  void assign_layers() {
    // Depth-first search from the arrival streams marks the links that close a loop; the rest
    // form an acyclic graph, whose reverse postorder is a topological order.
    const size_t n = nodes_.size();
    std::vector<std::vector<size_t>> out(n);
    for (size_t i = 0; i < links_.size(); ++i)
      if (layering(links_[i])) out[size_t(links_[i].from)].push_back(i);
    std::vector<int> state(n, 0);  // 0 unseen, 1 on the stack, 2 done
    std::vector<bool> loop(links_.size(), false);
    std::vector<int> postorder;
    auto visit = [&](int start) {
      if (state[size_t(start)] != 0) return;
      std::vector<std::pair<int, size_t>> stack = {{start, 0}};
      state[size_t(start)] = 1;
      while (!stack.empty()) {
        auto& [v, next] = stack.back();
        if (next < out[size_t(v)].size()) {
          const size_t li = out[size_t(v)][next++];
          const int w = links_[li].to;
          if (state[size_t(w)] == 1) loop[li] = true;
          if (state[size_t(w)] == 0) {
            state[size_t(w)] = 1;
            stack.push_back({w, 0});
          }
        } else {
          state[size_t(v)] = 2;
          postorder.push_back(v);
          stack.pop_back();
        }
      }
    };
    for (size_t i = 0; i < n; ++i)
      if (nodes_[i].kind == NodeKind::kArrival || nodes_[i].kind == NodeKind::kElectives)
        visit(int(i));
    for (size_t i = 0; i < n; ++i)
      if (nodes_[i].kind == NodeKind::kUnit) visit(int(i));
    for (auto& node : nodes_) node.layer = 0;
    for (auto it = postorder.rbegin(); it != postorder.rend(); ++it)
      for (size_t li : out[size_t(*it)])
        if (!loop[li])
          nodes_[size_t(links_[li].to)].layer =
              std::max(nodes_[size_t(links_[li].to)].layer, nodes_[size_t(*it)].layer + 1);
    // Arrival streams stand just before their unit; units start in layer 1.
    for (auto& node : nodes_)
      if (node.kind == NodeKind::kUnit) node.layer = std::max(node.layer, 1);
    for (const auto& l : links_)
      if (l.kind == LinkKind::kArrival)
        nodes_[size_t(l.from)].layer = nodes_[size_t(l.to)].layer - 1;
    // Each layer's patients leave by an exit of their own just after it: a single exit would
    // draw a long link from every unit.
    std::map<int, int> exits;
    for (auto& l : links_) {
      if (l.to != kToExit) continue;
      const int layer = nodes_[size_t(l.from)].layer + 1;
      if (exits.count(layer) == 0) {
        exits[layer] = add_node(NodeKind::kExit, {"exit"}, "exit", "patients leave the system");
        nodes_[size_t(exits[layer])].layer = layer;
      }
      l.to = exits[layer];
    }
  }

  // Waypoints for links that span layers; every link then moves one layer at a time (or stays
  // within one, drawn as an arc).
  void add_waypoints() {
    for (auto& link : links_) {
      const int a = nodes_[size_t(link.from)].layer;
      const int b = nodes_[size_t(link.to)].layer;
      const int step = b > a ? 1 : -1;
      for (int layer = a + step; a != b && layer != b; layer += step) {
        const int w = add_node(NodeKind::kWaypoint, {}, "", "");
        nodes_[size_t(w)].layer = layer;
        link.via.push_back(w);
      }
      std::vector<int> chain = {link.from};
      chain.insert(chain.end(), link.via.begin(), link.via.end());
      chain.push_back(link.to);
      for (size_t k = 0; k + 1 < chain.size(); ++k) {
        int p = chain[k], q = chain[k + 1];
        if (nodes_[size_t(p)].layer > nodes_[size_t(q)].layer) std::swap(p, q);
        if (nodes_[size_t(p)].layer + 1 != nodes_[size_t(q)].layer) continue;
        nodes_[size_t(p)].next.push_back(q);
        nodes_[size_t(q)].prev.push_back(p);
      }
    }
    int layers = 0;
    for (const auto& node : nodes_) layers = std::max(layers, node.layer + 1);
    layers_.assign(size_t(layers), {});
    for (size_t i = 0; i < nodes_.size(); ++i) layers_[size_t(nodes_[i].layer)].push_back(int(i));
  }

  void order_layers() {
    std::vector<double> position(nodes_.size());
    for (const auto& layer : layers_)
      for (size_t i = 0; i < layer.size(); ++i) position[size_t(layer[i])] = double(i);
    auto sweep = [&](size_t layer, bool down) {
      std::vector<std::pair<double, int>> keyed;
      for (int i : layers_[layer]) {
        const auto& nb = down ? nodes_[size_t(i)].prev : nodes_[size_t(i)].next;
        double key = position[size_t(i)];
        if (!nb.empty()) {
          key = 0;
          for (int m : nb) key += position[size_t(m)];
          key /= double(nb.size());
        }
        keyed.push_back({key, i});
      }
      std::stable_sort(keyed.begin(), keyed.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      for (size_t i = 0; i < keyed.size(); ++i) {
        layers_[layer][i] = keyed[i].second;
        position[size_t(keyed[i].second)] = double(i);
      }
    };
    for (int round = 0; round < 8; ++round) {
      for (size_t l = 1; l < layers_.size(); ++l) sweep(l, true);
      for (size_t l = layers_.size() - 1; l-- > 0;) sweep(l, false);
    }
  }

  void place() {
    // An exit is as tall as the links arriving at it need.
    for (const auto& l : links_)
      if (nodes_[size_t(l.to)].kind == NodeKind::kExit) nodes_[size_t(l.to)].h += 7;
    for (auto& node : nodes_)
      if (node.kind == NodeKind::kExit) node.h = std::max(28.0, node.h - 28);
    // Columns, each as wide as its widest node.
    double x = kMargin;
    for (const auto& layer : layers_) {
      double w = 0;
      for (int i : layer) w = std::max(w, nodes_[size_t(i)].w);
      for (int i : layer) nodes_[size_t(i)].x = x + w / 2;
      x += w + kColumnGap;
    }
    // Rows: stacked, then drawn towards their neighbours' mean height while keeping order and
    // spacing: the mean of the highest and the lowest placement that does so.
    auto gap = [&](int a, int b) {
      return (nodes_[size_t(a)].h + nodes_[size_t(b)].h) / 2 + kNodeGap;
    };
    double tallest = 0;
    for (const auto& layer : layers_) {
      double h = 0;
      for (int i : layer) h += nodes_[size_t(i)].h + kNodeGap;
      tallest = std::max(tallest, h);
    }
    for (const auto& layer : layers_) {
      double h = 0;
      for (int i : layer) h += nodes_[size_t(i)].h + kNodeGap;
      double y = (tallest - h) / 2;
      for (int i : layer) {
        nodes_[size_t(i)].y = y + nodes_[size_t(i)].h / 2;
        y += nodes_[size_t(i)].h + kNodeGap;
      }
    }
    for (int round = 0; round < 16; ++round) {
      const bool down = round % 2 == 0;
      for (size_t k = 0; k < layers_.size(); ++k) {
        const auto& layer = layers_[down ? k : layers_.size() - 1 - k];
        if (layer.empty()) continue;
        std::vector<double> want;
        for (int i : layer) {
          const Node& node = nodes_[size_t(i)];
          double sum = 0;
          size_t m = 0;
          for (int nb : node.prev) sum += nodes_[size_t(nb)].y, ++m;
          for (int nb : node.next) sum += nodes_[size_t(nb)].y, ++m;
          want.push_back(m ? sum / double(m) : node.y);
        }
        std::vector<double> high = want, low = want;
        for (size_t i = 1; i < layer.size(); ++i)
          high[i] = std::max(high[i], high[i - 1] + gap(layer[i - 1], layer[i]));
        for (size_t i = layer.size() - 1; i-- > 0;)
          low[i] = std::min(low[i], low[i + 1] - gap(layer[i], layer[i + 1]));
        for (size_t i = 0; i < layer.size(); ++i)
          nodes_[size_t(layer[i])].y = (high[i] + low[i]) / 2;
      }
    }
    double top = INFINITY;
    for (const auto& node : nodes_) top = std::min(top, node.y - node.h / 2);
    for (auto& node : nodes_) node.y += kMargin - top;
  }

  // Which side of `node` a link's end uses: +1 the right, -1 the left.
  int side(const Link& l, bool at_from) const {
    const Node& a = nodes_[size_t(l.from)];
    const Node& b = nodes_[size_t(l.to)];
    if (a.layer == b.layer) return 1;
    const int dir = b.layer > a.layer ? 1 : -1;
    return at_from ? dir : -dir;
  }

  // The ends of the links on each side of a node are spread along it, in the order of where
  // they come from or go to, so that they do not cross at the box.
  void spread_ports() {
    struct End {
      size_t link;
      bool at_from;
      double toward;  // the height of the link's neighbouring point
    };
    std::map<std::pair<int, int>, std::vector<End>> sides;
    for (size_t i = 0; i < links_.size(); ++i) {
      const Link& l = links_[i];
      const int first = l.via.empty() ? l.to : l.via.front();
      const int last = l.via.empty() ? l.from : l.via.back();
      sides[{l.from, side(l, true)}].push_back({i, true, nodes_[size_t(first)].y});
      sides[{l.to, side(l, false)}].push_back({i, false, nodes_[size_t(last)].y});
    }
    for (auto& [key, ends] : sides) {
      const Node& node = nodes_[size_t(key.first)];
      if (node.kind == NodeKind::kWaypoint || ends.size() < 2) continue;
      std::stable_sort(ends.begin(), ends.end(),
                       [](const End& a, const End& b) { return a.toward < b.toward; });
      const double span = std::min(node.h - 10, 6.0 * double(ends.size() - 1));
      for (size_t k = 0; k < ends.size(); ++k) {
        const double offset = -span / 2 + span * double(k) / double(ends.size() - 1);
        (ends[k].at_from ? links_[ends[k].link].from_port : links_[ends[k].link].to_port) = offset;
      }
    }
  }

  // The points a link passes: out of the side of its source facing its target, through its
  // waypoints, into the facing side of its target.
  std::vector<Point> route(const Link& l) const {
    const Node& a = nodes_[size_t(l.from)];
    const Node& b = nodes_[size_t(l.to)];
    std::vector<Point> pts;
    pts.push_back({a.x + side(l, true) * a.w / 2, a.y + l.from_port});
    for (int w : l.via) pts.push_back({nodes_[size_t(w)].x, nodes_[size_t(w)].y});
    pts.push_back({b.x + side(l, false) * b.w / 2, b.y + l.to_port});
    return pts;
  }

  // The control points of each cubic piece of a link: horizontal where it leaves and arrives.
  struct Piece {
    Point p0, c1, c2, p1;
    Point at(double t) const {
      const double u = 1 - t;
      const double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
      return {a * p0.x + b * c1.x + c * c2.x + d * p1.x, a * p0.y + b * c1.y + c * c2.y + d * p1.y};
    }
  };
  std::vector<Piece> pieces(const Link& l) const {
    const std::vector<Point> pts = route(l);
    std::vector<Piece> out;
    if (nodes_[size_t(l.from)].layer == nodes_[size_t(l.to)].layer) {
      // Within a layer: an arc out to the right and back.
      const double bulge = 30 + std::abs(pts[1].y - pts[0].y) / 4;
      out.push_back({pts[0], {pts[0].x + bulge, pts[0].y}, {pts[1].x + bulge, pts[1].y}, pts[1]});
      return out;
    }
    for (size_t i = 1; i < pts.size(); ++i) {
      const double half = (pts[i].x - pts[i - 1].x) / 2;
      out.push_back(
          {pts[i - 1], {pts[i - 1].x + half, pts[i - 1].y}, {pts[i].x - half, pts[i].y}, pts[i]});
    }
    return out;
  }

  void draw_link(std::ostream& o, const Link& l, double max_flow) const {
    const std::vector<Piece> ps = pieces(l);
    std::string d = "M" + px(ps[0].p0.x) + ',' + px(ps[0].p0.y);
    for (const auto& p : ps)
      d += "C" + px(p.c1.x) + ',' + px(p.c1.y) + ' ' + px(p.c2.x) + ',' + px(p.c2.y) + ' ' +
           px(p.p1.x) + ',' + px(p.p1.y);
    std::string cls = l.kind == LinkKind::kOverflow     ? "link overflow"
                      : l.kind == LinkKind::kStepDown   ? "link step-down"
                      : l.kind == LinkKind::kAssessment ? "link assessment"
                      : l.kind == LinkKind::kArrival    ? "link arrival"
                                                        : "link";
    if (l.kind == LinkKind::kRoute && l.flow == 0 && l.label.empty()) cls += " unused";
    const double width = max_flow > 0 && l.flow > 0 && l.kind != LinkKind::kAssessment
                             ? 1.2 + 5.0 * std::sqrt(l.flow / max_flow)
                             : 1.2;
    o << "<path class=\"" << cls << "\" d=\"" << d << "\" stroke-width=\"" << px(width)
      << "\" marker-end=\"url(#flowsim-arrow)\">";
    if (!l.title.empty()) o << "<title>" << esc(l.title) << "</title>";
    o << "</path>";
  }

  struct Box {
    double x0, y0, x1, y1;
    bool overlaps(const Box& b) const { return x0 < b.x1 && b.x0 < x1 && y0 < b.y1 && b.y0 < y1; }
  };

  // Each label goes at the first of a few places along its link (the middle of its first piece,
  // then nearer either end, then later pieces) where it overlaps no box and no label already
  // placed; the busiest links choose first.
  void draw_labels(std::ostream& o) const {
    std::vector<Box> taken;
    for (const auto& n : nodes_)
      if (n.kind != NodeKind::kWaypoint)
        taken.push_back({n.x - n.w / 2, n.y - n.h / 2, n.x + n.w / 2, n.y + n.h / 2});
    std::vector<size_t> order;
    for (size_t i = 0; i < links_.size(); ++i)
      if (!links_[i].label.empty()) order.push_back(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return links_[a].flow > links_[b].flow; });
    for (size_t i : order) {
      const Link& l = links_[i];
      const double w = text_width(l.label, 5.9) + 4, h = 12;
      std::vector<Point> candidates;
      for (const auto& p : pieces(l))
        for (double t : {0.5, 0.35, 0.65, 0.2, 0.8}) candidates.push_back(p.at(t));
      Point chosen = candidates.front();
      for (const auto& c : candidates) {
        const Box b{c.x - w / 2, c.y - h / 2, c.x + w / 2, c.y + h / 2};
        if (std::none_of(taken.begin(), taken.end(), [&](const Box& t) { return t.overlaps(b); })) {
          chosen = c;
          break;
        }
      }
      taken.push_back({chosen.x - w / 2, chosen.y - h / 2, chosen.x + w / 2, chosen.y + h / 2});
      o << "<text class=\"link-label\" x=\"" << px(chosen.x) << "\" y=\"" << px(chosen.y + 3.5)
        << "\" text-anchor=\"middle\">" << esc(l.label);
      if (!l.title.empty()) o << "<title>" << esc(l.title) << "</title>";
      o << "</text>";
    }
  }

  void draw_node(std::ostream& o, const Node& n) const {
    if (n.kind == NodeKind::kWaypoint) return;
    o << "<g class=\"node " << esc(n.cls) << "\"><title>" << esc(n.title) << "</title>";
    const double rx = n.kind == NodeKind::kUnit ? 4 : std::min(n.h, n.w) / 2;
    o << "<rect x=\"" << px(n.x - n.w / 2) << "\" y=\"" << px(n.y - n.h / 2) << "\" width=\""
      << px(n.w) << "\" height=\"" << px(n.h) << "\" rx=\"" << px(rx) << "\"/>";
    // The name, then its details a line each, centred on the box.
    double y = n.y + 4 - 6.5 * double(n.lines.size() - 1);
    for (size_t i = 0; i < n.lines.size(); ++i) {
      o << "<text class=\"" << (i == 0 ? "name" : "detail") << "\" x=\"" << px(n.x) << "\" y=\""
        << px(y) << "\" text-anchor=\"middle\">" << esc(n.lines[i]) << "</text>";
      y += i == 0 ? 14 : 12;
    }
    o << "</g>";
  }

  const Scenario& s_;
  NetworkEstimate estimate_;
  std::vector<Node> nodes_;
  std::vector<Link> links_;
  std::vector<int> arrival_node_, unit_node_;
  std::vector<std::vector<int>> layers_;
};

}  // namespace

void draw_network(std::ostream& o, const Scenario& s) {
  NetworkDrawing(s).draw(o);
}

}  // namespace flowsim::models::report
