#include "audit/demo/demo_cases.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "audit/io/csv.h"
#include "audit/base/error.h"
#include "audit/base/output_file.h"
#include "audit/base/random.h"
#include "audit/io/xlsx_writer.h"

namespace fs = std::filesystem;

namespace audit {

namespace {

struct AreaSpec {
    const char* area;
    const char* teamLabel;
    double weight;
    double share[kCategoryCount];  // CIN, CP, CLA, Care leaver, Early help
};

// Shares chosen so that the whole list comes out near England's mix of open cases.
const AreaSpec kAreas[] = {
    {"Front Door (MASH)", "MASH Team", 0.030, {0.60, 0.00, 0.00, 0.00, 0.40}},
    {"Assessment", "Assessment Team", 0.140, {0.92, 0.08, 0.00, 0.00, 0.00}},
    {"Child in Need", "Child in Need Team", 0.240, {1.00, 0.00, 0.00, 0.00, 0.00}},
    {"Child Protection", "Child Protection Team", 0.115, {0.00, 1.00, 0.00, 0.00, 0.00}},
    {"Children in Care", "Children in Care Team", 0.200, {0.00, 0.00, 1.00, 0.00, 0.00}},
    {"Care Leavers", "Care Leavers Team", 0.120, {0.00, 0.00, 0.00, 1.00, 0.00}},
    {"Disabled Children", "Disabled Children's Team", 0.060, {0.75, 0.10, 0.15, 0.00, 0.00}},
    {"Early Help", "Early Help Team", 0.055, {0.00, 0.00, 0.00, 0.00, 1.00}},
};
constexpr std::size_t kAreaCount = sizeof kAreas / sizeof kAreas[0];
constexpr std::size_t kDisabledArea = 6;

const char* const kLocalities[] = {"North", "South", "East", "West", "Central"};

const char* const kFirstNames[] = {
    "Aisha", "Alex", "Amelia", "Amir", "Anna", "Ben", "Bethany", "Callum", "Charlotte", "Chloe", "Daniel", "David",
    "Eleanor", "Emily", "Emma", "Fatima", "Gemma", "George", "Grace", "Hannah", "Harry", "Imran", "Isabel", "Jack",
    "James", "Jasmine", "Joanne", "Jordan", "Kate", "Kieran", "Laura", "Liam", "Lucy", "Mark", "Megan", "Michael",
    "Mohammed", "Naomi", "Nathan", "Nicola", "Oliver", "Olivia", "Paul", "Priya", "Rachel", "Rebecca", "Ryan",
    "Sadia", "Sam", "Sarah", "Sophie", "Stephen", "Tariq", "Thomas", "Tom", "Victoria", "William", "Yasmin", "Zara",
    "Zoe"};
const char* const kLastNames[] = {
    "Ahmed", "Ali", "Allen", "Bailey", "Baker", "Begum", "Bell", "Brown", "Campbell", "Carter", "Chapman", "Clark",
    "Clarke", "Collins", "Cook", "Cooper", "Cox", "Davies", "Davis", "Dixon", "Edwards", "Ellis", "Evans", "Fisher",
    "Foster", "Graham", "Gray", "Green", "Griffiths", "Hall", "Harris", "Harrison", "Hill", "Holmes", "Hughes",
    "Hunt", "Hussain", "Jackson", "James", "Johnson", "Jones", "Kaur", "Kelly", "Khan", "King", "Knight", "Lee",
    "Lewis", "Lloyd", "Marshall", "Martin", "Mason", "Matthews", "Miah", "Mills", "Mitchell", "Moore", "Morgan",
    "Morris", "Murphy", "Murray", "Owen", "Palmer", "Parker", "Patel", "Phillips", "Powell", "Price", "Richards",
    "Richardson", "Roberts", "Robinson", "Rogers", "Rose", "Russell", "Scott", "Shah", "Shaw", "Simpson", "Singh",
    "Smith", "Stevens", "Stewart", "Taylor", "Thomas", "Thompson", "Turner", "Walker", "Ward", "Watson", "Webb",
    "White", "Williams", "Wilson", "Wood", "Wright", "Young", "Adams", "Barker", "Doyle"};
constexpr std::size_t kFirst = sizeof kFirstNames / sizeof kFirstNames[0];
constexpr std::size_t kLast = sizeof kLastNames / sizeof kLastNames[0];

// `count` distinct synthetic staff names.
std::vector<std::string> staffNames(Random& r, std::size_t count) {
    std::vector<std::string> names;
    names.reserve(count);
    const std::size_t plain = kFirst * kLast;
    if (count * 4 <= plain) {
        for (auto i : r.sampleIndices(plain, count))
            names.push_back(std::string(kFirstNames[i % kFirst]) + " " + kLastNames[i / kFirst]);
        return names;
    }
    const std::size_t withInitial = plain * 26;
    const std::size_t k = std::min(count, withInitial);
    for (auto i : r.sampleIndices(withInitial, k)) {
        const std::size_t f = i % kFirst, rest = i / kFirst;
        names.push_back(std::string(kFirstNames[f]) + " " + static_cast<char>('A' + rest % 26) + ". " +
                        kLastNames[rest / 26]);
    }
    for (std::size_t i = k; i < count; ++i) names.push_back(names[i % k] + " " + std::to_string(i / k + 1));
    return names;
}

// Largest-remainder split of n by weights.
std::vector<std::size_t> split(std::size_t n, const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    std::vector<std::size_t> out(weights.size());
    std::vector<std::pair<double, std::size_t>> rema;
    std::size_t given = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const double exact = static_cast<double>(n) * weights[i] / total;
        out[i] = static_cast<std::size_t>(std::floor(exact));
        given += out[i];
        rema.push_back({exact - static_cast<double>(out[i]), i});
    }
    std::stable_sort(rema.begin(), rema.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t k = 0; given < n; ++k, ++given) ++out[rema[k % rema.size()].second];
    return out;
}

int pickAge(Random& r, Category c) {
    struct Band { int lo, hi; double w; };
    static const std::vector<Band> young = {{0, 4, 0.30}, {5, 9, 0.28}, {10, 15, 0.32}, {16, 17, 0.10}};
    static const std::vector<Band> cp = {{0, 4, 0.35}, {5, 9, 0.30}, {10, 15, 0.28}, {16, 17, 0.07}};
    static const std::vector<Band> cla = {{0, 4, 0.18}, {5, 9, 0.19}, {10, 15, 0.39}, {16, 17, 0.24}};
    static const std::vector<Band> leaver = {{16, 17, 0.10}, {18, 21, 0.70}, {22, 25, 0.20}};
    const std::vector<Band>& bands = c == Category::CP ? cp : c == Category::CLA ? cla : c == Category::CareLeaver ? leaver : young;
    std::vector<double> w;
    for (const auto& b : bands) w.push_back(b.w);
    const Band& b = bands[r.weighted(w)];
    return static_cast<int>(r.between(b.lo, b.hi));
}

// Days before the as-of date that the case opened.
std::int32_t pickDaysOpen(Random& r, Category c, std::size_t area, int age) {
    double mean, cap;
    if (area == 0) {
        mean = 2, cap = 5;
    } else if (area == 1) {
        mean = 25, cap = 60;
    } else {
        switch (c) {
            case Category::CIN: mean = area == kDisabledArea ? 700 : 240, cap = area == kDisabledArea ? 3650 : 1460; break;
            case Category::CP: mean = 200, cap = 900; break;
            case Category::CLA: mean = 900, cap = 5840; break;
            case Category::CareLeaver: mean = 900, cap = 3000; break;
            default: mean = 150, cap = 730; break;
        }
    }
    double d = -mean * std::log(1.0 - r.uniform());
    // Beyond the cap (or before the child was born), draw again uniformly below it rather than pile up on it.
    if (c != Category::CareLeaver) cap = std::min(cap, std::max(7.0, age * 365.0));
    if (d > cap) d = r.uniform() * cap;
    return static_cast<std::int32_t>(d);
}

unsigned pickFlags(Random& r, Category c, std::size_t area, int age) {
    unsigned flags = 0;
    const bool teen = age >= 12;
    double missing = 0, exploitation = 0.002, uasc = 0;
    switch (c) {
        case Category::CLA:
            missing = teen ? 0.14 : 0.01;
            exploitation = teen ? 0.10 : 0.002;
            uasc = age >= 16 ? 0.30 : age >= 14 ? 0.08 : 0;
            break;
        case Category::CIN:
        case Category::Assessment:
        case Category::CP:
            missing = teen ? 0.05 : 0.002;
            exploitation = teen ? 0.05 : 0.002;
            break;
        case Category::CareLeaver:
            missing = age <= 20 ? 0.03 : 0.005;
            exploitation = age <= 21 ? 0.04 : 0.01;
            uasc = age <= 21 ? 0.18 : 0.08;
            break;
        case Category::EarlyHelp:
            missing = teen ? 0.02 : 0;
            exploitation = teen ? 0.02 : 0.001;
            break;
    }
    if (r.chance(missing)) flags |= FlagMissing;
    if (flags & FlagMissing) exploitation = std::min(0.6, exploitation * 4 + 0.1);
    if (r.chance(exploitation)) flags |= FlagExploitation;
    if (r.chance(uasc)) flags |= FlagUasc;
    if (r.chance(area == kDisabledArea ? 0.92 : 0.05)) flags |= FlagDisability;
    return flags;
}

std::uint8_t pickLegalStatus(Random& r, Category c, unsigned flags, int age) {
    // Indices into demoLegalStatuses().
    switch (c) {
        case Category::CLA:
            if ((flags & FlagUasc) && r.chance(0.9)) return 2;
            return static_cast<std::uint8_t>(1 + r.weighted({0.62, 0.16, 0.12, 0.10}));
        case Category::CareLeaver: return age <= 17 ? 5 : 6;
        case Category::CP: return r.chance(0.06) ? 7 : 0;
        default: return 0;
    }
}

std::string pad(std::uint64_t v, int width) {
    std::string s = std::to_string(v);
    if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
    return s;
}

bool hasExtension(const std::string& path, const char* ext) {
    std::string e = fs::path(path).extension().string();
    for (auto& ch : e) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return e == ext;
}

}  // namespace

const std::vector<std::string>& demoLegalStatuses() {
    static const std::vector<std::string> s = {"",
                                               "S31 Care Order",
                                               "S20 Accommodated",
                                               "S38 Interim Care Order",
                                               "Placement Order",
                                               "Relevant Child",
                                               "Former Relevant Child",
                                               "Pre-proceedings (PLO)"};
    return s;
}

const std::vector<std::string>& demoServiceAreas() {
    static const std::vector<std::string> s = [] {
        std::vector<std::string> v;
        for (const auto& a : kAreas) v.emplace_back(a.area);
        return v;
    }();
    return s;
}

std::string DemoCases::caseRef(const DemoCase& c) const { return "C" + std::to_string(1000000ULL + c.number); }
std::string DemoCases::childRef(const DemoCase& c) const { return "P" + pad(c.child, 7); }
std::string DemoCases::ageBand(const DemoCase& c) const {
    if (c.age <= 4) return "0-4";
    if (c.age <= 9) return "5-9";
    if (c.age <= 15) return "10-15";
    if (c.age <= 17) return "16-17";
    return "18-25";
}

DemoCases generateDemoCases(const DemoCasesOptions& options) {
    if (options.size == 0) throw Error(ErrorKind::Usage, "the number of cases must be at least 1");
    if (options.size > 10000000) throw Error(ErrorKind::Usage, "at most 10,000,000 cases");
    Random r(options.seed);
    DemoCases demo;
    demo.options = options;

    std::vector<double> weights;
    for (const auto& a : kAreas) weights.push_back(a.weight);
    const auto perArea = split(options.size, weights);

    // Workers per area with caseloads of 10..25 adding up to the area's cases, then teams of about 6-7.
    struct Staffing { std::size_t firstWorker, workers, firstTeam, teams; };
    std::vector<Staffing> staffing;
    std::vector<std::uint32_t> capacity;
    std::vector<std::uint32_t> workerArea;
    std::size_t teamCount = 0;
    for (std::size_t a = 0; a < kAreaCount; ++a) {
        Staffing s{capacity.size(), 0, teamCount, 0};
        const std::size_t n = perArea[a];
        std::size_t sum = 0;
        while (sum < n) {
            const auto c = static_cast<std::uint32_t>(10 + (r.below(16) + r.below(16)) / 2);
            capacity.push_back(c);
            workerArea.push_back(static_cast<std::uint32_t>(a));
            sum += c;
            ++s.workers;
        }
        // Take the overshoot off, one case at a time, from workers above ten (below ten only for tiny lists).
        std::size_t excess = sum - n;
        for (std::size_t i = 0; excess > 0; i = (i + 1) % s.workers) {
            auto& c = capacity[s.firstWorker + i];
            const bool allAtTen = [&] {
                for (std::size_t k = 0; k < s.workers; ++k)
                    if (capacity[s.firstWorker + k] > 10) return false;
                return true;
            }();
            if (c > 10 || (allAtTen && c > 1)) {
                --c;
                --excess;
            }
        }
        if (s.workers > 0) s.teams = std::max<std::size_t>(1, (s.workers * 2 + 6) / 13);
        teamCount += s.teams;
        staffing.push_back(s);
    }

    auto names = staffNames(r, capacity.size() + teamCount);
    std::size_t nextName = 0;
    for (std::size_t a = 0; a < kAreaCount; ++a) {
        const Staffing& s = staffing[a];
        for (std::size_t t = 0; t < s.teams; ++t) {
            DemoTeam team;
            team.serviceArea = kAreas[a].area;
            if (s.teams == 1) team.name = kAreas[a].teamLabel;
            else {  // North, South, East, West, Central, then North 2, South 2...
                team.name = std::string(kAreas[a].teamLabel) + " " + kLocalities[t % 5];
                if (t >= 5) team.name += " " + std::to_string(t / 5 + 1);
            }
            team.manager = names[nextName++];
            demo.teams.push_back(std::move(team));
        }
        for (std::size_t w = 0; w < s.workers; ++w) {
            DemoWorker worker;
            worker.name = names[nextName++];
            worker.team = static_cast<std::uint32_t>(s.firstTeam + w * s.teams / s.workers);
            demo.workers.push_back(std::move(worker));
        }
    }

    // The cases, worker by worker.
    demo.cases.reserve(options.size);
    const std::int32_t asOf = options.asOf.days();
    for (std::size_t w = 0; w < capacity.size(); ++w) {
        const std::size_t a = workerArea[w];
        std::vector<double> share(kAreas[a].share, kAreas[a].share + kCategoryCount);
        for (std::uint32_t k = 0; k < capacity[w]; ++k) {
            DemoCase c;
            c.worker = static_cast<std::uint32_t>(w);
            c.category = static_cast<Category>(r.weighted(share));
            const int age = pickAge(r, c.category);
            c.age = static_cast<std::uint8_t>(age);
            c.flags = static_cast<std::uint8_t>(pickFlags(r, c.category, a, age));
            c.legalStatus = pickLegalStatus(r, c.category, c.flags, age);
            const std::int32_t daysOpen = pickDaysOpen(r, c.category, a, age);
            c.openDays = asOf - daysOpen;
            if (daysOpen > 60 && r.chance(0.30)) {
                const std::int32_t earliest = std::max(c.openDays + 30, asOf - 730);
                c.lastAuditDays = static_cast<std::int32_t>(r.between(earliest, asOf - 1));
            }
            if (daysOpen > 1 && r.chance(0.02))
                c.closedDays = static_cast<std::int32_t>(r.between(std::max(c.openDays + 1, asOf - 30), asOf - 1));
            demo.cases.push_back(c);
        }
    }
    // Case references follow the open date, as a case system's sequence numbers do.
    std::stable_sort(demo.cases.begin(), demo.cases.end(),
                     [](const DemoCase& x, const DemoCase& y) { return x.openDays < y.openDays; });
    const std::uint64_t offset = options.seed % 10000000ULL;
    for (std::size_t i = 0; i < demo.cases.size(); ++i) {
        demo.cases[i].number = static_cast<std::uint32_t>(i + 1);
        // A bijection on 0..9,999,999 (7654321 is coprime with 10^7): distinct, scattered child numbers.
        demo.cases[i].child = static_cast<std::uint32_t>((i * 7654321ULL + offset) % 10000000ULL);
    }
    return demo;
}

std::vector<std::string> demoCaseHeader(const ColumnMap& map) {
    std::vector<std::string> header;
    bool flagColumns = false;
    for (std::size_t f = 0; f < kFieldCount; ++f) {
        const auto field = static_cast<Field>(f);
        if (field == Field::Flags) continue;
        if (field >= Field::FlagMissing && field <= Field::FlagDisability && !map.columns(field).empty()) flagColumns = true;
        if (!map.columns(field).empty()) header.push_back(map.columns(field).front());
    }
    if (!flagColumns && !map.columns(Field::Flags).empty()) header.push_back(map.columns(Field::Flags).front());
    header.push_back(map.id() == "generic" ? "age_band" : "Age Band");
    return header;
}

void demoCaseRow(const DemoCases& demo, const DemoCase& c, const ColumnMap& map, std::vector<std::string>& cells) {
    const bool uk = map.dateFormat() == "dd/mm/yyyy";
    const DemoWorker& worker = demo.workers[c.worker];
    const DemoTeam& team = demo.teams[worker.team];
    // Cells are assigned in place, so that a caller reusing `cells` row after row allocates almost nothing.
    std::size_t n = 0;
    auto next = [&]() -> std::string& {
        if (n == cells.size()) cells.emplace_back();
        return cells[n++];
    };
    auto date = [&](std::string& cell, std::int32_t days) {
        if (days == DemoCase::kNone) {
            cell.clear();
            return;
        }
        const Date d = Date::fromDays(days);
        const int a = uk ? d.day() : d.year(), b = d.month(), y = uk ? d.year() : d.day();
        char buf[16];
        if (uk) std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", a, b, y);
        else std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", a, b, y);
        cell.assign(buf);
    };
    bool flagColumns = false;
    char ref[24];
    for (std::size_t f = 0; f < kFieldCount; ++f) {
        const auto field = static_cast<Field>(f);
        if (field == Field::Flags || map.columns(field).empty()) continue;
        std::string& cell = next();
        switch (field) {
            case Field::CaseRef:
                std::snprintf(ref, sizeof ref, "C%llu", 1000000ULL + c.number);
                cell.assign(ref);
                break;
            case Field::ChildRef:
                std::snprintf(ref, sizeof ref, "P%07u", static_cast<unsigned>(c.child));
                cell.assign(ref);
                break;
            case Field::Team: cell.assign(team.name); break;
            case Field::ServiceArea: cell.assign(team.serviceArea); break;
            case Field::Category: cell.assign(map.categoryLabel(c.category)); break;
            case Field::Worker: cell.assign(worker.name); break;
            case Field::TeamManager: cell.assign(team.manager); break;
            case Field::OpenDate: date(cell, c.openDays); break;
            case Field::LastAuditDate: date(cell, c.lastAuditDays); break;
            case Field::ClosedDate: date(cell, c.closedDays); break;
            case Field::LegalStatus: cell.assign(demoLegalStatuses()[c.legalStatus]); break;
            default: {
                const std::size_t bit = f - static_cast<std::size_t>(Field::FlagMissing);
                cell.assign((c.flags >> bit) & 1u ? map.yesLabel() : map.noLabel());
                flagColumns = true;
            }
        }
    }
    if (!flagColumns && !map.columns(Field::Flags).empty()) {
        std::string& list = next();
        list.clear();
        const std::string sep = std::string(1, map.flagSeparator().front()) + " ";
        for (std::size_t b = 0; b < kFlagCount; ++b)
            if ((c.flags >> b) & 1u) list += (list.empty() ? "" : sep) + map.flagLabel(b);
    }
    next() = demo.ageBand(c);
    cells.resize(n);
}

namespace {

void writeXlsx(const DemoCases& demo, const ColumnMap& map, const std::string& path,
               const std::function<void(std::size_t)>& progress) {
    if (demo.cases.size() > 1048575)
        throw Error(ErrorKind::Usage, path, "", "an XLSX sheet holds at most 1,048,575 cases below its header; write CSV instead");
    xlsx::Writer::Options o;
    // A fixed created time (the as-of date, midnight UTC): the same options give the same bytes.
    std::tm tm{};
    tm.tm_year = demo.options.asOf.year() - 1900;
    tm.tm_mon = demo.options.asOf.month() - 1;
    tm.tm_mday = demo.options.asOf.day();
    o.created = timegm(&tm);
    o.title = "Synthetic case list";
    o.comments = "Generated by audit-demo-data: synthetic data, no real person";
    o.constantMemory = true;
    xlsx::Writer w(path, o);
    lxw_worksheet* ws = w.addSheet("Cases");
    lxw_format* bold = w.format("bold");
    lxw_format* dateFormat = w.format("date");  // dd/mm/yyyy
    if (map.dateFormat() != "dd/mm/yyyy") {
        dateFormat = w.format("iso date");
        format_set_num_format(dateFormat, "yyyy-mm-dd");
    }
    const auto header = demoCaseHeader(map);
    std::vector<bool> isDate(header.size(), false);
    for (Field f : {Field::OpenDate, Field::LastAuditDate, Field::ClosedDate}) {
        if (map.columns(f).empty()) continue;
        auto it = std::find(header.begin(), header.end(), map.columns(f).front());
        if (it != header.end()) isDate[static_cast<std::size_t>(it - header.begin())] = true;
    }
    for (std::size_t c = 0; c < header.size(); ++c) w.setColumnWidth(ws, c, c, isDate[c] ? 12 : 20);
    worksheet_freeze_panes(ws, 1, 0);
    for (std::size_t c = 0; c < header.size(); ++c) w.writeString(ws, 0, c, header[c], bold);
    std::vector<std::string> cells;
    std::size_t row = 1;
    for (const auto& c : demo.cases) {
        demoCaseRow(demo, c, map, cells);
        for (std::size_t k = 0; k < cells.size(); ++k) {
            if (cells[k].empty()) continue;
            if (isDate[k]) {
                const auto d = parseDate(cells[k]);
                w.writeDate(ws, row, k, d->year(), d->month(), d->day(), dateFormat);
            } else {
                w.writeString(ws, row, k, cells[k]);  // always a string cell: text is never taken for a formula
            }
        }
        ++row;
        if (progress && (row & 0xFFF) == 0) progress(row - 1);
    }
    w.close();
}

}  // namespace

void writeDemoCases(const DemoCases& demo, const ColumnMap& map, const std::string& path,
                    const std::function<void(std::size_t)>& progress) {
    if (hasExtension(path, ".xlsx")) {
        writeXlsx(demo, map, path, progress);
        return;
    }
    if (!hasExtension(path, ".csv") && !hasExtension(path, ".txt"))
        throw Error(ErrorKind::Usage, path, "", "the output must end in .csv or .xlsx");
    OutputFile out(path);
    csv::Writer w(out.stream());
    w.row(demoCaseHeader(map));
    std::vector<std::string> cells;
    for (const auto& c : demo.cases) {
        demoCaseRow(demo, c, map, cells);
        w.row(cells);
        if (progress && (w.rowsWritten() & 0xFFF) == 0) progress(w.rowsWritten() - 1);
    }
    out.commit();
}

}  // namespace audit
