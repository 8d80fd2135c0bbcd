#include "audit/demo/demo_annex.h"

#include <string>
#include <vector>

#include "audit/base/error.h"
#include "audit/base/random.h"
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
               "Child\u2019s Legal Status", "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
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
        : o_(o), demo_(demo), r_(o.seed ^ 0xA11E7A5EEDULL), m_(o.seed ^ 0x3E55EDULL), progress_(progress),
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
                rows[9].push_back(cat(person(), {text(r_.chance(0.8) ? "c) Former relevant" : "b) Relevant"),
                                                 text(r_.chance(0.9) ? "a) Yes" : "b) No"),
                                                 text(r_.chance(0.6) ? "a) In education, training or employment" : "b) Not in education, training or employment"),
                                                 text("a) Independent living"), text("a) Suitable"),
                                                 text((c.flags & FlagUasc) ? "a) Yes" : "b) No"), alloc(team), alloc(worker.name),
                                                 text(worker.name)}));
                continue;
            }
            // Lists 3 and 4: the referral and assessment of a recent episode.
            if (recent) {
                rows[3].push_back(cat(person(), {day(c.openDays - 3), text(kSource[r_.below(6)]), text("b) No"),
                                                 num(static_cast<double>(r_.below(3))), alloc(team), alloc(worker.name)}));
                rows[4].push_back(cat(person(), {day(c.openDays - 2), r_.chance(0.7) ? day(c.openDays + 35) : none(),
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
                    rows[5].push_back(cat(person(), {day(start - 20), text("a) Yes"), day(start), alloc(team), alloc(worker.name)}));
                rows[7].push_back(cat(person(), {day(start), text(kAbuse[r_.below(6)]), text(kAbuse[r_.below(6)]),
                                                 day(asOf - static_cast<std::int32_t>(r_.below(20))), text(r_.chance(0.8) ? "a) Yes" : "b) No"),
                                                 day(asOf - static_cast<std::int32_t>(r_.below(120))),
                                                 endedRecently ? day(end) : none(), num(static_cast<double>(r_.below(2))),
                                                 alloc(team), alloc(worker.name)}));
            } else if (c.category == Category::CIN && !endedRecently && r_.chance(0.08)) {
                // A CP plan that ended in the last six months: the child is back to CIN.
                const std::int32_t cpEnd = asOf - 1 - static_cast<std::int32_t>(r_.below(170));
                rows[7].push_back(cat(person(), {day(cpEnd - 240), text(kAbuse[0]), text(kAbuse[0]), day(cpEnd - 10),
                                                 text("a) Yes"), day(cpEnd - 5), day(cpEnd), num(0), alloc(team), alloc(worker.name)}));
            }
            if (c.category == Category::CLA) {
                const int missing = (c.flags & FlagMissing) ? 1 + static_cast<int>(r_.below(5)) : 0;
                rows[8].push_back(cat(person(), {text((c.flags & FlagUasc) ? "a) Yes" : "b) No"), day(start),
                                                 text(kNeed[r_.below(std::size(kNeed))]),
                                                 text(kLegal[(c.flags & FlagUasc) ? 3 : c.legalStatus % std::size(kLegal)]),
                                                 day(asOf - static_cast<std::int32_t>(r_.below(40))), text("a) Yes"), num(missing),
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

}  // namespace audit
