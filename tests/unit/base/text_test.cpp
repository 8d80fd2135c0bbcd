#include <boost/test/unit_test.hpp>

#include <cctype>

#include "audit/base/text.h"

using namespace audit;

BOOST_AUTO_TEST_CASE(trim_takes_white_space_from_both_ends_only) {
    BOOST_TEST(text::trim(" \t Good \r\n") == "Good");
    BOOST_TEST(text::trim("Requires  improvement") == "Requires  improvement");
    BOOST_TEST(text::trim(" \v\f ").empty());
    BOOST_TEST(text::trim("").empty());
    BOOST_TEST(text::trimmed("  C1001 ") == "C1001");
    for (int c = 0; c < 256; ++c)
        BOOST_TEST(text::isSpace(static_cast<char>(c)) == (std::isspace(c) != 0), "byte " << c);
}

BOOST_AUTO_TEST_CASE(trim_blanks_keeps_line_ends) {
    BOOST_TEST(text::trimBlanks(" \tC1001\t ") == "C1001");
    BOOST_TEST(text::trimBlanks("a\r\n") == "a\r\n");
    BOOST_TEST(text::trimBlanks("\na ") == "\na");
}

BOOST_AUTO_TEST_CASE(lower_is_ascii_only) {
    BOOST_TEST(text::lower("Over-Generous RI") == "over-generous ri");
    BOOST_TEST(text::lower("\xC3\x89TAT") == "\xC3\x89tat");  // É left as it is, ASCII lowered
    BOOST_TEST(text::lower("").empty());
}

BOOST_AUTO_TEST_CASE(html_escape_makes_text_safe_in_content_and_attributes) {
    BOOST_TEST(audit::text::htmlEscape("<a href=\"x\" title='y'>&</a>") ==
               "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    BOOST_TEST(audit::text::htmlEscape("plain, é") == "plain, é");
}
