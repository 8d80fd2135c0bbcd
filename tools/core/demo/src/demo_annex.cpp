#include "audit/demo/demo_annex.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "audit/base/error.h"
#include "audit/base/random.h"
#include "audit/base/working_days.h"
#include "audit/demo/demo_cases.h"
#include "audit/io/xlsx_writer.h"

namespace audit {

namespace {

// A cell of a list row: text, a date (days since 1970) or a whole number; Blank for none. Error writes an error
// cell (a formula whose value is the error, as Excel keeps it).
struct Cell {
    enum Kind { Blank, Text, Day, Number, Error } kind = Blank;
    std::string text;
    std::int32_t days = 0;
    double number = 0;
};
Cell text(std::string s) { return {Cell::Text, std::move(s)}; }
Cell day(std::int32_t d) { return {Cell::Day, {}, d}; }
Cell num(double v) { return {Cell::Number, {}, 0, v}; }
Cell none() { return {}; }

struct List {
    int number;
    const char* title;
    std::vector<std::string> header;
};

const std::vector<std::string> kPerson = {"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"};
std::vector<std::string> with(std::vector<std::string> more) {
    std::vector<std::string> h = kPerson;
    h.insert(h.end(), more.begin(), more.end());
    return h;
}

const std::vector<List>& lists() {
    static const std::vector<List> l = {
        {1, "Contacts", with({"Date of Contact", "Contact Source"})},
        {2, "Early Help", with({"Assessment Start Date", "Assessment Completion Date", "Organisation Completing Assessment"})},
        {3, "Referrals", with({"Date of Referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months",
                               "Allocated Team", "Allocated Worker"})},
        {4, "Assessments", with({"Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation",
                                 "Allocated Team", "Allocated Worker"})},
        {5, "Section 47 Enquiries and Initial Child Protection Conferences",
         with({"Strategy Discussion Initiating Section 47 Enquiry Start Date", "Was an ICPC Held?", "Date of ICPC",
               "Allocated Team", "Allocated Worker"})},
        {6, "Children in Need", with({"Disability", "CIN Start Date", "Primary Need Code", "Case Status", "CIN Closure Date",
                                      "Reason for Closure", "Date Child Was Last Seen", "Allocated Team", "Allocated Worker"})},
        {7, "Child Protection", with({"Child Protection Plan Start Date", "Initial Category of Abuse", "Latest Category of Abuse",
                                      "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
                                      "Date of Latest Review Conference", "Child Protection Plan End Date",
                                      "Number of Previous Child Protection Plans", "Allocated Team", "Allocated Worker"})},
        {8, "Children in Care",
         with({"Unaccompanied Asylum Seeking Child (UASC)", "Date Started to be Looked After", "Child\u2019s Category of Need",
               "Child\u2019s Legal Status", "Date of Latest Statutory Review", "Date of the Last Statutory Visit",
               "Was the Child Seen Alone?", "Date of Last Health Assessment", "Date of Last Dental Check",
               "Number of Placements in the Last 12 Months",
               "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement in the last 12 months",
               "Date Ceased to be Looked After", "Allocated Team", "Allocated Worker"})},
        {9, "Care Leavers", with({"Eligibility Category", "In Touch", "Activity", "Accommodation", "Accommodation Suitability",
                                  "UASC", "Allocated Team", "Allocated Worker", "Allocated Personal Advisor"})},
        {10, "Adoption", with({"Date Entered Care", "Date of Decision that Child Should be Placed for Adoption",
                               "Date of Placement Order", "Date of Matching", "Date Placed for Adoption"})},
        {11, "Adopters", {"Adopter ID", "Date of Initial Enquiry", "Date Stage 1 Started", "Date Stage 2 Started",
                          "Date of Approval"}},
    };
    return l;
}

const char* const kEthnicity[] = {"WBRI", "WBRI", "WBRI", "WBRI", "WIRI", "WOTH", "MWBC", "MWBA", "AIND", "APKN",
                                  "BAFR", "BCRB", "CHNE", "OOTH"};
const char* const kNeed[] = {"N1", "N1", "N1", "N2", "N3", "N4", "N4", "N5", "N6", "N7", "N8", "N9"};
const char* const kAbuse[] = {"a) Neglect", "a) Neglect", "b) Physical abuse", "c) Emotional abuse", "d) Sexual abuse",
                              "e) Multiple"};
const char* const kLegal[] = {"C2 Full care order", "C2 Full care order", "C1 Interim care order",
                              "V2 Single period of accommodation under section 20", "E1 Placement order granted",
                              "J2 Remanded to local authority accommodation", "L1 Under police protection"};
const char* const kSource[] = {"a) Police", "b) Schools", "c) Health services", "d) Individual", "e) LA services",
                               "f) Other"};

class AnnexWriter {
public:
    AnnexWriter(const DemoAnnexOptions& o, const DemoCases& demo, const std::string& path,
                const std::function<void(std::size_t)>& progress)
        : o_(o), demo_(demo), r_(o.seed ^ 0xA11E7A5EEDULL), m_(o.seed ^ 0x3E55EDULL),
          k_(o.seed ^ 0x4B9175ULL ^ (static_cast<std::uint64_t>(o.asOf.days()) << 20)), progress_(progress),
          w_(path, [&] {
              xlsx::Writer::Options wo;
              wo.constantMemory = o.size > 20000;
              wo.title = "Annex A (synthetic)";
              return wo;
          }()) {}

    DemoAnnexSummary write() {
        const std::int32_t asOf = o_.asOf.days();
        std::vector<std::vector<std::vector<Cell>>> rows(12);
        std::size_t adopters = o_.size / 200 + 2;
        for (const auto& c : demo_.cases) {
            const std::string id = demo_.childRef(c);
            const auto& worker = demo_.workers[c.worker];
            const std::string team = demo_.teams[worker.team].name;
            const std::int32_t dob = asOf - c.age * 365 - static_cast<std::int32_t>(r_.below(365));
            const char* gender = r_.chance(0.52) ? "a) Male" : "b) Female";
            const char* ethnicity = kEthnicity[r_.below(std::size(kEthnicity))];
            auto person = [&] { return std::vector<Cell>{text(id), text(gender), text(ethnicity), day(dob), num(c.age)}; };
            const bool closed = c.closedDays != DemoCase::kNone;
            const bool recent = asOf - c.openDays < 183;
            if (r_.chance(recent ? 0.9 : 0.08)) rows[1].push_back(cat(person(), {day(recentDay(c.openDays)), text(kSource[r_.below(6)])}));
            if (c.category == Category::EarlyHelp) {
                rows[2].push_back(cat(person(), {day(c.openDays), r_.chance(0.6) ? day(c.openDays + 30) : none(),
                                                 text("a) Local authority early help")}));
                continue;
            }
            if (c.category == Category::CareLeaver) {
                const Cell eligibility = text(r_.chance(0.8) ? "c) Former relevant" : "b) Relevant");
                (void)r_.chance(0.9);
                (void)r_.chance(0.6);  // (drawn before the indicators had their own generator)
                rows[9].push_back(cat(person(), {eligibility, text(k_.chance(p(0.9, 0.06)) ? "a) Yes" : "b) No"),
                                                 text(k_.chance(p(0.55, 0.12)) ? "a) In education, training or employment"
                                                                               : "b) Not in education, training or employment"),
                                                 text("a) Independent living"),
                                                 text(k_.chance(p(0.88, 0.07)) ? "a) Suitable" : "b) Unsuitable"),
                                                 text((c.flags & FlagUasc) ? "a) Yes" : "b) No"), alloc(team), alloc(worker.name),
                                                 text(worker.name)}));
                continue;
            }
            // Lists 3 and 4: the referral and assessment of a recent episode.
            if (recent) {
                const Cell source = text(kSource[r_.below(6)]);
                (void)r_.below(3);  // (the count drawn before the indicators had their own generator)
                const double referrals = k_.chance(p(0.21, -0.06)) ? 2 + static_cast<double>(k_.below(2)) : 1;
                rows[3].push_back(cat(person(), {day(c.openDays - 3), source, text("b) No"), num(referrals),
                                                 alloc(team), alloc(worker.name)}));
                const bool authorised = r_.chance(0.7);
                const std::int32_t started = c.openDays - 2;
                const std::int32_t done = workingDaysOn(started, k_.chance(p(0.84, 0.1)) ? 5 + static_cast<int>(k_.below(41))
                                                                                         : 46 + static_cast<int>(k_.below(25)));
                rows[4].push_back(cat(person(), {day(started), authorised && done <= asOf ? day(done) : none(),
                                                 alloc(team), alloc(worker.name)}));
            }
            // List 6: everyone with a CIN episode, closed ones with their closure date.
            const bool assessment = c.category == Category::CIN && asOf - c.openDays < 45 && r_.chance(0.5);
            // Some CIN episodes closed in the last six months (an Annex A keeps them).
            const bool endedRecently = closed || (c.category == Category::CIN && !assessment && r_.chance(0.12));
            const std::int32_t end = closed ? c.closedDays : asOf - 1 - static_cast<std::int32_t>(r_.below(180));
            const std::int32_t start = std::min(c.openDays, end - 1);
            int status = c.category == Category::CLA ? 0 : c.category == Category::CP ? 1 : assessment ? 3 : 2;
            if (endedRecently) status = 4;
            rows[6].push_back(cat(person(), {text((c.flags & FlagDisability) ? "a) Yes" : "b) No"), day(start),
                                             text(kNeed[r_.below(std::size(kNeed))]), statusCell(status),
                                             endedRecently ? day(end) : none(), text(endedRecently ? "RC1" : ""),
                                             lastSeen(asOf), alloc(team), alloc(worker.name)}));
            if (c.category == Category::CP) {
                if (recent)
                    rows[5].push_back(cat(person(), {day(workingDaysOn(start, -(k_.chance(p(0.8, 0.12)) ? 5 + static_cast<int>(k_.below(11))
                                                                                                      : 16 + static_cast<int>(k_.below(10))))),
                                                     text("a) Yes"), day(start), alloc(team), alloc(worker.name)}));
                const Cell initial = text(kAbuse[r_.below(6)]), latest = text(kAbuse[r_.below(6)]);
                (void)r_.below(20);
                (void)r_.chance(0.8);  // (visit and seen alone drawn before the indicators had their own generator)
                const std::int32_t visited = workingDaysOn(asOf, -(k_.chance(p(0.88, 0.1)) ? static_cast<int>(k_.below(10))
                                                                                           : 11 + static_cast<int>(k_.below(15))));
                const Cell visit = day(endedRecently ? std::min(end, visited) : visited);
                const Cell alone = text(k_.chance(p(0.82, 0.1)) ? "a) Yes" : "b) No");
                const Cell review = day(asOf - static_cast<std::int32_t>(r_.below(120)));
                (void)r_.below(2);
                const double previous = k_.chance(p(0.22, -0.06)) ? 1 + static_cast<double>(k_.below(2)) : 0;
                rows[7].push_back(cat(person(), {day(start), initial, latest, visit, alone, review,
                                                 endedRecently ? day(end) : none(), num(previous), alloc(team), alloc(worker.name)}));
            } else if (c.category == Category::CIN && !endedRecently && r_.chance(0.08)) {
                // A CP plan that ended in the last six months: the child is back to CIN.
                const std::int32_t cpEnd = asOf - 1 - static_cast<std::int32_t>(r_.below(170));
                // A few plans had lasted two years or more.
                const std::int32_t lasted = k_.chance(p(0.05, -0.03)) ? 730 + static_cast<std::int32_t>(k_.below(300)) : 240;
                rows[7].push_back(cat(person(), {day(cpEnd - lasted), text(kAbuse[0]), text(kAbuse[0]), day(cpEnd - 10),
                                                 text("a) Yes"), day(cpEnd - 5), day(cpEnd), num(0), alloc(team), alloc(worker.name)}));
            }
            if (c.category == Category::CLA) {
                const int missing = (c.flags & FlagMissing) ? 1 + static_cast<int>(r_.below(5)) : 0;
                const Cell need = text(kNeed[r_.below(std::size(kNeed))]);
                (void)r_.below(40);  // (the visit drawn before the indicators had their own generator)
                const std::int32_t to = endedRecently ? end : asOf;
                auto within = [&](double chance, double drift, int inDays, int lateDays) {
                    return day(std::max(start, to - (k_.chance(p(chance, drift)) ? static_cast<std::int32_t>(k_.below(static_cast<std::uint64_t>(inDays)))
                                                                                  : inDays + 1 + static_cast<std::int32_t>(k_.below(static_cast<std::uint64_t>(lateDays))))));
                };
                const Cell review = within(0.93, 0.05, 182, 120), visit = within(0.9, 0.08, 42, 40);
                const Cell health = within(0.88, 0.08, 365, 200), dental = within(0.76, 0.12, 365, 300);
                const double placements = k_.chance(p(0.10, -0.04)) ? 3 + static_cast<double>(k_.below(3)) : 1 + static_cast<double>(k_.below(2));
                rows[8].push_back(cat(person(), {text((c.flags & FlagUasc) ? "a) Yes" : "b) No"), day(start), need,
                                                 text(kLegal[(c.flags & FlagUasc) ? 3 : c.legalStatus % std::size(kLegal)]),
                                                 review, visit, text("a) Yes"), health, dental, num(placements), num(missing),
                                                 endedRecently ? day(end) : none(), alloc(team), alloc(worker.name)}));
                if (c.age < 5 && r_.chance(0.25))
                    rows[10].push_back(cat(person(), {day(start), day(start + 120), day(start + 200),
                                                      r_.chance(0.5) ? day(start + 300) : none(), none()}));
            }
        }
        for (std::size_t a = 1; a <= adopters; ++a) {
            const std::int32_t enquiry = asOf - 60 - static_cast<std::int32_t>(r_.below(500));
            rows[11].push_back({text("A" + std::to_string(10000 + a)), day(enquiry), day(enquiry + 30), day(enquiry + 90),
                                r_.chance(0.6) ? day(enquiry + 200) : none()});
        }
        for (const auto& l : lists()) writeList(l, rows[static_cast<std::size_t>(l.number)]);
        w_.close();
        return summary_;
    }

private:
    static std::vector<Cell> cat(std::vector<Cell> a, std::vector<Cell> b) {
        a.insert(a.end(), std::make_move_iterator(b.begin()), std::make_move_iterator(b.end()));
        return a;
    }
    // The chance of something done in time at this extract's quality (-1..1), kept within 1%..99%.
    double p(double chance, double drift) const { return std::clamp(chance + drift * o_.quality, 0.01, 0.99); }
    static std::int32_t workingDaysOn(std::int32_t from, int n) { return addWorkingDays(Date::fromDays(from), n).days(); }
    std::int32_t recentDay(std::int32_t open) { return open - static_cast<std::int32_t>(r_.below(10)); }
    Cell lastSeen(std::int32_t asOf) {
        const Cell seen = day(asOf - static_cast<std::int32_t>(r_.below(60)));
        if (o_.messy && m_.chance(0.01)) return errorCell("#REF!");
        return seen;
    }
    Cell errorCell(const char* e) {
        ++summary_.errorCells;
        return {Cell::Error, e};
    }
    // A team or worker as a messy extract has them: now and then an error cell or a no-break space.
    Cell alloc(const std::string& name) {
        if (!o_.messy) return text(name);
        if (m_.chance(0.01)) return errorCell("#N/A");
        const auto sp = name.find(' ');
        if (sp != std::string::npos && m_.chance(0.03)) {
            ++summary_.noBreakSpaces;
            return text(name.substr(0, sp) + "\u00a0" + name.substr(sp + 1));
        }
        return text(name);
    }
    Cell statusCell(int status) {
        static const char* const kStatus[] = {"a) Looked after child", "b) Child Protection plan", "c) Child in need plan",
                                              "d) Open assessment", "e) Closed episode"};
        static const char* const kVariant[] = {"LAC", "CPP", "CiN Plan", "Open asmt", "Closed"};
        if (o_.messy && m_.chance(0.15)) {
            ++summary_.variantStatuses;
            return text(kVariant[status]);
        }
        return text(kStatus[status]);
    }

    void writeList(const List& l, const std::vector<std::vector<Cell>>& rows) {
        std::string name = "List " + std::to_string(l.number);
        if (o_.messy && l.number % 3 == 2) name = "List_" + std::to_string(l.number);
        if (o_.messy && l.number % 3 == 0) name = "List" + std::to_string(l.number);
        lxw_worksheet* ws = w_.addSheet(name);
        std::size_t row = 0;
        if (o_.messy) w_.writeString(ws, row++, 0, "List " + std::to_string(l.number) + ": " + l.title, w_.format("bold"));
        for (std::size_t c = 0; c < l.header.size(); ++c) w_.writeString(ws, row, c, l.header[c], w_.format("bold"));
        ++row;
        w_.setColumnWidth(ws, 0, l.header.size() - 1, 18);
        for (const auto& cells : rows) {
            for (std::size_t c = 0; c < cells.size(); ++c) {
                const Cell& x = cells[c];
                switch (x.kind) {
                    case Cell::Blank: break;
                    case Cell::Text:
                        if (!x.text.empty()) w_.writeString(ws, row, c, x.text);
                        break;
                    case Cell::Number: w_.writeNumber(ws, row, c, x.number); break;
                    case Cell::Day: {
                        const Date d = Date::fromDays(x.days);
                        w_.writeDate(ws, row, c, d.year(), d.month(), d.day());
                        break;
                    }
                    case Cell::Error:
                        w_.writeFormula(ws, row, c, x.text == "#N/A" ? "=NA()" : "=#REF!", x.text);
                        break;
                }
            }
            ++row;
            if (progress_ && (++written_ & 0xFFF) == 0) progress_(written_);
        }
        summary_.rows[static_cast<std::size_t>(l.number)] = rows.size();
    }

    const DemoAnnexOptions& o_;
    const DemoCases& demo_;
    Random r_;
    Random m_;  // the messiness only, so that a messy workbook holds the same children as a clean one
    Random k_;  // the indicators' timings and outcomes, so that the children and the frame do not depend on them
    std::function<void(std::size_t)> progress_;
    xlsx::Writer w_;
    DemoAnnexSummary summary_;
    std::size_t written_ = 0;
};

}  // namespace

DemoAnnexSummary writeDemoAnnex(const DemoAnnexOptions& options, const std::string& path,
                                const std::function<void(std::size_t rows)>& progress) {
    if (options.size == 0 || options.size > 1000000)
        throw Error(ErrorKind::Usage, "--size must be between 1 and 1,000,000 children for an Annex A workbook");
    DemoCasesOptions co;
    co.size = options.size;
    co.seed = options.seed;
    co.asOf = options.asOf;
    const DemoCases demo = generateDemoCases(co);
    AnnexWriter w(options, demo, path, progress);
    return w.write();
}

std::vector<DemoAnnexMonth> writeDemoAnnexMonths(const DemoAnnexOptions& options, int months, const std::string& folder,
                                                 const std::function<void(std::size_t rows)>& progress) {
    if (months < 1 || months > 120) throw Error(ErrorKind::Usage, "--months must be between 1 and 120");
    if (options.size == 0 || options.size > 1000000)
        throw Error(ErrorKind::Usage, "--size must be between 1 and 1,000,000 children for an Annex A workbook");
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec || !std::filesystem::is_directory(folder))
        throw Error(ErrorKind::CantCreate, folder, "", "cannot create the folder: " + ec.message());
    // The quality drifts: a seeded walk that slips back towards the middle, so months move together, not at random.
    Random walk(options.seed ^ 0xD21F7ULL);
    double quality = 0;
    const Date last(options.asOf.year(), options.asOf.month(), 1);
    std::vector<DemoAnnexMonth> out;
    std::size_t done = 0;
    for (int m = 0; m < months; ++m) {
        quality = std::clamp(0.7 * quality + walk.normal(0.0, 0.3), -1.0, 1.0);
        const Date first = last.addMonths(m - (months - 1));
        DemoAnnexOptions o = options;
        o.asOf = Date(first.year(), first.month(), daysInMonth(first.year(), first.month()));
        o.quality = quality;
        char name[32];
        std::snprintf(name, sizeof name, "annex-a-%04d-%02d.xlsx", o.asOf.year(), o.asOf.month());
        DemoAnnexMonth month{(std::filesystem::path(folder) / name).string(), o.asOf, quality, {}};
        month.summary = writeDemoAnnex(o, month.file, [&](std::size_t rows) {
            if (progress) progress(done + rows);
        });
        for (std::size_t r : month.summary.rows) done += r;
        out.push_back(std::move(month));
    }
    return out;
}

}  // namespace audit
