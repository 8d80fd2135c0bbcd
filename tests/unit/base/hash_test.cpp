#include <boost/test/unit_test.hpp>

#include <string>

#include "audit/base/error.h"
#include "audit/base/hash.h"
#include "test_support.h"

using namespace audit;

// FIPS 180-2 test vectors.
BOOST_AUTO_TEST_CASE(sha256_of_known_strings) {
    BOOST_TEST(sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    BOOST_TEST(sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    BOOST_TEST(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
               "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

BOOST_AUTO_TEST_CASE(sha256_of_a_file_matches_the_string_and_crosses_chunks) {
    test::TempDir dir;
    std::string big(1'000'000, 'a');  // longer than one read chunk
    test::writeText(dir.file("a.txt"), big);
    BOOST_TEST(sha256File(dir.file("a.txt")) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    test::writeText(dir.file("abc.txt"), "abc");
    BOOST_TEST(sha256File(dir.file("abc.txt")) == sha256("abc"));
}

BOOST_AUTO_TEST_CASE(sha256_of_a_missing_file_names_it) {
    try {
        sha256File("/nonexistent/returns/C1.xlsx");
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 66);
        BOOST_TEST(std::string(e.what()) == "/nonexistent/returns/C1.xlsx: no such file");
    }
    test::TempDir dir;
    BOOST_CHECK_THROW(sha256File(dir.path()), Error);
}

// A returned form is read once: its bytes hashed, then parsed (audit-score import). The same errors as sha256File.
BOOST_AUTO_TEST_CASE(a_whole_file_is_read_in_one_go) {
    test::TempDir dir;
    std::string bytes(200'000, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7);
    test::writeText(dir.file("form.xlsx"), bytes);
    BOOST_TEST(readWholeFile(dir.file("form.xlsx")) == bytes);
    BOOST_TEST(sha256(readWholeFile(dir.file("form.xlsx"))) == sha256File(dir.file("form.xlsx")));
    test::writeText(dir.file("empty.xlsx"), "");
    BOOST_TEST(readWholeFile(dir.file("empty.xlsx")).empty());
    try {
        readWholeFile(dir.file("none.xlsx"));
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 66);
        BOOST_TEST(std::string(e.what()) == dir.file("none.xlsx") + ": no such file");
    }
    BOOST_CHECK_THROW(readWholeFile(dir.path()), Error);
}
