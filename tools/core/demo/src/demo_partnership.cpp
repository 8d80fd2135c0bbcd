#include "audit/demo/demo_partnership.h"

#include <algorithm>
#include <cmath>

#include "audit/base/error.h"
#include "audit/base/period.h"
#include "audit/base/random.h"

namespace audit {

const std::vector<DemoKpiSpec>& demoKpiCatalogue() {
    // Targets and typical values of a council that "requires improvement": timely on paper in places, weak on
    // supervision, return home interviews and care leavers' education, employment and training.
    static const std::vector<DemoKpiSpec> specs = {
        {"referral_decisions_within_1_working_day", "front_door", Polarity::Higher, 95, 93.0, 0.2, 2.0, true},
        {"assessments_within_45_days", "assessment", Polarity::Higher, 85, 81.5, 0.6, 2.5, true},
        {"re_referrals_within_12_months", "assessment", Polarity::Lower, 20, 23.0, -0.2, 1.5, true},
        {"cp_plans_second_or_subsequent", "planning", Polarity::Lower, 18, 21.0, 0.0, 2.0, true},
        {"cin_plans_reviewed_on_time", "planning", Polarity::Higher, 90, 86.0, 0.3, 2.0, true},
        {"cp_visits_within_timescale", "risk", Polarity::Higher, 90, 88.0, 0.4, 2.0, true},
        {"strategy_discussions_within_1_day", "risk", Polarity::Higher, 95, 91.0, 0.3, 1.5, true},
        {"supervision_within_timescale", "supervision", Polarity::Higher, 90, 71.0, 1.0, 3.0, true},
        {"children_seen_alone_at_visits", "voice", Polarity::Higher, 80, 83.0, 0.0, 2.0, true},
        {"rhi_offered_within_72h", "missing_exploitation", Polarity::Higher, 90, 66.0, 1.5, 4.0, true},
        {"cla_reviews_on_time", "permanence", Polarity::Higher, 95, 96.0, 0.0, 1.0, true},
        {"cla_three_or_more_placements", "permanence", Polarity::Lower, 10, 11.0, -0.1, 0.8, true},
        {"care_leavers_in_touch", "care_leavers", Polarity::Higher, 95, 93.0, 0.2, 1.2, true},
        {"care_leavers_suitable_accommodation", "care_leavers", Polarity::Higher, 90, 88.0, 0.2, 1.5, true},
        {"care_leavers_in_eet", "care_leavers", Polarity::Higher, 60, 49.0, 0.3, 2.5, true},
        {"icpc_within_15_working_days", "multi_agency", Polarity::Higher, 85, 79.0, 0.5, 3.0, true},
    };
    return specs;
}

std::vector<Kpi> demoKpis(std::uint64_t seed, const std::string& firstMonth, int months) {
    auto start = parsePeriod(firstMonth);
    if (!start || start->firstMonth != start->lastMonth)
        throw Error(ErrorKind::Usage, "'" + firstMonth + "' is not a month (expected YYYY-MM)");
    if (months < 1 || months > 600) throw Error(ErrorKind::Usage, "months must be 1 to 600");
    Random rng(seed);
    std::vector<Kpi> out;
    for (const auto& s : demoKpiCatalogue()) {
        // Each council starts a little differently: a seeded offset per indicator.
        const double offset = rng.normal(0.0, s.noise);
        for (int m = 0; m < months; ++m) {
            double v = s.baseline + offset + s.trend * m + rng.normal(0.0, s.noise);
            if (s.percentage) v = std::clamp(v, 0.0, 100.0);
            v = std::round(v * 10.0) / 10.0;
            out.push_back(Kpi{s.indicator, monthLabel(start->firstMonth + m), v, s.target, s.polarity, s.theme, 0});
        }
    }
    return out;
}

namespace {

struct Standard {
    const char* ref;
    const char* theme;
    double quality;  // how well partners really do on it: 0 red .. 2 green
    const char* good;
    const char* weak;
};

const Standard kStandards[] = {
    {"S1", "front_door", 1.3, "Referrals made on the partnership's form with consent recorded in 95% of a dip sample",
     "Referrals often lack the reason for concern; consent not recorded"},
    {"S2", "risk", 1.3, "Named safeguarding leads at every level; escalation policy used 14 times this year",
     "Safeguarding lead post vacant for five months; escalation policy not yet refreshed"},
    {"S4", "supervision", 0.9, "Safeguarding supervision for all frontline staff, recorded and audited quarterly",
     "Supervision policy in place; compliance not measured"},
    {"S5", "multi_agency", 1.1, "Attendance at 92% of strategy discussions and core groups",
     "Attendance at core groups not recorded; reliance on the MASH for information"},
    {"S6", "multi_agency", 1.2, "Information-sharing agreement signed; MASH research returned within 24 hours",
     "Delays in sharing information at weekends reported by the MASH"},
    {"S7", "voice", 0.8, "Voice of the child training for all staff; children's views recorded in 90% of records",
     "Children's views recorded inconsistently; no audit of records this year"},
    {"S8", "missing_exploitation", 0.8, "Missing protocol followed; exploitation screening in every missing episode",
     "Return home interview findings not routinely shared with the agency"},
    {"S9", "assessment", 1.2, "Contributions to assessments within five working days in a dip sample of 30",
     "Contributions to assessments not tracked"},
    {"S10", "planning", 1.0, "Staff attend CP and CIN reviews; actions tracked on the agency's own system",
     "Actions from plans not tracked by the agency"},
    {"S11", "permanence", 1.4, "Initial health assessments within 20 working days for 88% of children in care",
     "Initial health assessments delayed by capacity in the looked-after children's health team"},
    {"S12", "care_leavers", 1.0, "Care leavers' offer published; named contact for care leavers in every service",
     "Care leavers' offer not yet agreed with the agency"},
};

struct Agency {
    const char* name;
    double optimism;    // added to the truth when the agency rates itself
    bool grades;        // rates with Ofsted-style grades rather than RAG
    double coverage;    // share of standards it rates
};

const Agency kAgencies[] = {
    {"Police", 0.9, false, 0.9},
    {"Health (ICB)", 0.7, false, 1.0},
    {"Education", 0.2, true, 0.9},
    {"Probation", 0.0, false, 0.7},
    {"Youth justice service", -0.1, false, 0.8},
    {"Housing", 0.5, false, 0.6},
};

}  // namespace

std::vector<SelfAssessment> demoSelfAssessments(std::uint64_t seed, const std::string& period) {
    if (!parsePeriod(period))
        throw Error(ErrorKind::Usage, "'" + period + "' is not a period (expected " + kPeriodForms + ")");
    Random rng(seed);
    std::vector<SelfAssessment> out;
    for (const auto& a : kAgencies) {
        for (const auto& s : kStandards) {
            if (!rng.chance(a.coverage)) continue;
            const double latent = s.quality + a.optimism + rng.normal(0.0, 0.45);
            const int level = latent >= 1.5 ? 2 : latent >= 0.6 ? 1 : 0;
            std::string rating;
            if (a.grades) {
                static const char* grades[] = {"Inadequate", "Requires improvement", "Good"};
                rating = (level == 2 && latent >= 2.3) ? "Outstanding" : grades[level];
            } else {
                static const char* rags[] = {"red", "amber", "green"};
                rating = rags[level];
            }
            std::string evidence = level == 2 ? s.good : s.weak;
            if (level == 1) evidence = std::string(s.good) + "; partly: " + s.weak;
            out.push_back(SelfAssessment{a.name, period, s.theme, s.ref, rating, evidence, 0});
        }
    }
    return out;
}

}  // namespace audit
