// The elective waiting list: clinical priorities, referrals, today's backlog, theatre sessions
// and their cancellations, day cases and mutual aid; and the bank holidays the calendar keeps.
#include <algorithm>
#include <cmath>

#include "scenario/builder.h"

namespace flowsim::models::loading {

void Builder::read_bank_holidays(const json& j) {
  if (!j.is_array()) {
    check_.error("/bank_holidays", "is a list of dates, e.g. [\"2026-12-25\", \"2026-12-28\"]");
    return;
  }
  for (size_t i = 0; i < j.size(); ++i) {
    sim::CivilDate d;
    if (check_.date(j[i], "/bank_holidays/" + std::to_string(i), d)) s_.bank_holidays.push_back(d);
  }
  std::sort(s_.bank_holidays.begin(), s_.bank_holidays.end());
}

void Builder::read_electives(const json& j, const std::string& p) {
  Electives& e = s_.electives;
  if (!check_.object(j, p,
                     {"description", "priorities", "referrals", "backlog", "removal", "sessions",
                      "cancelled", "day_case", "inpatient_ward", "mutual_aid"},
                     {"priorities", "referrals", "sessions"}, "the elective waiting list"))
    return;
  e.present = true;
  if (j.contains("priorities") && check_.map(j["priorities"], p + "/priorities", "priorities")) {
    const std::string pp = p + "/priorities";
    const size_t before = check_.problem_count();
    double total = 0;
    for (const auto& name : check_.keys_in_order(j["priorities"], pp)) {
      const json& body = j["priorities"][name];
      const std::string bp = pp + "/" + pointer_token(name);
      ElectivePriority priority{name, {}};
      double share = 0;
      if (check_.object(body, bp, {"target", "share"}, {"target", "share"},
                        "a clinical priority, e.g. {\"target\": \"4w\", \"share\": 0.1}")) {
        if (body.contains("target"))
          check_.duration(body["target"], bp + "/target", priority.target);
        if (body.contains("share") &&
            check_.number(body["share"], bp + "/share", share, 0, 1, "a share"))
          total += share;
      }
      e.priorities.push_back(priority);
      e.priority_share.push_back(share);
    }
    if (e.priorities.empty())
      check_.error(pp,
                   "name at least one priority, e.g. {\"P2\": {\"target\": \"4w\", "
                   "\"share\": 1}}");
    else if (check_.problem_count() == before && std::abs(total - 1.0) > 1e-6)
      check_.error(pp, "priority shares must add up to 1 (they add up to " + num(total) + ")");
  }
  if (j.contains("referrals")) {
    const json& r = j["referrals"];
    const std::string rp = p + "/referrals";
    if (check_.object(r, rp, {"rate", "cohorts", "profile"}, {"rate"}, "elective referrals")) {
      if (r.contains("rate")) check_.rate(r["rate"], rp + "/rate", e.referral_rate_per_hour);
      e.cohort_share = read_cohort_shares(r, rp, "elective referrals need");
      if (r.contains("profile")) read_profile(r["profile"], rp + "/profile", e.profile);
    }
  }
  if (e.cohort_share.empty())
    e.cohort_share.assign(s_.cohorts.size(), 1.0 / double(s_.cohorts.size()));
  if (j.contains("backlog")) {
    const json& b = j["backlog"];
    const std::string bp = p + "/backlog";
    if (check_.object(b, bp, {"patients", "waited"}, {"patients", "waited"},
                      "today's waiting list, e.g. {\"patients\": 9000, \"waited\": "
                      "{\"exponential\": {\"mean\": \"20w\"}}}")) {
      if (b.contains("patients"))
        check_.whole(b["patients"], bp + "/patients", e.backlog, 0, 10000000, "patients");
      if (b.contains("waited")) read_distribution(b["waited"], bp + "/waited", e.backlog_waited);
    }
  }
  if (j.contains("removal"))
    e.has_removal = read_distribution(j["removal"], p + "/removal", e.removal);
  if (j.contains("sessions")) read_sessions(j["sessions"], p + "/sessions");
  if (j.contains("cancelled")) {
    const json& c = j["cancelled"];
    const std::string cp = p + "/cancelled";
    if (!c.is_array()) {
      check_.error(cp, "is a list of {\"from\": date, \"to\": date} with no theatre sessions");
    } else {
      for (size_t i = 0; i < c.size(); ++i) {
        const std::string ip = cp + "/" + std::to_string(i);
        DateRange range;
        if (!check_.object(c[i], ip, {"from", "to", "why"}, {"from", "to"}, "a date range"))
          continue;
        if (c[i].contains("from") && c[i].contains("to") &&
            (check_.date(c[i]["from"], ip + "/from", range.from) &
             check_.date(c[i]["to"], ip + "/to", range.to)) &&
            range.to < range.from) {
          check_.error(ip + "/to", "the dates end before they begin");
        }
        e.sessions_cancelled.push_back(range);
      }
    }
  }
  e.day_case.assign(s_.cohorts.size(), 0.0);
  const size_t before_day_case = check_.problem_count();
  if (j.contains("day_case")) {
    e.day_case = by_cohort<double>(
        j["day_case"], p + "/day_case", [this](const json& v, const std::string& vp, double& out) {
          return check_.number(v, vp, out, 0, 1, "the share treated as day cases");
        });
  }
  bool any_inpatient = false;
  for (size_t c = 0; c < e.day_case.size(); ++c)
    any_inpatient |= e.day_case[c] < 1.0 && e.cohort_share[c] > 0;
  if (j.contains("inpatient_ward")) {
    std::string ward;
    if (check_.string(j["inpatient_ward"], p + "/inpatient_ward", ward) &&
        destination(ward, p + "/inpatient_ward", e.inpatient_to, false) && e.inpatient_to < 0) {
      check_.error(p + "/inpatient_ward", "inpatient cases need a ward, not \"exit\"");
    }
  } else if (any_inpatient && check_.problem_count() == before_day_case) {
    // (A day_case that could not be read says nothing of inpatients: one problem, one message.)
    check_.error(p,
                 "inpatient cases need \"inpatient_ward\": the unit whose bed they take "
                 "(or make every case a day case with \"day_case\": 1)");
  }
  if (j.contains("mutual_aid")) {
    const json& m = j["mutual_aid"];
    const std::string mp = p + "/mutual_aid";
    if (check_.object(m, mp, {"per_week", "after"}, {"per_week", "after"},
                      "mutual aid, e.g. {\"per_week\": 10, \"after\": \"52w\"}")) {
      if (m.contains("per_week"))
        check_.whole(m["per_week"], mp + "/per_week", e.mutual_aid_per_week, 0, 1000000,
                     "patients a week");
      if (m.contains("after")) check_.duration(m["after"], mp + "/after", e.mutual_aid_after);
    }
  }
}

void Builder::read_sessions(const json& j, const std::string& p) {
  if (!j.is_array() || j.empty()) {
    check_.error(p,
                 "is a list of theatre sessions, e.g. [{\"days\": \"weekdays\", \"at\": "
                 "\"08:30\", \"cases\": 12}]");
    return;
  }
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string sp = p + "/" + std::to_string(i);
    TheatreSession session;
    if (!check_.object(j[i], sp, {"days", "at", "cases"}, {"at", "cases"}, "a theatre session"))
      continue;
    if (j[i].contains("days")) read_days(j[i]["days"], sp + "/days", session.weekdays);
    if (j[i].contains("at") &&
        check_.string_as(j[i]["at"], sp + "/at", sim::parse_time_of_day, session.minute) &&
        session.minute >= 1440) {
      check_.error(sp + "/at",
                   "a session starts within its day, from \"00:00\" to \"23:59\" (got "
                   "\"24:00\", the end of the day)");
    }
    if (j[i].contains("cases"))
      check_.whole(j[i]["cases"], sp + "/cases", session.cases, 1, 100000,
                   "cases (operations across the day's theatres)");
    s_.electives.sessions.push_back(session);
  }
}

}  // namespace flowsim::models::loading
