#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "audit/io/csv.h"
#include "audit/base/error.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace audit;

namespace {
// The single problem of a Data error thrown by parsing `text`.
Problem parseError(const std::string& text, csv::Options options = {}) {
    try {
        csv::parse(text, "in.csv", options);
    } catch (const Error& e) {
        BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(ErrorKind::Data));
        BOOST_REQUIRE(e.problems().size() == 1);
        BOOST_TEST(e.problems()[0].file == "in.csv");
        return e.problems()[0];
    }
    BOOST_FAIL("no error for: " + text);
    return {};
}

std::string write(const std::vector<std::vector<std::string>>& rows, char delimiter = ',') {
    std::ostringstream out;
    csv::Writer w(out, delimiter);
    for (const auto& r : rows) w.row(r);
    return out.str();
}
}  // namespace

BOOST_AUTO_TEST_CASE(reads_a_simple_file_with_header) {
    auto t = csv::parse("case_ref,team\nC1,North\nC2,South\n", "in.csv");
    BOOST_TEST(t.file == "in.csv");
    BOOST_TEST(t.delimiter == ',');
    BOOST_TEST(t.header == (std::vector<std::string>{"case_ref", "team"}));
    BOOST_REQUIRE(t.rows.size() == 2u);
    BOOST_TEST(t.rows[1] == (std::vector<std::string>{"C2", "South"}));
    BOOST_TEST(t.lines == (std::vector<std::size_t>{2, 3}));
    BOOST_TEST(t.column(" TEAM ") == 1);
    BOOST_TEST(t.column("worker") == -1);
    BOOST_TEST(t.place(0) == "line 2");
}

BOOST_AUTO_TEST_CASE(no_trailing_newline_and_empty_fields) {
    auto t = csv::parse("a,b,c\n,,\n1,,3", "in.csv");
    BOOST_REQUIRE(t.rows.size() == 2u);
    BOOST_TEST(t.rows[0] == (std::vector<std::string>{"", "", ""}));
    BOOST_TEST(t.rows[1] == (std::vector<std::string>{"1", "", "3"}));
}

BOOST_AUTO_TEST_CASE(quoted_fields_embedded_newlines_and_doubled_quotes) {
    const std::string text =
        "ref,note,n\n"
        "C1,\"line one\nline two\",1\n"
        "C2,\"she said \"\"no\"\", then left\",2\n"
        "C3,\"a, b; c\",3\n"
        "C4,\"\",4\n";
    auto t = csv::parse(text, "in.csv");
    BOOST_REQUIRE(t.rows.size() == 4u);
    BOOST_TEST(t.rows[0][1] == "line one\nline two");
    BOOST_TEST(t.rows[1][1] == "she said \"no\", then left");
    BOOST_TEST(t.rows[2][1] == "a, b; c");
    BOOST_TEST(t.rows[3][1] == "");
    // Lines count the embedded line end: C2 starts on line 4.
    BOOST_TEST(t.lines == (std::vector<std::size_t>{2, 4, 5, 6}));
}

BOOST_AUTO_TEST_CASE(utf8_bom_is_skipped) {
    auto t = csv::parse("\xEF\xBB\xBF" "case_ref,team\nC1,Équipe\n", "in.csv");
    BOOST_TEST(t.header[0] == "case_ref");
    BOOST_TEST(t.column("case_ref") == 0);
    BOOST_TEST(t.rows[0][1] == "Équipe");
}

BOOST_AUTO_TEST_CASE(crlf_and_lone_cr_line_ends) {
    auto t = csv::parse("a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n", "in.csv");
    BOOST_REQUIRE(t.rows.size() == 2u);
    BOOST_TEST(t.rows[0][1] == "x\r\ny");  // inside quotes the line end is data
    BOOST_TEST(t.rows[1] == (std::vector<std::string>{"2", "z"}));
    BOOST_TEST(t.lines == (std::vector<std::size_t>{2, 4}));
    auto mac = csv::parse("a,b\r1,2\r", "in.csv");
    BOOST_REQUIRE(mac.rows.size() == 1u);
    BOOST_TEST(mac.rows[0][1] == "2");
}

BOOST_AUTO_TEST_CASE(empty_lines_are_skipped) {
    auto t = csv::parse("a,b\n\n1,2\n\r\n\n3,4\n\n", "in.csv");
    BOOST_REQUIRE(t.rows.size() == 2u);
    BOOST_TEST(t.lines == (std::vector<std::size_t>{3, 6}));
}

BOOST_AUTO_TEST_CASE(delimiter_detected_semicolon_and_tab) {
    auto semi = csv::parse("Case ID;Team;Note\nC1;North;\"a,b\"\n", "in.csv");
    BOOST_TEST(semi.delimiter == ';');
    BOOST_TEST(semi.rows[0][2] == "a,b");
    auto tab = csv::parse("Case ID\tTeam\nC1\tNorth, East\n", "in.tsv");
    BOOST_TEST(tab.delimiter == '\t');
    BOOST_TEST(tab.rows[0][1] == "North, East");
    // A comma inside a quoted header name does not count.
    auto quotedHeader = csv::parse("\"a,b,c\";d\n1;2\n", "in.csv");
    BOOST_TEST(quotedHeader.delimiter == ';');
    auto single = csv::parse("case_ref\nC1\n", "in.csv");
    BOOST_TEST(single.delimiter == ',');
    BOOST_TEST(single.rows.size() == 1u);
}

BOOST_AUTO_TEST_CASE(delimiter_given) {
    csv::Options o;
    o.delimiter = ';';
    auto t = csv::parse("a,b;c\n1,2;3\n", "in.csv", o);
    BOOST_TEST(t.header == (std::vector<std::string>{"a,b", "c"}));
    BOOST_TEST(t.rows[0][0] == "1,2");
}

BOOST_AUTO_TEST_CASE(without_header) {
    csv::Options o;
    o.header = false;
    auto t = csv::parse("1,2\n3,4\n", "in.csv", o);
    BOOST_TEST(t.header.empty());
    BOOST_TEST(t.rows.size() == 2u);
    BOOST_TEST(t.lines[0] == 1u);
    auto p = parseError("1,2\n3\n", o);
    BOOST_TEST(p.message.find("as in the first record") != std::string::npos);
    auto empty = csv::parse("", "in.csv", o);
    BOOST_TEST(empty.rows.empty());
}

BOOST_AUTO_TEST_CASE(error_unterminated_quote) {
    auto p = parseError("a,b\n1,2\n3,\"open\nmore text\n");
    BOOST_TEST(p.place == "line 3, column 3");
    BOOST_TEST(p.message.find("unterminated quoted field") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(error_stray_quote_in_unquoted_field) {
    auto p = parseError("a,b\n1,ab\"c\n");
    BOOST_TEST(p.place == "line 2, column 5");
    BOOST_TEST(p.message.find("stray '\"'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(error_text_after_closing_quote) {
    auto p = parseError("a,b\n1,\"ab\"c\n");
    BOOST_TEST(p.place == "line 2, column 7");
    BOOST_TEST(p.message.find("after the closing quote") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(error_wrong_field_count) {
    auto more = parseError("a,b,c\n1,2,3\n4,5,6,7\n");
    BOOST_TEST(more.place == "line 3, column 7");
    BOOST_TEST(more.message == "this record has 4 fields, expected 3 as in the header");
    auto fewer = parseError("a,b,c\r\n1,2\r\n");
    BOOST_TEST(fewer.place == "line 2, column 4");
    BOOST_TEST(fewer.message == "this record has 2 fields, expected 3 as in the header");
    // After a multi-line quoted field the line is still right.
    auto later = parseError("a,b\n\"x\ny\",1\n2\n");
    BOOST_TEST(later.place == "line 4, column 2");
}

BOOST_AUTO_TEST_CASE(error_invalid_utf8) {
    // Latin-1 'é' (0xE9) in the middle of a line: column counts characters.
    auto p = parseError("a,b\n1,caf\xE9\n");
    BOOST_TEST(p.place == "line 2, column 6");
    BOOST_TEST(p.message.find("invalid UTF-8 (byte 0xE9)") != std::string::npos);
    // Multibyte characters before the bad byte count as one column each.
    auto q = parseError("a,b\n\xC3\xA9\xC3\xA9,\xC0\x80\n");
    BOOST_TEST(q.place == "line 2, column 4");
    // Overlong, surrogate, truncated.
    parseError("a\n\xE0\x80\x80\n");
    parseError("a\n\xED\xA0\x80\n");
    parseError("a\n\xF4\x90\x80\x80\n");
    parseError("a\n\xE2\x82");
    // Past the 32-byte ASCII fast path, and right after valid multibyte text that follows a long ASCII run.
    const std::string ascii(70, 'x');
    auto far = parseError("a\n" + ascii + "\xE9" + ascii + "\n");
    BOOST_TEST(far.place == "line 2, column 71");
    auto after = parseError("a\n" + ascii + "\xC3\xA9" + ascii + "\xFF\n");
    BOOST_TEST(after.place == "line 2, column 142");
    auto utf16 = parseError(std::string("\xFF\xFE" "a\0,\0", 6));
    BOOST_TEST(utf16.message.find("UTF-16") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(error_empty_file_or_no_header) {
    auto p = parseError("");
    BOOST_TEST(p.place == "line 1, column 1");
    BOOST_TEST(p.message.find("empty") != std::string::npos);
    auto blank = parseError("\n\n\r\n");
    BOOST_TEST(blank.message.find("expected a header row") != std::string::npos);
    auto bomOnly = parseError("\xEF\xBB\xBF");
    BOOST_TEST(bomOnly.place == "line 1, column 1");
}

BOOST_AUTO_TEST_CASE(reader_streams_views_and_unquotes) {
    const std::string text = "ref,note\nC1,plain\nC2,\"has \"\"quotes\"\"\"\nC3,\"multi\nline\"\n";
    csv::Reader r(text, "in.csv");
    BOOST_TEST(r.header() == (std::vector<std::string>{"ref", "note"}));
    BOOST_TEST(r.column("NOTE") == 1);
    std::vector<std::string> notes;
    std::vector<std::size_t> lines;
    while (r.next()) {
        notes.emplace_back(r.fields()[1]);
        lines.push_back(r.line());
    }
    BOOST_TEST(notes == (std::vector<std::string>{"plain", "has \"quotes\"", "multi\nline"}));
    BOOST_TEST(lines == (std::vector<std::size_t>{2, 3, 4}));
    BOOST_TEST(r.position() == text.size());
    BOOST_TEST(!r.next());
}

BOOST_AUTO_TEST_CASE(read_file_and_for_each_record) {
    test::TempDir dir;
    const auto path = dir.file("cases.csv");
    test::writeText(path, "case_ref;team\r\nC1;North\r\nC2;\"South; East\"\r\n");
    auto t = csv::readFile(path);
    BOOST_TEST(t.file == path);
    BOOST_TEST(t.rows.size() == 2u);
    BOOST_TEST(t.rows[1][1] == "South; East");
    std::vector<std::string> header, teams;
    csv::forEachRecord(
        path, {}, [&](const std::vector<std::string>& h) { header = h; },
        [&](std::size_t, const std::vector<std::string_view>& f) { teams.emplace_back(f[1]); });
    BOOST_TEST(header == (std::vector<std::string>{"case_ref", "team"}));
    BOOST_TEST(teams == (std::vector<std::string>{"North", "South; East"}));
    // An empty file is read (not mapped) and still reported.
    test::writeText(dir.file("empty.csv"), "");
    BOOST_CHECK_THROW(csv::readFile(dir.file("empty.csv")), Error);
}

BOOST_AUTO_TEST_CASE(read_file_missing_or_folder) {
    test::TempDir dir;
    try {
        csv::readFile(dir.file("nope.csv"));
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 66);
        BOOST_TEST(std::string(e.what()).find("nope.csv: no such file") != std::string::npos);
    }
    try {
        csv::readFile(dir.path());
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 66);
    }
}

BOOST_AUTO_TEST_CASE(error_in_file_names_the_path) {
    test::TempDir dir;
    const auto path = dir.file("bad.csv");
    test::writeText(path, "a,b\n1,2,3\n");
    try {
        csv::readFile(path);
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 65);
        BOOST_TEST(std::string(e.what()) == path + ": line 2, column 5: this record has 3 fields, expected 2 as in the header");
    }
}

BOOST_AUTO_TEST_CASE(writer_quotes_only_when_needed) {
    BOOST_TEST(write({{"a", "b c", "d,e", "say \"hi\"", "two\nlines", "cr\rx", ""}}) ==
               "a,b c,\"d,e\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rx\",\n");
    BOOST_TEST(write({{"a;b", "c,d"}}, ';') == "\"a;b\";c,d\n");
    BOOST_TEST(write({{"a", "b"}, {"c", "d"}}, '\t') == "a\tb\nc\td\n");
}

BOOST_AUTO_TEST_CASE(writer_neutralises_formula_injection) {
    BOOST_TEST(write({{"=1+2", "+SUM(A1)", "-cmd", "@HYPERLINK(x)", "\tx", "\rx", "a=b"}}) ==
               "'=1+2,'+SUM(A1),'-cmd,'@HYPERLINK(x),'\tx,\"'\rx\",a=b\n");
    // A formula holding a comma: apostrophe inside the quotes.
    BOOST_TEST(write({{"=HYPERLINK(\"http://x\",\"y\")"}}) == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n");
    // Plain numbers stay numbers.
    BOOST_TEST(write({{"-0.25", "+3", "-12", "1e-5", "-.5", "-1.5E+3"}}) == "-0.25,+3,-12,1e-5,-.5,-1.5E+3\n");
    // Not numbers: neutralised.
    BOOST_TEST(write({{"-", "-1-2", "-1e", "+44 20 7946 0000", "--1"}}) == "'-,'-1-2,'-1e,'+44 20 7946 0000,'--1\n");
    BOOST_TEST(csv::isPlainNumber("12"));
    BOOST_TEST(!csv::isPlainNumber("."));
    BOOST_TEST(!csv::isPlainNumber(""));
    BOOST_TEST(csv::neutralise("=x") == "'=x");
    // Switched off for our own round trips.
    std::ostringstream out;
    csv::Writer raw(out, ',', false);
    raw.row(std::vector<std::string>{"=x", "-y"});
    BOOST_TEST(out.str() == "=x,-y\n");
}

// What the writer neutralises the reader restores: identifiers beginning '=', '+', '-', '@' (and values that
// already begin with apostrophes) come back exactly, and a file from elsewhere may hold either form.
BOOST_AUTO_TEST_CASE(neutralised_cells_read_back_unchanged) {
    const std::vector<std::string> cells = {"=CP-001", "+44 20 7946 0000", "-Team East", "@worker", "'=x", "''+y",
                                            "'Brien",  "'",                "-0.25",      "\tx",     "a=b", "=HYPERLINK(\"x\",\"y\")"};
    const std::string text = write({{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"}, cells});
    BOOST_TEST(text.find("''=x,'''+y,'Brien,',-0.25") != std::string::npos);
    const auto t = csv::parse(text, "rt.csv");
    BOOST_REQUIRE(t.rows.size() == 1u);
    BOOST_TEST(t.rows[0] == cells, boost::test_tools::per_element());
    // Either form from others: with or without the apostrophe.
    const auto other = csv::parse("ref,team\n'=A1,@Team\n=A2,'@Team\n", "other.csv");
    BOOST_TEST(other.rows[0][0] == "=A1");
    BOOST_TEST(other.rows[1][0] == "=A2");
    BOOST_TEST(other.rows[0][1] == "@Team");
    BOOST_TEST(other.rows[1][1] == "@Team");
    // Switched off, the text is read as it stands.
    csv::Options raw;
    raw.restoreNeutralised = false;
    BOOST_TEST(csv::parse("ref\n'=A1\n", "raw.csv", raw).rows[0][0] == "'=A1");
    BOOST_TEST(std::string(csv::restoreNeutralised("'-x")) == "-x");
    BOOST_TEST(std::string(csv::restoreNeutralised("'-1")) == "'-1");  // -1 is a number: never neutralised
}

BOOST_AUTO_TEST_CASE(round_trip) {
    const std::vector<std::vector<std::string>> rows = {
        {"case_ref", "note", "score"},
        {"C1", "plain", "3"},
        {"C2", "comma, \"quote\" and\nnewline\r\nand CRLF", "-0.25"},
        {"C3", "", "É ü 日本"},
        {"C4", " spaced ", ";"},
    };
    for (char d : {',', ';', '\t'}) {
        auto t = csv::parse(write(rows, d), "rt.csv");
        BOOST_TEST(t.delimiter == d);
        BOOST_TEST(t.header == rows[0]);
        BOOST_REQUIRE(t.rows.size() == 4u);
        for (std::size_t i = 0; i < 4; ++i) BOOST_TEST(t.rows[i] == rows[i + 1]);
    }
}

BOOST_AUTO_TEST_CASE(write_file_is_atomic) {
    test::TempDir dir;
    const auto path = dir.file("out.csv");
    csv::writeFile(path, {"a", "b"}, {{"1", "=2"}, {"x,y", ""}});
    BOOST_TEST(test::readText(path) == "a,b\n1,'=2\n\"x,y\",\n");
    BOOST_TEST(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator{}) == 1);
    try {
        csv::writeFile(dir.file("no/such/folder/out.csv"), {"a"}, {});
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 73);
    }
}

BOOST_AUTO_TEST_CASE(reader_in_two_parts) {
    // Line 2: a field with an embedded line end; line 4 CRLF; line 5 a lone CR; line 6 empty; line 7 on.
    const std::string text = "ref;note\nC1;\"a\nb;\"\"c\"\"\"\nC2;x\r\nC3;y\rC4;z\n\nC5;w\nC6;v\n";
    csv::Reader whole(text, "in.csv");
    // A target inside the quoted field: the split is after that record, not at the line end inside it.
    const std::size_t inQuotes = text.find("a\nb");
    const std::size_t split = whole.splitPoint(inQuotes + 1);
    BOOST_TEST(split == text.find("C2"));
    BOOST_TEST(whole.splitPoint(text.find("C3") + 1) == text.find("C4"));       // after a lone CR
    BOOST_TEST(whole.splitPoint(text.find("x\r\n") + 1) == text.find("C3"));    // after CRLF, not between
    BOOST_TEST(whole.splitPoint(text.size() - 1) == text.size());
    BOOST_TEST(whole.splitPoint(text.size()) == text.size());

    const std::size_t mid = whole.splitPoint(text.find("C4") + 2);  // just before the empty line
    BOOST_TEST(mid == text.find("\n\nC5") + 1);
    auto second = whole.part(mid, text.size());
    whole.stopAt(mid);
    std::vector<std::string> refs;
    std::vector<std::size_t> lines;
    while (whole.next()) {
        refs.emplace_back(whole.fields()[0]);
        lines.push_back(whole.line());
    }
    BOOST_TEST(whole.position() == mid);
    while (second->next()) {
        refs.emplace_back(second->fields()[0]);
        lines.push_back(second->line());
    }
    BOOST_TEST(refs == (std::vector<std::string>{"C1", "C2", "C3", "C4", "C5", "C6"}));
    BOOST_TEST(lines == (std::vector<std::size_t>{2, 4, 5, 6, 8, 9}));
    BOOST_TEST(second->delimiter() == ';');
    BOOST_TEST(second->header() == whole.header());

    // An error in the second part names the same place as reading the whole input would.
    const std::string bad = "ref,note\nC1,a\nC2,b\nC3,c,extra\n";
    csv::Reader first(bad, "bad.csv");
    auto rest = first.part(first.splitPoint(bad.find("C2")), bad.size());
    try {
        while (rest->next()) {
        }
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(e.problems()[0].place == "line 4, column 6");
        BOOST_TEST(e.problems()[0].message.find("expected 2 as in the header") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(a_large_mapped_file_reads_as_its_text_does) {
    // A file of several of the reader's 2 MiB steps (its UTF-8 is checked and its pages given back a step at a
    // time), with a two-byte character across the first step's end and a quoted field with a line end:
    // read from the file, on one reader and in two parts, the records are those of the same text in memory.
    test::TempDir dir;
    std::string text = "ref,name,note\n";
    const std::size_t step = std::size_t(2) << 20;
    for (int i = 0; text.size() < 9 * step; ++i) {
        if (text.size() < step && text.size() + 40 >= step) {  // 'é' (C3 A9) with its first byte last in step 1
            text += "E1," + std::string(step - 1 - text.size() - 4, 'x') + ",\xC3\xA9\n";
            continue;
        }
        text += "C" + std::to_string(i) + ",Name " + std::to_string(i % 977) + (i % 1000 == 0 ? ",\"two\nlines\"\n" : ",plain\n");
    }
    BOOST_REQUIRE(text.compare(step - 1, 2, "\xC3\xA9") == 0);
    const auto path = dir.file("large.csv");
    test::writeText(path, text);
    auto records = [](csv::Reader& r) {
        std::vector<std::string> out;
        while (r.next()) out.push_back(std::to_string(r.line()) + ":" + std::string(r.fields()[0]) + "|" +
                                       std::string(r.fields()[1]) + "|" + std::string(r.fields()[2]));
        return out;
    };
    csv::Reader inMemory(text, "large.csv");
    const auto expected = records(inMemory);
    auto mapped = csv::Reader::open(path);
    BOOST_TEST((records(*mapped) == expected));
    auto first = csv::Reader::open(path);
    const std::size_t mid = first->splitPoint(text.size() / 2);
    auto second = first->part(mid, text.size());
    first->stopAt(mid);
    auto both = records(*first);
    const auto rest = records(*second);
    both.insert(both.end(), rest.begin(), rest.end());
    BOOST_TEST(first->position() == mid);
    BOOST_TEST((both == expected));

    // A bad byte several steps in (in the second half of the file) is found, at its line and column.
    std::string bad = text;
    const std::size_t at = bad.find("\nC", 5 * step) + 1;
    bad[at + 1] = '\xFF';
    test::writeText(path, bad);
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(bad.begin(), bad.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    test::expectError([&] { csv::Reader::open(path); }, ErrorKind::Data,
                      {"line " + std::to_string(line) + ", column 2", "invalid UTF-8 (byte 0xFF)"});
    // A file over 16 MiB is checked in two halves at once: with a bad byte in each, the first is the one named.
    const std::size_t early = bad.find("\nC", step) + 1;
    bad[early + 1] = '\xFE';
    test::writeText(path, bad);
    const std::size_t earlyLine = 1 + static_cast<std::size_t>(std::count(bad.begin(), bad.begin() + static_cast<std::ptrdiff_t>(early), '\n'));
    test::expectError([&] { csv::Reader::open(path); }, ErrorKind::Data,
                      {"line " + std::to_string(earlyLine) + ", column 2", "invalid UTF-8 (byte 0xFE)"});
}

BOOST_AUTO_TEST_CASE(windows_1252_read_when_asked) {
    test::TempDir dir;
    // Excel's plain CSV save on a UK machine: é (0xE9), a right single quote (0x92), the euro sign (0x80).
    test::writeText(dir.file("w.csv"), "name,note\nRen\xE9\x92s,\x80 5\n");
    csv::Options o;
    o.acceptWindows1252 = true;
    auto r = csv::Reader::open(dir.file("w.csv"), o);
    BOOST_TEST(r->encoding() == "Windows-1252");
    BOOST_REQUIRE(r->next());
    BOOST_TEST(std::string(r->fields()[0]) == "Ren\xC3\xA9\xE2\x80\x99s");
    BOOST_TEST(std::string(r->fields()[1]) == "\xE2\x82\xAC 5");
    // Not asked: refused as before. UTF-8 input: said so.
    BOOST_CHECK_THROW(csv::Reader::open(dir.file("w.csv")), Error);
    test::writeText(dir.file("u.csv"), "name\nRen\xC3\xA9\n");
    BOOST_TEST(csv::Reader::open(dir.file("u.csv"), o)->encoding() == "UTF-8");
    // A byte Windows-1252 leaves undefined (0x81) is not Windows-1252 text.
    BOOST_TEST(!csv::windows1252ToUtf8("a\x81").has_value());
}

BOOST_AUTO_TEST_CASE(header_below_title_lines_and_ragged_records) {
    // A title line of one cell, a blank line, then the header on line 3: the title is skipped unchecked and
    // the delimiter is found on the first line that holds one (here ';').
    const std::string text = "Open cases at 31 March\n\ncase_ref;team\nC1;North\nC2;South\n";
    csv::Options o;
    o.headerLine = 3;
    csv::Reader r(text, "t.csv", o);
    BOOST_TEST(r.delimiter() == ';');
    BOOST_TEST(r.header() == (std::vector<std::string>{"case_ref", "team"}));
    BOOST_TEST(r.next());
    BOOST_TEST(r.line() == 4u);
    BOOST_TEST(std::string(r.fields()[1]) == "North");
    // Without headerLine the one-cell title is the header and the next record is refused.
    csv::Reader plain(text, "t.csv");
    BOOST_CHECK_THROW(plain.next(), audit::Error);
    // Ragged: records of any length, no check.
    csv::Options rg;
    rg.header = false;
    rg.ragged = true;
    csv::Reader rr(text, "t.csv", rg);
    std::vector<std::size_t> widths;
    while (rr.next()) widths.push_back(rr.fields().size());
    BOOST_TEST(widths == (std::vector<std::size_t>{1, 2, 2, 2}));
    // A header line past the end of the input is an error naming it.
    csv::Options far;
    far.headerLine = 9;
    BOOST_CHECK_THROW(csv::Reader(text, "t.csv", far), audit::Error);
}
